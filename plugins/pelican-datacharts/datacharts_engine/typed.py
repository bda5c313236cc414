"""A column's values as an editor types them in a block (where:, filter:,
highlight:, an inline value): 2016 and not 2016.0, a date as 2023-12-01 and
not « 1er décembre 2023 », in the column's own order (numbers ascending,
dates in time, text alphabetically), so a refusal lists what to write."""

from __future__ import annotations

import datetime

from .errors import closest_first

# pandas is imported in the functions that need it: inline_values imports
# this module, and a build whose charts are all cached never loads pandas.


def as_typed(value) -> str:
    """One value as the editor writes it: 2016, not 2016.0."""
    if isinstance(value, datetime.datetime):  # a date (pandas' Timestamp too) as the block matches it
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def typed_values(series) -> list[str]:
    """The distinct values of ``series`` (pandas), as typed, in the column's order."""
    import pandas as pd

    present = series.dropna().drop_duplicates()
    if pd.api.types.is_datetime64_any_dtype(present):
        return list(present.sort_values().astype(str))  # the form a block matches: 2023-12-01
    if pd.api.types.is_numeric_dtype(present) and not pd.api.types.is_bool_dtype(present):
        return [as_typed(v) for v in present.astype("float64").sort_values()]
    return sorted(present.astype(str))


def matches(series, wanted):
    """Which rows of ``series`` (pandas) hold ``wanted`` as typed; ValueError
    when a numeric column is asked for text."""
    import pandas as pd

    if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
        return series.astype("float64") == float(wanted)
    return series.astype(str) == str(wanted)


def absent_value(column: str, wanted, series, limit: int = 30) -> str:
    """« X » is not a value of the column, with the values to write instead,
    the closest first, then the rest in the column's order."""
    values = typed_values(series)
    shown = closest_first(as_typed(wanted), values, keep_order=True)
    more = f" (et {len(shown) - limit} autres)" if len(shown) > limit else ""
    return (
        f"« {as_typed(wanted)} » n'est pas une valeur de la colonne « {column} » ; "
        f"valeurs : {', '.join(shown[:limit])}{more}"
    )
