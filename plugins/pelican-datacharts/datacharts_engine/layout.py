"""A chart's size on the page and on a phone, and labels that wrap.

- On a desktop a single view is drawn as wide as the text column
  (``settings["width"]``, axes and legend included: Vega-Lite's ``fit-x``
  autosize), so that once shown at the column's width its labels keep the
  size the settings give them; small multiples share that width; a pie
  stays square.
- Phones get a second drawing of every chart wider than ``narrow_width``
  (``narrow_spec``): single views fitted to it, small multiples one under
  the other, pies smaller, legends in columns.
- Long category labels on an axis wrap onto several lines where their band
  has room (a Vega expression of constants: no data goes into it), instead
  of being cut with « … ».
"""

from __future__ import annotations

import copy
import json
import re
import textwrap

import pandas as pd

FIT = {"type": "fit-x", "contains": "padding"}
CHAR_WIDTH = 0.56  # average width of a Liberation Sans character, in font sizes
LINE_HEIGHT = 1.25  # in font sizes
# A word may overhang its column by this much (its neighbours' lines are
# centred, and bands have padding) before the labels are turned on their side.
WORD_SLACK = 1.3
FACET_AXIS = 120  # room a small multiple's axis and labels take, in pixels
FACET_SPACING = 20  # Vega-Lite's default between small multiples
LEGEND_SYMBOL = 30  # a legend entry's symbol and gaps, in pixels
VEGA_LABEL_LIMIT = 180  # Vega-Lite cuts a label past this many pixels
WRAP_RE = re.compile(r"\(\.\{1,(\d+)\}\(\?=")  # our wrap_expression's first line


GRAMMAR = {"datacharts": "grammar"}  # usermeta of a block's chart: its layers are ours (marks.py)


def chart_size(block, channels: dict, frame: pd.DataFrame, settings: dict) -> dict:
    """Width, height (and autosize) of a block's chart."""
    return {**_size(block, channels, frame, settings), "usermeta": dict(GRAMMAR)}


def _size(block, channels: dict, frame: pd.DataFrame, settings: dict) -> dict:
    width, height = block.get("width"), block.get("height")
    if "theta" in channels:
        side = height or min(width or settings["width"], settings["height"])
        return {"width": width or side, "height": side}
    column = channels.get("column")
    if isinstance(column, dict):
        count = _count(frame, column)
        # Vega-Lite cannot fit small multiples to a width: their cells are
        # sized so the whole is a little wider than the column (it then
        # shrinks to it) rather than narrower (it would not fill it).
        cell = (settings["width"] - FACET_AXIS // 2 - FACET_SPACING * (count - 1)) // count
        return {"width": width or max(cell, 80), "height": height or settings["height"]}
    if "row" in channels:
        return {"width": width or _row_width(settings["width"]), "height": height or settings["height"]}
    return {"width": width or settings["width"], "height": height or settings["height"], "autosize": dict(FIT)}


def wrap_labels(channels: dict, frame: pd.DataFrame, size: dict, settings: dict, live: bool = False) -> None:
    """Category labels of x and y wrap onto lines that fit their room, when
    the band of each category is tall (y) or wide (x) enough for the lines;
    labels of x that fit their room stay level (years included)."""
    from .typed import as_typed

    font = settings["vega_config"].get("axis", {}).get("labelFontSize", 11)
    for name in ("x", "y"):
        d = channels.get(name)
        if not _wrappable(d) or d.get("field") not in frame:
            continue
        numeric = pd.api.types.is_numeric_dtype(frame[d["field"]])
        if numeric and name == "y":
            continue
        values = [as_typed(v) if numeric else str(v) for v in frame[d["field"]].dropna().unique()]
        _wrap(name, d, values, _total(channels, size, settings), size["height"], font, level=not live)


def wrap_headers(channels: dict, frame: pd.DataFrame, size: dict, settings: dict) -> None:
    """Small multiples' headers wider than their cell wrap onto lines (at
    spaces, or after a hyphen): side by side, « Auvergne-Rhône-Alpes » and
    « Bourgogne-Franche-Comté » ran into one another."""
    from .marks import text_width

    font = settings["vega_config"].get("header", {}).get("labelFontSize", 11)
    d = channels.get("column")
    cell = size.get("width")
    if not isinstance(d, dict) or d.get("field") not in frame or not isinstance(cell, (int, float)):
        return
    header = d.get("header", {})
    if header is None or not isinstance(header, dict) or "labelExpr" in header:
        return  # the editor's own
    names = [str(v) for v in frame[d["field"]].dropna().unique()]
    room = cell - LABEL_GAP
    if all(text_width(name, font) <= room for name in names):
        return
    chars = max(int(room / (font * CHAR_WIDTH)), 6)
    d["header"] = {**header, "labelExpr": wrap_expression(chars), "labelLimit": int(cell)}


def phone_legends(channels: dict, frame: pd.DataFrame, settings: dict) -> None:
    """A category legend goes into columns when the plot is as narrow as a
    phone's: in the narrow drawing, and in a live chart drawn on a phone
    (datacharts.js sets its width). An expression of constants on Vega's
    ``width`` signal, so one spec serves both widths."""
    narrow = settings.get("narrow_width")
    font = settings["vega_config"].get("legend", {}).get("labelFontSize", 11)
    for name in ("color", "shape", "size", "opacity"):
        d = channels.get(name)
        if not narrow or not isinstance(d, dict) or d.get("type") not in ("nominal", "ordinal"):
            continue
        legend = d.get("legend", {})
        if legend is None or not isinstance(legend, dict) or d.get("field") not in frame:
            continue
        names = [str(v) for v in frame[d["field"]].dropna().unique()]
        longest = max((len(v) for v in names), default=0)
        if sum(len(v) * font * CHAR_WIDTH + LEGEND_SYMBOL for v in names) <= narrow:
            continue  # one row fits a phone
        columns = max(1, narrow // 170)
        if longest * font * CHAR_WIDTH > narrow // columns - 40:
            columns = 1  # long names, one under the other, rather than cut
        d["legend"] = {
            "columns": {"expr": f"width < {narrow + 100} ? {columns} : 0"},
            "labelLimit": narrow - 60,
            **legend,
        }


def _wrappable(d) -> bool:
    """A category axis whose labels the editor left to us."""
    if not isinstance(d, dict) or d.get("type") not in ("nominal", "ordinal"):
        return False
    axis = d.get("axis", {})
    if axis is None or not isinstance(axis, dict):
        return False
    ours = "labelExpr" in axis and bool(WRAP_RE.search(str(axis["labelExpr"])))
    if "labelAngle" in axis and not ours:  # the editor's angle (ours comes with our wrapping)
        return False
    return "labelExpr" not in axis or ours


def _total(channels: dict, size: dict, settings: dict) -> float:
    """The width a view's labels share: the drawing's, or a small multiple's cell and its axis."""
    if "row" in channels:
        return settings["width"]
    if "column" in channels:
        return size["width"] + FACET_AXIS
    return size["width"]


def _wrap(name: str, d: dict, values: list[str], width: float, height: float, font: float, level: bool = True) -> None:
    """``width``: the whole width the view's labels share, axis included;
    ``level``: labels of x that fit their room are kept level (not in a live
    chart, drawn at any width from one spec)."""
    axis = {k: v for k, v in (d.get("axis") or {}).items() if k not in ("labelExpr", "labelLimit", "labelAngle")}
    if not values:
        return
    longest = max(len(v) for v in values)
    if name == "y":
        room = width * 0.3  # the labels' share of a horizontal bar chart
        lines = max(1, int(height / len(values) // (font * LINE_HEIGHT)))
    else:
        room = (width - FACET_AXIS) / len(values)
        lines = 3
    chars = max(int(room / (font * CHAR_WIDTH)), 6)
    if longest <= chars:
        if longest * font * CHAR_WIDTH > VEGA_LABEL_LIMIT:
            d["axis"] = {**axis, "labelLimit": int(room)}  # one line, all of it
        if name == "x" and level and longest * font * CHAR_WIDTH + LABEL_GAP <= room:
            # Vega-Lite turns every category label of x on its side; these fit level. The
            # wrapping of one line is what tells the phone's drawing the angle is ours (_wrappable).
            d["axis"] = {**d.get("axis", axis), "labelExpr": wrap_expression(longest), "labelAngle": 0}
        return
    words = [w for v in values for w in re.split(r"\s+|(?<=-)(?=\S)", v)]
    widest_word = max((len(w) for w in words), default=0)
    # Measured in the charts' font: a word wider than its column would be cut
    # (« Norma… » for Normandie), however many characters the estimate allowed.
    from .marks import text_width

    too_wide = max((text_width(w.strip(), font) for w in words), default=0.0) > room
    if name == "x" and (widest_word > chars * WORD_SLACK or too_wide or -(-longest // chars) > lines):
        # A word far wider than its column (« Île-de-France » on a phone), or
        # more lines than fit under it: one whole line, which Vega turns on its
        # side, rather than lines printed over their neighbours'.
        d["axis"] = {**axis, "labelLimit": int(longest * font * CHAR_WIDTH) + 4}
        return
    if name == "y" and -(-longest // chars) > lines:
        # More lines than its band holds at the labels' usual share: a wider share,
        # up to Y_SHARE_MAX of the width, rather than every label cut (« Citent les réticences de me… »).
        wider = int(-(-longest // lines) * WORD_SLACK)
        if wider * font * CHAR_WIDTH <= width * Y_SHARE_MAX:
            chars, room = wider, wider * font * CHAR_WIDTH
    if -(-longest // chars) > lines:
        if axis or "axis" in d:
            d["axis"] = axis  # more lines than its band holds: one line, cut
        return
    d["axis"] = {**axis, "labelExpr": wrap_expression(chars), "labelLimit": int(room)}
    if name == "x":
        d["axis"]["labelAngle"] = 0  # lines side by side, not turned on their side


LABEL_GAP = 8  # px between two level labels
Y_SHARE_MAX = 0.45  # the most of a drawing's width a horizontal bar chart's labels take


def wrap_expression(chars: int) -> str:
    """Lines of at most ``chars`` characters, cut at spaces, or after a
    hyphen where a word is longer (« Auvergne-/Rhône-Alpes »); a longer
    word without one stays whole."""
    line = f"(.{{1,{chars}}}(?=\\\\s|$)|.{{1,{max(chars - 1, 1)}}}-(?=\\\\S))\\\\s*"
    return f"split(trim(replace(datum.label, regexp('{line}', 'g'), '$1\\n')), '\\n')"


def wants_narrow(spec: dict, wide_width: float, settings: dict) -> bool:
    """Every chart wider than a phone gets a narrow drawing, but a Python
    chart whose parts have sizes of their own (concatenated or repeated
    views, layers of different widths): drawn narrower, they would no longer
    line up. Its module may declare its own phone drawing (``build_phone``,
    pythoncharts.py)."""
    narrow = settings.get("narrow_width")
    if not narrow or wide_width <= narrow + 20:
        return False
    if any(key in spec for key in ("hconcat", "vconcat", "concat", "repeat")):
        return False
    if "layer" in spec and spec.get("usermeta") != GRAMMAR:
        return shares_width(spec)
    return isinstance(spec.get("width"), (int, float)) or "facet" in spec


def shares_width(spec: dict) -> bool:
    """A Python chart's layers share one width: the top level's (or the
    default), every layer that sets its own agreeing with it; not when they
    differ or a layer nests views of its own."""
    widths = {spec["width"]} if "width" in spec else set()
    for layer in spec.get("layer", []):
        if any(key in layer for key in ("layer", "hconcat", "vconcat", "concat", "repeat", "facet")):
            return False
        if "width" in layer:
            widths.add(layer["width"])
    return len(widths) <= 1 and all(isinstance(w, (int, float)) for w in widths)


def narrow_spec(spec: dict, settings: dict) -> dict:
    """The phone's drawing of a chart: the same spec, laid out for
    ``narrow_width`` pixels."""
    narrow = settings["narrow_width"]
    spec = copy.deepcopy(spec)
    encodings = [spec.get("encoding", {})] + [layer.get("encoding", {}) for layer in spec.get("layer", [])]
    encoding = {name: d for e in reversed(encodings) for name, d in e.items()}  # every layer's channels
    if "theta" in encoding:
        side = min(spec.get("width", narrow), narrow - 20)
        spec["width"] = spec["height"] = side
    elif "column" in encoding and "row" not in encoding:
        # Small multiples one under the other, each the phone's width.
        top = spec.get("encoding", {})
        top["facet"] = {**top.pop("column"), "columns": 1}
        spec["width"] = narrow - FACET_AXIS
    elif "column" in encoding or "facet" in spec:
        spec["width"] = max((narrow - FACET_AXIS) // max(_columns(spec), 1), 60)
    elif "row" in encoding:
        spec["width"] = _row_width(narrow)
    elif "autosize" in spec:
        spec["width"] = narrow
    else:  # a Python chart, layered or not: the whole drawing fits the phone
        python_narrow(spec, narrow)
    font = spec.get("config", {}).get("axis", {}).get("labelFontSize", 11)
    for e in encodings:
        for name in ("x", "y"):
            d = e.get(name)
            # Wrapped again for the phone (the wide drawing's wrapping is ours to redo).
            if _wrappable(d):
                total = narrow if "autosize" in spec or "row" in encoding else spec["width"] + FACET_AXIS
                _wrap(name, d, _values(spec, d), total, spec.get("height", 300), font)
    config = spec.setdefault("config", {})
    font = config.get("legend", {}).get("labelFontSize", 11)
    columns = max(1, narrow // 170)
    if _longest(spec, encoding.get("color")) * font * CHAR_WIDTH > narrow // columns - 40:
        columns = 1  # long names, one under the other, rather than cut
    config["legend"] = {**config.get("legend", {}), "columns": columns, "labelLimit": narrow // columns - 40}
    if spec.get("usermeta") != GRAMMAR and "autosize" in spec and "facet" not in spec:
        python_lines(spec, encodings, narrow)
    return spec


def python_narrow(spec: dict, narrow: int) -> None:
    """A Python chart drawn at the phone's width, axes included (fit-x), its
    layers that set a width of their own at the same."""
    spec["width"] = narrow
    spec["autosize"] = dict(FIT)
    for layer in spec.get("layer", []):
        if "width" in layer:
            layer["width"] = narrow


def python_lines(spec: dict, encodings: list[dict], narrow: int) -> None:
    """What a Python chart writes in pixels from a point of the plot (its
    text layers, its axis titles) goes onto lines as long as the phone's plot
    is wide, rather than past its edge, where it would be cut."""
    config = spec.get("config", {})
    axis_font = config.get("axis", {}).get("titleFontSize", 11)
    axis_share = max((_axis_room(e.get("y"), config, narrow) for e in encodings), default=0)
    plot = narrow - axis_share - 20
    for view in [spec, *spec.get("layer", [])]:
        _wrap_text_layer(view, plot, config)
    for e in encodings:
        d = e.get("x")
        if not isinstance(d, dict):
            continue
        axis = d.get("axis")
        if axis is None and "axis" in d:
            continue
        where = axis if isinstance(axis, dict) and "title" in axis else d
        title = where.get("title")
        # Centred on the plot: as wide as it at most.
        if isinstance(title, str) and len(title) * axis_font * CHAR_WIDTH > plot:
            where["title"] = textwrap.wrap(title, max(int(plot / (axis_font * CHAR_WIDTH)), 10))


def _axis_room(d, config: dict, narrow: int) -> float:
    """The width a y axis of categories takes beside the plot (wrap_labels
    gives its labels 30 % of the drawing), a quantitative one's few digits."""
    if not isinstance(d, dict) or d.get("axis", {}) is None:
        return 0
    if d.get("type") in ("nominal", "ordinal"):
        return narrow * 0.3 + 10
    return 40 + config.get("axis", {}).get("labelFontSize", 11)


def _wrap_text_layer(view: dict, plot: float, config: dict) -> None:
    """A text mark whose text is a field: its values on lines that fit the
    plot (Vega draws an array as lines), cut at spaces."""
    mark = view.get("mark")
    mark = mark if isinstance(mark, dict) else {"type": mark}
    text = view.get("encoding", {}).get("text")
    if mark.get("type") != "text" or "lineBreak" in mark or not isinstance(text, dict) or "format" in text:
        return  # lines of its own, or a number
    if "field" not in text:
        return
    font = mark.get("fontSize", config.get("text", {}).get("fontSize", 11))
    chars = max(int((plot - abs(mark.get("dx", 0))) / (font * CHAR_WIDTH)), 10)
    field = text["field"]
    lines = f"{field}__lignes"
    expression = wrap_expression(chars).replace("datum.label", f"toString(datum[{json.dumps(field)}])")
    view["transform"] = [*view.get("transform", []), {"calculate": expression, "as": lines}]
    view["encoding"]["text"] = {**text, "field": lines}


def _row_width(total: int) -> int:
    """A row of small multiples' plot width: the total, less the category
    labels' share (wrap_labels) and the row header."""
    return int(total * 0.7) - 40


def _values(spec: dict, d) -> list[str]:
    """The distinct values a channel shows, from the spec's inline rows."""
    if not isinstance(d, dict) or "field" not in d:
        return []
    found = (row.get(d["field"]) for rows in spec.get("datasets", {}).values() for row in rows)
    return list(dict.fromkeys(str(v) for v in found if v is not None))


def _longest(spec: dict, d) -> int:
    return max((len(v) for v in _values(spec, d)), default=0)


def _count(frame: pd.DataFrame, d: dict) -> int:
    field = d.get("field")
    return max(int(frame[field].nunique()), 1) if field in frame else 1


def _columns(spec: dict) -> int:
    """Small multiples side by side in a spec (its column field's values)."""
    column = spec.get("encoding", {}).get("column")
    if not isinstance(column, dict):
        return 1
    values = {row.get(column.get("field")) for rows in spec.get("datasets", {}).values() for row in rows}
    return max(len(values), 1)
