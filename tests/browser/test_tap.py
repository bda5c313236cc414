"""Readers on phones: a tap shows the tapped mark, never another one.

On touch screens a tap fires pointer events, then the compatibility mouse
events and focus; a focus handler that shows "the first mark" replaced the
tapped bar's value by the chart's first bar (issue 12 §6).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .test_charts import ROWS, expect_tooltip_shows, go_live, row_of
from .tinysite import BAR_ARTICLE, LIVE_ARTICLE

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PHONE = {"width": 390, "height": 844}
SHOWN_SVG = "figure:not(.datachart--interactive) svg.datachart-svg:visible"


@pytest.fixture
def phone(browser, base_url):
    """phone("essai.html") -> page in a touch context with a phone's screen."""
    contexts = []

    def open_page(path: str):
        context = browser.new_context(has_touch=True, is_mobile=True, viewport=PHONE, device_scale_factor=2)
        context.set_default_timeout(5_000)
        contexts.append(context)
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(f"{base_url}/{path}", wait_until="load")
        page.errors = errors
        return page

    yield open_page
    for context in contexts:
        context.close()


def tap_centre(page, locator) -> None:
    locator.scroll_into_view_if_needed()
    box = locator.bounding_box()
    page.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def test_tapping_a_bar_that_is_not_the_first_shows_its_own_value(phone):
    page = phone(BAR_ARTICLE)
    svg = page.locator(SHOWN_SVG)
    expect(svg).to_have_count(1)
    marks = svg.locator('[role="graphics-symbol"]')
    first = row_of(marks.nth(0).get_attribute("aria-label"))
    wanted = next(r for r in ROWS if r["usage"] == "Outils collaboratifs" and r["annee"] == "2016")
    assert wanted != first, "the test needs a bar other than the chart's first"
    bar = svg.locator(f'[role="graphics-symbol"][aria-label*="{wanted["usage"]}"][aria-label*="{wanted["annee"]}"]')
    expect(bar).to_have_count(1)

    tap_centre(page, bar)
    expect_tooltip_shows(page, wanted)
    expect(bar).to_have_class("is-active")
    expect(page.locator(".datachart-tooltip")).to_have_count(1)

    # A second tap, on another bar, moves the tooltip there (focus is already in the chart).
    other = next(r for r in ROWS if r["usage"] == "Réseaux sociaux" and r["annee"] == "2013")
    tap_centre(page, svg.locator(f'[role="graphics-symbol"][aria-label*="{other["usage"]}"][aria-label*="2013"]'))
    expect_tooltip_shows(page, other)
    assert page.errors == []


def test_tapping_outside_the_chart_hides_the_tooltip(phone):
    page = phone(BAR_ARTICLE)
    svg = page.locator(SHOWN_SVG)
    tap_centre(page, svg.locator('[role="graphics-symbol"]').nth(1))
    expect(page.locator(".datachart-tooltip")).to_be_visible()
    tap_centre(page, page.locator("h1").first)
    expect(page.locator(".datachart-tooltip")).to_be_hidden()


def test_tapping_a_live_chart_shows_no_other_marks_value(phone):
    """A live chart has Vega's tooltips; our keyboard tooltip must not pop up
    with its first mark when a tap focuses the chart."""
    page = phone(LIVE_ARTICLE)
    figure = go_live(page)
    points = figure.locator('.datachart-live svg .mark-symbol [role="graphics-symbol"][aria-label]')
    expect(points).not_to_have_count(0)
    first, last = points.nth(0).get_attribute("aria-label"), points.nth(points.count() - 1).get_attribute("aria-label")
    assert first != last
    tap_centre(page, points.nth(points.count() - 1))
    expect(figure.locator(".datachart-live svg")).to_be_focused()
    page.wait_for_timeout(300)  # past the focus that follows a tap
    ours = figure.locator(".datachart-tooltip:visible")
    if ours.count():
        shown = [dd.inner_text().strip() for dd in ours.locator("dd").all()]
        pairs = [part.split(": ", 1) for part in last.split("; ")]
        # Vega labels a live mark « Part (%): 62 »: the tooltip writes the unit with the value.
        assert shown == [v + "\u202f%" if k.endswith(" (%)") else v for k, v in pairs], shown
    assert page.errors == []
