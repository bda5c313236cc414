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
    assert built.spec["encoding"]["detail"]["field"] == "region"
    svg = render_svg(built.spec, DEFAULTS)
    lines = re.findall(r'<path[^>]*aria-roledescription="line mark"[^>]*stroke="(#[0-9a-f]{6})"', svg)
    assert sorted(lines) == sorted([DEFAULTS["palette"]["bleu"], DEFAULTS["gris"], DEFAULTS["gris"]])
