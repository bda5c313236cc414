"""Block + dataset -> Vega-Lite spec. Pure: no file is read or written here."""

from __future__ import annotations

import copy
import difflib
import re
import unicodedata
from dataclasses import dataclass, replace

import altair as alt
import pandas as pd

from .aggregate import SECOND, decimals_of, group_rows, wants_grouping
from .autodescribe import draft, wants_auto, written
from .blocks import UNSAFE_MARK_OPTIONS, ChartBlock
from .colours import apply_colours, sorted_as_asked, values_in_order
from .datasets import Dataset, csv_line, french_numbers_fix
from .errors import EditorError, Mistakes, choices
from .figure import table_order
from .frenchnum import format_number
from .layout import chart_size, phone_legends, wrap_headers, wrap_labels
from .marks import Decorations, _free_name, french_formats, value_channel
from .typed import WORDS, absent_value, as_typed, is_boolean, not_of_type, typed
from .typed import present as typed_present

MAX_ROWS = 5000
CHANNEL_CLASSES = {
    "x": alt.X, "y": alt.Y, "color": alt.Color, "theta": alt.Theta, "size": alt.Size,
    "shape": alt.Shape, "opacity": alt.Opacity, "text": alt.Text, "tooltip": alt.Tooltip,
    "column": alt.Column, "row": alt.Row, "xOffset": alt.XOffset, "yOffset": alt.YOffset,
    "x2": alt.X2, "y2": alt.Y2,  # a bin's end, once computed at build time (aggregate.py)
}  # fmt: skip
DEFAULT_TYPES = {
    "integer": "quantitative", "number": "quantitative", "date": "temporal",
    "datetime": "temporal", "year": "ordinal", "string": "nominal", "boolean": "nominal",
}  # fmt: skip
# What the marks' labels (read by screen readers and our tooltips) and Vega's
# own tooltips write, in the fr-FR locale: numbers as frenchnum.format_number
# writes them in tables and prose (grouped, up to six decimals, exact: 12,5 stays
# 12,5; 15827 becomes 15 827), dates as the data table does. Axes keep Vega's
# own tick formats: tooltipFormat reaches labels and tooltips only.
MARK_LABEL_FORMAT = {"numberFormat": ",.6~f", "timeFormat": "%d/%m/%Y"}
# A year is written 2016, never 2 016: where the channel has this option.
YEAR_FORMAT = "~f"


@dataclass
class BuiltChart:
    spec: dict  # Vega-Lite, data inlined
    data: pd.DataFrame  # exactly the rows and columns plotted (the CSV download)
    interactive: bool
    description: str | None = None  # drafted from the data (description: auto)
    phone: dict | bool | None = None  # a Python chart's own phone drawing; False: none; None: the plugin's
    # The data table's header and dates (None: the dataset's titles, dates by day).
    titles: dict | None = None  # column -> its header: the axis's title, else the field's
    time_units: dict | None = None  # column -> the timeUnit its dates are grouped by
    fields: dict | None = None  # column -> FieldInfo, a grouped column's included (« sum_montant » in €)
    table_index: list | None = None  # data's index in the order the chart shows its rows (the data table's)
    # Columns of dates floored here by their timeUnit (grouped rows) -> the unit: the CSV writes them to it.
    floored: dict | None = None


def build_chart(block: ChartBlock, dataset: Dataset, settings: dict) -> BuiltChart:
    # The checks against the data that do not depend on one another (the
    # filter, each channel's column, the highlight, the colours) report every
    # mistake at once; what follows needs them all to have passed.
    mistakes = Mistakes()
    frame = None
    in_file = None  # each kept row's position in the file (a mistake names its line)
    with mistakes.check():
        frame = apply_filter(block, dataset.frame, keep_index=True)
        in_file = frame.index.to_numpy()
        frame = frame.reset_index(drop=True)
    channels = {}
    for name, value in block.encodings.items():
        with mistakes.check():
            channels[name] = (
                [_channel_def(block, name, item, dataset) for item in value]
                if isinstance(value, list)
                else _channel_def(block, name, value, dataset)
            )
    highlighted = []  # one definition per column, renamed with the others
    if frame is not None:
        with mistakes.check():
            highlighted = _highlighted(block, frame)
    if mistakes.found:
        if frame is not None and isinstance(channels.get("color"), dict):
            flat = [d for v in channels.values() for d in (v if isinstance(v, list) else [v])]
            with mistakes.check():  # on a copy: the chart is not drawn
                apply_colours(block, copy.deepcopy(channels), _worded(frame, flat, [])[0], settings, french_key)
        mistakes.raise_found()
    flat = [d for v in channels.values() for d in (v if isinstance(v, list) else [v])]
    used = list(dict.fromkeys(d["field"] for d in [*flat, *highlighted] if "field" in d))
    # The columns an annotation's where: names, so it may point at a row by a column it does not plot.
    # (Once each: two notes naming the same column would make it a frame of two.)
    noted_only = list(dict.fromkeys(c for c in _annotated_columns(block) if c in frame.columns and c not in used))
    used += noted_only  # not plotted: left out of the data table and the CSV (a code column, « benevoles »)
    _check_missing_categories(block, channels, frame, dataset, highlighted, in_file)
    frame, highlighted = _worded(frame[used], flat, highlighted)
    mark = block.options["mark"]
    # A highlight's column draws the series (one line per region) when no colour does.
    lines = [{"field": h["field"], "type": "nominal"} for h in highlighted] if _mark_type(mark) in SERIES else []
    # On other marks, a highlight's column no channel plots only chooses the marks (a code
    # column, « evaluation »): out of the description, the data table and the download.
    plotted_fields = {d["field"] for d in flat if "field" in d}
    chooser_only = [] if lines else [h["field"] for h in highlighted if h["field"] not in plotted_fields]
    # Groupings computed here (VegaFusion): then each row of the frame is one mark.
    grouped = None
    fields = dataset.fields
    if wants_grouping(flat):
        also = [h["field"] for h in highlighted]
        before = {name: dict(d) for name, d in channels.items() if isinstance(d, dict)}
        # A highlight's column that draws the lines groups the rows as Vega-Lite's
        # detail channel would (one line per region): its rows are summed apart.
        drawn_by = _highlight_series(highlighted, channels, _mark_type(mark))
        if drawn_by is not None:
            channels["detail"] = {"field": drawn_by["field"], "type": "nominal"}
        try:
            grouped = group_rows(frame, channels, _mark_type(mark), also, _french_column)
        except alt.utils.schemapi.SchemaValidationError as exc:  # a misspelt timeUnit, met by the grouping first
            raise block.error(_schema_message(exc), _key_in(exc, block)) from None
        if drawn_by is not None:
            del channels["detail"]  # drawn as the highlight's own detail, below
    ungrouped = frame
    if grouped is not None:
        frame = grouped
        flat = [d for v in channels.values() for d in (v if isinstance(v, list) else [v])]
        fields = grouped_fields(fields, before, channels, ungrouped)
    elif len(frame) > MAX_ROWS:
        raise block.error(_too_many(len(frame)))
    # Grouped here, each row is one mark (a timeUnit kept on the channel floors
    # an already floored date: labels and notes then have their rows too).
    drawn_as_rows = grouped is not None or not wants_grouping(flat)
    mark_def = dict(mark) if isinstance(mark, dict) else {"type": mark}
    apply_colours(block, channels, frame, settings, french_key)
    check_readable(block, frame, channels, mark_def["type"], settings, drawn_as_rows)
    fields = format_units(fields, flat)
    _check_stacked_shares(block, frame, channels, mark_def["type"], fields)
    titles = _table_titles(frame, flat, fields)  # before the titles are wrapped for the drawing
    series = _highlight_series(highlighted, channels, mark_def["type"])
    decorations = Decorations(
        block, channels, mark_def["type"], fields, drawn_as_rows, settings, series=series, highlighted=highlighted
    )
    decorations.check(frame)
    french_formats(block, channels, frame, fields)
    _french_ticks(channels)
    drafted = None
    if wants_auto(block.options.get("description")):
        drafted = written(block.options["description"], draft(mark_def["type"], channels, frame, fields, lines))
    plotted = _plain_names(frame, [*flat, *highlighted])
    ranks: dict[str, str] = {}  # field -> its column of French ranks
    for name, value in channels.items():
        if name not in UNSORTED_CHANNELS:
            for d in value if isinstance(value, list) else [value]:
                plotted = _sort_in_french(d, plotted, ranks)
    if decorations.wanted:
        plotted = _sorted_by_rank(channels, plotted)
    plotted = decorations.add_columns(plotted)
    shown = {"encoding": {**({"detail": lines[0]} if lines else {}), **channels}, "mark": mark_def}
    table_index = list(table_order(plotted, shown).index)
    valid = set(alt.MarkDef.resolve_references()["properties"]) - UNSAFE_MARK_OPTIONS
    for key in mark_def:
        if key not in valid:
            raise block.error(
                f"option de marque « {key} » inconnue ; options possibles : {choices(key, valid)}", "mark"
            )
    if mark_def["type"] in ("line", "area"):
        # Points carry each value (the tooltip script reads them; a line has one
        # label for the whole series).
        mark_def.setdefault("point", True)
    if block.interactive:
        # Static charts get tooltips from our script; a live chart uses Vega's.
        mark_def["tooltip"] = {"content": "encoding"}
    size = chart_size(block, channels, plotted, settings)  # the text column's width (layout.py)
    wrap_labels(channels, plotted, size, settings, live=block.interactive)
    wrap_headers(channels, plotted, size, settings)
    phone_legends(channels, plotted, settings)
    encoding = {
        name: (
            [CHANNEL_CLASSES[name](**d) for d in value] if isinstance(value, list) else CHANNEL_CLASSES[name](**value)
        )
        for name, value in channels.items()
    }
    if mark_def["type"] == "arc":
        plotted, order = _slice_order(channels.get("color"), plotted)
        if order is not None:
            encoding["order"] = order
    if highlighted:
        encoding["color"] = _highlight_colour(highlighted, settings)
        if series is not None:
            # The colour no longer groups the rows into lines: the highlighted
            # column does (one line per region); its lines are named at their ends (marks.py).
            info = fields.get(series["field"])
            title = info.title if info is not None and info.title else series["field"]  # the tooltip's word for it
            encoding["detail"] = alt.Detail(field=series["field"], type="nominal", title=title)
    ours = decorations.wanted
    try:
        chart = alt.Chart(plotted, mark=alt.MarkDef(**mark_def)).encode(**encoding)
        if ours:
            # The editor's options are on the chart's own view: validated
            # there, once. The layers of labels, references and notes are
            # ours, valid by construction (test_layers checks them against
            # the schema); validating the whole layer again took most of an
            # annotated chart's spec time.
            chart.to_dict()
        chart = decorations.layer(chart, plotted, encoding, size)
    except alt.utils.schemapi.SchemaValidationError as exc:
        raise block.error(_schema_message(exc), _key_in(exc, block)) from None
    # What the layers say and no mark's label does (annotations, reference
    # lines) is read by screen readers in the description.
    description = drafted or block.description
    if decorations.notes:
        description = drafted = " ".join([description.rstrip(), *decorations.notes])
    chart = chart.properties(description=description, **size)
    spec = to_spec(chart, settings, block, validate=not ours)
    time_units = {d["field"]: d["timeUnit"] for d in flat if "timeUnit" in d and "field" in d}
    return BuiltChart(
        spec=spec,
        data=frame.drop(columns=[*noted_only, *chooser_only], errors="ignore"),
        interactive=block.interactive,
        description=drafted,
        titles=titles,
        time_units=time_units,
        floored=time_units if grouped is not None else None,  # the dates floored here, by VegaFusion
        fields=fields,
        table_index=table_index,
    )


def _slice_order(color, plotted: pd.DataFrame) -> tuple[pd.DataFrame, alt.Order | None]:
    """A pie's slices clockwise in the legend's order, by a rank column that
    its labels' layer stacks by too. Left to Vega-Lite, each layer sorted its
    stack its own way (the pie by the colour's domain, descending; the labels
    by their text first): with ``colors:``, a slice showed its neighbour's value."""
    field = color.get("field") if isinstance(color, dict) else None
    if field not in plotted.columns:
        return plotted, None
    scale = color.get("scale")
    domain = scale.get("domain") if isinstance(scale, dict) else None
    if not isinstance(domain, list):  # the legend's order, as colors: would write it (Vega's ascending order)
        domain = sorted_as_asked(values_in_order(plotted[field], str), color.get("sort"))
    rank = {as_typed(v): i for i, v in enumerate(domain)}
    column = _free_name(plotted, "ordre")
    plotted = plotted.assign(**{column: plotted[field].map(lambda v: rank.get(as_typed(v), len(rank)))})
    # Titled as the colour: the marks' accessible labels name each field once, by its title.
    return plotted, alt.Order(field=column, type="quantitative", sort="ascending", title=color.get("title") or field)


# Ticks of an axis of dates, as French writes them: « 31 janv. », not Vega's
# English order « janv. 31 » (its default for days and weeks); months and years as Vega's.
FRENCH_TICKS = {
    "year": "%Y", "quarter": "%B", "month": "%B", "week": "%-d %b", "date": "%-d %b", "day": "%-d %b",
    "hours": "%H h", "minutes": "%H:%M", "seconds": "%H:%M:%S", "milliseconds": "%H:%M:%S.%L",
}  # fmt: skip


def _french_ticks(channels: dict) -> None:
    """An axis of dates the editor formats not, and no time unit groups: French ticks."""
    for name in ("x", "y"):
        d = channels.get(name)
        if not isinstance(d, dict) or d.get("type") != "temporal" or "timeUnit" in d or "format" in d:
            continue
        axis = d.get("axis", {})
        if axis is None or not isinstance(axis, dict) or "format" in axis or "labelExpr" in axis:
            continue
        d["axis"] = {**axis, "format": dict(FRENCH_TICKS)}


def _table_titles(frame: pd.DataFrame, flat: list[dict], fields: dict) -> dict:
    """Each plotted column's header in the data table: the title its axis or
    legend shows (« Montant collecté (€) », not « sum_montant »), else its field's."""
    titles = {}
    for d in flat:
        if isinstance(d.get("title"), str) and d.get("field") in frame.columns:
            titles.setdefault(d["field"], d["title"])
    for column in frame.columns:
        info = fields.get(column)
        titles.setdefault(column, (info.title if info else None) or column)
    return titles


# The unit a word format gives a column the descriptor leaves without one.
FORMAT_UNITS = {"pourcent": "%", "euros": "€"}


def format_units(fields: dict, flat: list[dict]) -> dict:
    """``format: pourcent`` (or euros) on a column without a unit: the column
    is then in % (in €) for its labels, tooltips, table and description too."""
    found = fields
    for d in flat:
        info = fields.get(d.get("field"))
        unit = FORMAT_UNITS.get(d.get("format")) if isinstance(d.get("format"), str) else None
        if unit and info is not None and not info.unit:
            found = {**found, d["field"]: replace(info, unit=unit)}
    return found


def _annotated_columns(block: ChartBlock) -> list:
    return [c for item in block.get("annotations") or [] for c in item["where"]]


def to_spec(chart, settings: dict, block: ChartBlock | None = None, validate: bool = True) -> dict:
    try:
        spec = chart.to_dict(validate=validate)
    except alt.utils.schemapi.SchemaValidationError as exc:
        if block is not None:
            raise block.error(_schema_message(exc), _key_in(exc, block)) from None
        raise EditorError(_schema_message(exc)) from None
    spec.pop("$schema", None)  # a URL of a third-party host; nothing needs it
    spec["config"] = {"tooltipFormat": dict(MARK_LABEL_FORMAT), **spec.get("config", {}), **settings["vega_config"]}
    return spec


_SCHEMA_RE = re.compile(r"^'?(.*?)'? is an invalid value for `(\w+)`\. Valid values are (.*?)\.?$")


_LISTED_RE = re.compile(r"^'?(.*?)'? is an invalid value for `(\w+)`\. Valid values are:$")
_UNKNOWN_RE = re.compile(r"^`(\w+)` has no parameter named '([^']*)'")
# The kinds of value Altair names, as an editor reads them.
_KINDS = {"float": "un nombre", "int": "un nombre entier", "str": "un texte", "bool": "true ou false"}
# Altair's name of a group of options, as the block writes it.
_GROUPS = {"Axis": "axis", "Legend": "legend", "Scale": "scale", "Header": "header", "MarkDef": "mark"}


def _schema_message(exc) -> str:
    """Altair's validation message, as one French sentence."""
    lines = [m.strip() for m in str(exc).strip().splitlines() if m.strip()]
    first = lines[0] if lines else ""
    match = _SCHEMA_RE.match(first)
    if match:
        value, option, valid = match.groups()
        kinds = [_KINDS[k] for k in re.findall(r"\b(float|int|str|bool)\b", valid) if k in _KINDS]
        valid = " ou ".join(dict.fromkeys(kinds)) if kinds else valid
        return (
            f"option invalide : « {value} » n'est pas une valeur possible pour {option} ({valid}) ; "
            f"donnez à {option} une valeur de ce type, ou retirez-la"
        )
    listed = _LISTED_RE.match(first)
    if listed:  # the valid values on the lines below: « - One of ['year', 'quarter', …] »
        value, option = listed.groups()
        valid = list(dict.fromkeys(v for line in lines[1:] for v in re.findall(r"'([^']+)'", line)))
        close = difflib.get_close_matches(value, valid, n=1, cutoff=0.6)
        fix = f"écrivez {close[0]}" if close else "valeurs possibles : " + ", ".join(valid[:12])
        if not valid:
            fix = "corrigez-la ou retirez-la"
        return f"« {value} » n'est pas une valeur possible pour {option} ; {fix}"
    unknown = _UNKNOWN_RE.match(first)
    if unknown and isinstance(getattr(alt, unknown.group(1), None), type):
        group, option = unknown.groups()
        valid = sorted(getattr(alt, group).resolve_references().get("properties", {}))
        close = difflib.get_close_matches(option, valid, n=3, cutoff=0.6)
        ratio = {c: difflib.SequenceMatcher(None, option, c).ratio() for c in close}
        close = [c for c in close if ratio[c] >= ratio[close[0]] - 0.05]  # « title », not also titleX, titleY
        where = _GROUPS.get(group, group)
        fix = (
            f"écrivez {' ou '.join(close)}"
            if close
            else f"retirez-la (les options de {where} sont celles de Vega-Lite)"
        )
        return f"option « {option} » inconnue dans {where} ; {fix}"
    return f"option invalide dans le graphique ({first}) ; corrigez ou retirez cette option"


def _key_in(exc, block: ChartBlock):
    """The block key whose options hold the bad value (its line is reported)."""
    text = str(exc)
    match = re.search(r"has no parameter named '([^']*)'", text) or re.search(r"for `(\w+)`", text)
    option = match.group(1) if match else None
    mark = block.options.get("mark")
    if isinstance(mark, dict) and option in mark:
        return "mark"
    for key, value in block.options.items():
        if _holds(value, option):
            return key
    return None


def _holds(value, option) -> bool:
    """An option named ``option`` anywhere in a block key's options (axis: {…} in x: {…})."""
    if isinstance(value, dict):
        return option in value or any(_holds(v, option) for v in value.values())
    if isinstance(value, list):
        return any(_holds(v, option) for v in value)
    return False


def _highlighted(block: ChartBlock, frame: pd.DataFrame) -> list[dict]:
    """``highlight: {COLUMN: VALUE(S)}``, checked against the rows: one
    definition per column, {"field", "oneOf"} (values typed as the column)."""
    wanted = block.get("highlight") or {}
    found = []
    for column, values in wanted.items():
        if column not in frame.columns:
            raise block.error(
                f"highlight : colonne « {column} » inconnue ; colonnes : {choices(column, frame.columns)}", "highlight"
            )
        items = values if isinstance(values, list) else [values]
        series = frame[column]
        one_of = []
        for item in items:
            try:
                one_of.append(typed(series, item))
            except ValueError:
                raise block.error("highlight : " + not_of_type(column, item, series), "highlight") from None
        present = typed_present(series)
        absent = [v for v in one_of if v not in present]
        if absent:
            raise block.error("highlight : " + absent_value(column, absent[0], series), "highlight")
        found.append(
            {"field": column, "oneOf": [int(v) if isinstance(v, float) and v.is_integer() else v for v in one_of]}
        )
    return found


def _worded(frame: pd.DataFrame, flat: list[dict], highlighted: list[dict]) -> tuple[pd.DataFrame, list[dict]]:
    """The boolean columns a reader sees as categories (on a channel that is
    not a measure, or a highlight's: a line's series) written « oui » and
    « non » (axis, legend, tooltips), not true and false; the highlight's
    values with them. A measured boolean (mean: a share) keeps its numbers."""
    shown = {d.get("field") for d in flat if d.get("type") in ("nominal", "ordinal") and "aggregate" not in d}
    shown |= {h["field"] for h in highlighted}
    measured = {d.get("field") for d in flat if d.get("type") == "quantitative" or "aggregate" in d}
    worded = [c for c in frame.columns if c in shown - measured and is_boolean(frame[c])]
    if not worded:
        return frame, highlighted
    frame = frame.assign(**{c: frame[c].astype(object).map(WORDS) for c in worded})
    highlighted = [
        {**h, "oneOf": [WORDS[bool(v)] for v in h["oneOf"]]} if h["field"] in worded else h for h in highlighted
    ]
    return frame, highlighted


SERIES = ("line", "area", "trail")  # marks whose rows a highlight's column groups into lines


def _highlight_series(highlighted: list[dict], channels: dict, mark: str) -> dict | None:
    """The highlight's definition whose column draws the lines of a line
    chart (one per region) when no channel groups them: the first not an
    axis's own."""
    if mark not in SERIES or "detail" in channels:
        return None
    axes = {d.get("field") for d in (channels.get("x"), channels.get("y")) if isinstance(d, dict)}
    return next((h for h in highlighted if h["field"] not in axes), None)


def _highlight_colour(highlighted: list[dict], settings: dict):
    """The chosen marks in the accent colour, every other in the site's grey
    (settings « gris », the one an editor names, legible on both backgrounds,
    colours.MIN_CONTRAST): no legend."""
    accent = (settings["vega_config"].get("range", {}).get("category") or ["#1f5f99"])[0]
    tests = [alt.FieldOneOfPredicate(field=d["field"], oneOf=d["oneOf"]) for d in highlighted]
    test = tests[0] if len(tests) == 1 else alt.LogicalAndPredicate(**{"and": tests})
    return alt.condition(test, alt.value(accent), alt.value(settings["gris"]))


def apply_filter(block: ChartBlock, frame: pd.DataFrame, keep_index: bool = False) -> pd.DataFrame:
    """The rows ``filter:`` keeps; a mistake in each column named is reported.
    ``keep_index``: each row keeps its position in the file (to name its line)."""
    mistakes = Mistakes()
    for column, values in (block.get("filter") or {}).items():
        with mistakes.check():
            frame = _filtered(block, frame, column, values)
    mistakes.raise_found()
    return frame if keep_index else frame.reset_index(drop=True)


def _filtered(block: ChartBlock, frame: pd.DataFrame, column, values) -> pd.DataFrame:
    if column not in frame.columns:
        raise block.error(
            f"filter : colonne « {column} » inconnue ; colonnes : {choices(column, frame.columns)}",
            "filter",
        )
    items = values if isinstance(values, list) else [values]
    series = frame[column]
    wanted = []
    for item in items:
        try:
            wanted.append(typed(series, item))
        except ValueError:
            raise block.error("filter : " + not_of_type(column, item, series), "filter") from None
    if is_boolean(series):
        mask = series.isin(wanted).fillna(False).astype(bool)
    elif pd.api.types.is_numeric_dtype(series):
        mask = series.astype("float64").isin(wanted)
    else:
        mask = series.astype(str).isin(wanted)
    present = typed_present(series)
    absent = [v for v in wanted if v not in present]
    if absent:
        raise block.error("filter : " + absent_value(column, absent[0], series), "filter")
    return frame[mask]


def _channel_def(block: ChartBlock, channel: str, value: dict, dataset: Dataset) -> dict:
    if "shorthand" in value:
        shorthand = value["shorthand"]
        if shorthand in dataset.frame.columns:
            parsed = {"field": shorthand}
        else:
            parsed = alt.utils.parse_shorthand(shorthand)
            if not parsed or ("field" not in parsed and parsed.get("aggregate") != "count"):
                parsed = {"field": shorthand}
    else:
        parsed = dict(value)
    column = parsed.get("field")
    if column is not None and column not in dataset.frame.columns:
        raise block.error(
            f"{channel} : colonne « {column} » inconnue dans {dataset.name} ; colonnes : "
            + choices(column, dataset.frame.columns),
            channel,
        )
    if column is None:
        parsed.setdefault("type", "quantitative")
        parsed.setdefault("title", "Nombre")
        return parsed
    info = dataset.fields[column]
    explicit = parsed.get("type") in ("nominal", "ordinal")  # categories asked for: they stay text
    if not explicit and (fix := french_numbers_fix(dataset, column)) is not None:  # else categories, or NaN
        raise block.error(f"{channel} : {fix}", channel)
    parsed.setdefault("type", DEFAULT_TYPES[info.type])
    counted = parsed.get("aggregate") in ("count", "distinct", "valid", "missing")
    if parsed["type"] == "quantitative" and info.type == "string" and not counted:
        raise block.error(
            f"{channel} : « {column} » est une colonne de texte, que l'axe lirait comme des nombres vides ; "
            f"retirez :Q (ou type: quantitative), ou déclarez la colonne type: number dans le descripteur",
            channel,
        )
    if parsed.get("stack") == "normalize" and isinstance(parsed.get("axis", {}), dict):
        # The axis runs over shares of each bar, not the amounts its tooltips give.
        axis = parsed.setdefault("axis", {})
        axis.setdefault("title", f"{info.title or column} : part du total (%)")
    if "title" not in parsed:
        title = info.title or column
        # A share of the bar has no unit of its column: « Montant : 75 % », not « Montant (€) : 75 % ».
        if info.unit and f"({info.unit})" not in title and parsed.get("stack") != "normalize":
            title = f"{title} ({info.unit})"
        parsed["title"] = title
    if info.is_year and parsed["type"] == "temporal" and info.type in ("year", "integer", "number"):
        # Vega reads the number 2016 as a date: 2016 milliseconds after 1970.
        raise block.error(
            f"{channel} : « {column} » contient des années écrites en nombres, qu'un axe de dates placerait "
            f"toutes en 1970 ; écrivez type: quantitative pour des années espacées à l'échelle du temps, "
            "ou retirez type: pour des années côte à côte",
            channel,
        )
    if info.is_year and parsed["type"] == "quantitative":
        values = dataset.frame[column].dropna()
        # A scale of its own for real years only: « annees_benevolat » (a length of time) keeps its zero.
        dated = info.type == "year" or (bool(len(values)) and bool(values.between(1000, 2999).all()))
        _write_years_plainly(channel, parsed, dated)
    if "\\" in str(parsed["title"]):
        # Vega-Lite writes titles into the marks' label expressions unescaped:
        # a backslash there starts an escape (\b, \n…) and garbles the labels.
        raise block.error(
            f"{channel} : le titre « {parsed['title']} » contient une barre oblique inversée (\\), que les "
            "graphiques ne savent pas écrire ; donnez un title: sans elle, ou renommez la colonne",
            channel,
        )
    return parsed


def _write_years_plainly(channel: str, parsed: dict, dated: bool = True) -> None:
    """Years without the thousands separator the locale gives every other
    number (in the marks' labels, and the axis or legend that shows them)."""
    if channel in ("text", "tooltip"):
        parsed.setdefault("format", YEAR_FORMAT)
        return
    guide = {"x": "axis", "y": "axis", "column": "header", "row": "header"}.get(channel)
    if guide is None and channel in ("color", "size", "opacity", "shape"):
        guide = "legend"
    if dated and channel in ("x", "y") and "aggregate" not in parsed and "bin" not in parsed:
        # A scale of years: it starts at the first year, not at year 0.
        scale = parsed.get("scale")
        if scale is None or isinstance(scale, dict):
            parsed["scale"] = {"zero": False, **(scale or {})}
    if guide is None or parsed.get(guide, {}) is None or not isinstance(parsed.get(guide, {}), dict):
        return  # no guide (or guide: null): nothing shows the year but the label
    # Whole years only: no tick at « 2013,5 ».
    extra = {"tickMinStep": 1} if guide == "axis" else {}
    parsed[guide] = {"format": YEAR_FORMAT, **extra, **parsed.get(guide, {})}


PATH_CHARS = re.compile(r"[.\[\]\\'\"]")


def _plain_names(frame: pd.DataFrame, defs: list[dict]) -> pd.DataFrame:
    """Vega-Lite reads '.', '[', ']', quotes and backslashes in a field name as
    a path into the row (and its escapes do not cover every case): such
    columns are plotted under a plain name of their own. The definitions are
    rewritten in place; their titles keep the column's own name, and the CSV
    download keeps the frame as it is."""
    taken = set(frame.columns)
    renamed = {}
    for column in frame.columns:
        if PATH_CHARS.search(str(column)):
            base = PATH_CHARS.sub("_", str(column))
            name, suffix = base, 2
            while name in taken:
                name, suffix = f"{base}_{suffix}", suffix + 1
            taken.add(name)
            renamed[column] = name
    if not renamed:
        return frame
    for d in defs:
        if d.get("field") in renamed:
            d["field"] = renamed[d["field"]]
        sort = d.get("sort")
        if isinstance(sort, dict) and sort.get("field") in renamed:
            d["sort"] = {**sort, "field": renamed[sort["field"]]}
    return frame.rename(columns=renamed)


UNSORTED_CHANNELS = ("text", "tooltip")  # Vega-Lite gives them no sort
LIGATURES = str.maketrans({"œ": "oe", "Œ": "Oe", "æ": "ae", "Æ": "Ae"})


def french_key(value) -> str:
    """A sort key in French dictionary order, whatever the machine's locales:
    letters first (accents and case aside: « Île » with the I's, « éducation »
    beside « économie »), then accents (e before é), then case (lower first),
    then the text itself, so that no two values tie."""
    text = str(value)
    decomposed = unicodedata.normalize("NFD", text.translate(LIGATURES))
    letters = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return "\x00".join((letters, decomposed.casefold(), text.swapcase(), text))


def _is_text(series: pd.Series) -> bool:
    values = series.dropna()
    return not pd.api.types.is_numeric_dtype(series) and all(isinstance(v, str) for v in values)


def _french_column(series: pd.Series) -> pd.Series:
    return series.map(french_key, na_action="ignore") if _is_text(series) else series


SUMS = {"sum", "mean", "median", "min", "max", "count"}


def _sorted_by_rank(channels: dict, frame: pd.DataFrame) -> pd.DataFrame:
    """A discrete axis sorted by another channel (sort: -x) in a layered
    chart is sorted by a column of ranks instead: Vega-Lite merges the layers'
    domains, and drops a sort by a sum there (an explicit colour domain on the
    same field, and the bars came out in alphabetical order). The ranks are
    the order Vega would give: the other channel's values summed per value
    (or its own aggregate), ties in ascending order; a sort by a rank's
    minimum survives the merge."""
    for name in ("x", "y"):
        d = channels.get(name)
        if (
            not isinstance(d, dict)
            or d.get("type") not in ("nominal", "ordinal")
            or d.get("field") not in frame.columns
        ):
            continue
        sort = d.get("sort")
        if sort not in ("x", "-x", "y", "-y") or sort.lstrip("-") == name:
            continue
        by = channels.get(sort.lstrip("-"))
        if not isinstance(by, dict) or by.get("field") not in frame.columns or "bin" in by or "timeUnit" in by:
            continue
        op = by.get("aggregate") or "sum"
        if op not in SUMS:
            continue
        values = pd.to_numeric(frame[by["field"]], errors="coerce")
        totals = values.groupby(frame[d["field"]], sort=True).agg(op)
        order = totals.sort_values(ascending=not sort.startswith("-"), kind="stable")
        rank = _free_name(frame, f"{d['field']}_rang")
        frame = frame.assign(**{rank: frame[d["field"]].map({v: i for i, v in enumerate(order.index)})})
        d["sort"] = {"field": rank, "op": "min", "order": "ascending"}
    return frame


def _sort_in_french(d: dict, frame: pd.DataFrame, ranks: dict[str, str]) -> pd.DataFrame:
    """Vega-Lite sorts nominal values by code point (« Île-de-France » after
    « Occitanie »): an alphabetical sort, asked or by default, becomes a sort
    on each value's rank in French order, a column of the plotted rows only
    (not of the CSV download). Not a list of the values: Vega-Lite writes such
    a list into an expression, where a value holding U+2028 breaks the chart,
    and data never goes into an expression. Values whose code-point order is
    already French (plain ASCII capitalised alike) are left as they are."""
    field = d.get("field")
    if d.get("type") not in ("nominal", "ordinal") or field not in frame.columns or "bin" in d or "timeUnit" in d:
        return frame
    order = d.get("sort", "ascending")
    if order not in ("ascending", "descending") or not _is_text(frame[field]):
        return frame
    values = sorted(frame[field].dropna().unique(), key=french_key)
    if values == sorted(values):
        return frame  # Vega-Lite's own order is already the French one
    if field not in ranks:
        rank = f"{field}_ordre"
        while rank in frame.columns:
            rank += "_"
        positions = {value: position for position, value in enumerate(values)}
        frame = frame.assign(**{rank: frame[field].map(positions)})
        ranks[field] = rank
    d["sort"] = {"field": ranks[field], "op": "min", "order": order}
    return frame


# Groupings whose result is in the unit of the column grouped (a sum of euros is euros).
MEAN_OPS = ("mean", "average", "median")  # computed values written to one decimal more than theirs
SAME_UNIT = {"sum", "mean", "average", "median", "min", "max", "q1", "q3", "ci0", "ci1", "stdev", "stdevp", "stderr"}


def grouped_fields(fields: dict, before: dict, channels: dict, frame: pd.DataFrame | None = None) -> dict:
    """The dataset's fields, and those of the columns computed by a grouping
    (``sum_montant``: its unit and title; a bin's start and end: the binned
    column's), so that labels, formats and descriptions keep the unit."""

    found = dict(fields)
    for name, d in channels.items():
        old = before.get(name, {})
        info = fields.get(old.get("field"))
        column = d.get("field") if isinstance(d, dict) else None
        if info is None or column is None or column in found:
            continue
        op = old.get("aggregate")
        if op is None or op in SAME_UNIT:
            found[column] = replace(info, name=column)
            if op in MEAN_OPS and frame is not None and old.get("field") in frame:
                # « 24,92 % », not « 24,916667 % »: the drawing keeps the exact mean, the words round it.
                places = decimals_of(frame[old["field"]])
                if places is not None:
                    found[column] = replace(info, name=column, decimals=places + 1)
            second = SECOND.get(name)
            if "bin" in old and second in channels and channels[second].get("field") not in found:
                found[channels[second]["field"]] = replace(info, name=channels[second]["field"])
    return found


def _mark_type(mark) -> str:
    return mark.get("type") if isinstance(mark, dict) else mark


def _too_many(rows: int) -> str:
    return (
        f"{rows} lignes à dessiner, or un graphique en porte au plus {MAX_ROWS} ; agrégez "
        "(par exemple y: {field: part, aggregate: mean}) ou filtrez (filter:)"
    )


# Past this many marks, a reader can no longer tell them apart on a page (a
# line's points are read along the line: more of them).
MAX_MARKS = 300
MAX_LINE_POINTS = 2000
SERIES_MARKS = ("line", "area", "trail", "rule", "tick")


def check_readable(block: ChartBlock, frame: pd.DataFrame, channels: dict, mark: str, settings: dict, rows: bool):
    """Refuse what would be drawn wrong or unreadable: rows hidden by a scale's
    domain, a percent format on values already in percent, two categories in
    one colour, more marks than a reader can tell apart."""
    for channel, value in channels.items():
        for d in value if isinstance(value, list) else [value]:
            _check_domain(block, channel, d, frame)
            _check_percent(block, channel, d, frame)
    _check_colours(block, channels.get("color"), frame, settings)
    limit = MAX_LINE_POINTS if mark in SERIES_MARKS else MAX_MARKS
    if rows and len(frame) > limit:
        raise block.error(
            f"{len(frame)} marques à dessiner, or un graphique lisible en montre au plus {limit} ; agrégez "
            "(par exemple y: {field: part, aggregate: mean}) ou ne gardez que certaines lignes (filter:)"
        )


# Channels that place or group marks by category: an empty cell there would
# be written « null » on the axis or in the legend.
CATEGORY_TYPES = ("nominal", "ordinal")
UNGROUPED_CHANNELS = ("text", "tooltip")


def _check_missing_categories(
    block: ChartBlock, channels: dict, frame: pd.DataFrame, dataset: Dataset, highlighted: list[dict], in_file
) -> None:
    """A row without a value in a column the chart sorts its marks by: Vega
    would draw it as a category of its own named « null » (on a line chart,
    a highlight's column draws one line per value: its rows too)."""
    grouped = [(name, value) for name, value in channels.items() if name not in UNGROUPED_CHANNELS]
    if _mark_type(block.options.get("mark")) in ("line", "area"):
        grouped += [("highlight", {**h, "type": "nominal"}) for h in highlighted]
    for name, value in grouped:
        for d in value if isinstance(value, list) else [value]:
            column = d.get("field")
            if d.get("type") not in CATEGORY_TYPES or column not in frame.columns:
                continue
            empty = frame[column].isna()
            if not empty.any():
                continue
            kept = [str(v) for v in dict.fromkeys(frame.loc[~empty, column])][:3]
            listed = ", ".join(kept) + (", …" if frame.loc[~empty, column].nunique() > len(kept) else "")
            line = csv_line(dataset, in_file[frame.index[empty][0]])
            raise block.error(
                f"{name} : la ligne {line} de data/{dataset.csv_path.name} "
                f"n'a pas de valeur dans « {column} », "
                + (
                    "dont le graphique ferait une ligne sans nom"
                    if name == "highlight"
                    else "que le graphique écrirait « null »"
                )
                + " ; remplissez-la, "
                + f"ou ne gardez que les autres lignes (filter: {{{column}: [{listed}]}})",
                name,
            )


# Channels whose field splits a bar or an area into stacked segments (Vega-Lite's stack-by channels).
STACK_BY = ("color", "opacity", "detail")
# A survey's rounded parts of one whole may add up to a little over 100.
STACK_ROUNDING = 1.0


def _check_stacked_shares(block: ChartBlock, frame: pd.DataFrame, channels: dict, mark: str, fields: dict):
    """Percentages stacked into one bar add up: past 100 % they are not parts
    of one whole (« 62 % use social networks, 43 % collaborative tools »), and
    the stack would show a total no survey gave (« 105 % »)."""
    value = value_channel(channels, mark)
    if mark not in ("bar", "area") or value is None:
        return
    name, d = value
    column = d.get("field")
    info = fields.get(column)
    if column not in frame.columns or info is None or info.unit != "%":
        return
    # Only a stack that adds the values (a misspelt one is the schema's to refuse, with its fix).
    if d.get("stack", "zero") not in ("zero", "center", True) or any(o in channels for o in ("xOffset", "yOffset")):
        return
    split = [c["field"] for c in (channels.get(k) for k in STACK_BY) if isinstance(c, dict) and c.get("field") in frame]
    across = channels.get("y" if name == "x" else "x")
    place = across.get("field") if isinstance(across, dict) else None
    if not split or place not in frame.columns or split[0] == place:
        return
    totals = frame.groupby(place, sort=False, dropna=False)[column].sum()
    over = totals[totals > 100 + STACK_ROUNDING]
    if over.empty:
        return
    offset = "xOffset" if name == "y" else "yOffset"
    where = over.index[0]
    if isinstance(where, float) and where.is_integer():
        where = int(where)  # a year read as a number: « 2016 », not « 2016.0 »
    raise block.error(
        f"{name} : empilées, les parts font {format_number(float(over.iloc[0]), unit='%')} pour "
        f"« {where} », plus de 100\u202f% : ce ne sont pas les parties d'un même tout ; "
        f"écrivez {offset}: {split[0]} pour des barres côte à côte",
        name,
    )


def _check_domain(block: ChartBlock, channel: str, d: dict, frame: pd.DataFrame):
    scale = d.get("scale")
    domain = scale.get("domain") if isinstance(scale, dict) else None
    field = d.get("field")
    if not isinstance(domain, list) or field not in frame.columns or d.get("type") not in ("nominal", "ordinal"):
        return
    values = frame[field].astype(str)
    hidden = ~values.isin([str(v) for v in domain])
    if hidden.any():
        absent = ", ".join(sorted(values[hidden].unique())[:5])
        raise block.error(
            f"{channel} : scale.domain cache {int(hidden.sum())} ligne(s) sur {len(frame)} ({absent}…) ; "
            "pour n'en montrer que certaines, écrivez filter: ; pour en mettre en avant, colorez-les "
            "(color:) sans retirer les autres",
            channel,
        )


def _check_percent(block: ChartBlock, channel: str, d: dict, frame: pd.DataFrame):
    formats = [d.get("format")]
    for part in ("axis", "legend"):
        if isinstance(d.get(part), dict):
            formats.append(d[part].get("format"))
    field = d.get("field")
    if field not in frame.columns or not pd.api.types.is_numeric_dtype(frame[field]):
        return
    for fmt in formats:
        if isinstance(fmt, str) and re.search(r"[%p]$", fmt.strip()):
            top = frame[field].abs().max()
            if top > 1:
                raise block.error(
                    f"{channel} : le format « {fmt} » multiplie les valeurs par 100, or elles vont jusqu'à "
                    f"{top:g} (déjà en pourcentage) ; retirez ce format et donnez l'unité « % » dans le "
                    'descripteur (unit: "%"), ou un format sans % (par exemple « .0f »)',
                    channel,
                )


def _check_colours(block: ChartBlock, color, frame: pd.DataFrame, settings: dict):
    if not isinstance(color, dict) or color.get("type") not in ("nominal", "ordinal"):
        return
    scale = color.get("scale")
    if isinstance(scale, dict) and ("scheme" in scale or ("range" in scale and not isinstance(scale["range"], list))):
        return  # a named scheme: Vega's own colours
    field = color.get("field")
    palette = settings["vega_config"].get("range", {}).get("category") or []
    if isinstance(scale, dict) and isinstance(scale.get("range"), list):
        palette = scale["range"]  # the editor's own colours, which Vega would reuse in turn
    if field not in frame.columns or not isinstance(palette, list) or not palette:
        return
    count = frame[field].nunique(dropna=False)
    if count > len(palette):
        raise block.error(
            f"color : {count} valeurs de « {field} » pour {len(palette)} couleurs, deux d'entre elles auraient "
            "la même couleur ; regroupez les plus petites dans un jeu de données, gardez-en quelques-unes "
            "(filter:), ou mettez-les sur un axe (y:) plutôt qu'en couleur",
            "color",
        )
