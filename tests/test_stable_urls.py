"""A chart's public files keep their URL across data corrections: named after
the article and the chart's anchor (graphiques/ARTICLE/ANCHOR.csv|.svg|.html|.png),
with the version of their bytes in the query string (?v=) of every link the
site writes, so partners' embeds and shared cards survive, and caches follow."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import urlsplit

import pytest
from conftest import BAR_BLOCK, USAGES_CSV, USAGES_DESCRIPTOR

pytestmark = pytest.mark.slow

ANCHOR = "les-reseaux-sociaux-ont-presque-double"


def public_links(site, relative: str = "essai.html") -> dict[str, str]:
    """Every link to a chart file the article page writes, by what it is."""
    page = site.page(relative)
    figure = page.select_one("figure.datachart")
    snippet = figure.select_one(".datachart-embed-code code").get_text()
    return {
        "csv": figure.find("a", string=re.compile("Télécharger les données"))["href"],
        "svg": figure.find("a", string="Image SVG")["href"],
        "png button": figure.select_one("button.datachart-png")["data-svg"],
        "embed page": figure.select_one(".datachart-embed-code a")["href"],
        "embed code": re.search(r'<iframe src="([^"]+)"', snippet).group(1),
        "card": page.select_one('meta[property="og:image"]')["content"],
        "card (twitter)": page.select_one('meta[name="twitter:image"]')["content"],
    }


def check_versions(site, links: dict[str, str]) -> None:
    """Each link carries ?v= and the first characters of its file's SHA-256."""
    for what, url in links.items():
        parts = urlsplit(url)
        content = (site.output / parts.path.lstrip("/")).read_bytes()
        assert parts.query == f"v={hashlib.sha256(content).hexdigest()[:10]}", (what, url)


def test_a_data_correction_keeps_every_url_and_changes_its_version(usages_site):
    usages_site.settings.update(SITEURL="https://exemple.org", FEED_DOMAIN="https://exemple.org")
    assert usages_site.build() == 0
    before = public_links(usages_site)
    paths = {what: urlsplit(url).path for what, url in before.items()}
    assert paths == {
        "csv": f"/graphiques/essai/{ANCHOR}.csv",
        "svg": f"/graphiques/essai/{ANCHOR}.svg",
        "png button": f"/graphiques/essai/{ANCHOR}.svg",
        "embed page": f"/graphiques/essai/{ANCHOR}.html",
        "embed code": f"/graphiques/essai/{ANCHOR}.html",
        "card": f"/graphiques/essai/{ANCHOR}.png",
        "card (twitter)": f"/graphiques/essai/{ANCHOR}.png",
    }
    check_versions(usages_site, before)
    feed = (usages_site.output / "feeds" / "all.atom.xml").read_text(encoding="utf-8")
    assert before["svg"] in feed  # the feed's image: the same versioned URL

    csv = usages_site.root / "data" / "usages.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("2016,62", "2016,61"), encoding="utf-8")
    assert usages_site.build() == 0
    after = public_links(usages_site)
    assert {what: urlsplit(url).path for what, url in after.items()} == paths  # the partners' links still work
    check_versions(usages_site, after)
    for what in before:  # every file changed with the data, so did every version
        assert after[what] != before[what], what
    assert "61" in (usages_site.output / paths["csv"].lstrip("/")).read_text(encoding="utf-8")
    # The embed page links its own files by the same stable names, versioned too.
    embed = usages_site.page(paths["embed page"].lstrip("/"))
    assert embed.find("a", string=re.compile("Télécharger les données"))["href"] == after["csv"]


def test_the_embed_page_of_an_article_in_a_subfolder_finds_its_assets(site):
    site.dataset("usages", USAGES_CSV, USAGES_DESCRIPTOR)
    site.article("notes/essai", "Intro.\n\n" + BAR_BLOCK)
    assert site.build() == 0  # the link check reads every link of the embed page
    embed = site.page(f"graphiques/notes/essai/{ANCHOR}.html")
    sheets = [link["href"] for link in embed.select('link[rel="stylesheet"]')]
    assert sheets == ["../../datacharts.css", "/theme/css/site.css"]
    assert [s["src"] for s in embed.select("script[src]")] == ["../../datacharts.js", "../../datacharts-embed.js"]


def test_charts_with_one_anchor_in_two_articles_and_a_translation_never_share_a_file(site):
    site.dataset("usages", USAGES_CSV, USAGES_DESCRIPTOR)
    for name, title, lang in (("un", "Premier", "fr"), ("deux", "Second", "fr"), ("un-en", "First", "en")):
        block = BAR_BLOCK.replace("title: Les réseaux sociaux ont presque doublé", f"id: pareil\ntitle: {title}")
        meta = {"Lang": lang, "Slug": "un" if name == "un-en" else name}
        site.article(name, "Intro.\n\n" + block, title=title, **meta)
    assert site.build() == 0
    folder = site.output / "graphiques"
    for name, title in (("un", "Premier"), ("deux", "Second"), ("un-en", "First")):
        svg = (folder / name / "pareil.svg").read_text(encoding="utf-8")
        assert f">{title}</text>" in svg, name  # each file is its own chart's
        embed = (folder / name / "pareil.html").read_text(encoding="utf-8")
        assert f"<title>{title}</title>" in embed, name
    pages = {"un.html": "un", "deux.html": "deux", "un-en.html": "un-en"}
    for page, name in pages.items():
        csv = site.page(page).find("a", string=re.compile("Télécharger les données"))["href"]
        assert urlsplit(csv).path == f"/graphiques/{name}/pareil.csv", page


def test_a_data_change_redraws_only_its_charts_and_no_name_moves(site, capsys):
    site.dataset("usages", USAGES_CSV, USAGES_DESCRIPTOR)
    site.dataset("autres", USAGES_CSV, USAGES_DESCRIPTOR)
    site.article("essai", "Intro.\n\n" + BAR_BLOCK)
    site.article("autre", "Intro.\n\n" + BAR_BLOCK.replace("dataset: usages", "dataset: autres"), title="Autre")
    assert site.build() == 0
    names = sorted(p.relative_to(site.output).as_posix() for p in (site.output / "graphiques").rglob("*.*"))
    unchanged = {p: (site.output / p).read_bytes() for p in names if p.startswith("graphiques/autre/")}
    capsys.readouterr()
    csv = site.root / "data" / "usages.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("2016,62", "2016,61"), encoding="utf-8")
    assert site.build() == 0
    assert "datacharts: 1 charts rendered, 1 reused from the cache" in capsys.readouterr().out
    assert sorted(p.relative_to(site.output).as_posix() for p in (site.output / "graphiques").rglob("*.*")) == names
    assert {p: (site.output / p).read_bytes() for p in unchanged} == unchanged
