"""Hostile cells in Chromium: no dialog opens and no injected script runs,
on load, on hover, on focus, in the live chart and on the dataset page."""

from __future__ import annotations

import pytest
from conftest import Site
from test_hostile import HOSTILE_CSV

from .conftest import serve
from .test_charts import go_live

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory, chromium_executable):
    site = Site(tmp_path_factory.mktemp("hostile-site"))
    site.dataset("hostile", HOSTILE_CSV)
    site.article(
        "hostile",
        "```chart\ndataset: hostile\nmark: bar\nx: valeur\ny: nom\ninteractive: true\n"
        "title: Données hostiles\ndescription: Trois barres.\n```\n\n"
        "```chart\ndataset: hostile\nmark: bar\nx: valeur\ny: nom\ntitle: Statique\ndescription: Les mêmes.\n```\n",
    )
    assert site.build() == 0
    with serve(site.output) as url:
        yield url


@pytest.mark.parametrize("path", ["hostile.html", "donnees/hostile.html"])
def test_no_dialog_and_no_injected_script(browser, hostile_url, path):
    context = browser.new_context()
    try:
        page = context.new_page()
        dialogs = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.add_init_script("window.__injected = 0; window.alert = () => { window.__injected += 1; };")
        page.goto(f"{hostile_url}/{path}", wait_until="load")
        if path == "hostile.html":
            shown = "figure:not(.datachart--interactive) svg.datachart-svg:not(.datachart-svg-etroit)"
            for mark in page.locator(f'{shown} [role="graphics-symbol"]').all():
                mark.hover()
            page.locator(shown).focus()
            page.keyboard.press("ArrowRight")
            tooltip = page.locator("figure:not(.datachart--interactive) .datachart-tooltip")
            assert tooltip.locator("img, b").count() == 0  # shown as text
            go_live(page)
            page.locator(".datachart-live svg").hover()
        page.wait_for_timeout(300)
        assert dialogs == []
        assert page.evaluate("window.__injected") == 0
        assert page.locator("img[src='x']").count() == 0
    finally:
        context.close()
