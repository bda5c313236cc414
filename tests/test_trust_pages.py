"""Trust, as a reader checks it: the study's publishers named with their
public addresses in every page's footer, an address for corrections, the author line from the
article's metadata, a 404 page in the site's style."""

from __future__ import annotations

import runpy

import pytest
from conftest import BAR_BLOCK, PROJECT

pytestmark = pytest.mark.slow

SETTINGS = runpy.run_path(str(PROJECT / "pelicanconf.py"))


@pytest.fixture
def trust_site(usages_site):
    usages_site.article("signe", BAR_BLOCK, title="Signé", Author="Camille Martin")
    (usages_site.root / "content" / "pages").mkdir(exist_ok=True)
    (usages_site.root / "content" / "pages" / "404.md").write_text(
        (PROJECT / "content" / "pages" / "404.md").read_text(encoding="utf-8"), encoding="utf-8"
    )
    assert usages_site.build() == 0
    return usages_site


def test_every_page_names_the_publishers_and_the_corrections_address(trust_site):
    assert SETTINGS["STUDY_PUBLISHERS"] and SETTINGS["CORRECTIONS_EMAIL"]
    for relative in ("index.html", "essai.html", "404.html", "donnees/usages.html", "archives.html"):
        footer = trust_site.page(relative).select_one("footer.site-footer")
        links = {a.get_text(): a["href"] for a in footer.select("a")}
        text = " ".join(footer.get_text().split())
        for name, address in SETTINGS["STUDY_PUBLISHERS"]:
            # Named with its public address, as text: the site links to no other host.
            assert f"{name}, {address}" in text, relative
            assert name not in links
        assert links[SETTINGS["CORRECTIONS_EMAIL"]] == f"mailto:{SETTINGS['CORRECTIONS_EMAIL']}", relative


def test_the_author_line_comes_from_the_articles_metadata(trust_site):
    byline = trust_site.page("signe.html").select_one(".byline").get_text(" ", strip=True)
    assert byline.startswith("Par Camille Martin ·")
    default = trust_site.page("essai.html").select_one(".byline").get_text(" ", strip=True)
    assert default.startswith(f"Par {SETTINGS['AUTHOR']} ·")
    metas = trust_site.page("signe.html").select('meta[property="article:author"]')
    assert [m["content"] for m in metas] == ["Camille Martin"]


def test_the_404_page_is_in_the_sites_style_and_out_of_the_sitemap(trust_site):
    page = trust_site.page("404.html")
    assert page.select_one('link[rel="stylesheet"][href$="/theme/css/site.css"]')
    assert page.select_one("header.site-header") and page.select_one("footer.site-footer")
    assert page.select_one("h1").get_text(strip=True) == "Page introuvable"
    # Served at any depth of the site: every link of its text starts at the root.
    hrefs = [a["href"] for a in page.select("main a")]
    assert hrefs and all(h.startswith(("/", "http", "mailto:")) for h in hrefs)
    assert "404.html" not in (trust_site.output / "sitemap.xml").read_text(encoding="utf-8")
