"""Grouping at build time: the chart's ``aggregate``, ``count``, ``bin`` and
``timeUnit`` computed by VegaFusion, which evaluates Vega's own transforms (the
ones the browser would run) in Rust over the whole file, so the page carries
one row per mark, not the raw rows.

VegaFusion gives the transformed rows; this module then rewrites the channel
definitions so that Vega-Lite draws those rows as they are: an aggregated
channel becomes a plain field, a binned one ``bin: {binned: true}`` with its
end on x2/y2, a time unit keeps its ``timeUnit`` (a floor, the same on values
already floored: the axis keeps Vega-Lite's own time labels). A test renders
both specs, raw rows with the transforms and rewritten rows, and compares the
two drawings mark for mark (tests/test_aggregate.py).
"""

from __future__ import annotations

import pandas as pd

GROUPING = ("aggregate", "bin", "timeUnit")
COMPOSITE = ("boxplot", "errorbar", "errorband")  # they aggregate by themselves
SECOND = {"x": "x2", "y": "y2"}  # where a binned channel's end goes


def wants_grouping(defs: list[dict]) -> bool:
    return any(key in d for d in defs for key in GROUPING)


def group_rows(frame: pd.DataFrame, channels: dict, mark: str, also: list[str], order) -> pd.DataFrame | None:
    """The rows Vega-Lite would draw for these channels, computed here; the
    channel definitions are rewritten in place (and x2/y2 added for bins).
    ``also``: fields the rows must keep (a highlight's); ``order``: the sort
    key of a column (VegaFusion's groups come in no set order: the rows are
    sorted by their groups, for the CSV download and a reproducible page). None, with nothing
    changed, when a definition cannot be rewritten (a sort by another field's
    aggregate, which Vega-Lite computes beside the marks; a composite mark)."""
    keys = {d.get("field") for d in _defs(channels) if not any(k in d for k in GROUPING)}
    if mark in COMPOSITE or any(field not in keys for field in also):
        return None
    if any(isinstance(d.get("sort"), dict) for d in _defs(channels)) or any(
        isinstance(value, list) for value in channels.values()
    ):
        return None
    if any(SECOND[name] in channels for name, d in channels.items() if name in SECOND and "bin" in d):
        return None
    import altair as alt

    # Plain names for VegaFusion (a dot or a bracket in a field is a path
    # there), mapped back after.
    safe = {column: f"c{i}" for i, column in enumerate(frame.columns)}
    encoding = {}
    for name, d in channels.items():
        plain = {k: v for k, v in d.items() if k in ("field", "type", "aggregate", "bin", "timeUnit", "stack")}
        if "field" in plain:
            plain["field"] = safe[plain["field"]]
        encoding[name] = plain
    rows = alt.Chart(frame.rename(columns=safe), mark=mark, encoding=encoding).transformed_data()
    rows = _local_dates(rows)
    original = {v: k for k, v in safe.items()}
    keep: dict[str, str] = {}  # VegaFusion's column -> ours
    groups: list[str] = []  # ours, the columns rows are sorted by
    for name, d in list(channels.items()):
        column = safe.get(d.get("field"))
        if "aggregate" in d:
            op = d.pop("aggregate")
            source = f"{op}_{column}" if column else "__count"
            if source not in keep:
                keep[source] = _free(f"{op}_{d['field']}" if column else "nombre", keep.values(), frame.columns)
            if op in EXACT_OPS and column and source in rows:
                # A sum of cents has cents, not 607623.0299999999 (floating point's sum).
                places = decimals_of(frame[original[column]])
                if places is not None:
                    rows[source] = rows[source].round(places)
            d["field"] = keep[source]
        elif "bin" in d:
            start = next(c for c in rows.columns if c.startswith("bin_") and c.endswith(f"_{column}"))
            field = d["field"]
            keep[start] = _free(f"{field}_début", keep.values(), frame.columns)
            keep[f"{start}_end"] = _free(f"{field}_fin", keep.values(), frame.columns)
            steps = (rows[f"{start}_end"] - rows[start]).dropna()
            d["bin"] = {"binned": True, **({"step": float(steps.iloc[0])} if len(steps) else {})}
            d["field"] = keep[start]
            groups.append(d["field"])
            channels[SECOND[name]] = {"field": keep[f"{start}_end"]}
        elif "timeUnit" in d:
            floored = next(c for c in rows.columns if c.endswith(f"_{column}") and not c.startswith("bin_"))
            keep[floored] = d["field"]
            groups.append(d["field"])
        elif column is not None:
            keep[column] = original[column]
            groups.append(original[column])
    groups = list(dict.fromkeys(groups))
    ends = {keep[c] for c in keep if c.startswith("bin_") and c.endswith("_end")}
    measures = [c for c in keep.values() if c not in groups and c not in ends]
    # The groups first (a bin's end beside its start), then what is measured.
    columns = [c for c in keep.values() if c not in measures] + measures
    rows = rows[list(keep)].rename(columns=keep)[list(dict.fromkeys(columns))]
    return rows.sort_values(groups or list(rows.columns), key=order, kind="stable").reset_index(drop=True)


# Groupings whose result has no more decimals than the values grouped.
EXACT_OPS = ("sum", "min", "max")
MAX_DECIMALS = 6


def decimals_of(values: pd.Series) -> int | None:
    """The most decimals a column's numbers are written with (up to six), or
    None when they have more (measures, not amounts): theirs is left as it is."""
    numbers = pd.to_numeric(values, errors="coerce").dropna().astype("float64")
    for places in range(MAX_DECIMALS + 1):
        if (numbers.round(places) == numbers).all():
            return places
    return None


def _defs(channels: dict) -> list[dict]:
    return [d for v in channels.values() for d in (v if isinstance(v, list) else [v])]


def _free(name: str, *taken) -> str:
    used = {str(n) for names in taken for n in names}
    candidate, suffix = name, 2
    while candidate in used:
        candidate, suffix = f"{name}_{suffix}", suffix + 1
    return candidate


def _local_dates(rows: pd.DataFrame) -> pd.DataFrame:
    """VegaFusion returns instants in UTC; the loader's dates are local (naive),
    as Vega reads them: back to naive local times."""
    from vegafusion import get_local_tz

    zone = get_local_tz()
    for column in rows.columns:
        if isinstance(rows[column].dtype, pd.DatetimeTZDtype):
            rows[column] = rows[column].dt.tz_convert(zone).dt.tz_localize(None)
    return rows
