"""Datasets read as the Frictionless standard says, with frictionless itself as the oracle.

Every case is generated here: a CSV, a descriptor and what the standard says
(the values read, or a refusal). Our loader must give exactly that, and an
``EditorError`` for every refusal (never another exception). Where frictionless
5.21 agrees with the standard, it is run on the same case and must agree too;
where it does not, the case says why, and the test checks that frictionless
still gets it wrong (so the note stays true). frictionless is a test-only
oracle: a build never imports it (tests/test_build.py keeps that).
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
import math
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd
import pytest
from datacharts_engine.datasets import load_dataset
from datacharts_engine.errors import EditorError

frictionless = pytest.importorskip("frictionless")
isodate = pytest.importorskip("isodate")  # frictionless' own dependency

REFUSED = object()


@dataclass
class Case:
    id: str
    csv: bytes
    descriptor: dict
    values: object = REFUSED  # list of rows as the standard reads them, or REFUSED
    oracle_wrong: str = ""  # why frictionless disagrees with the standard here
    ours_only: str = ""  # our documented extension: frictionless refuses on purpose


def one_column(kind, cell, value, **props):
    field = {"name": "a", "type": kind, **props}
    fid = f"{kind}{props or ''}:{cell!r}"
    return Case(
        fid, f"a\n{cell}\n".encode(), {"schema": {"fields": [field]}}, REFUSED if value is REFUSED else [[value]]
    )


UTC = dt.UTC
CELLS = {
    "integer": [("1", 1), ("-12", -12), ("+7", 7), ("007", 7), ("1.5", REFUSED), ("1e3", REFUSED), ("x", REFUSED)],
    "number": [
        ("1.5", 1.5),
        ("-0.25", -0.25),
        ("1e3", 1000.0),
        (".5", 0.5),
        ("NaN", math.nan),
        ("INF", math.inf),
        ("-INF", -math.inf),
        ("1,5", REFUSED),
        ("douze", REFUSED),
    ],
    "boolean": [("true", True), ("False", False), ("1", True), ("0", False), ("oui", REFUSED), ("yes", REFUSED)],
    "year": [("2016", 2016), ("1999", 1999), ("16", REFUSED), ("20166", REFUSED), ("an", REFUSED)],
    "yearmonth": [("2016-03", "2016-03"), ("2016-13", REFUSED), ("2016", REFUSED)],
    "date": [
        ("2016-03-10", dt.datetime(2016, 3, 10)),
        ("2016-02-30", REFUSED),
        ("10/03/2016", REFUSED),
        ("2016-03-10T10:00:00", REFUSED),
    ],
    "datetime": [
        ("2016-03-10T14:30:00", dt.datetime(2016, 3, 10, 14, 30)),
        ("2016-03-10T14:30:00Z", dt.datetime(2016, 3, 10, 14, 30)),
        ("2016-03-10T14:30:00+02:00", dt.datetime(2016, 3, 10, 12, 30)),
        ("2016-03-10T14:30:00.250Z", dt.datetime(2016, 3, 10, 14, 30, 0, 250000)),
        ("2016-03-10 14:30:00", dt.datetime(2016, 3, 10, 14, 30)),
        ("2016-03-10", REFUSED),
        ("10/03/2016 14:30", REFUSED),
    ],
    "time": [("14:30:00", "14:30:00"), ("25:00:00", REFUSED), ("14h30", REFUSED)],
    "duration": [("P1Y2M", "P1Y2M"), ("PT3H", "PT3H"), ("3 heures", REFUSED)],
    "object": [('"{""a"": 1}"', '{"a": 1}'), ('"[1]"', REFUSED)],
    "array": [('"[1, 2]"', "[1, 2]"), ('"{""a"": 1}"', REFUSED)],
    "geopoint": [('"2.35, 48.85"', "2.35, 48.85"), ('"200, 48"', REFUSED)],
    "string": [("texte", "texte"), (" espaces ", " espaces ")],
    "any": [("n'importe", "n'importe")],
}


def cell_cases():
    for kind, cells in CELLS.items():
        for cell, value in cells:
            yield one_column(kind, cell, value)
    yield one_column("number", '"1 234,5"', 1234.5, decimalChar=",", groupChar=" ")
    yield one_column("number", "12.5 %", 12.5, bareNumber=False)
    yield one_column("number", "12.5 %", REFUSED)
    yield one_column("integer", "€ 12", 12, bareNumber=False)
    yield one_column("boolean", "oui", True, trueValues=["oui"], falseValues=["non"])
    yield one_column("boolean", "true", REFUSED, trueValues=["oui"], falseValues=["non"])
    yield one_column("date", "10/03/2016", dt.datetime(2016, 3, 10), format="%d/%m/%Y")
    yield one_column("date", "2016-03-10", REFUSED, format="%d/%m/%Y")
    yield one_column("string", "a@b.fr", "a@b.fr", format="email")
    yield one_column("string", "pas un courriel", REFUSED, format="email")
    yield one_column("string", "https://exemple.fr", "https://exemple.fr", format="uri")
    yield one_column(
        "string", "0c8a4a6e-5b1e-4e4e-9a1a-2b7f1e3c9d00", "0c8a4a6e-5b1e-4e4e-9a1a-2b7f1e3c9d00", format="uuid"
    )
    yield one_column("string", "1234", REFUSED, format="uuid")
    # A point in a decimalChar "," column is not a decimal point: « 1.234 » could be 1234, never guessed.
    yield one_column("number", "1.234", REFUSED, decimalChar=",")
    yield one_column("date", "21/11/06", dt.datetime(2006, 11, 21), format="fmt:%d/%m/%y")  # older spelling
    for cell in (
        '"POINT (30 10)"',
        '"MULTIPOLYGON (((0 0, 0 1, 1 1, 0 0)), ((1 1, 1 2, 2 2, 1 1)))"',
        '"CURVEPOLYGON(COMPOUNDCURVE(CIRCULARSTRING (0 0,1 1,2 0),(2 0,0 0)))"',
        "POINT Z (1 2 3)",
        "GEOMETRYCOLLECTION EMPTY",
    ):
        case = one_column("string", cell, cell.strip('"'), format="wkt")
        case.oracle_wrong = "frictionless reads wkt only with its [wkt] extra, not installed: it refuses every cell"
        yield case
    for cell in ('"POLYGON ((30 10, 40 40, 20 40, 30 10)"', "string", "POINT (30)", '"POINT (1 2), x"', "EMPTY"):
        yield one_column("string", cell, REFUSED, format="wkt")
    # Ours: every French space as groupChar, integers grouped too (frictionless takes one exact char, not for integers).
    case = one_column("integer", "2\u202f700", 2700, groupChar=" ")
    case.ours_only = "groupChar: narrow no-break space read as a space, and groupChar honoured for integers"
    yield case


def missing_cases():
    schema = {"missingValues": ["", "NA"], "fields": [{"name": "a", "type": "string"}, {"name": "b", "type": "number"}]}
    yield Case("missingValues", b"a,b\nA,NA\nNA,2\n", {"schema": schema}, [["A", None], [None, 2.0]])
    yield Case(
        "missingValues given as a string",
        b"a,b\nA,1\n",
        {"schema": {**schema, "missingValues": "NA"}},
    )
    field = {"name": "b", "type": "number", "missingValues": ["-1"]}
    yield Case(
        "field missingValues (v2)",
        b"a,b\nx,-1\ny,1\n",
        {"schema": {"fields": [{"name": "a"}, field]}},
        [["x", None], ["y", 1.0]],
    )


def constraint_cases():
    def c(kind, cells, constraint, ok, oracle_wrong=""):
        field = {"name": "a", "type": kind, "constraints": constraint}
        csv = "a\n" + "".join(f"{cell}\n" for cell in cells)
        return Case(f"{kind} {constraint} {cells}", csv.encode(), {"schema": {"fields": [field]}}, ok, oracle_wrong)

    required = [{"name": "a", "type": "string", "constraints": {"required": True}}, {"name": "b", "type": "integer"}]
    yield Case("required, a value missing", b"a,b\nx,1\n,2\n", {"schema": {"fields": required}})
    yield c("string", ["x", "y"], {"required": True}, [["x"], ["y"]])
    yield c("integer", ["1", "1"], {"unique": True}, REFUSED)
    yield c("integer", ["1", "2"], {"unique": True}, [[1], [2]])
    yield c("integer", ["1", "5"], {"minimum": 2}, REFUSED)
    yield c("integer", ["3", "5"], {"minimum": 2, "maximum": 5}, [[3], [5]])
    yield c("number", ["3.5", "5.5"], {"maximum": 5}, REFUSED)
    yield c("date", ["2016-01-01"], {"minimum": "2016-02-01"}, REFUSED)
    yield c("date", ["2016-03-01"], {"minimum": "2016-02-01"}, [[dt.datetime(2016, 3, 1)]])
    yield c("string", ["abc", "abcdef"], {"maxLength": 5}, REFUSED)
    yield c("string", ["ab", "a"], {"minLength": 2}, REFUSED)
    yield c("string", ["sport", "culture"], {"enum": ["sport", "culture"]}, [["sport"], ["culture"]])
    yield c("string", ["sport", "loisirs"], {"enum": ["sport", "culture"]}, REFUSED)
    yield c("integer", ["2013", "2016"], {"enum": [2013, 2016]}, [[2013], [2016]])
    yield c("integer", ["2013", "2015"], {"enum": [2013, 2016]}, REFUSED)
    yield c("string", ["75001", "7501"], {"pattern": "[0-9]{5}"}, REFUSED)
    yield c("string", ["75001", "13001"], {"pattern": "[0-9]{5}"}, [["75001"], ["13001"]])
    yield c("time", ["10:00:00", "08:00:00"], {"minimum": "09:00:00"}, REFUSED)
    yield c("yearmonth", ["2016-03", "2016-05"], {"maximum": "2016-04"}, REFUSED)
    yield c("integer", ["3", "5"], {"exclusiveMaximum": 5}, REFUSED)
    fields = [{"name": "a", "type": "integer"}, {"name": "b", "type": "string"}]
    superset = {"fields": [*fields, {"name": "c"}], "fieldsMatch": "superset", "primaryKey": "c"}
    yield Case("primaryKey on a column absent from the file", b"a,b\n1,x\n", {"schema": superset})
    yield Case("primaryKey duplicate", b"a,b\n1,x\n1,x\n", {"schema": {"fields": fields, "primaryKey": ["a", "b"]}})
    yield Case("primaryKey missing", b"a,b\n1,x\n,y\n", {"schema": {"fields": fields, "primaryKey": "a"}})
    yield Case(
        "primaryKey ok",
        b"a,b\n1,x\n1,y\n",
        {"schema": {"fields": fields, "primaryKey": ["a", "b"]}},
        [[1, "x"], [1, "y"]],
    )
    fk = [{"fields": "a", "reference": {"resource": "", "fields": "a"}}]
    yield Case(
        "foreignKey to itself",
        b"a,b\n1,x\n2,y\n",
        {"schema": {"fields": fields, "foreignKeys": fk}},
        [[1, "x"], [2, "y"]],
    )


def dialect_cases():
    two = {"fields": [{"name": "a", "type": "string"}, {"name": "b", "type": "integer"}]}
    yield Case("header false", b"x,1\ny,2\n", {"dialect": {"header": False}, "schema": two}, [["x", 1], ["y", 2]])
    yield Case("quoteChar #", b"a,b\n#x,y#,1\n", {"dialect": {"quoteChar": "#"}, "schema": two}, [["x,y", 1]])
    yield Case(
        "escapeChar",
        b"a,b\nx\\,y,1\n",
        {"dialect": {"escapeChar": "\\", "doubleQuote": False}, "schema": two},
        [["x,y", 1]],
    )
    yield Case("skipInitialSpace", b"a,b\nx, 1\n", {"dialect": {"skipInitialSpace": True}, "schema": two}, [["x", 1]])
    yield Case("commentChar", b"a,b\n# note\nx,1\n", {"dialect": {"commentChar": "#"}, "schema": two}, [["x", 1]])
    # A comment is a row that starts with the character, not a line: a quoted cell's second line stays.
    yield Case(
        "commentChar and a cell on two lines",
        b'a,b\n"x\n# y",1\n',
        {"dialect": {"commentChar": "#"}, "schema": two},
        [["x\n# y", 1]],
    )
    yield Case(
        "commentChar and a quote in the comment",
        b'a,b\n# un "guillemet, seul\nx,1\n',
        {"dialect": {"commentChar": "#"}, "schema": two},
        [["x", 1]],
    )
    yield Case(
        "commentRows", b"a,b\nx,1\nnote\ny,2\n", {"dialect": {"commentRows": [3]}, "schema": two}, [["x", 1], ["y", 2]]
    )
    yield Case("delimiter ;", b"a;b\nx;1\n", {"dialect": {"delimiter": ";"}, "schema": two}, [["x", 1]])
    yield Case("format tsv", b"a\tb\nx\t1\n", {"format": "tsv", "schema": two}, [["x", 1]])
    yield Case("doubleQuote", b'a,b\n"x ""y""",1\n', {"schema": two}, [['x "y"', 1]])
    yield Case(
        "nullSequence",
        b"a,b\n\\N,1\n",
        {"dialect": {"nullSequence": "\\N"}, "schema": two},
        [[None, 1]],
        oracle_wrong="frictionless 5.21 ignores nullSequence",
    )
    yield Case(
        "caseSensitiveHeader false",
        b"A,B\nx,1\n",
        {"dialect": {"caseSensitiveHeader": False}, "schema": two},
        [["x", 1]],
        oracle_wrong="frictionless 5.21 compares labels with their case",
    )
    # Rows between two header rows belong to neither the header nor the data (as frictionless reads them).
    yield Case(
        "headerRows apart",
        b"a,b\nune note,\nnom,nombre\nx,1\n",
        {
            "dialect": {"headerRows": [1, 3]},
            "schema": {"fields": [{"name": "a nom"}, {"name": "b nombre", "type": "integer"}]},
        },
        [["x", 1]],
    )
    yield Case("headerRows on two lines", b"a,b\nnom,nombre\nx,1\n", {"dialect": {"headerRows": [1, 2]}}, [["x", 1]])
    yield Case("columns in another order", b"b,a\n1,x\n", {"schema": two})
    yield Case("a column not in the schema", b"a,b,c\nx,1,z\n", {"schema": two})
    yield Case("blank row", b"a,b\nx,1\n,\ny,2\n", {"schema": two})
    # frictionless would read the file (absent here); ours refuses a path, naming the line.
    yield Case(
        "schema as a path",
        b"a,b\nx,1\n",
        {"schema": "schema.json"},
    )


def encoding_cases():
    text = "a\nRéseaux\n"
    for name in ("latin-1", "cp1252", "iso-8859-15", "utf-16", "mac-roman", "utf-8"):
        yield Case(f"encoding {name}", text.encode(name), {"encoding": name}, [["Réseaux"]])
    yield Case("utf-8 BOM, no encoding", codecs.BOM_UTF8 + text.encode(), {}, [["Réseaux"]])
    yield Case(
        "utf-8 BOM declared latin-1",
        codecs.BOM_UTF8 + text.encode(),
        {"encoding": "latin-1"},
        oracle_wrong="frictionless reads it as latin-1: « RÃ©seaux »",
    )
    yield Case("unknown encoding", text.encode(), {"encoding": "utf-9"})


def descriptor_cases():
    yield Case("unknown resource key", b"a\n1\n", {"titel": "x"}, oracle_wrong="frictionless accepts any extra key")
    yield Case("type table (v2)", b"a\n1\n", {"type": "table"}, [[1]])
    int_schema = {"fields": [{"name": "a", "type": "integer"}]}
    yield Case("profile", b"a\n1\n", {"profile": "tabular-data-resource", "schema": int_schema}, [[1]])
    yield Case("tabular-data-resource without a schema", b"a\n1\n", {"profile": "tabular-data-resource"})
    yield Case("format xlsx", b"a\n1\n", {"format": "xlsx"})
    yield Case("bytes wrong", b"a\n1\n", {"bytes": 99})
    yield Case("bytes right", b"a\n1\n", {"bytes": 4}, [[1]])
    yield Case("hash right", b"a\n1\n", {"hash": "34ff2335cbe2045ddc3b78993d1e971d"}, [[1]])
    yield Case("hash wrong", b"a\n1\n", {"hash": "00000000000000000000000000000000"})


CASES = [*cell_cases(), *missing_cases(), *constraint_cases(), *dialect_cases(), *encoding_cases(), *descriptor_cases()]


def write(tmp_path, case: Case):
    data = tmp_path / "data"
    data.mkdir()
    (data / "t.csv").write_bytes(case.csv)
    (data / "t.resource.yaml").write_text(json.dumps(case.descriptor, ensure_ascii=False), encoding="utf-8")
    return data


def plain(value):
    """A cell as a Python value both readers can be compared on."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day)
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    if hasattr(value, "item"):
        value = value.item()
    return value


def same(rows, expected, nan_is_missing=False) -> bool:
    """``nan_is_missing``: pandas has one NaN for a missing number and for NaN."""

    def eq(a, b):
        nan = isinstance(a, float) and math.isnan(a)
        if nan and ((isinstance(b, float) and math.isnan(b)) or (nan_is_missing and b is None)):
            return True
        return a == b

    return len(rows) == len(expected) and all(
        len(r) == len(e) and all(eq(plain(a), plain(b)) for a, b in zip(r, e, strict=True))
        for r, e in zip(rows, expected, strict=True)
    )


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_our_loader_reads_as_the_standard_says(tmp_path, case):
    data = write(tmp_path, case)
    if case.values is REFUSED:
        with pytest.raises(EditorError) as caught:
            load_dataset("t", data)
        assert caught.value.path in ("data/t.csv", "data/t.resource.yaml") and caught.value.message
        return
    frame = load_dataset("t", data).frame
    rows = [list(row) for row in frame.astype(object).itertuples(index=False, name=None)]
    assert same(rows, case.values, nan_is_missing=True), rows


def as_text(value, kind):
    """frictionless' objects for the types we keep as checked text."""
    if value is None:
        return None
    if kind == "time":
        return value.isoformat()
    if kind == "yearmonth":
        return f"{value.year:04d}-{value.month:02d}"
    if kind == "duration":
        return isodate.duration_isoformat(value)
    if kind == "geopoint":
        return f"{value[0]}, {value[1]}"
    return value


def oracle(tmp_path, case: Case):
    folder = tmp_path / "oracle"
    folder.mkdir()
    (folder / "t.csv").write_bytes(case.csv)
    descriptor = {"name": "t", "path": "t.csv", **case.descriptor}
    try:
        resource = frictionless.Resource(descriptor, basepath=str(folder))
        report = frictionless.validate(resource)
        if not report.valid:
            return REFUSED
        with frictionless.Resource(descriptor, basepath=str(folder)) as table:
            types = [f.type for f in table.schema.fields]
            return [[as_text(v, t) for v, t in zip(row.values(), types, strict=True)] for row in table.read_rows()]
    except frictionless.FrictionlessException:
        return REFUSED


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_frictionless_agrees_where_it_follows_the_standard(tmp_path, case):
    found = oracle(tmp_path, case)
    expected = case.values
    agrees = found is REFUSED if expected is REFUSED else found is not REFUSED and same(found, expected)
    if case.oracle_wrong or case.ours_only:
        assert not agrees, f"frictionless now agrees ({case.oracle_wrong or case.ours_only}): drop the note"
    else:
        assert agrees, f"frictionless read {found!r}"
