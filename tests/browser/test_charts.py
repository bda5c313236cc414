"""What only a browser can show: the static SVG, tooltips, live charts, no leaks.

Expected values come from the dataset of tests/conftest.py, never from the page,
so a chart that shows the wrong number fails.
"""

from __future__ import annotations

import base64
import csv
import io
import re
import struct
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from conftest import BAR_BLOCK, USAGES_CSV
from playwright.sync_api import expect

from .conftest import PNG_ON_CANVAS
from .tinysite import ARCHIVES, BAR_ARTICLE, HOME, LIVE_ARTICLE, RUNTIME_NAME, STATIC_LINE_ARTICLE

pytestmark = [pytest.mark.browser, pytest.mark.slow]

MARKS = 'svg.datachart-svg:not(.datachart-svg-etroit) [role="graphics-symbol"]'
ROWS = list(csv.DictReader(io.StringIO(USAGES_CSV)))
BAR_TITLE = yaml.safe_load(BAR_BLOCK.split("```chart")[1].split("```")[0])["title"]


def french(value: str) -> str:
    """A number as the charts write it: 62, 12,5."""
    return f"{float(value):g}".replace(".", ",")


def row_of(label: str) -> dict:
    """The dataset row a mark's aria-label ("Part: 62 %; Usage: …; Année: 2016") describes."""
    values = {part.split(": ", 1)[-1].removesuffix("\u202f%") for part in label.split("; ")}
    found = [row for row in ROWS if row["usage"] in values and row["annee"] in values]
    assert len(found) == 1, f"no single dataset row matches the mark label {label!r}"
    return found[0]


def expect_tooltip_shows(page, row: dict, timeout: float = 5_000) -> None:
    """The tooltip is on screen and lists this row's value, usage and year."""
    tooltip = page.locator(".datachart-tooltip")
    expect(tooltip).to_be_visible(timeout=timeout)
    expect(tooltip).to_be_in_viewport(timeout=timeout)
    # The share with its unit, as the axis title « (%) » names it.
    for value in (french(row["part"]) + "\u202f%", row["usage"], row["annee"]):
        exact = re.compile(rf"^\s*{re.escape(value)}\s*$")
        expect(tooltip.locator("dd").filter(has_text=exact)).to_have_count(1, timeout=timeout)


def scroll_every_chart_into_view(page) -> None:
    """Bring each figure on screen (live charts load then), and let them settle."""
    for figure in page.locator("figure[data-datachart]").all():
        figure.scroll_into_view_if_needed()
    page.wait_for_load_state("networkidle")
    # A live chart is done once data-live is set ("true" or "failed").
    page.wait_for_function(
        """() => [...document.querySelectorAll('figure[data-runtime]')]
            .filter(f => document.getElementById(f.dataset.spec))
            .every(f => f.dataset.live)""",
        timeout=15_000,
    )


def tab_into(page, target) -> bool:
    """Press Tab until focus is inside target (True) or has gone past it (False)."""
    for _ in range(100):  # through the header and navigation, whatever the theme puts there
        page.keyboard.press("Tab")
        where = target.evaluate(
            """t => {
                const a = document.activeElement;
                if (t.contains(a)) return "inside";
                return t.compareDocumentPosition(a) & Node.DOCUMENT_POSITION_FOLLOWING ? "past" : "before";
            }"""
        )
        if where != "before":
            return where == "inside"
    return False


def go_live(page):
    """Scroll the interactive chart into view and wait for Vega to replace it."""
    figure = page.locator("figure.datachart--interactive")
    figure.scroll_into_view_if_needed()
    expect(figure).to_have_attribute("data-live", "true", timeout=15_000)
    return figure


def exposed_role_descriptions(page) -> list[str]:
    """aria-roledescription values in Chromium's own accessibility tree (what a screen reader gets)."""
    tree = page.context.new_cdp_session(page).send("Accessibility.getFullAXTree")["nodes"]
    return [
        prop["value"]["value"]
        for node in tree
        if not node.get("ignored")
        for prop in node.get("properties", [])
        if prop["name"] == "roledescription"
    ]


# Vega's English vocabulary ("visualization", "group mark container", "bar"…);
# French words that merely start alike ("ligne", "barre", "texte") do not match.
ENGLISH_ROLES = re.compile(r"\b(mark|container|visualization|bar|line|area|circle|rect|rule|tick|trail|group|text)\b")


def test_chart_svg_is_shown_and_named_without_javascript(visit):
    page = visit(BAR_ARTICLE, javascript=False).page
    svg = page.locator("figure.datachart svg.datachart-svg:not(.datachart-svg-etroit)")
    expect(svg).to_be_visible()
    box = svg.bounding_box()
    assert box["width"] > 100 and box["height"] > 100, box
    expect(svg).to_have_attribute("role", "img")

    title_id = svg.get_attribute("aria-labelledby").split()[0]
    title = svg.locator(f"title#{title_id}")
    expect(title).to_have_text(BAR_TITLE)

    # Chromium's own accessibility tree, not Playwright's re-computation.
    cdp = page.context.new_cdp_session(page)
    root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": "svg.datachart-svg:not(.datachart-svg-etroit)"})[
        "nodeId"
    ]
    ax = cdp.send("Accessibility.getPartialAXTree", {"nodeId": node, "fetchRelatives": False})["nodes"][0]
    assert ax["role"]["value"] == "image"
    assert ax["name"]["value"].startswith(BAR_TITLE), ax["name"]


def test_hovering_a_bar_shows_its_value(visit):
    page = visit(BAR_ARTICLE).page
    row = next(r for r in ROWS if r["usage"] == "Réseaux sociaux" and r["annee"] == "2016")
    assert french(row["part"]) == "62"  # the figure the chart's title is about
    bar = page.locator(f'{MARKS}[aria-label*="{row["usage"]}"][aria-label*="{row["annee"]}"]')
    expect(bar).to_have_count(1)
    expect(page.locator(".datachart-tooltip")).to_be_hidden()

    bar.hover()
    expect_tooltip_shows(page, row)

    page.mouse.move(1, 1)  # off the chart
    expect(page.locator(".datachart-tooltip")).to_be_hidden()


def test_keyboard_moves_between_marks_and_escape_hides(visit):
    page = visit(BAR_ARTICLE).page
    svg = page.locator("svg.datachart-svg:not(.datachart-svg-etroit)")
    expect(svg).to_have_attribute("tabindex", "0")
    marks = page.locator(MARKS)
    first, second = row_of(marks.nth(0).get_attribute("aria-label")), row_of(marks.nth(1).get_attribute("aria-label"))
    assert first["part"] != second["part"], "the test needs two marks with different values"

    assert tab_into(page, svg), "Tab went past the chart's SVG without focusing it"
    expect_tooltip_shows(page, first)

    page.keyboard.press("ArrowRight")
    expect_tooltip_shows(page, second)
    expect(marks.nth(1)).to_have_class("is-active")
    expect(marks.nth(0)).not_to_have_class("is-active")

    page.keyboard.press("Escape")
    expect(page.locator(".datachart-tooltip")).to_be_hidden()


def test_interactive_chart_goes_live_when_scrolled_into_view(visit):
    loaded = visit(LIVE_ARTICLE)
    page = loaded.page
    figure = page.locator("figure.datachart--interactive")
    page.wait_for_load_state("networkidle")
    top = figure.evaluate("f => f.getBoundingClientRect().top")
    assert top > page.viewport_size["height"] + 400, "the live chart must start off screen for this test"
    expect(figure).not_to_have_attribute("data-live", "true")
    runtime = urljoin(page.url, figure.get_attribute("data-runtime"))
    assert RUNTIME_NAME in runtime
    assert loaded.requested(RUNTIME_NAME) == [], "the runtime was fetched before the chart came into view"

    go_live(page)
    live_svg = figure.locator(".datachart-canvas .datachart-live svg")
    expect(live_svg).to_be_visible()
    expect(figure.locator(".datachart-canvas svg")).to_have_count(1)  # replaced, not doubled
    # Vega drew one line per usage from the spec's data.
    expect(live_svg.locator(".mark-line path")).to_have_count(len({r["usage"] for r in ROWS}))
    assert loaded.requested(RUNTIME_NAME) == [runtime]  # once, from the local server
    assert loaded.errors == []


def test_runtime_is_not_loaded_without_an_interactive_chart(visit):
    loaded = visit(BAR_ARTICLE)
    scroll_every_chart_into_view(loaded.page)
    expect(loaded.page.locator("figure.datachart")).to_have_count(1)
    assert loaded.requested("datacharts.js"), "the page did not load its chart script"
    assert loaded.requested(RUNTIME_NAME) == []


PAGES = [BAR_ARTICLE, LIVE_ARTICLE, HOME, ARCHIVES]


@pytest.mark.parametrize("path", PAGES)
def test_no_console_errors(visit, path):
    loaded = visit(path)
    scroll_every_chart_into_view(loaded.page)
    assert loaded.errors == []


@pytest.mark.parametrize("path", PAGES)
def test_every_request_stays_on_the_local_server(visit, base_url, path):
    loaded = visit(path)
    scroll_every_chart_into_view(loaded.page)
    origin = urlsplit(base_url).netloc
    assert loaded.requests, "no request recorded"
    leaks = [url for url in loaded.requests if not url.startswith("data:") and urlsplit(url).netloc != origin]
    assert leaks == []


# Bugs found by these tests, now fixed: each test guards against its return.


def test_hovering_a_line_shows_the_point_under_the_pointer(visit):
    page = visit(STATIC_LINE_ARTICLE).page
    # The highest 2016 value of the dataset: the top right end of the lines.
    row = max((r for r in ROWS if r["annee"] == "2016"), key=lambda r: float(r["part"]))
    end = page.locator("svg.datachart-svg:not(.datachart-svg-etroit)").evaluate(
        """svg => [...svg.querySelectorAll('.mark-line path')].map(p => {
            const at = p.getPointAtLength(p.getTotalLength() - 1), m = p.getScreenCTM();
            return {x: m.a * at.x + m.c * at.y + m.e, y: m.b * at.x + m.d * at.y + m.f};
        }).sort((a, b) => a.y - b.y)[0]"""
    )
    page.mouse.move(end["x"], end["y"])
    expect_tooltip_shows(page, row, timeout=1_500)


def test_live_chart_stays_reachable_by_keyboard(visit):
    page = visit(LIVE_ARTICLE).page
    figure = go_live(page)
    assert tab_into(page, figure.locator(".datachart-canvas")), "Tab went past the live chart without focusing it"


@pytest.mark.parametrize("path", [BAR_ARTICLE, LIVE_ARTICLE])
def test_screen_readers_get_no_english_role_descriptions(visit, path):
    page = visit(path).page
    if path == LIVE_ARTICLE:
        go_live(page)
    english = [d for d in exposed_role_descriptions(page) if ENGLISH_ROLES.search(d)]
    assert english == []


# « Image PNG » is drawn by the page from the chart's SVG file, not by the build.


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk (the first one, by the format)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", data[:8]
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def svg_size(svg: str) -> tuple[float, float]:
    root = re.search(r"<svg\b[^>]*>", svg).group(0)
    return tuple(float(re.search(rf'\s{name}="([\d.]+)"', root).group(1)) for name in ("width", "height"))


def drawn_share(page, png: bytes) -> float:
    """The share of the PNG's pixels that are not white (a blank canvas gives 0)."""
    return page.evaluate(
        """async (url) => {"""
        + PNG_ON_CANVAS
        + """            const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
            let drawn = 0;
            for (let i = 0; i < pixels.length; i += 4) {
                if (pixels[i] < 240 || pixels[i + 1] < 240 || pixels[i + 2] < 240) drawn++;
            }
            return drawn / (pixels.length / 4);
        }""",
        "data:image/png;base64," + base64.b64encode(png).decode(),
    )


@pytest.mark.parametrize("where", ["article", "embed"])
def test_png_button_downloads_the_chart_at_twice_its_size(visit, chart_site, where):
    path = BAR_ARTICLE
    if where == "embed":
        path = visit(BAR_ARTICLE).page.locator(".datachart-embed-code a").first.get_attribute("href").lstrip("/")
    loaded = visit(path)
    page = loaded.page
    downloads = page.locator("figure.datachart .datachart-downloads")
    button = downloads.get_by_role("button", name="Image PNG")
    expect(button).to_be_visible()
    shown = re.compile(r"^\s*Télécharger les données \(CSV\) · Image PNG · Image SVG\s*$")
    expect(downloads).to_have_text(shown, use_inner_text=True)
    svg_url = button.get_attribute("data-svg")
    assert svg_url == downloads.get_by_role("link", name="Image SVG").get_attribute("href")
    width, height = svg_size((chart_site.output / svg_url.split("?v=")[0].lstrip("/")).read_text(encoding="utf-8"))

    with page.expect_download() as info:
        button.click()
    download = info.value
    assert download.suggested_filename == button.get_attribute("data-name")
    assert download.suggested_filename.endswith(".png")
    png = Path(download.path()).read_bytes()
    assert png_size(png) == (round(2 * width), round(2 * height))
    assert drawn_share(page, png) > 0.02, "the PNG is blank: the chart was not drawn"
    assert loaded.requested(".png") == []  # drawn in the page, not fetched
    expect(button).not_to_have_attribute("aria-disabled", "true")  # ready for another click
    assert loaded.errors == [] and loaded.csp_violations() == []


def test_svg_link_saves_the_chart_with_its_font(visit, chart_site):
    """Opened elsewhere (a drawing program, a machine without Roboto), the
    SVG would write its labels in another font than the one they were
    measured with: with JavaScript, the file saved carries the charts' font."""
    loaded = visit(BAR_ARTICLE)
    link = loaded.page.locator("figure.datachart .datachart-downloads").get_by_role("link", name="Image SVG")
    plain = (chart_site.output / link.get_attribute("href").split("?v=")[0].lstrip("/")).read_text(encoding="utf-8")
    assert "@font-face" not in plain
    with loaded.page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename == link.get_attribute("download")
    assert download.suggested_filename.endswith(".svg")
    saved = Path(download.path()).read_text(encoding="utf-8")
    faces = re.findall(r"@font-face\{font-family:Roboto;[^}]*font-weight:(\d+);src:url\(data:font/woff2;base64,", saved)
    assert sorted(faces) == ["400", "700"]
    assert re.sub(r"<style>.*?</style>", "", saved, count=1, flags=re.S) == plain  # the file, the font added
    assert loaded.errors == [] and loaded.csp_violations() == []


def test_png_button_is_reached_by_keyboard_with_a_visible_focus(visit):
    page = visit(BAR_ARTICLE).page
    button = page.get_by_role("button", name="Image PNG")
    assert tab_into(page, button), "Tab went past « Image PNG » without focusing it"
    ring = button.evaluate("b => b.matches(':focus-visible') && getComputedStyle(b).outlineStyle")
    assert ring not in (False, "none"), "the focused button shows no focus ring"
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    assert png_size(Path(info.value.path()).read_bytes())[0] > 0


def test_png_button_stays_hidden_without_javascript(visit):
    page = visit(BAR_ARTICLE, javascript=False).page
    downloads = page.locator("figure.datachart .datachart-downloads")
    expect(downloads.get_by_role("link", name="Image SVG")).to_be_visible()
    expect(downloads.locator("button.datachart-png")).to_have_count(1)
    expect(downloads.locator("button.datachart-png")).to_be_hidden()
    # No dangling separator: only the two links and the one « · » between them show.
    shown = re.compile(r"^\s*Télécharger les données \(CSV\) · Image SVG\s*$")
    expect(downloads).to_have_text(shown, use_inner_text=True)
