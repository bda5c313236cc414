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
from dataclasses import dataclass, field

import altair as alt
import pandas as pd

from .blocks import ChartBlock
from .colours import contrast
from .errors import choices
from .frenchdate import date_fr
from .frenchnum import FRENCH_FORMATS, format_as, format_expression, format_number, format_problem, parse_number

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
LABEL_SIZE = 11
ARC_MARGIN = 24  # room around a pie for its labels, in pixels
CHAR_WIDTH = 6.5  # mean width of a Liberation Sans character at LABEL_SIZE, in pixels
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

    @property
    def wanted(self) -> bool:
        return any(self.block.get(key) for key in ("labels", "reference", "annotations"))

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
                f"{key} ne se combine pas avec column: ou row: (un graphique par valeur) : "
                "retirez l'un des deux, ou faites un graphique par valeur avec filter:",
                key,
            )
        if block.get("labels"):
            self._check_labels(frame)
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
                "labels écrit la valeur d'un axe quantitatif, or le graphique n'en a aucun "
                "(par exemple x: {field: part, type: quantitative})",
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
                "labels : des valeurs négatives, dont l'étiquette tomberait sur la barre : "
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
        an area: its last point only, at the end of the line)."""
        texts = frame[column].map(
            lambda v: format_as(v.item() if hasattr(v, "item") else v, self.label_format, self.label_unit)
        )
        if self.mark in ("line", "area"):
            other = "x" if self.value[0] == "y" else "y"
            along = self.channels.get(other, {}).get("field")
            series = [self.channels[c]["field"] for c in ("color", "detail") if isinstance(self.channels.get(c), dict)]
            if along in frame.columns:
                last = frame.groupby(series, dropna=False)[along].transform("max") if series else frame[along].max()
                texts = texts.where(frame[along] == last, "")
        return texts

    # -- annotations ---------------------------------------------------------

    def _find_annotated_rows(self, frame: pd.DataFrame) -> None:
        block = self.block
        if self.mark == "arc":
            raise block.error(
                "annotations ne se place pas sur un camembert : écrivez la remarque dans note:", "annotations"
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
                    raise block.error(
                        f"annotations : colonne « {column} » absente des lignes dessinées ; colonnes : "
                        + choices(str(column), frame.columns),
                        "annotations",
                    )
                series = frame[column]
                if pd.api.types.is_numeric_dtype(series):
                    try:
                        mask &= series.astype("float64") == float(wanted)
                    except (TypeError, ValueError):
                        raise block.error(
                            f"annotations : « {wanted} » n'est pas un nombre, or la colonne « {column} » est numérique",
                            "annotations",
                        ) from None
                else:
                    mask &= series.astype(str) == str(wanted)
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
                    f"annotations : where: {{{where}}} désigne {found} lignes du graphique au lieu d'une : "
                    "nommez aussi la colonne qui les distingue, pour une seule barre ou un seul point",
                    "annotations",
                )
            index = mask.idxmax()
            text = " ".join(str(item["text"]).split())
            self.annotated[index] = f"{self.annotated[index]} ; {text}" if index in self.annotated else text
            shown = ", ".join(_written(frame.at[index, c]) for c in item["where"])
            self.notes.append(f"Annotation ({shown}) : {text.rstrip('.')}.")

    # -- the layers ----------------------------------------------------------

    def add_columns(self, plotted: pd.DataFrame) -> pd.DataFrame:
        """The rows with a column per layer that writes text (labels, notes)."""
        if self.block.get("labels") and self.label_format in (None, *FRENCH_FORMATS):
            self.columns["label"] = _free_name(plotted, "etiquette")
            plotted = plotted.assign(**{self.columns["label"]: self.label_texts(plotted, self.value[1]["field"])})
        if self.block.get("annotations"):
            self.columns["note"] = _free_name(plotted, "annotation")
            notes = pd.Series("", index=plotted.index)
            for index, text in self.annotated.items():
                notes[index] = text
            self.columns["leader"] = _free_name(plotted, "annotation_trait")
            plotted = plotted.assign(
                **{self.columns["note"]: notes, self.columns["leader"]: (notes != "").astype("int64")}
            )
        return plotted

    def layer(self, main: alt.Chart, plotted: pd.DataFrame, encoding: dict, size: dict):
        """The main chart, or a layer of it with the decorations."""
        if not self.wanted:
            return main
        below, above = [], []
        for item in self.block.get("reference") or []:
            back, front = self._reference(item, size)
            below += back
            above += front
        independent = False
        if self.block.get("labels"):
            labels = self._labels(plotted, encoding, size)
            above.append(labels)
            # Labels coloured per category have a colour scale of their own, without legend.
            independent = isinstance(labels.encoding.color, alt.Color)
            if self.mark == "arc" and self.position == "outside":
                # The pie shrinks to leave its labels room around it.
                main = main.copy(deep=True)
                main.mark.outerRadius = min(size["width"], size["height"]) / 2 - ARC_MARGIN
        if self.block.get("annotations"):
            above += self._annotations(plotted, encoding)
        layered = alt.layer(*below, main, *above)
        return layered.resolve_scale(color="independent") if independent else layered

    def _positions(self, encoding: dict) -> dict:
        kept = {k: v for k, v in encoding.items() if k in POSITION_CHANNELS}
        if self.mark == "arc":
            kept["theta"] = encoding["theta"]
        return kept

    def _labels(self, plotted: pd.DataFrame, encoding: dict, size: dict) -> alt.Chart:
        channel = self.value[0]
        # Inside a bar or a slice only: a point's or a line's label is beside it, on the page.
        inside = self.position == "inside" and self.mark in ("bar", "arc") and not self._too_thin(plotted, size)
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
            mark.update(align="center", baseline="top" if inside else "bottom", dy=4 if inside else -4)
        elif self.mark in ("line", "area"):
            mark.update(align="left", baseline="middle", dx=6)
        else:
            mark.update(align="center", baseline="bottom", dy=-7)
        if self.mark == "bar" and self._stacked():
            enc[channel] = _stacked_copy(encoding[channel])
            colour = self.channels["color"]
            enc["detail"] = alt.Detail(field=colour["field"], type=colour.get("type", "nominal"))
        if self.label_format in FRENCH_FORMATS or self.label_format is None:
            enc["text"] = alt.Text(field=self.columns["label"], type="nominal")
        else:  # a d3 format string: Vega writes the value, in the chart's locale
            enc["text"] = alt.Text(field=self.value[1]["field"], type="quantitative", format=self.label_format)
        return alt.Chart(plotted, mark=alt.MarkDef(**mark)).encode(**enc)

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

    def _too_thin(self, plotted: pd.DataFrame, size: dict) -> bool:
        """Columns too thin for their label inside (a date or a number along x
        draws a few pixels wide; many categories share the width): the labels
        go above them instead, where they stay legible. Stacks keep theirs."""
        if self.mark != "bar" or self.value[0] != "y" or self._stacked():
            return False
        across = self.channels.get("x")
        if not isinstance(across, dict) or across.get("type") in ("quantitative", "temporal"):
            return True  # Vega's continuous bars: a few pixels wide
        width = size.get("width") if isinstance(size.get("width"), (int, float)) else 700
        bands = max(plotted[across["field"]].nunique(), 1) if across.get("field") in plotted.columns else 1
        if "xOffset" in self.channels and isinstance(self.channels["xOffset"], dict):
            offset = self.channels["xOffset"].get("field")
            bands *= max(plotted[offset].nunique(), 1) if offset in plotted.columns else 1
        widest = max((len(str(t)) for t in plotted[self.columns["label"]]), default=0) if "label" in self.columns else 6
        return widest * CHAR_WIDTH + 4 > 0.9 * width / bands

    def _annotations(self, plotted: pd.DataFrame, encoding: dict) -> list:
        """Beside a horizontal bar, past its label; above the plot for a
        column or a point, with a leader line down to it: clear of the other
        marks either way."""
        channel, d = self.value or value_channel(self.channels, self.mark) or ("y", {})
        mark = {"type": "text", "aria": False, "fontSize": LABEL_SIZE, "fontStyle": "italic", "color": TEXT_COLOUR}
        enc = self._positions(encoding)
        enc["text"] = alt.Text(field=self.columns["note"], type="nominal")
        outside = bool(self.columns.get("label")) and self.position == "outside"
        if channel == "x":
            widest = max((len(t) for t in plotted[self.columns["label"]]), default=0) if outside else 0
            gap = 4 + (widest * CHAR_WIDTH + 6 if outside else 0)
            right = alt.MarkDef(**mark, align="left", baseline="middle", dx=gap)
            crowded = self._crowded_on_the_right(plotted, d)
            if not crowded.any():
                return [alt.Chart(plotted, mark=right).encode(**enc)]
            # Another mark of the same row lies to its right (points of two groups
            # on one band): the note goes on the left, or it would read as that mark's.
            notes = self.columns["note"]
            left = alt.MarkDef(**mark, align="right", baseline="middle", dx=-gap)
            return [
                alt.Chart(plotted.assign(**{notes: plotted[notes].where(~crowded, "")}), mark=right).encode(**enc),
                alt.Chart(plotted.assign(**{notes: plotted[notes].where(crowded, "")}), mark=left).encode(**enc),
            ]
        mark.update(align="center", baseline="bottom", dy=-4)
        enc["y"] = alt.YValue(0)
        layers = [alt.Chart(plotted, mark=alt.MarkDef(**mark)).encode(**enc)]
        if d.get("field"):
            leader = self._positions(encoding)  # from the mark (its y) up to the top of the plot
            leader.update(
                y2=alt.Y2Value(0),
                opacity=alt.Opacity(field=self.columns["leader"], type="quantitative", scale=None, legend=None),
            )
            rule = {"type": "rule", "aria": False, "color": TEXT_COLOUR, "strokeWidth": 1}
            rule["yOffset"] = -(LABEL_SIZE + 8) if outside else -3
            layers.insert(0, alt.Chart(plotted, mark=alt.MarkDef(**rule)).encode(**leader))
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

    def _reference(self, item: dict, size: dict) -> tuple[list, list]:
        """A line (one value) or a range (two) on x or y, with its label."""
        block = self.block
        axis = "x" if "x" in item else "y"
        d = self.channels.get(axis)
        if not isinstance(d, dict) or d.get("type") not in ("quantitative", "temporal") or "bin" in d:
            kind = d.get("type") if isinstance(d, dict) else None
            said = f"l'axe {axis} est {FRENCH_TYPES.get(kind, kind)}" if kind else f"le graphique n'a pas d'axe {axis}"
            raise block.error(
                f"reference : une ligne se trace sur un axe de nombres ou de dates, or {said} : "
                f"placez-la sur l'autre axe ({'y' if axis == 'x' else 'x'}:)",
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
            end = alt.X2 if axis == "x" else alt.Y2
            position[f"{axis}2"] = end(field="fin")
            shape = {"type": "rect", "aria": False, "color": RANGE_COLOUR, "opacity": 0.15}
        else:
            shape = {"type": "rule", "aria": False, "color": TEXT_COLOUR, "strokeDash": [4, 3], "strokeWidth": 1.5}
        back = [alt.Chart(frame, mark=alt.MarkDef(**shape)).encode(**position)]
        front = []
        if label:
            text = {"type": "text", "aria": False, "fontSize": LABEL_SIZE, "color": TEXT_COLOUR}
            if axis == "x":  # above the plot, where no bar reaches
                text.update(align="left", baseline="bottom", dx=-2, dy=-3)
                at = {"y": alt.YValue(0)}
            else:
                text.update(align="right", baseline="bottom", dy=-3)
                at = {"x": alt.XValue("width")}
            front.append(
                alt.Chart(frame, mark=alt.MarkDef(**text)).encode(
                    **{axis: position[axis]}, **at, text=alt.Text(field="libelle", type="nominal")
                )
            )
            where = " à ".join(_written(v, unit) for v in values)
            self.notes.append(f"Repère ({where}) : {label.rstrip('.')}.")
        if len(values) == 1:
            return [], [*back, *front]  # a line over the marks, readable where it crosses a bar
        return back, front  # a range under the marks, its label over them

    def _reference_value(self, value, d: dict, axis: str):
        block = self.block
        if d["type"] == "temporal":
            try:
                stamp = pd.Timestamp(f"{value}-01-01" if isinstance(value, int) else str(value))
            except (TypeError, ValueError):
                raise block.error(
                    f"reference : « {value} » n'est pas une date (par exemple 2016 ou 2016-03-10)", "reference"
                ) from None
            return stamp.strftime("%Y-%m-%dT%H:%M:%S")
        number = value if isinstance(value, (int, float)) else parse_number(str(value))
        if number is None:
            raise block.error(
                f"reference : {axis} « {value} » n'est pas un nombre (par exemple {axis}: 45, "
                "ou une valeur citée {{ dataset: …, column: … }})",
                "reference",
            )
        scale = d.get("scale")
        domain = scale.get("domain") if isinstance(scale, dict) else None
        numeric = isinstance(domain, list) and len(domain) == 2 and all(isinstance(v, (int, float)) for v in domain)
        if numeric and not min(domain) <= number <= max(domain):
            raise block.error(
                f"reference : {format_number(number)} est hors de l'échelle de l'axe {axis} "
                f"({format_number(min(domain))} à {format_number(max(domain))}) : corrigez la valeur ou "
                "scale.domain",
                "reference",
            )
        return number


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
            if fmt not in FRENCH_FORMATS:
                continue
            guide = GUIDES.get(name)
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
    copy = channel_def.copy(deep=True)
    copy.stack = stack
    return copy


def _free_name(frame: pd.DataFrame, base: str) -> str:
    name = base
    while name in frame.columns:
        name += "_"
    return name


def _no_row_reason(frame: pd.DataFrame, where: dict) -> str:
    """Which of where:'s values no drawn row holds, with the values it could be."""
    for column, wanted in where.items():
        series = frame[column]
        if pd.api.types.is_numeric_dtype(series):
            holds = (series.astype("float64") == float(wanted)).any()  # a number, checked above
        else:
            holds = (series.astype(str) == str(wanted)).any()
        if not holds:
            values = sorted({_written(v) for v in series.dropna()})
            return f"« {wanted} » n'est pas une valeur de « {column} » ; valeurs : " + choices(str(wanted), values)
    return "aucune ligne n'a toutes ces valeurs ensemble : vérifiez-les une à une"


def _written(value, unit: str | None = None) -> str:
    if isinstance(value, (pd.Timestamp, datetime.datetime, datetime.date)):  # a dated row, in words
        return date_fr(pd.Timestamp(value))
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if isinstance(value, int) and 1900 <= value <= 2100 and not unit:
            return str(value)
        return format_number(value, unit=unit)
    if isinstance(value, str) and value.endswith("T00:00:00"):  # a reference's date
        return date_fr(pd.Timestamp(value))
    return str(value)
