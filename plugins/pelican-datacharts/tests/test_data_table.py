"""A chart's data table reads as its chart does: the columns that name a row
first, the values after; the rows in the order the chart draws them; the
chart's title as the table's caption. The CSV download keeps the data's order."""

from __future__ import annotations

from csv import DictReader
from io import StringIO

import pytest

from .conftest import page

pytestmark = pytest.mark.slow  # builds a site

CSV = "region,montant,rang\nOccitanie,30,1\nÎle-de-France,120,2\nBretagne,45,3\n"
BLOCKS = {
    "longueur": "x: montant\ny: {field: region, sort: -x}",
    "liste": "x: montant\ny: {field: region, sort: [Bretagne, Occitanie, Île-de-France]}",
    # Vega-Lite's default, ascending, in French order: « Île » with the I's.
    "defaut": "x: montant\ny: region",
    "etiquettes": "x: montant\ny: {field: region, sort: -x}\nlabels: true",
    "colonnes": "y: montant\nx: {field: region, sort: descending}",
}
EXPECTED = {
    "longueur": ["Île-de-France", "Bretagne", "Occitanie"],
    "liste": ["Bretagne", "Occitanie", "Île-de-France"],
    "defaut": ["Bretagne", "Île-de-France", "Occitanie"],
    "etiquettes": ["Île-de-France", "Bretagne", "Occitanie"],
    "colonnes": ["Occitanie", "Île-de-France", "Bretagne"],
}


def test_the_table_follows_the_chart(site):
    site.dataset("regions", CSV)
    body = "".join(
        f"```chart\ndataset: regions\nmark: bar\n{yaml}\nid: {name}\ntitle: Graphique {name}\n"
        "description: Trois régions.\n```\n\n"
        for name, yaml in BLOCKS.items()
    )
    site.write("content/a.md", "Title: A\nDate: 2024-01-02\n\n" + body)
    output = site.build(DATACHARTS={"workers": 1})
    html = page(output, "a.html")
    for name, wanted in EXPECTED.items():
        table = html.select_one(f"figure#{name} .datachart-table table")
        assert table.caption.get_text() == f"Graphique {name}"
        headers = [th.get_text() for th in table.select("thead th")]
        assert headers[0] == "region" and headers[-1] == "montant", (name, headers)  # the value last
        rows = [[td.get_text() for td in tr.select("td")] for tr in table.select("tbody tr")]
        assert [row[0] for row in rows] == wanted, name
        assert {row[0]: row[-1] for row in rows}["Île-de-France"] == "120", name  # each row whole
    csv = next((output / "graphiques" / "a").glob("longueur*.csv")).read_text(encoding="utf-8")
    regions = [row["region"] for row in DictReader(StringIO(csv))]
    assert regions == ["Occitanie", "Île-de-France", "Bretagne"]  # the data's own order


LINES_CSV = (
    "code,usage,annee,part\nrs,Réseaux sociaux,2016,62\noc,Outils collaboratifs,2016,43\n"
    "rs,Réseaux sociaux,2013,36\noc,Outils collaboratifs,2013,22\n"
)
LINES_DESCRIPTOR = """\
schema:
  fields:
    - {name: code, type: string, title: Code}
    - {name: usage, type: string, title: Indicateur}
    - {name: annee, type: year, title: Année}
    - {name: part, type: number, title: Part, unit: "%"}
"""


def test_a_line_chart_s_table_names_its_rows_first_and_leaves_out_a_note_s_code(site):
    """The editor's second trial: a line chart of years on a scale, highlighted,
    had its table start with the values (« Part | Indicateur | Année ») in the
    CSV's order; a note's where: column (a code) showed in it too."""
    site.dataset("lignes", LINES_CSV, LINES_DESCRIPTOR)
    block = (
        "```chart\ndataset: lignes\nmark: line\nx: {field: annee, type: quantitative}\ny: part\n"
        "highlight: {usage: Réseaux sociaux}\nannotations: [{where: {code: oc, annee: 2016}, text: Moins}]\n"
        "id: lignes\ntitle: Deux lignes\ndescription: Deux usages.\n```\n"
    )
    site.write("content/a.md", "Title: A\nDate: 2024-01-02\n\n" + block)
    output = site.build(DATACHARTS={"workers": 1})
    table = page(output, "a.html").select_one("figure#lignes .datachart-table table")
    assert [th.get_text() for th in table.select("thead th")] == ["Indicateur", "Année", "Part (%)"]
    rows = [[td.get_text() for td in tr.select("td")] for tr in table.select("tbody tr")]
    assert [row[:2] for row in rows] == [
        ["Outils collaboratifs", "2013"],
        ["Outils collaboratifs", "2016"],
        ["Réseaux sociaux", "2013"],
        ["Réseaux sociaux", "2016"],
    ]
    csv = next((output / "graphiques" / "a").glob("lignes*.csv")).read_text(encoding="utf-8")
    rows = list(DictReader(StringIO(csv)))
    assert all("code" not in row and "oc" not in row.values() for row in rows), rows
