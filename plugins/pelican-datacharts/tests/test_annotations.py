"""annotations: a note beside one data row, drawn in an aria-less layer and
read by screen readers in the chart's description."""

from __future__ import annotations

import pytest

from .marks_helpers import build, data, decorations, line_of, mark_labels, refused, svg_of, texts  # noqa: F401

BARS = "mark: bar\nx: part\ny: usage\nyOffset: annee:N\ncolor: annee:N\n"
NOTE = "annotations: [{where: {usage: Réseaux sociaux, annee: 2016}, text: Presque le double de 2013}]\n"


def note_layer(spec):
    (layer,) = [d for d in decorations(spec) if d["mark"].get("fontStyle") == "italic"]
    return layer


def test_the_note_is_written_beside_its_row_only(data):  # noqa: F811
    built = build(data, BARS + NOTE)
    layer = note_layer(built.spec)
    assert layer["mark"]["align"] == "left" and layer["encoding"]["yOffset"]["field"] == "annee"
    column = layer["encoding"]["text"]["field"]
    rows = built.spec["datasets"][(layer.get("data") or built.spec["data"])["name"]]
    noted = [(r["usage"], r["annee"]) for r in rows if r[column]]
    assert noted == [("Réseaux sociaux", 2016)]
    svg = svg_of(built)
    assert "Presque le double de 2013" in texts(svg)
    assert len(mark_labels(svg)) == 4  # the note is no mark of its own
    # Read by screen readers: in the SVG's description and the figure's.
    assert built.description == "D. Annotation (Réseaux sociaux, 2016) : Presque le double de 2013."
    assert "<desc" in svg and "Annotation (Réseaux sociaux, 2016) : Presque le double de 2013." in svg


def test_the_note_clears_the_value_label(data):  # noqa: F811
    alone = note_layer(build(data, BARS + NOTE).spec)["mark"]["dx"]
    labelled = note_layer(build(data, BARS + NOTE + "labels: true\n").spec)["mark"]["dx"]
    assert labelled > alone + 20  # past « 62 % »


def test_a_note_may_name_its_row_by_a_column_the_chart_does_not_plot(data):  # noqa: F811
    (data / "usages.csv").write_text(
        "indicateur,usage,annee,part\nrs,Réseaux sociaux,2016,62\noc,Outils collaboratifs,2016,43\n", encoding="utf-8"
    )
    (data / "usages.resource.yaml").unlink()
    built = build(data, "mark: bar\nx: part\ny: usage\nannotations: [{where: {indicateur: oc}, text: Moins}]\n")
    assert "Annotation (oc) : Moins." in built.description


def test_a_note_on_a_column_stands_above_the_plot_with_a_leader_down_to_it(data):  # noqa: F811
    built = build(data, "mark: bar\nx: usage\ny: part\nxOffset: annee:N\n" + NOTE)
    layer = note_layer(built.spec)
    assert layer["mark"]["baseline"] == "bottom" and layer["encoding"]["y"] == {"value": 0}
    (leader,) = [d for d in decorations(built.spec) if d["mark"]["type"] == "rule"]
    assert leader["encoding"]["y"]["field"] == "part" and leader["encoding"]["y2"] == {"value": 0}
    assert leader["encoding"]["xOffset"]["field"] == "annee"
    rows = built.spec["datasets"][(leader.get("data") or built.spec["data"])["name"]]
    drawn = [(r["usage"], r["annee"]) for r in rows if r[leader["encoding"]["opacity"]["field"]] == 1]
    assert drawn == [("Réseaux sociaux", 2016)]  # one leader, to the noted column


@pytest.mark.parametrize(
    "yaml, hint",
    [
        ("annotations: [{where: {usage: Réseaux sociaux}, text: X}]\n", "désigne 2 lignes du graphique au lieu d'une"),
        ("annotations: [{where: {usage: Blogs}, text: X}]\n", "désigne aucune ligne"),
        ("annotations: [{where: {usgae: Blogs}, text: X}]\n", "colonne « usgae » absente"),
        ("annotations: [{where: {annee: deux}, text: X}]\n", "« deux » n'est pas un nombre"),
        ("annotations: [{text: X}]\n", "where: (la ligne visée) et text:"),
        ('annotations: [{where: {annee: 2016}, text: ""}]\n', "text: est le texte"),
        ("annotations: Une note\n", "une liste de notes"),
    ],
)
def test_a_note_that_cannot_be_placed_is_refused_at_its_line(data, yaml, hint):  # noqa: F811
    error = refused(data, BARS + yaml)
    assert hint in error.message
    assert error.line == line_of(BARS + yaml, "annotations")


def test_no_note_on_a_pie(data):  # noqa: F811
    yaml = "mark: arc\ntheta: part\ncolor: usage\nfilter: {annee: 2016}\n" + NOTE
    assert "note:" in refused(data, yaml).message


def test_a_note_goes_left_when_another_point_of_its_row_lies_to_its_right(data):  # noqa: F811
    """Two years on one row of points: a note on the 2013 point (36) written to
    its right would run over the 2016 point (62) and read as that one's."""
    points = "mark: point\nx: part\ny: usage\ncolor: annee:N\n"
    note = "annotations: [{where: {usage: Réseaux sociaux, annee: 2013}, text: Le point de départ}]\n"
    built = build(data, points + note)
    notes = [d for d in decorations(built.spec) if d["mark"].get("fontStyle") == "italic"]
    written = []
    for layer in notes:
        column = layer["encoding"]["text"]["field"]
        rows = built.spec["datasets"][(layer.get("data") or built.spec["data"])["name"]]
        written += [(layer["mark"]["align"], r["usage"], r["annee"]) for r in rows if r[column]]
    assert written == [("right", "Réseaux sociaux", 2013)]
    # The rightmost point of its row keeps its note on the right.
    last = note.replace("2013", "2016")
    (layer,) = [d for d in decorations(build(data, points + last).spec) if d["mark"].get("fontStyle") == "italic"]
    assert layer["mark"]["align"] == "left"
    svg = svg_of(built)
    assert "Le point de départ" in texts(svg) and len(mark_labels(svg)) == 4
