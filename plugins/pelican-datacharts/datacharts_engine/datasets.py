"""Load a dataset: ``data/NAME.csv`` read as its Frictionless descriptor says.

The descriptor is read property by property (``descriptor.py``: honoured or
refused, never ignored), the cells by their Table Schema type (``cells.py``),
then constraints and keys are checked (``constraints.py``).

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

import codecs
import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .cells import ColumnContext, read_column
from .constraints import check_field, check_keys
from .datapaths import resolve_dataset
from .descriptor import Dialect, FieldSpec, Layout, read_layout
from .errors import EditorError, choices
from .yamlsrc import load_yaml

CHART_TYPES = ("string", "integer", "number", "boolean", "date", "datetime", "year")
# Byte-order marks, longest first: what the file says it is, whatever is declared.
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
SPREADSHEETS = {
    b"PK\x03\x04": "un classeur (Excel .xlsx ou LibreOffice .ods)",
    b"\xd0\xcf\x11\xe0": "un classeur Excel (.xls)",
}


@dataclass
class Field:
    name: str
    type: str
    title: str | None = None
    description: str | None = None
    unit: str | None = None
    schema_type: str = ""  # the descriptor's type (time, geopoint… are read as checked text)
    inferred: bool = False  # no descriptor declared it: its type was read from its values
    # The decimals its values are written with where they are computed (a mean: one more than
    # the values averaged); None: as many as they have.
    decimals: int | None = None

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
    shown_csv = f"data/{csv_path.name}"
    if desc_path.exists():
        if not desc_path.resolve().is_relative_to(data_dir.resolve()):
            raise EditorError(
                "ce descripteur est un lien qui pointe hors de data/ ; copiez le fichier dans data/ au lieu d'un lien",
                shown_desc,
            )
        desc_text = desc_path.read_text(encoding="utf-8-sig")
        digest.update(b"\0" + desc_text.encode())
        descriptor = load_yaml(desc_text, shown_desc) or {}
        if not isinstance(descriptor, dict):
            raise EditorError(
                "le descripteur ne contient pas de lignes « clé: valeur » ; "
                "écrivez une clé par ligne (title:, schema:…)",
                shown_desc,
            )
    else:
        desc_path = None
    layout = read_layout(descriptor, shown_desc, csv_path, raw_csv)
    _check_size_and_hash(raw_csv, layout, shown_csv, shown_desc)
    text = _decode(raw_csv, layout, shown_csv, shown_desc)
    dialect = layout.dialect
    if dialect.delimiter is None:
        _refuse_other_separator(text, shown_csv, shown_desc, desc_path is not None)
    header, strings, lines = _parse_rows(text, dialect, shown_csv, layout)
    declared = {f.name: f for f in layout.fields}
    _check_header(header, layout, dialect, text, shown_csv, shown_desc)
    strings.columns = header  # caseSensitiveHeader: false gives the schema's spelling
    base_missing = list(layout.missing)
    if dialect.null_sequence is not None:
        base_missing.append(dialect.null_sequence)
    frame_data, fields, missing_masks = {}, {}, {}
    for col in header:
        spec = declared.get(col)
        raw = strings[col].astype(object)
        missing = list(spec.missing) if spec is not None and spec.missing is not None else base_missing
        inferred = spec is None
        if spec is None:
            spec = FieldSpec(name=col, type="string" if declared else _infer(raw, missing))
        is_missing = raw.isin(missing)
        ctx = ColumnContext(col, lines, shown_csv)
        frame_data[col] = read_column(raw, spec, is_missing, ctx)
        if spec.constraints:
            check_field(frame_data[col], raw, is_missing, spec, ctx, shown_desc)
        missing_masks[col] = is_missing
        fields[col] = Field(
            name=col,
            type=spec.type if spec.type in CHART_TYPES else "string",
            title=spec.title,
            description=spec.description,
            unit=spec.unit,
            schema_type=spec.type,
            inferred=inferred,
        )
    frame = pd.DataFrame(frame_data, columns=header)
    check_keys(frame, missing_masks, layout, lines, shown_csv, shown_desc)
    return Dataset(
        name=name,
        csv_path=csv_path,
        descriptor_path=desc_path,
        frame=frame,
        fields=fields,
        descriptor=descriptor,
        content_hash=digest.hexdigest(),
    )


def csv_line(dataset: Dataset, index: int) -> int:
    """The line of the dataset's CSV file holding the frame's row ``index``
    (a quoted value may span lines). For an error's message: the file is read again."""
    raw = dataset.csv_path.read_bytes()
    shown_csv = f"data/{dataset.csv_path.name}"
    layout = read_layout(dataset.descriptor, f"data/{dataset.name}.resource.yaml", dataset.csv_path, raw)
    text = _decode(raw, layout, shown_csv, f"data/{dataset.name}.resource.yaml")
    _, _, line_of = _parse_rows(text, layout.dialect, shown_csv, layout)
    return line_of(int(index))


def _check_size_and_hash(raw: bytes, layout: Layout, path: str, desc_path: str) -> None:
    """``bytes`` and ``hash`` say which file the descriptor was written for."""
    if layout.declared_bytes is not None and layout.declared_bytes != len(raw):
        raise EditorError(
            f"le descripteur annonce {layout.declared_bytes} octets (bytes), le fichier {path} en a {len(raw)} ; "
            "mettez « bytes » à jour ou retirez la ligne",
            desc_path,
            layout.lines.get("bytes"),
        )
    if layout.declared_hash is not None:
        algorithm, expected = layout.declared_hash
        found = hashlib.new(algorithm, raw).hexdigest()
        if found != expected:
            raise EditorError(
                f"l'empreinte {algorithm} du fichier {path} est {found}, pas celle du descripteur (hash) ; "
                "mettez « hash » à jour ou retirez la ligne",
                desc_path,
                layout.lines.get("hash"),
            )


def _decode(raw: bytes, layout: Layout, path: str, desc_path: str) -> str:
    for magic, what in SPREADSHEETS.items():
        if raw.startswith(magic):
            raise EditorError(
                f"ce fichier n'est pas un CSV mais {what} renommé ; ouvrez-le dans votre tableur et "
                "enregistrez-le au format « CSV UTF-8 »",
                path,
                1,
            )
    declared = layout.encoding
    bom = next((enc for mark, enc in BOMS if raw.startswith(mark)), None)
    unicode_declared = declared.startswith(("utf-16", "utf-32", "utf-8"))
    if bom == "utf-8-sig" and not declared.startswith("utf-8"):
        raise EditorError(
            f"le fichier commence par la marque UTF-8 (BOM) alors que le descripteur déclare « {declared} » "
            "(les accents deviendraient « Ã© ») ; mettez « encoding: utf-8 » dans le descripteur",
            desc_path,
            layout.encoding_line,
        )
    if bom in ("utf-16", "utf-32"):
        encoding = bom  # the byte-order mark says what the file is
    elif declared == "utf-8":
        encoding = "utf-8-sig"
    else:
        encoding = declared
    if not unicode_declared and bom is None and not raw.isascii():
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            line = _line_of_first_non_ascii(raw)
            raise EditorError(
                f"le fichier est en UTF-8 alors que le descripteur déclare « {declared} » "
                "(les accents deviendraient « Ã© ») ; mettez « encoding: utf-8 » "
                "dans le descripteur",
                path,
                line,
            )
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        wide = 2 if encoding.startswith("utf-16") else 4 if encoding.startswith("utf-32") else 1
        line = (
            raw[: exc.start].decode(encoding, errors="replace").count("\n") + 1
            if wide > 1
            else raw[: exc.start].count(b"\n") + 1
        )
        byte = raw[exc.start : exc.start + 1].hex().upper()
        hint = (
            "ajoutez « encoding: cp1252 » (fichiers exportés d'Excel) ou « encoding: iso-8859-1 » au descripteur"
            if encoding == "utf-8-sig"
            else "vérifiez l'encodage déclaré dans le descripteur, ou enregistrez le fichier en « CSV UTF-8 »"
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
                f"pas par des virgules ; ajoutez {where} les deux lignes « dialect: » et "
                f"« delimiter: {shown} » (indentée de deux espaces)",
                path,
                1,
            )


def _line_of_first_non_ascii(raw: bytes) -> int:
    for index, byte in enumerate(raw):
        if byte > 127:
            return raw[:index].count(b"\n") + 1
    return 1


def _csv_options(dialect: Dialect) -> dict:
    return {
        "delimiter": dialect.delimiter or ",",
        "quotechar": dialect.quote_char,
        "doublequote": dialect.double_quote,
        "escapechar": dialect.escape_char,
        "skipinitialspace": dialect.skip_initial_space,
    }


def _drop_comments(text: str, dialect: Dialect) -> tuple[str, list[int] | None]:
    """Remove comment rows (``commentChar``, ``commentRows``); return the text
    and, when lines went, the original number of each line kept.

    A comment is a row that *starts* with the character (the CSV Dialect
    standard): the csv module tells where each row starts, so the second line
    of a quoted cell written over two lines is never taken for a comment, and
    a comment line is never read as CSV (its quotes open nothing)."""
    if dialect.comment_char is None and not dialect.comment_rows:
        return text, None
    kept, numbers = [], []
    at_row_start = [True]

    def lines():
        for number, line in enumerate(io.StringIO(text, newline=""), start=1):
            if at_row_start[0] and (
                number in dialect.comment_rows or (dialect.comment_char and line.startswith(dialect.comment_char))
            ):
                continue
            at_row_start[0] = False
            kept.append(line)
            numbers.append(number)
            yield line

    feed = lines()
    try:
        for _row in csv.reader(feed, **_csv_options(dialect)):
            at_row_start[0] = True
    except csv.Error:
        # an unclosed quote: keep the rest as written, the reading that follows names its line
        at_row_start[0] = False
        for _line in feed:
            pass
    return "".join(kept), numbers


def _parse_rows(text: str, dialect: Dialect, path: str, layout: Layout):
    """(header, frame of strings, line_of): pandas' C parser reads; the csv
    module only explains a bad file and finds line numbers, on an error."""
    options = _csv_options(dialect)
    delimiter = options["delimiter"]
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise EditorError("le fichier est vide ; il faut une ligne d'en-tête et des lignes de données", path)
    text, original = _drop_comments(text, dialect)
    rows_before = max(dialect.header_rows, default=0)
    reader = csv.reader(io.StringIO(text, newline=""), **options)
    header_rows = []
    try:
        for _ in range(rows_before):
            header_rows.append(next(reader))
    except StopIteration:
        raise EditorError(
            "le fichier n'a pas de ligne de données après son en-tête ; ajoutez les données sous l'en-tête", path
        ) from None
    except csv.Error as exc:
        raise EditorError(
            f"CSV illisible ({exc}) ; vérifiez les guillemets et le séparateur", path, reader.line_num
        ) from None
    header_lines = reader.line_num
    if header_rows:
        header_rows = [header_rows[i - 1] for i in dialect.header_rows]
        width = max(len(r) for r in header_rows)
        header = [
            dialect.header_join.join(r[i].strip() for r in header_rows if i < len(r) and r[i].strip())
            for i in range(width)
        ]
    else:
        first = next(csv.reader(io.StringIO(text, newline=""), **options), [])
        names = [f.name for f in layout.fields]
        header = names if len(names) == len(first) else [f"field{i}" for i in range(1, len(first) + 1)]
        if names and len(names) != len(first):
            raise EditorError(
                f"header: false et {len(names)} colonnes décrites dans fields, mais {len(first)} dans le fichier ; "
                "décrivez chaque colonne, dans l'ordre",
                path,
                1,
            )
    seen = set()
    for position, name in enumerate(header, start=1):
        if not name:
            raise EditorError(
                f"la colonne n° {position} n'a pas de nom dans l'en-tête ; donnez-lui un nom sur la première ligne",
                path,
                1,
            )
        if name in seen:
            raise EditorError(
                f"la colonne « {name} » apparaît deux fois dans l'en-tête ; renommez l'une des deux", path, 1
            )
        seen.add(name)
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=delimiter,
            quotechar=options["quotechar"],
            doublequote=options["doublequote"],
            escapechar=options["escapechar"],
            skipinitialspace=options["skipinitialspace"],
            header=None,
            skiprows=header_lines,
            names=range(len(header)),
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=True,
            engine="c",
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError, csv.Error, ValueError):
        frame = None
    if frame is None or frame.shape[1] != len(header) or not _same_width(text, options, frame, header, header_lines):
        _diagnose(text, options, path, header, header_lines, original)  # raises the precise error
    frame.columns = header
    if frame.empty:
        raise EditorError(
            "le fichier n'a qu'une ligne d'en-tête et aucune ligne de données ; ajoutez les données sous l'en-tête",
            path,
        )
    # A row of empty cells only (« ;; », or an empty line of a one-column file): looked for in the
    # text first, so a million rows stay one pass; the csv module then finds its line.
    row_of_separators = re.compile(rf"(?:^|\n)[{re.escape(delimiter)} \t]*\r?(?:\n|$)")
    if row_of_separators.search(text.rstrip("\r\n")):
        reader = csv.reader(io.StringIO(text.rstrip("\r\n"), newline=""), **options)
        for number, row in enumerate(reader, start=1):
            if number > rows_before and not any(cell.strip() for cell in row):
                line = original[reader.line_num - 1] if original else reader.line_num
                raise EditorError("ligne sans aucune valeur au milieu des données ; supprimez-la", path, line)
    line_numbers: list[int] = []

    def line_of(index: int) -> int:
        if not line_numbers:
            reader = csv.reader(io.StringIO(text, newline=""), **options)
            for _ in range(rows_before):
                next(reader)
            line_numbers.extend(reader.line_num for row in reader if row)
            if original is not None:
                line_numbers[:] = [original[n - 1] for n in line_numbers]
        return line_numbers[index]

    return header, frame, line_of


def _same_width(text: str, options: dict, frame, header, header_lines) -> bool:
    """pandas fills a short row with empty values: never skip one silently."""
    specials = [options["quotechar"], options["escapechar"]]
    if not any(c and c in text for c in specials) and not options["skipinitialspace"]:
        # no quoting: every separator in the file is a field boundary
        return text.count(options["delimiter"]) == (len(frame) + header_lines) * (len(header) - 1)
    reader = csv.reader(io.StringIO(text, newline=""), **options)
    return all(len(row) == len(header) for number, row in enumerate(reader) if row and number >= header_lines)


def _diagnose(text: str, options: dict, path: str, header: list[str], header_lines: int, original):
    reader = csv.reader(io.StringIO(text, newline=""), **options)

    def where():
        return original[reader.line_num - 1] if original else reader.line_num

    try:
        for _ in range(header_lines):
            next(reader)
        for row in reader:
            if row and len(row) != len(header):
                for cells, number in ((row, where()), (header, original[0] if original else 1)):
                    if cells[0].lstrip().startswith("#"):
                        raise EditorError(
                            "cette ligne commence par « # » ; si c'est un commentaire, ajoutez au descripteur "
                            'les deux lignes « dialect: » et « commentChar: "#" » (indentée de deux espaces)',
                            path,
                            number,
                        )
                raise EditorError(
                    f"{len(row)} valeurs au lieu de {len(header)} (colonnes : {', '.join(header)}) ; corrigez "
                    "cette ligne (un séparateur en trop, ou une valeur à mettre entre guillemets)",
                    path,
                    where(),
                )
    except csv.Error as exc:
        raise EditorError(f"CSV illisible ({exc}) ; vérifiez les guillemets et le séparateur", path, where()) from None
    raise EditorError("CSV illisible ; vérifiez les guillemets et le séparateur", path)


def _check_header(header, layout: Layout, dialect: Dialect, text, path, desc_path):
    """The CSV's columns against the schema's fields, as ``fieldsMatch`` says
    (``exact`` by default: the same columns, in the same order)."""
    if not layout.fields:
        return
    names = [f.name for f in layout.fields]
    if not dialect.case_sensitive_header:
        by_lower = {n.lower(): n for n in names}
        header[:] = [by_lower.get(h.lower(), h) for h in header]
    match = layout.fields_match
    delimiter = dialect.delimiter or ","
    if len(header) < len(names) and match in ("exact", "equal", "subset"):
        first_line = text.lstrip("\ufeff").split("\n", 1)[0]
        guess = max(";,\t|", key=first_line.count)
        hint = (
            f" ; le séparateur du fichier semble être « {guess} », déclarez-le dans dialect: delimiter:"
            if guess != delimiter and first_line.count(guess)
            else ""
        )
        if hint or len(header) == 1:
            hint = hint or " ; vérifiez le séparateur (dialect: delimiter:) et les colonnes"
            raise EditorError(
                f"{len(names)} colonnes attendues par le descripteur, {len(header)} trouvée(s) "
                f"avec le séparateur « {delimiter} »{hint}",
                path,
                1,
            )
    field_line = {f.name: f.line for f in layout.fields}
    if match in ("exact", "equal", "subset"):
        for name in names:
            if name not in header:
                raise EditorError(
                    f"le descripteur décrit une colonne « {name} » absente du CSV ; colonnes "
                    f"du fichier : {choices(name, header)}",
                    desc_path,
                    field_line[name],
                )
    if match in ("exact", "equal", "superset"):
        for name in header:
            if name not in names:
                raise EditorError(
                    f"la colonne « {name} » du fichier n'est pas décrite dans schema: fields ; ajoutez-la "
                    "(- name: " + name + ") ou déclarez « fieldsMatch: subset » dans schema",
                    desc_path,
                    layout.lines.get("schema"),
                )
    if match == "partial" and not set(names) & set(header):
        raise EditorError(
            f"aucune colonne du fichier n'est décrite dans fields ; colonnes du fichier : {', '.join(header)}",
            desc_path,
            layout.lines.get("schema"),
        )
    if match == "exact" and header != names:
        position = next(i for i, (a, b) in enumerate(zip(header, names, strict=True)) if a != b)
        raise EditorError(
            f"les colonnes du fichier ne sont pas dans l'ordre de fields : la n° {position + 1} "
            f"est « {header[position]} », "
            f"fields attend « {names[position]} » ; rangez fields dans l'ordre du fichier (ou fieldsMatch: equal)",
            desc_path,
            field_line[names[position]],
        )


def _infer(raw: pd.Series, missing) -> str:
    """integer, number, date or string, from every value: a guess is never
    needed, since a column with one odd value stays text."""
    values = raw[~raw.isin(missing)].str.strip()
    if values.empty:
        return "string"
    try:
        pd.to_numeric(values.head(200))
        converted = pd.to_numeric(values)
    except (ValueError, TypeError):
        converted = None
    plain = converted is not None and np.isfinite(converted.to_numpy(dtype="float64")).all()
    if plain and not values.str.contains(r"[^0-9eE+\-.]", regex=True).any():
        return "integer" if converted.dtype.kind in "iu" or not values.str.contains("[.eE]").any() else "number"
    if values.head(200).str.fullmatch(r"\d{4}-\d{2}-\d{2}").all() and values.str.fullmatch(r"\d{4}-\d{2}-\d{2}").all():
        return "date"
    return "string"


_FRENCH_NUMBER = re.compile(r"[+\-\u2212]?\d{1,3}(?:[ \u00a0\u202f]?\d{3})*(?:,\d+)?[ \u00a0\u202f]?(?:%|€|‰)?")


def french_numbers_fix(dataset: Dataset, column: str) -> str | None:
    """A text column read without a declared type whose every value is a
    number written the French way (« 43,5 », « 12 500 », « 62 % »): charted,
    it would be drawn as categories. What the descriptor must say; None when
    the column is not such a column."""
    info = dataset.fields.get(column)
    if info is None or not info.inferred or info.type != "string":
        return None
    values = dataset.frame[column].dropna().astype(str).str.strip()
    values = values[values != ""]
    if values.empty or not values.str.fullmatch(_FRENCH_NUMBER).all():
        return None
    lines = ["type: number"]
    if values.str.contains(",", regex=False).any():
        lines.append('decimalChar: ","')
    if values.str.contains(r"\d[ \u00a0\u202f]\d", regex=True).any():
        lines.append('groupChar: " "')
    if values.str.contains(r"[%€‰]", regex=True).any():
        lines.append("bareNumber: false")
    example = values.iloc[0]
    where = dataset.descriptor_path.name if dataset.descriptor_path else f"{dataset.name}.resource.yaml (à créer)"
    return (
        f"les valeurs de « {column} » sont des nombres écrits à la française (« {example} »), lus comme du texte "
        f"faute de type déclaré ; décrivez la colonne dans data/{where}, "
        f"{{name: {column}, {', '.join(lines)}}}"
    )
