"""labels, reference and annotations in whole builds: the figure's SVG holds
the French labels, the rule at the quoted value, the note and its accessible
text; one navigable mark per data row; typed numbers in them are checked."""

from __future__ import annotations

import re

import pytest
from datacharts_engine.errors import BuildFailed

from .conftest import USAGES_CSV, USAGES_DESCRIPTOR, page

pytestmark = pytest.mark.slow  # builds sites

OTHERS_CSV = "groupe,part\nSanitaire et social,57\nAutres domaines,45\n"
OTHERS_DESCRIPTOR = """\
title: Suivi et évaluation
schema:
  fields:
    - {name: groupe, type: string, title: Domaine}
    - {name: part, type: number, title: Part des associations, unit: "%"}
"""


def article(body: str) -> str:
    return f"Title: Usages\nDate: 2024-01-01\n\nTexte.\n\n```chart\n{body}```\n"


BLOCK = """\
dataset: usages
mark: bar
x: {field: part, scale: {domain: [0, 100]}}
y: usage
yOffset: annee:N
color: annee:N
labels: true
reference: [{x: {{ dataset: autres, column: part, groupe: Autres domaines }}, label: en moyenne ailleurs}]
annotations: [{where: {usage: Réseaux sociaux, annee: 2016}, text: presque le double de 2013}]
title: Les réseaux sociaux ont presque doublé
description: Barres horizontales, 2013 et 2016.
"""


def build(site, block: str):
    site.dataset("usages", USAGES_CSV, USAGES_DESCRIPTOR)
    site.dataset("autres", OTHERS_CSV, OTHERS_DESCRIPTOR)
    site.write("content/a.md", article(block))
    return site.build()


def test_labels_a_quoted_reference_and_a_note_in_the_page(site):
    output = build(site, BLOCK)
    svg = page(output, "usages.html").select_one("svg.datachart-svg")
    texts = [t.get_text(" ") for t in svg.find_all("text")]  # a note of several lines: a tspan each
    assert {"36\u202f%", "62\u202f%", "22\u202f%", "43\u202f%"} <= set(texts)
    assert "en moyenne ailleurs" in texts and "presque le double de 2013" in texts
    # The rule stands at the quoted value, 45, on the 0–100 axis (as wide as the column leaves it: the tick at 100).
    rules = [
        float(re.search(r"translate\(([\d.]+),", line["transform"]).group(1))
        for line in svg.find_all("line")
        if line.get("stroke-dasharray") and line.get("stroke") == "#333333"
    ]
    hundred = next(
        float(re.search(r"translate\(([\d.]+),", t["transform"]).group(1))
        for t in svg.find_all("text")
        if t.get_text() == "100"
    )
    assert rules == [pytest.approx(hundred * 45 / 100, abs=0.5)]
    # One navigable mark per row; the layers are hidden from assistive technology.
    marks = svg.select('[role="graphics-symbol"][aria-label]')
    assert len(marks) == 4 and all("Usage: " in m["aria-label"] for m in marks)
    hidden = svg.select('g[aria-hidden="true"].role-mark')
    assert len(hidden) >= 4  # labels, rule, its label, the note
    # What the layers say reaches screen readers: the SVG's description and the figure's.
    described = svg.find("desc").get_text()
    assert "Annotation (Réseaux sociaux, 2016) : presque le double de 2013." in described
    assert "Repère (45\u202f%) : en moyenne ailleurs." in described
    assert "presque le double de 2013" in page(output, "usages.html").select_one(".datachart-description").get_text()


def test_the_reference_follows_the_quoted_value(site):
    build(site, BLOCK)
    site.dataset("autres", OTHERS_CSV.replace(",45", ",50"), OTHERS_DESCRIPTOR)
    svg = page(site.build(), "usages.html").select_one("svg.datachart-svg")
    assert "Repère (50\u202f%)" in svg.find("desc").get_text()


def test_a_typed_number_in_a_note_is_checked_against_the_data(site):
    with pytest.raises(BuildFailed) as failed:
        build(site, BLOCK.replace("presque le double de 2013", "64 % en 2016"))
    (error,) = failed.value.errors
    assert error.line == 15 and "annotations : « 64 % » ne correspond à aucune valeur" in error.message


def test_a_quoted_reference_that_is_no_number_is_refused(site):
    block = BLOCK.replace("column: part, groupe", "column: groupe, groupe")
    with pytest.raises(BuildFailed) as failed:
        build(site, block)
    (error,) = failed.value.errors
    assert error.line == 14 and "n'est pas un nombre" in error.message


QUOTED_TITLE = BLOCK.replace(
    "title: Les réseaux sociaux ont presque doublé",
    "title: Les réseaux sociaux, {{ dataset: autres, column: part, groupe: Sanitaire et social }} ailleurs",
)


@pytest.mark.parametrize(
    ("good", "misspelt"),
    [
        (BLOCK, BLOCK.replace("groupe: Autres domaines }}", "groupe: Autres domains }}")),  # in the reference
        (QUOTED_TITLE, QUOTED_TITLE.replace("groupe: Sanitaire et social }}", "groupe: Sanitaire et socal }}")),
    ],
)
def test_a_quoted_value_misspelt_in_a_cached_chart_is_refused(site, good, misspelt):
    """The editor's trial: a typo in a quoted value of a block built before
    was published with the last build's figure (its key left the text out)."""
    build(site, good)
    with pytest.raises(BuildFailed) as failed:
        build(site, misspelt)
    (error,) = failed.value.errors
    assert "ne désigne aucune ligne" in error.message


@pytest.mark.parametrize("step", ["prepare_chart", "render_pictures", "assemble_chart"])
def test_a_defect_of_the_engine_is_named_at_the_block_that_met_it(site, monkeypatch, step):
    # The editors' trial met one (a labelled range on y): the build printed
    # « TypeError: … » and no file, no line. A defect of ours still names the
    # block, in whichever step of drawing it meets it.
    import datacharts_engine.produce as produce

    def broken(*args, **kwargs):
        raise TypeError("to_dict() missing 1 required positional argument: 'self'")

    monkeypatch.setattr(produce, step, broken)
    with pytest.raises(BuildFailed) as failed:
        site.dataset("usages", USAGES_CSV, USAGES_DESCRIPTOR)
        site.dataset("autres", OTHERS_CSV, OTHERS_DESCRIPTOR)
        site.write("content/a.md", article(BLOCK))
        site.build(DATACHARTS={"workers": 1})
    (error,) = failed.value.errors
    assert (error.path, error.line) == ("content/a.md", 6)  # the block's fence
    assert "TypeError: to_dict() missing" in error.message and "signalez-la avec ce bloc" in error.message
    assert not (site.root / "output").exists()


def test_a_monthly_total_reads_as_a_month_in_its_table_and_description(site):
    """The editors' trial: a monthly sum's table was headed « sum_montant » with
    dates « 01/01/2023 », and its description said « 1er janvier 2023 »; a
    share written format: pourcent without a unit lost its « % »."""
    days = [f"2023-{m:02d}-{d:02d}" for m in (1, 2) for d in (3, 17)]
    site.dataset(
        "dons",
        "jour,montant\n" + "".join(f"{day},{500 * (i + 1)}\n" for i, day in enumerate(days)),
        "title: Dons\nschema:\n  fields:\n    - {name: jour, type: date, title: Jour}\n"
        '    - {name: montant, type: integer, title: Montant, unit: "€"}\n',
    )
    site.dataset(
        "parts",
        "canal,part\nEn ligne,62\nCourrier,38\n",
        "title: Parts\nschema:\n  fields:\n"
        "    - {name: canal, type: string}\n    - {name: part, type: number, title: Part}\n",
    )
    monthly = (
        "dataset: dons\nmark: line\nx: {field: jour, timeUnit: yearmonth, title: Mois}\n"
        "y: {field: montant, aggregate: sum, title: Montant collecté}\ntitle: Les dons par mois\ndescription: auto\n"
    )
    shares = (
        "dataset: parts\nmark: bar\nx: {field: part, format: pourcent}\ny: canal\n"
        "title: Les canaux\ndescription: auto\n"
    )
    site.write("content/a.md", article(monthly) + f"\n```chart\n{shares}```\n")
    soup = page(site.build(), "usages.html")
    first, second = soup.select("figure.datachart")
    headers = [th.get_text() for th in first.select("table thead th")]
    assert headers == ["Mois", "Montant collecté"], headers
    cells = [[td.get_text() for td in tr.select("th, td")] for tr in first.select("table tbody tr")]
    assert [row[0] for row in cells] == ["janvier 2023", "février 2023"], cells
    assert [row[1] for row in cells] == ["1\u00a0500\u00a0€", "3\u00a0500\u00a0€"], cells
    description = first.select_one("svg desc").get_text()
    assert "janvier 2023 : 1\u00a0500\u00a0€" in description and "1er" not in description, description
    described = second.select_one("svg desc").get_text()
    assert "En ligne : 62\u202f%" in described, described
    assert "62\u202f%" in [td.get_text() for td in second.select("table tbody td")]
