"""Charts with value labels, a reference line and a note, as readers meet
them: a tap or the keyboard shows the data row of a mark, never a label or a
line; the live chart keeps one mark per row."""

from __future__ import annotations

import pytest
from conftest import USAGES_CSV, USAGES_DESCRIPTOR, Site
from playwright.sync_api import expect

from .conftest import serve
from .test_charts import ROWS, expect_tooltip_shows, go_live, row_of, tab_into

pytestmark = [pytest.mark.browser, pytest.mark.slow]

BLOCK = """\
```chart
dataset: usages
mark: bar
x: {field: part, scale: {domain: [0, 100]}}
y: usage
yOffset: annee:N
color: annee:N
labels: {position: inside}
reference: [{x: 45, label: Moyenne}]
annotations: [{where: {usage: Réseaux sociaux, annee: 2016}, text: Presque le double}]
title: Des barres écrites
description: Barres horizontales, 2013 et 2016.
```
"""
LIVE = BLOCK.replace("```chart\n", "```chart\ninteractive: true\n").replace("Des barres écrites", "En direct")
MARKS = '[role="graphics-symbol"][aria-label]'


@pytest.fixture(scope="module")
def marks_url(tmp_path_factory, chromium_executable):
    site = Site(tmp_path_factory.mktemp("marks-site"))
    site.dataset("usages", USAGES_CSV, USAGES_DESCRIPTOR)
    site.article("etiquettes", "Intro.\n\n" + BLOCK, title="Étiquettes", date="2017-03-12")
    site.article("vivant", "Intro.\n\n" + LIVE, title="Vivant", date="2017-03-11")
    assert site.build() == 0
    with serve(site.output) as url:
        yield url


@pytest.fixture
def open_page(browser, marks_url):
    contexts = []

    def opened(path: str, **options):
        context = browser.new_context(**{"viewport": {"width": 1280, "height": 800}, **options})
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        page.goto(f"{marks_url}/{path}", wait_until="load")
        return page

    yield opened
    for context in contexts:
        context.close()


def wanted_row(usage: str, year: str) -> dict:
    return next(r for r in ROWS if r["usage"] == usage and r["annee"] == year)


def test_a_tap_on_a_bar_or_on_the_label_inside_it_shows_that_bar(open_page):
    page = open_page("etiquettes.html", has_touch=True, is_mobile=True, viewport={"width": 390, "height": 844})
    svg = page.locator("svg.datachart-svg:visible")
    expect(svg.locator(MARKS)).to_have_count(4)  # the rows; no label, rule or note among them
    wanted = wanted_row("Outils collaboratifs", "2016")
    label = svg.locator("text", has_text="43\u202f%")
    expect(label).to_have_count(1)
    label.scroll_into_view_if_needed()
    box = label.bounding_box()
    page.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect_tooltip_shows(page, wanted)
    bar = svg.locator(f'{MARKS}[aria-label*="Outils collaboratifs"][aria-label*="2016"]')
    expect(bar).to_have_class("is-active")

    other = wanted_row("Réseaux sociaux", "2013")
    bar = svg.locator(f'{MARKS}[aria-label*="Réseaux sociaux"][aria-label*="2013"]')
    box = bar.bounding_box()
    page.touchscreen.tap(box["x"] + 10, box["y"] + box["height"] / 2)
    expect_tooltip_shows(page, other)
    assert page.errors == []


def test_the_keyboard_walks_the_rows_only(open_page):
    page = open_page("etiquettes.html")
    svg = page.locator("svg.datachart-svg:not(.datachart-svg-etroit)")
    marks = svg.locator(MARKS)
    expect(marks).to_have_count(4)
    assert tab_into(page, svg), "Tab went past the chart's SVG without focusing it"
    seen = []
    for step in range(4):
        row = row_of(marks.nth(step).get_attribute("aria-label"))
        expect_tooltip_shows(page, row)
        seen.append((row["usage"], row["annee"]))
        page.keyboard.press("ArrowRight")
    assert sorted(seen) == sorted((r["usage"], r["annee"]) for r in ROWS)
    expect_tooltip_shows(page, row_of(marks.nth(0).get_attribute("aria-label")))  # back to the first: 4 marks


def test_the_live_chart_keeps_one_mark_per_row_and_shows_the_focused_one(open_page):
    page = open_page("vivant.html")
    figure = go_live(page)
    live = figure.locator(".datachart-live svg")
    # The note, wrapped to the phone's room inside its bar: one text, a tspan per line.
    expect(live.locator("text", has_text="Presque le")).to_have_count(1)
    marks = live.locator(MARKS)
    expect(marks).to_have_count(4)
    live.focus()
    expect_tooltip_shows(page, row_of(marks.nth(0).get_attribute("aria-label")))
    page.keyboard.press("ArrowRight")
    expect_tooltip_shows(page, row_of(marks.nth(1).get_attribute("aria-label")))
    assert page.errors == []


def test_the_live_charts_note_reads_whole_its_lines_kept_in_place(open_page):
    """Vega writes a note of several lines as a tspan per line, each trimmed:
    the live SVG's text read « Presque ledouble ». A space now keeps the
    lines apart, where it moves no glyph (each line's drawn characters stay
    where Vega put them), and stays there as Vega redraws. On a phone, where
    the note is wrapped to its bar's room."""
    page = open_page("vivant.html", viewport={"width": 390, "height": 800})
    figure = go_live(page)
    note = figure.locator(".datachart-live svg text", has_text="Presque")
    expect(note).to_have_count(1)
    assert note.locator("tspan").count() >= 2  # wrapped: what Vega joins without a space
    measure = """(text, strip) => {
        const lines = [...text.querySelectorAll('tspan')];
        const kept = lines.map(t => t.textContent);
        if (strip) lines.forEach(t => { t.textContent = t.textContent.trim(); });
        const boxes = lines.map(t => {
          const node = t.firstChild, first = node.data.search(/\\S/);
          const range = document.createRange();
          range.setStart(node, first);
          range.setEnd(node, node.data.trimEnd().length);
          const r = range.getBoundingClientRect();
          return [r.left, r.right, r.top];
        });
        lines.forEach((t, i) => { t.textContent = kept[i]; });
        return {text: text.textContent, boxes};
    }"""
    seen = note.evaluate(measure, False)
    assert seen["text"] == "Presque le double", seen["text"]
    trimmed = note.evaluate(measure, True)  # the lines as Vega wrote them
    for line, vega in zip(seen["boxes"], trimmed["boxes"], strict=True):
        assert all(abs(a - b) < 0.5 for a, b in zip(line, vega, strict=True)), (line, vega)
    live = figure.locator(".datachart-live svg")
    live.locator(MARKS).first.hover()  # Vega redraws on hover (its tooltip): the space stays
    expect(note).to_have_text("Presque le double")
    assert page.errors == []


def contrast(one: str, other: str) -> float:
    """WCAG contrast ratio of two computed colours ("rgb(r, g, b)")."""

    def luminance(colour: str) -> float:
        channels = [int(c) / 255 for c in colour[colour.index("(") + 1 : colour.index(")")].split(",")[:3]]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_label_inside_a_bar_stays_legible_in_light_and_dark_mode(open_page, scheme):
    page = open_page("etiquettes.html", color_scheme=scheme)
    svg = page.locator("svg.datachart-svg:not(.datachart-svg-etroit)")
    # The first colour's bar (2013) and its label: white on it, dark on its light dark-mode colour.
    bar = svg.locator(f'{MARKS}[aria-label*="Réseaux sociaux"][aria-label*="2013"]')
    label = svg.locator("text", has_text="36\u202f%")
    fills = [loc.evaluate("e => getComputedStyle(e).fill") for loc in (label, bar)]
    assert contrast(fills[0], fills[1]) >= 4.5, fills
