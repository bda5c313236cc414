"""A partner site pastes « Intégrer ce graphique » into its own page, served
from another origin, by a server that applies our ``_headers`` as Netlify and
Cloudflare Pages do (every matching rule, a header named twice joined): the
chart shows in the site's style, the frame follows its height, links open in
the reader's window, and the site's other pages still refuse to be framed.
"""

from __future__ import annotations

import contextlib
import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect
from test_headers import headers_for, parse

from .conftest import serve
from .tinysite import BAR_ARTICLE

pytestmark = [pytest.mark.browser, pytest.mark.slow]


class _HeadersHandler(SimpleHTTPRequestHandler):
    rules: tuple = ()

    def end_headers(self):
        for name, values in headers_for(self.rules, urlsplit(self.path).path, "all").items():
            self.send_header(name, ", ".join(values))
        super().end_headers()

    def log_message(self, format, *args):
        pass


@contextlib.contextmanager
def serve_with_headers(folder):
    handler = type("Handler", (_HeadersHandler,), {"rules": parse((folder / "_headers").read_text(encoding="utf-8"))})
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def site_url(chart_site):
    with serve_with_headers(chart_site.output) as url:
        yield url


@pytest.fixture(scope="module")
def partner(browser, site_url, tmp_path_factory):
    """The partner's page: the article's embed code as a reader copies it (its
    address made absolute, as a published site's is), beside an iframe of an
    article, on a dark page of another origin."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{site_url}/{BAR_ARTICLE}")
    snippet = page.locator(".datachart-embed-code code").first.text_content()
    context.close()
    assert "<iframe" in snippet and "<script>" in snippet
    snippet = snippet.replace('src="/', f'src="{site_url}/')
    folder = tmp_path_factory.mktemp("partner")
    (folder / "index.html").write_text(
        "<!doctype html><html lang='fr'><head><meta charset='utf-8'><title>Partenaire</title>"
        "<style>body{background:#101010;color:#eee;margin:0 auto;max-width:680px}</style></head><body>"
        f"<h1>Un site partenaire</h1>{snippet}"
        f"<iframe id='article' src='{site_url}/{BAR_ARTICLE}' title='article'></iframe></body></html>",
        encoding="utf-8",
    )
    with serve(folder) as url:
        yield url


def open_partner(browser, partner, width=680, scheme="light"):
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{partner}/index.html", wait_until="load")
    frame = page.frame_locator("iframe[data-datacharts-embed]")
    expect(frame.locator("figure.datachart")).to_be_visible()
    return context, page, frame, errors


def frame_heights(page):
    frame = next(f for f in page.frames if f.url.split("?")[0].endswith(".html") and "/graphiques/" in f.url)
    inner = frame.evaluate("() => [document.documentElement.scrollHeight, document.documentElement.clientHeight]")
    outer = page.locator("iframe[data-datacharts-embed]").evaluate("f => f.getBoundingClientRect().height")
    return inner, outer


@pytest.mark.parametrize("width", [680, 360])
def test_the_pasted_embed_shows_whole_and_follows_its_height(browser, partner, width):
    context, page, frame, errors = open_partner(browser, partner, width)
    try:
        iframe = page.locator("iframe[data-datacharts-embed]")
        initial = int(iframe.get_attribute("height"))
        # Resized by the snippet: the frame's page has no scrollbar of its own.
        page.wait_for_function(
            """() => { const f = document.querySelector('iframe[data-datacharts-embed]');
                       return f.style.height !== ''; }"""
        )
        (scroll, client), outer = frame_heights(page)
        assert scroll <= client + 1, f"{scroll} px of content in a {client} px frame"
        assert abs(outer - client) <= 1
        assert outer != initial or scroll == client
        box, source = iframe.bounding_box(), frame.locator(".datachart-downloads").bounding_box()
        assert source["y"] + source["height"] <= box["y"] + box["height"]
        # Opening the data table makes the frame taller, with no inner scrollbar.
        before = outer
        frame.locator(".datachart-table summary").click()
        page.wait_for_function(
            "h => document.querySelector('iframe[data-datacharts-embed]').getBoundingClientRect().height > h",
            arg=before,
        )
        (scroll, client), _ = frame_heights(page)
        assert scroll <= client + 1
        assert errors == []
    finally:
        context.close()


def luminance(rgb: str) -> float:
    r, g, b = (int(part) for part in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3])
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_embed_has_the_sites_fonts_and_colours(browser, partner, chart_site, scheme):
    context, _page, frame, _ = open_partner(browser, partner, scheme=scheme)
    try:
        body = frame.locator("body")
        style = body.evaluate(
            "b => { const s = getComputedStyle(b); return [s.backgroundColor, s.color, s.fontFamily]; }"
        )
        background, colour, font = style
        assert background not in ("rgba(0, 0, 0, 0)", "transparent"), "the embed has no background of its own"
        assert "Times" not in font
        # The site's own stylesheet: its text font.
        css = (chart_site.output / "theme" / "css" / "site.css").read_text(encoding="utf-8")
        assert font.split(",")[0].strip('"') in css
        if scheme == "dark":
            assert luminance(background) < 0.2 and luminance(colour) > 0.7
        else:
            assert luminance(background) > 0.9 and luminance(colour) < 0.3
        link = frame.locator(".datachart-source a")
        assert link.evaluate("a => getComputedStyle(a).color") != "rgb(0, 0, 238)"  # not the browser's blue
    finally:
        context.close()


def test_a_link_in_the_embed_opens_in_the_readers_window(browser, partner, site_url):
    context, page, frame, _ = open_partner(browser, partner)
    try:
        link = frame.locator(".datachart-source a")
        href = link.get_attribute("href")
        with page.expect_navigation():
            link.click()
        assert page.url == f"{site_url}{href}"  # the whole window, not the frame
        expect(page.locator("h1")).to_be_visible()
    finally:
        context.close()


def test_the_sites_other_pages_cannot_be_framed_by_another_site(browser, partner):
    context, page, _, _ = open_partner(browser, partner)
    try:
        page.wait_for_timeout(500)
        framed = [f.url for f in page.frames if f is not page.main_frame]
        assert any("/graphiques/" in url for url in framed)
        # Refused by frame-ancestors 'self': Chromium shows its error page instead.
        article = page.locator("#article").element_handle().content_frame()
        assert article.url != "" and not article.url.endswith(BAR_ARTICLE), framed
    finally:
        context.close()
