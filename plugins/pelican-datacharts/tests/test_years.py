"""A column of years (type: year, or named « annee ») on an axis.

The editor's trial: x: {field: annee, type: temporal} published every point
in 1970 (Vega reads 2016 as milliseconds), exit 0; type: quantitative wrote
ticks « 2013,2 » from year 0 and the description « 2 013 »; a reference on
the default axis of years told the editor to move it to the other axis."""

from __future__ import annotations

import pytest

from .marks_helpers import build, data, line_of, refused, svg_of, texts  # noqa: F401 - data is the fixture

LINES = "mark: line\ny: part\ncolor: usage\n"


@pytest.fixture
def years(data):  # noqa: F811
    descriptor = data / "usages.resource.yaml"
    descriptor.write_text(descriptor.read_text(encoding="utf-8").replace("type: integer", "type: year"), "utf-8")
    return data


def test_years_on_an_axis_of_dates_are_refused_at_their_line(years):
    yaml = LINES + "x: {field: annee, type: temporal}\n"
    error = refused(years, yaml)
    assert "« annee » contient des années écrites en nombres" in error.message
    assert "écrivez type: quantitative" in error.message
    assert error.line == line_of(yaml, "x")


def test_years_on_a_scale_write_whole_years_from_the_first(years):
    built = build(years, LINES + "x: {field: annee, type: quantitative}\ndescription: auto\n")
    x = built.spec["encoding"]["x"]
    assert x["scale"]["zero"] is False
    ticks = [t for t in texts(svg_of(built)) if t.startswith("20") and len(t) > 2]  # not the y axis' 20
    assert ticks == ["2013", "2014", "2015", "2016"]
    assert "2013 : 36" in built.description and "2 013" not in built.description


def test_a_reference_range_between_two_surveys_on_a_scale_of_years(years):
    scale = "x: {field: annee, type: quantitative}\n"
    built = build(years, LINES + scale + "reference: [{x: [2014, 2015], label: Entre}]\n")
    svg = svg_of(built)
    assert "Entre" in texts(svg)
    (band,) = [
        layer for layer in built.spec["layer"] if layer["mark"].get("type") == "rect" and "x2" in layer["encoding"]
    ]
    rows = built.spec["datasets"][band["data"]["name"]]
    field, end = band["encoding"]["x"]["field"], band["encoding"]["x2"]["field"]
    assert (rows[0][field], rows[0][end]) == (2014, 2015)


def test_a_reference_on_years_side_by_side_says_how_to_put_them_on_a_scale(years):
    yaml = LINES + "x: annee\nreference: [{x: [2014, 2016], label: Entre}]\n"
    error = refused(years, yaml)
    assert "écrivez x: {field: annee, type: quantitative}" in error.message
    assert "placez-la sur l'autre axe" not in error.message


def test_a_length_of_years_keeps_its_zero(data):  # noqa: F811
    (data / "anciennete.csv").write_text("usage,annees_pratique\nSite,12\nRéseaux,3\n", encoding="utf-8")
    built = build(data, "mark: bar\nx: annees_pratique\ny: usage\n", dataset="anciennete")
    assert "zero" not in built.spec["encoding"]["x"].get("scale", {})


def test_the_description_of_highlighted_lines_names_each_line(data):  # noqa: F811
    built = build(data, "mark: line\nx: annee\ny: part\nhighlight: {usage: Réseaux sociaux}\ndescription: auto\n")
    assert "Réseaux sociaux, 2013 : 36" in built.description
    assert "Outils collaboratifs, 2016 : 43" in built.description
