"""What a shared link shows: every page type has a canonical link and its
Open Graph and Twitter tags; pages without a chart get the site's card, the
dataset pages their first chart's card, an article its lead chart's."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from conftest import BAR_BLOCK

pytestmark = pytest.mark.slow

SITEURL = "https://exemple.org"


def head_tags(soup) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for meta in soup.select("head meta[property], head meta[name]"):
        found.setdefault(meta.get("property") or meta["name"], []).append(meta.get("content", ""))
    found["canonical"] = [link["href"] for link in soup.select('head link[rel="canonical"]')]
    return found


@pytest.fixture
def shared_site(usages_site):
    usages_site.settings["SITEURL"] = SITEURL
    usages_site.article("sans-graphique", "Un texte sans graphique.\n", title="Sans graphique", date="2017-03-01")
    pages = usages_site.root / "content" / "pages"
    pages.mkdir(exist_ok=True)
    (pages / "methodologie.md").write_text(
        "Title: Méthodologie\nSlug: methodologie\n\nD'où viennent les chiffres.\n\n"
        + BAR_BLOCK.replace("doublé", "doublé, en méthode"),
        encoding="utf-8",
    )
    (pages / "a-propos.md").write_text("Title: À propos\nSlug: a-propos\n\nQui nous sommes.\n", encoding="utf-8")
    assert usages_site.build() == 0
    return usages_site


def test_every_page_has_a_canonical_link_and_a_card(shared_site):
    output = shared_site.output
    pages = [
        p.relative_to(output).as_posix()
        for p in output.rglob("*.html")
        if p.relative_to(output).parts[0] not in ("graphiques", "pagefind")
    ]
    kinds = {"index.html", "essai.html", "sans-graphique.html", "methodologie.html", "a-propos.html"}
    kinds |= {"archives.html", "categories.html", "tags.html", "donnees/index.html", "donnees/usages.html"}
    kinds |= {"categorie/essais.html", "recherche.html"}
    assert kinds <= set(pages), kinds - set(pages)
    for relative in pages:
        tags = head_tags(shared_site.page(relative))
        assert tags["canonical"] == [f"{SITEURL}/{relative}"], relative
        assert tags["og:url"] == tags["canonical"], relative
        for name in ("og:type", "og:title", "og:description", "og:site_name", "og:image", "og:image:alt"):
            assert len(tags.get(name, [])) == 1 and tags[name][0].strip(), (relative, name)
        for name in ("twitter:card", "twitter:title", "twitter:description", "twitter:image"):
            assert len(tags.get(name, [])) == 1 and tags[name][0].strip(), (relative, name)
        assert tags["twitter:card"] == ["summary_large_image"]
        image = tags["og:image"][0]
        assert image.startswith(f"{SITEURL}/") and image == tags["twitter:image"][0]
        png = output / urlsplit(image).path.lstrip("/")
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", relative


def test_which_card_each_page_shares(shared_site):
    def card(relative):
        return head_tags(shared_site.page(relative))["og:image"][0]

    site_card = f"{SITEURL}/carte-du-site.png"
    chart_card = card("essai.html")
    assert chart_card != site_card and urlsplit(chart_card).path.startswith("/graphiques/essai/")
    assert card("sans-graphique.html") == site_card
    assert card("a-propos.html") == site_card
    assert card("index.html") == site_card
    # The methodology page's own chart card, built for it, is the one it shares.
    assert card("methodologie.html") not in (site_card, chart_card)
    assert urlsplit(card("methodologie.html")).path.startswith("/graphiques/pages/methodologie/")
    # A dataset's page: the card of a chart drawn from it.
    assert card("donnees/usages.html") in (chart_card, card("methodologie.html"))
    tags = head_tags(shared_site.page("essai.html"))
    assert tags["og:type"] == ["article"]
    assert tags["og:title"] == ["Essai"]
    assert tags["og:image:alt"] == ["Les réseaux sociaux ont presque doublé"]
