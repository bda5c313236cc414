"""highlight: the chosen marks in the accent colour, every other in grey, every row drawn."""

from __future__ import annotations

import re

import pytest
from datacharts_engine.blocks import parse_block
from datacharts_engine.build_chart import build_chart
from datacharts_engine.datasets import load_dataset
from datacharts_engine.errors import EditorError
from datacharts_engine.render import render_svg
from datacharts_engine.settings import DEFAULTS

from .test_readable import REGIONS, data  # noqa: F401 - the fixture

ACCENT = DEFAULTS["vega_config"]["range"]["category"][0]


def chart(data, yaml: str):  # noqa: F811 - the fixture's name
    block = parse_block(
        f"dataset: regions\ntitle: T\ndescription: D\nmark: bar\nx: part\ny: region\n{yaml}", "a.md", 10
    )
    return build_chart(block, load_dataset("regions", data), DEFAULTS)


@pytest.mark.parametrize(
    "highlight, chosen",
    [
        ("{region: Région 3}", {"Région 3"}),
        ("{region: [Région 3, Région 7]}", {"Région 3", "Région 7"}),
        ("{part: 12}", {"Région 2"}),
        ("{groupe: 1, region: [Région 3, Région 4]}", {"Région 3"}),
    ],
)
def test_the_chosen_marks_are_in_the_accent_colour_and_every_row_is_drawn(data, highlight, chosen):  # noqa: F811
    built = chart(data, f"highlight: {highlight}\n")
    assert len(built.data) == len(REGIONS)  # no row hidden
    svg = render_svg(built.spec, DEFAULTS)
    coloured = {}
    for tag in re.findall(r"<path[^>]*role=\"graphics-symbol\"[^>]*>", svg):
        label = re.search(r'aria-label="([^"]*)"', tag).group(1)
        region = re.search(r"region: ([^;\"]+)", label).group(1).strip()
        coloured[region] = re.search(r'fill="([^"]+)"', tag).group(1)
    assert len(coloured) == len(REGIONS)
    assert {r for r, fill in coloured.items() if fill == ACCENT} == chosen
    assert {fill for r, fill in coloured.items() if r not in chosen} == {DEFAULTS["gris"]}
    assert "legend" not in str(built.spec.get("encoding", {}).get("color", {}))


@pytest.mark.parametrize(
    "yaml, hint",
    [
        ("highlight: {regoin: Région 3}\n", "colonne « regoin » inconnue"),
        ("highlight: {region: Bretagne}\n", "« Bretagne » n'est pas une valeur de la colonne « region » ; valeurs : "),
        ("highlight: {part: beaucoup}\n", "n'est pas un nombre"),
        ("highlight: Région 3\n", "par exemple highlight: {region: Bretagne}"),
        ("highlight: {region: Région 3}\ncolor: groupe\n", "retirez color:"),
    ],
)
def test_a_highlight_that_cannot_be_drawn_is_refused_at_its_line(data, yaml, hint):  # noqa: F811
    with pytest.raises(EditorError) as caught:
        chart(data, yaml)
    assert hint in caught.value.message
    assert caught.value.line == 17  # the highlight: line (the fence is line 10)


def test_the_grey_of_the_other_marks_is_legible_on_both_backgrounds(data):  # noqa: F811
    """WCAG 1.4.11: the marks a reader compares with reach 3:1 on the light and
    the dark page; the grey is the one an editor names « gris »."""
    from datacharts_engine.colours import MIN_CONTRAST, contrast

    grey = chart(data, "highlight: {region: Région 3}\n").spec["encoding"]["color"]["value"]
    assert grey == DEFAULTS["gris"]
    for background in DEFAULTS["backgrounds"]:
        assert contrast(grey, background) >= MIN_CONTRAST, background


def test_a_highlight_on_lines_keeps_one_line_per_series(tmp_path):
    """The editor's trial: highlight: {region: Bretagne} on a line chart drew
    one zig-zag through every point (the colour grouped the lines, and the
    highlight had replaced it)."""
    import re

    from datacharts_engine.build_chart import build_chart
    from datacharts_engine.datasets import load_dataset
    from datacharts_engine.render import render_svg
    from datacharts_engine.settings import DEFAULTS

    from .marks_helpers import block_of

    folder = tmp_path / "data"
    folder.mkdir()
    rows = "".join(f"{r},{y},{v}\n" for r, a, b in (("Bretagne", 31, 38), ("Normandie", 27, 33), ("Grand Est", 30, 35))
                   for y, v in ((2013, a), (2016, b)))  # fmt: skip
    (folder / "r.csv").write_text("region,annee,part\n" + rows)
    (folder / "r.resource.yaml").write_text(
        "title: R\nschema:\n  fields:\n    - {name: region, type: string}\n"
        "    - {name: annee, type: integer}\n    - {name: part, type: number}\n"
    )
    yaml = "mark: line\nx: annee:O\ny: part\nhighlight: {region: Bretagne}\n"
    built = build_chart(block_of(yaml, "r"), load_dataset("r", folder), DEFAULTS)
    assert built.spec["layer"][0]["encoding"]["detail"]["field"] == "region"
    svg = render_svg(built.spec, DEFAULTS)
    lines = re.findall(r'<path[^>]*aria-roledescription="line mark"[^>]*stroke="(#[0-9a-f]{6})"', svg)
    assert sorted(lines) == sorted([DEFAULTS["palette"]["bleu"], DEFAULTS["gris"], DEFAULTS["gris"]])


LINE_REGIONS = (("Bretagne", 31, 38), ("Normandie", 27, 33), ("Auvergne-Rhône-Alpes", 30, 37))


@pytest.fixture
def regions(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    rows = "".join(f"{r},{y},{v}\n" for r, a, b in LINE_REGIONS for y, v in ((2013, a), (2016, b)))
    (folder / "r.csv").write_text("region,annee,part\n" + rows)
    (folder / "r.resource.yaml").write_text(
        "title: R\nschema:\n  fields:\n    - {name: region, type: string}\n"
        "    - {name: annee, type: integer}\n    - {name: part, type: number, unit: '%'}\n"
    )
    return folder


def _end_texts(regions, yaml: str, narrow: bool = False) -> tuple[list[str], str]:
    """The texts drawn over the lines (not the axes'), and the SVG."""
    from datacharts_engine.layout import narrow_spec

    from .marks_helpers import build, svg_of, texts

    built = build(regions, yaml, "r")
    if narrow:
        built.spec = narrow_spec(built.spec, DEFAULTS)
    svg = svg_of(built)
    marks = re.findall(r'<g class="mark-text role-mark[^"]*"[^>]*>(.*?)</g>', svg, re.S)
    return [t for group in marks for t in texts(group)], svg


def test_the_highlighted_line_is_named_at_its_end(regions):
    """The editor's trial: with the others grey and no legend, neither line
    said which region it was. The chosen one is named at its last point."""
    names, svg = _end_texts(regions, "mark: line\nx: annee:O\ny: part\nhighlight: {region: Bretagne}\n")
    assert names == ["Bretagne"]
    points = re.findall(r'<path[^>]*aria-label="[^"]*Bretagne[^"]*"[^>]*>', svg)
    last = max(_left_of(svg, tag) for tag in points)
    assert _left_of(svg, ">Bretagne<") > last  # right of its last point


def test_with_labels_the_name_comes_before_the_value(regions):
    yaml = "mark: line\nx: annee:O\ny: part\nhighlight: {region: [Bretagne, Auvergne-Rhône-Alpes]}\nlabels: true\n"
    names, _ = _end_texts(regions, yaml)
    assert sorted(names) == ["33\u202f%", "Auvergne-Rhône-Alpes 37\u202f%", "Bretagne 38\u202f%"]


def test_a_d3_label_format_writes_the_line_ends_only(regions):
    """A d3 format is Vega's to write: at each line's end, as French formats are, not at every point."""
    yaml = "mark: line\nx: annee:O\ny: part\nhighlight: {region: Bretagne}\nlabels: {format: '.1f'}\n"
    names, _ = _end_texts(regions, yaml)
    assert sorted(names) == ["33,0\u202f%", "37,0\u202f%", "Bretagne 38,0\u202f%"]
    names, _ = _end_texts(regions, "mark: line\nx: annee:O\ny: part\ncolor: region\nlabels: {format: '.1f'}\n")
    assert sorted(names) == ["33,0\u202f%", "37,0\u202f%", "38,0\u202f%"]


@pytest.mark.parametrize("x", ["annee:O", "annee"])
def test_the_names_stay_inside_the_phone_s_drawing(regions, x):
    """Vega fits the axes, not the texts, to the width: the longest name
    was cut on a phone (« Auvergne-Rhône-Alpes 3 »). The drawing keeps room
    for it, as measured in the charts' font; on the phone, the name and the
    value are on two lines (on one, the label took the plot's whole width)."""
    from datacharts_engine.marks import LABEL_SIZE, text_width

    yaml = f"mark: line\nx: {x}\ny: part\nhighlight: {{region: Auvergne-Rhône-Alpes}}\nlabels: true\n"
    for narrow in (False, True):
        _, svg = _end_texts(regions, yaml, narrow)
        width = float(re.search(r'<svg[^>]*width="([\d.]+)"', svg).group(1))
        lines = ["Auvergne-Rhône-Alpes", "37\u202f%"] if narrow else ["Auvergne-Rhône-Alpes 37\u202f%"]
        text = re.search(r"<text\b[^>]*>(?:<tspan[^>]*>)?Auvergne-Rhône-Alpes.*?</text>", svg)[0]
        assert [t.strip() for t in re.findall(r"<tspan[^>]*>([^<]*)</tspan>", text)] == (lines if narrow else [])
        left = _left_of(svg, text[: text.index(">") + 1])
        assert left + max(text_width(line, LABEL_SIZE) for line in lines) <= width, (narrow, width)


def _left_of(svg: str, found: str) -> float:
    """Where the element holding ``found`` (its tag, or its text) starts in
    the drawing: its own translation and its open groups'."""
    at = svg.rindex("<", 0, svg.index(found) + 1)  # the element's tag
    stack = []
    for tag in re.findall(r"<g\b[^>]*>|</g>", svg[:at]):
        if tag == "</g>":
            stack.pop()
        else:
            moved = re.search(r'transform="translate\(([-\d.]+),', tag)
            stack.append(float(moved.group(1)) if moved else 0.0)
    own = re.match(r'<\w+\b[^>]*?transform="translate\(([-\d.]+),', svg[at:])
    return sum(stack) + (float(own.group(1)) if own else 0.0)


@pytest.mark.parametrize("x", ["annee", "{field: annee, type: quantitative}"])
def test_the_names_leave_the_phone_s_plot_most_of_its_width(regions, x):
    """The editor's trial: room for « Réseaux sociaux 62 % » counted twice (by
    Vega's fit and by our padding) left a 50 px plot on a phone. (On a
    category axis, Vega's one pass of fit moves the last point by a part of
    what it shrinks: the whole room is still ours to give, marks._end_room.)"""
    yaml = f"mark: line\nx: {x}\ny: part\nhighlight: {{region: Auvergne-Rhône-Alpes}}\nlabels: true\n"
    _, svg = _end_texts(regions, yaml, True)
    width = float(re.search(r'<svg[^>]*width="([\d.]+)"', svg).group(1))
    points = re.findall(r'<path aria-label="[^"]*Auvergne[^"]*"[^>]*>', svg)
    spread = max(_left_of(svg, tag) for tag in points) - min(_left_of(svg, tag) for tag in points)
    assert spread >= 0.3 * width, (spread, width)  # the plot, beside a 160 px name


def test_a_highlight_by_a_column_not_plotted_stays_out_of_the_words_and_the_download(tmp_path):
    """The editor's trial: highlight: {theme: evaluation} on bars named by
    their subject wrote « Suivi et évaluation, evaluation : 57 % » in the
    description and gave the table a column of codes."""
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "s.csv").write_text(
        "theme,sujet,part\nevaluation,Suivi et évaluation,57\nformation,Formation en ligne,49\n", encoding="utf-8"
    )
    yaml = "mark: bar\nx: part\ny: sujet\nhighlight: {theme: evaluation}\n"
    block = parse_block(f"dataset: s\ntitle: T\ndescription: auto\n{yaml}", "a.md", 1)
    built = build_chart(block, load_dataset("s", folder), DEFAULTS)
    assert "evaluation" not in built.description and "Suivi et évaluation : 57" in built.description
    assert list(built.data.columns) == ["part", "sujet"]
    fills = re.findall(r'<path[^>]*aria-label="[^"]*"[^>]*fill="(#[0-9a-f]{6})"', render_svg(built.spec, DEFAULTS))
    assert sorted(fills) == sorted([DEFAULTS["palette"]["bleu"], DEFAULTS["gris"]])  # still chosen by its code
