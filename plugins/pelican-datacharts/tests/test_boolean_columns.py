"""A boolean column (type: boolean, « oui »/« non » in the CSV) in every key
that names values: highlight:, filter:, annotations' where:, colors: and a
quoted value. An editor writes true or false, or the CSV's own oui and non.

Before: highlight: {collectif: true} matched the rows as the number 1, which
Vega compares with the data's true: every bar drawn grey, exit 0."""

from __future__ import annotations

import re

import pytest
from datacharts_engine.datasets import load_dataset
from datacharts_engine.errors import EditorError
from datacharts_engine.inline_values import inline_value
from datacharts_engine.settings import DEFAULTS

from .marks_helpers import build, data, line_of, refused, svg_of  # noqa: F401 - data is the fixture

CSV = "usage,part,collectif\nRéseaux sociaux,62,oui\nSite internet,45,non\nMessagerie,30,non\nAgenda partagé,24,oui\n"
DESCRIPTOR = """\
title: Usages
schema:
  fields:
    - {name: usage, type: string}
    - {name: part, type: number, title: Part, unit: "%"}
    - {name: collectif, type: boolean, trueValues: [oui], falseValues: [non]}
"""
BARS = "mark: bar\nx: part\ny: usage\n"
ACCENT = DEFAULTS["vega_config"]["range"]["category"][0]
COLLECTIVE = {"Réseaux sociaux", "Agenda partagé"}


@pytest.fixture
def booleans(data):  # noqa: F811
    (data / "usages.csv").write_text(CSV, encoding="utf-8")
    (data / "usages.resource.yaml").write_text(DESCRIPTOR, encoding="utf-8")
    return data


def fills(svg: str) -> dict[str, str]:
    """Each bar's fill, by the usage its accessible label names."""
    found = {}
    for tag in re.findall(r'<path[^>]*role="graphics-symbol"[^>]*>', svg):
        usage = re.search(r"usage: ([^;\"]+)", tag).group(1).strip()
        found[usage] = re.search(r'fill="([^"]+)"', tag).group(1)
    return found


@pytest.mark.parametrize("written", ["true", "oui", "Oui", "vrai"])
def test_a_highlight_on_a_boolean_colours_its_rows(booleans, written):
    built = build(booleans, BARS + f"highlight: {{collectif: {written}}}\n")
    drawn = fills(svg_of(built))
    assert len(drawn) == 4  # every row drawn
    assert {usage for usage, fill in drawn.items() if fill == ACCENT} == COLLECTIVE
    assert {fill for usage, fill in drawn.items() if usage not in COLLECTIVE} == {DEFAULTS["gris"]}


@pytest.mark.parametrize("written", ["false", "non"])
def test_a_filter_on_a_boolean_keeps_its_rows(booleans, written):
    built = build(booleans, BARS + f"filter: {{collectif: {written}}}\n")
    assert sorted(fills(svg_of(built))) == ["Messagerie", "Site internet"]


def test_a_note_may_name_its_row_by_a_boolean(booleans):
    built = build(booleans, BARS + "annotations: [{where: {collectif: true, part: 62}, text: La plus citée}]\n")
    assert built.description.endswith("Annotation (Réseaux sociaux) : La plus citée.")  # the row as the chart names it
    assert "La plus citée" in svg_of(built)


@pytest.mark.parametrize("colors", ["{true: accent, false: gris}", "{oui: accent, non: gris}"])
def test_colours_per_value_of_a_boolean(booleans, colors):
    built = build(booleans, BARS + f"color: collectif\ncolors: {colors}\n")
    drawn = fills(svg_of(built))
    assert {usage for usage, fill in drawn.items() if fill == ACCENT} == COLLECTIVE
    assert {fill for usage, fill in drawn.items() if usage not in COLLECTIVE} == {DEFAULTS["gris"]}


@pytest.mark.parametrize("key", ["highlight", "filter"])
def test_a_word_that_is_neither_true_nor_false_is_refused_at_its_line(booleans, key):
    yaml = BARS + f"{key}: {{collectif: peut-être}}\n"
    error = refused(booleans, yaml)
    assert "« peut-être » n'est ni vrai ni faux, or la colonne « collectif » est booléenne" in error.message
    assert "écrivez true ou false" in error.message
    assert error.line == line_of(yaml, key)


def test_a_boolean_value_absent_from_the_rows_lists_true_and_false(booleans):
    error = refused(booleans, BARS + "filter: {usage: Messagerie}\nhighlight: {collectif: true}\n")
    assert "« true » n'est pas une valeur de la colonne « collectif » ; valeurs : false" in error.message


def test_a_quoted_value_may_name_its_row_by_a_boolean(booleans):
    dataset = load_dataset("usages", booleans)
    quoted = inline_value(
        "dataset: usages, column: part, collectif: non, usage: Messagerie", "a.md", 3, lambda n: dataset
    )
    assert re.sub(r"<[^>]+>", "", quoted) == "30\u202f%"
    with pytest.raises(EditorError) as caught:
        inline_value("dataset: usages, column: part, collectif: bof", "a.md", 3, lambda n: dataset)
    assert "« bof » n'est ni vrai ni faux" in caught.value.message


def test_readers_see_oui_and_non_not_true_and_false(booleans):
    """A French chart: the legend, the tooltips and the description of a
    boolean column say « oui » and « non » (Vega wrote true and false)."""
    from .marks_helpers import mark_labels, texts

    built = build(booleans, BARS + "color: collectif\ndescription: auto\n")
    svg = svg_of(built)
    assert {"oui", "non"} <= set(texts(svg)) and not {"true", "false"} & set(texts(svg))
    labels = mark_labels(svg)
    assert labels and all(("collectif: oui" in label) != ("collectif: non" in label) for label in labels), labels
    assert "true" not in built.description and "false" not in built.description


def test_a_boolean_measured_keeps_its_numbers(booleans):
    """mean of a boolean column is a share (two in four): it is not worded."""
    built = build(booleans, "mark: bar\nx: {field: collectif, aggregate: mean}\n")
    values = built.data.to_numpy().ravel().tolist()
    assert 0.5 in values and "oui" not in values, built.data


@pytest.mark.parametrize(
    "colors, refused_too", [("{oui: accent}", False), ("{true: accent}", False), ("{bof: accent}", True)]
)
def test_colours_of_a_boolean_are_checked_beside_another_mistake(booleans, colors, refused_too):
    """Every mistake at once: beside a misspelt column, the colours of a boolean are read as the chart reads them."""
    error = refused(booleans, f"mark: bar\nx: partt\ny: usage\ncolor: collectif\ncolors: {colors}\n")
    messages = [e.message for e in error.every()]
    assert any("colonne « partt » inconnue" in m for m in messages)
    assert any(m.startswith("colors : la valeur « bof »") for m in messages) == refused_too, messages
