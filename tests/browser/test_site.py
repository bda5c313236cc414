"""Every page type in Chromium: strict CSP holds, nothing leaves the site, search works."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from .test_charts import go_live, scroll_every_chart_into_view
from .tinysite import ARCHIVES, BAR_ARTICLE, HOME, LIVE_ARTICLE

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PAGE_TYPES = [
    HOME,
    BAR_ARTICLE,
    LIVE_ARTICLE,
    ARCHIVES,
    "categories.html",
    "categorie/essais.html",
    "tags.html",
    "etiquette/tendance.html",
    "donnees/index.html",
    "donnees/usages.html",
    "recherche.html",
]


def embed_page(visit) -> str:
    loaded = visit(BAR_ARTICLE)
    return loaded.page.locator(".datachart-embed-code a").first.get_attribute("href").lstrip("/")


@pytest.mark.parametrize("path", [*PAGE_TYPES, "embed"])
def test_strict_csp_holds_on_every_page_type(visit, base_url, path):
    if path == "embed":
        path = embed_page(visit)
    loaded = visit(path)
    page = loaded.page
    policy = page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
    assert "script-src 'self'" in policy and "unsafe-eval" not in policy.replace("wasm-unsafe-eval", "")
    assert "unsafe-inline" not in policy
    if page.locator("figure.datachart--interactive").count():
        go_live(page)  # the live chart runs Vega under the same policy
    scroll_every_chart_into_view(page)
    if path == "recherche.html":
        page.locator("#recherche input").fill("courbe")
        expect(page.locator(".pagefind-ui__result").first).to_be_visible(timeout=10_000)
    assert loaded.csp_violations() == []
    assert loaded.errors == []
    origin = urlsplit(base_url).netloc
    assert [u for u in loaded.requests if not u.startswith("data:") and urlsplit(u).netloc != origin] == []


def test_search_finds_an_article_by_a_word_of_its_title(visit):
    page = visit("recherche.html").page
    page.locator("#recherche input").fill("Courbe")
    result = page.locator(".pagefind-ui__result-link").first
    expect(result).to_be_visible(timeout=10_000)
    assert result.get_attribute("href").endswith(LIVE_ARTICLE)


def test_search_indexes_chart_titles_and_descriptions(visit):
    page = visit("recherche.html").page
    page.locator("#recherche input").fill("doublé")  # a word of the bar chart's title only
    links = page.locator(".pagefind-ui__result-link")
    expect(links.first).to_be_visible(timeout=10_000)
    assert any(href.endswith(BAR_ARTICLE) for href in links.evaluate_all("els => els.map(e => e.href)"))


def test_print_shows_charts_with_their_source_and_link_urls(visit):
    page = visit(BAR_ARTICLE).page
    page.emulate_media(media="print")
    assert not page.locator(".site-nav").is_visible()
    assert not page.locator(".datachart-downloads").is_visible()
    figure = page.locator("figure.datachart").first
    assert figure.locator("svg.datachart-svg:not(.datachart-svg-etroit)").is_visible()
    assert figure.locator(".datachart-source").is_visible()
    # Links print their address after their text.
    after = figure.locator(".datachart-source a").evaluate("a => getComputedStyle(a, '::after').content")
    assert "donnees/usages.html" in after or "attr(href)" in after or "http" in after


def test_phones_get_the_narrow_drawing_with_legible_labels(browser, base_url):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.goto(f"{base_url}/{BAR_ARTICLE}", wait_until="load")
        figure = page.locator("figure.datachart").first
        assert not figure.locator("svg.datachart-svg-large").is_visible()
        narrow = figure.locator("svg.datachart-svg-etroit")
        assert narrow.is_visible()
        heights = narrow.locator("text").evaluate_all("ts => ts.map(t => t.getBoundingClientRect().height)")
        assert min(h for h in heights if h > 0) >= 10  # px on screen: legible
        # Its marks carry the values too: the tooltip works on the drawing shown.
        narrow.locator('[role="graphics-symbol"]').first.hover()
        expect(figure.locator(".datachart-tooltip")).to_be_visible()
    finally:
        context.close()
