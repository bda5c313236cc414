"""Values quoted in a chart's own text ({{ … }} in title, description, note,
source) follow the data: after a data update, every place that shows the
text (the SVG a screen reader reads, the caption, the embed page, the dataset
page) says the new figure, with nothing typed by hand left stale."""

from __future__ import annotations

import re

import pytest
from conftest import USAGES_CSV, USAGES_DESCRIPTOR

pytestmark = pytest.mark.slow

VALUE = "{{ dataset: usages, column: part, usage: Réseaux sociaux, annee: 2016 }}"
BLOCK = f"""```chart
dataset: usages
mark: bar
x: part
y: {{field: usage, sort: -x}}
color: annee:N
yOffset: annee:N
title: En 2016, {VALUE} des associations, un record
description: >
  Barres horizontales : les réseaux sociaux passent à {{{{ dataset: usages,
  column: part, usage: Réseaux sociaux, annee: 2016 }}}} en 2016.
note: Contre {{{{ dataset: usages, column: part, usage: Réseaux sociaux, annee: 2013 }}}} en 2013.
```
"""


def squeeze(text: str) -> str:
    """Spaces and line breaks as one space; no-break spaces kept (str.split would not)."""
    return re.sub(r"[ \t\n]+", " ", text).strip()


def texts(site) -> dict[str, str]:
    page = site.page("a.html")
    figure = page.select_one("figure.datachart")
    embed = site.output / "graphiques" / "a" / f"{figure['id']}.html"  # named after its article and anchor
    return {
        "svg title": figure.select_one("svg title").get_text(),
        "svg desc": squeeze(figure.select_one("svg desc").get_text()),
        "caption": squeeze(figure.select_one("figcaption").get_text(" ")),
        "embed": squeeze(embed.read_text(encoding="utf-8")),
        "dataset page": squeeze(site.page("donnees/usages.html").get_text(" ")),
    }


def test_a_data_update_changes_every_place_a_chart_text_quotes(site):
    site.dataset("usages", USAGES_CSV, USAGES_DESCRIPTOR)
    site.article("a", "Intro.\n\n" + BLOCK)
    assert site.build() == 0
    before = texts(site)
    assert before["svg title"] == "En 2016, 62\u202f% des associations, un record"
    assert before["svg desc"] == "Barres horizontales : les réseaux sociaux passent à 62\u202f% en 2016."
    assert "Contre 36\u202f% en 2013." in before["caption"]
    assert "62\u202f% des associations" in before["embed"] and "62\u202f% des associations" in before["dataset page"]
    anchor = site.page("a.html").select_one("figure.datachart")["id"]
    assert anchor == "en-2016-des-associations-un-record"  # the figure is not part of the anchor
    csv = site.root / "data" / "usages.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace(",62\n", ",64\n"), encoding="utf-8")
    assert site.build() == 0
    after = texts(site)
    for place, text in after.items():
        assert "64\u202f%" in text, place
        assert "62\u202f%" not in text, place
    assert site.page("a.html").select_one("figure.datachart")["id"] == anchor


def test_a_value_in_a_chart_text_quoting_another_dataset_follows_that_dataset(site):
    site.dataset("usages", USAGES_CSV, USAGES_DESCRIPTOR)
    site.dataset(
        "total",
        "quoi,nombre\nrepondants,6700\n",
        "schema:\n  fields:\n    - {name: quoi, type: string}\n    - {name: nombre, type: integer}\n",
    )
    block = BLOCK.replace("des associations, un record", "des {{ dataset: total, column: nombre, quoi: repondants }}")
    site.article("a", "Intro.\n\n" + block)
    assert site.build() == 0
    assert "des 6\u202f700" in texts(site)["svg title"].replace("\u00a0", "\u202f")
    (site.root / "data" / "total.csv").write_text("quoi,nombre\nrepondants,6900\n", encoding="utf-8")
    assert site.build() == 0
    assert "des 6\u202f900" in texts(site)["svg title"].replace("\u00a0", "\u202f")


def test_a_data_update_that_makes_a_typed_figure_false_is_refused(site, capsys):
    site.dataset("usages", USAGES_CSV, USAGES_DESCRIPTOR)
    typed = BLOCK.replace(VALUE, "62 %")
    article = site.article("a", "Intro.\n\n" + typed)
    assert site.build() == 0
    before = (site.output / "a.html").read_bytes()
    csv = site.root / "data" / "usages.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace(",62\n", ",64\n"), encoding="utf-8")
    capsys.readouterr()
    assert site.build() == 2
    err = capsys.readouterr().err
    line = next(
        n for n, text in enumerate(article.read_text(encoding="utf-8").splitlines(), 1) if text.startswith("title:")
    )
    assert (
        f"content/a.md:{line}: title : « 62 % » ne correspond à aucune valeur des données (la plus proche : 64)" in err
    )
    assert (site.output / "a.html").read_bytes() == before  # the site published before is untouched


AUTO_BLOCKS = """```chart
dataset: usages
mark: bar
x: part
y: usage
color: annee:N
yOffset: annee:N
title: Barres
description: auto
```

```chart
dataset: usages
mark: line
x: annee:O
y: part
color: usage
title: Courbes
description: [auto, Les réseaux sociaux ont presque doublé.]
```

```chart
dataset: usages
mark: arc
theta: part
color: usage
filter: {annee: 2016}
title: Secteurs
description: auto
```
"""


def test_descriptions_drafted_from_the_data_follow_it(site):
    site.dataset("usages", USAGES_CSV, USAGES_DESCRIPTOR)
    site.article("a", "Intro.\n\n" + AUTO_BLOCKS)
    assert site.build() == 0
    descs = [d.get_text() for d in site.page("a.html").select("figure.datachart svg desc")]
    bars, line, arc = descs[0], descs[-2], descs[-1]
    assert bars == (
        "Barres horizontales. Réseaux sociaux, 2013 : 36\u202f% ; Réseaux sociaux, 2016 : 62\u202f% ; "
        "Outils collaboratifs, 2013 : 22\u202f% ; Outils collaboratifs, 2016 : 43\u202f%."
    )
    assert line.startswith("Courbe. Réseaux sociaux, 2013 : 36\u202f% ;")
    assert line.endswith("43\u202f%. Les réseaux sociaux ont presque doublé.")
    assert arc == (
        "Secteurs. Réseaux sociaux : 62\u202f% (59\u202f% du total) ; "
        "Outils collaboratifs : 43\u202f% (41\u202f% du total)."
    )
    csv = site.root / "data" / "usages.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace(",62\n", ",64\n"), encoding="utf-8")
    assert site.build() == 0
    descs = [d.get_text() for d in site.page("a.html").select("figure.datachart svg desc")]
    assert all("64\u202f%" in d and "62\u202f%" not in d for d in descs), descs
