"""The charts' font: vl-convert measures labels with Roboto, subset, and a
build publishes that very subset (WOFF2) beside datacharts.css, which declares
it, so browsers draw what was measured (tests/browser/test_chart_font.py
checks the drawing itself in Chromium)."""

from __future__ import annotations

import io
import re

import pytest
from datacharts_engine import fonts
from datacharts_engine.render import render_svg
from datacharts_engine.settings import read_settings

from .test_output_files import build, small_site

LONG = "Sanitaire et social, médico-social"
SHORT = "Sport"


def _plot_left(label: str) -> float:
    spec = {
        # Roboto alone: the stack's next font, Liberation Sans, writes within 1 % of it.
        "config": {**read_settings({})["vega_config"], "font": fonts.FAMILY},
        "data": {"values": [{"c": label, "v": 3}]},
        "mark": "bar",
        "encoding": {
            "y": {"field": "c", "type": "nominal", "title": None, "axis": {"labelLimit": 0}},
            "x": {"field": "v", "type": "quantitative"},
        },
    }
    svg = render_svg(spec, read_settings({}))
    return float(re.search(r"translate\(([\d.]+),", svg).group(1))  # the plot's place: right of its labels


def _advance(label: str, size: float = 14) -> float:
    from fontTools.ttLib import TTFont

    font = TTFont(fonts.font_directory() / "Roboto-Regular.ttf")
    cmap, metrics = font.getBestCmap(), font["hmtx"]
    return sum(metrics[cmap[ord(c)]][0] for c in label) * size / font["head"].unitsPerEm


def test_the_default_stack_starts_with_the_font_served():
    assert read_settings({})["vega_config"]["font"].split(",")[0] == fonts.FAMILY


def test_labels_are_measured_with_roboto():
    """The room vl-convert gives a label is its width in Roboto: another font
    (Liberation Sans, or the fallback vl-convert uses for a font it lacks)
    would give another room."""
    room = _plot_left(LONG) - _plot_left(SHORT)
    assert abs(room - (_advance(LONG) - _advance(SHORT))) <= 1.5, room


def test_vl_convert_measures_with_the_subset_the_pages_load():
    """One subset, two containers: the TrueType files vl-convert is given and
    the WOFF2 files pages load have the same characters, glyphs, advances and
    kerning, so a width measured at build time is the width drawn."""
    from fontTools.ttLib import TTFont

    folder = fonts.measured_directory()
    served = fonts.web_fonts(None)
    assert sorted(path.name for path in folder.glob("*.ttf")) == sorted(fonts.WEBFONTS.values())
    for name, source in fonts.WEBFONTS.items():
        measured, drawn = TTFont(folder / source), TTFont(io.BytesIO(served[name]))
        assert measured.flavor is None and drawn.flavor == "woff2"
        assert measured["name"].getDebugName(1) == fonts.FAMILY
        assert measured.getBestCmap() == drawn.getBestCmap()
        assert measured["hmtx"].metrics == drawn["hmtx"].metrics
        assert "GPOS" in measured and measured["GPOS"].compile(measured) == drawn["GPOS"].compile(drawn)


def test_a_character_outside_the_subset_is_measured_in_another_font():
    """vl-convert is given the subset, not font-roboto's whole files: a
    Cyrillic label (outside RANGES, which the pages' Roboto lacks too) is
    measured in the stack's next font, as a browser draws it, not in Roboto."""
    label = "Ж" * 10
    room = _plot_left(label) - _plot_left(SHORT)
    assert abs(room - (_advance(label) - _advance(SHORT))) > 10, room


def test_the_subset_keeps_the_original_widths():
    """Subsetting drops characters, never changes one kept: every advance of
    the subset is font-roboto's own."""
    from fontTools.ttLib import TTFont

    for source in fonts.WEBFONTS.values():
        original = TTFont(fonts.font_directory() / source)
        subset = TTFont(fonts.measured_directory() / source)
        cmap, original_cmap = subset.getBestCmap(), original.getBestCmap()
        assert len(cmap) >= sum(last - first + 1 for first, last in fonts.RANGES)
        assert {c: subset["hmtx"][g][0] for c, g in cmap.items()} == {
            c: original["hmtx"][original_cmap[c]][0] for c in cmap
        }


def test_a_damaged_subset_is_made_again(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    folder = fonts.measured_directory()
    assert folder.is_relative_to(tmp_path)
    whole = (folder / "Roboto-Regular.ttf").read_bytes()
    (folder / "Roboto-Regular.ttf").write_bytes(whole[: len(whole) // 2])  # a disk that filled up
    assert fonts.measured_directory() == folder
    assert (folder / "Roboto-Regular.ttf").read_bytes() == whole
    assert list(folder.glob("*.tmp")) == []


def test_without_a_writable_cache_the_process_makes_its_own(tmp_path, monkeypatch):
    not_a_folder = tmp_path / "cache"
    not_a_folder.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(not_a_folder))
    folder = fonts.measured_directory()
    assert not folder.is_relative_to(not_a_folder)
    assert sorted(path.name for path in folder.glob("*.ttf")) == sorted(fonts.WEBFONTS.values())


@pytest.mark.slow
def test_a_build_publishes_the_font_its_stylesheet_declares(site):
    from fontTools.ttLib import TTFont

    small_site(site)
    build(site)
    charts = site.root / "output" / "graphiques"
    css = (charts / "datacharts.css").read_text(encoding="utf-8")
    faces = re.findall(r"@font-face\s*\{([^}]*)\}", css)
    assert len(faces) == len(fonts.WEBFONTS)
    for face in faces:
        url = re.search(r'url\("([^"]+)"\)', face).group(1)
        weight = re.search(r"font-weight:\s*(\d+)", face).group(1)
        assert f"font-family: {fonts.FAMILY};" in face
        assert re.search(r"unicode-range:\s*([^;]+);", face).group(1).strip() == fonts.unicode_range()
        data = (charts / url).read_bytes()
        assert data[:4] == b"wOF2"
        font = TTFont(io.BytesIO(data))
        assert str(font["OS/2"].usWeightClass) == weight
        cmap = font.getBestCmap()
        wanted = [code for first, last in fonts.RANGES for code in range(first, last + 1)]
        # Every character of the range the CSS promises, « 62 % », € and − included.
        assert [hex(c) for c in wanted if c not in cmap] == []
        assert len(data) < 16_000  # subset: a page's budget (60 KB) holds both weights
    svg = next(charts.rglob("*.svg")).read_text(encoding="utf-8")
    assert f'font-family="{fonts.STACK}"' in svg


@pytest.mark.slow
def test_a_second_build_keeps_the_font_and_reuses_its_subset(site):
    small_site(site)
    build(site)
    charts = site.root / "output" / "graphiques"
    first = {name: (charts / name).read_bytes() for name in fonts.WEBFONTS}
    cached = sorted((site.root / "cache").rglob("datacharts-roboto-*.woff2.*"))
    assert len(cached) == len(fonts.WEBFONTS)
    build(site)  # into the same output: the sweep of stale chart files keeps the font
    assert {name: (charts / name).read_bytes() for name in fonts.WEBFONTS} == first
