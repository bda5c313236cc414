"""A chart is drawn without label limits when none of its labels reaches one
(render._unlimited, render._labels_fit): Vega measures a limited label twice
more, with a font file vl-convert opens for every glyph. The drawing must be
byte for byte the one of the spec as written, whether the labels are cut or not."""

from __future__ import annotations

import pytest
from datacharts_engine import fonts, render
from datacharts_engine.settings import read_settings

SETTINGS = read_settings({})
WORDS = "Associations du secteur sanitaire et social, médico-social et de la santé en région".split()


def _bars(label: str, **axis) -> dict:
    return {
        "config": SETTINGS["vega_config"],
        "data": {"values": [{"c": label, "v": 3}, {"c": "Sport", "v": 5}]},
        "mark": "bar",
        "encoding": {
            "y": {"field": "c", "type": "nominal", "axis": axis} if axis else {"field": "c", "type": "nominal"},
            "x": {"field": "v", "type": "quantitative"},
        },
    }


@pytest.fixture
def drawn(monkeypatch):
    """The specs vl-convert draws, in order."""
    specs = []
    original = render._draw

    def draw(spec, settings):
        specs.append(spec)
        return original(spec, settings)

    monkeypatch.setattr(render, "_draw", draw)
    return specs


def test_labels_within_their_limits_are_drawn_once_without_them(drawn):
    spec = _bars("Culture")
    svg = render.render_svg(spec, SETTINGS)
    assert len(drawn) == 1
    assert drawn[0]["config"]["axis"]["labelLimit"] == 0 and drawn[0]["config"]["legend"]["labelLimit"] == 0
    assert "labelLimit" not in spec["config"]["axis"]  # the spec itself is left as written
    assert svg == _as_written(spec)


def _as_written(spec: dict) -> str:
    svg = render._draw(spec, SETTINGS)
    return svg.replace(f'stroke="{render.HALO_COLOUR}"', f'stroke="{render.HALO_COLOUR}" paint-order="stroke"')


@pytest.mark.parametrize("length", [*range(16, 34), 50, 84])
def test_the_drawing_is_the_spec_s_around_vega_s_limit(length, drawn):
    """Labels of 16 to 84 characters, around Vega's 180 px: cut or not,
    the same drawing as the spec as written; one drawing when none is cut."""
    label = " ".join(WORDS)[:length].strip()
    spec = _bars(label)
    svg = render.render_svg(spec, SETTINGS)
    assert svg == _as_written(spec)
    cut, limit = "…" in svg, render.VEGA_LIMITS["axis"]
    width = sum(fonts.advances()["400"][ord(c)] for c in label) * SETTINGS["vega_config"]["axis"]["labelFontSize"]
    if abs(width - limit) > 10:
        assert cut == (width > limit), (label, width)  # Vega's limit is where we think
    fast = width * render.MEASURE_SLACK < limit
    assert not (fast and cut)
    assert len(drawn) == (2 if fast else 3)  # drawn once (or again as written), then _as_written's


def test_a_limit_of_the_spec_is_kept(drawn):
    spec = _bars("Sanitaire et social", labelLimit=60)
    svg = render.render_svg(spec, SETTINGS)
    assert "…" in svg and svg == _as_written(spec)


def test_a_long_legend_label_is_cut_as_vega_cuts_it(drawn):
    spec = _bars(" ".join(WORDS))
    spec["encoding"]["color"] = {"field": "c", "type": "nominal"}
    spec["encoding"]["y"]["axis"] = {"labelLimit": 0}
    svg = render.render_svg(spec, SETTINGS)
    assert "…" in svg and svg == _as_written(spec)
    assert len(drawn) == 3  # drawn without limits, again as written, and _as_written's


def test_wrapped_lines_are_measured_one_by_one(drawn):
    """Our wrapped labels (layout.wrap_expression): each line within the limit."""
    from datacharts_engine.layout import wrap_expression

    spec = _bars(" ".join(WORDS[:8]), labelExpr=wrap_expression(20), labelLimit=200)
    svg = render.render_svg(spec, SETTINGS)
    assert "<tspan" in svg and "…" not in svg and svg == _as_written(spec)
    assert len(drawn) == 2


@pytest.mark.parametrize(
    "change",
    [
        lambda spec: spec["encoding"]["y"].update(axis={"labelLimit": {"expr": "width / 3"}}),
        lambda spec: spec["config"].update(style={"guide-label": {"limit": 50}}),
    ],
    ids=["an expression", "a style"],
)
def test_a_limit_it_cannot_read_is_left_to_vega(change, drawn):
    spec = _bars("Culture")
    spec["config"] = dict(spec["config"])
    change(spec)
    assert render._unlimited(spec) is None
    render.render_svg(spec, SETTINGS)
    assert drawn == [spec]


def test_the_advances_are_the_font_s():
    from fontTools.ttLib import TTFont

    font = TTFont(fonts.measured_directory() / "Roboto-Bold.ttf")
    cmap, metrics, em = font.getBestCmap(), font["hmtx"].metrics, font["head"].unitsPerEm
    table = fonts.advances()["700"]
    assert table[ord("W")] == metrics[cmap[ord("W")]][0] / em
    assert sorted(table) == sorted(cmap)
    regular = fonts.advances()["400"]
    assert sum(map(regular.get, map(ord, "Associations"))) < sum(map(table.get, map(ord, "Associations")))
