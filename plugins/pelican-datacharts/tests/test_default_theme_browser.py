"""What only a browser shows of a chart on Pelican's default theme: one of its
two drawings at a time, tooltips, and a strict Content-Security-Policy kept."""

from __future__ import annotations

import concurrent.futures
import contextlib
import functools
import importlib.util
import os
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from .conftest import BAR_BLOCK, USAGES_CSV, USAGES_DESCRIPTOR

pytestmark = [pytest.mark.slow, pytest.mark.browser]

CHROMIUM = Path("/usr/bin/chromium")  # Debian's: playwright cannot download browsers here
CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'"


class _StrictHandler(SimpleHTTPRequestHandler):
    """Serves the output with the strict policy as an HTTP header, as a host would."""

    def end_headers(self):
        self.send_header("Content-Security-Policy", CSP)
        super().end_headers()

    def log_message(self, format, *args):
        pass


@contextlib.contextmanager
def serve(folder: Path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_StrictHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def unavailable(reason: str):
    """Skip locally; fail under CI=true, where the browser layer must run (as the site's browser tests do)."""
    if os.environ.get("CI", "").strip().lower() == "true":
        pytest.fail(f"{reason} (CI=true: browser tests must run, not skip)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture
def chromium() -> str:
    if importlib.util.find_spec("playwright") is None:
        unavailable("playwright is not installed (the site's requirements.txt has it)")
    if not CHROMIUM.exists():
        unavailable(f"{CHROMIUM} is missing: install Debian's chromium to run the browser tests")
    return str(CHROMIUM)


def test_a_chart_on_the_default_theme_shows_one_drawing_and_its_tooltips(site, chromium):
    site.dataset("usages", USAGES_CSV, USAGES_DESCRIPTOR)
    site.write("content/essai.md", f"Title: Essai\nDate: 2017-03-10\n\nIntro.\n\n{BAR_BLOCK}")
    output = site.build()
    # In a thread of its own: the site's browser tests keep a sync Playwright
    # (and its event loop) open in this thread for the whole session.
    with serve(output) as base, concurrent.futures.ThreadPoolExecutor(1) as thread:
        thread.submit(check_in_chromium, chromium, f"{base}/essai.html").result()


def check_in_chromium(chromium: str, url: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        try:
            for width, shown, hidden in ((1280, "large", "etroit"), (375, "etroit", "large")):
                context = browser.new_context(viewport={"width": width, "height": 800})
                context.set_default_timeout(5_000)
                context.add_init_script(
                    "window.__csp = []; document.addEventListener('securitypolicyviolation',"
                    " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
                )
                page = context.new_page()
                page.goto(url)
                figure = page.locator("figure.datachart")
                expect(figure.locator(f"svg.datachart-svg-{shown}")).to_be_visible()
                expect(figure.locator(f"svg.datachart-svg-{hidden}")).to_be_hidden()
                mark = figure.locator(f'svg.datachart-svg-{shown} [role="graphics-symbol"][aria-label]').first
                mark.hover()
                tooltip = figure.locator(".datachart-tooltip")
                expect(tooltip).to_be_visible()
                expect(tooltip).to_contain_text("Réseaux sociaux")
                assert page.evaluate("window.__csp") == [], width
                context.close()
        finally:
            browser.close()
