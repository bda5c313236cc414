"""A tiny site built once per session, served on 127.0.0.1, and one Chromium.

Chromium is Debian's (/usr/bin/chromium): `playwright install` cannot download
browsers here. Without it the tests skip, except under CI=true, where a missing
browser must fail the run rather than let the browser layer vanish silently.
"""

from __future__ import annotations

import contextlib
import functools
import os
import threading
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

# tests/conftest.py is imported by pytest as the top-level module `conftest`
# (tests/ has no __init__.py); its Site factory is the backbone of every build test.
from conftest import BAR_BLOCK, USAGES_CSV, USAGES_DESCRIPTOR, Site

from .tinysite import FILLER, LINE_BLOCK, STATIC_LINE_BLOCK

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-gpu",
]


# What a text draws, as a reader sees it (JavaScript, for page.evaluate): the
# box of its characters, not of the spaces kept between the lines of a wrapped
# label (render.py: invisible, but inside the text's box).
# The lines that draw a PNG (the data: URL ``url``) on a canvas: a test then reads
# ``context``'s pixels.
PNG_ON_CANVAS = """
            const image = new Image();
            image.src = url;
            await image.decode();
            const canvas = document.createElement("canvas");
            canvas.width = image.naturalWidth;
            canvas.height = image.naturalHeight;
            const context = canvas.getContext("2d");
            context.drawImage(image, 0, 0);
"""

DRAWN_TEXT = r"""
const drawn = t => {
  const walker = document.createTreeWalker(t, NodeFilter.SHOW_TEXT);
  let node, r = null;
  while ((node = walker.nextNode())) {
    const first = node.data.search(/\S/);
    if (first < 0) continue;
    const range = document.createRange();
    range.setStart(node, first);
    range.setEnd(node, node.data.trimEnd().length);
    const q = range.getBoundingClientRect();
    r = r ? {left: Math.min(r.left, q.left), right: Math.max(r.right, q.right),
             top: Math.min(r.top, q.top), bottom: Math.max(r.bottom, q.bottom)} : q;
  }
  return r;
};
"""


def unavailable(reason: str):
    """Skip locally; fail under CI=true, where the browser layer must run."""
    if os.environ.get("CI", "").strip().lower() == "true":
        pytest.fail(f"{reason} (CI=true: browser tests must run, not skip)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    if not CHROMIUM.exists():
        unavailable(f"{CHROMIUM} is missing: install Debian's chromium to run the browser tests")
    return str(CHROMIUM)


@pytest.fixture(scope="session")
def chart_site(tmp_path_factory, chromium_executable) -> Site:
    """One build for the whole session: a bar chart, a live line chart, a static one."""
    site = Site(tmp_path_factory.mktemp("browser-site"))
    site.dataset("usages", USAGES_CSV, USAGES_DESCRIPTOR)
    site.article("essai", "Intro.\n\n" + BAR_BLOCK)
    site.article("courbe", FILLER + "\n\n" + LINE_BLOCK, title="Courbe", date="2017-03-11")
    site.article("ligne", "Intro.\n\n" + STATIC_LINE_BLOCK, title="Ligne", date="2017-03-09", Tags="tendance")
    assert site.build() == 0, "the browser tests' tiny site did not build"
    return site


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@contextlib.contextmanager
def serve(folder):
    """http://127.0.0.1:PORT serving a folder, on a free port, while in the block."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="browser-tests-http", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def base_url(chart_site) -> str:
    """http://127.0.0.1:PORT serving the site's output/."""
    with serve(chart_site.output) as url:
        yield url


@pytest.fixture(scope="session")
def browser(chromium_executable):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_executable, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Visit:
    """One page in a fresh browser context, with what happened while it loaded."""

    page: object
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def csp_violations(self) -> list[str]:
        """Every Content-Security-Policy violation the page reported so far."""
        return self.page.evaluate("window.__cspViolations || []")

    def requested(self, fragment: str) -> list[str]:
        """The URLs requested whose path contains fragment."""
        return [url for url in self.requests if fragment in urlsplit(url).path]


# Browsers ask for /favicon.ico on their own; the page never references it, so
# its 404 is not an error of the page under test (see the report on the theme).
def _is_favicon(message) -> bool:
    return (message.location or {}).get("url", "").endswith("/favicon.ico")


@pytest.fixture
def visit(browser, base_url):
    """visit("essai.html", javascript=False) -> Visit; contexts closed afterwards."""
    contexts = []

    def open_page(path: str, javascript: bool = True) -> Visit:
        context = browser.new_context(java_script_enabled=javascript, viewport={"width": 1280, "height": 720})
        context.set_default_timeout(5_000)
        contexts.append(context)
        # Recorded from the very first script, before the page's own run.
        context.add_init_script(
            "window.__cspViolations = [];"
            "document.addEventListener('securitypolicyviolation', e =>"
            " window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile));"
        )
        page = context.new_page()
        result = Visit(page)
        context.on("request", lambda request: result.requests.append(request.url))

        def on_console(message):
            if message.type == "error" and not _is_favicon(message):
                result.errors.append(f"console: {message.text} ({message.location.get('url')})")

        page.on("console", on_console)
        page.on("pageerror", lambda error: result.errors.append(f"pageerror: {error}"))
        page.goto(f"{base_url}/{path}", wait_until="load")
        return result

    yield open_page
    for context in contexts:
        context.close()
