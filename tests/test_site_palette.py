"""The site's palette (pelicanconf.py) as readers see it: in light mode, and
in dark mode once theme/static/css/site.css has remapped each colour; every
two neighbours apart for colour-blind readers (simulated protanopia,
deuteranopia, tritanopia), every colour legible on the page's background."""

from __future__ import annotations

import itertools
import re
import runpy
from pathlib import Path

import pytest
from coloraide import Color
from datacharts_engine.colours import MIN_CONTRAST, MIN_DELTA_E
from datacharts_engine.settings import read_settings

PROJECT = Path(__file__).resolve().parent.parent
CSS = (PROJECT / "theme" / "static" / "css" / "site.css").read_text(encoding="utf-8")


def settings() -> dict:
    return read_settings(runpy.run_path(str(PROJECT / "pelicanconf.py")))


def custom_properties(block: str) -> dict[str, str]:
    return dict(re.findall(r"(--[\w-]+):\s*(#[0-9a-fA-F]{6})\s*;", block))


def light_and_dark() -> tuple[dict, dict]:
    """The :root values, and the dark ones (the block of prefers-color-scheme: dark)."""
    light = custom_properties(CSS[: CSS.index("@media (prefers-color-scheme: dark)")])
    dark_start = CSS.index('[data-theme="light"])', CSS.index("@media (prefers-color-scheme: dark)"))
    dark = custom_properties(CSS[dark_start : CSS.index("}", dark_start)])
    return light, dark


def dark_variant(colour: str, dark: dict) -> str:
    """The colour site.css draws in dark mode in place of the hook ``colour``."""
    rule = re.search(rf'\[fill="{colour}" i\]\s*\{{\s*fill:\s*var\((--[\w-]+)[^)]*\)', CSS, re.I)
    return dark[rule.group(1)] if rule else colour


@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("deficiency", [None, "protan", "deutan", "tritan"])
def test_neighbouring_categories_stay_apart_in_both_modes(mode, deficiency):
    _light, dark = light_and_dark()
    colours = list(settings()["palette"].values())
    if mode == "dark":
        colours = [dark_variant(c, dark) for c in colours]
        assert len(set(colours)) == len(colours)  # every hook remapped to a colour of its own

    def seen(colour):
        return Color(colour) if deficiency is None else Color(colour).filter(deficiency, method="machado")

    for first, second in itertools.pairwise(colours):
        gap = seen(first).delta_e(seen(second), method="2000")
        assert gap >= MIN_DELTA_E, (mode, deficiency, first, second, round(gap, 1))


def test_every_named_colour_is_legible_on_the_light_and_the_dark_page():
    light, dark = light_and_dark()
    config = settings()
    named = {**config["palette"], "gris": config["gris"]}
    for name, colour in named.items():
        for background in (light["--bg"], light["--surface"]):
            assert Color(colour).contrast(background) >= MIN_CONTRAST, (name, background)
        for background in (dark["--bg"], dark["--surface"]):
            assert Color(dark_variant(colour, dark)).contrast(background) >= MIN_CONTRAST, (name, background)
    # An editor's own hex colour is checked against the same two pages.
    assert config["backgrounds"] == [light["--bg"], dark["--bg"]]


def test_labels_inside_marks_read_on_their_fill_in_both_modes():
    """WCAG 1.4.3 (4.5:1) for a value written inside a bar, on each colour an
    editor may give it: the palette's and « gris », which the theme remaps or
    not, and an own hex colour, which it does not."""
    from datacharts_engine.marks import MIN_TEXT_CONTRAST, inside_colour

    _light, dark = light_and_dark()
    config = settings()
    for fill in [*config["palette"].values(), config["gris"], "#a0522d", "#00897b"]:
        label = inside_colour(fill, config)
        assert Color(label).contrast(fill) >= MIN_TEXT_CONTRAST, ("light", fill, label)
        seen = Color(dark_variant(label, dark)).contrast(dark_variant(fill, dark))
        assert seen >= MIN_TEXT_CONTRAST, ("dark", fill, label, dark_variant(fill, dark), dark_variant(label, dark))
