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
