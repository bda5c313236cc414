"""What a journalist adds to a chart's marks without code: the value written
on each mark (``labels``), reference lines and ranges (``reference``), notes
beside one data row (``annotations``), and numbers written in words
(``format: pourcent | milliers | millions | milliards | euros``).

Each is a layer over the chart's own mark, drawn from the same rows. Every
layer here has ``aria: false``: its marks carry no accessible label, so the
tooltip script (which walks ``[role="graphics-symbol"][aria-label]``) and a
screen reader still meet one mark per data row. What the layers say is
already in each mark's label (the value) or goes into the chart's
description (an annotation, a reference line), which screen readers read.
Pure: block + rows -> Altair layers; no file is read here.
"""

from __future__ import annotations

import datetime
import itertools
import json
import math
import textwrap
from dataclasses import dataclass, field

import altair as alt
import pandas as pd

from .blocks import ChartBlock
from .colours import contrast
from .errors import choices
from .frenchdate import date_fr
from .frenchnum import (
    FRENCH_FORMATS,
    d3_unit,
    format_as,
    format_expression,
    format_number,
    format_problem,
    parse_number,
    rounded,
)
from .render import HALO_COLOUR
from .typed import WORDS, absent_value, matches, not_of_type

# A text's halo of the background over a reference line: wide enough to cover
# the gap of a space between two glyphs (« 43 % », « les bénévoles »), where a
# thinner one let the line show through the text.
HALO = {"stroke": HALO_COLOUR, "strokeWidth": 5, "strokeJoin": "round"}

# Hook colours the theme remaps for dark mode (see settings.vega_config):
# text beside a mark is in the text colour; text inside a mark in white,
# which the theme turns dark where marks turn light.
TEXT_COLOUR = "#333333"
INSIDE_COLOUR = "#ffffff"
# Text inside a mark reaches WCAG 2.1's 4.5:1 (1.4.3) against the fill it sits
# on: white where white does, else black (one of them always does, 4.58:1 at
# worst). Black reads on a remapped fill in both modes (dark mode's fills are
# light); white on a fill no theme remaps (an editor's hex colour, « gris »)
# must stay white in dark mode, where that fill keeps its colour: a white
# that is not the hook.
MIN_TEXT_CONTRAST = 4.5
INSIDE_DARK = "#000000"
INSIDE_FIXED_WHITE = "#fefefe"
RANGE_COLOUR = "#888888"
LABEL_SIZE = 13
AXIS_FONT = 14  # the axes' label size (settings' vega_config), in pixels
NOTE_LINE = LABEL_SIZE + 3  # from one line of a note to the next, in pixels
MIN_NOTE_CHARS = 14  # the narrowest a note is wrapped to, in characters a line
MAX_NOTE_LINES = 3
# Vega breaks a note's text at "\n" (one tspan per line, each trimmed).
LINE_BREAK = " \n"
ARC_MARGIN = 24  # room around a pie for its labels, in pixels
CHAR_WIDTH = 6.5  # mean width of a Liberation Sans character at LABEL_SIZE, in pixels
WIDER_FONT = 1.2  # how much wider a fallback font (DejaVu Sans, without Liberation Sans or Arial) writes
POINT_PADDING = 0.5  # Vega-Lite's padding of a point scale (a line over categories), in steps
Y_AXIS_ROOM = 60  # at most what a y axis's labels and title take of a drawing's width, in pixels
LABELLED_MARKS = ("bar", "line", "area", "point", "circle", "square", "arc")
POSITION_CHANNELS = ("x", "y", "xOffset", "yOffset")
GUIDES = {"x": "axis", "y": "axis", "color": "legend", "size": "legend", "opacity": "legend"}


@dataclass
class Decorations:
    """The layers a block asks for, checked against the chart's rows."""

    block: ChartBlock
    channels: dict
    mark: str
    fields: dict  # column -> FieldInfo
    rows: bool  # each row of the frame is one mark (nothing left for Vega to aggregate)
    settings: dict = field(default_factory=dict)  # the plugin's (colours the theme remaps, the palette)
    columns: dict = field(default_factory=dict)  # plotted column -> its values, added to the rows
    notes: list = field(default_factory=list)  # what screen readers read of the annotations
    value: tuple | None = None  # (channel, definition) the labels write
    label_format: str | None = None
    label_unit: str | None = None
    shares_places: bool = True  # some rows share a bar's place (a stack), as far as the labels can tell
    annotated: dict = field(default_factory=dict)  # row index -> its note
    axis_units: dict = field(default_factory=dict)  # x, y -> the unit of the column they plot
    label_shifts: dict = field(default_factory=dict)  # pixels a line's end label moves down -> its column
    turned: str | None = None  # Vega's test, in each drawing, of columns whose labels stand on their side
    paired: set = field(default_factory=set)  # ids of the higher of two close references (_reference_sides)
    places: dict = field(default_factory=dict)  # where notes go ("right 2": right-aligned, 2 lines) -> their column
    # A highlight's definition whose column draws the lines (build_chart._highlight_series):
    # no legend says which line is which, so the chosen lines are named at their ends.
    series: dict | None = None
    highlighted: list = field(default_factory=list)  # every definition of the highlight (all must hold)
    names: bool = field(init=False, default=False)
    ends_width: float = field(init=False, default=0.0)  # the widest label at a line's end (layer)
    phone_test: str | None = field(init=False, default=None)  # Vega's test of the phone's drawing (_note_drawings)
    lines: dict = field(init=False, default_factory=dict)  # a labels' column -> its lines on the phone

    def __post_init__(self):
        self.names = (
            self.series is not None
            and self.mark in ("line", "area")
            and not any(c in self.channels for c in ("column", "row", "facet"))
            and value_channel(self.channels, self.mark) is not None
        )

    @property
    def wanted(self) -> bool:
        return self.names or any(self.block.get(key) for key in ("labels", "reference", "annotations"))

    @property
    def labelled(self) -> bool:
        """Texts at the marks: the values (labels:), or the chosen lines' names."""
        return self.names or bool(self.block.get("labels"))

    def check(self, frame: pd.DataFrame) -> None:
        """Refuse what cannot be drawn, before any layer is made."""
        block = self.block
        for axis in ("x", "y"):  # before the fields are renamed (build_chart._plain_names)
            d = self.channels.get(axis)
            if isinstance(d, dict) and "field" in d:
                self.axis_units[axis] = self.unit_of(d["field"])
        if self.wanted and ("column" in self.channels or "row" in self.channels):
            key = next(k for k in ("labels", "reference", "annotations") if block.get(k))
            raise block.error(
                f"{key} ne se combine pas avec column: ou row: (un graphique par valeur) ; "
                "retirez l'un des deux, ou faites un graphique par valeur avec filter:",
                key,
            )
        if block.get("labels"):
            self._check_labels(frame)
        elif self.names:
            self.value = value_channel(self.channels, self.mark)  # where a line ends, and its height there
        if block.get("annotations"):
            self._find_annotated_rows(frame)

    # -- labels ------------------------------------------------------------

    def _check_labels(self, frame: pd.DataFrame) -> None:
        block = self.block
        if self.mark not in LABELLED_MARKS:
            raise block.error(
                f"labels ne s'écrit pas sur la marque {self.mark} ; marques possibles : {', '.join(LABELLED_MARKS)}",
                "labels",
            )
        if not self.rows:
            raise block.error(
                "labels : les valeurs de ce graphique sont regroupées par le navigateur (bin, timeUnit) ; "
                "écrivez l'agrégation avec aggregate:, ou retirez labels:",
                "labels",
            )
        self.value = value_channel(self.channels, self.mark)
        if self.value is None:
            raise block.error(
                "labels écrit la valeur d'un axe quantitatif, or le graphique n'en a aucun ; "
                "déclarez-en un (par exemple x: {field: part, type: quantitative})",
                "labels",
            )
        d = self.value[1]
        column = d["field"]
        fmt = self.options.get("format") or (d.get("format") if d.get("format") in FRENCH_FORMATS else None)
        if fmt is not None:  # the labels' own format, or the axis's they follow: the mistake is there
            where = "labels" if self.options.get("format") else self.value[0]
            check_format(block, where, fmt, frame[column], self.unit_of(column))
        if self.position == "outside" and self.mark == "bar" and (frame[column] < 0).any():
            raise block.error(
                "labels : des valeurs négatives, dont l'étiquette tomberait sur la barre ; "
                "écrivez labels: {position: inside}",
                "labels",
            )
        self.label_format, self.label_unit = fmt, self.unit_of(column)
        across = self.channels.get("y" if self.value[0] == "x" else "x")
        if isinstance(across, dict) and across.get("field") in frame.columns:
            # Bars stack only where two rows share a place on the other axis.
            self.shares_places = bool(frame[across["field"]].duplicated().any())

    @property
    def options(self) -> dict:
        labels = self.block.get("labels")
        return labels if isinstance(labels, dict) else {}

    @property
    def position(self) -> str:
        if self.mark == "bar" and self._stacked():
            return "inside"  # a stack's segments touch: a label beside one falls on the next
        return self.options.get("position", "outside")

    def unit_of(self, column) -> str | None:
        info = self.fields.get(column)
        return info.unit if info else None

    def _normalized(self) -> bool:
        """A stack of shares of each bar (stack: normalize)."""
        return self.value is not None and self.value[1].get("stack") == "normalize" and self.mark in ("bar", "area")

    def _stacked(self) -> bool:
        d = self.value[1]
        return (
            self.shares_places
            and "color" in self.channels
            and not any(o in self.channels for o in ("xOffset", "yOffset"))
            and d.get("stack", "zero") not in (None, False)
        )

    def label_texts(self, frame: pd.DataFrame, column: str) -> pd.Series:
        """Each row's label, French formatted with the field's unit (a line or
        an area: its last point only, at the end of the line, after the line's
        name where the highlight chose it)."""
        across = self.channels.get("y" if self.value and self.value[0] == "x" else "x")
        place = across.get("field") if isinstance(across, dict) else None
        if self.block.get("labels") and self._normalized() and place in frame.columns:
            # A stack of shares (stack: normalize) is read in percent of its bar: « 31 % », not its euros.
            shares = frame[column] / frame.groupby(place, sort=False)[column].transform("sum") * 100
            texts = shares.map(lambda v: format_as(rounded(float(v), 0), "pourcent", None))
        elif self.block.get("labels"):
            places = getattr(self.fields.get(column), "decimals", None)  # a mean: one decimal more than its values

            def written(v):
                v = v.item() if hasattr(v, "item") else v
                return format_as(rounded(v, places) if places is not None else v, self.label_format, self.label_unit)

            texts = frame[column].map(written)
        else:
            texts = pd.Series("", index=frame.index)
        if self.mark not in ("line", "area"):
            return texts
        ends = self._line_ends(frame)
        texts = texts.where(ends, "")
        if self.names:
            names = self._names(frame).where(ends, "")
            texts = (names + " " + texts).str.strip()
        return texts

    def _line_ends(self, frame: pd.DataFrame) -> pd.Series:
        """True at each line's last point (all True when the chart has no axis along it)."""
        other = "x" if self.value[0] == "y" else "y"
        along = self.channels.get(other, {}).get("field")
        if along not in frame.columns:
            return pd.Series(True, index=frame.index)
        series = [self.channels[c]["field"] for c in ("color", "detail") if isinstance(self.channels.get(c), dict)]
        if self.series is not None:
            series.append(self.series["field"])
        series = [name for name in dict.fromkeys(series) if name in frame.columns]
        last = frame.groupby(series, dropna=False)[along].transform("max") if series else frame[along].max()
        return frame[along] == last

    def _names(self, frame: pd.DataFrame) -> pd.Series:
        """The series' name on the rows of the lines the highlight chose, "" elsewhere."""
        field = self.series["field"]
        chosen = pd.Series(True, index=frame.index)
        for d in self.highlighted:
            chosen &= frame[d["field"]].isin(d["oneOf"])
        return frame[field].astype(str).where(chosen, "")

    # -- annotations ---------------------------------------------------------

    def _find_annotated_rows(self, frame: pd.DataFrame) -> None:
        block = self.block
        if self.mark == "arc":
            raise block.error(
                "annotations ne se place pas sur un camembert ; écrivez la remarque dans note:", "annotations"
            )
        if not self.rows:
            raise block.error(
                "annotations : les lignes de ce graphique sont regroupées par le navigateur (bin, timeUnit) ; "
                "écrivez l'agrégation avec aggregate:",
                "annotations",
            )
        for item in block.get("annotations"):
            mask = pd.Series(True, index=frame.index)
            for column, wanted in item["where"].items():
                if column not in frame.columns:
                    computed = self._computed_columns()  # « sum_montant »: no name of the editor's
                    named = [c for c in frame.columns if c not in computed]
                    grouped = " (le graphique regroupe les lignes)" if computed else ""
                    raise block.error(
                        f"annotations : colonne « {column} » absente des lignes dessinées{grouped} ; colonnes : "
                        + choices(str(column), named),
                        "annotations",
                    )
                try:
                    mask &= matches(frame[column], wanted)
                except ValueError:
                    raise block.error(
                        "annotations : " + not_of_type(column, wanted, frame[column]), "annotations"
                    ) from None
            where = ", ".join(f"{k}: {v}" for k, v in item["where"].items())
            found = int(mask.sum())
            if not found:
                raise block.error(
                    f"annotations : where: {{{where}}} ne désigne aucune ligne du graphique : "
                    + _no_row_reason(frame, item["where"]),
                    "annotations",
                )
            if found > 1:
                raise block.error(
                    f"annotations : where: {{{where}}} désigne {found} lignes du graphique au lieu d'une ; "
                    "nommez aussi la colonne qui les distingue, pour une seule barre ou un seul point",
                    "annotations",
                )
            index = mask.idxmax()
            text = " ".join(str(item["text"]).split())
            self.annotated[index] = f"{self.annotated[index]} ; {text}" if index in self.annotated else text
            shown = ", ".join(_written(frame.at[index, c]) for c in self._naming(frame) or item["where"])
            self.notes.append(f"Annotation ({shown}) : {text.rstrip('.')}.")

    def _computed_columns(self) -> set:
        """The columns the grouping at build time made (« sum_montant », « nombre »):
        a channel's field that is not the one the block names."""
        computed = set()
        for name, raw in self.block.encodings.items():
            d = self.channels.get(name)
            if not isinstance(raw, dict) or not isinstance(d, dict) or "field" not in d:
                continue
            written = raw.get("field", raw.get("shorthand"))
            if d["field"] != written:
                computed.add(d["field"])
        return computed

    def _naming(self, frame: pd.DataFrame) -> list[str]:
        """The columns that name a row as the chart shows it (a bar's
        category, a line's series and its point along the axis), for screen
        readers: « Outils collaboratifs, 2016 », not the code a where: names."""
        highlight = self.block.get("highlight")
        series = [{"field": c} for c in highlight] if isinstance(highlight, dict) else []  # a highlighted line's
        get = self.channels.get
        lines = [get("color"), *series, get("detail"), get("x"), get("y")]
        first = [get("y"), get("x")] if self.mark == "bar" else lines
        defs = [*first, *(get(c) for c in ("yOffset", "xOffset", "column", "row")), *series]
        value = self.value or value_channel(self.channels, self.mark)
        measure = value[1].get("field") if value else None
        fields = [d.get("field") for d in defs if isinstance(d, dict) and "aggregate" not in d]
        return list(dict.fromkeys(f for f in fields if f in frame.columns and f != measure))

    # -- the layers ----------------------------------------------------------

    def add_columns(self, plotted: pd.DataFrame) -> pd.DataFrame:
        """The rows with a column per layer that writes text (labels, notes)."""
        if self.labelled and self.label_format in (None, *FRENCH_FORMATS):
            self.columns["label"] = _free_name(plotted, "etiquette")
            plotted = plotted.assign(**{self.columns["label"]: self.label_texts(plotted, self.value[1]["field"])})
            plotted = self._spread_line_ends(plotted)
            plotted = self._named_ends_on_lines(plotted)
        elif self.labelled and self.mark in ("line", "area"):
            # A d3 format, which Vega writes: at each line's end only, after its
            # name where the highlight chose it (null elsewhere: no label).
            self.columns["end"] = _free_name(plotted, "fin")
            ends = self._line_ends(plotted)
            prefix = (self._names(plotted) + " ").str.lstrip() if self.names else pd.Series("", index=plotted.index)
            plotted = plotted.assign(**{self.columns["end"]: prefix.where(ends, None)})
        if self.block.get("annotations"):
            # One column of notes per place, each drawn by a layer of its own:
            # every layer keeps the chart's data (a layer with other data, or
            # a filter, would undo an axis sorted by a channel, sort: -x).
            # Each drawing (the phone's, the wide one) lays its notes out for
            # its own width: its layers show where Vega's width is its own.
            self.places = {}
            for drawing, total, test in self._note_drawings(plotted):
                placed = self._placed_notes(plotted, total)
                for place in sorted({place for _, place in placed.values()}):
                    name = "_".join(["annotation", *([drawing] if drawing else []), *place.split()])
                    self.places[(place, test)] = column = _free_name(plotted, name)
                    kept = pd.Series("", index=plotted.index)
                    for index, (text, at) in placed.items():
                        if at == place:
                            kept[index] = text
                    plotted = plotted.assign(**{column: kept})
            if any(_above_the_plot(place) for place, _ in self.places):
                self._legends_below()
        return plotted

    def _named_ends_on_lines(self, plotted: pd.DataFrame) -> pd.DataFrame:
        """On a phone, a line's name and its value at its end go on two lines
        (« Auvergne-Rhône-Alpes » over « 504 111,84 € »): on one, the label took
        the plot's whole width. A column of its own, shown where Vega's width is
        the phone's (_note_drawings)."""
        if not self.names or self.mark not in ("line", "area"):
            return plotted
        test = self._note_drawings(plotted)[0][2]
        if test is None:
            return plotted
        names = self._names(plotted).where(self._line_ends(plotted), "")
        self.phone_test = test
        # The labels' column, or each shift's (_spread_line_ends): a column of lines beside each.
        for column in [self.columns["label"], *self.label_shifts.values()]:
            lines = [
                [name, label[len(name) + 1 :]] if name and label.startswith(f"{name} ") else label
                for name, label in zip(names, plotted[column], strict=True)
            ]
            self.lines[column] = _free_name(plotted, f"{column}_lignes")
            plotted = plotted.assign(**{self.lines[column]: pd.Series(lines, index=plotted.index, dtype=object)})
        return plotted

    def _legends_below(self) -> None:
        """Notes stand above the plot, where the legends are (settings: orient
        top): the legends go below it instead."""
        for name in ("color", "size", "opacity", "shape"):
            d = self.channels.get(name)
            if isinstance(d, dict) and "field" in d and d.get("legend", {}) is not None:
                d["legend"] = {**(d.get("legend") or {}), "orient": "bottom"}

    def _note_drawings(self, plotted: pd.DataFrame) -> list[tuple[str, float, str | None]]:
        """(name, width, Vega test) of each drawing the notes are laid out for:
        the phone's and the wide one, told apart by the plot's width (Vega's
        ``width``) halfway between theirs; one drawing, without a test, for a
        chart no wider than a phone (it gets no phone drawing, layout.py)."""
        narrow = self.settings.get("narrow_width") or 360
        wide = self.block.get("width") or self.settings.get("width") or narrow
        if not isinstance(wide, (int, float)) or wide <= narrow + 20:
            return [("", wide if isinstance(wide, (int, float)) else narrow, None)]
        channel = (self.value or value_channel(self.channels, self.mark) or ("y", {}))[0]
        halfway = (self._plot_width(plotted, channel, narrow) + self._plot_width(plotted, channel, wide)) / 2
        return [("phone", narrow, f"width < {halfway:.0f}"), ("wide", wide, f"width >= {halfway:.0f}")]

    def _placed_notes(self, plotted: pd.DataFrame, total: float) -> dict:
        """Each note's lines and its place, so that it stays inside a drawing
        ``total`` pixels wide: row index -> (text with line breaks, place), a
        place being « ALIGN LINES ABOVE DX » above the plot (left, center or
        right of its leader, raised ABOVE pixels over the notes below it,
        moved DX pixels back inside the plot) or « beside LINES » / « past
        LINES » (past a label moved out of its bar) / « inside LINES » of a
        horizontal bar. Refuses a note too long for the room it has."""
        channel, d = self.value or value_channel(self.channels, self.mark) or ("y", {})
        placed = {}
        if channel == "x" and self.mark != "bar":  # points: one line beside them, on the side left free
            crowded = self._crowded_on_the_right(plotted, d)
            return {i: (text, "left 1" if crowded.get(i, False) else "right 1") for i, text in self.annotated.items()}
        plot = self._plot_width(plotted, channel, total)
        if channel == "x":
            return self._placed_beside_bars(plotted, d, plot)
        per_line = max(int(plot / CHAR_WIDTH), MIN_NOTE_CHARS)
        along = self._along_x(plotted)
        notes = []  # (left end, right end, index, lines, align, shift), in the drawing's pixels
        for index, text in self.annotated.items():
            lines = self._note_lines(text, per_line, "au-dessus du graphique")
            wide = max(len(line) for line in lines) * CHAR_WIDTH
            at = along.get(index) if along is not None else None
            x = plot / 2 if at is None or pd.isna(at) else float(at) * plot
            align = "right" if x + wide / 2 > plot else "left" if x - wide / 2 < 0 else "center"
            left = {"right": x - wide, "left": x, "center": x - wide / 2}[align]
            # Wider than the room on its side (a long line from near the middle): moved back inside.
            shift = round(max(min(plot - left - wide, 0.0), -left) if left + wide > plot else max(-left, 0.0))
            notes.append((left + shift, left + shift + wide, index, lines, align, shift))
        # Notes whose texts would overlap stand one above the other: each on
        # the lowest level where it meets no other note, a level as high as
        # its tallest note; all above the labels of lines on x, if any.
        levels: list[list[tuple[float, float]]] = []
        heights: list[int] = []
        level_of = {}
        for left, right, index, lines, *_ in sorted(notes, key=lambda n: n[0]):
            level = next(
                (n for n, spans in enumerate(levels) if all(right + 8 <= a or left >= b + 8 for a, b in spans)),
                len(levels),
            )
            if level == len(levels):
                levels.append([])
                heights.append(0)
            levels[level].append((left, right))
            heights[level] = max(heights[level], len(lines))
            level_of[index] = level
        labelled_x = any("x" in r and str(r.get("label", "")).strip() for r in self.block.get("reference") or [])
        lift = LABEL_SIZE + 4 if labelled_x else 0
        for _, _, index, lines, align, shift in notes:
            above = lift + sum(heights[n] * NOTE_LINE + 4 for n in range(level_of[index]))
            placed[index] = (LINE_BREAK.join(lines), f"{align} {len(lines)} {above} {shift}")
        return placed

    def _placed_beside_bars(self, plotted: pd.DataFrame, d: dict, plot: float) -> dict:
        """A horizontal bar's note: beside it, past its label, where the phone
        leaves it room; else inside the bar, from its start (the bar is then
        long); else beside it in a narrow column; refused if even that
        takes more than MAX_NOTE_LINES lines."""
        values = pd.to_numeric(plotted[d["field"]], errors="coerce")
        scale = d.get("scale") if isinstance(d.get("scale"), dict) else {}
        domain = scale.get("domain")
        top = max(domain) if isinstance(domain, list) and all(isinstance(v, (int, float)) for v in domain) else None
        top = top if top is not None else max(float(values.max()), 0.0)
        label, inside_label = 0, False
        if self.columns.get("label"):
            widest = max((len(t) for t in plotted[self.columns["label"]]), default=0) * CHAR_WIDTH + 6
            inside_label = self.position == "inside"
            label = 0 if inside_label else widest
        placed = {}
        for index, text in self.annotated.items():
            value = values.get(index)
            end = plot * max(float(value), 0.0) / top if top and pd.notna(value) else 0.0
            # A label inside a bar too short to hold it on a phone goes beside it (_fits_inside): past it.
            past = inside_label and end < len(plotted.at[index, self.columns["label"]]) * CHAR_WIDTH + 8
            beside = int((plot - end - (widest if past else label) - 8) / CHAR_WIDTH)
            inside = int((end - 12 - (widest if inside_label else 0)) / CHAR_WIDTH)
            if beside >= MIN_NOTE_CHARS and len(lines := textwrap.wrap(text, beside)) <= MAX_NOTE_LINES:
                placed[index] = (LINE_BREAK.join(lines), f"{'past' if past else 'beside'} {len(lines)}")
            elif inside >= MIN_NOTE_CHARS and len(lines := textwrap.wrap(text, inside)) <= MAX_NOTE_LINES:
                placed[index] = (LINE_BREAK.join(lines), f"inside {len(lines)}")
            else:  # beside, in a narrow column: the phone's plot gives it the room
                lines = self._note_lines(text, MIN_NOTE_CHARS, "à côté de sa barre")
                placed[index] = (LINE_BREAK.join(lines), f"beside {len(lines)}")
        return placed

    def _note_lines(self, text: str, per_line: int, where: str) -> list[str]:
        lines = textwrap.wrap(text, per_line)
        if len(lines) > MAX_NOTE_LINES:
            raise self.block.error(
                f"annotations : la note « {_shortened(text)} » ({len(text)} caractères) ne tient pas en "
                f"{MAX_NOTE_LINES} lignes {where} sur un téléphone ; raccourcissez-la à "
                f"{per_line * MAX_NOTE_LINES} caractères environ, ou écrivez-la dans note:",
                "annotations",
            )
        return lines

    def _phone_plot(self, plotted: pd.DataFrame, channel: str) -> float:
        """The plot's width in the phone's drawing (pixels)."""
        return self._plot_width(plotted, channel, self.settings.get("narrow_width") or 360)

    def _plot_width(self, plotted: pd.DataFrame, channel: str, total: float) -> float:
        """The plot's width in a drawing ``total`` pixels wide: the drawing's,
        less the y axis (its category names for horizontal bars; else its
        numbers, as long as the largest, and its title)."""
        across = self.channels.get("y")
        axis = 60
        if not isinstance(across, dict) or across.get("field") not in plotted.columns:
            return total - axis
        if channel == "x":
            longest = max((len(str(v)) for v in plotted[across["field"]]), default=0)
            axis = min(longest * CHAR_WIDTH * AXIS_FONT / LABEL_SIZE, total * 0.4) + 40
        elif across.get("type") == "quantitative":
            top = pd.to_numeric(plotted[across["field"]], errors="coerce").abs().max()
            if pd.notna(top):
                digits = len(format_number(round(float(top)))) + (2 if self.axis_units.get("y") else 0)
                axis = max(axis, min(digits, 9) * CHAR_WIDTH * AXIS_FONT / LABEL_SIZE + 40)
        return total - axis

    def _along_x(self, plotted: pd.DataFrame) -> pd.Series | None:
        """Where each row's mark lies across the plot, from 0 (left) to 1
        (right), as Vega places it; None where that cannot be told."""
        d = self.channels.get("x")
        if not isinstance(d, dict) or d.get("field") not in plotted.columns:
            return None
        values = plotted[d["field"]]
        if d.get("type") in ("quantitative", "temporal"):
            numbers = _numbers(d, values)
            low, high = _extent(d, numbers)
            return (numbers - low) / (high - low) if high > low else pd.Series(0.5, index=plotted.index)
        order = _discrete_order(d, plotted, self.channels)
        if order is None:
            return None
        spot = {value: (i + 0.5) / len(order) for i, value in enumerate(order)}
        return values.map(spot)

    def layer(self, main: alt.Chart, plotted: pd.DataFrame, encoding: dict, size: dict):
        """The main chart, or a layer of it with the decorations."""
        if not self.wanted:
            return main
        below, above = [], []
        if self.labelled:
            self.turned = self._turn_test(plotted)  # the references' labels keep clear of the turned ones
        references = self.block.get("reference") or []
        self.ends_width = self._widest_end(plotted) if references else 0.0  # beside the phone's plot (_phone_lines)
        for item, paired in zip(references, self._reference_sides(references, plotted), strict=True):
            end, flipped = self._reference_place(item, plotted, paired)
            back, front = self._reference(item, size, flipped, end)
            below += back
            above += front
        independent = False
        if self.labelled:
            if self.turned and not self._labels_inside():
                encoding, main = self._headroom(encoding, main, plotted, size)
            elif self.mark == "bar" and self.value[0] == "x" and not self._labels_inside():
                encoding, main = self._room_on_the_right(encoding, main, plotted)
            labels = self._labels(plotted, encoding, size)
            above += [shifted for layer in labels for shifted in self._shifted(layer)]
            # Labels coloured per category have a colour scale of their own, without legend.
            independent = any(isinstance(layer.encoding.color, alt.Color) for layer in labels)
            if self.mark == "arc" and self.position == "outside":
                # The pie shrinks to leave its labels room around it.
                main = main.copy(deep=True)
                main.mark.outerRadius = min(size["width"], size["height"]) / 2 - ARC_MARGIN
        if self.block.get("annotations"):
            notes = self._annotations(plotted, encoding)
            above += notes
            independent = independent or any(isinstance(n.encoding.color, alt.Color) for n in notes)
        layered = alt.layer(*below, main, *above)
        room = self._end_room(plotted)
        if room is not None:
            layered = layered.properties(padding={"left": 5, "top": 5, "bottom": 5, "right": room})
        return layered.resolve_scale(color="independent") if independent else layered

    def _widest_end(self, plotted: pd.DataFrame) -> float:
        """The widest label at a line's end, in pixels (0: none)."""
        if self.mark not in ("line", "area") or not self.labelled or self.value[0] != "y":
            return 0.0
        if "label" in self.columns:
            ends = plotted[self.columns["label"]]
        else:  # a d3 format's value, after the line's name: the value as wide as the largest's digits
            ends = plotted[self.columns["end"]].dropna() + "0" * self._widest_label(plotted)
        return max((text_width(t, LABEL_SIZE) for t in ends), default=0.0)

    def _end_room(self, plotted: pd.DataFrame) -> int | None:
        """The room past the plot the labels at the lines' ends need beyond
        what Vega gives them, in pixels. Vega's fit counts the texts' bounds as
        it measures them (in the charts' font), shrinking the plot to keep them
        in the drawing; a reader's wider fallback font would still cut them
        (« Auvergne-Rhône-Alpes 3 »): that difference, with a margin. The whole
        width counted again would crush a phone's plot (the editor's trial: a
        50 px plot beside « Réseaux sociaux 62 % »)."""
        if self.mark not in ("line", "area") or not self.labelled or self.value[0] != "y":
            return None
        widest = self._widest_end(plotted)
        x = self.channels.get("x")
        narrow = self.settings.get("narrow_width")
        if isinstance(x, dict) and x.get("type") in ("nominal", "ordinal") and "scale" not in x and narrow:
            # Points of a category axis: there Vega's fit leaves the texts out
            # (the last point stands half a step inside the plot, Vega-Lite's
            # point padding, room the label already has; the phone's drawing
            # has the narrowest steps: what it needs does for both).
            needed = widest * WIDER_FONT + 6 + 4  # the label's gap to its point, a margin
            count = max(int(plotted[x["field"]].nunique()), 1) if x.get("field") in plotted else 1
            inside = POINT_PADDING * (narrow - Y_AXIS_ROOM) / count
            return math.ceil(max(0.0, needed - inside) / (1 - POINT_PADDING / count))
        return math.ceil(widest * (WIDER_FONT - 1) + 4)

    def _spread_line_ends(self, plotted: pd.DataFrame) -> pd.DataFrame:
        """The labels at the ends of lines, moved apart where two ends are
        closer than a label's height (two series ending at 43 and 45 %): each
        end lower than the one above it by a label's height at least, in whole
        pixels. One column of labels per shift (``label_shifts``), drawn by a
        layer of its own over the chart's data."""
        column = self.columns["label"]
        d = self.channels.get("y")
        if self.mark not in ("line", "area") or self.value[0] != "y" or not isinstance(d, dict):
            return plotted
        if d.get("type") != "quantitative" or d.get("field") not in plotted.columns:
            return plotted
        ends = plotted[plotted[column] != ""]
        values = pd.to_numeric(ends[d["field"]], errors="coerce")
        if len(ends) < 2 or values.isna().any():
            return plotted
        height = self.block.get("height") or self.settings.get("height") or 300
        low, high = _extent(d, pd.to_numeric(plotted[d["field"]], errors="coerce"))
        if high <= low or not isinstance(height, (int, float)):
            return plotted
        at = ((high - values) / (high - low) * height).sort_values()  # pixels from the top
        shifts, last = {}, None
        for index, pixel in at.items():
            wanted = pixel if last is None else max(pixel, last + LABEL_SIZE + 2)
            shifts[index], last = round(wanted - pixel), wanted
        if not any(shifts.values()):
            return plotted
        for shift in sorted(set(shifts.values())):
            name = self.label_shifts[shift] = _free_name(plotted, f"{column}_{shift}")
            kept = pd.Series("", index=plotted.index)
            for index, moved in shifts.items():
                if moved == shift:
                    kept[index] = plotted.at[index, column]
            plotted = plotted.assign(**{name: kept})
        return plotted

    def _shifted(self, labels: alt.Chart) -> list:
        """The labels' layer, or one per shift (_spread_line_ends)."""
        if not self.label_shifts:
            return [labels]
        layers = []
        for shift, name in self.label_shifts.items():
            layer = labels.copy(deep=True)
            layer.mark.dy = (layer.mark.dy if isinstance(layer.mark.dy, (int, float)) else 0) + shift
            layer.encoding.text = self._text_of(name)
            layers.append(layer)
        return layers

    def _text_of(self, column: str) -> alt.Text:
        """A labels' column as its layer writes it: on the phone, on its lines where it has them."""
        if column not in self.lines:
            return alt.Text(field=column, type="nominal")
        phone = {"test": self.phone_test, "field": self.lines[column], "type": "nominal"}
        return alt.Text(field=column, type="nominal", condition=phone)

    def _positions(self, encoding: dict) -> dict:
        kept = {k: v for k, v in encoding.items() if k in POSITION_CHANNELS}
        if self.mark == "bar" and self._on_time_bands(kept.get("x")):
            # A bar of a month spans the month: what is written at it (its label, a note)
            # stands at the middle of it, not at its first day.
            kept["x"] = kept["x"].copy(deep=True)
            kept["x"].bandPosition = 0.5
        if self.mark == "arc":
            kept["theta"] = encoding["theta"]
            if "order" in encoding:  # the pie's slices' order (build_chart._slice_order): the labels stack alike
                kept["order"] = encoding["order"]
        return kept

    def _labels(self, plotted: pd.DataFrame, encoding: dict, size: dict) -> list[alt.Chart]:
        """The labels' layers: one, or for labels inside bars, the label
        inside where it fits and beside (or above) the bar where it does not.
        Whether it fits is Vega's to tell, in each drawing (the phone's bars
        are thinner and shorter): its test compares the bar's size in pixels
        with the label's. A stack's label shows only where its segment holds it."""
        inside = self._labels_inside()
        label = self._label_layer(plotted, encoding, size, inside)
        if not inside or self.mark != "bar":
            return [label]
        fits = self._fits_inside()
        label.encoding.text = alt.condition(fits, label.encoding.text, alt.value(""))
        if self._stacked():
            return [label]  # beside a segment, a label would fall on the next one
        beside = self._label_layer(plotted, encoding, size, False)
        beside.encoding.text = alt.condition(f"!({fits})", beside.encoding.text, alt.value(""))
        return [label, beside]

    @staticmethod
    def _on_time_bands(x) -> bool:
        """An x of dates grouped by a time unit: each bar spans its unit."""
        written = x.to_dict(validate=False) if isinstance(x, alt.X) else {}
        return written.get("type") == "temporal" and written.get("timeUnit") is not None

    def _labels_inside(self) -> bool:
        return self.position == "inside" and self.mark in ("bar", "arc") and not self._too_thin()

    def _turn_test(self, plotted: pd.DataFrame) -> str | None:
        """A Vega test, true in a drawing whose columns are narrower than
        their widest label (a phone's, eight columns of « 100 000 € »): their
        labels then stand on their side, reading upwards, in every column
        of that drawing alike, rather than run into their neighbours'. None
        for marks other than side-by-side columns (a stack's labels stay
        inside their segments)."""
        if self.mark != "bar" or self.value[0] != "y" or self._stacked():
            return None
        across = self.channels.get("x")
        if not isinstance(across, dict) or across.get("field") not in plotted.columns:
            return None
        wanted = self._widest_label(plotted) * CHAR_WIDTH + 4
        count = max(int(plotted[across["field"]].nunique()), 1)
        offset = self.channels.get("xOffset")
        if isinstance(offset, dict) and offset.get("field") in plotted.columns:
            count *= max(int(plotted[offset["field"]].nunique()), 1)
        narrowest = min(self.block.get("width") or math.inf, self.settings.get("narrow_width") or 360)
        if self._plot_width(plotted, "y", narrowest) / count * 0.8 >= 1.5 * wanted:
            return None  # wide enough in any drawing, its padding taken off: no test to carry
        if isinstance(offset, dict):
            band = "bandwidth('xOffset')"
        elif across.get("type") in ("nominal", "ordinal"):
            band = "bandwidth('x')"
        else:  # columns along a date or a number: the plot's width shared between them, if evenly spaced
            band = f"width / {count}"
        return f"{band} < {wanted:g}"

    def _widest_label(self, plotted: pd.DataFrame) -> int:
        """The most characters a label has: written by us (French formats),
        or estimated from the largest value (a d3 format string's)."""
        if self.columns.get("label"):
            return max((len(t) for t in plotted[self.columns["label"]]), default=0)
        values = pd.to_numeric(plotted.get(self.value[1].get("field"), pd.Series(dtype=float)), errors="coerce")
        top = values.abs().max()
        return len(format_number(round(float(top)))) + 2 if pd.notna(top) else 8

    def _headroom(self, encoding: dict, main: alt.Chart, plotted: pd.DataFrame, size: dict):
        """Labels standing on their side above their columns reach higher
        than a line's height: where they stand so (``turned``), the value
        axis goes up far enough for the tallest column's label to stay inside
        the plot, below the notes and the legends above it (its top a round
        number, as Vega's ``nice`` gives). Elsewhere ``null``, which leaves
        Vega's own top."""
        d = self.channels.get("y")
        scale = d.get("scale") if isinstance(d.get("scale"), dict) else {}
        height = size.get("height")
        if (
            not self.rows
            or d.get("type") != "quantitative"
            or d.get("field") not in plotted.columns
            or any(key in scale for key in ("domain", "domainMax", "domainRaw"))
            or not isinstance(height, (int, float))
        ):
            return encoding, main
        values = _numbers(d, plotted[d["field"]])
        top = values.max()
        room = self._widest_label(plotted) * CHAR_WIDTH + 8  # the label, its gap to the column, a margin
        if not top > 0 or height <= 2 * room:
            return encoding, main
        needed = float(top) * height / (height - room)
        if needed <= _extent(d, values)[1]:
            return encoding, main  # the rounded top already leaves the room
        needed = _extent(d, values, also=[needed])[1]  # rounded as Vega would (it does not round a domainMax)
        y = alt.Y(**{**d, "scale": {**scale, "domainMax": {"expr": f"{self.turned} ? {needed:.6g} : null"}}})
        main = main.copy(deep=True)
        main.encoding.y = y
        return {**encoding, "y": y}, main

    def _room_on_the_right(self, encoding: dict, main: alt.Chart, plotted: pd.DataFrame):
        """Labels written past horizontal bars: the value axis goes far
        enough for the longest bar's label to end inside the plot, in every
        drawing (the room is in pixels: a share of the phone's plot, less of
        the wide one's), with a margin for a reader's font a little wider
        than the one measured with (the editors' trial: « 62,4 % » cut after
        its « 4 »). Vega's own rounded end where it already leaves the room."""
        d = self.channels.get("x")
        scale = d.get("scale") if isinstance(d.get("scale"), dict) else {}
        if (
            not self.rows
            or d.get("type") != "quantitative"
            or d.get("field") not in plotted.columns
            or any(key in scale for key in ("domain", "domainMax", "domainRaw", "type", "reverse"))
            or d.get("stack") not in (None, False, "zero")
        ):
            return encoding, main
        values = _numbers(d, plotted[d["field"]])
        top = float(values.max()) if len(values.dropna()) else 0.0
        if not top > 0:
            return encoding, main
        room = self._widest_label(plotted) * CHAR_WIDTH * WIDER_FONT + 4 + 6  # its gap to the bar, a margin
        rounded = _extent(d, values)[1]
        needed = f"max({rounded:.6g}, {top:.6g} * width / max(width - {room:.4g}, 1))"
        wider = {**d, "scale": {**scale, "domainMax": {"expr": needed}}}
        axis = d.get("axis", {})
        if isinstance(axis, dict) and "labelFlush" not in axis:
            # The end of the axis moves with the width Vega fits the drawing
            # to, after it measured the labels' room: a tick's label within
            # that room of the end ends at its tick instead of past the
            # drawing (« 8 00 » cut on a phone). A number: Vega's threshold.
            wider["axis"] = {**axis, "labelFlush": round(room)}
        x = alt.X(**wider)
        main = main.copy(deep=True)
        main.encoding.x = x
        return {**encoding, "x": x}, main

    def _label_layer(self, plotted: pd.DataFrame, encoding: dict, size: dict, inside: bool) -> alt.Chart:
        channel = self.value[0]
        mark = {"type": "text", "aria": False, "fontSize": LABEL_SIZE, "color": TEXT_COLOUR}
        enc = self._positions(encoding)
        if inside:
            colour = self._label_colours(encoding.get("color"))
            if isinstance(colour, str):
                mark["color"] = colour
            else:
                enc["color"] = colour
        if self.mark == "arc":
            radius = min(size["width"], size["height"]) / 2 - (0 if inside else ARC_MARGIN)
            mark["radius"] = radius * 0.62 if inside else radius + ARC_MARGIN / 2
            enc["theta"] = _stacked_copy(encoding["theta"], True)
            colour = self.channels.get("color")
            if isinstance(colour, dict) and "field" in colour:
                enc["detail"] = alt.Detail(field=colour["field"], type=colour.get("type", "nominal"))
        elif self.mark == "bar" and channel == "x":
            mark.update(align="right" if inside else "left", baseline="middle", dx=-4 if inside else 4)
        elif self.mark == "bar":
            flat = {"angle": 0, "align": "center", "baseline": "top" if inside else "bottom", "dx": 0}
            flat["dy"] = 4 if inside else -4
            if self.turned:  # on their side (_turn_test): ending at the column's top inside, starting there above
                side = {"angle": -90, "align": "right" if inside else "left", "baseline": "middle"}
                side.update(dx=-4 if inside else 4, dy=0)  # dx: along the turned text (Vega offsets before rotating)
                test = self.turned
                flat = {k: {"expr": f"{test} ? {json.dumps(side[k])} : {json.dumps(v)}"} for k, v in flat.items()}
            mark.update(flat)
        elif self.mark in ("line", "area"):
            mark.update(align="left", baseline="middle", dx=6)
        else:
            mark.update(align="center", baseline="bottom", dy=-7)
        if self._lines() and not inside and self.mark != "arc":
            # Over a reference line: a halo of the background cuts the line
            # under the value, which stays legible where the line crosses it.
            mark.update(HALO)
        if self.mark == "bar" and self._stacked():
            enc[channel] = _stacked_copy(encoding[channel])
            colour = self.channels["color"]
            enc["detail"] = alt.Detail(field=colour["field"], type=colour.get("type", "nominal"))
        if self.lines:  # a named line end: on two lines on the phone
            enc["text"] = self._text_of(self.columns["label"])
        elif self.label_format in FRENCH_FORMATS or self.label_format is None:
            enc["text"] = alt.Text(field=self.columns["label"], type="nominal")
        elif (unit := d3_unit(self.label_format, self.label_unit)) or "end" in self.columns:
            # A d3 format string: Vega writes the value in the chart's locale, then the field's unit (« 42,0 % »).
            written = _free_name(plotted, "etiquette")
            expression = (
                f"format(datum[{json.dumps(self.value[1]['field'])}], {json.dumps(self.label_format)})"
                f" + {json.dumps(unit)}"
            )
            if "end" in self.columns:  # a line's end only, after its name
                end = f"datum[{json.dumps(self.columns['end'])}]"
                expression = f"isValid({end}) ? {end} + {expression} : ''"
            enc["text"] = alt.Text(field=written, type="nominal")
            layer = alt.Chart(plotted, mark=alt.MarkDef(**mark)).transform_calculate(**{written: expression})
            return layer.encode(**enc)
        else:  # a d3 format string: Vega writes the value, in the chart's locale
            enc["text"] = alt.Text(field=self.value[1]["field"], type="quantitative", format=self.label_format)
        return alt.Chart(plotted, mark=alt.MarkDef(**mark)).encode(**enc)

    def _fits_inside(self) -> str:
        """A Vega test, true where a bar (or a stack's segment) holds its label
        inside, in the drawing at hand: as long as the label and a margin
        along the bar, as thick as a line of it across."""
        channel, d = self.value
        field = d["field"]
        name = f"{d['aggregate']}_{field}" if isinstance(d.get("aggregate"), str) else field
        if self.label_format in FRENCH_FORMATS or self.label_format is None:
            chars = f"length(datum[{json.dumps(self.columns['label'])}])"
        else:
            unit = len(d3_unit(self.label_format, self.label_unit))
            chars = f"length(format(datum[{json.dumps(name)}], {json.dumps(self.label_format)})) + {unit}"
        if self._stacked():
            ends = [f"scale('{channel}', datum[{json.dumps(name + suffix)}])" for suffix in ("_start", "_end")]
        else:  # from the bar's base: zero, or the edge of a domain without it
            base = f"clamp(scale('{channel}', 0), extent(range('{channel}'))[0], extent(range('{channel}'))[1])"
            ends = [f"scale('{channel}', datum[{json.dumps(name)}])", base]
        length = f"abs({ends[0]} - {ends[1]})"
        across = "x" if channel == "y" else "y"
        offset = f"{across}Offset"
        band = f"bandwidth('{offset if isinstance(self.channels.get(offset), dict) else across}')"
        if channel == "y":  # a column: its label across it, a line's height along it; or turned, the reverse
            flat = f"{band} >= {chars} * {CHAR_WIDTH} + 4 && {length} >= {LABEL_SIZE + 6}"
            if not self.turned:
                return flat
            return f"({self.turned}) ? ({length} >= {chars} * {CHAR_WIDTH} + 8 && {band} >= {LABEL_SIZE}) : ({flat})"
        return f"{length} >= {chars} * {CHAR_WIDTH} + 8 && {band} >= {LABEL_SIZE}"

    def _colour_on(self, fill: str) -> str:
        return inside_colour(fill, self.settings)

    def _label_colours(self, color):
        """The labels' colour inside marks filled by the chart's ``color``
        encoding: one colour (one fill), a condition like the highlight's, or
        a colour encoding of the same field and domain whose range is each
        category's label colour."""
        if isinstance(color, dict) and "condition" in color:  # highlight: the same test
            condition = {**color["condition"], "value": self._colour_on(color["condition"]["value"])}
            return {"condition": condition, "value": self._colour_on(color["value"])}
        d = self.channels.get("color")
        if not isinstance(d, dict):
            mark = self.block.options.get("mark")
            own = mark if isinstance(mark, dict) else {}
            default = (self.settings.get("vega_config") or {}).get("mark", {}).get("color", "#1f5f99")
            return self._colour_on(own.get("fill") or own.get("color") or default)
        if "field" not in d:
            return self._colour_on(d["value"]) if isinstance(d.get("value"), str) else INSIDE_COLOUR
        scale = d.get("scale") if isinstance(d.get("scale"), dict) else {}
        fills = scale.get("range", (self.settings.get("vega_config") or {}).get("range", {}).get("category"))
        if "scheme" in scale or d.get("type") not in ("nominal", "ordinal") or not isinstance(fills, list) or not fills:
            return INSIDE_COLOUR  # Vega's own colours (a scheme, a gradient), unknown here: as before
        return alt.Color(**{**d, "scale": {**scale, "range": [self._colour_on(f) for f in fills]}, "legend": None})

    def _too_thin(self) -> bool:
        """Columns along a continuous x (a date, a number) are drawn a few
        pixels wide: their labels go above them, in every drawing. Bands are
        judged by Vega, drawing by drawing (_fits_inside). Stacks keep theirs."""
        if self.mark != "bar" or self.value[0] != "y" or self._stacked():
            return False
        across = self.channels.get("x")
        return not isinstance(across, dict) or across.get("type") in ("quantitative", "temporal")

    def _lines(self) -> list:
        """The reference lines (not ranges) of the chart."""
        return [r for r in self.block.get("reference") or [] if not isinstance(r.get("x", r.get("y")), list)]

    def _annotations(self, plotted: pd.DataFrame, encoding: dict) -> list:
        """Beside a horizontal bar, past its label; above the plot for a
        column or a point, with a leader line down to it: clear of the other
        marks either way."""
        channel, d = self.value or value_channel(self.channels, self.mark) or ("y", {})
        mark = {"type": "text", "aria": False, "fontSize": LABEL_SIZE, "fontStyle": "italic", "color": TEXT_COLOUR}
        if self._lines():
            mark.update(HALO)  # a reference line may run where the note is written, as under a label
        enc = self._positions(encoding)
        outside = bool(self.columns.get("label")) and self.position == "outside"
        if channel == "x":
            widest = max((len(t) for t in plotted[self.columns["label"]]), default=0) if outside else 0
            gap = 4 + (widest * CHAR_WIDTH + 6 if outside else 0)
            if self.mark == "bar":
                return self._bar_notes(plotted, encoding, enc, mark, gap)
            # Another mark of the same row lies to its right (points of two groups
            # on one band): the note goes on the left, or it would read as that mark's.
            sides = {"right 1": alt.MarkDef(**mark, align="left", baseline="middle", dx=gap),
                     "left 1": alt.MarkDef(**mark, align="right", baseline="middle", dx=-gap)}  # fmt: skip
            return [alt.Chart(plotted, mark=sides[key[0]]).encode(**self._noted(enc, key)) for key in self.places]
        enc["y"] = alt.YValue(0)
        mark.update(baseline="bottom", lineBreak="\n", lineHeight=NOTE_LINE)
        layers = []
        for key, column in self.places.items():  # a layer per place, and its leaders reaching up to its notes
            place, test = key
            align, count, above, shift = place.split()
            shape = alt.MarkDef(
                **mark,
                align=align,
                dy=-4 - (int(count) - 1) * NOTE_LINE - int(above),
                **({"dx": int(shift)} if int(shift) else {}),
            )
            layers.append(alt.Chart(plotted, mark=shape).encode(**self._noted(enc, key)))
            if d.get("field"):
                leader = self._positions(encoding)  # from the mark (its y) up to the top of the plot
                shown = str(alt.datum[column] != "") + (f" && {test}" if test else "")
                opacity = alt.OpacityValue(condition={"test": shown, "value": 1}, value=0)  # as _noted's text
                leader.update(y2=alt.Y2Value(0), opacity=opacity)
                rule = {"type": "rule", "aria": False, "color": TEXT_COLOUR, "strokeWidth": 1}
                # Clear of the value label above a column or a point; a line's is beside its end.
                rule["yOffset"] = -(LABEL_SIZE + 8) if outside and self.mark not in ("line", "area") else -5
                if outside and self.turned:  # past the label standing on its side
                    turned = -(self._widest_label(plotted) * CHAR_WIDTH + 8)
                    rule["yOffset"] = {"expr": f"{self.turned} ? {turned:g} : {rule['yOffset']}"}
                rule["y2Offset"] = -int(above)
                layers.insert(0, alt.Chart(plotted, mark=alt.MarkDef(**rule)).encode(**leader))
        return layers

    def _noted(self, enc: dict, key: tuple) -> dict:
        """A note layer's encoding: the text of the notes at a place, in the
        drawing its test names (none: every drawing)."""
        if not key[1]:
            return {**enc, "text": alt.Text(field=self.places[key], type="nominal")}
        # Written out, not alt.condition(): encode() would validate its dict
        # against the schema, most of a note's cost (tests/test_decorations_schema.py checks the layer).
        shown = {"test": key[1], "field": self.places[key], "type": "nominal"}
        return {**enc, "text": alt.TextValue(condition=shown, value="")}

    def _bar_notes(self, plotted: pd.DataFrame, encoding: dict, enc: dict, mark: dict, gap: float) -> list:
        """Beside a horizontal bar past its label, or inside it, ending at its
        end, in the colour its labels would take there (_placed_beside_bars)."""
        layers = []
        mark = {**mark, "baseline": "middle", "lineBreak": "\n", "lineHeight": NOTE_LINE}
        for key in self.places:
            where, count = key[0].split()
            shift = -(int(count) - 1) * NOTE_LINE / 2  # the lines centred on the bar
            at = dict(enc)
            if where in ("beside", "past"):  # past: beside a label moved out of its short bar
                widest = max((len(t) for t in plotted[self.columns["label"]]), default=0) if where == "past" else 0
                shape = alt.MarkDef(**mark, align="left", dx=gap + (widest * CHAR_WIDTH + 6 if widest else 0), dy=shift)
            else:
                colour = self._label_colours(encoding.get("color"))
                # Ending at the bar's end (before its label, if inside): an axis
                # sorted by x (sort: -x) needs the layer's x to be the bars' field.
                inside = self.columns.get("label") and self.position == "inside"
                end = 6 + (
                    max((len(t) for t in plotted[self.columns["label"]]), default=0) * CHAR_WIDTH + 8 if inside else 0
                )
                # Inside its bar, in the bar's contrast colour: no halo of the page's background there.
                within = {k: v for k, v in mark.items() if k not in HALO}
                shape = alt.MarkDef(**{**within, **({"color": colour} if isinstance(colour, str) else {})},
                                    align="right", dx=-end, dy=shift)  # fmt: skip
                if not isinstance(colour, str):
                    at["color"] = colour
            layers.append(alt.Chart(plotted, mark=shape).encode(**self._noted(at, key)))
        return layers

    def _crowded_on_the_right(self, plotted: pd.DataFrame, d: dict) -> pd.Series:
        """The annotated rows with another mark of their band further right: rows
        sharing one place on the other axis (no yOffset, not stacked bars)."""
        crowded = pd.Series(False, index=plotted.index)
        across = self.channels.get("y")
        field = d.get("field")
        if (
            self.mark == "bar"
            or "yOffset" in self.channels
            or not isinstance(across, dict)
            or across.get("field") not in plotted.columns
            or field not in plotted.columns
        ):
            return crowded
        band, value = plotted[across["field"]], pd.to_numeric(plotted[field], errors="coerce")
        for index in self.annotated:
            if index in plotted.index:
                crowded[index] = bool((value[band == band[index]] > value[index]).any())
        return crowded

    def _reference_sides(self, references: list, plotted: pd.DataFrame) -> list[bool]:
        """Which references turn their label away from a close line's: of two
        lines too close for their labels, the lower one writes its label below
        itself (on y) or to its left (on x), the higher one above (y) or to its
        right (x), so that the two labels never meet."""
        placed: list[tuple[str, float, float, int]] = []  # axis, where (0-1), label room (0-1), its index
        sides = []
        for item in references:
            axis = "x" if "x" in item else "y"
            spot = self._reference_spot(item, axis, plotted)
            label = " ".join(str(item.get("label", "")).split())
            if spot is None or not label:
                sides.append(False)
                continue
            if axis == "y":
                room = (LABEL_SIZE + 4) / 300  # a label's height, in a plot about 300 px high
            else:
                room = (len(label) * CHAR_WIDTH + 8) / self._phone_plot(plotted, "y")
            placed.append((axis, spot, room, len(sides)))
            sides.append(False)
        for axis in ("x", "y"):
            ranked = sorted((p for p in placed if p[0] == axis), key=lambda p: p[1])
            for low, high in itertools.pairwise(ranked):
                if high[1] - low[1] < max(low[2], high[2]):
                    sides[low[3]] = True  # the lower line's label turns away from the higher one's
                    self.paired.add(id(references[high[3]]))  # and the higher one's keeps its side
        return sides

    def _reference_spot(self, item: dict, axis: str, plotted: pd.DataFrame) -> float | None:
        """Where a reference's (first) value lies along its axis, 0 to 1."""
        d = self.channels.get(axis)
        if not isinstance(d, dict) or d.get("type") not in ("quantitative", "temporal") or "bin" in d:
            return None  # refused by _reference, with its sentence
        if d.get("field") not in plotted.columns:
            return None
        first = item[axis][0] if isinstance(item[axis], list) else item[axis]
        value = self._reference_value(first, d, axis)
        value = float(pd.Timestamp(value).value) if d["type"] == "temporal" else float(value)
        low, high = _extent(d, _numbers(d, plotted[d["field"]]), also=[value])
        return (value - low) / (high - low) if high > low else None

    def _reference_place(self, item: dict, plotted: pd.DataFrame, paired: bool) -> tuple[str, bool]:
        """Where a line on y writes its label: (the plot's end, below the
        line). At the right end above the line, unless a value label stands
        there (the last column's, one standing on its side across the line,
        a line's end); then the first free of the left end above it, the
        right end below it, the left end below it; where none is free, the
        one the fewest labels cross. A line ``paired`` with a close one keeps
        its label below (_reference_sides) and only changes ends. Judged on
        the phone's plot, where labels are closest."""
        found = self._value_label_boxes(item, plotted)
        if found is None:
            return "right", paired
        boxes, at, wide, plot = found
        spots = [("right", paired), ("left", paired)]
        if not paired:
            spots += [("right", True), ("left", True)]

        def crossed(end: str, below: bool) -> int:
            left, right = (plot - wide, plot) if end == "right" else (0.0, wide)
            bottom, top = (at - 3 - LABEL_SIZE, at - 3) if below else (at + 3, at + 3 + LABEL_SIZE)
            return sum(a < right + 4 and left < b + 4 and c < top and bottom < t for a, b, c, t in boxes)

        return min(spots, key=lambda spot: (crossed(*spot) > 0, crossed(*spot), spots.index(spot)))

    def _value_label_boxes(self, item: dict, plotted: pd.DataFrame) -> tuple | None:
        """(the value labels' boxes (left, right, bottom, top), the line's
        height, its label's width, the plot's width), in the phone's pixels;
        None where a line on y has no label to place or the chart no value
        label to avoid."""
        d = self.channels.get("y")
        label = " ".join(str(item.get("label", "")).split())
        if "y" not in item or not label or not self.columns.get("label") or isinstance(item["y"], list):
            return None
        if not isinstance(d, dict) or d.get("type") != "quantitative" or d.get("field") not in plotted.columns:
            return None
        along = self._along_x(plotted)
        if along is None:
            return None
        value = float(self._reference_value(item["y"], d, "y"))
        numbers = _numbers(d, plotted[d["field"]])
        low, high = _extent(d, numbers, also=[value])
        height = self.block.get("height") or self.settings.get("height") or 300
        if high <= low or not isinstance(height, (int, float)):
            return None
        plot = self._phone_plot(plotted, "y")
        turned = self.turned is not None and self.mark == "bar" and not self._labels_inside()
        boxes = []
        for index, text in plotted[self.columns["label"]].items():
            x, v = along.get(index), numbers.get(index)
            if not text or pd.isna(x) or pd.isna(v):
                continue
            x, y, w = float(x) * plot, (float(v) - low) / (high - low) * height, len(text) * CHAR_WIDTH
            if self.mark in ("line", "area"):
                boxes.append((x + 6, x + 6 + w, y - LABEL_SIZE / 2, y + LABEL_SIZE / 2))
            elif self.mark == "bar" and self.position == "inside":
                boxes.append((x - w / 2, x + w / 2, y - 4 - LABEL_SIZE, y - 4))
            elif turned:  # standing on its side above its column (_turn_test): as tall as it is long
                boxes.append((x - LABEL_SIZE / 2, x + LABEL_SIZE / 2, y + 4, y + 4 + w))
            else:
                boxes.append((x - w / 2, x + w / 2, y + 4, y + 4 + LABEL_SIZE))
        at = (value - low) / (high - low) * height  # pixels from the bottom
        return boxes, at, len(label) * CHAR_WIDTH, plot

    def _reference(self, item: dict, size: dict, flipped: bool = False, end: str = "right") -> tuple[list, list]:
        """A line (one value) or a range (two) on x or y, with its label."""
        block = self.block
        axis = "x" if "x" in item else "y"
        d = self.channels.get(axis)
        if not isinstance(d, dict) or d.get("type") not in ("quantitative", "temporal") or "bin" in d:
            kind = d.get("type") if isinstance(d, dict) else None
            said = f"l'axe {axis} est {FRENCH_TYPES.get(kind, kind)}" if kind else f"le graphique n'a pas d'axe {axis}"
            info = self.fields.get(d.get("field")) if isinstance(d, dict) else None
            fix = (
                f"écrivez {axis}: {{field: {d['field']}, type: quantitative}} : ses années s'espacent alors "
                "à l'échelle du temps"
                if info is not None and info.is_year and "bin" not in d
                else f"placez-la sur l'autre axe ({'y' if axis == 'x' else 'x'}:)"
            )
            raise block.error(
                f"reference : une ligne se trace sur un axe de nombres ou de dates, or {said} ; {fix}",
                "reference",
            )
        raw = item[axis] if isinstance(item[axis], list) else [item[axis]]
        values = [self._reference_value(v, d, axis) for v in raw]
        label = " ".join(str(item.get("label", "")).split())
        name = d["field"]
        title = d.get("title")
        frame = pd.DataFrame({name: [values[0]], "fin": [values[-1]], "libelle": [label]})
        unit = self.axis_units.get(axis)
        kind = d["type"]
        channel = alt.X if axis == "x" else alt.Y
        position = {axis: channel(field=name, type=kind, title=title)}
        if len(values) == 2:
            # Not ``end`` (the label's side, used below): a labelled range on y drew the class instead.
            closing = alt.X2 if axis == "x" else alt.Y2
            position[f"{axis}2"] = closing(field="fin")
            shape = {"type": "rect", "aria": False, "color": RANGE_COLOUR, "opacity": 0.15}
        else:
            shape = {"type": "rule", "aria": False, "color": TEXT_COLOUR, "strokeDash": [4, 3], "strokeWidth": 1.5}
        back = [alt.Chart(frame, mark=alt.MarkDef(**shape)).encode(**position)]
        if len(values) == 1:
            # Under the dashes, a wider line of the background: they stay
            # visible across a bar of a dark fill (a highlight's accent).
            casing = {**shape, "color": HALO_COLOUR, "strokeWidth": 3.5}
            back.insert(0, alt.Chart(frame, mark=alt.MarkDef(**casing)).encode(**position))
        front = []
        if label:
            text = {"type": "text", "aria": False, "fontSize": LABEL_SIZE, "color": TEXT_COLOUR}
            if axis == "x":  # above the plot, where no bar reaches
                text.update(align="right" if flipped else "left", baseline="bottom", dx=2 if flipped else -2, dy=-3)
                if not flipped and kind == "quantitative" and id(item) not in self.paired:
                    text.update(self._kept_inside(label, float(values[0])))
                at = {"y": alt.YValue(0)}
            else:  # at the right end (or the left: _reference_place), above the line, or below it (flipped)
                text.update(align=end, baseline="top" if flipped else "bottom", dy=3 if flipped else -3)
                at = {"x": alt.XValue("width" if end == "right" else 0)}
                # Across the plot, over bars: a halo of the background keeps it
                # legible (the stroke painted under the fill: render.render_svg).
                text.update(HALO)
            written = {"text": alt.Text(field="libelle", type="nominal")}
            lines = self._phone_lines(label) if axis == "y" else None
            if lines is not None:
                # Wider than the phone's plot, the label ran over the axis's numbers:
                # there it is written on lines (the same spec draws both widths).
                phone = f"width < {self.settings['narrow_width'] + 100}"
                text["text"] = {"expr": f"{phone} ? {json.dumps(lines)} : {json.dumps(label)}"}
                text["lineHeight"] = NOTE_LINE
                if not flipped:  # above the line: its lines go up from it, the last one just above it
                    text["dy"] = {"expr": f"{phone} ? {-3 - (len(lines) - 1) * NOTE_LINE} : -3"}
                written = {}
            front.append(alt.Chart(frame, mark=alt.MarkDef(**text)).encode(**{axis: position[axis]}, **at, **written))
            where = " à ".join(_written(v, unit) for v in values)
            self.notes.append(f"Repère ({where}) : {label.rstrip('.')}.")
        if len(values) == 1:
            return [], [*back, *front]  # a line over the marks, readable where it crosses a bar
        return back, front  # a range under the marks, its label over them

    def _phone_lines(self, label: str) -> list[str] | None:
        """A reference's label cut at spaces into lines the phone's plot holds
        (None: it holds it whole, or no phone drawing is made)."""
        narrow = self.settings.get("narrow_width")
        if not narrow:
            return None
        # The plot: the drawing but its y axis and the lines' end labels (their gap, a wider font's room).
        ends = self.ends_width * WIDER_FONT + 10 if self.ends_width else 0.0
        room = (narrow - Y_AXIS_ROOM - ends) * 0.95
        if text_width(label, LABEL_SIZE) <= room:
            return None
        lines: list[str] = []
        for word in label.split():
            if lines and text_width(f"{lines[-1]} {word}", LABEL_SIZE) <= room:
                lines[-1] = f"{lines[-1]} {word}"
            else:
                lines.append(word)
        return lines if len(lines) > 1 else None

    @staticmethod
    def _kept_inside(label: str, value: float) -> dict:
        """A line on x writes its label rightwards; in a drawing where the
        plot's right edge would cut it, leftwards, ending at the line; where
        neither side holds it (a long label, a phone), ending at the edge.
        Vega judges each drawing by its width."""
        at, wide = f"scale('x', {value!r})", f"{len(label) * CHAR_WIDTH * WIDER_FONT:.1f}"
        right, left = f"({at} + {wide} <= width)", f"({at} >= {wide})"
        return {
            "align": {"expr": f"{right} || !{left} ? 'left' : 'right'"},
            "dx": {"expr": f"{right} ? -2 : {left} ? 2 : max(width - {wide} - {at}, -{at})"},
        }

    def _reference_value(self, value, d: dict, axis: str):
        block = self.block
        if d["type"] == "temporal":
            try:
                stamp = pd.Timestamp(f"{value}-01-01" if isinstance(value, int) else str(value))
            except (TypeError, ValueError):
                raise block.error(
                    f"reference : « {value} » n'est pas une date ; écrivez par exemple 2016 ou 2016-03-10", "reference"
                ) from None
            return stamp.strftime("%Y-%m-%dT%H:%M:%S")
        number = value if isinstance(value, (int, float)) else parse_number(str(value))
        if number is None:
            raise block.error(
                f"reference : {axis} « {value} » n'est pas un nombre ; écrivez par exemple {axis}: 45, "
                "ou une valeur citée {{ dataset: …, column: … }}",
                "reference",
            )
        scale = d.get("scale")
        domain = scale.get("domain") if isinstance(scale, dict) else None
        numeric = isinstance(domain, list) and len(domain) == 2 and all(isinstance(v, (int, float)) for v in domain)
        if numeric and not min(domain) <= number <= max(domain):
            raise block.error(
                f"reference : {format_number(number)} est hors de l'échelle de l'axe {axis} "
                f"({format_number(min(domain))} à {format_number(max(domain))}) ; corrigez la valeur ou "
                "scale.domain",
                "reference",
            )
        return number


def text_width(text: str, size: float) -> float:
    """A one-line text's width in the charts' font (fonts.advances), in pixels."""
    from .fonts import advances

    table = advances()["400"]
    return sum(table.get(ord(char), 1.0) for char in str(text)) * size


def _numbers(d: dict, values: pd.Series) -> pd.Series:
    """A continuous axis's values as numbers (dates: nanoseconds)."""
    if d.get("type") == "temporal":
        return pd.to_datetime(values, errors="coerce").astype("int64").astype("float64")
    return pd.to_numeric(values, errors="coerce").astype("float64")


def _extent(d: dict, numbers: pd.Series, also=()) -> tuple[float, float]:
    """The two ends of a continuous axis as Vega-Lite scales it: the scale's
    numeric domain; else the values' (and ``also``'s), with zero on a
    quantitative axis unless ``scale.zero`` is false, widened to round
    numbers as Vega's ``nice`` does unless ``scale.nice`` is false."""
    scale = d.get("scale") if isinstance(d.get("scale"), dict) else {}
    domain = scale.get("domain")
    if isinstance(domain, list) and len(domain) == 2 and all(isinstance(v, (int, float)) for v in domain):
        return float(min(domain)), float(max(domain))
    values = [float(v) for v in [*numbers.dropna(), *also]]
    if not values:
        return 0.0, 0.0
    low, high = min(values), max(values)
    if d.get("type") != "quantitative" or "bin" in d:
        return low, high
    if scale.get("zero", True) is not False:
        low, high = min(low, 0.0), max(high, 0.0)
    return _nice(low, high) if scale.get("nice", True) is not False else (low, high)


def _nice(low: float, high: float, count: int = 10) -> tuple[float, float]:
    """d3's linear scale.nice(): both ends out to a multiple of the tick step
    (0–62 -> 0–70), as Vega widens a quantitative scale."""
    step_before = None
    for _ in range(10):
        step = _tick_increment(low, high, count)
        if step == step_before or step == 0 or not math.isfinite(step):
            break
        if step > 0:
            low, high = math.floor(low / step) * step, math.ceil(high / step) * step
        else:
            low, high = math.ceil(low * step) / step, math.floor(high * step) / step
        step_before = step
    return low, high


def _tick_increment(start: float, stop: float, count: int) -> float:
    """d3-array's tickIncrement: the tick step, negative for its inverse (a step of 0.2 is -5)."""
    if stop <= start:
        return 0.0
    step = (stop - start) / count
    power = math.floor(math.log10(step))
    error = step / 10**power
    factor = 10 if error >= math.sqrt(50) else 5 if error >= math.sqrt(10) else 2 if error >= math.sqrt(2) else 1
    return factor * 10**power if power >= 0 else -(10**-power) / factor


def _above_the_plot(place: str) -> bool:
    """A place above the plot (« ALIGN LINES ABOVE DX »), not beside a mark."""
    return len(place.split()) == 4


def inside_colour(fill: str, settings: dict) -> str:
    """The colour of text inside a mark filled with ``fill``: white if white
    reaches MIN_TEXT_CONTRAST on it, else black; white is the theme's hook
    on a fill the theme remaps (it turns dark where the fill turns light),
    a white no theme remaps on any other fill."""
    try:
        white = contrast(fill, "#ffffff")
    except (ValueError, TypeError, AttributeError):
        return INSIDE_COLOUR  # not a colour coloraide reads: as before
    if white < MIN_TEXT_CONTRAST:
        return INSIDE_DARK
    return INSIDE_COLOUR if fill.lower() in remapped_fills(settings) else INSIDE_FIXED_WHITE


def remapped_fills(settings: dict) -> set[str]:
    """The fills a theme remaps for dark mode: the palette's colours and the
    marks' default colour (hooks, settings.py)."""
    hooks = {str(c).lower() for c in (settings.get("palette") or {}).values()}
    mark = (settings.get("vega_config") or {}).get("mark", {}).get("color")
    return hooks | ({str(mark).lower()} if mark else set())


FRENCH_TYPES = {"nominal": "fait de catégories (nominal)", "ordinal": "fait de catégories ordonnées (ordinal)"}


def value_channel(channels: dict, mark: str):
    """(channel, definition) of the value a mark's label writes: a bar's
    length, a point's height, a slice's angle."""
    if mark == "arc":
        d = channels.get("theta")
        return ("theta", d) if isinstance(d, dict) and "field" in d else None
    x, y = channels.get("x"), channels.get("y")
    quantitative = [
        (name, d) for name, d in (("y", y), ("x", x)) if isinstance(d, dict) and d.get("type") == "quantitative"
    ]
    if mark == "bar" and len(quantitative) == 1:
        return quantitative[0]
    return quantitative[0] if quantitative and "field" in quantitative[0][1] else None


def check_format(block: ChartBlock, key: str, fmt, values: pd.Series, unit: str | None) -> None:
    numeric = pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)
    problem = format_problem(fmt, values if numeric else None, unit)
    if problem:
        raise block.error(f"{key} : {problem}", key)


def french_formats(block: ChartBlock, channels: dict, frame: pd.DataFrame, fields: dict) -> None:
    """``format:`` in words on an encoding: checked against the column's
    values, then written as the labels of its axis or legend (a d3 format
    string is checked too, and left to Vega). Text and tooltips keep Vega's
    formats: their values are already written the French way."""
    for name, value in channels.items():
        for d in value if isinstance(value, list) else [value]:
            fmt = d.get("format")
            column = d.get("field")
            if fmt is None or column not in frame.columns:
                continue
            info = fields.get(column)
            check_format(block, name, fmt, frame[column], info.unit if info else None)
            guide = GUIDES.get(name)
            if fmt not in FRENCH_FORMATS:
                # A d3 format: its axis's or legend's (a channel has none of its own); text and tooltips keep theirs.
                if guide is not None:
                    d.pop("format")
                    if d.get(guide, {}) is not None:
                        d[guide] = {**d.get(guide, {}), "format": fmt}
                continue
            if guide is None:
                raise block.error(
                    f"{name} : format: {fmt} s'écrit sur un axe (x, y) ou une légende (color, size, opacity) ; "
                    "pour les valeurs sur les marques, écrivez labels: {format: " + fmt + "}",
                    name,
                )
            d.pop("format")
            if d.get(guide, {}) is None:
                continue  # no axis or legend: nothing shows the numbers
            d[guide] = {**d.get(guide, {}), "labelExpr": format_expression(fmt, info.unit if info else None)}
            d[guide].pop("format", None)


def _stacked_copy(channel_def, stack="zero"):
    """The channel stacked for a label's layer, as the chart stacks it: a
    normalized stack stays one (its axis runs to 100 %, not to the sums)."""
    copy = channel_def.copy(deep=True)
    own = channel_def.to_dict().get("stack")
    copy.stack = own if own in ("normalize", "center") else stack
    return copy


def _free_name(frame: pd.DataFrame, base: str) -> str:
    name = base
    while name in frame.columns:
        name += "_"
    return name


def _no_row_reason(frame: pd.DataFrame, where: dict) -> str:
    """Which of where:'s values no drawn row holds, with the values to type instead."""
    for column, wanted in where.items():
        if not matches(frame[column], wanted).any():  # a number, checked above
            return absent_value(column, wanted, frame[column])
    return "aucune ligne n'a toutes ces valeurs ensemble ; vérifiez-les une à une"


def _written(value, unit: str | None = None) -> str:
    if isinstance(value, (pd.Timestamp, datetime.datetime, datetime.date)):  # a dated row, in words
        return date_fr(pd.Timestamp(value))
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, bool):  # for readers, in French
        return WORDS[value]
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (int, float)):
        if isinstance(value, int) and 1900 <= value <= 2100 and not unit:
            return str(value)
        return format_number(value, unit=unit)
    if isinstance(value, str) and value.endswith("T00:00:00"):  # a reference's date
        return date_fr(pd.Timestamp(value))
    return str(value)


def _shortened(text: str, length: int = 40) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _discrete_order(d: dict, plotted: pd.DataFrame, channels: dict) -> list | None:
    """The order Vega gives a discrete axis's values: as written (sort: null
    or a list), ascending or descending, or by another channel's field."""
    values = plotted[d["field"]]
    sort = d.get("sort", "ascending")
    if sort is None:
        return list(values.drop_duplicates())
    if isinstance(sort, list):
        return [*sort, *(v for v in values.drop_duplicates() if v not in sort)]
    if sort in ("ascending", "descending"):
        return sorted(values.drop_duplicates(), reverse=sort == "descending")
    by, reverse = None, False
    if isinstance(sort, dict) and sort.get("field") in plotted.columns:
        by, reverse = sort["field"], sort.get("order") == "descending"
    elif isinstance(sort, str) and isinstance(channels.get(sort.lstrip("-")), dict):
        by, reverse = channels[sort.lstrip("-")].get("field"), sort.startswith("-")
    if by not in plotted.columns:
        return None
    return list(plotted.sort_values(by, ascending=not reverse, kind="stable")[d["field"]].drop_duplicates())
