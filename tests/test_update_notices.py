"""« Données mises à jour le … »: a dataset corrected after an article's date
says so in the article and in each chart drawn from it, with the editor's
note; the dataset's page keeps the corrections log; feeds and sitemap follow.
The dates and notes come from the descriptor's ``updates:`` (no git history,
no file dates): the same input always gives the same output."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from conftest import BAR_BLOCK, USAGES_CSV, USAGES_DESCRIPTOR

pytestmark = pytest.mark.slow

UPDATES = """\
updates:
  - {date: 2016-05-02, note: "Première version publiée."}
  - date: 2026-11-30
    note: "Part des réseaux sociaux en 2016 corrigée d'après l'enquête définitive."
"""
OTHER_BLOCK = BAR_BLOCK.replace("dataset: usages", "dataset: autres").replace("doublé", "doublé, autrement")


def squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture
def updated_site(site):
    site.settings.update(SITEURL="https://exemple.org", FEED_DOMAIN="https://exemple.org")
    site.dataset("usages", USAGES_CSV, USAGES_DESCRIPTOR + UPDATES)
    site.dataset("autres", USAGES_CSV, USAGES_DESCRIPTOR.replace("Usages numériques", "Autres usages"))
    site.article("essai", "Intro.\n\n" + BAR_BLOCK + "\nEt puis.\n\n" + OTHER_BLOCK, date="2017-03-10")
    site.article("recent", "Intro.\n\n" + BAR_BLOCK, title="Récent", date="2026-12-01")
    quote = "{{ dataset: usages, column: part, usage: Réseaux sociaux, annee: 2016 }}"
    site.article("cite", f"En 2016, {quote} des associations.\n", title="Citation", date="2017-03-10")
    assert site.build() == 0
    return site


def test_the_article_and_its_chart_say_the_data_were_updated(updated_site):
    page = updated_site.page("essai.html")
    (notice,) = page.select("header .data-update")
    assert squeeze(notice.get_text()) == (
        "Données mises à jour le 30 novembre 2026 : Part des réseaux sociaux en 2016 corrigée d'après "
        "l'enquête définitive. (jeu de données « Usages numériques des associations »)"
    )
    assert notice.find("time")["datetime"] == "2026-11-30"
    assert notice.find("a")["href"] == "https://exemple.org/donnees/usages.html"
    first, second = page.select("figure.datachart")
    (chart_notice,) = first.select("figcaption .datachart-update")
    assert squeeze(chart_notice.get_text()).startswith("Données mises à jour le 30 novembre 2026 : Part des réseaux")
    assert second.select(".datachart-update") == []  # its own dataset was not updated
    assert "<!--datacharts:" not in page.decode()
    # The update of 2016 predates the article: it is no news to its readers.
    assert "2 mai 2016" not in page.get_text()
    # An article without a chart that quotes a value of the dataset uses it too.
    (quoting,) = updated_site.page("cite.html").select("header .data-update")
    assert squeeze(quoting.get_text()).startswith("Données mises à jour le 30 novembre 2026 : Part des réseaux")
    # An article dated after every update says nothing.
    recent = updated_site.page("recent.html")
    assert recent.select(".data-update, .datachart-update") == []


def test_the_embed_page_says_the_latest_update(updated_site):
    """Shown on partners' sites, with no article date around it: the latest update."""
    figure = updated_site.page("essai.html").select("figure.datachart")[0]
    embed = updated_site.page(
        figure.select_one("a.datachart-embed-link, a[href*='.html?v=']")["href"]
        .split("?")[0]
        .lstrip("/")
        .removeprefix("https://exemple.org/")
    )
    notices = [squeeze(n.get_text()) for n in embed.select(".datachart-update")]
    assert notices == [
        "Données mises à jour le 30 novembre 2026 : Part des réseaux sociaux en 2016 corrigée d'après "
        "l'enquête définitive."
    ]
    assert "<!--datacharts:" not in embed.decode()
    other = updated_site.page(
        updated_site.page("essai.html")
        .select("figure.datachart")[1]
        .select_one("a[href*='.html?v=']")["href"]
        .split("?")[0]
        .removeprefix("https://exemple.org/")
    )
    assert other.select(".datachart-update") == []


def test_the_dataset_page_lists_its_corrections_latest_first(updated_site):
    page = updated_site.page("donnees/usages.html")
    log = [squeeze(li.get_text()) for li in page.select("#mises-a-jour + ul.dataset-updates li")]
    assert log == [
        "30 novembre 2026 : Part des réseaux sociaux en 2016 corrigée d'après l'enquête définitive.",
        "2 mai 2016 : Première version publiée.",
    ]
    assert updated_site.page("donnees/autres.html").select("#mises-a-jour, .dataset-updates") == []
    catalogue = squeeze(updated_site.page("donnees/index.html").get_text())
    assert "mis à jour le 30 novembre 2026" in catalogue


def test_feeds_and_sitemap_follow_the_latest_update(updated_site):
    atom = BeautifulSoup((updated_site.output / "feeds" / "all.atom.xml").read_text(encoding="utf-8"), "xml")
    entries = {e.find("link")["href"]: e for e in atom.find_all("entry")}
    essai = entries["https://exemple.org/essai.html"]
    assert essai.find("published").get_text().startswith("2017-03-10")
    assert essai.find("updated").get_text().startswith("2026-11-30")
    assert entries["https://exemple.org/recent.html"].find("updated").get_text().startswith("2026-12-01")
    # The feed's content shows the chart's notice too.
    content = BeautifulSoup(essai.find("content").get_text(), "html.parser")
    (chart_notice,) = content.select("figure.datachart .datachart-update")
    assert squeeze(chart_notice.get_text()).startswith("Données mises à jour le 30 novembre 2026 : Part des réseaux")
    sitemap = (updated_site.output / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://exemple.org/essai.html</loc><lastmod>2026-11-30</lastmod>" in sitemap
    assert "<loc>https://exemple.org/recent.html</loc><lastmod>2026-12-01</lastmod>" in sitemap
    # The byline keeps its own dates: the notice says what changed and when.
    byline = squeeze(updated_site.page("essai.html").select_one(".byline").get_text())
    assert byline.endswith("Publié le 10 mars 2017")


def test_without_updates_nothing_is_said_and_dates_stay(site):
    site.dataset("usages", USAGES_CSV, USAGES_DESCRIPTOR)
    site.article("essai", "Intro.\n\n" + BAR_BLOCK, date="2017-03-10")
    assert site.build() == 0
    page = site.page("essai.html")
    assert page.select(".data-update, .datachart-update") == []
    assert "<!--datacharts:" not in page.decode()
    assert "<lastmod>2017-03-10</lastmod>" in (site.output / "sitemap.xml").read_text(encoding="utf-8")
    assert site.page("donnees/usages.html").select(".dataset-updates") == []
