"""`invoke livereload` in Chromium, as an editor uses it: edit an article, the
open page reloads; break a chart, the page shows the mistake and its line; fix
it, the article is back. The site's strict CSP holds all along."""

from __future__ import annotations

import pytest
from conftest import BAR_BLOCK
from playwright.sync_api import expect
from test_livereload import LiveReload, as_project

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_the_open_page_follows_each_build(usages_site, browser):
    as_project(usages_site)
    with LiveReload(usages_site.root) as live:
        context = browser.new_context()
        context.set_default_timeout(60_000)  # a build, then the reload
        page = context.new_page()
        problems = []

        def on_console(message):
            url = (message.location or {}).get("url", "")
            # The browser asks for /favicon.ico on its own; the error page is sent as a 500.
            expected = url.endswith("/favicon.ico") or (url.endswith("/essai.html") and "status of 500" in message.text)
            if message.type in ("error", "warning") and not expected:
                problems.append(f"{message.text} ({url})")

        page.on("console", on_console)
        page.on("pageerror", lambda error: problems.append(str(error)))
        requests = []
        context.on("request", lambda request: requests.append(request.url))
        page.goto(f"{live.url}/essai.html")
        expect(page.locator("main")).to_contain_text("Intro.")
        expect(page.locator("figure svg").first).to_be_visible()

        usages_site.article("essai", "Intro modifiée.\n\n" + BAR_BLOCK)
        expect(page.locator("main")).to_contain_text("Intro modifiée.")  # no reload by hand

        path = usages_site.article("essai", "Intro modifiée.\n\n" + BAR_BLOCK.replace("x: part", "x: prat"))
        line = path.read_text(encoding="utf-8").splitlines().index("x: prat") + 1
        expect(page.locator("h1")).to_have_text("La construction a échoué : 1 erreur")
        expect(page.locator(".erreurs .lieu")).to_have_text(f"content/essai.md:{line}")
        expect(page.locator(".erreurs .phrase")).to_contain_text("« prat »")
        expect(page.locator(".erreurs .correction")).to_contain_text("part")

        usages_site.article("essai", "Intro réparée.\n\n" + BAR_BLOCK)
        expect(page.locator("main")).to_contain_text("Intro réparée.")
        expect(page.locator("figure svg").first).to_be_visible()
        assert page.url == f"{live.url}/essai.html"

        assert problems == [], problems  # a CSP refusal is a console error
        assert all(url.startswith(live.url) for url in requests)
        context.close()
