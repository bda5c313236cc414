"""A dataset's Frictionless descriptor, read property by property.

Every property of Data Resource, Table Schema and CSV Dialect (v1, and v2's
``type: table``, ``fieldsMatch``, ``uniqueKeys``, ``headerRows``…) is either
honoured or refused with one sentence naming the descriptor's line and what to
write instead: nothing is ignored in silence. The result is a ``Layout``, what
the CSV reader needs, with the line of each property for later errors.
"""

from __future__ import annotations

import codecs
import datetime
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import EditorError, choices

# Table Schema v1 types and their formats ("default" is always allowed).
TYPES = {
    "string": ("email", "uri", "binary", "uuid", "wkt"),  # wkt: frictionless' addition, read as it does
    "number": (),
    "integer": (),
    "boolean": (),
    "object": (),
    "array": (),
    "date": ("any",),
    "time": ("any",),
    "datetime": ("any",),
    "year": (),
    "yearmonth": (),
    "duration": (),
    "geopoint": ("array", "object"),
    "geojson": ("topojson",),
    "any": (),
}
PATTERN_FORMATS = ("date", "time", "datetime")  # also take a strptime pattern
NUMERIC = ("number", "integer")
ORDERED = ("number", "integer", "date", "time", "datetime", "year", "yearmonth")
LENGTHY = ("string", "array", "object")
RESOURCE_KEYS = (
    "name", "path", "data", "type", "$schema", "profile", "title", "description", "homepage",
    "sources", "licenses", "format", "mediatype", "encoding", "bytes", "hash", "dialect", "schema",
    "keywords", "created", "version", "contributors",
    "updates",  # ours: the corrections log (read_updates)
)  # fmt: skip
SCHEMA_KEYS = (
    "fields", "missingValues", "primaryKey", "foreignKeys", "uniqueKeys", "fieldsMatch",
    "$schema", "profile", "name", "title", "description",
)  # fmt: skip
FIELD_KEYS = (
    "name", "type", "format", "title", "description", "example", "rdfType", "constraints",
    "missingValues", "unit", "decimalChar", "groupChar", "bareNumber", "trueValues",
    "falseValues", "categories", "categoriesOrdered",
)  # fmt: skip
# A property that only some types have.
TYPED_KEYS = {
    "decimalChar": ("number",),
    "groupChar": NUMERIC,
    "bareNumber": NUMERIC,
    "trueValues": ("boolean",),
    "falseValues": ("boolean",),
    "categories": ("string", "integer"),
    "categoriesOrdered": ("string", "integer"),
}
CONSTRAINTS = {
    "required": None,
    "unique": None,
    "enum": None,
    "pattern": None,
    "minLength": LENGTHY,
    "maxLength": LENGTHY,
    "minimum": ORDERED,
    "maximum": ORDERED,
    "exclusiveMinimum": ORDERED,
    "exclusiveMaximum": ORDERED,
}
DIALECT_KEYS = (
    "delimiter", "lineTerminator", "quoteChar", "doubleQuote", "escapeChar", "nullSequence",
    "skipInitialSpace", "header", "headerRows", "headerJoin", "commentChar", "commentRows",
    "caseSensitiveHeader", "csvddfVersion", "$schema",
)  # fmt: skip
FIELDS_MATCH = ("exact", "equal", "subset", "superset", "partial")
NAME_RE = re.compile(r"^[-a-z0-9._/]+$")
HASHES = {"md5": 32, "sha1": 40, "sha256": 64, "sha512": 128}


@dataclass
class FieldSpec:
    name: str
    type: str = "string"
    format: str = "default"
    line: int | None = None
    title: str | None = None
    description: str | None = None
    unit: str | None = None
    decimal_char: str = "."
    group_char: str | None = None
    bare_number: bool = True
    true_values: tuple = ("true", "True", "TRUE", "1")
    false_values: tuple = ("false", "False", "FALSE", "0")
    missing: tuple | None = None  # the field's own missingValues (v2)
    constraints: dict = field(default_factory=dict)
    constraint_lines: dict = field(default_factory=dict)


@dataclass
class Dialect:
    delimiter: str | None = None  # None: not declared (a « ; » file is then refused)
    quote_char: str = '"'
    double_quote: bool = True
    escape_char: str | None = None
    skip_initial_space: bool = False
    null_sequence: str | None = None
    header_rows: tuple = (1,)
    header_join: str = " "
    comment_char: str | None = None
    comment_rows: tuple = ()
    case_sensitive_header: bool = True


@dataclass
class Layout:
    encoding: str = "utf-8"
    encoding_line: int | None = None
    dialect: Dialect = field(default_factory=Dialect)
    fields: list[FieldSpec] = field(default_factory=list)
    missing: tuple = ("",)
    primary_key: tuple = ()
    unique_keys: list[tuple] = field(default_factory=list)
    foreign_keys: list[tuple] = field(default_factory=list)  # (fields, reference fields) in this file
    keys_line: dict = field(default_factory=dict)
    fields_match: str = "exact"
    declared_bytes: int | None = None
    declared_hash: tuple | None = None  # (algorithm, hex digest)
    lines: dict = field(default_factory=dict)  # resource property -> line
    updates: tuple = ()  # the corrections log (Update), oldest first


def _line(mapping, key):
    return mapping.line_of(key) if hasattr(mapping, "line_of") else None


class _Reader:
    """Reads one descriptor; every refusal names its file and line."""

    def __init__(self, path: str, csv_name: str):
        self.path = path
        self.csv_name = csv_name

    def fail(self, message: str, mapping=None, key=None):
        raise EditorError(message, self.path, _line(mapping, key) if key is not None else None)

    def keys(self, mapping, valid, what):
        for key in mapping:
            if key not in valid:
                self.fail(f"clé « {key} » inconnue {what} ; clés possibles : {choices(str(key), valid)}", mapping, key)

    def text(self, mapping, key, what="un texte"):
        value = mapping[key]
        if not isinstance(value, str) or isinstance(value, bool):
            self.fail(f"« {key} » ne peut pas valoir « {value} » ; donnez-lui {what}", mapping, key)
        return value

    def char(self, mapping, key):
        value = mapping[key]
        if not isinstance(value, str) or len(value) != 1:
            self.fail(
                f"« {key} » ne peut pas valoir « {value} » ; donnez-lui un seul caractère, entre guillemets",
                mapping,
                key,
            )
        return value

    def flag(self, mapping, key):
        value = mapping[key]
        if not isinstance(value, bool):
            self.fail(f"« {key} » ne peut pas valoir « {value} » ; écrivez true ou false", mapping, key)
        return value

    def strings(self, mapping, key, example):
        value = mapping[key]
        if isinstance(value, str) or not isinstance(value, list):
            self.fail(
                f"« {key} » doit être une liste ; écrivez-la entre crochets, par exemple {key}: {example}", mapping, key
            )
        out = []
        for item in value:
            if isinstance(item, dict) and "value" in item:  # v2: {value: NA, label: …}
                item = item["value"]
            if isinstance(item, (dict, list)) or item is None:
                self.fail(f"« {key} » : « {item} » n'est pas une valeur ; par exemple {key}: {example}", mapping, key)
            out.append(str(item).lower() if isinstance(item, bool) else str(item))
        return tuple(out)

    def names(self, mapping, key):
        value = mapping[key]
        if isinstance(value, str):
            return (value,)
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            return tuple(value)
        self.fail(
            f"« {key} » ne peut pas valoir « {value} » ; donnez un nom de colonne ou une liste de noms", mapping, key
        )


def read_layout(descriptor: dict, path: str, csv_path: Path, raw: bytes) -> Layout:
    reader = _Reader(path, csv_path.name)
    reader.keys(descriptor, RESOURCE_KEYS, "du descripteur")
    layout = Layout(lines={key: _line(descriptor, key) for key in descriptor})
    d = descriptor
    if "name" in d and not NAME_RE.match(reader.text(d, "name")):
        reader.fail(
            f"« name: {d['name']} » n'est pas un nom Frictionless ; "
            "n'y mettez que minuscules, chiffres, « - », « . » et « _ »",
            d,
            "name",
        )
    if "path" in d:
        paths = d["path"] if isinstance(d["path"], list) else [d["path"]]
        if paths != [csv_path.name]:
            reader.fail(
                f"« path » doit valoir « {csv_path.name} » (ce descripteur décrit data/{csv_path.name}) ; "
                "corrigez-le ou retirez la ligne",
                d,
                "path",
            )
    if "data" in d:
        reader.fail(
            f"les données se lisent dans data/{csv_path.name}, pas dans le descripteur ; retirez « data: »", d, "data"
        )
    if "type" in d and d["type"] != "table":
        reader.fail(
            f"« type: {d['type']} » ne décrit pas un tableau CSV ; écrivez « type: table » ou retirez la ligne",
            d,
            "type",
        )
    for key in ("$schema", "profile"):
        if key in d:
            value = reader.text(d, key)
            # v1 names a profile (tabular-data-resource), v2 a URL (…/profiles/2.0/dataresource.json)
            last = value.rstrip("/").rsplit("/", 1)[-1].removesuffix(".json").replace("-", "")
            if last not in ("dataresource", "tabulardataresource"):
                reader.fail(
                    f"« {key}: {value} » ne décrit pas un CSV ; "
                    f"écrivez « {key}: tabular-data-resource » ou retirez la ligne",
                    d,
                    key,
                )
            if last == "tabulardataresource" and "schema" not in d:
                reader.fail(f"« {key}: {value} » demande un schéma ; ajoutez « schema: fields: … »", d, key)
    for key in ("title", "description", "homepage", "created", "version"):
        if (key in d and not isinstance(d[key], (str, int, float))) or (key in d and isinstance(d[key], bool)):
            reader.fail(
                f"« {key} » doit être un texte ; écrivez-le sur la ligne, entre guillemets s'il le faut", d, key
            )
    for key in ("sources", "licenses", "contributors", "keywords"):
        if key in d and not isinstance(d[key], list):
            reader.fail(
                f"« {key} » doit être une liste ; écrivez chaque élément sur une ligne commençant par « - »", d, key
            )
    delimiter = None
    if "format" in d:
        fmt = reader.text(d, "format").lower()
        if fmt not in ("csv", "tsv"):
            reader.fail(
                f"« format: {fmt} » : seuls les fichiers csv et tsv se lisent ; enregistrez-le en CSV", d, "format"
            )
        delimiter = "\t" if fmt == "tsv" else None
    if "mediatype" in d:
        media = reader.text(d, "mediatype")
        known = {"text/csv": None, "application/csv": None, "text/tab-separated-values": "\t"}
        if media not in known:
            reader.fail(f"« mediatype: {media} » ; valeurs possibles : {choices(media, known)}", d, "mediatype")
        delimiter = known[media] or delimiter
    if "encoding" in d:
        layout.encoding = _encoding(reader, d)
        layout.encoding_line = _line(d, "encoding")
    if "bytes" in d:
        if not isinstance(d["bytes"], int) or isinstance(d["bytes"], bool):
            reader.fail(
                f"« bytes » ne peut pas valoir « {d['bytes']} » ; "
                "donnez un nombre entier d'octets, ou retirez la ligne",
                d,
                "bytes",
            )
        layout.declared_bytes = int(d["bytes"])
    if "hash" in d:
        algorithm, _, digest = reader.text(d, "hash").rpartition(":")
        algorithm = algorithm or "md5"
        if HASHES.get(algorithm) != len(digest) or not re.fullmatch(r"[0-9a-fA-F]+", digest):
            reader.fail(
                f"« hash: {d['hash']} » illisible ; écrivez une empreinte md5, ou « sha256:… » "
                f"(algorithmes possibles : {', '.join(HASHES)})",
                d,
                "hash",
            )
        layout.declared_hash = (algorithm, digest.lower())
    if "updates" in d:
        layout.updates = read_updates(d, path)
    layout.dialect = _dialect(reader, d, delimiter)
    if "schema" in d:
        _schema(reader, d, layout)
    return layout


@dataclass(frozen=True)
class Update:
    """One entry of a dataset's corrections log: when its data changed, and what."""

    date: datetime.date
    note: str


UPDATE_EXAMPLE = '- {date: 2026-11-30, note: "Chiffres 2016 corrigés par l\'enquête définitive."}'


def read_updates(descriptor: dict, path: str) -> tuple[Update, ...]:
    """``updates:``, our addition to Data Resource: the dataset's corrections
    log, each entry a date (year-month-day) and a note saying what changed.
    Written by the editor, so the same input always gives the same pages (no
    git history, no file dates). Oldest first."""
    reader = _Reader(path, "")
    entries = descriptor["updates"]
    if not isinstance(entries, list):
        reader.fail(
            f"« updates » doit être une liste, une mise à jour par ligne ; {UPDATE_EXAMPLE}", descriptor, "updates"
        )
    updates = []
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            reader.fail(
                f"la mise à jour n° {number} de « updates » doit donner une date et une note ; {UPDATE_EXAMPLE}",
                descriptor,
                "updates",
            )
        reader.keys(entry, ("date", "note"), f"dans la mise à jour n° {number} de « updates »")
        first = next(iter(entry), None)
        if "date" not in entry:
            reader.fail(
                "mise à jour sans date ; ajoutez « date: 2026-11-30 » (année-mois-jour) à côté de sa note", entry, first
            )
        when = entry["date"]
        if isinstance(when, datetime.datetime):
            when = when.date()
        if not isinstance(when, datetime.date):
            reader.fail(
                f"« date: {when} » n'est pas une date du calendrier ; écrivez-la année-mois-jour, "
                "par exemple date: 2026-11-30",
                entry,
                "date",
            )
        note = entry.get("note")
        if not isinstance(note, str) or not note.strip():
            reader.fail(
                f"la mise à jour du {when.isoformat()} n'a pas de note ; dites aux lecteurs ce qui a changé, "
                'par exemple note: "Chiffres 2016 corrigés."',
                entry,
                "note" if "note" in entry else "date",
            )
        updates.append(Update(when, " ".join(note.split())))
    return tuple(sorted(updates, key=lambda u: u.date))


@dataclass(frozen=True)
class DatasetUpdates:
    name: str
    title: str
    updates: tuple[Update, ...] = ()


def dataset_updates(name: str, data_dir: Path, real_dir: str | None = None) -> DatasetUpdates:
    """A dataset's title and corrections log, read without its data (no pandas).
    ``real_dir``: as for ``resolve_dataset``."""
    from .datapaths import inside, resolve_dataset
    from .yamlsrc import load_yaml

    real_dir = real_dir or os.path.realpath(data_dir)
    try:
        csv_path = resolve_dataset(name, data_dir, real_dir)  # never a file outside data/
    except EditorError:
        return DatasetUpdates(name, name)  # loading the dataset says why
    desc_path = csv_path.with_name(f"{csv_path.stem}.resource.yaml")
    if not desc_path.is_file() or not inside(os.path.realpath(desc_path), real_dir):
        return DatasetUpdates(name, name)
    shown = f"data/{desc_path.name}"
    descriptor = load_yaml(desc_path.read_text(encoding="utf-8-sig"), shown)
    if not isinstance(descriptor, dict):
        return DatasetUpdates(name, name)  # loading the dataset says why
    updates = read_updates(descriptor, shown) if "updates" in descriptor else ()
    return DatasetUpdates(name, str(descriptor.get("title") or name), updates)


def _encoding(reader: _Reader, d) -> str:
    name = str(d["encoding"])
    try:
        b"".decode(name)
        info = codecs.lookup(name)
    except LookupError:
        reader.fail(
            f"encodage « {name} » inconnu ; encodages courants : "
            + choices(name.lower(), ["utf-8", "iso-8859-1", "cp1252", "utf-16", "iso-8859-15", "mac-roman"]),
            d,
            "encoding",
        )
    return info.name


def _as_mapping(reader: _Reader, d, key, what):
    value = d[key]
    if isinstance(value, str):
        reader.fail(
            f"« {key}: {value} » : un {what} donné comme fichier ou adresse n'est pas lu ; recopiez son "
            f"contenu dans le descripteur, sous « {key}: » (indenté de deux espaces)",
            d,
            key,
        )
    if value is None:
        return {}
    if not isinstance(value, dict):
        reader.fail(f"« {key} » doit contenir des clés ; indentez-les de deux espaces sous « {key}: »", d, key)
    return value


def _dialect(reader: _Reader, d, delimiter) -> Dialect:
    dialect = Dialect(delimiter=delimiter)
    if "dialect" not in d:
        return dialect
    m = _as_mapping(reader, d, "dialect", "dialecte")
    reader.keys(m, DIALECT_KEYS, "dans dialect")
    if "delimiter" in m:
        dialect.delimiter = reader.char(m, "delimiter")
    if "quoteChar" in m:
        dialect.quote_char = reader.char(m, "quoteChar")
    if "escapeChar" in m:
        dialect.escape_char = reader.char(m, "escapeChar")
    if "commentChar" in m:
        dialect.comment_char = reader.char(m, "commentChar")
    for key, attr in (
        ("doubleQuote", "double_quote"),
        ("skipInitialSpace", "skip_initial_space"),
        ("caseSensitiveHeader", "case_sensitive_header"),
    ):
        if key in m:
            setattr(dialect, attr, reader.flag(m, key))
    if "lineTerminator" in m and m["lineTerminator"] not in ("\r\n", "\n", "\r"):
        reader.fail(
            '« lineTerminator » invalide ; seuls "\\r\\n", "\\n" et "\\r" terminent une ligne de CSV',
            m,
            "lineTerminator",
        )
    if "nullSequence" in m:
        dialect.null_sequence = reader.text(m, "nullSequence")
    if "headerJoin" in m:
        dialect.header_join = reader.text(m, "headerJoin")
    if "csvddfVersion" in m and str(m["csvddfVersion"]) not in ("1.0", "1.1", "1.2", "1", "2.0"):
        reader.fail(
            f"« csvddfVersion: {m['csvddfVersion']} » inconnue ; versions possibles : 1.0, 1.2", m, "csvddfVersion"
        )
    if "$schema" in m:
        reader.text(m, "$schema")
    if "header" in m and not reader.flag(m, "header"):
        dialect.header_rows = ()
    for key in ("headerRows", "commentRows"):
        if key in m:
            rows = m[key]
            if not isinstance(rows, list) or not all(
                isinstance(r, int) and not isinstance(r, bool) and r > 0 for r in rows
            ):
                reader.fail(
                    f"« {key} » doit être une liste de numéros de ligne ; écrivez par exemple {key}: [1]", m, key
                )
            if key == "headerRows":
                if "header" in m and m["header"] is False and rows:
                    reader.fail("« header: false » et « headerRows » se contredisent ; gardez l'un des deux", m, key)
                dialect.header_rows = tuple(sorted(set(rows)))
            else:
                dialect.comment_rows = tuple(sorted(set(rows)))
    return dialect


def _schema(reader: _Reader, d, layout: Layout) -> None:
    s = _as_mapping(reader, d, "schema", "schéma")
    reader.keys(s, SCHEMA_KEYS, "dans schema")
    if "missingValues" in s:
        layout.missing = reader.strings(s, "missingValues", '["", "NA"]')
    if "fieldsMatch" in s:
        match = reader.text(s, "fieldsMatch")
        if match not in FIELDS_MATCH:
            reader.fail(
                f"« fieldsMatch: {match} » ; valeurs possibles : {choices(match, FIELDS_MATCH)}", s, "fieldsMatch"
            )
        layout.fields_match = match
    for key in ("$schema", "profile"):
        if key in s and "tableschema" not in str(s[key]).replace("-", "").replace("_", ""):
            reader.fail(
                f"« {key}: {s[key]} » ne décrit pas un schéma de tableau ; "
                "écrivez une adresse qui contient « tableschema », ou retirez la ligne",
                s,
                key,
            )
    fields = s.get("fields")
    if "fields" in s and (not isinstance(fields, list) or not fields):
        reader.fail(
            "« fields » doit être la liste des colonnes ; écrivez chacune sur une ligne commençant par « - »",
            s,
            "fields",
        )
    seen = set()
    for spec in fields or []:
        parsed = _field(reader, spec, s)
        if parsed.name in seen:
            reader.fail(
                f"la colonne « {parsed.name} » est décrite deux fois dans fields ; gardez une seule description",
                spec,
                "name",
            )
        seen.add(parsed.name)
        layout.fields.append(parsed)
    names = [f.name for f in layout.fields]
    if "primaryKey" in s:
        layout.primary_key = _known(reader, s, "primaryKey", names)
        layout.keys_line["primaryKey"] = _line(s, "primaryKey")
    if "uniqueKeys" in s:
        if not isinstance(s["uniqueKeys"], list):
            reader.fail(
                "« uniqueKeys » doit être une liste de listes de colonnes ; écrivez par exemple [[a, b]]",
                s,
                "uniqueKeys",
            )
        for key in s["uniqueKeys"]:
            layout.unique_keys.append(_known(reader, {"uniqueKeys": key, **{}}, "uniqueKeys", names, s))
        layout.keys_line["uniqueKeys"] = _line(s, "uniqueKeys")
    if "foreignKeys" in s:
        _foreign_keys(reader, s, layout, names)


def _known(reader, mapping, key, names, parent=None):
    found = reader.names(mapping, key) if parent is None else _names_of(reader, mapping[key], parent, key)
    for name in found:
        if name not in names:
            reader.fail(
                f"« {key} » nomme une colonne « {name} » que fields ne décrit pas ; colonnes : {choices(name, names)}",
                parent if parent is not None else mapping,
                key,
            )
    return found


def _names_of(reader, value, parent, key):
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return tuple(value)
    reader.fail(
        f"« {key} » : « {value} » n'est pas une liste de noms de colonnes ; "
        "écrivez-la entre crochets, par exemple [a, b]",
        parent,
        key,
    )


def _foreign_keys(reader, s, layout, names):
    keys = s["foreignKeys"]
    if not isinstance(keys, list):
        reader.fail(
            "« foreignKeys » doit être une liste ; écrivez chaque clé sur une ligne commençant par « - »",
            s,
            "foreignKeys",
        )
    for key in keys:
        if (
            not isinstance(key, dict)
            or set(key) - {"fields", "reference"}
            or not isinstance(key.get("reference"), dict)
        ):
            reader.fail(
                "une clé de foreignKeys est incomplète ; donnez-lui fields et reference (resource, fields)",
                s,
                "foreignKeys",
            )
        ref = key["reference"]
        if ref.get("resource", "") not in ("", None) or set(ref) - {"resource", "fields"}:
            reader.fail(
                "« foreignKeys » vers un autre fichier n'est pas vérifiable ici : seule une référence au même "
                'fichier (resource: "") se contrôle ; retirez-la',
                s,
                "foreignKeys",
            )
        own = _names_of(reader, key.get("fields"), s, "foreignKeys")
        target = _names_of(reader, ref.get("fields"), s, "foreignKeys")
        for name in (*own, *target):
            if name not in names:
                reader.fail(
                    f"« foreignKeys » nomme une colonne « {name} » inconnue ; colonnes : {choices(name, names)}",
                    s,
                    "foreignKeys",
                )
        if len(own) != len(target):
            reader.fail(
                "dans « foreignKeys », fields et reference.fields n'ont pas autant de colonnes ; "
                "nommez-en autant des deux côtés",
                s,
                "foreignKeys",
            )
        layout.foreign_keys.append((own, target))
    layout.keys_line["foreignKeys"] = _line(s, "foreignKeys")


def _field(reader: _Reader, spec, schema) -> FieldSpec:
    if not isinstance(spec, dict):
        reader.fail(f"une colonne de fields ne peut pas être « {spec} » ; écrivez-la « - name: … »", schema, "fields")
    reader.keys(spec, FIELD_KEYS, f"pour la colonne « {spec.get('name', '?')} »")
    if "name" not in spec:
        where, key = (spec, next(iter(spec))) if spec else (schema, "fields")
        reader.fail(
            "une colonne de fields n'a pas de « name: » ; chaque colonne commence par « - name: … »", where, key
        )
    name = spec["name"]
    name = str(name) if isinstance(name, int) and not isinstance(name, bool) else reader.text(spec, "name")
    f = FieldSpec(name=name, line=_line(spec, "name"))
    if "type" in spec:
        kind = spec["type"]
        if kind not in TYPES:
            reader.fail(
                f"type « {kind} » inconnu pour la colonne « {name} » ; types possibles : {choices(str(kind), TYPES)}",
                spec,
                "type",
            )
        f.type = kind
    if "format" in spec:
        fmt = reader.text(spec, "format")
        if f.type in PATTERN_FORMATS and fmt.startswith("fmt:"):
            fmt = fmt[4:]  # the pattern's older spelling, which frictionless still reads
        allowed = ("default", *TYPES[f.type])
        if fmt not in allowed and not (f.type in PATTERN_FORMATS and "%" in fmt):
            hint = ' ou un modèle comme "%d/%m/%Y"' if f.type in PATTERN_FORMATS else ""
            reader.fail(
                f"format « {fmt} » inconnu pour une colonne {f.type} ; "
                f"formats possibles : {choices(fmt, allowed)}{hint}",
                spec,
                "format",
            )
        f.format = fmt
    for key in ("title", "description", "unit"):
        if key in spec:
            setattr(f, key, str(spec[key]))
    for key, types in TYPED_KEYS.items():
        if key in spec and f.type not in types:
            reader.fail(
                f"« {key} » ne s'applique qu'aux colonnes {' ou '.join(types)} (« {name} » est {f.type}) ; "
                "retirez-la ou changez le type",
                spec,
                key,
            )
    if "decimalChar" in spec:
        f.decimal_char = reader.text(spec, "decimalChar")
    if "groupChar" in spec:
        f.group_char = reader.text(spec, "groupChar")
        if f.group_char == f.decimal_char:
            reader.fail(
                "« groupChar » et « decimalChar » sont le même caractère ; donnez-leur deux caractères différents",
                spec,
                "groupChar",
            )
    if "bareNumber" in spec:
        f.bare_number = reader.flag(spec, "bareNumber")
    if "trueValues" in spec:
        f.true_values = reader.strings(spec, "trueValues", '["oui"]')
    if "falseValues" in spec:
        f.false_values = reader.strings(spec, "falseValues", '["non"]')
    if set(f.true_values) & set(f.false_values):
        reader.fail(
            "une même valeur est dans trueValues et falseValues ; retirez-la de l'une des deux listes",
            spec,
            "trueValues" if "trueValues" in spec else "falseValues",
        )
    if "missingValues" in spec:
        f.missing = reader.strings(spec, "missingValues", '["", "NA"]')
    if "categories" in spec:
        cats = spec["categories"]
        if not isinstance(cats, list) or not cats:
            reader.fail(
                "« categories » doit être une liste de valeurs ; écrivez-la entre crochets, par exemple [a, b]",
                spec,
                "categories",
            )
        values = [c["value"] if isinstance(c, dict) and "value" in c else c for c in cats]
        f.constraints["enum"] = values
        f.constraint_lines["enum"] = _line(spec, "categories")
    if "categoriesOrdered" in spec:
        reader.flag(spec, "categoriesOrdered")
    if "constraints" in spec:
        c = spec["constraints"]
        if not isinstance(c, dict):
            reader.fail(
                "« constraints » doit contenir des clés ; écrivez par exemple constraints: {required: true}",
                spec,
                "constraints",
            )
        reader.keys(c, CONSTRAINTS, f"dans les contraintes de « {name} »")
        for key, value in c.items():
            types = CONSTRAINTS[key]
            if types and f.type not in types:
                reader.fail(
                    f"la contrainte « {key} » ne s'applique qu'aux colonnes {', '.join(types)} "
                    f"(« {name} » est {f.type}) ; retirez-la, ou changez le type de la colonne",
                    c,
                    key,
                )
            if key in ("required", "unique") and not isinstance(value, bool):
                reader.fail(f"« {key} » ne peut pas valoir « {value} » ; écrivez true ou false", c, key)
            if key in ("minLength", "maxLength") and (
                not isinstance(value, int) or isinstance(value, bool) or value < 0
            ):
                reader.fail(f"« {key} » ne peut pas valoir « {value} » ; donnez un nombre entier de caractères", c, key)
            if key == "enum" and (not isinstance(value, list) or not value):
                reader.fail(
                    "« enum » doit être une liste ; "
                    "écrivez les valeurs permises entre crochets, par exemple enum: [a, b]",
                    c,
                    key,
                )
            if key == "pattern":
                try:
                    re.compile(reader.text(c, key))
                except re.error as exc:
                    reader.fail(f"« pattern » n'est pas une expression régulière valide ({exc}) ; corrigez-la", c, key)
            f.constraints[key] = value
            f.constraint_lines[key] = _line(c, key)
    return f
