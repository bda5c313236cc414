"""The claim check: every number an editor typed in a chart's title,
description or note, a reference's label or an annotation's text must be one
its data holds.

A value quoted with ``{{ … }}`` comes from the data and is not checked; a
number typed by hand is read the French way (``62 %``, ``2 700``, ``12,5``,
``1,2 million``) and must match, at the precision it is written with, a value
of the chart's data (its dataset after ``filter``: every number of it, and the
total, mean, smallest and largest of each numeric column). Qualifiers:

the value a qualified number speaks of is taken to be the data's value
closest to it, and

- « plus de X » holds if that value is above X, « au moins X » if it is at
  least X; « moins de X » below X, « au plus X » at most X;
- « près de », « environ », « autour de », « quelque », « presque » X: if it is
  within ``APPROXIMATE`` (5 %) of X, or within X's own precision.

A whole number from 1900 to 2100 written without a unit is a year: it must be
one of the data's years (values of a year-like column, or of a date column)
when the data has years; otherwise it is left alone. Numbers written in words
(« près des trois quarts ») are never read, nor a whole number that numbers a
thing (« Série 2 », « Graphique 3 », « n° 12 »: ``LABEL_RE``). Any other number
that is not a claim about the data (« les 4 domaines », a year of reference)
is listed in the block's ``unchecked:`` key, as written.
"""

from __future__ import annotations

import math
import re

import pandas as pd

CLAIM_KEYS = ("title", "description", "note", "reference", "annotations")
APPROXIMATE = 0.05
_SPACE = "[ \u00a0\u202f]"
QUALIFIERS = {
    "plus de": "above",
    "plus d'": "above",
    "au moins": "at_least",
    "moins de": "below",
    "moins d'": "below",
    "au plus": "at_most",
    "près de": "about",
    "pres de": "about",
    "environ": "about",
    "autour de": "about",
    "quelque": "about",
    "presque": "about",
    "quasiment": "about",
    "dépasse": "above",
    "dépassent": "above",
    "au-delà de": "above",
    "jusqu'à": "at_most",
}
RELATIONS = {
    "above": "au-dessus",
    "at_least": "au moins égale",
    "below": "en dessous",
    "at_most": "au plus égale",
    "about": f"assez proche (à {APPROXIMATE:.0%} près)".replace("%", "\u202f%"),
}
# « varie de X à Y », « s'échelonnent de X à Y »: the least and the greatest
# value of a column, not two values of it (an update adding a row beyond Y
# makes the sentence false).
RANGE_RE = re.compile(
    r"\b(?:vari\w*|s'échelonn\w*|s'étend\w*|oscill\w*|vont|va)" + _SPACE + r"+de" + _SPACE + r"+"
    r"(?P<low>[\d" + _SPACE[1:-1] + r",]+?)" + _SPACE + r"*(?P<lowunit>%)?" + _SPACE + r"+à" + _SPACE + r"+"
    r"(?P<high>\d[\d" + _SPACE[1:-1] + r",]*?)" + _SPACE + r"*(?P<unit>%|pour cent\b)?(?![\w,]\d|\d)",
    re.I,
)
NUMBER_RE = re.compile(
    r"(?<![\w,.:/])"
    r"(?:(?P<qual>" + "|".join(re.escape(q) for q in sorted(QUALIFIERS, key=len, reverse=True)) + r")\s*)?"
    r"(?P<num>\d{1,3}(?:" + _SPACE + r"\d{3})+(?:,\d+)?|\d+(?:,\d+)?)"
    r"(?P<scale>" + _SPACE + r"*(?:millions?|milliards?)\b)?"
    r"(?P<unit>" + _SPACE + r"*(?:%|pour cent\b))?"
    r"(?![\w/]|[.,:]\d)",
    re.I,
)
YEAR_MIN, YEAR_MAX = 1900, 2100
# A whole number right after one of these words numbers a thing (« Série 2 »,
# « Graphique 3 », « n° 12 »): it is no claim about the data.
LABEL_RE = re.compile(
    r"(?:^|\W)(?:séries?|graphiques?|figures?|tableaux?|tableau|cartes?|parties?|chapitres?|étapes?|annexes?"
    r"|versions?|vagues?|n°|no\.?|numéros?)" + _SPACE + r"*$",
    re.I,
)


def check_claims(block, typed: dict, frame: pd.DataFrame, anchor: str | None = None) -> None:
    """Raise an EditorError for the typed numbers the data does not hold (the
    first, with the others in its ``others``).
    ``typed``: the block's texts as written, quoted values taken out;
    ``anchor``: the chart's anchor when the title makes it (no ``id:``): a
    title rewritten to fix a claim would move the chart's public files."""
    keep = f" ; gardez son adresse en ajoutant « id: {anchor} » au bloc" if anchor else ""
    found: list = []
    unchecked = {_normal(str(v)) for v in (block.get("unchecked") or [])}
    values = _values(frame)
    years = _years(frame)
    for key in CLAIM_KEYS:
        text = typed.get(key)
        if not isinstance(text, str):
            continue
        for match in RANGE_RE.finditer(text):
            problem = _range_unsupported(match, frame, unchecked)
            if problem:
                found.append(
                    block.error(f"{key} : « {match.group(0).strip()} » {problem}{keep if key == 'title' else ''}", key)
                )
        for match in NUMBER_RE.finditer(text):
            written = match.group(0).strip()
            if _normal(written) in unchecked or _normal(match.group("num")) in unchecked:
                continue
            if _is_label(text[: match.start()], match):
                continue
            problem = _unsupported(match, values, years)
            if problem:
                found.append(block.error(f"{key} : « {written} » {problem}{keep if key == 'title' else ''}", key))
    if found:
        # Every false number at once (a build per number would be slow to fix).
        found[0].others = tuple(found[1:])
        raise found[0]


def _unsupported(match: re.Match, values: list[float], years: set[int]) -> str | None:
    """Why the data does not hold this number (None: it does)."""
    digits = re.sub(_SPACE, "", match.group("num"))
    number = float(digits.replace(",", "."))
    decimals = len(digits.split(",")[1]) if "," in digits else 0
    step = 10.0**-decimals
    scale = (match.group("scale") or "").strip().lower()
    if scale:
        factor = 1e9 if scale.startswith("milliard") else 1e6
        number, step = number * factor, step * factor
    percent = bool(match.group("unit"))
    qualifier = QUALIFIERS.get((match.group("qual") or "").lower())
    bare = not percent and not scale and not qualifier and decimals == 0
    if bare and YEAR_MIN <= number <= YEAR_MAX and float(number).is_integer():
        if not years or int(number) in years:
            return None
        known = ", ".join(str(y) for y in sorted(years)[:8])
        return f"n'est pas une année des données ({known}) ; corrigez l'année, ou ajoutez-la à unchecked:"
    candidates = values + ([v * 100 for v in values if abs(v) <= 1] if percent else [])
    if not candidates:
        return None  # no number in the data: nothing to check against
    closest = min(candidates, key=lambda v: abs(v - number))
    # A plain number must be one of the data's; a qualified one is about the
    # value closest to it, which must be above, below or near it as it says
    # (« plus de 6 700 » is false of 6 700).
    if (
        _holds(qualifier, number, step, closest)
        if qualifier
        else any(_holds(None, number, step, v) for v in candidates)
    ):
        return None
    from .frenchnum import format_number

    if qualifier:
        return (
            f"ne dit pas vrai : la valeur dont il parle n'est pas {RELATIONS[qualifier]} "
            f"(la plus proche : {format_number(_tidy(closest))}) ; citez la valeur avec "
            "{{ dataset: …, column: … }}, corrigez la phrase, ou ajoutez ce nombre à unchecked: s'il ne vient "
            "pas des données"
        )
    return (
        f"ne correspond à aucune valeur des données (la plus proche : {format_number(_tidy(closest))}) ; "
        "citez la valeur avec {{ dataset: …, column: … }}, corrigez la phrase, "
        "ou ajoutez ce nombre à unchecked: s'il ne vient pas des données"
    )


def _range_unsupported(match: re.Match, frame: pd.DataFrame, unchecked: set[str]) -> str | None:
    """Why « de X à Y » is not the least and greatest value of any column (None: it is)."""
    ends = []
    for name in ("low", "high"):
        digits = re.sub(_SPACE, "", match.group(name)).rstrip(",")
        if not re.fullmatch(r"\d+(?:,\d+)?", digits) or _normal(digits) in unchecked:
            return None
        decimals = len(digits.split(",")[1]) if "," in digits else 0
        ends.append((float(digits.replace(",", ".")), 10.0**-decimals))
    (low, low_step), (high, high_step) = ends
    percent = bool(match.group("unit") or match.group("lowunit"))
    if not percent and all(v.is_integer() and YEAR_MIN <= v <= YEAR_MAX for v in (low, high)):
        return None  # « de 2013 à 2016 »: years, checked as years
    spans = []
    for column, numbers in _measures(frame):
        least, greatest = numbers.min(), numbers.max()
        spans.append((column, least, greatest))
        if percent and abs(least) <= 1 and abs(greatest) <= 1:
            spans.append((column, least * 100, greatest * 100))
    if not spans:
        return None
    for _, least, greatest in spans:
        if _holds(None, low, low_step, least) and _holds(None, high, high_step, greatest):
            return None
    column, least, greatest = min(spans, key=lambda s: abs(s[1] - low) + abs(s[2] - high))
    from .frenchnum import format_number

    return (
        f"dit les valeurs la plus basse et la plus haute, mais « {column} » va de "
        f"{format_number(_tidy(least))} à {format_number(_tidy(greatest))} ; "
        "citez-les avec {{ dataset: …, column: … }} (ou corrigez la phrase)"
    )


def _is_label(before: str, match: re.Match) -> bool:
    bare = not (match.group("qual") or match.group("scale") or match.group("unit")) and "," not in match.group("num")
    return bare and bool(LABEL_RE.search(before))


def _holds(qualifier: str | None, number: float, step: float, value: float) -> bool:
    tolerance = step / 2 + 1e-9 * max(1.0, abs(number))
    if qualifier == "above":
        return value > number
    if qualifier == "at_least":
        return value >= number - tolerance
    if qualifier == "below":
        return value < number
    if qualifier == "at_most":
        return value <= number + tolerance
    if qualifier == "about":
        return abs(value - number) <= max(tolerance, APPROXIMATE * abs(number))
    return abs(value - number) <= tolerance


def _measures(frame: pd.DataFrame):
    """(column, its finite numbers) for each numeric column that is no years'."""
    for column in frame.columns:
        series = frame[column]
        if pd.api.types.is_bool_dtype(series) or not pd.api.types.is_numeric_dtype(series):
            continue
        numbers = series.dropna().astype("float64")
        numbers = numbers[numbers.map(math.isfinite)]
        if not numbers.empty and not _year_like(numbers):
            yield column, numbers


def _values(frame: pd.DataFrame) -> list[float]:
    """Every number of the data, with each column's total, mean, least and
    greatest; not the years (a year is checked as a year)."""
    found: set[float] = set()
    for _, numbers in _measures(frame):
        found.update(numbers.tolist())
        found.update([numbers.sum(), numbers.mean(), numbers.min(), numbers.max()])
    found.add(float(len(frame)))
    return sorted(found)


def _years(frame: pd.DataFrame) -> set[int]:
    years: set[int] = set()
    for column in frame.columns:
        series = frame[column].dropna()
        if pd.api.types.is_datetime64_any_dtype(series):
            years.update(int(y) for y in series.dt.year.unique())
        elif pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series) and len(series):
            numbers = series.astype("float64")
            if _year_like(numbers):
                years.update(int(v) for v in numbers.unique())
        else:
            for value in series.unique():
                year = getattr(value, "year", None)
                if isinstance(year, int):
                    years.add(year)
    return years


def _year_like(numbers: pd.Series) -> bool:
    return bool(numbers.map(lambda v: float(v).is_integer() and YEAR_MIN <= v <= YEAR_MAX).all())


def _normal(text: str) -> str:
    return re.sub(r"[\s\u00a0\u202f]+", "", text).lower()


def _tidy(value: float):
    return int(value) if float(value).is_integer() else round(value, 2)
