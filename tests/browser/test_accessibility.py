"""axe-core (from npm, injected in Chromium) on every page type, light and dark;
dark mode follows the system and the toggle, charts included, without re-rendering."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from .test_charts import go_live, scroll_every_chart_into_view
from .test_site import PAGE_TYPES
from .tinysite import BAR_ARTICLE

pytestmark = [pytest.mark.browser, pytest.mark.slow]
HERE = Path(__file__).parent
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core as pinned in tests/browser/package-lock.json (npm ci when missing)."""
    if not AXE.exists():
        npm = shutil.which("npm")
        if npm is None:
            if os.environ.get("CI", "").lower() == "true":
                pytest.fail("npm is needed to install axe-core for the accessibility tests")
            pytest.skip("npm is missing: cannot install axe-core for the accessibility tests")
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=HERE, check=True, capture_output=True)
    return AXE.read_text(encoding="utf-8")


@pytest.fixture
def open_in(browser, base_url):
    contexts = []

    def open_page(path: str, scheme: str):
        # axe is injected as an inline script: this context alone lifts the CSP.
        context = browser.new_context(color_scheme=scheme, bypass_csp=True, viewport={"width": 1280, "height": 800})
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{base_url}/{path}", wait_until="load")
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGE_TYPES)
def test_axe_finds_no_violation(open_in, axe_source, path, scheme):
    page = open_in(path, scheme)
    if page.locator("figure.datachart--interactive").count():
        go_live(page)
    scroll_every_chart_into_view(page)
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")  # audit the tables too
    page.add_script_tag(content=axe_source)
    violations = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
             .map(v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')}`)"""
    )
    assert violations == []


def chart_text_colour(page) -> str:
    return page.locator('svg.datachart-svg:not(.datachart-svg-etroit) text[fill="#333333"]').first.evaluate(
        "t => getComputedStyle(t).fill"
    )


def background(page) -> str:
    return page.evaluate("getComputedStyle(document.body).backgroundColor")


def test_dark_mode_follows_the_system_and_recolours_charts(open_in):
    light, dark = open_in(BAR_ARTICLE, "light"), open_in(BAR_ARTICLE, "dark")
    assert background(light) != background(dark)
    assert chart_text_colour(light) != chart_text_colour(dark)
    # Same SVG in both: the colours come from the stylesheet, not from a second rendering.
    svg = "document.querySelector('svg.datachart-svg:not(.datachart-svg-etroit)').outerHTML"
    assert light.evaluate(svg) == dark.evaluate(svg)


def test_the_toggle_switches_and_remembers(open_in):
    page = open_in(BAR_ARTICLE, "light")
    before = chart_text_colour(page)
    page.locator("[data-theme-toggle]").click()
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    assert chart_text_colour(page) != before
    page.reload()
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    assert chart_text_colour(page) != before
