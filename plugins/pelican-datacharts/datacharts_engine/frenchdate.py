"""French dates for templates, without depending on the machine's locales."""

from __future__ import annotations

MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
    "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip


DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
UNITS_WITHOUT_YEAR = ("month", "quarter", "monthdate", "date", "day", "hours")


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
        # Units without the year (Vega floors them into 2012, a leap year): no year written.
        "monthdate": f"{'1er' if value.day == 1 else value.day} {MONTHS[value.month - 1]}",
        "date": str(value.day),
        "day": DAYS[value.weekday()],
        "hours": f"{value.hour} h",
    }
    return named.get(unit) or date_fr(value)


def date_in_file(value, time_unit=None) -> str:
    """A date grouped by its chart's timeUnit as the chart's CSV writes it:
    ISO 8601 down to the unit's precision (« 2016-03 » for a month of 2016,
    « 2016 » for a year); a unit without the year (a month of any year,
    which Vega floors into 2012) as the data table writes it (« mars »)."""
    unit = time_unit.get("unit") if isinstance(time_unit, dict) else time_unit
    unit = str(unit or "").removeprefix("utc")
    if not unit.startswith("year"):
        return date_in_unit(value, unit) if unit in UNITS_WITHOUT_YEAR else value.isoformat()
    if any(part in unit for part in ("hours", "minutes", "seconds", "milliseconds")):
        return value.isoformat()
    if any(part in unit for part in ("date", "day", "week")):
        return value.strftime("%Y-%m-%d")
    if "month" in unit:
        return value.strftime("%Y-%m")
    if "quarter" in unit:
        return f"{value.year}-T{(value.month - 1) // 3 + 1}"
    return str(value.year)
