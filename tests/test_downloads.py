"""What a reader downloads: the SVG image (and the PNG their browser draws
from it) carries the chart's title, its source, the site's name and the
data's licence, drawn with the chart; the CSV stays a plain CSV."""

from __future__ import annotations

import csv
import io
import re

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import BAR_BLOCK, USAGES_CSV, USAGES_DESCRIPTOR

pytestmark = pytest.mark.slow

LICENCE = "Licence Ouverte / Open Licence 2.0"
BLOCK = yaml.safe_load(BAR_BLOCK.split("```chart")[1].split("```")[0])


@pytest.fixture
def licensed_site(site):
    descriptor = USAGES_DESCRIPTOR + f"licenses:\n  - name: etalab-2.0\n    title: {LICENCE}\n"
    site.dataset("usages", USAGES_CSV, descriptor)
    site.article("essai", "Intro.\n\n" + BAR_BLOCK)
    site.settings["SITENAME"] = "Le site d'essai"
    assert site.build() == 0
    return site


def downloads(site):
    figure = site.page("essai.html").select_one("figure.datachart")
    links = {a.get_text(): a["href"] for a in figure.select(".datachart-downloads a")}
    return figure, links


def test_the_svg_download_says_what_it_is_and_where_it_comes_from(licensed_site):
    figure, links = downloads(licensed_site)
    svg_text = (licensed_site.output / links["Image SVG"].split("?v=")[0].lstrip("/")).read_text(encoding="utf-8")
    root = BeautifulSoup(svg_text, "xml").find("svg")
    drawn = [" ".join(t.get_text().split()) for t in root.find_all("text", recursive=False)]
    source = yaml.safe_load(USAGES_DESCRIPTOR)["sources"][0]["title"]
    assert drawn[0] == BLOCK["title"]
    footer = " ".join(drawn[1:])
    assert f"Source : {source}" in footer
    assert "Le site d'essai" in footer and f"Licence : {LICENCE}" in footer
    # The drawing inside, below the title, whole: the page's own drawing, with its accessible name.
    (chart,) = root.find_all("svg", recursive=False)
    inline = figure.select_one("svg.datachart-svg")
    assert chart.find("title").get_text() == inline.find("title").get_text()
    assert len(chart.select('[role="graphics-symbol"]')) == len(inline.select('[role="graphics-symbol"]'))
    width, height = (float(root[k]) for k in ("width", "height"))
    assert float(chart["y"]) > 0 and float(chart["y"]) + float(chart["height"]) < height
    assert width == float(chart["width"])


def test_the_csv_download_stays_plain(licensed_site):
    _, links = downloads(licensed_site)
    text = (licensed_site.output / links["Télécharger les données (CSV)"].split("?v=")[0].lstrip("/")).read_text(
        encoding="utf-8"
    )
    rows = list(csv.DictReader(io.StringIO(text)))
    expected = list(csv.DictReader(io.StringIO(USAGES_CSV)))
    # The header is the first line (no title, no comment), then the data only.
    assert set(rows[0]) == set(expected[0])
    key = sorted(expected[0])
    assert sorted(tuple(r[k] for k in key) for r in rows) == sorted(tuple(r[k] for k in key) for r in expected)
    assert not re.search(r"Licence|Source|Le site d'essai", text)
