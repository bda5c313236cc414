"""Load a dataset: ``data/NAME.csv`` read as its Frictionless descriptor says.

Why pandas driven by the descriptor rather than the ``frictionless`` package:
frictionless 5.21 turns a bad value into ``None`` when reading (only
``validate()`` reports it), takes ``groupChar`` as one exact character (no
plain/no-break/narrow no-break spaces together), ignores ``groupChar`` for
integers, and costs about a second to import. pandas' C parser reads every
cell as text (a million rows in about a second); the stdlib ``csv`` module only
explains a bad file and finds line numbers; each column is then converted in
one vectorised pass, with its own field's ``decimalChar``/``groupChar``.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .datapaths import resolve_dataset
from .errors import EditorError, choices
from .yamlsrc import load_yaml

ENCODINGS = {
    "utf-8": "utf-8-sig",
    "utf8": "utf-8-sig",
    "utf-8-sig": "utf-8-sig",
    "iso-8859-1": "latin-1",
    "latin-1": "latin-1",
    "latin1": "latin-1",
    "iso-8859-15": "iso-8859-15",
    "cp1252": "cp1252",
    "windows-1252": "cp1252",
}
TYPES = ("string", "integer", "number", "boolean", "date", "datetime", "year")
SPACES = " \u00a0\u202f\u2009"
DESCRIPTOR_KEYS = {
    "name", "title", "description", "sources", "licenses", "encoding", "dialect",
    "schema", "path", "format", "mediatype", "profile", "homepage", "keywords",
    "created", "version", "contributors",
}  # fmt: skip
FIELD_KEYS = {
    "name", "type", "title", "description", "unit", "format", "decimalChar",
    "groupChar", "bareNumber", "trueValues", "falseValues", "constraints",
    "example", "rdfType", "missingValues",
}  # fmt: skip


@dataclass
class Field:
    name: str
    type: str
    title: str | None = None
    description: str | None = None
    unit: str | None = None

    @property
    def is_year(self) -> bool:
        """Years are written 2016, never 2 016."""
        name = f"{self.name} {self.title or ''}".lower()
        return self.type == "year" or any(word in name for word in ("annee", "année", "year"))


@dataclass
class Dataset:
    name: str
    csv_path: Path
    descriptor_path: Path | None
    frame: pd.DataFrame
    fields: dict[str, Field]
    descriptor: dict = field(default_factory=dict)
    content_hash: str = ""

    @property
    def title(self) -> str:
        return self.descriptor.get("title") or self.name

    @property
    def description(self) -> str:
        return self.descriptor.get("description") or ""

    @property
    def sources(self) -> list[str]:
        out = []
        for source in self.descriptor.get("sources") or []:
            out.append(source.get("title", "") if isinstance(source, dict) else str(source))
        return [s for s in out if s]

    @property
    def licenses(self) -> list[str]:
        out = []
        for lic in self.descriptor.get("licenses") or []:
            out.append(lic.get("title") or lic.get("name", "") if isinstance(lic, dict) else str(lic))
        return [s for s in out if s]


def load_dataset(name: str, data_dir: Path) -> Dataset:
    csv_path = resolve_dataset(name, data_dir)
    name = csv_path.stem
    desc_path = data_dir / f"{name}.resource.yaml"
    raw_csv = csv_path.read_bytes()
    digest = hashlib.sha256(raw_csv)
    descriptor: dict = {}
    shown_desc = f"data/{desc_path.name}"
    if desc_path.exists():
        if not desc_path.resolve().is_relative_to(data_dir.resolve()):
            raise EditorError("ce descripteur est un lien qui pointe hors de data/", shown_desc)
        desc_text = desc_path.read_text(encoding="utf-8-sig")
        digest.update(b"\0" + desc_text.encode())
        descriptor = load_yaml(desc_text, shown_desc) or {}
        if not isinstance(descriptor, dict):
            raise EditorError("le descripteur doit être une liste de clés (title:, schema:…)", shown_desc)
        _check_keys(descriptor, DESCRIPTOR_KEYS, shown_desc, "du descripteur")
    else:
        desc_path = None
    shown_csv = f"data/{csv_path.name}"
    text = _decode(raw_csv, descriptor.get("encoding", "utf-8"), shown_csv, shown_desc)
    dialect = descriptor.get("dialect") or {}
    delimiter = str(dialect.get("delimiter", ","))
    if "delimiter" not in dialect:
        _refuse_other_separator(text, shown_csv, shown_desc, desc_path is not None)
    header, strings, lines = _parse_rows(text, delimiter, shown_csv)
    schema = descriptor.get("schema") or {}
    declared = {f.get("name"): f for f in schema.get("fields") or [] if isinstance(f, dict)}
    _check_header(header, declared, delimiter, text, shown_csv, shown_desc, schema)
    missing = [str(v) for v in schema.get("missingValues", [""])]
    frame_data = {}
    fields = {}
    for col in header:
        spec = declared.get(col)
        raw = strings[col].astype(object)
        if spec is None and declared:
            kind = "string"
        elif spec is None:
            kind = _infer(raw, missing)
        else:
            kind = spec.get("type", "string")
        spec = spec or {}
        if kind not in TYPES:
            raise EditorError(
                f"type « {kind} » inconnu pour la colonne « {col} » ; types possibles : " + choices(kind, TYPES),
                shown_desc,
                _field_line(schema, col),
            )
        field_missing = [str(v) for v in spec.get("missingValues", missing)]
        frame_data[col] = _convert(raw, kind, spec, field_missing, col, lines, shown_csv)
        fields[col] = Field(
            name=col,
            type=kind,
            title=spec.get("title"),
            description=spec.get("description"),
            unit=spec.get("unit"),
        )
    frame = pd.DataFrame(frame_data, columns=header)
    return Dataset(
        name=name,
        csv_path=csv_path,
        descriptor_path=desc_path,
        frame=frame,
        fields=fields,
        descriptor=descriptor,
        content_hash=digest.hexdigest(),
    )


def _check_keys(mapping, valid, path, what):
    for key in mapping:
        if key not in valid:
            line = mapping.line_of(key) if hasattr(mapping, "line_of") else None
            raise EditorError(
                f"clé « {key} » inconnue {what} ; clés possibles : {choices(key, valid)}",
                path,
                line,
            )


def _field_line(schema, name):
    for spec in schema.get("fields") or []:
        if isinstance(spec, dict) and spec.get("name") == name and hasattr(spec, "line_of"):
            return spec.line_of("name")
    return None


SPREADSHEETS = {
    b"PK\x03\x04": "un classeur (Excel .xlsx ou LibreOffice .ods)",
    b"\xd0\xcf\x11\xe0": "un classeur Excel (.xls)",
}


def _decode(raw: bytes, declared: str, path: str, desc_path: str) -> str:
    for magic, what in SPREADSHEETS.items():
        if raw.startswith(magic):
            raise EditorError(
                f"ce fichier n'est pas un CSV mais {what} renommé : ouvrez-le dans votre tableur et "
                "enregistrez-le au format « CSV UTF-8 »",
                path,
                1,
            )
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        # A UTF-16 byte-order mark says what the file is, whatever is declared.
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n\x00") + 1
            raise EditorError("fichier UTF-16 abîmé : enregistrez-le de nouveau en « CSV UTF-8 »", path, line) from None
    encoding = ENCODINGS.get(str(declared).lower())
    if encoding is None:
        raise EditorError(
            f"encodage « {declared} » inconnu ; encodages possibles : "
            + choices(str(declared).lower(), ["utf-8", "iso-8859-1", "cp1252"]),
            desc_path,
        )
    if encoding != "utf-8-sig" and not raw.isascii():
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            line = _line_of_first_non_ascii(raw)
            raise EditorError(
                f"le fichier est en UTF-8 alors que le descripteur déclare « {declared} » "
                "(les accents deviendraient « Ã© ») : mettez « encoding: utf-8 » "
                "dans le descripteur",
                path,
                line,
            )
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        byte = raw[exc.start : exc.start + 1].hex().upper()
        hint = (
            "ajoutez « encoding: cp1252 » (fichiers exportés d'Excel) ou « encoding: iso-8859-1 » au descripteur"
            if encoding == "utf-8-sig"
            else "vérifiez l'encodage déclaré dans le descripteur"
        )
        raise EditorError(f"l'octet 0x{byte} n'existe pas en {declared} ; {hint}", path, line) from None


def _refuse_other_separator(text: str, path: str, desc_path: str, has_descriptor: bool) -> None:
    """A file separated by « ; » or tabs (French exports) read with commas
    would be cut at its decimal commas: say which separator to declare."""
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    for separator, shown in ((";", '";"'), ("\t", '"\\t"')):
        if first.count(separator) > first.count(","):
            where = "au descripteur" if has_descriptor else f"dans un descripteur {desc_path} (à créer)"
            raise EditorError(
                f"les colonnes de ce fichier sont séparées par « {separator.replace(chr(9), 'tabulation')} », "
                f"pas par des virgules : ajoutez {where} les deux lignes « dialect: » et "
                f"« delimiter: {shown} » (indentée de deux espaces)",
                path,
                1,
            )


def _line_of_first_non_ascii(raw: bytes) -> int:
    for index, byte in enumerate(raw):
        if byte > 127:
            return raw[:index].count(b"\n") + 1
    return 1


def _parse_rows(text: str, delimiter: str, path: str):
    """(header, frame of strings, line_of): pandas' C parser reads; the csv
    module only explains a bad file and finds line numbers, on an error."""
    if len(delimiter) != 1:
        raise EditorError(f"séparateur « {delimiter} » invalide : un seul caractère", path)
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise EditorError("le fichier est vide : il faut une ligne d'en-tête et des lignes de données", path)
    header = [h.strip() for h in next(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))]
    seen = set()
    for position, name in enumerate(header, start=1):
        if not name:
            raise EditorError(f"la colonne n° {position} n'a pas de nom dans l'en-tête", path, 1)
        if name in seen:
            raise EditorError(f"la colonne « {name} » apparaît deux fois dans l'en-tête", path, 1)
        seen.add(name)
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=delimiter,
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=True,
            engine="c",
        )
    except (pd.errors.ParserError, csv.Error, ValueError):
        frame = None
    if frame is None or frame.shape[1] != len(header) or not _same_width(text, delimiter, frame, header):
        _diagnose(text, delimiter, path, header)  # raises the precise error
    frame.columns = header
    if frame.empty:
        raise EditorError("le fichier n'a qu'une ligne d'en-tête et aucune ligne de données", path)
    line_numbers: list[int] = []

    def line_of(index: int) -> int:
        if not line_numbers:
            reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
            next(reader)
            line_numbers.extend(reader.line_num for row in reader if row)
        return line_numbers[index]

    return header, frame, line_of


def _same_width(text: str, delimiter: str, frame, header) -> bool:
    """pandas fills a short row with empty values: never skip one silently."""
    if '"' not in text:  # no quoting: every separator in the file is a field boundary
        return text.count(delimiter) == (len(frame) + 1) * (len(header) - 1)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return all(len(row) == len(header) for row in reader if row)


def _diagnose(text: str, delimiter: str, path: str, header: list[str]):
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        next(reader)
        for row in reader:
            if row and len(row) != len(header):
                raise EditorError(
                    f"{len(row)} valeurs au lieu de {len(header)} (colonnes : {', '.join(header)}) ; corrigez "
                    "cette ligne (un séparateur en trop, ou une valeur à mettre entre guillemets)",
                    path,
                    reader.line_num,
                )
    except csv.Error as exc:
        raise EditorError(f"CSV illisible ({exc})", path, reader.line_num) from None
    raise EditorError("CSV illisible : vérifiez les guillemets et le séparateur", path)


def _check_header(header, declared, delimiter, text, path, desc_path, schema):
    if not declared:
        return
    if len(header) < len(declared):
        first_line = text.lstrip("\ufeff").split("\n", 1)[0]
        guess = max(";,\t|", key=first_line.count)
        hint = (
            f" ; le séparateur du fichier semble être « {guess} » : déclarez-le dans dialect: delimiter:"
            if guess != delimiter and first_line.count(guess)
            else ""
        )
        raise EditorError(
            f"{len(declared)} colonnes attendues par le descripteur, {len(header)} trouvée(s) "
            f"avec le séparateur « {delimiter} »{hint}",
            path,
            1,
        )
    for name in declared:
        if name not in header:
            raise EditorError(
                f"le descripteur décrit une colonne « {name} » absente du CSV ; colonnes "
                f"du fichier : {choices(name, header)}",
                desc_path,
                _field_line(schema, name),
            )
    for name, spec in declared.items():
        _check_keys(spec, FIELD_KEYS, desc_path, f"pour la colonne « {name} »")


_BARE_STRIP = re.compile(r"^[^\d+\-.]*|[^\d.]*$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?:[.,]\d+)?$")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")
_WITH_UNIT = re.compile(r"^\D{0,3}[+-]?\d[\d \u00a0\u202f.,]*\s*\D{1,4}$")


def _fix_for(value: str, kind: str, spec: dict, col: str) -> str:
    """What to change, from what the value looks like."""
    text = value.strip()
    if kind in ("integer", "number", "year"):
        if _GROUPED.match(text) and spec.get("groupChar") is None:
            return f'séparateur de milliers : ajoutez groupChar: " " à la colonne « {col} » du descripteur'
        if _DECIMAL_COMMA.match(text) and kind == "number" and str(spec.get("decimalChar", ".")) == ".":
            return f'virgule décimale : ajoutez decimalChar: "," à la colonne « {col} » du descripteur'
        if (_DECIMAL_COMMA.match(text) or re.fullmatch(r"[+-]?\d*\.\d+", text)) and kind != "number":
            return f"un nombre à virgule dans une colonne d'entiers : déclarez la colonne « {col} » type: number"
        if _WITH_UNIT.match(text) and spec.get("bareNumber", True) is not False:
            return f"un nombre avec son unité : ajoutez bareNumber: false à la colonne « {col} » du descripteur"
    if not re.search(r"\d", text):
        return (
            f"si « {text} » veut dire « pas de donnée », déclarez-le dans le descripteur : "
            f'schema: missingValues: ["", "{text}"] ; sinon corrigez la valeur'
        )
    return "corrigez la valeur"


def _infer(raw: pd.Series, missing) -> str:
    values = raw[~raw.isin(missing)].str.strip()
    if values.empty:
        return "string"
    for kind, test in (("integer", _is_integer), ("number", _is_number)):
        if test(values.head(200)).all() and test(values).all():  # a sample first: text fails fast
            return kind
    if values.head(200).str.fullmatch(r"\d{4}-\d{2}-\d{2}").all() and values.str.fullmatch(r"\d{4}-\d{2}-\d{2}").all():
        return "date"
    return "string"


def _is_number(values: pd.Series) -> pd.Series:
    """Plain decimal numbers ("12", "-3.5", "1e3"), not "NaN", "inf" or "0x1F"."""
    converted = pd.to_numeric(values, errors="coerce")
    return converted.notna() & ~values.str.contains(r"[^0-9eE+\-.]", regex=True)


def _is_integer(values: pd.Series) -> pd.Series:
    return _is_number(values) & ~values.str.contains(r"[.eE]", regex=True)


INT64_MAX = 2**63 - 1


def _refuse_huge_integers(values: pd.Series, raw: pd.Series, col, lines, path) -> None:
    """An integer column holds 64-bit integers: a longer one is most likely a
    slip (digits typed twice), never silently made a float."""
    digits = values.str.lstrip("+-").str.lstrip("0").str.len()
    for index in values.index[digits.gt(18).fillna(False).astype(bool)]:
        if not -INT64_MAX - 1 <= int(values[index]) <= INT64_MAX:
            raise EditorError(
                f"colonne « {col} » : « {raw[index]} » est un entier trop grand (au plus 9 223 372 036 854 775 807) ; "
                "corrigez la valeur, ou déclarez la colonne de type number",
                path,
                lines(index),
            )


def _convert(raw: pd.Series, kind, spec, missing, col, lines, path) -> pd.Series:
    is_missing = raw.isin(missing)
    if kind == "string":
        return raw.where(~is_missing, None)
    values = raw.str.strip()
    if kind in ("integer", "number", "year"):
        if spec.get("bareNumber", True) is False:
            values = values.str.replace(_BARE_STRIP, "", regex=True)
        group = spec.get("groupChar")
        if group is not None:
            group = str(group)
            chars = SPACES if group in SPACES else group
            values = values.str.replace(f"[{re.escape(chars)}]", "", regex=True)
        if kind == "number":
            decimal = str(spec.get("decimalChar", "."))
            if decimal != ".":
                # "12.5" in a column written "12,5" is a mixed column, not 125.
                mixed = values.str.fullmatch(r"[+-]?\d*\.\d+") & ~is_missing
                if mixed.fillna(False).any() and group != ".":
                    index = int(mixed.fillna(False).idxmax())
                    raise EditorError(
                        f"colonne « {col} » : « {raw.iloc[index]} » a un point décimal alors que la colonne "
                        f"utilise « {decimal} » (decimalChar) : écrivez toutes les valeurs de la même façon",
                        path,
                        lines(index),
                    )
                values = values.str.replace(decimal, ".", regex=False)
            ok = _is_number(values)
            converted = pd.to_numeric(values.where(ok & ~is_missing), errors="coerce")
            expected = "un nombre"
        else:
            ok = _is_integer(values)
            _refuse_huge_integers(values.where(ok & ~is_missing), raw, col, lines, path)
            converted = pd.to_numeric(values.where(ok & ~is_missing), errors="coerce").astype("Int64")
            expected = "un nombre entier" if kind == "integer" else "une année"
    elif kind == "boolean":
        true = [str(v) for v in spec.get("trueValues", ["true", "True", "TRUE", "1"])]
        false = [str(v) for v in spec.get("falseValues", ["false", "False", "FALSE", "0"])]
        ok = values.isin(true + false)
        converted = values.isin(true).astype("boolean").where(~is_missing)
        expected = f"un booléen ({', '.join(true + false)})"
    else:
        fmt = spec.get("format", "default")
        if fmt in ("default", None):
            fmt = "%Y-%m-%d" if kind == "date" else "%Y-%m-%dT%H:%M:%S"
        if fmt == "any":
            converted = pd.to_datetime(values.where(~is_missing), errors="coerce", dayfirst=True)
        else:
            converted = pd.to_datetime(values.where(~is_missing), errors="coerce", format=fmt.replace("%Z", ""))
        ok = converted.notna()
        expected = f"une date au format {fmt}"
    bad = ~ok.fillna(False).astype(bool) & ~is_missing
    if bad.any():
        index = int(bad.idxmax())
        value = raw.iloc[index]
        raise EditorError(
            f"colonne « {col} » : « {value} » n'est pas {expected} (type {kind} déclaré) ; "
            + _fix_for(str(value), kind, spec, col),
            path,
            lines(index),
        )
    if kind == "number":
        finite = converted.isna() | converted.abs().lt(float("inf"))
        if not finite.all():
            index = int((~finite).idxmax())
            raise EditorError(
                f"colonne « {col} » : valeur infinie « {raw.iloc[index]} »",
                path,
                lines(index),
            )
    return converted
