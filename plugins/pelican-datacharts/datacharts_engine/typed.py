"""A column's values as an editor types them in a block (where:, filter:,
highlight:, an inline value): 2016 and not 2016.0, a date as 2023-12-01 and
not « 1er décembre 2023 », in the column's own order (numbers ascending,
dates in time, text alphabetically), so a refusal lists what to write."""

from __future__ import annotations

import datetime
import re

from .errors import closest_first

# pandas is imported in the functions that need it: inline_values imports
# this module, and a build whose charts are all cached never loads pandas.


# How an editor writes a boolean column's values in a block (YAML reads
# true and false itself; « oui » is what a French CSV holds).
TRUE_WORDS = ("true", "oui", "vrai", "yes", "1")
FALSE_WORDS = ("false", "non", "faux", "no", "0")
# A boolean as readers read it (build_chart words a boolean shown as categories).
WORDS = {True: "oui", False: "non"}


def is_boolean(series) -> bool:
    import pandas as pd

    return pd.api.types.is_bool_dtype(series)


def as_boolean(value) -> bool:
    """An editor's true, false, oui, non (…) as a boolean; ValueError otherwise."""
    if isinstance(value, bool):
        return value
    word = as_typed(value).strip().lower()
    if word in TRUE_WORDS or word in FALSE_WORDS:
        return word in TRUE_WORDS
    raise ValueError(value)


def typed(series, value):
    """One value an editor wrote, as ``series`` (pandas) holds its values: a
    boolean, a number (float) or text; ValueError when it cannot be one."""
    import pandas as pd

    if is_boolean(series):
        return as_boolean(value)
    if pd.api.types.is_numeric_dtype(series):
        if isinstance(value, bool):
            raise ValueError(value)
        try:
            return float(value)
        except TypeError:
            raise ValueError(value) from None
    return str(value)


def present(series) -> set:
    """The column's values, typed as typed() reads an editor's."""
    import pandas as pd

    if is_boolean(series):
        return set(series.dropna().astype(bool))
    if pd.api.types.is_numeric_dtype(series):
        return set(series.dropna().astype("float64"))
    return set(series.dropna().astype(str))


def not_of_type(column: str, wanted, series) -> str:
    """Why ``wanted`` cannot be a value of the column, and what to write."""
    if is_boolean(series):
        return (
            f"« {as_typed(wanted)} » n'est ni vrai ni faux, or la colonne « {column} » est booléenne ; "
            "écrivez true ou false (ou oui, non)"
        )
    return (
        f"« {as_typed(wanted)} » n'est pas un nombre, or la colonne « {column} » est numérique ; écrivez-le en chiffres"
    )


def as_typed(value) -> str:
    """One value as the editor writes it: 2016, not 2016.0; true, not True."""
    if isinstance(value, datetime.datetime):  # a date (pandas' Timestamp too) as the block matches it
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def typed_values(series) -> list[str]:
    """The distinct values of ``series`` (pandas), as typed, in the column's order."""
    import pandas as pd

    present = series.dropna().drop_duplicates()
    if is_boolean(present):
        return [as_typed(v) for v in sorted(present.astype(bool))]
    if pd.api.types.is_datetime64_any_dtype(present):
        return list(present.sort_values().astype(str))  # the form a block matches: 2023-12-01
    if pd.api.types.is_numeric_dtype(present) and not pd.api.types.is_bool_dtype(present):
        return [as_typed(v) for v in present.astype("float64").sort_values()]
    return sorted(present.astype(str))


def matches(series, wanted):
    """Which rows of ``series`` (pandas) hold ``wanted`` as typed; ValueError
    when a numeric or boolean column is asked for text (not_of_type says why)."""
    import pandas as pd

    if is_boolean(series):
        return (series == as_boolean(wanted)).fillna(False).astype(bool)
    if pd.api.types.is_numeric_dtype(series):
        return series.astype("float64") == typed(series, wanted)
    if isinstance(wanted, bool) and set(series.dropna().astype(str)) <= set(WORDS.values()):
        wanted = WORDS[wanted]  # a boolean column worded for readers (build_chart)
    return series.astype(str) == str(wanted)


# 03/01/2016, 3/1/2016, 03.01.2016: day first, as French dates are written.
FRENCH_DATE_RE = re.compile(r"^(?P<day>\d{1,2})[/.-](?P<month>\d{1,2})[/.-](?P<year>\d{4})$")


def absent_value(column: str, wanted, series, limit: int = 30) -> str:
    """« X » is not a value of the column, with the values to write instead,
    the closest first, then the rest in the column's order."""
    import pandas as pd

    values = typed_values(series)
    if pd.api.types.is_datetime64_any_dtype(series) and (day := FRENCH_DATE_RE.match(str(wanted).strip())):
        # A date as the CSV or a French reader writes it (« 03/01/2016 »): the block writes it in ISO 8601.
        iso = f"{day['year']}-{int(day['month']):02d}-{int(day['day']):02d}"
        return f"« {as_typed(wanted)} » : une date s'écrit ici en ISO 8601, année-mois-jour ; écrivez {iso}" + (
            "" if iso in values else f" (mais la colonne « {column} » n'a pas cette date)"
        )
    shown = closest_first(as_typed(wanted), values, keep_order=True)
    more = f" (et {len(shown) - limit} autres)" if len(shown) > limit else ""
    return (
        f"« {as_typed(wanted)} » n'est pas une valeur de la colonne « {column} » ; "
        f"valeurs : {', '.join(shown[:limit])}{more}"
    )
