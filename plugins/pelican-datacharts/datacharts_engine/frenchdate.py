"""French dates for templates, without depending on the machine's locales."""

from __future__ import annotations

MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
    "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip


def date_fr(value) -> str:
    """datetime -> '10 mars 2017' ('1er' for the first of the month)."""
    day = "1er" if value.day == 1 else str(value.day)
    return f"{day} {MONTHS[value.month - 1]} {value.year}"


def add_filters(generator) -> None:
    generator.env.filters.setdefault("date_fr", date_fr)


def date_in_unit(value, time_unit=None) -> str:
    """A date as its chart groups it (Vega-Lite's timeUnit): « janvier 2023 »
    for a month, « 2023 » for a year, « 2e trimestre 2023 »; a day, or no
    unit, as date_fr."""
    unit = time_unit.get("unit") if isinstance(time_unit, dict) else time_unit
    unit = str(unit or "").removeprefix("utc")
    quarter = (value.month - 1) // 3 + 1
    quarter_words = f"{'1er' if quarter == 1 else f'{quarter}e'} trimestre"
    named = {
        "year": str(value.year),
        "yearmonth": f"{MONTHS[value.month - 1]} {value.year}",
        "yearquartermonth": f"{MONTHS[value.month - 1]} {value.year}",
        "yearquarter": f"{quarter_words} {value.year}",
        "month": MONTHS[value.month - 1],
        "quarter": quarter_words,
    }
    return named.get(unit) or date_fr(value)
