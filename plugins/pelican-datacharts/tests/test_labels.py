"""labels: the value written on each mark, French formatted with its unit,
in a layer that adds no mark to navigate."""

from __future__ import annotations

import itertools
import math
import re

import pytest
from datacharts_engine.marks import INSIDE_COLOUR, LABEL_SIZE, TEXT_COLOUR

from .marks_helpers import build, data, decorations, layers, line_of, mark_labels, refused, svg_of, texts  # noqa: F401

BARS = "mark: bar\nx: part\ny: {field: usage, sort: -x}\nyOffset: annee:N\ncolor: annee:N\n"


def label_layers(spec):
    return [d for d in decorations(spec) if d["mark"]["type"] == "text"]


def label_layer(spec):
    """The labels' layer; for labels inside bars, the one inside (a second
    layer, beside the bar, takes the labels a bar is too small to hold)."""
    found = label_layers(spec)
    assert len(found) in (1, 2), found
    if len(found) == 2:
        inside, beside = found
        assert beside["mark"]["color"] == TEXT_COLOUR and "color" not in beside["encoding"]
        # The same rows, each on one of the two: Vega's test, and its opposite.
        test = inside["encoding"]["text"]["condition"]["test"]
        assert beside["encoding"]["text"]["condition"]["test"] == f"!({test})"
        assert inside["encoding"]["text"]["value"] == beside["encoding"]["text"]["value"] == ""
    return found[0]


def test_labels_true_writes_each_value_with_the_unit_beside_the_bar(data):  # noqa: F811
    built = build(data, BARS + "labels: true\n")
    layer = label_layer(built.spec)
    assert layer["mark"] == {**layer["mark"], "align": "left", "dx": 4, "color": TEXT_COLOUR, "aria": False}
    assert layer["encoding"]["x"]["field"] == "part" and layer["encoding"]["yOffset"]["field"] == "annee"
    column = layer["encoding"]["text"]["field"]
    rows = built.spec["datasets"][(layer.get("data") or built.spec["data"])["name"]]
    assert [r[column] for r in rows] == ["36\u202f%", "62\u202f%", "22\u202f%", "43\u202f%"]
    assert column not in built.data.columns  # the CSV download is the data, not the drawing
    svg = svg_of(built)
    assert {"36\u202f%", "62\u202f%", "22\u202f%", "43\u202f%"} <= set(texts(svg))
    # Still one navigable mark per row, and none of them a label.
    assert len(mark_labels(svg)) == 4 and not any("%" in label.split(": ")[-1] for label in mark_labels(svg))


def test_labels_inside_are_at_the_inner_end_in_each_bar_s_label_colour(data):  # noqa: F811
    layer = label_layer(build(data, BARS + "labels: {position: inside}\n").spec)
    assert layer["mark"]["align"] == "right" and layer["mark"]["dx"] == -4
    # 2013 on the palette's blue, 2016 on its orange (too light for white).
    assert layer["encoding"]["color"]["field"] == "annee"
    assert layer["encoding"]["color"]["scale"]["range"][:2] == [INSIDE_COLOUR, "#000000"]


def test_stacked_bars_get_their_labels_inside_each_segment(data):  # noqa: F811
    built = build(data, "mark: bar\nx: usage\ny: part\ncolor: annee:N\nlabels: true\n")
    layer = label_layer(built.spec)
    assert layer["encoding"]["y"]["stack"] == "zero" and layer["encoding"]["detail"]["field"] == "annee"
    assert layer["mark"]["baseline"] == "top" and layer["encoding"]["color"]["field"] == "annee"


def test_a_line_is_labelled_at_its_end_only(data):  # noqa: F811
    built = build(data, "mark: line\nx: annee:O\ny: part\ncolor: usage\nlabels: true\n")
    shown = [t for t in texts(svg_of(built)) if t.endswith("%")]
    assert sorted(shown) == ["43\u202f%", "62\u202f%"]  # 2016, the last year of each line


def test_a_pie_is_labelled_around_its_slices(data):  # noqa: F811
    built = build(data, "mark: arc\ntheta: part\ncolor: usage\nfilter: {annee: 2016}\nlabels: true\n")
    main, label = layers(built.spec)
    assert main["mark"]["outerRadius"] < label["mark"]["radius"]
    assert label["encoding"]["theta"]["stack"] is True
    assert {"62\u202f%", "43\u202f%"} <= set(texts(svg_of(built)))


def test_labels_use_the_format_in_words(data):  # noqa: F811
    built = build(data, "mark: bar\nx: montant\ny: poste\nlabels: {format: millions}\n", "montants")
    written = set(texts(svg_of(built)))
    assert {"1,2\u00a0M€", "80\u00a0M€"} <= written


def test_labels_without_format_write_amounts_in_full_with_their_unit(data):  # noqa: F811
    written = set(texts(svg_of(build(data, "mark: bar\nx: montant\ny: poste\nlabels: true\n", "montants"))))
    assert {"2\u00a0700\u00a0€", "80\u00a0000\u00a0000\u00a0€"} <= written


def test_labels_with_a_d3_format_are_written_by_vega_in_the_french_locale(data):  # noqa: F811
    built = build(data, "mark: bar\nx: part_decimale\ny: poste\nlabels: {format: .0%}\n", "montants")
    assert label_layer(built.spec)["encoding"]["text"] == {
        "field": "part_decimale",
        "type": "quantitative",
        "format": ".0%",
    }
    assert {"62\u202f%", "5\u202f%"} <= set(texts(svg_of(built)))


def test_no_labels_leaves_the_chart_a_single_view(data):  # noqa: F811
    assert "layer" not in build(data, BARS).spec and "layer" not in build(data, BARS + "labels: false\n").spec


@pytest.mark.parametrize(
    "yaml, hint",
    [
        (BARS + "labels: oui\n", "labels: true, ou labels:"),
        (BARS + "labels: {positon: inside}\n", "option « positon » inconnue pour labels"),
        (BARS + "labels: {position: dedans}\n", "position « dedans » inconnue"),
        ("mark: bar\nx: usage\ny: annee:N\nlabels: true\n", "aucun"),
        ("mark: tick\nx: part\nlabels: true\n", "ne s'écrit pas sur la marque tick"),
        # Grouped in the browser (a list channel keeps the raw rows): no row per mark to label.
        (
            "mark: bar\nx: {field: part, bin: true}\ny: {aggregate: count}\ntooltip: [usage, annee]\nlabels: true\n",
            "regroupées",
        ),
        (BARS + "labels: {format: milliards}\n", "format: milliards sur une colonne en pourcentage"),
        (BARS + "labels: {format: .0%}\n", "multiplie les valeurs par 100"),
        (BARS + "labels: true\ncolumn: annee:N\n", "ne se combine pas avec column:"),
    ],
)
def test_labels_that_cannot_be_drawn_are_refused_at_their_line(data, yaml, hint):  # noqa: F811
    error = refused(data, yaml)
    assert hint in error.message
    key = "column" if "column:" in yaml and "bin" not in yaml else "labels"
    assert error.line in (line_of(yaml, "labels"), line_of(yaml, key))


def test_coloured_bars_that_do_not_stack_keep_their_labels_beside_them(data):  # noqa: F811
    layer = label_layer(
        build(data, "mark: bar\nx: part\ny: usage\ncolor: usage\nfilter: {annee: 2016}\nlabels: true\n").spec
    )
    assert (
        layer["mark"]["align"] == "left" and layer["mark"]["color"] == TEXT_COLOUR and "detail" not in layer["encoding"]
    )


def test_labels_over_a_highlight_keep_its_two_fills_and_every_row(data):  # noqa: F811
    from datacharts_engine.settings import DEFAULTS

    built = build(data, "mark: bar\nx: part\ny: usage\nyOffset: annee:N\nhighlight: {annee: 2016}\nlabels: true\n")
    svg = svg_of(built)
    fills = [
        re.search(r'fill="([^"]+)"', tag).group(1)
        for tag in re.findall(r"<path[^>]*role=\"graphics-symbol\"[^>]*>", svg)
    ]
    assert len(fills) == 4 and fills.count(DEFAULTS["gris"]) == 2 and len(set(fills)) == 2
    assert {"36\u202f%", "62\u202f%", "22\u202f%", "43\u202f%"} <= set(texts(svg))


def test_labels_and_notes_follow_a_grouping_computed_at_build_time(tmp_path):
    """A monthly sum (timeUnit, aggregate) is computed by the build: each group is
    one mark, so it gets its label, and a note may name its month."""
    from datacharts_engine.blocks import parse_block
    from datacharts_engine.build_chart import build_chart
    from datacharts_engine.datasets import load_dataset
    from datacharts_engine.settings import DEFAULTS

    from .marks_helpers import svg_of, texts

    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "d.csv").write_text("jour,n\n2024-01-05,3\n2024-01-20,4\n2024-02-03,5\n2024-03-09,1\n", encoding="utf-8")
    (folder / "d.resource.yaml").write_text(
        "schema:\n  fields:\n    - {name: jour, type: date}\n    - {name: n, type: integer}\n", encoding="utf-8"
    )
    block = parse_block(
        "dataset: d\nmark: bar\nx: {field: jour, timeUnit: yearmonth}\ny: {field: n, aggregate: sum}\n"
        "labels: true\nannotations: [{where: {jour: 2024-02-01}, text: Le pic}]\ntitle: T\ndescription: D.\n",
        "content/a.md",
        1,
    )
    built = build_chart(block, load_dataset("d", folder), DEFAULTS)
    assert len(built.data) == 3  # one row per month
    written = texts(svg_of(built))
    assert written.count("7") >= 1 and "5" in written and "1" in written and "Le pic" in written
    assert "Annotation (1er février 2024) : Le pic." in built.description


def test_labels_on_bins_counted_at_build_time(data):  # noqa: F811
    """bin and count computed by the build: one labelled bar per bin."""
    built = build(data, "mark: bar\nx: {field: part, bin: true}\ny: {aggregate: count}\nlabels: true\n")
    assert len(built.data) == 4  # 22, 36, 43 and 62 fall in four bins of ten
    assert texts(svg_of(built)).count("1") >= 4  # each bin's count, on its bar


def test_inside_labels_too_thin_for_their_columns_go_above_them(data):  # noqa: F811
    """A date along x draws columns a few pixels wide: their labels inside would be
    cut or spill white onto the background; they are written above instead."""
    thin = "mark: bar\nx: {field: usage, type: nominal}\ny: part\nlabels: {position: inside}\n"
    wide, above = label_layers(build(data, thin).spec)
    # Bands: inside where Vega finds the column wide enough, above it elsewhere.
    assert wide["mark"]["baseline"] == "top" and "bandwidth('x')" in wide["encoding"]["text"]["condition"]["test"]
    assert above["mark"]["baseline"] == "bottom" and above["mark"]["dy"] < 0
    # (Dates, not years: a year written 2016 on an axis of dates is refused, test_years.py.)
    (data / "jours.csv").write_text("jour,part\n2016-01-04,3\n2016-01-05,5\n2016-01-06,4\n", encoding="utf-8")
    dated = "mark: bar\nx: {field: jour, type: temporal}\ny: {field: part, aggregate: sum}\n"
    dated += "labels: {position: inside}\n"
    (above,) = label_layers(build(data, dated, dataset="jours").spec)
    assert above["mark"]["baseline"] == "bottom" and above["mark"]["dy"] < 0


# -- the colour of labels inside marks ------------------------------------------

SIX = "categorie,valeur\n" + "".join(f"{name},{10 * (i + 3)}\n" for i, name in enumerate("ABCDEF"))
SIX_DESCRIPTOR = "schema:\n  fields:\n    - {name: categorie, type: string}\n    - {name: valeur, type: integer}\n"
SIX_BARS = "mark: bar\nx: valeur\ny: categorie\nlabels: {position: inside}\n"


@pytest.fixture
def six(data):  # noqa: F811
    (data / "six.csv").write_text(SIX, encoding="utf-8")
    (data / "six.resource.yaml").write_text(SIX_DESCRIPTOR, encoding="utf-8")
    return data


def test_a_label_inside_a_mark_is_white_or_black_whichever_reads_on_its_fill():
    from datacharts_engine.colours import contrast
    from datacharts_engine.marks import INSIDE_DARK, INSIDE_FIXED_WHITE, MIN_TEXT_CONTRAST, inside_colour
    from datacharts_engine.settings import DEFAULTS

    def on(fill):
        return inside_colour(fill, DEFAULTS)

    palette = DEFAULTS["palette"]
    # The palette's orange and green are too light for white (3.6:1, 4.3:1): black.
    assert [on(c) for c in palette.values()] == [
        INSIDE_COLOUR if contrast(c, "#ffffff") >= MIN_TEXT_CONTRAST else INSIDE_DARK for c in palette.values()
    ]
    assert on(palette["orange"]) == on(palette["vert"]) == on(DEFAULTS["gris"]) == INSIDE_DARK
    assert on(palette["bleu"]) == INSIDE_COLOUR  # a hook: the theme turns it dark where the fill turns light
    assert on("#a0522d") == INSIDE_FIXED_WHITE != INSIDE_COLOUR  # no theme remaps it: it stays white
    for colour in [*palette.values(), DEFAULTS["gris"], "#a0522d", "#ffd700", "#777777"]:
        assert contrast(colour, on(colour)) >= MIN_TEXT_CONTRAST, colour


@pytest.mark.parametrize(
    "mark, colour",
    [
        ("bar", INSIDE_COLOUR),  # the marks' default colour, a hook
        ("{type: bar, color: '#d9661f'}", "#000000"),
        ("{type: bar, color: '#a0522d'}", "#fefefe"),  # an editor's own colour
    ],
)
def test_labels_inside_one_fill_take_its_label_colour(six, mark, colour):
    built = build(six, SIX_BARS.replace("mark: bar", f"mark: {mark}"), "six")
    layer = label_layer(built.spec)
    assert layer["mark"]["color"] == colour and "color" not in layer["encoding"]


def test_labels_inside_a_highlight_follow_its_test(six):
    built = build(six, SIX_BARS + "highlight: {categorie: [B, E]}\n", "six")
    main, label, beside = layers(built.spec)
    assert beside["mark"]["color"] == TEXT_COLOUR and "color" not in beside["encoding"]
    assert label["encoding"]["color"]["condition"]["test"] == main["encoding"]["color"]["condition"]["test"]
    assert label["encoding"]["color"]["condition"]["value"] == INSIDE_COLOUR  # on the accent, a hook
    assert label["encoding"]["color"]["value"] == "#000000"  # on the grey


def test_labels_inside_coloured_categories_have_a_colour_scale_of_their_own(six):
    built = build(six, SIX_BARS + "color: categorie\n", "six")
    main, label, _ = layers(built.spec)
    colour = label["encoding"]["color"]
    assert colour["field"] == main["encoding"]["color"]["field"] and colour["legend"] is None
    assert colour["scale"]["range"] == ["#ffffff", "#000000", "#000000", "#ffffff", "#ffffff", "#ffffff"]
    assert built.spec["resolve"] == {"scale": {"color": "independent"}}
    ranged = build(six, SIX_BARS + "color: categorie\ncolors: {A: '#a0522d', B: gris}\n", "six")
    main, label, _ = layers(ranged.spec)
    assert label["encoding"]["color"]["scale"]["domain"] == main["encoding"]["color"]["scale"]["domain"]
    assert label["encoding"]["color"]["scale"]["range"][:3] == ["#fefefe", "#000000", "#ffffff"]


def test_labels_beside_a_point_keep_the_text_colour_even_inside(data):  # noqa: F811
    layer = label_layer(build(data, "mark: point\nx: annee:O\ny: part\nlabels: {position: inside}\n").spec)
    assert layer["mark"]["color"] == TEXT_COLOUR and "color" not in layer["encoding"]


@pytest.mark.parametrize(
    "yaml",
    [
        SIX_BARS + "color: categorie\n",  # the palette's six colours
        SIX_BARS.replace("x: valeur\ny: categorie", "x: categorie\ny: valeur") + "color: categorie\n",
        SIX_BARS + "color: {field: categorie, sort: -x}\n",  # the legend's order is not the data's
        SIX_BARS + "highlight: {categorie: [B, E]}\n",
        SIX_BARS + "color: categorie\ncolors: {A: '#a0522d', F: gris}\n",  # an editor's own colours
        "mark: {type: bar, color: '#d9661f'}\nx: valeur\ny: categorie\nlabels: {position: inside}\n",
    ],
)
def test_every_label_inside_a_bar_reads_on_it_in_the_drawn_chart(six, yaml):
    from datacharts_engine.colours import contrast
    from datacharts_engine.marks import MIN_TEXT_CONTRAST, inside_colour
    from datacharts_engine.settings import DEFAULTS

    from .marks_helpers import inside_labels

    found = inside_labels(svg_of(build(six, yaml, "six")))
    assert sorted(text for text, _, _ in found) == ["30", "40", "50", "60", "70", "80"]
    assert len({fill for _, _, fill in found}) > 1 or "mark: {" in yaml
    for text, colour, fill in found:
        assert contrast(colour, fill) >= MIN_TEXT_CONTRAST, (text, colour, fill)
        assert colour == inside_colour(fill, DEFAULTS), (text, colour, fill)  # its own bar's, not a neighbour's


def test_every_label_of_a_stack_reads_on_its_segment(data):  # noqa: F811
    from datacharts_engine.colours import contrast
    from datacharts_engine.marks import MIN_TEXT_CONTRAST

    from .marks_helpers import inside_labels

    found = inside_labels(svg_of(build(data, "mark: bar\nx: usage\ny: part\ncolor: annee:N\nlabels: true\n")))
    assert sorted(text for text, _, _ in found) == ["22\u202f%", "36\u202f%", "43\u202f%", "62\u202f%"]
    assert {fill for _, _, fill in found} == {"#1f5f99", "#d9661f"}
    for text, colour, fill in found:
        assert contrast(colour, fill) >= MIN_TEXT_CONTRAST, (text, colour, fill)


def test_labels_inside_a_pie_s_slices_take_each_slice_s_label_colour(data):  # noqa: F811
    yaml = "mark: arc\ntheta: part\ncolor: usage\nfilter: {annee: 2016}\nlabels: {position: inside}\n"
    built = build(data, yaml)
    colour = label_layer(built.spec)["encoding"]["color"]
    assert colour["field"] == "usage" and colour["scale"]["range"][:2] == [INSIDE_COLOUR, "#000000"]
    fills = {t: f for f, t in re.findall(r'<text[^>]*fill="([^"]+)"[^>]*>([^<]*%)</text>', svg_of(built))}
    # Outils collaboratifs (43 %) on the palette's blue, Réseaux sociaux (62 %) on its orange.
    assert fills == {"43\u202f%": INSIDE_COLOUR, "62\u202f%": "#000000"}


@pytest.mark.parametrize(
    "x, title, label",
    [
        ("part", "Part des associations (%)", "Part des associations: 62\u202f%"),  # the descriptor's, and its unit
        ("{field: part, title: Part}", "Part", "Part: 62"),  # replaced whole: no unit in the title nor the label
        ("{field: part, title: Part (%)}", "Part (%)", "Part: 62\u202f%"),  # the unit kept in parentheses
    ],
)
def test_an_axis_title_of_one_s_own_replaces_the_automatic_one_unit_included(data, x, title, label):  # noqa: F811
    svg = svg_of(build(data, f"mark: bar\nx: {x}\ny: usage\nfilter: {{annee: 2016}}\nlabels: true\n"))
    assert title in texts(svg)  # the axis title, as drawn
    assert mark_labels(svg)[0].startswith(f"{label};")  # what tooltips and screen readers read
    assert "62\u202f%" in texts(svg)  # the value written on the bar keeps the descriptor's unit


def test_labels_of_lines_ending_close_together_are_moved_apart(data):  # noqa: F811
    """The editor's trial: three series ending at 43, 44 and 45 % wrote their
    labels one over the other; each now stands a label's height from the next."""
    (data / "usages.csv").write_text(
        "usage,annee,part\nA,2013,30\nA,2016,45\nB,2013,20\nB,2016,43\nC,2013,10\nC,2016,44\n", encoding="utf-8"
    )
    built = build(data, "mark: line\nx: annee:O\ny: part\ncolor: usage\nlabels: true\n")
    labelled = [d for d in decorations(built.spec) if d["mark"]["type"] == "text"]
    assert len(labelled) == 3 and len({d["mark"]["dy"] for d in labelled}) == 3
    svg = svg_of(built)
    heights = sorted(
        float(y)
        for y, text in re.findall(
            r'<text[^>]*transform="translate\([\d.]+,([\d.]+)\)"[^>]*>(4[345]\u202f%)</text>', svg
        )
    )
    assert len(heights) == 3
    assert all(b - a >= 11 for a, b in itertools.pairwise(heights))  # a label's height apart
    # Far apart, the ends keep their own place: one layer, no shift.
    (data / "usages.csv").write_text("usage,annee,part\nA,2013,30\nA,2016,80\nB,2013,20\nB,2016,20\n", encoding="utf-8")
    far = build(data, "mark: line\nx: annee:O\ny: part\ncolor: usage\nlabels: true\n")
    assert len([d for d in decorations(far.spec) if d["mark"]["type"] == "text"]) == 1


def test_a_sort_by_value_survives_colours_and_labels(tmp_path):
    """The editor's trial: sort: y with color:, colors: and labels: came out in
    alphabetical order (Vega-Lite drops a sort by a sum when it merges layers
    whose colour scale has a domain of its own)."""
    from datacharts_engine.build_chart import build_chart
    from datacharts_engine.datasets import load_dataset
    from datacharts_engine.settings import DEFAULTS

    from .marks_helpers import block_of

    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "r.csv").write_text("region,budget\nBretagne,24\nNormandie,15\nOccitanie,36\nGrand Est,23\n")
    (folder / "r.resource.yaml").write_text(
        "title: R\nschema:\n  fields:\n    - {name: region, type: string}\n    - {name: budget, type: integer}\n"
    )
    yaml = (
        "mark: bar\nx: {field: region, sort: y}\ny: budget\ncolor: region:N\n"
        "colors: {Occitanie: accent, Bretagne: gris, Normandie: gris, Grand Est: gris}\nlabels: true\n"
    )
    built = build_chart(block_of(yaml, "r"), load_dataset("r", folder), DEFAULTS)
    names = [t for t in texts(svg_of(built)) if t in ("Bretagne", "Normandie", "Occitanie", "Grand Est")]
    assert names[:4] == ["Normandie", "Grand Est", "Bretagne", "Occitanie"]  # the axis, by budget


# -- inside where the bar holds the label, in each drawing ------------------------

REGIONS = {"Auvergne-Rhône-Alpes": 120000, "Bretagne": 45000, "Centre-Val de Loire": 30000, "Corse": 2000,
           "Grand Est": 80000, "Hauts-de-France": 90000, "Île-de-France": 250000, "Normandie": 40000,
           "Nouvelle-Aquitaine": 110000, "Occitanie": 100000, "Pays de la Loire": 60000, "PACA": 95000}  # fmt: skip


def drawn_labels(svg: str) -> list[tuple[str, float, float, float, str, tuple | None, float, float]]:
    """Each value label: (text, its left and right ends as estimated from
    its length, its y, its fill, the bar whose rectangle holds its anchor,
    its top and bottom). A label turned on its side (rotate(-90), reading
    upwards) is a line's height wide and its length tall."""
    from datacharts_engine.marks import CHAR_WIDTH

    bars = []
    for tag in re.findall(r'<path[^>]*role="graphics-symbol"[^>]*>', svg):
        x, y, w, h = map(float, re.search(r'd="M([-\d.e]+),([-\d.e]+)h([-\d.e]+)v([-\d.e]+)h', tag).groups())
        bars.append((min(x, x + w), min(y, y + h), max(x, x + w), max(y, y + h)))
    found = []
    for attributes, text in re.findall(r"<text\b([^>]*)>([^<]*)</text>", svg):
        if f'font-size="{LABEL_SIZE}px"' not in attributes or "€" not in text:
            continue
        x, y = map(float, re.search(r"translate\(([-\d.e]+),([-\d.e]+)\)", attributes).groups())
        anchor = (re.search(r'text-anchor="(\w+)"', attributes) or [None, "start"])[1]
        wide = len(text) * CHAR_WIDTH
        start = {"end": -wide, "middle": -wide / 2}.get(anchor, 0.0)  # where the text starts, from its anchor
        turned = re.search(r"rotate\(-90\) translate\(([-\d.e]+),([-\d.e]+)\)", attributes)
        if turned:  # its offset along the text (upwards) first, then across it
            along, across = map(float, turned.groups())
            x, y = x + across, y - along
            left, right, top, bottom = x - LABEL_SIZE / 2, x + LABEL_SIZE / 2, y - start - wide, y - start
        else:
            left, right, top, bottom = x + start, x + start + wide, y - 0.75 * LABEL_SIZE, y  # a digit's height
        under = [b for b in bars if b[0] <= x <= b[2] and b[1] <= y <= b[3]]
        fill = re.search(r'fill="([^"]+)"', attributes)[1]
        found.append((text, left, right, y, fill, under[-1] if under else None, top, bottom))
    return found


@pytest.mark.parametrize(
    "axes", ["x: region\ny: {field: montant, format: milliers}", "y: region\nx: {field: montant, format: milliers}"]
)
def test_labels_inside_stay_inside_their_bar_in_each_drawing_or_go_beside_it(data, axes):  # noqa: F811
    """On a phone, bars are thinner and shorter: a label inside that its bar
    cannot hold goes beside (or above) it, in the text colour, in that
    drawing only; a label inside a bar lies within it whole."""
    from datacharts_engine.layout import narrow_spec
    from datacharts_engine.produce import static_spec
    from datacharts_engine.render import render_svg
    from datacharts_engine.settings import DEFAULTS

    (data / "regions.csv").write_text("region,montant\n" + "".join(f"{k},{v}\n" for k, v in REGIONS.items()))
    (data / "regions.resource.yaml").write_text(
        "schema:\n  fields:\n    - {name: region, type: string}\n    - {name: montant, type: integer, unit: '€'}\n"
    )
    spec = static_spec(build(data, f"mark: bar\n{axes}\nlabels: {{position: inside}}\n", "regions").spec)
    outside = {}
    for name, drawing in (("wide", spec), ("phone", narrow_spec(spec, DEFAULTS))):
        found = drawn_labels(render_svg(drawing, DEFAULTS))
        assert sorted(t for t, *_ in found) == sorted(f"{round(v / 1000)}\u00a0k€" for v in REGIONS.values()), name
        for text, left, right, _, fill, bar, top, bottom in found:
            if fill == TEXT_COLOUR:
                continue  # beside or above its bar, on the background
            assert bar is not None, (name, text)
            assert bar[0] - 1 <= left and right <= bar[2] + 1, (name, text, left, right, bar)
            assert bar[1] - 1 <= top and bottom <= bar[3] + 1, (name, text, top, bottom, bar)
        outside[name] = {t for t, _, _, _, fill, *_ in found if fill == TEXT_COLOUR}
    assert "2\u00a0k€" in outside["wide"]  # Corse's bar is a sliver on any screen
    assert outside["wide"] < outside["phone"]  # the phone's smaller bars hold fewer labels


def test_a_note_beside_a_short_bar_stands_past_its_label_moved_out(data):  # noqa: F811
    from datacharts_engine.layout import narrow_spec
    from datacharts_engine.produce import static_spec
    from datacharts_engine.render import render_svg
    from datacharts_engine.settings import DEFAULTS

    (data / "regions.csv").write_text("region,montant\n" + "".join(f"{k},{v}\n" for k, v in REGIONS.items()))
    (data / "regions.resource.yaml").write_text(
        "schema:\n  fields:\n    - {name: region, type: string}\n    - {name: montant, type: integer, unit: '€'}\n"
    )
    yaml = (
        "mark: bar\ny: region\nx: {field: montant, format: milliers}\nlabels: {position: inside}\n"
        "annotations: [{where: {region: Bretagne}, text: Une note}]\n"
    )
    phone = render_svg(narrow_spec(static_spec(build(data, yaml, "regions").spec), DEFAULTS), DEFAULTS)
    (label,) = [found for found in drawn_labels(phone) if found[0] == "45\u00a0k€"]
    assert label[4] == TEXT_COLOUR  # moved out of Bretagne's short bar, on the phone
    note = re.search(r"<text\b[^>]*translate\(([-\d.e]+),[^>]*>Une note</text>", phone)
    assert float(note[1]) >= label[2] + 4  # the note starts past the label, not over it


# -- columns narrower than their labels ------------------------------------------

AMOUNTS = {"Alpha": 100000, "Bravo": 95000, "Charlie": 98000, "Delta": 96000,
           "Echo": 99000, "Foxtrot": 97000, "Golf": 100000, "Hotel": 95000}  # fmt: skip


@pytest.mark.parametrize(
    "yaml",
    [
        "y: montant\nlabels: true",  # « 100 000 € », above each column
        "y: {field: montant, format: milliers}\nlabels: true",  # « 100 k€ »: still wider than a phone's column
        "y: montant\nlabels: {position: inside}",
        "y: montant\nxOffset: groupe\nlabels: true",  # two columns a place
    ],
)
def test_labels_of_columns_narrower_than_them_stand_on_their_side_and_never_touch(data, yaml):  # noqa: F811
    """The editor's trial: eight columns of about 100 000 € wrote « 100 k€95 k€ »
    on a phone, each label running into its neighbour's. Where a drawing's
    columns are narrower than their labels, every label stands on its side
    (inside the column when it holds it), all of them written, none touching
    another, the tallest column's inside the plot; where they are wide enough
    (the desktop's drawing), they lie flat as before."""
    from datacharts_engine.layout import narrow_spec
    from datacharts_engine.produce import static_spec
    from datacharts_engine.render import render_svg
    from datacharts_engine.settings import DEFAULTS

    # With xOffset: four places of two columns (Alpha and Bravo at the first, and so on).
    grouped = "xOffset" in yaml
    rows = "".join(
        f"{'ABCD'[i // 2] if grouped else k},{v},{'AB'[i % 2]}\n" for i, (k, v) in enumerate(AMOUNTS.items())
    )
    (data / "cols.csv").write_text("poste,montant,groupe\n" + rows)
    (data / "cols.resource.yaml").write_text(
        "schema:\n  fields:\n    - {name: poste, type: string}\n    - {name: montant, type: integer, unit: '€'}\n"
        "    - {name: groupe, type: string}\n"
    )
    spec = static_spec(build(data, f"mark: bar\nx: poste\n{yaml}\n", "cols").spec)
    for name, drawing in (("wide", spec), ("phone", narrow_spec(spec, DEFAULTS))):
        svg = render_svg(drawing, DEFAULTS)
        found = drawn_labels(svg)
        assert len(found) == len(AMOUNTS), (name, [t for t, *_ in found])  # every value written
        for i, (text, left, right, _, _, _, top, bottom) in enumerate(found):
            for other, a, b, _, _, _, c, d in found[i + 1 :]:
                apart = right + 2 <= a or b + 2 <= left or bottom + 2 <= c or d + 2 <= top
                assert apart, (name, text, other, (left, right, top, bottom), (a, b, c, d))
        if name == "phone":  # inside the plot, under what stands above it
            assert all(top >= 0 for *_, top, _ in found), (name, found)
        written = re.findall(r"<text\b([^>]*)>([^<]*€)</text>", svg)
        turned = {"rotate(-90)" in a for a, t in written if f"{LABEL_SIZE}px" in a}
        assert turned == {name == "phone"}, name  # all alike in a drawing: on their side on the phone only


@pytest.mark.parametrize(
    "yaml", ["x: montant\nlabels: true", "x: {field: montant, format: millions}\nlabels: {format: millions}"]
)
def test_the_label_past_the_longest_bar_ends_inside_the_plot_in_each_drawing(data, yaml):  # noqa: F811
    """The editors' trial: « 62,4 % » past the longest bar lost its last
    character at the chart's right edge. The value axis goes on far enough
    for every label to end inside the plot, even written in a font a fifth
    wider than the one measured with, on a phone as on a wide screen."""
    from datacharts_engine.layout import narrow_spec
    from datacharts_engine.marks import WIDER_FONT
    from datacharts_engine.produce import static_spec
    from datacharts_engine.render import render_svg
    from datacharts_engine.settings import DEFAULTS

    (data / "regions.csv").write_text("region,montant\n" + "".join(f"{k},{v * 16}\n" for k, v in REGIONS.items()))
    (data / "regions.resource.yaml").write_text(
        "schema:\n  fields:\n    - {name: region, type: string}\n    - {name: montant, type: integer, unit: '€'}\n"
    )
    spec = static_spec(build(data, f"mark: bar\ny: region\n{yaml}\n", "regions").spec)
    for name, drawing in (("wide", spec), ("phone", narrow_spec(spec, DEFAULTS))):
        svg = render_svg(drawing, DEFAULTS)
        plot = float(re.search(r'<path class="background" aria-hidden="true" d="M0,0h([\d.]+)v', svg)[1])
        found = drawn_labels(svg)
        assert len(found) == len(REGIONS), name
        for text, left, right, *_ in found:
            assert left + (right - left) * WIDER_FONT <= plot, (name, text, left, right, plot)


def test_the_end_of_a_value_axis_made_longer_for_labels_keeps_its_last_tick_label_inside(data):  # noqa: F811
    """The axis's end moves with the width the drawing is fitted to: the last
    tick's label is written flush with it (a reader's review: « 8 00 » cut on
    a phone), unless the editor chose otherwise."""
    (data / "panel.csv").write_text("profil,effectif\nDirigeants,2700\nBénévoles,6700\n")
    spec = build(data, "mark: bar\ny: profil\nx: {field: effectif, axis: {format: ',d'}}\nlabels: true", "panel").spec
    axes = {json_dumps(layer["encoding"]["x"].get("axis")) for layer in layers(spec) if "x" in layer["encoding"]}
    assert len(axes) == 1
    axis = layers(spec)[0]["encoding"]["x"]["axis"]
    assert axis["format"] == ",d" and axis["labelFlush"] > 20  # pixels: the room the labels need
    mine = "mark: bar\ny: profil\nx: {field: effectif, axis: {labelFlush: false}}\nlabels: true"
    assert layers(build(data, mine, "panel").spec)[0]["encoding"]["x"]["axis"]["labelFlush"] is False


def json_dumps(value) -> str:
    import json

    return json.dumps(value, sort_keys=True)


# -- a pie's labels on their own slices ----------------------------------------

CHANNELS_CSV = "canal,montant\nChèque,3150661.7\nEn ligne,3644128.05\nEspèces,3571913.69\nVirement,900000\n"


def _clockwise(x: float, y: float) -> float:
    """The angle of a point from the pie's centre, clockwise from the top, in degrees."""
    return math.degrees(math.atan2(x, -y)) % 360


def slices_of(svg: str) -> dict[str, tuple[float, float]]:
    """Each slice's category -> (its first angle, its extent), clockwise from the top."""
    found = {}
    for label, d in re.findall(r'<path aria-label="[^"]*Canal: ([^";]+)"[^>]*d="([^"]+)"', svg):
        x0, y0, sweep, x1, y1 = re.match(
            r"M([-\d.e]+),([-\d.e]+)A[-\d.e]+,[-\d.e]+,0,[01],([01]),([-\d.e]+),([-\d.e]+)", d
        ).groups()
        start, end = _clockwise(float(x0), float(y0)), _clockwise(float(x1), float(y1))
        if sweep == "0":  # drawn anticlockwise from start to end: clockwise from end to start
            start, end = end, start
        found[label] = (start, (end - start) % 360)
    return found


@pytest.mark.parametrize("colors", ["", "colors: {En ligne: accent, Chèque: gris, Espèces: orange}\n"])
@pytest.mark.parametrize("position", ["outside", "inside"])
def test_each_slice_of_a_pie_carries_its_own_value(data, colors, position):  # noqa: F811
    """The editor's trial: with colors:, the Chèque slice read « 3,6 M€ », its
    neighbour's value: the pie and its labels stacked their slices in two orders."""
    from datacharts_engine.frenchnum import format_as

    (data / "canaux.csv").write_text(CHANNELS_CSV, encoding="utf-8")
    (data / "canaux.resource.yaml").write_text(
        "schema:\n  fields:\n    - {name: canal, type: string, title: Canal}\n"
        "    - {name: montant, type: number, unit: '€'}\n",
        encoding="utf-8",
    )
    yaml = f"mark: arc\ntheta: montant\ncolor: canal\n{colors}labels: {{format: millions, position: {position}}}\n"
    svg = svg_of(build(data, yaml, "canaux"))
    slices = slices_of(svg)
    centre = re.search(r'<path aria-label="[^"]*Canal[^>]*transform="translate\(([-\d.e]+),([-\d.e]+)\)"', svg)
    cx, cy = float(centre[1]), float(centre[2])
    values = dict(line.split(",") for line in CHANNELS_CSV.splitlines()[1:])
    written = re.findall(r"<text[^>]*translate\(([-\d.e]+),([-\d.e]+)\)[^>]*>([^<]*M€)</text>", svg)
    assert len(written) == len(values)
    for x, y, text in written:
        angle = _clockwise(float(x) - cx, float(y) - cy)
        (under,) = [name for name, (start, extent) in slices.items() if (angle - start) % 360 <= extent]
        assert text == format_as(float(values[under]), "millions", "€"), (under, text)


def test_a_normalized_stack_is_drawn_and_labelled_in_shares_of_its_bar(data):  # noqa: F811
    """The editor's trial: with stack: normalize, the labels' layer stacked the
    sums (« 0 % … 200000000 % », no bar to see) and wrote euros."""
    (data / "dons.csv").write_text(
        "region,canal,montant\nBretagne,Chèque,300\nBretagne,En ligne,100\nCorse,Chèque,50\nCorse,En ligne,150\n",
        encoding="utf-8",
    )
    (data / "dons.resource.yaml").write_text(
        "schema:\n  fields:\n    - {name: region, type: string}\n    - {name: canal, type: string}\n"
        "    - {name: montant, type: integer, title: Montant, unit: '€'}\n",
        encoding="utf-8",
    )
    yaml = "mark: bar\ny: region\nx: {field: montant, stack: normalize}\ncolor: canal\nlabels: true\n"
    svg = svg_of(build(data, yaml, "dons"))
    written = texts(svg)
    assert "100\u202f%" in written and not [t for t in written if re.fullmatch(r"\d{4,}\u202f%", t)]  # 0–100 %
    labels = re.findall(rf'<text[^>]*font-size="{LABEL_SIZE}px"[^>]*>([^<]*)</text>', svg)
    assert sorted(labels) == ["25\u202f%", "25\u202f%", "75\u202f%", "75\u202f%"]
    assert "Montant : part du total (%)" in written
    assert "Montant: 75\u202f%; region: Bretagne; canal: Chèque" in mark_labels(svg)  # the tooltip: its share
