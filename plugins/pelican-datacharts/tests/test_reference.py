"""reference: lines and ranges on a quantitative or temporal axis, with
their labels, read by screen readers in the description."""

from __future__ import annotations

import re

import pytest
from datacharts_engine.marks import RANGE_COLOUR, TEXT_COLOUR
from datacharts_engine.render import HALO_COLOUR

from .marks_helpers import build, data, decorations, line_of, mark_labels, refused, svg_of, texts  # noqa: F401

BARS = "mark: bar\nx: {field: part, scale: {domain: [0, 100]}}\ny: usage\nfilter: {annee: 2016}\n"


def test_a_line_at_a_value_with_its_label(data):  # noqa: F811
    built = build(data, BARS + "reference: [{x: 45, label: en moyenne dans les autres domaines}]\n")
    casing, rule, label = decorations(built.spec)
    assert rule["mark"]["type"] == "rule" and rule["mark"]["color"] == TEXT_COLOUR
    # Under the dashes, a wider line of the background keeps them visible across a dark bar.
    assert casing["mark"]["type"] == "rule" and casing["mark"]["color"] == HALO_COLOUR
    assert casing["mark"]["strokeWidth"] > rule["mark"]["strokeWidth"] and casing["encoding"] == rule["encoding"]
    assert rule["encoding"]["x"]["field"] == "part"  # the chart's own scale and axis title
    assert built.spec["datasets"][rule["data"]["name"]][0]["part"] == 45
    assert label["encoding"]["text"]["field"] == "libelle" and label["encoding"]["y"] == {"value": 0}
    svg = svg_of(built)
    assert "en moyenne dans les autres domaines" in texts(svg)
    # The rule is drawn at 45 on the 0–100 axis (the plot's width is what the column leaves: the tick at 100).
    (x,) = re.findall(r'<line transform="translate\(([\d.]+),0\)" x2="0" y2="[\d.]+" stroke="#333333"', svg)
    (hundred,) = re.findall(r'<text[^>]*transform="translate\(([\d.]+),\d+\)"[^>]*>100</text>', svg)
    assert float(x) == pytest.approx(float(hundred) * 45 / 100, abs=0.5)
    assert len(mark_labels(svg)) == 2  # the two bars, not the line
    assert built.description == "D. Repère (45\u202f%) : en moyenne dans les autres domaines."


def test_a_range_lies_under_the_marks(data):  # noqa: F811
    built = build(data, "mark: line\nx: annee:Q\ny: part\ncolor: usage\nreference: [{x: [2013, 2014], label: Avant}]\n")
    layer = built.spec["layer"][0]
    assert layer["mark"]["type"] == "rect" and layer["mark"]["color"] == RANGE_COLOUR
    assert layer["encoding"]["x2"] == {"field": "fin"}
    assert "Repère (2013 à 2014) : Avant." in built.description


def test_a_horizontal_line_on_y(data):  # noqa: F811
    built = build(data, "mark: bar\nx: usage\ny: part\nfilter: {annee: 2016}\nreference: {y: 50, label: Moitié}\n")
    _, rule, label = decorations(built.spec)
    assert rule["encoding"]["y"]["field"] == "part" and label["encoding"]["x"] == {"value": "width"}


@pytest.mark.parametrize(
    "yaml, hint",
    [
        ("reference: [{y: 45}]\n", "l'axe y est fait de catégories (nominal)"),
        ("reference: [{x: beaucoup}]\n", "« beaucoup » n'est pas un nombre"),
        ("reference: [{x: 120}]\n", "120 est hors de l'échelle de l'axe x (0 à 100)"),
        ("reference: [{x: 45, y: 2}]\n", "sur x ou sur y"),
        ("reference: [{x: [1, 2, 3]}]\n", "deux valeurs [début, fin]"),
        ("reference: [{x: 45, couleur: rouge}]\n", "option « couleur » inconnue"),
        ("reference: 45\n", "une liste de lignes ou de plages"),
    ],
)
def test_a_reference_that_cannot_be_drawn_is_refused_at_its_line(data, yaml, hint):  # noqa: F811
    error = refused(data, BARS + yaml)
    assert hint in error.message
    assert error.line == line_of(BARS + yaml, "reference")


def test_lines_and_ranges_on_a_time_axis(data):  # noqa: F811
    (data / "serie.csv").write_text("date,nombre\n2016-01-01,10\n2016-06-01,20\n2017-01-01,15\n", encoding="utf-8")
    yaml = "mark: line\nx: date\ny: nombre\nreference: [{x: 2016-06-01, label: Juin}, {x: [2016, 2017], label: An}]\n"
    built = build(data, yaml, "serie")
    ranges = [d for d in decorations(built.spec) if d["mark"]["type"] == "rect"]
    rules = [d for d in decorations(built.spec) if d["mark"]["type"] == "rule"]
    assert built.spec["datasets"][rules[0]["data"]["name"]][0]["date"] == "2016-06-01T00:00:00"
    assert built.spec["datasets"][ranges[0]["data"]["name"]][0]["fin"] == "2017-01-01T00:00:00"
    assert "Repère (1er juin 2016) : Juin. Repère (1er janvier 2016 à 1er janvier 2017) : An." in built.description
    assert {"Juin", "An"} <= set(texts(svg_of(built)))


def _label_places(spec):
    return [
        (d["encoding"]["text"] and d["mark"]["align"], d["mark"]["baseline"], d["encoding"].get("x"))
        for d in decorations(spec)
        if d["mark"]["type"] == "text" and d["encoding"].get("text", {}).get("field") == "libelle"
    ]


def test_two_close_lines_turn_their_labels_away_from_each_other(data):  # noqa: F811
    """The editor's trial: two reference lines 2 points apart wrote their
    labels one over the other, then one struck through by the other line. Of
    two close lines on y, the lower writes its label below itself; on x, to
    its left, the higher to its right."""
    columns = "mark: bar\nx: usage\ny: part\nfilter: {annee: 2016}\n"
    close = columns + "reference: [{y: 47, label: Objectif}, {y: 45, label: Moyenne nationale}]\n"
    end = {"value": "width"}
    assert _label_places(build(data, close).spec) == [("right", "bottom", end), ("right", "top", end)]
    far = columns + "reference: [{y: 10, label: Moyenne nationale}, {y: 50, label: Objectif}]\n"
    assert _label_places(build(data, far).spec) == [("right", "bottom", end)] * 2
    bars = "mark: bar\nx: {field: part, scale: {domain: [0, 100]}}\ny: usage\nfilter: {annee: 2016}\n"
    close = bars + "reference: [{x: 45, label: Moyenne des autres domaines}, {x: 47, label: Moyenne nationale}]\n"
    (low, high) = _label_places(build(data, close).spec)
    assert (low[0], high[0]) == ("right", "left")  # 45's text ends at its line, 47's starts at its own


REGIONS = "region,montant\n" + "".join(
    f"{r},{v}\n"
    for r, v in [("Auvergne", 120), ("Bretagne", 45), ("Centre", 30), ("Est", 80), ("PACA", 95), ("Pays", 60)]
)


def test_a_line_s_label_leaves_the_right_end_to_a_value_label_at_its_height(data):  # noqa: F811
    """The editor's trial: « Moyenne » at the right end touched the last
    column's « 60 » written just above the line. The label goes to the left
    end, free there; elsewhere it stays at the right. Across the plot it
    wears a halo of the background, painted under its letters."""
    (data / "regions.csv").write_text(REGIONS, encoding="utf-8")
    (data / "regions.resource.yaml").write_text(
        "schema:\n  fields:\n    - {name: region, type: string}\n    - {name: montant, type: integer}\n"
    )
    columns = "mark: bar\nx: region\ny: montant\nlabels: true\n"
    ((align, _, at),) = _label_places(build(data, columns + "reference: [{y: 57, label: Moyenne}]\n", "regions").spec)
    assert (align, at) == ("left", {"value": 0})
    built = build(data, columns + "reference: [{y: 105, label: Moyenne}]\n", "regions")
    ((align, _, at),) = _label_places(built.spec)
    assert (align, at) == ("right", {"value": "width"})  # nothing at its height on the right
    (label,) = re.findall(r"<text\b[^>]*>Moyenne</text>", svg_of(built))
    assert 'stroke="#fffffe"' in label and 'paint-order="stroke"' in label
    assert 'fill="#333333"' in label


@pytest.mark.parametrize(
    "low, high, nice",
    [
        (0.201479, 0.996679, (0.2, 1.0)),  # d3-scale's own example of linear.nice()
        (0, 62, (0, 65)),
        (0, 250000, (0, 260000)),  # the top of an axis of amounts, as vl-convert draws it
        (-3, 97, (-10, 100)),
    ],
)
def test_an_axis_extent_is_widened_to_round_numbers_as_vega_does(low, high, nice):
    from datacharts_engine.marks import _nice

    assert _nice(low, high) == pytest.approx(nice)


@pytest.mark.parametrize(
    "yaml",
    [
        "mark: bar\nx: usage\ny: part\nfilter: {annee: 2016}\n",  # columns
        "mark: line\nx: annee:Q\ny: {field: part, aggregate: sum}\n",  # a line of totals
    ],
)
def test_a_labelled_range_on_y(data, yaml):  # noqa: F811
    # The editors' trial: a range on y with a label stopped the build with a TypeError.
    built = build(data, yaml + "reference: [{y: [40, 50], label: Fourchette habituelle}]\n")
    rect, label = decorations(built.spec)[:2]
    assert rect["mark"]["type"] == "rect" and rect["encoding"]["y2"] == {"field": "fin"}
    start = built.spec["datasets"][rect["data"]["name"]][0]
    assert (start[rect["encoding"]["y"]["field"]], start["fin"]) == (40, 50)  # on the plotted column
    assert label["mark"]["type"] == "text" and label["encoding"]["x"] == {"value": "width"}
    assert "Fourchette habituelle" in texts(svg_of(built))
    assert "Repère (40\u202f% à 50\u202f%) : Fourchette habituelle." in built.description


def test_a_line_s_label_finds_a_free_spot_among_columns_labelled_on_their_side(data):  # noqa: F811
    """The editors' trial: a line at 100 000 € across eleven columns near it,
    their labels standing on their side: « Cent mille euros » was written
    over three of them. It goes where no value label is, in each drawing,
    and the values the line crosses are cut out of it by their halo."""
    from datacharts_engine.layout import narrow_spec
    from datacharts_engine.marks import CHAR_WIDTH, LABEL_SIZE
    from datacharts_engine.produce import static_spec
    from datacharts_engine.render import HALO_COLOUR, render_svg
    from datacharts_engine.settings import DEFAULTS

    from .test_labels import drawn_labels

    budgets = [121400, 110500, 105000, 102750, 99999, 98200, 96300, 93100, 91450, 88900, 87000]
    (data / "budgets.csv").write_text("dep,budget\n" + "".join(f"D{i:02d},{v}\n" for i, v in enumerate(budgets)))
    (data / "budgets.resource.yaml").write_text(
        "schema:\n  fields:\n    - {name: dep, type: string}\n    - {name: budget, type: integer, unit: '€'}\n"
    )
    yaml = "mark: bar\nx: dep\ny: budget\nlabels: {format: euros}\nreference: [{y: 100000, label: Cent mille euros}]\n"
    spec = static_spec(build(data, yaml, "budgets").spec)
    for name, drawing in (("wide", spec), ("phone", narrow_spec(spec, DEFAULTS))):
        svg = render_svg(drawing, DEFAULTS)
        values = drawn_labels(svg)
        assert len(values) == len(budgets), name
        (tag,) = re.findall(r"<text\b([^>]*)>Cent mille euros</text>", svg)
        x, y = map(float, re.search(r"translate\(([-\d.e]+),([-\d.e]+)\)", tag).groups())
        wide = len("Cent mille euros") * CHAR_WIDTH
        left = x - wide if 'text-anchor="end"' in tag else x
        top, bottom = y - 0.75 * LABEL_SIZE, y
        for text, a, b, _, _, _, c, d in values:
            apart = b <= left or left + wide <= a or d <= top or bottom <= c
            assert apart, (name, text, (a, b, c, d), (left, left + wide, top, bottom))
        labels = re.findall(r"<text\b([^>]*)>[^<]*€</text>", svg)
        assert labels and all(f'stroke="{HALO_COLOUR}"' in t for t in labels), name


def test_a_line_on_x_near_the_right_edge_writes_its_label_to_its_left(data):  # noqa: F811
    """The editors' trial: « Moyenne nationale » above a line at three
    quarters of the phone's plot ran past its edge and was cut. A label
    that its right side cannot hold is written to the line's left."""
    from datacharts_engine.layout import narrow_spec
    from datacharts_engine.marks import CHAR_WIDTH
    from datacharts_engine.produce import static_spec
    from datacharts_engine.render import render_svg
    from datacharts_engine.settings import DEFAULTS

    label = "Moyenne nationale des associations"
    spec = static_spec(build(data, BARS + f"reference: [{{x: 70, label: {label}}}]\n").spec)
    for name, drawing in (("wide", spec), ("phone", narrow_spec(spec, DEFAULTS))):
        svg = render_svg(drawing, DEFAULTS)
        plot = float(re.search(r'<path class="background" aria-hidden="true" d="M0,0h([\d.]+)v', svg)[1])
        (tag,) = re.findall(rf"<text\b([^>]*)>{label}</text>", svg)
        x = float(re.search(r"translate\(([-\d.e]+),", tag)[1])
        wide = len(label) * CHAR_WIDTH
        left = x - wide if 'text-anchor="end"' in tag else x
        assert left >= 0 and left + wide <= plot, (name, left, wide, plot)


def test_a_note_and_a_label_over_a_line_wear_a_halo_wider_than_a_space(data):  # noqa: F811
    """The editor's trial: a line at 5 000 ran through « Les bénévoles sont les
    plus nombreux », a note without a halo; and through « 43 % », whose halo
    of 3 px left the gap of its space uncovered. Both now wear a halo of the
    background at least as wide as a space between two glyphs at their size."""
    from datacharts_engine.marks import LABEL_SIZE
    from datacharts_engine.render import HALO_COLOUR, render_svg
    from datacharts_engine.settings import DEFAULTS

    yaml = (
        "mark: bar\nx: part\ny: usage\nfilter: {annee: 2016}\nlabels: true\nreference: [{x: 45, label: Repère}]\n"
        "annotations: [{where: {usage: Outils collaboratifs}, text: Les outils partagés}]\n"
    )
    svg = render_svg(build(data, yaml).spec, DEFAULTS)
    space = 0.25 * LABEL_SIZE + 1  # Roboto's space (0.248 em) and the glyphs' side bearings
    for text in ("43\u202f%", "Les outils partagés"):
        (tag,) = re.findall(rf"<text\b([^>]*)>{text}</text>", svg)
        assert f'stroke="{HALO_COLOUR}"' in tag and 'paint-order="stroke"' in tag, text
        assert float(re.search(r'stroke-width="([\d.]+)"', tag).group(1)) >= space, text


def test_a_note_inside_its_bar_wears_no_halo_of_the_page(data):  # noqa: F811
    """The editor's second trial: a note written inside its long bar, in the
    bar's contrast colour, wore the page's background as a halo over a
    reference line: a blot, unreadable in both modes. Inside a bar, no halo."""
    from datacharts_engine.render import HALO_COLOUR, render_svg
    from datacharts_engine.settings import DEFAULTS

    (data / "panel.csv").write_text("profil,n\nBénévoles,6700\nDirigeants,2700\nSalariés,1200\n", encoding="utf-8")
    yaml = "mark: bar\nx: n\ny: profil\nreference: [{x: 5000, label: Cinq mille}]\n"
    yaml += "annotations: [{where: {profil: Bénévoles}, text: Les plus nombreux}]\n"
    svg = render_svg(build(data, yaml, "panel").spec, DEFAULTS)
    (tag,) = re.findall(r"<text\b([^>]*)>Les plus nombreux</text>", svg)
    assert 'fill="#ffffff"' in tag and HALO_COLOUR not in tag


def test_a_label_wider_than_the_phone_s_plot_is_written_on_lines_above_its_line(tmp_path):
    """The editor's trial: beside line-end names, « La moitié des associations »
    ran over the y axis's numbers of a phone. There it is written on lines, the
    last just above its line, all right of the axis; the wide drawing keeps one line."""
    from datacharts_engine.layout import narrow_spec
    from datacharts_engine.marks import LABEL_SIZE, text_width
    from datacharts_engine.produce import static_spec
    from datacharts_engine.render import render_svg
    from datacharts_engine.settings import DEFAULTS

    from .test_highlight import _left_of

    folder = tmp_path / "data"
    folder.mkdir()
    rows = "region,annee,part\nAuvergne-Rhône-Alpes,2013,30\nAuvergne-Rhône-Alpes,2016,37\nBretagne,2013,31\n"
    (folder / "r.csv").write_text(rows + "Bretagne,2016,38\n", encoding="utf-8")
    label = "La moitié des associations du pays"
    yaml = "mark: line\nx: annee\ny: part\nhighlight: {region: Auvergne-Rhône-Alpes}\nlabels: true\n"
    spec = static_spec(build(folder, yaml + f"reference: [{{y: 20, label: {label}}}]\n", "r").spec)
    wide, phone = render_svg(spec, DEFAULTS), render_svg(narrow_spec(spec, DEFAULTS), DEFAULTS)
    assert f">{label}</text>" in wide
    written = re.search(r"<text\b([^>]*)>((?:<tspan[^>]*>[^<]*</tspan>)+)</text>", phone)
    lines = re.findall(r"<tspan[^>]*>([^<]*)</tspan>", written[2])
    assert len(lines) >= 2 and " ".join(lines) == label
    (rule,) = set(re.findall(r'<line transform="translate\([-\d.e]+,([-\d.e]+)\)"[^>]*stroke-dasharray', phone))
    baseline = float(re.search(r"translate\([-\d.e]+,([-\d.e]+)\)", written[1])[1])
    baseline += sum(float(d) for d in re.findall(r'<tspan[^>]*dy="([-\d.e]+)"', written[2]))
    assert baseline < float(rule)  # the last line above the rule, not across it
    right = _left_of(phone, written[0][:-1])  # right-aligned: the anchor is the lines' right end
    axis = max(_left_of(phone, f">{t}</text>") + text_width(t, 14) for t in ("20", "30"))
    assert right - max(text_width(t, LABEL_SIZE) for t in lines) > axis  # past the axis's numbers
