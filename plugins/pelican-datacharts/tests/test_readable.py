"""A chart is drawn right or refused: no row hidden by a scale, no ×100 by a
percent format, no colour used twice, no more marks than a reader can read."""

from __future__ import annotations

import pytest
from datacharts_engine.blocks import parse_block
from datacharts_engine.build_chart import MAX_MARKS, build_chart
from datacharts_engine.datasets import load_dataset
from datacharts_engine.errors import EditorError
from datacharts_engine.settings import DEFAULTS

REGIONS = [f"Région {i}" for i in range(18)]


@pytest.fixture
def data(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    rows = "\n".join(f"{name},{10 + i},{i % 2}" for i, name in enumerate(REGIONS))
    (folder / "regions.csv").write_text("region,part,groupe\n" + rows + "\n", encoding="utf-8")
    many = "\n".join(f"{i},{i * 2}" for i in range(MAX_MARKS + 1))
    (folder / "points.csv").write_text("x,y\n" + many + "\n", encoding="utf-8")
    return folder


def chart(data, yaml: str, dataset: str = "regions"):
    block = parse_block(f"dataset: {dataset}\ntitle: T\ndescription: D\n{yaml}", "content/a.md", 10)
    return build_chart(block, load_dataset(dataset, data), DEFAULTS)


def refused(data, yaml: str, dataset: str = "regions") -> EditorError:
    with pytest.raises(EditorError) as caught:
        chart(data, yaml, dataset)
    return caught.value


def test_a_domain_that_hides_rows_is_refused_with_the_count(data):
    error = refused(data, "mark: bar\nx: part\ny: {field: region, scale: {domain: [Région 3]}}\n")
    assert error.line == 16  # the y: line (the fence is line 10)
    assert "cache 17 ligne(s) sur 18" in error.message and "filter:" in error.message


def test_a_domain_that_keeps_every_row_draws(data):
    built = chart(data, f"mark: bar\nx: part\ny: {{field: region, scale: {{domain: {REGIONS!r}}}}}\n")
    assert built.spec["encoding"]["y"]["scale"]["domain"] == REGIONS


@pytest.mark.parametrize("where", ["axis: {format: .0%}", "format: .0%"])
def test_a_percent_format_on_values_in_percent_is_refused(data, where):
    error = refused(data, f"mark: bar\nx: {{field: part, {where}}}\ny: region\n")
    assert "multiplie les valeurs par 100" in error.message and "27" in error.message
    assert 'unit: "%"' in error.message


def test_a_percent_format_on_shares_draws(data, tmp_path):
    (data / "parts.csv").write_text("region,part\nA,0.25\nB,0.5\n", encoding="utf-8")
    built = chart(data, "mark: bar\nx: {field: part, axis: {format: .0%}}\ny: region\n", "parts")
    assert built.spec["encoding"]["x"]["axis"]["format"] == ".0%"


def test_more_categories_than_colours_is_refused(data):
    error = refused(data, "mark: bar\nx: part\ny: region\ncolor: region:N\n")
    assert "18 valeurs de « region » pour 6 couleurs" in error.message
    assert error.line == 17  # the color: line


def test_colours_of_the_editors_own_are_taken(data):
    range_ = ["#000000"] * 18
    built = chart(data, f"mark: bar\nx: part\ny: region\ncolor: {{field: region, scale: {{range: {range_!r}}}}}\n")
    assert built.spec["encoding"]["color"]["scale"]["range"] == range_


def test_two_categories_in_colour_draw(data):
    built = chart(data, "mark: bar\nx: part\ny: region\ncolor: groupe:N\n")
    assert built.spec["encoding"]["color"]["field"] == "groupe"


def test_more_bars_than_a_reader_can_read_is_refused(data):
    error = refused(data, "mark: point\nx: x\ny: y\n", "points")
    assert f"{MAX_MARKS + 1} marques à dessiner" in error.message and "agrégez" in error.message


def test_a_line_may_have_more_points(data):
    built = chart(data, "mark: line\nx: x\ny: y\n", "points")
    assert len(built.data) == MAX_MARKS + 1


SHARES = "usage,annee,part,nombre\nRéseaux sociaux,2013,36,360\nRéseaux sociaux,2016,62,620\n"
SHARES += "Outils collaboratifs,2013,22,220\nOutils collaboratifs,2016,43,430\n"
SHARES_DESCRIPTOR = (
    "schema:\n  fields:\n    - {name: usage, type: string}\n    - {name: annee, type: integer}\n"
    '    - {name: part, type: number, unit: "%"}\n    - {name: nombre, type: integer}\n'
)


@pytest.fixture
def shares(data):
    (data / "parts.csv").write_text(SHARES, encoding="utf-8")
    (data / "parts.resource.yaml").write_text(SHARES_DESCRIPTOR, encoding="utf-8")
    return data


@pytest.mark.parametrize(("value", "across", "offset"), [("y", "x", "xOffset"), ("x", "y", "yOffset")])
def test_shares_of_different_questions_stacked_past_100_are_refused(shares, value, across, offset):
    """62 % use social networks and 43 % collaborative tools: stacked, one bar
    would read « 105 % », a total the survey never gave."""
    error = refused(shares, f"mark: bar\n{across}: annee:O\n{value}: part\ncolor: usage\n", "parts")
    assert error.line == 16  # the value's line (the fence is line 10)
    assert "105\u202f%" in error.message and "« 2016 »" in error.message
    assert f"écrivez {offset}: usage" in error.message


@pytest.mark.parametrize(
    "yaml",
    [
        "mark: bar\nx: annee:O\ny: part\ncolor: usage\nxOffset: usage\n",  # side by side
        "mark: bar\nx: annee:O\ny: {field: part, stack: normalize}\ncolor: usage\n",  # shares of the total
        "mark: bar\nx: annee:O\ny: nombre\ncolor: usage\n",  # counts add up
        "mark: bar\nx: usage\ny: part\ncolor: annee:N\n",  # 98 % at most: left to the editor
    ],
)
def test_what_may_be_stacked_draws(shares, yaml):
    assert chart(shares, yaml, "parts").spec["encoding"]["color"]["field"] in ("usage", "annee")


CITIES = 'ville,note,part\nRennes,"deux\nlignes",30\nBrest,,20\n,un,25\nNantes,,10\n'


@pytest.fixture
def cities(data):
    (data / "villes.csv").write_text(CITIES, encoding="utf-8")
    return data


def test_a_row_without_its_category_is_refused_with_its_line_in_the_file(cities):
    """Vega would draw the row as a bar named « null »; the line is the file's
    (the quoted note above spans two)."""
    error = refused(cities, "mark: bar\nx: part\ny: ville\n", "villes")
    assert error.line == 16  # y: (the fence is line 10)
    assert "la ligne 5 de data/villes.csv n'a pas de valeur dans « ville »" in error.message
    assert "filter: {ville: [Rennes, Brest, Nantes]}" in error.message
    built = chart(cities, "mark: bar\nx: part\ny: ville\nfilter: {ville: [Rennes, Brest, Nantes]}\n", "villes")
    assert sorted(built.data["ville"]) == ["Brest", "Nantes", "Rennes"]


def test_an_empty_cell_in_a_column_not_grouped_by_draws(cities):
    built = chart(cities, "mark: bar\nx: part\ny: ville\ntooltip: note\nfilter: {ville: [Rennes, Brest]}\n", "villes")
    assert built.data["note"].isna().sum() == 1


def test_a_highlight_s_line_without_its_name_is_refused(data):
    (data / "r.csv").write_text("region,annee,part\nA,2013,3\nA,2016,6\nB,2013,2\n,2016,4\n", encoding="utf-8")
    error = refused(data, "mark: line\nx: annee:O\ny: part\nhighlight: {region: A}\n", "r")
    assert error.line == 17 and "la ligne 5 de data/r.csv" in error.message
    assert "une ligne sans nom" in error.message


def test_the_line_of_a_row_without_its_category_is_the_file_s_after_a_filter(cities):
    """The editor's trial: with filter:, the row's line was counted among the rows kept (« la ligne 2 »)."""
    error = refused(cities, "mark: bar\nx: part\ny: ville\nfilter: {part: [25, 10]}\n", "villes")
    assert "la ligne 5 de data/villes.csv" in error.message
