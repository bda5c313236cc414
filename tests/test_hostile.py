"""Hostile data stays text: in the SVG, the tooltip labels, the tables, the JSON."""

from __future__ import annotations

import json
import re

import pytest

pytestmark = pytest.mark.slow

SCRIPT = "</script><img src=x onerror=alert(1)>"
BOLD = "<b>bold</b>"
SEPARATORS = "ligne\u2028suite\u2029fin"
HOSTILE_CSV = (
    f'nom,valeur,lien\n"{SCRIPT}",1,javascript:alert(1)\n"{BOLD}",2,https://exemple.org/\n"{SEPARATORS}",3,#x\n'
)


@pytest.fixture
def hostile_site(site):
    site.dataset("hostile", HOSTILE_CSV)
    charts = site.root / "charts"
    charts.mkdir()
    (charts / "liens.py").write_text(
        'import altair as alt\nDATASET = "hostile"\n\n\ndef build(data):\n'
        '    return alt.Chart(data).mark_bar().encode(x="valeur:Q", y="nom:N", href="lien:N")\n',
        encoding="utf-8",
    )
    site.article(
        "hostile",
        "```chart\ndataset: hostile\nmark: bar\nx: valeur\ny: nom\ntooltip: [nom, valeur]\ninteractive: true\n"
        "title: Données hostiles\ndescription: Trois barres.\n```\n\n"
        "```chart\nchart: liens\ntitle: Liens\ndescription: Des barres avec des liens.\n```\n\n"
        "Citée : {{ dataset: hostile, column: nom, valeur: 2 }}.\n",
    )
    assert site.build() == 0
    return site


def test_cells_stay_text_in_the_page(hostile_site):
    html = (hostile_site.output / "hostile.html").read_text(encoding="utf-8")
    page = hostile_site.page("hostile.html")
    assert not page.select("img[src=x]") and not page.select("figure b") and not page.select(".data-value b")
    assert "</script><img" not in html
    svg_texts = [t.get_text() for t in page.select("figure svg text")]
    assert any(t.startswith("</script><img") for t in svg_texts) and BOLD in svg_texts  # long labels end in …
    labels = " ".join(m["aria-label"] for m in page.select('figure svg [role="graphics-symbol"]'))
    assert SCRIPT in labels  # what the tooltip script shows, with textContent
    cells = [td.get_text() for td in page.select("figure .datachart-table td")]
    assert SCRIPT in cells and BOLD in cells and SEPARATORS in cells
    assert page.select_one(".data-value").get_text() == BOLD


def test_embedded_json_still_parses(hostile_site):
    page = hostile_site.page("hostile.html")
    spec = json.loads(page.select_one('script[type="application/json"]').string)
    names = [row["nom"] for row in next(iter(spec["datasets"].values()))]
    assert names == [SCRIPT, BOLD, SEPARATORS]
    raw = page.select_one('script[type="application/json"]').string
    assert "\u2028" not in raw and "\u2029" not in raw and "<" not in raw


def test_javascript_urls_never_reach_an_href(hostile_site):
    html = (hostile_site.output / "hostile.html").read_text(encoding="utf-8")
    assert not re.search(r'href="\s*javascript:', html, re.I)
    page = hostile_site.page("hostile.html")
    assert not page.select("figure svg a")  # a static picture has nothing to click
    # Links live in the live chart only, where Vega's sanitizer refuses javascript: URLs.
    links = page.find(id="liens")
    assert links.has_attr("data-runtime")
    spec = json.loads(links.select_one('script[type="application/json"]').string)
    assert spec["encoding"]["href"]["field"] == "lien"


def test_dataset_page_shows_cells_as_text(hostile_site):
    page = hostile_site.page("donnees/hostile.html")
    cells = [td.get_text() for td in page.select(".dataset-preview td")]
    assert SCRIPT in cells and BOLD in cells
    assert not page.select("main img[src=x]") and not page.select(".dataset-preview b")
