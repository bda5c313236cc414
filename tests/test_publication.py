"""The publication itself, built from the repository's content/, data/ and charts/."""

from __future__ import annotations

import re
import shutil

import pytest
from conftest import PROJECT, Site

pytestmark = pytest.mark.slow
MONTHS = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
FRENCH_DATE = re.compile(rf"\b(1er|[12]?\d|3[01]) ({MONTHS}) \d{{4}}\b")


@pytest.fixture(scope="module")
def publication(tmp_path_factory) -> Site:
    site = Site(tmp_path_factory.mktemp("publication"))
    for name in ("content", "data", "charts"):
        if (PROJECT / name).exists():
            shutil.copytree(PROJECT / name, site.root / name)
    assert site.build() == 0
    return site


def article_pages(site: Site):
    index = site.page("archives.html")
    return [a["href"].lstrip("/") for a in index.select("main a[href$='.html']") if "/" not in a["href"].lstrip("/")]


def test_every_chart_draws_from_a_dataset_that_exists_and_lists_it(publication):
    figures = 0
    for path in sorted(publication.output.glob("*.html")):
        page = publication.page(path.name)
        for figure in page.select("main figure.datachart"):
            if figure.find_parent(class_="lead-chart"):
                continue  # the home page's copy of the lead chart
            figures += 1
            link = figure.select_one(".datachart-source a")
            assert link is not None, f"{path.name}#{figure['id']} names no dataset"
            dataset_page = publication.page(link["href"].lstrip("/"))
            uses = [a["href"] for a in dataset_page.select(".dataset-uses a")]
            assert any(u.endswith(f"{path.name}#{figure['id']}") for u in uses), (path.name, figure["id"])
            csv = figure.find("a", string=re.compile("Télécharger les données"))["href"].split("?v=")[0].lstrip("/")
            assert (publication.output / csv).read_text(encoding="utf-8").count("\n") >= 2
    assert figures >= 8


def test_every_dataset_is_charted_somewhere(publication):
    catalogue = publication.page("donnees/index.html")
    for link in catalogue.select(".dataset-list h2 a"):
        page = publication.page(link["href"].lstrip("/"))
        assert page.select(".dataset-uses a"), f"{link['href']} is used by no chart"


def test_articles_are_long_reads_with_charts_and_french_dates(publication):
    pages = [p for p in article_pages(publication) if p not in ("index.html", "archives.html")]
    assert len(pages) >= 4
    for path in pages:
        page = publication.page(path)
        body = page.select_one("main")
        assert len(body.select("figure.datachart")) >= 2, path
        words = len(re.findall(r"\w+", " ".join(p.get_text() for p in body.select(".prose > p"))))
        assert words >= 600, (path, words)
        assert FRENCH_DATE.search(body.get_text()), path


def test_home_leads_with_a_chart_then_lists_the_others(publication):
    home = publication.page("index.html")
    assert home.select_one(".lead figure.datachart svg") is not None
    cards = home.select(".latest .card")
    assert len(cards) >= 3
    for card in cards:  # each with its first chart as a static thumbnail
        thumb = card.select_one("img.card-thumb")
        assert thumb is not None and (publication.output / thumb["src"].split("?v=")[0].lstrip("/")).exists()


def test_plain_pelican_builds_the_same_site(publication):
    """`pelican content`, as any Pelican site is built, gives the pages and
    chart files `invoke build` gives (no staging folder, no swap)."""
    import subprocess
    import sys

    from test_build import snapshot

    other = publication.root / "plain-output"
    done = subprocess.run(
        [sys.executable, "-m", "pelican", "content", "-s", "pelicanconf.py", "-o", str(other), "-q"],
        cwd=publication.root,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert snapshot(other) == snapshot(publication.output)
