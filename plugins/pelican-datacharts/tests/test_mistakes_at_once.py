"""A block's independent mistakes come back together (errors.Mistakes): the
keys it can be drawn without are set aside for the build to go on, what the
chart is made of stops it; checks that need an earlier one wait for it."""

from __future__ import annotations

import pytest
from datacharts_engine.blocks import parse_block
from datacharts_engine.build_chart import build_chart
from datacharts_engine.datasets import load_dataset
from datacharts_engine.errors import EditorError
from datacharts_engine.jobs import Failure
from datacharts_engine.settings import DEFAULTS

from .conftest import USAGES_CSV, USAGES_DESCRIPTOR

BASE = "dataset: usages\ntitle: T\ndescription: D\nmark: bar\n"  # lines 11 to 14 of the file


@pytest.fixture
def usages(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "usages.csv").write_text(USAGES_CSV, encoding="utf-8")
    (folder / "usages.resource.yaml").write_text(USAGES_DESCRIPTOR, encoding="utf-8")
    return load_dataset("usages", folder)


def lines_of(error: EditorError) -> list[tuple[int, str]]:
    return [(e.line, e.message) for e in error.every()]


def test_every_mistake_of_the_yaml_is_raised_at_once():
    text = BASE + "x: {field: part, couleur: red}\ncolour: usage\nid: Mon Id\nwidth: large\n"
    with pytest.raises(EditorError) as caught:
        parse_block(text, "content/a.md", 10)
    found = lines_of(caught.value)
    assert [line for line, _ in found] == [15, 16, 17, 18]
    assert "option « couleur » inconnue pour x" in found[0][1] and "clé « colour » inconnue" in found[1][1]
    assert "id « Mon Id »" in found[2][1] and "width « large »" in found[3][1]


def test_keys_the_chart_can_do_without_are_set_aside_for_the_build():
    block = parse_block(BASE + "x: part\ny: usage\ncolour: usage\nlabels: oui\n", "content/a.md", 10, set_aside=True)
    assert "colour" not in block.options and "labels" not in block.options
    assert [(e.line, e.message.split(" ;")[0]) for e in block.problems] == [
        (17, "clé « colour » inconnue dans le bloc chart"),
        (18, "labels « oui » invalide"),
    ]
    with pytest.raises(EditorError):  # a channel's mistake: the chart cannot be built
        parse_block(BASE + "x: {field: part, couleur: red}\ncolour: usage\n", "content/a.md", 10, set_aside=True)


def test_the_checks_against_the_data_report_each_mistake(usages):
    text = BASE + "x: prat\ny: usgae\ncolor: annee\ncolors: {2016: red}\nfilter: {annee: [2013, 2016]}\n"
    with pytest.raises(EditorError) as caught:
        build_chart(parse_block(text, "content/a.md", 10), usages, DEFAULTS)
    found = lines_of(caught.value)
    assert [line for line, _ in found] == [15, 16, 18], found
    assert "« prat » inconnue" in found[0][1] and "« usgae » inconnue" in found[1][1]
    assert "couleur « red » inconnue" in found[2][1]
    # They cross a render worker as one Failure, and come back each on its own.
    assert [(e.line, e.message) for e in Failure.of(caught.value).errors()] == found


def test_colours_wait_for_the_filter_they_depend_on(usages):
    """Without its rows (the filter failed), a colour's value cannot be looked for."""
    text = BASE + "x: prat\ny: usage\ncolor: annee\ncolors: {2015: accent}\nfilter: {anne: 2016, usage: Blogs}\n"
    with pytest.raises(EditorError) as caught:
        build_chart(parse_block(text, "content/a.md", 10), usages, DEFAULTS)
    found = lines_of(caught.value)
    assert [line for line, _ in found] == [19, 19, 15], found  # each filter column, the x column; no colour
    assert (
        "« anne » inconnue" in found[0][1] and "« Blogs » n'est pas une valeur de la colonne « usage »" in found[1][1]
    )
