"""A rendered chart -> its <figure>, from a theme template (autoescaped)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from .frenchdate import date_in_unit
from .frenchnum import format_number, rounded

PLUGIN_TEMPLATES = Path(__file__).parent / "templates"
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def template_environment(theme_path: str | None) -> Environment:
    """Pelican's own Jinja environment does not autoescape; ours does."""
    loaders = []
    if theme_path:
        loaders.append(FileSystemLoader(str(Path(theme_path) / "templates")))
    loaders.append(FileSystemLoader(str(PLUGIN_TEMPLATES)))
    return Environment(
        loader=ChoiceLoader(loaders),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=False,
    )


def script_json(value) -> Markup:
    """JSON safe inside <script type="application/json">, whatever the data holds."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    for char, escape in _JSON_ESCAPES.items():
        text = text.replace(char, escape)
    return Markup(text)  # noqa: S704 - every character that could end the script is escaped above


def _main_encoding(spec: dict) -> dict:
    """The encoding of the chart's own mark: the first with a position, in a
    layer or a facet's inner spec too."""
    return _main_part(spec).get("encoding", {})


def _main_part(spec: dict) -> dict:
    stack = [spec]
    while stack:
        part = stack.pop(0)
        if not isinstance(part, dict):
            continue
        encoding = part.get("encoding")
        if isinstance(encoding, dict) and ("x" in encoding or "y" in encoding or "theta" in encoding):
            return part
        stack.extend(part.get("layer") or [])
        stack.append(part.get("spec"))
    return {}


# Marks whose x is a sequence (years, dates) a reader reads the rows by, numbers or not.
SEQUENCES = ("line", "area", "trail")


# The channels a reader reads a chart's rows by, in the order they group them.
ORDER_CHANNELS = ("row", "column", "facet", "y", "x", "color", "detail", "yOffset", "xOffset", "theta")
# Lines are read by their series, then along them.
LINE_ORDER_CHANNELS = ("row", "column", "facet", "color", "detail", "x", "y", "yOffset", "xOffset", "theta")


def table_order(frame, spec: dict, index: list | None = None):
    """The plotted rows as the chart shows them, for its data table: the
    columns that name a row first (categories, series, dates), the values
    after; rows in the order of the chart's categories (``index``, when the
    grammar gave it; else Vega-Lite's: a category axis sorts ascending unless
    told otherwise, ``sort: -x`` by the bars' lengths, a list as listed). The
    CSV keeps the data's own order."""
    part = _main_part(spec)
    encoding = part.get("encoding", {})
    mark = part.get("mark", {})
    mark = mark.get("type") if isinstance(mark, dict) else mark
    defs = {name: d for name, d in encoding.items() if isinstance(d, dict) and d.get("field") in frame.columns}
    along = defs["x"]["field"] if mark in SEQUENCES and "x" in defs and "y" in defs else None  # a line's years
    values = [
        d["field"]
        for d in defs.values()
        if d.get("type") == "quantitative" and "timeUnit" not in d and d["field"] != along
    ]
    names = [c for c in frame.columns if c not in values]
    order = ORDER_CHANNELS
    if along is not None:  # lines: read by their series, then along them
        series = [d["field"] for n, d in defs.items() if n in ("color", "detail")]
        names = [c for c in series if c in names] + [c for c in names if c not in series]
        order = LINE_ORDER_CHANNELS
    columns = list(dict.fromkeys(names)) + [c for c in frame.columns if c in values]
    if index is not None and len(index) == len(frame) and set(index) == set(frame.index):
        return frame.loc[index, columns]
    return _in_chart_order(frame, defs, values, order)[columns]


def _in_chart_order(frame, defs: dict, values: list, order: tuple = ORDER_CHANNELS):
    keys, ascending, lists = [], [], {}
    for name in order:
        d = defs.get(name)
        if d is None or d["field"] in values or d["field"] in keys:
            continue
        sort = d.get("sort", "ascending")
        by = defs.get(sort.lstrip("-")) if isinstance(sort, str) else None
        if sort is None:
            continue  # the data's own order
        if isinstance(sort, list):
            lists[d["field"]] = {value: i for i, value in enumerate(sort)}
            keys.append(d["field"])
            ascending.append(True)
        elif by is not None and by["field"] in values:
            # By another channel's values: the bars' lengths (sort: -x).
            keys.append(by["field"])
            ascending.append(not sort.startswith("-"))
        elif sort in ("ascending", "descending"):
            keys.append(d["field"])
            ascending.append(sort == "ascending")
        elif isinstance(sort, dict) and sort.get("field") in frame.columns:
            keys.append(sort["field"])  # a rank of ours (one per category: its op does not matter)
            ascending.append(sort.get("order", "ascending") != "descending")
    if not keys:
        return frame
    try:
        return frame.sort_values(
            keys,
            ascending=ascending,
            kind="stable",
            key=lambda column: column.map(lists[column.name]) if column.name in lists else column,
        )
    except TypeError:  # values of mixed kinds no order compares: the data's own order
        return frame


def table_of(frame, fields, titles: dict, time_units: dict | None = None) -> tuple[list[str], list[list[str]]]:
    """The plotted data as French text, for the accessible table;
    ``time_units``: column -> the timeUnit its dates are grouped by (a month: « janvier 2023 »)."""
    import numpy as np
    import pandas as pd

    time_units = time_units or {}

    columns = [titles.get(c) or c for c in frame.columns]
    rows = []
    for record in frame.itertuples(index=False):
        row = []
        for column, value in zip(frame.columns, record, strict=False):
            info = fields.get(column)
            if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value):
                row.append("–")
            elif isinstance(value, (bool, np.bool_)):
                row.append("oui" if value else "non")
            elif hasattr(value, "strftime") and column in time_units:
                row.append(date_in_unit(value, time_units[column]))
            elif hasattr(value, "strftime"):
                row.append(value.strftime("%d/%m/%Y"))
            elif isinstance(value, (int, float, np.integer, np.floating)):
                if info and info.is_year:
                    row.append(str(value))
                else:
                    shown = rounded(value, info.decimals) if info is not None and info.decimals is not None else value
                    row.append(format_number(shown, unit=info.unit if info else None))
            else:
                row.append(str(value))
        rows.append(row)
    return columns, rows


@dataclass(frozen=True)
class FigureView:
    """What a chart's templates (datachart.html, datachart-embed.html) show."""

    anchor: str
    title: str
    description: str
    note: str | None
    source: str
    svg: Markup  # the drawing, accessible, ids of its own
    svg_narrow: Markup | None  # the phone drawing, when the chart has one
    csv_url: str
    svg_url: str
    embed_url: str
    embed_absolute_url: str  # for the embed code pasted on other sites
    embed_height: int
    width: int
    dataset_name: str
    dataset_title: str
    dataset_url: str
    interactive: bool
    runtime_url: str
    spec_json: str  # the live chart's spec ("" for a static chart)
    table_columns: list
    table_rows: list
    base: str  # output-relative path of its files, without extension (names.chart_base)
    embedded: bool = False  # drawn in its embed page, not in an article
    assets_url: str = ""  # from the embed page to the plugin's stylesheet and scripts ("../")
    phone_spec_json: str = ""  # a live Python chart's spec on a phone: its narrow drawing's ("": the wide one's)


# Where a figure says that its data were updated since its article was
# published: the build writes the notice in, article by article (the same
# drawing serves every date). A theme's datachart.html keeps it in its caption.
UPDATES_SLOT = "<!--datacharts:updates-->"


def render_figure(env: Environment, chart: FigureView) -> str:
    return env.get_template("datachart.html").render(chart=chart).strip()
