"""Readers get one French: the marks' labels (screen readers, tooltips) write
numbers and dates as axes, tables and prose do, and alphabetical orders follow
French collation, not code points (issue 12 §6)."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from datacharts_engine.blocks import parse_block
from datacharts_engine.build_chart import build_chart, french_key
from datacharts_engine.datasets import load_dataset
from datacharts_engine.frenchnum import format_number
from datacharts_engine.render import render_svg
from datacharts_engine.settings import DEFAULTS

# Code-point order would put « Île-de-France » and « éducation » after « Occitanie ».
CSV = """\
region,jour,habitants,taux,annee
Occitanie,2022-09-01,15827,12.5,2016
Île-de-France,2022-09-02,1234567,3.25,2017
Bretagne,2022-09-03,800,-1500.75,2018
éducation,2022-09-04,12,0.333333,2019
économie,2022-09-05,5,2,2020
Economie,2022-09-06,7,1e-06,2021
"""
DESCRIPTOR = """\
schema:
  fields:
    - {name: region, type: string, title: Région}
    - {name: jour, type: date, title: Jour}
    - {name: habitants, type: integer, title: Habitants}
    - {name: taux, type: number, title: Taux}
    - {name: annee, type: integer, title: Année}
"""
FRENCH_ORDER = ["Bretagne", "Economie", "économie", "éducation", "Île-de-France", "Occitanie"]


@pytest.fixture
def regions(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "regions.csv").write_text(CSV, encoding="utf-8")
    (data / "regions.resource.yaml").write_text(DESCRIPTOR, encoding="utf-8")
    return load_dataset("regions", data)


def chart(dataset, yaml: str):
    block = parse_block(f"dataset: regions\ntitle: T\ndescription: D\n{yaml}", "content/a.md", 10)
    return build_chart(block, dataset, DEFAULTS)


def mark_labels(svg: str) -> list[dict]:
    """Each mark's aria-label as {title: value}, in document order."""
    marks = BeautifulSoup(svg, "html.parser").select('[role="graphics-symbol"][aria-label]')
    return [dict(part.split(": ", 1) for part in mark["aria-label"].split("; ")) for mark in marks]


def text_labels(svg: str) -> list[str]:
    """The SVG's texts (axis labels, titles), in document order."""
    return [text.get_text() for text in BeautifulSoup(svg, "html.parser").select("text")]


# Numbers


def test_mark_labels_write_numbers_as_tables_and_prose_do(regions):
    built = chart(regions, "mark: bar\nx: habitants\ny: region\ncolor: taux\n")
    labels = mark_labels(render_svg(built.spec, DEFAULTS))
    assert len(labels) == len(regions.frame)
    by_region = {label["Région"]: label for label in labels}
    assert by_region["Occitanie"]["Habitants"] == "15\u00a0827"
    assert by_region["Île-de-France"]["Habitants"] == "1\u00a0234\u00a0567"
    # Exact, never rounded to a few significant digits: as the data table writes them.
    for row in regions.frame.itertuples():
        label = by_region[row.region]
        assert label["Habitants"] == format_number(int(row.habitants))
        assert label["Taux"] == format_number(float(row.taux))
    assert by_region["Occitanie"]["Taux"] == "12,5"
    assert by_region["Bretagne"]["Taux"] == "−1\u00a0500,75"


def test_axes_keep_their_own_tick_formats(regions):
    built = chart(regions, "mark: bar\nx: taux\ny: region\n")
    assert "format" not in built.spec["encoding"]["x"].get("axis", {})
    assert built.spec["config"]["tooltipFormat"] == {"numberFormat": ",.6~f", "timeFormat": "%d/%m/%Y"}


def test_an_editors_format_wins_over_the_default(regions):
    built = chart(regions, "mark: bar\nx: {field: taux, axis: {format: .1f}}\ny: region\n")
    by_region = {label["Région"]: label for label in mark_labels(render_svg(built.spec, DEFAULTS))}
    assert by_region["Occitanie"]["Taux"] == "12,5" and by_region["éducation"]["Taux"] == "0,3"


def test_a_year_is_never_grouped_in_labels_axes_or_legends(regions):
    built = chart(regions, "mark: bar\nx: annee\ny: taux\ncolor: annee\n")
    assert built.spec["encoding"]["x"]["type"] == "quantitative"  # integer column: a number axis
    svg = render_svg(built.spec, DEFAULTS)
    years = {label["Année"] for label in mark_labels(svg)}
    assert years == {str(y) for y in range(2016, 2022)}
    assert not [t for t in text_labels(svg) if re.fullmatch(r"2\s0\d\d(,\d+)?", t)], text_labels(svg)
    assert "2016" in text_labels(svg)


def test_a_year_column_drawn_as_categories_stays_as_it_is(regions):
    built = chart(regions, "mark: bar\nx: annee:O\ny: taux\n")
    # Written as they are: no number format (the axis only keeps them level, test_layout.py).
    assert "format" not in built.spec["encoding"]["x"].get("axis", {})
    svg = render_svg(built.spec, DEFAULTS)
    assert all(f">{year}</text>" in svg for year in range(2016, 2022))
    assert {label["Année"] for label in mark_labels(render_svg(built.spec, DEFAULTS))} == {
        str(y) for y in range(2016, 2022)
    }


# Dates


def test_mark_labels_write_dates_as_the_data_table_does(regions):
    built = chart(regions, "mark: point\nx: jour\ny: taux\n")
    dates = [label["Jour"] for label in mark_labels(render_svg(built.spec, DEFAULTS))]
    assert sorted(dates) == [f"0{d}/09/2022" for d in range(1, 7)]


def test_a_time_unit_keeps_its_own_format(regions):
    built = chart(regions, "mark: bar\nx: {field: jour, timeUnit: year}\ny: {field: taux, aggregate: sum}\n")
    assert {label["Jour"] for label in mark_labels(render_svg(built.spec, DEFAULTS))} == {"2022"}


# French collation


def test_french_key_orders_as_a_dictionary():
    words = ["Occitanie", "Île-de-France", "économie", "Zèbre", "éducation", "Ecole", "eau", "Œuvre", "ordre"]
    assert sorted(words, key=french_key) == [
        "eau", "Ecole", "économie", "éducation", "Île-de-France", "Occitanie", "Œuvre", "ordre", "Zèbre",
    ]  # fmt: skip
    assert sorted(["économie", "Economie", "economie"], key=french_key) == ["economie", "Economie", "économie"]


def spec_order(built, channel: str) -> list[str]:
    """The values of a channel's field in the order its sort gives them."""
    sort = built.spec["encoding"][channel]["sort"]
    field = built.spec["encoding"][channel]["field"]
    rows = next(iter(built.spec["datasets"].values()))
    ranked = sorted({(row[sort["field"]], row[field]) for row in rows}, reverse=sort["order"] == "descending")
    return [value for _, value in ranked]


def test_nominal_axes_get_the_french_order_by_default_and_when_asked(regions):
    assert spec_order(chart(regions, "mark: bar\nx: taux\ny: region\n"), "y") == FRENCH_ORDER
    asked = chart(regions, "mark: bar\nx: taux\ny: {field: region, sort: ascending}\n")
    assert spec_order(asked, "y") == FRENCH_ORDER
    down = chart(regions, "mark: bar\nx: taux\ny: {field: region, sort: descending}\n")
    assert spec_order(down, "y") == FRENCH_ORDER[::-1]
    legend = chart(regions, "mark: bar\nx: taux\ny: annee:O\ncolor: region\n")
    assert spec_order(legend, "color") == FRENCH_ORDER
    svg = render_svg(legend.spec, DEFAULTS)
    assert [t for t in text_labels(svg) if t in FRENCH_ORDER] == FRENCH_ORDER  # the legend's order


def test_the_order_is_a_column_of_the_drawing_not_of_the_download(regions):
    built = chart(regions, "mark: bar\nx: taux\ny: region\ncolor: region\n")
    rows = next(iter(built.spec["datasets"].values()))
    assert set(rows[0]) == {"taux", "region", "region_ordre"}  # one rank column for both channels
    assert list(built.data.columns) == ["taux", "region"]


def test_a_value_that_would_break_an_expression_still_sorts(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "h.csv").write_text('nom,valeur\n"a\u2028b",2\n"Zoé ""z""",1\nÉté,3\n', encoding="utf-8")
    block = parse_block("dataset: h\ntitle: T\ndescription: D\nmark: bar\nx: valeur\ny: nom\n", "a.md", 1)
    svg = render_svg(build_chart(block, load_dataset("h", data), DEFAULTS).spec, DEFAULTS)
    assert sorted(label["nom"] for label in mark_labels(svg)) == sorted(["a\u2028b", "Été", 'Zoé "z"'])
    shown = text_labels(svg)
    assert shown.index("Été") < shown.index('Zoé "z"')


def test_other_sorts_are_left_to_the_editor(regions):
    assert chart(regions, "mark: bar\nx: taux\ny: {field: region, sort: -x}\n").spec["encoding"]["y"]["sort"] == "-x"
    assert chart(regions, "mark: bar\nx: taux\ny: {field: region, sort: null}\n").spec["encoding"]["y"]["sort"] is None
    listed = chart(regions, "mark: bar\nx: taux\ny: {field: region, sort: [Occitanie]}\n")
    assert "region_ordre" not in next(iter(listed.spec["datasets"].values()))[0]
    assert listed.spec["encoding"]["y"]["sort"] == ["Occitanie"]
    years = chart(regions, "mark: bar\nx: annee:O\ny: taux\n")  # numbers: Vega already sorts them as numbers
    assert "sort" not in years.spec["encoding"]["x"]


def test_the_svg_lists_the_categories_in_french_order(regions):
    svg = render_svg(chart(regions, "mark: bar\nx: taux\ny: region\n").spec, DEFAULTS)
    shown = [t for t in text_labels(svg) if t in FRENCH_ORDER]
    assert shown == FRENCH_ORDER


def test_aggregated_rows_come_in_french_order(regions):
    built = chart(regions, "mark: bar\nx: {field: habitants, aggregate: sum}\ny: region\n")
    assert list(built.data["region"]) == FRENCH_ORDER


# A whole build


@pytest.mark.slow
def test_a_built_page_says_the_same_numbers_dates_and_order(tmp_path):
    from pelican import Pelican
    from pelican.settings import read_settings

    (tmp_path / "content").mkdir()
    data = tmp_path / "data"
    data.mkdir()
    (data / "regions.csv").write_text(CSV, encoding="utf-8")
    (data / "regions.resource.yaml").write_text(DESCRIPTOR, encoding="utf-8")
    blocks = [
        "mark: bar\nx: {field: habitants, aggregate: sum}\ny: region\ntitle: Habitants par région",
        "mark: point\nx: jour\ny: habitants\ntitle: Habitants par jour",
    ]
    body = "".join(f"```chart\ndataset: regions\n{b}\ndescription: Un graphique.\n```\n\n" for b in blocks)
    (tmp_path / "content" / "a.md").write_text(f"Title: A\nDate: 2024-01-02\n\n{body}", encoding="utf-8")
    settings = read_settings(
        path=None,
        override={
            "PATH": str(tmp_path / "content"),
            "OUTPUT_PATH": str(tmp_path / "output"),
            "CACHE_PATH": str(tmp_path / "cache"),
            "PLUGINS": ["datacharts"],
            "DATACHARTS": {"workers": 1},
            "SITEURL": "",
            "FEED_DOMAIN": "http://example.org",
        },
    )
    Pelican(settings).run()
    page = BeautifulSoup((tmp_path / "output" / "a.html").read_text(encoding="utf-8"), "html.parser")
    bars, points = page.select("figure")[:2]

    bar_svg = str(bars.select_one("svg.datachart-svg"))
    labels = mark_labels(bar_svg)
    assert {"Région": "Occitanie", "Habitants": "15\u00a0827"} in labels
    assert [t for t in text_labels(bar_svg) if t in FRENCH_ORDER] == FRENCH_ORDER
    table = [[td.get_text() for td in tr.select("td")] for tr in bars.select("table tbody tr")]
    assert [row[0] for row in table] == FRENCH_ORDER  # the table as the chart: in French order
    assert ["Occitanie", "15\u00a0827"] in table  # and the same number as the label

    point_labels = mark_labels(str(points.select_one("svg.datachart-svg")))
    assert {"Jour": "01/09/2022", "Habitants": "15\u00a0827"} in point_labels
    point_table = [[td.get_text() for td in tr.select("td")] for tr in points.select("table tbody tr")]
    assert ["01/09/2022", "15\u00a0827"] in point_table


def test_an_axis_of_days_writes_its_ticks_in_french_order(tmp_path):
    """The editor's trial: month-end dates read « janv. 31, févr. 28 », Vega's English order."""
    days = ["2016-01-31", "2016-02-29", "2016-03-31", "2016-04-30"]
    (tmp_path / "regions.csv").write_text("jour,part\n" + "".join(f"{d},{i}\n" for i, d in enumerate(days)))
    (tmp_path / "regions.resource.yaml").write_text(
        "schema:\n  fields:\n    - {name: jour, type: date}\n    - {name: part, type: number}\n"
    )
    built = chart(load_dataset("regions", tmp_path), "mark: line\nx: jour\ny: part\n")
    ticks = re.findall(r'<g class="mark-text role-axis-label"[^>]*>(.*?)</g>', render_svg(built.spec, DEFAULTS), re.S)[
        0
    ]
    written = re.findall(r"<text[^>]*>([^<]*)</text>", ticks)
    assert written and all(re.fullmatch(r"\d{1,2} [a-zéû]+\.?|[a-zéû]+", t) for t in written), written
    assert "31 janv." in written or "7 févr." in written
