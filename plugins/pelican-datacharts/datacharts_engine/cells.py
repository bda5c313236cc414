"""Cells read as Table Schema v1 says, one vectorised pass per column.

``read_column`` returns the column's values (numbers, booleans, dates; the
types a chart cannot draw stay as their text, checked) and raises an
``EditorError`` naming the line of the first value its type refuses: never a
guess, never a silent NaN. Our documented extensions: ``groupChar`` takes the
plain, no-break and narrow no-break spaces together (French exports), and
applies to integers too.
"""

from __future__ import annotations

import base64
import binascii
import json
import re

import numpy as np
import pandas as pd

from .descriptor import FieldSpec
from .errors import EditorError

SPACES = " \u00a0\u202f\u2009"
INT64_MAX = 2**63 - 1
_NUMBER = r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?"
_SPECIAL = ("NaN", "INF", "-INF")
_BARE_STRIP = re.compile(r"^[^\d+\-.]*|[^\d.]*$")
_TZ = r"(?:Z|[+-]\d{2}:?\d{2})?"
_TIME = rf"(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?{_TZ}"
PATTERNS = {
    "date": r"\d{4}-\d{2}-\d{2}",
    "datetime": rf"\d{{4}}-\d{{2}}-\d{{2}}[T ]{_TIME}",
    "time": _TIME,
    "year": r"\d{4}",
    "yearmonth": r"\d{4}-(?:0[1-9]|1[0-2])",
    "duration": r"P(?!$)(?:\d+Y)?(?:\d+M)?(?:\d+W)?(?:\d+D)?(?:T(?=\d)(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d+)?S)?)?",
    "email": r"[^@\s]+@[^@\s]+\.[^@\s]+",
    "uri": r"[A-Za-z][A-Za-z0-9+.-]*:\S+",
    "uuid": r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}",
}
_ANY_ISO = rf"\d{{4}}-\d{{2}}-\d{{2}}(?:[T ](?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?{_TZ})?"
EXPECTED = {
    "integer": "un nombre entier",
    "number": "un nombre",
    "year": "une année de quatre chiffres",
    "yearmonth": "une année et un mois AAAA-MM",
    "date": "une date",
    "datetime": "une date et heure ISO 8601 (2016-03-10T14:30:00, avec Z ou +01:00 au besoin)",
    "time": "une heure hh:mm:ss",
    "duration": "une durée ISO 8601 (P1Y2M, PT3H)",
    "object": "un objet JSON entre accolades",
    "array": "une liste JSON entre crochets",
    "geopoint": "un point « longitude, latitude »",
    "geojson": "un objet GeoJSON",
}


class ColumnContext:
    """What an error about one column names: the CSV file, the line, the column."""

    def __init__(self, col: str, lines, path: str):
        self.col = col
        self.lines = lines
        self.path = path

    def fail(self, raw: pd.Series, bad: pd.Series, message: str):
        index = int(bad.to_numpy().nonzero()[0][0])
        value = raw.iloc[index]
        message = message.replace("{col}", self.col).replace("{value}", str(value))
        raise EditorError(message, self.path, self.lines(index))


def read_column(raw: pd.Series, f: FieldSpec, is_missing: pd.Series, ctx: ColumnContext) -> pd.Series:
    kind = f.type
    if kind in ("string", "any"):
        _check_string_format(raw, f, is_missing, ctx)
        return raw.where(~is_missing, None)
    values = raw.str.strip()
    if kind in ("integer", "number"):
        return _numbers(raw, values, f, is_missing, ctx)
    if kind == "year":
        ok = values.str.fullmatch(PATTERNS["year"])
        _refuse(raw, ok, is_missing, f, ctx)
        return pd.to_numeric(values.where(ok & ~is_missing), errors="coerce").astype("Int64")
    if kind == "boolean":
        ok = values.isin(f.true_values + f.false_values)
        expected = f"un booléen ({', '.join(f.true_values + f.false_values)})"
        _refuse(raw, ok, is_missing, f, ctx, expected)
        return values.isin(f.true_values).astype("boolean").where(~is_missing)
    if kind in ("date", "datetime"):
        return _dates(raw, values, f, is_missing, ctx)
    if kind == "time" and "%" in f.format:
        ok = pd.to_datetime(
            "2000-01-01 " + values.where(~is_missing, ""), format="%Y-%m-%d " + f.format, errors="coerce"
        ).notna()
        _refuse(raw, ok, is_missing, f, ctx, f"une heure au format {f.format}")
        return raw.where(~is_missing, None)
    if kind in ("time", "yearmonth", "duration"):
        _refuse(raw, values.str.fullmatch(PATTERNS[kind]), is_missing, f, ctx)
        return values.where(~is_missing, None)
    # object, array, geopoint, geojson: checked one by one (rare, small columns)
    ok = pd.Series([bool(is_missing.iat[i]) or _json_ok(v, f) for i, v in enumerate(values)], index=raw.index)
    _refuse(raw, ok, is_missing, f, ctx)
    return values.where(~is_missing, None)


def _refuse(raw, ok, is_missing, f: FieldSpec, ctx: ColumnContext, expected=None):
    bad = ~ok.fillna(False).astype(bool) & ~is_missing
    if bad.any():
        expected = expected or EXPECTED.get(f.type, f.type)
        ctx.fail(
            raw,
            bad,
            "colonne « {col} » : « {value} » n'est pas "
            + f"{expected} (type {f.type} déclaré) ; "
            + _fix_for(raw[bad].iloc[0], f, ctx.col),
        )


def _check_string_format(raw, f: FieldSpec, is_missing, ctx):
    if f.type != "string" or f.format == "default":
        return
    if f.format == "binary":
        ok = pd.Series([bool(is_missing.iat[i]) or _base64_ok(v) for i, v in enumerate(raw)], index=raw.index)
    elif f.format == "wkt":
        ok = pd.Series([bool(is_missing.iat[i]) or wkt_ok(v) for i, v in enumerate(raw)], index=raw.index)
    else:
        ok = raw.str.fullmatch(PATTERNS[f.format])
    bad = ~ok.fillna(False).astype(bool) & ~is_missing
    if bad.any():
        ctx.fail(
            raw,
            bad,
            "colonne « {col} » : « {value} » n'est pas " + f"au format {f.format} déclaré ; corrigez la valeur",
        )


_WKT_TOKEN = re.compile(r"\s*(?:([A-Za-z]+)|([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)|([(),]))")


def wkt_ok(value: str) -> bool:
    """Whether a cell is well-known text (WKT, ISO 19125): a geometry keyword,
    an optional Z, M or ZM, then EMPTY or a parenthesised list whose items are
    coordinates (two to four numbers), lists, or geometries (collections,
    compound curves). A syntax check only: the cell stays text."""
    tokens, position = [], 0
    text = value.strip()
    while position < len(text):
        match = _WKT_TOKEN.match(text, position)
        if not match or match.end() == position:
            return False
        word, number, punct = match.groups()
        tokens.append(("w", word.upper()) if word else ("n", number) if number else ("p", punct))
        position = match.end()
    index = 0

    def peek():
        return tokens[index] if index < len(tokens) else ("", "")

    def geometry() -> bool:
        nonlocal index
        kind, word = peek()
        if kind != "w" or word in ("Z", "M", "ZM", "EMPTY"):
            return False
        index += 1
        if peek() in (("w", "Z"), ("w", "M"), ("w", "ZM")):
            index += 1
        if peek() == ("w", "EMPTY"):
            index += 1
            return True
        return group()

    def group() -> bool:
        nonlocal index
        if peek() != ("p", "("):
            return False
        index += 1
        while True:
            kind, _ = peek()
            if kind == "n":
                count = 0
                while peek()[0] == "n":
                    index += 1
                    count += 1
                if not 2 <= count <= 4:
                    return False
            elif kind == "w":
                if not geometry():
                    return False
            elif not group():
                return False
            if peek() == ("p", ","):
                index += 1
                continue
            if peek() == ("p", ")"):
                index += 1
                return True
            return False

    return geometry() and index == len(tokens)


def _base64_ok(value: str) -> bool:
    try:
        base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return False
    return True


def _json_ok(text: str, f: FieldSpec) -> bool:
    if f.type == "geopoint" and f.format == "default":
        parts = text.split(",")
        if len(parts) != 2 or not all(re.fullmatch(_NUMBER, p.strip()) for p in parts):
            return False
        return _lon_lat(float(parts[0]), float(parts[1]))
    try:
        value = json.loads(text)
    except ValueError:
        return False
    if f.type == "object":
        return isinstance(value, dict)
    if f.type == "array":
        return isinstance(value, list)
    if f.type == "geojson":
        return isinstance(value, dict) and isinstance(value.get("type"), str)
    if f.format == "array":
        return isinstance(value, list) and len(value) == 2 and _lon_lat(*value)
    return isinstance(value, dict) and set(value) == {"lon", "lat"} and _lon_lat(value["lon"], value["lat"])


def _lon_lat(lon, lat) -> bool:
    numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (lon, lat))
    return numbers and -180 <= lon <= 180 and -90 <= lat <= 90


def _numbers(raw, values, f: FieldSpec, is_missing, ctx):
    if not f.bare_number:
        values = values.str.replace(_BARE_STRIP, "", regex=True)
    group = f.group_char
    if group is not None:
        chars = SPACES if group in SPACES else group
        values = values.str.replace(f"[{re.escape(chars)}]", "", regex=True)
    if not is_missing.any() and f.decimal_char == ".":
        # (with decimalChar "," a « 1.234 » must reach the mixed-column check below)
        fast = _plain_numbers(values, f.type)
        if fast is not None:
            return fast
    if f.type == "integer":
        ok = values.str.fullmatch(r"[+-]?\d+")
        _refuse(raw, ok, is_missing, f, ctx)
        usable = values.where(ok.fillna(False).astype(bool) & ~is_missing)
        _refuse_huge_integers(usable, raw, ctx)
        return pd.to_numeric(usable, errors="coerce").astype("Int64")
    if f.decimal_char != ".":
        # "12.5" in a column written "12,5" is a mixed column, not 125.
        mixed = values.str.fullmatch(r"[+-]?\d*\.\d+").fillna(False).astype(bool) & ~is_missing
        if mixed.any() and group != ".":
            ctx.fail(
                raw,
                mixed,
                "colonne « {col} » : « {value} » a un point décimal alors que la colonne "
                f"utilise « {f.decimal_char} » (decimalChar) ; écrivez toutes les valeurs de la même façon",
            )
        values = values.str.replace(f.decimal_char, ".", regex=False)
    special = values.isin(_SPECIAL)
    ok = values.str.fullmatch(_NUMBER) | special
    _refuse(raw, ok, is_missing, f, ctx)
    converted = pd.to_numeric(values.where(ok.fillna(False).astype(bool) & ~is_missing & ~special), errors="coerce")
    if special.any():
        converted = converted.astype("float64")
        converted[values.eq("INF")] = float("inf")
        converted[values.eq("-INF")] = float("-inf")
    overflow = converted.abs().eq(float("inf")) & ~special
    if overflow.any():
        ctx.fail(
            raw, overflow, "colonne « {col} » : valeur infinie « {value} » (au-delà de 1e308) ; corrigez la valeur"
        )
    return converted


_STRAY_RE = re.compile(r"[^0-9eE+\-.\n]")


def _has_stray_characters(values: pd.Series) -> bool:
    """Whether a cell holds more than digits, sign, point and exponent: one
    regular-expression pass over the joined cells, not one per cell (a
    million-row column is checked in milliseconds)."""
    try:
        return bool(_STRAY_RE.search("\n".join(values.tolist())))
    except TypeError:  # a cell that is not text
        return bool(values.astype(str).str.contains(r"[^0-9eE+\-.]", regex=True).any())


def _plain_numbers(values: pd.Series, kind: str) -> pd.Series | None:
    """The common case in one C pass: every cell a plain number that pandas
    reads as the spec does (no NaN/INF, no decimal comma); None otherwise."""
    try:
        converted = pd.to_numeric(values)
    except (ValueError, TypeError):
        return None
    if kind == "integer":
        return converted.astype("Int64") if converted.dtype.kind == "i" else None
    if converted.dtype.kind not in "if" or not np.isfinite(converted.to_numpy(dtype="float64")).all():
        return None
    if kind == "number" and _has_stray_characters(values):
        return None  # " 12 " or the like: let the checks below name it
    # As pandas reads them: whole numbers stay integers, so the CSV download
    # and the tables write « 62 », as the file does, not « 62.0 ».
    return converted


def _refuse_huge_integers(values: pd.Series, raw: pd.Series, ctx) -> None:
    """An integer column holds 64-bit integers: a longer one is most likely a
    slip (digits typed twice), never silently made a float."""
    digits = values.str.lstrip("+-").str.lstrip("0").str.len()
    long = digits.gt(18).fillna(False).astype(bool)
    huge = pd.Series(False, index=values.index)
    for index in values.index[long]:
        huge[index] = not -INT64_MAX - 1 <= int(values[index]) <= INT64_MAX
    if huge.any():
        ctx.fail(
            raw,
            huge,
            "colonne « {col} » : « {value} » est un entier trop grand (au plus 9 223 372 036 854 775 807) ; "
            "corrigez la valeur, ou déclarez la colonne de type number",
        )


def _dates(raw, values, f: FieldSpec, is_missing, ctx):
    kind = f.type
    usable = values.where(~is_missing)
    if f.format == "any":
        # ISO 8601 only: « 05/03/2024 » is 5 March or 3 May, and we never guess.
        ok = usable.str.fullmatch(_ANY_ISO)
        expected = 'une date ISO 8601 (2016-03-10, ou pour 10/03/2016 déclarez format: "%d/%m/%Y")'
        _refuse(raw, ok, is_missing, f, ctx, expected)
        return _iso(usable, kind)
    if f.format == "default" and kind == "date":
        # pandas' own ISO parser, strict on a format; ten characters: 2016-03-10, not 2016-3-10
        converted = pd.to_datetime(usable, errors="coerce", format="%Y-%m-%d")
        ok = converted.notna() & usable.str.len().eq(10)
        _refuse(raw, ok, is_missing, f, ctx, EXPECTED["date"] + " au format %Y-%m-%d (AAAA-MM-JJ)")
    elif f.format == "default":
        ok = usable.str.fullmatch(PATTERNS[kind])
        _refuse(raw, ok, is_missing, f, ctx)
        converted = _iso(usable, kind)
    else:
        fmt = f.format
        converted = pd.to_datetime(usable, errors="coerce", format=fmt.replace("%Z", ""))
        if getattr(converted.dt, "tz", None) is not None:
            converted = converted.dt.tz_convert("UTC").dt.tz_localize(None)
    _refuse(
        raw,
        converted.notna(),
        is_missing,
        f,
        ctx,
        f"{EXPECTED['date']} au format {f.format}" if f.format != "default" else None,
    )
    return converted


def _iso(values: pd.Series, kind: str) -> pd.Series:
    """ISO 8601 dates and datetimes; with an offset or Z, read in UTC."""
    aware = values.str.contains(r"(?:Z|[+-]\d{2}:?\d{2})$", regex=True).fillna(False).astype(bool)
    converted = pd.to_datetime(values, errors="coerce", format="ISO8601", utc=bool(aware.any()))
    if aware.any():
        converted = converted.dt.tz_localize(None)
    if kind == "date":
        converted = converted.dt.normalize() if converted.notna().any() else converted
    return converted


_GROUPED = re.compile(r"^[+-]?\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?:[.,]\d+)?$")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")
_WITH_UNIT = re.compile(r"^\D{0,3}[+-]?\d[\d \u00a0\u202f.,]*\s*\D{1,4}$")


def _fix_for(value: str, f: FieldSpec, col: str) -> str:
    """What to change, from what the value looks like."""
    text = str(value).strip()
    kind = f.type
    if kind in ("integer", "number", "year"):
        if re.fullmatch(r"[\u2212\u2013\u2014]\s*\d[\d\s.,]*", text):
            return "le signe moins est un tiret typographique (« − ») : remplacez-le par « - » dans le fichier"
        if _GROUPED.match(text) and f.group_char is None and kind != "year":
            return f'séparateur de milliers : ajoutez groupChar: " " à la colonne « {col} » du descripteur'
        if _DECIMAL_COMMA.match(text) and kind == "number" and f.decimal_char == ".":
            return f'virgule décimale : ajoutez decimalChar: "," à la colonne « {col} » du descripteur'
        if (_DECIMAL_COMMA.match(text) or re.fullmatch(r"[+-]?\d*\.\d+", text)) and kind != "number":
            return f"un nombre à virgule dans une colonne d'entiers : déclarez la colonne « {col} » type: number"
        if _WITH_UNIT.match(text) and f.bare_number and kind != "year":
            return f"un nombre avec son unité : ajoutez bareNumber: false à la colonne « {col} » du descripteur"
    if kind == "date" and re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", text) and f.format == "default":
        return f'date jour/mois/année : ajoutez format: "%d/%m/%Y" à la colonne « {col} » du descripteur'
    if not re.search(r"\d", text):
        return (
            f"si « {text} » veut dire « pas de donnée », déclarez-le dans le descripteur : "
            f'schema: missingValues: ["", "{text}"] ; sinon corrigez la valeur'
        )
    return "corrigez la valeur"
