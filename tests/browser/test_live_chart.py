"""The live chart as readers meet it: on a phone it keeps the narrow
drawing's size, a reader on the chart with the keyboard stays there when it
goes live, a screen reader hears its description once, and the home page's
teaser of it never loads the runtime."""

from __future__ import annotations

import pytest
from conftest import BAR_BLOCK, USAGES_CSV, USAGES_DESCRIPTOR, Site
from playwright.sync_api import expect

from .conftest import serve
from .test_charts import tab_into
from .tinysite import RUNTIME_NAME

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WIDE_LIVE = BAR_BLOCK.replace("```chart\n", "```chart\ninteractive: true\nwidth: 640\n")
DESCRIPTION = "Barres horizontales, 2013 et 2016."


@pytest.fixture(scope="module")
def live_url(tmp_path_factory, chromium_executable):
    site = Site(tmp_path_factory.mktemp("live-site"))
    site.dataset("usages", USAGES_CSV, USAGES_DESCRIPTOR)
    site.article("vivant", "Intro.\n\n" + WIDE_LIVE, title="Vivant", date="2017-03-12")
    site.article("autre", "Un autre texte.\n", title="Autre", date="2017-03-01")
    assert site.build() == 0
    with serve(site.output) as url:
        yield url


def open_page(browser, url, width=1280, hold_runtime=False, **options):
    context = browser.new_context(viewport={"width": width, "height": 800}, **options)
    context.set_default_timeout(15_000)
    page = context.new_page()
    requests, held = [], []
    page.on("request", lambda request: requests.append(request.url))
    if hold_runtime:
        page.route(f"**/{RUNTIME_NAME}.js", lambda route: held.append(route))
    page.goto(url, wait_until="load")
    return context, page, requests, held


def smallest_text(svg) -> float:
    """The smallest font size of a drawing's labels as shown on screen (px)."""
    return svg.evaluate(
        """svg => {
            const scale = svg.getBoundingClientRect().width / svg.width.baseVal.value;
            const sizes = [...svg.querySelectorAll("text")].filter(t => t.textContent.trim())
                .map(t => parseFloat(getComputedStyle(t).fontSize) * scale);
            return Math.min(...sizes);
        }"""
    )


def test_on_a_phone_the_live_chart_keeps_the_narrow_drawings_size(browser, live_url):
    context, page, _, held = open_page(
        browser, f"{live_url}/vivant.html", width=390, hold_runtime=True, has_touch=True, is_mobile=True
    )
    try:
        figure = page.locator("figure.datachart--interactive")
        narrow = figure.locator("svg.datachart-svg-etroit")
        expect(narrow).to_be_visible()
        shown_width = narrow.evaluate("s => s.getBoundingClientRect().width")
        static_text = smallest_text(narrow)
        page.wait_for_function("() => true")
        assert held, "the runtime was not requested"
        held[0].continue_()
        expect(figure).to_have_attribute("data-live", "true")
        live = figure.locator(".datachart-live svg")
        # Drawn for the width the narrow drawing had on screen, not for the wide one's.
        assert float(live.get_attribute("width")) <= shown_width + 1, "the live chart is the wide one, shrunk"
        assert smallest_text(live) >= static_text - 0.1  # labels as legible as the static drawing's
    finally:
        context.close()


def test_keyboard_focus_stays_on_the_chart_and_its_mark_when_it_goes_live(browser, live_url):
    context, page, _, held = open_page(browser, f"{live_url}/vivant.html", hold_runtime=True)
    try:
        figure = page.locator("figure.datachart--interactive")
        assert tab_into(page, figure.locator(".datachart-canvas")), "Tab did not reach the static chart"
        page.keyboard.press("ArrowRight")  # the second mark
        expect(figure.locator("svg.datachart-svg-large .is-active")).to_have_count(1)
        page.wait_for_function("() => true")
        assert held, "the runtime was not requested"
        held[0].continue_()
        expect(figure).to_have_attribute("data-live", "true")
        live = figure.locator(".datachart-live svg")
        expect(live).to_be_focused()
        marks = live.locator('[role="graphics-symbol"][aria-label]')
        assert marks.nth(1).evaluate("m => m.classList.contains('is-active')"), "focus came back on another mark"
    finally:
        context.close()


def test_a_screen_reader_hears_the_live_charts_description_once(browser, live_url):
    context, page, _, _ = open_page(browser, f"{live_url}/vivant.html")
    try:
        expect(page.locator("figure.datachart--interactive")).to_have_attribute("data-live", "true")
        tree = page.context.new_cdp_session(page).send("Accessibility.getFullAXTree")["nodes"]
        said = [
            node["role"]["value"]
            for node in tree
            if not node.get("ignored") and node["role"]["value"] not in ("StaticText", "InlineTextBox")
            for key in ("name", "description")
            if DESCRIPTION in (node.get(key) or {}).get("value", "")
        ]
        # The chart's image, described once; the caption's paragraph is its visible text.
        assert said.count("image") == 1 and len([r for r in said if r != "paragraph"]) == 1, said
    finally:
        context.close()


def test_the_home_pages_teaser_never_loads_the_runtime(browser, live_url):
    context, page, requests, _ = open_page(browser, f"{live_url}/index.html")
    try:
        figure = page.locator(".lead-chart figure.datachart")
        figure.scroll_into_view_if_needed()
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(500)
        assert not [url for url in requests if RUNTIME_NAME in url]
        figure.locator('svg.datachart-svg-large [role="graphics-symbol"]').first.hover()
        expect(figure.locator(".datachart-tooltip")).to_be_visible()  # its tooltips still work
    finally:
        context.close()


SIDE_BY_SIDE = """import altair as alt
DATASET = "usages"


def build(data):
    bars = alt.Chart(data).mark_bar().encode(x="part:Q", y="usage:N", tooltip=["usage:N", "part:Q"])
    return alt.hconcat(bars.properties(width=300), bars.encode(x="annee:O").properties(width=300))


def build_phone(data):
    return alt.Chart(data).mark_bar().encode(x="part:Q", y="usage:N", tooltip=["usage:N", "part:Q"])
"""


def test_on_a_phone_a_live_python_chart_is_its_own_phone_drawing(browser, tmp_path):
    """A Python chart whose module draws its own phone drawing (build_phone):
    live on a phone, it is that chart at the width shown, not the desktop's
    two views side by side, shrunk."""
    site = Site(tmp_path)
    site.dataset("usages", USAGES_CSV, USAGES_DESCRIPTOR)
    (site.root / "charts").mkdir()
    (site.root / "charts" / "cote.py").write_text(SIDE_BY_SIDE, encoding="utf-8")
    site.article("cote", "```chart\nchart: cote\ninteractive: true\ntitle: Côte à côte\ndescription: Deux vues.\n```\n")
    assert site.build() == 0
    with serve(site.output) as url:
        context, page, _, held = open_page(
            browser, f"{url}/cote.html", width=390, hold_runtime=True, has_touch=True, is_mobile=True
        )
        try:
            figure = page.locator("figure.datachart--interactive")
            narrow = figure.locator("svg.datachart-svg-etroit")
            expect(narrow).to_be_visible()
            shown_width = narrow.evaluate("s => s.getBoundingClientRect().width")
            static_bars = narrow.locator(".mark-rect path").count()
            page.wait_for_function("() => true")
            assert held, "the runtime was not requested"
            held[0].continue_()
            expect(figure).to_have_attribute("data-live", "true")
            live = figure.locator(".datachart-live svg")
            assert abs(float(live.get_attribute("width")) - shown_width) <= 1
            assert live.locator(".mark-rect path").count() == static_bars  # one view, as the phone's drawing
            assert page.evaluate("document.documentElement.scrollWidth") <= 390
        finally:
            context.close()
