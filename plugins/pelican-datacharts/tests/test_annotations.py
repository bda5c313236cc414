"""annotations: a note beside one data row, drawn in an aria-less layer and
read by screen readers in the chart's description."""

from __future__ import annotations

import re

import pytest

from .marks_helpers import build, data, decorations, line_of, mark_labels, refused, svg_of, texts  # noqa: F401

BARS = "mark: bar\nx: part\ny: usage\nyOffset: annee:N\ncolor: annee:N\n"
NOTE = "annotations: [{where: {usage: Réseaux sociaux, annee: 2016}, text: Presque le double de 2013}]\n"


def _in(test: str, drawing: str) -> bool:
    """A layer's Vega test shows it in ``drawing``: the phone's (width below
    halfway), the wide one's, or both (no test: a chart no wider than a phone)."""
    return not test or ("width <" in test) == (drawing == "phone")


def note_layers(spec, drawing="phone"):
    """The note layers of one drawing: each drawing lays its notes out for its width."""
    found = []
    for d in decorations(spec):
        if d["mark"].get("fontStyle") == "italic" and _in(
            d["encoding"]["text"].get("condition", {}).get("test"), drawing
        ):
            found.append(d)
    return found


def note_layer(spec, drawing="phone"):
    (layer,) = note_layers(spec, drawing)
    return layer


def note_column(layer) -> str:
    text = layer["encoding"]["text"]
    return text.get("condition", text)["field"]


def leaders(spec, drawing="phone"):
    rules = [d for d in decorations(spec) if d["mark"]["type"] == "rule" and "opacity" in d["encoding"]]
    return [d for d in rules if _in(d["encoding"]["opacity"]["condition"]["test"].partition("&&")[2], drawing)]


def test_the_note_is_written_beside_its_row_only(data):  # noqa: F811
    built = build(data, BARS + NOTE)
    layer = note_layer(built.spec)
    assert layer["encoding"]["yOffset"]["field"] == "annee"
    column = note_column(layer)
    rows = built.spec["datasets"][(layer.get("data") or built.spec["data"])["name"]]
    noted = [(r["usage"], r["annee"]) for r in rows if r[column]]
    assert noted == [("Réseaux sociaux", 2016)]
    svg = svg_of(built)
    assert "Presque le double de 2013" in texts(svg)
    assert len(mark_labels(svg)) == 4  # the note is no mark of its own
    # Read by screen readers: in the SVG's description and the figure's.
    assert built.description == "D. Annotation (Réseaux sociaux, 2016) : Presque le double de 2013."
    assert "<desc" in svg and "Annotation (Réseaux sociaux, 2016) : Presque le double de 2013." in svg


def test_the_note_clears_the_value_label(data):  # noqa: F811
    short = NOTE.replace("Réseaux sociaux, annee: 2016", "Outils collaboratifs, annee: 2013")
    alone = note_layer(build(data, BARS + short).spec)["mark"]["dx"]
    labelled = note_layer(build(data, BARS + short + "labels: true\n").spec)["mark"]["dx"]
    assert labelled > alone + 20  # past « 22 % »


def test_a_note_may_name_its_row_by_a_column_the_chart_does_not_plot(data):  # noqa: F811
    (data / "usages.csv").write_text(
        "indicateur,usage,annee,part\nrs,Réseaux sociaux,2016,62\noc,Outils collaboratifs,2016,43\n", encoding="utf-8"
    )
    (data / "usages.resource.yaml").unlink()
    built = build(data, "mark: bar\nx: part\ny: usage\nannotations: [{where: {indicateur: oc}, text: Moins}]\n")
    assert "Annotation (Outils collaboratifs) : Moins." in built.description  # as the chart names the row


def test_a_note_on_a_column_stands_above_the_plot_with_a_leader_down_to_it(data):  # noqa: F811
    built = build(data, "mark: bar\nx: usage\ny: part\nxOffset: annee:N\n" + NOTE)
    layer = note_layer(built.spec)
    assert layer["mark"]["baseline"] == "bottom" and layer["encoding"]["y"] == {"value": 0}
    (leader,) = leaders(built.spec)
    assert leader["encoding"]["y"]["field"] == "part" and leader["encoding"]["y2"] == {"value": 0}
    assert leader["encoding"]["xOffset"]["field"] == "annee"
    rows = built.spec["datasets"][(leader.get("data") or built.spec["data"])["name"]]
    # Drawn (opacity 1) where the row has a note of this place: one leader, to the noted column.
    shown = leader["encoding"]["opacity"]
    assert shown["value"] == 0 and shown["condition"]["value"] == 1
    (noted,) = re.findall(r"datum\['([^']+)'\] !== ''", shown["condition"]["test"])
    assert [(r["usage"], r["annee"]) for r in rows if r[noted]] == [("Réseaux sociaux", 2016)]


@pytest.mark.parametrize(
    "yaml, hint",
    [
        ("annotations: [{where: {usage: Réseaux sociaux}, text: X}]\n", "désigne 2 lignes du graphique au lieu d'une"),
        ("annotations: [{where: {usage: Blogs}, text: X}]\n", "désigne aucune ligne"),
        ("annotations: [{where: {usgae: Blogs}, text: X}]\n", "colonne « usgae » absente"),
        ("annotations: [{where: {annee: deux}, text: X}]\n", "« deux » n'est pas un nombre"),
        ("annotations: [{text: X}]\n", "where: (la ligne visée) et text:"),
        ('annotations: [{where: {annee: 2016}, text: ""}]\n', "text: est le texte"),
        ("annotations: Une note\n", "une liste de notes"),
    ],
)
def test_a_note_that_cannot_be_placed_is_refused_at_its_line(data, yaml, hint):  # noqa: F811
    error = refused(data, BARS + yaml)
    assert hint in error.message
    assert error.line == line_of(BARS + yaml, "annotations")


def test_no_note_on_a_pie(data):  # noqa: F811
    yaml = "mark: arc\ntheta: part\ncolor: usage\nfilter: {annee: 2016}\n" + NOTE
    assert "note:" in refused(data, yaml).message


def test_a_note_goes_left_when_another_point_of_its_row_lies_to_its_right(data):  # noqa: F811
    """Two years on one row of points: a note on the 2013 point (36) written to
    its right would run over the 2016 point (62) and read as that one's."""
    points = "mark: point\nx: part\ny: usage\ncolor: annee:N\n"
    note = "annotations: [{where: {usage: Réseaux sociaux, annee: 2013}, text: Le point de départ}]\n"
    built = build(data, points + note)
    notes = note_layers(built.spec)
    written = []
    for layer in notes:
        column = note_column(layer)
        rows = built.spec["datasets"][(layer.get("data") or built.spec["data"])["name"]]
        written += [(layer["mark"]["align"], r["usage"], r["annee"]) for r in rows if r[column]]
    assert written == [("right", "Réseaux sociaux", 2013)]
    # The rightmost point of its row keeps its note on the right.
    last = note.replace("2013", "2016")
    (layer,) = note_layers(build(data, points + last).spec)
    assert layer["mark"]["align"] == "left"
    svg = svg_of(built)
    assert "Le point de départ" in texts(svg) and len(mark_labels(svg)) == 4


# -- notes kept inside the narrowest drawing (the editor's trial: a note at
# the right end of a line was cut off; beside the longest bar, it squeezed the
# phone's plot to nothing)

SERIES = "mark: line\nx: annee:O\ny: part\nfilter: {usage: Réseaux sociaux}\n"


def placed(built, drawing="phone"):
    """(align, text) of each note as drawn: the layer that keeps its row."""
    found = []
    for layer in note_layers(built.spec, drawing):
        assert "transform" not in layer  # the chart's rows: a filtered layer would undo sort: -x
        column = note_column(layer)
        rows = built.spec["datasets"][(layer.get("data") or built.spec["data"])["name"]]
        found += [(layer["mark"]["align"], row[column], layer) for row in rows if row[column]]
    return found


@pytest.mark.parametrize("year, align", [(2013, "left"), (2016, "right")])
def test_a_note_at_an_end_of_the_plot_runs_inward_from_its_leader(data, year, align):  # noqa: F811
    text = "Le point que l'enquête met en avant cette année"
    built = build(data, SERIES + f'annotations: [{{where: {{annee: {year}}}, text: "{text}"}}]\n')
    ((drawn, written, _),) = placed(built)
    assert (drawn, written.replace(" \n", " ")) == (align, text)


def test_a_short_note_in_the_middle_is_centred_on_its_leader(data):  # noqa: F811
    (data / "usages.csv").write_text(
        "usage,annee,part\n" + "".join(f"Réseaux sociaux,{y},{30 + y - 2010}\n" for y in range(2010, 2017)),
        encoding="utf-8",
    )
    built = build(data, SERIES + "annotations: [{where: {annee: 2013}, text: Un tournant}]\n")
    assert [(a, t) for a, t, _ in placed(built)] == [("center", "Un tournant")]


def test_a_long_note_wraps_to_the_phone_and_stands_above_the_plot(data):  # noqa: F811
    from datacharts_engine.layout import narrow_spec
    from datacharts_engine.render import accessible_svg, render_svg
    from datacharts_engine.settings import DEFAULTS

    text = "Le grand bond de l'année de l'enquête, presque le double de ce que mesurait la précédente"
    built = build(data, SERIES + f'annotations: [{{where: {{annee: 2016}}, text: "{text}"}}]\n')
    ((_, written, layer),) = placed(built)
    lines = written.split(" \n")  # the space kept before each break: the SVG's text reads whole
    assert 2 <= len(lines) <= 3 and " ".join(lines) == text
    assert max(len(line) for line in lines) * 6.5 <= 360 - 60  # the phone's plot
    assert layer["mark"]["lineBreak"] == "\n" and layer["mark"]["baseline"] == "bottom"
    assert layer["mark"]["dy"] <= -4 - layer["mark"]["lineHeight"]  # the first line raised: all above the plot
    # The wide drawing lays it out for its own width: fewer, longer lines.
    ((_, wide, _),) = placed(built, "wide")
    assert " ".join(wide.split(" \n")) == text and wide.count("\n") < written.count("\n")
    phone = accessible_svg(render_svg(narrow_spec(built.spec, DEFAULTS), DEFAULTS), "g", "T", "D.")
    for svg, shown in ((phone, written), (svg_of(built), wide)):  # its own lines in each drawing
        (note,) = re.findall(r'<text\b[^>]*font-style="italic"[^>]*>(.*?)</text>', svg)
        assert max(note.count("<tspan"), 1) == shown.count("\n") + 1
    assert text in texts(phone)
    assert text in texts(svg_of(built))  # whole, words apart, in the SVG's text
    # Screen readers read the note whole, on one line.
    assert f"Annotation (2016) : {text}." in built.description


def test_a_note_on_the_longest_bar_is_written_inside_it(data):  # noqa: F811
    built = build(data, BARS + NOTE)
    ((align, written, layer),) = placed(built)
    assert written == "Presque le double de 2013" and align == "right"
    assert layer["encoding"]["x"]["field"] == "part" and layer["mark"]["dx"] < 0  # ending inside the bar's end
    assert layer["encoding"]["yOffset"]["field"] == "annee"
    # In the colour of a label inside that bar: one per year, each legible on its fill.
    assert layer["encoding"]["color"]["legend"] is None
    assert "Presque le double de 2013" in texts(svg_of(built))


def test_a_note_too_long_for_three_lines_is_refused(data):  # noqa: F811
    yaml = SERIES + "annotations: [{where: {annee: 2016}, text: " + "Une remarque bien trop longue " * 6 + "}]\n"
    error = refused(data, yaml)
    assert "raccourcissez-la" in error.message and "3 lignes" in error.message
    assert error.line == line_of(yaml, "annotations")


SORTED = ["Outils collaboratifs", "Réseaux sociaux"]  # sort: x, the smaller value first


@pytest.mark.parametrize(
    "yaml, order",
    [
        ("mark: bar\nx: part\ny: {field: usage, sort: x}\nfilter: {annee: 2016}\n", SORTED),  # inside its bar
        ("mark: bar\nx: part\ny: {field: usage, sort: x}\nfilter: {annee: 2013}\n", SORTED),  # beside it
        ("mark: point\nx: part\ny: {field: usage, sort: x}\nfilter: {annee: 2016}\n", SORTED),
        # Columns sorted by their height: the note's layer, pinned to the top, sorts by y's field.
        ("mark: bar\nx: {field: usage, sort: -y}\ny: part\nfilter: {annee: 2016}\n", SORTED[::-1]),
    ],
)
def test_a_note_keeps_the_axis_sorted_by_value(data, yaml, order):  # noqa: F811
    year = 2016 if "2016" in yaml else 2013
    note = f"annotations: [{{where: {{usage: Réseaux sociaux, annee: {year}}}, text: Le plus haut}}]\n"
    for built in (build(data, yaml), build(data, yaml + note)):
        svg = svg_of(built)
        assert [t for t in texts(svg) if t in SORTED] == order
    assert "Le plus haut" in texts(svg)


# -- the editor's second trial


def test_two_notes_naming_a_column_the_chart_does_not_plot(data):  # noqa: F811
    """Both notes name annee, which the chart filters on but does not plot:
    the column was taken twice, and the build stopped on a Python error."""
    yaml = (
        "mark: bar\nx: part\ny: usage\nfilter: {annee: 2016}\nannotations:\n"
        "  - {where: {usage: Réseaux sociaux, annee: 2016}, text: Une note}\n"
        "  - {where: {usage: Outils collaboratifs, annee: 2016}, text: Une autre}\n"
    )
    built = build(data, yaml)
    assert {"Une note", "Une autre"} <= set(texts(svg_of(built)))


def test_a_note_on_a_line_has_its_leader_end_at_its_point(data):  # noqa: F811
    """The leader stopped 19 px above its point (room for a column's value
    label, which a line does not have there) and ended on another series."""
    yaml = "mark: line\nx: annee:O\ny: part\ncolor: usage\nlabels: true\n"
    note = "annotations: [{where: {usage: Outils collaboratifs, annee: 2013}, text: Départ}]\n"
    for drawing in ("phone", "wide"):
        (leader,) = leaders(build(data, yaml + note).spec, drawing)
        assert -6 <= leader["mark"]["yOffset"] < 0


def test_notes_that_would_overlap_stand_one_above_the_other_and_the_legend_goes_below(data):  # noqa: F811
    text = "Une remarque assez longue pour occuper une bonne partie de la largeur du téléphone"
    yaml = (
        "mark: bar\nx: usage\ny: part\nxOffset: annee:N\ncolor: annee:N\nannotations:\n"
        f'  - {{where: {{usage: Outils collaboratifs, annee: 2013}}, text: "{text}"}}\n'
        f'  - {{where: {{usage: Réseaux sociaux, annee: 2016}}, text: "{text}"}}\n'
    )
    built = build(data, yaml)
    notes = note_layers(built.spec)
    assert len(notes) == 2 and len({d["mark"]["dy"] for d in notes}) == 2
    lower, upper = sorted(d["mark"]["dy"] for d in notes)[::-1]
    assert lower - upper >= 2 * 14  # the upper one clears the lower one's two lines
    # Each note's leader reaches up to its note.
    reach = sorted(d["mark"]["y2Offset"] for d in leaders(built.spec))
    assert reach[0] < reach[1] <= 0
    (main,) = [d for d in built.spec["layer"] if d["mark"].get("aria") is not False]
    assert main["encoding"]["color"]["legend"]["orient"] == "bottom"  # not under the notes


def test_a_note_too_wide_for_either_side_of_its_leader_moves_back_inside(data):  # noqa: F811
    """On the phone, a long line from a column near the middle-left fits
    neither to the right of its leader nor to its left: it used to run past
    the drawing's right edge. It is moved back inside the plot (dx); the wide
    drawing, with room to its right, keeps it at its leader."""
    regions = ["Auvergne", "Bretagne", "Centre", "Corse", "Est", "Hauts", "Île", "Normandie", "Aquitaine", "Occitanie"]
    (data / "usages.csv").write_text(
        "usage,annee,part\n" + "".join(f"{r},2016,{10 + 5 * i}\n" for i, r in enumerate(regions)), encoding="utf-8"
    )
    text = "Une note assez longue pour passer à la ligne sur un téléphone étroit"
    yaml = f'mark: bar\nx: usage\ny: part\nannotations: [{{where: {{usage: Corse}}, text: "{text}"}}]\n'
    built = build(data, yaml)
    ((align, written, phone),) = placed(built)
    assert align == "left" and phone["mark"]["dx"] < 0
    plot = 360 - 60  # at most: the phone's drawing less its axis
    start = (4 + 0.5) / len(regions) * plot + phone["mark"]["dx"]  # Corse is the fifth column, after Aquitaine
    assert start >= 0 and start + max(len(line) for line in written.split(" \n")) * 6.5 <= plot
    ((_, _, wide),) = placed(built, "wide")
    assert "dx" not in wide["mark"]


def test_a_note_on_a_date_no_row_holds_lists_the_dates_to_type_in_time_order(data):  # noqa: F811
    """A monthly line noted at « 2023-12 »: the refusal lists the dates as a
    block matches them (2023-12-01, not « 1er décembre 2023 »), the closest
    first and the others in time, not alphabetically."""
    months = [f"{y}-{m:02d}-01" for y in (2023, 2024) for m in range(1, 13)]
    rows = "".join(f"{m},{i}\n" for i, m in enumerate(reversed(months)))  # the CSV's order is not time's
    (data / "mois.csv").write_text("jour,n\n" + rows, encoding="utf-8")
    (data / "mois.resource.yaml").write_text(
        "title: Mois\nschema:\n  fields:\n    - {name: jour, type: date}\n    - {name: n, type: integer}\n",
        encoding="utf-8",
    )
    yaml = "mark: line\nx: jour:T\ny: n\nannotations: [{where: {jour: 2023-12}, text: Un creux}]\n"
    error = refused(data, yaml, dataset="mois")
    assert error.line == line_of(yaml, "annotations")
    values = error.message.split("valeurs : ")[1].split(", ")
    assert values[0] == "2023-12-01", error.message
    assert values == ["2023-12-01", *[m for m in months if m != "2023-12-01"]], error.message
    assert "décembre" not in error.message


def test_screen_readers_hear_the_row_as_the_chart_names_it(data):  # noqa: F811
    """The editor's trial: « Annotation (outil-de-don-en-ligne) : … », the code
    where: named the row by. The description names it as the chart shows it."""
    (data / "usages.csv").write_text(
        "indicateur,usage,annee,part\nrs,Réseaux sociaux,2013,36\nrs,Réseaux sociaux,2016,62\n"
        "oc,Outils collaboratifs,2013,22\noc,Outils collaboratifs,2016,43\n",
        encoding="utf-8",
    )
    (data / "usages.resource.yaml").unlink()
    bars = build(
        data,
        "mark: bar\nx: part\ny: usage\nfilter: {annee: 2016}\nannotations: [{where: {indicateur: oc}, text: Moins}]\n",
    )
    assert bars.description.endswith("Annotation (Outils collaboratifs) : Moins.")
    lines = "mark: line\nx: annee\ny: part\nhighlight: {usage: Réseaux sociaux}\n"
    lines += "annotations: [{where: {indicateur: oc, annee: 2016}, text: Moins}]\n"
    assert build(data, lines).description.endswith("Annotation (Outils collaboratifs, 2016) : Moins.")


def test_a_highlighted_line_s_tooltip_names_its_series_by_its_title(data):  # noqa: F811
    """The editor's trial: « libelle : Outils collaboratifs » in the tooltip, the
    column's name where the descriptor gives it a title."""
    built = build(data, "mark: line\nx: annee\ny: part\nhighlight: {usage: Réseaux sociaux}\n")
    labels = mark_labels(svg_of(built))
    assert labels and all("Usage: " in label and "usage: " not in label for label in labels), labels


def test_a_column_grouped_away_is_named_without_the_grouping_s_own_names(data):  # noqa: F811
    """The editor's trial: the refusal listed « sum_montant », a name the block never wrote."""
    yaml = "mark: bar\nx: poste\ny: {field: montant, aggregate: sum}\n"
    yaml += "annotations: [{where: {part_decimale: 0.62}, text: N}]\n"
    error = refused(data, yaml, "montants")
    assert "colonne « part_decimale » absente des lignes dessinées (le graphique regroupe les lignes)" in error.message
    assert error.message.endswith("colonnes : poste") and "sum_" not in error.message
