"""Pure layer: block text -> checked block -> Vega-Lite spec (no files written)."""

from __future__ import annotations

import pytest
from conftest import USAGES_CSV, USAGES_DESCRIPTOR
from datacharts_engine.blocks import parse_block
from datacharts_engine.build_chart import build_chart
from datacharts_engine.datasets import load_dataset
from datacharts_engine.errors import EditorError
from datacharts_engine.settings import DEFAULTS


@pytest.fixture
def usages(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "usages.csv").write_text(USAGES_CSV, encoding="utf-8")
    (data / "usages.resource.yaml").write_text(USAGES_DESCRIPTOR, encoding="utf-8")
    return load_dataset("usages", data)


BASE = "dataset: usages\ntitle: T\ndescription: D\n"


def spec_of(text, dataset):
    return build_chart(parse_block(BASE + text, "content/a.md", 10), dataset, DEFAULTS)


def block_error(text, dataset=None) -> EditorError:
    with pytest.raises(EditorError) as caught:
        block = parse_block(text, "content/a.md", 10)
        if dataset is not None:
            build_chart(block, dataset, DEFAULTS)
    return caught.value


def test_names_shorthands_and_mappings(usages):
    built = spec_of("mark: bar\nx: part\ny: usage:N\ncolor: {field: annee, type: nominal, title: Année}\n", usages)
    enc = built.spec["encoding"]
    assert enc["x"] == {"field": "part", "type": "quantitative", "title": "Part des associations (%)"}
    assert enc["y"]["type"] == "nominal"
    assert enc["color"] == {"field": "annee", "type": "nominal", "title": "Année"}
    assert built.spec["description"] == "D"


def test_mark_options_and_size(usages):
    built = spec_of("mark: {type: bar, cornerRadius: 2}\nx: part\ny: usage\nwidth: 400\nheight: 120\n", usages)
    assert built.spec["mark"] == {"type": "bar", "cornerRadius": 2}
    assert (built.spec["width"], built.spec["height"]) == (400, 120)


def test_filter_keeps_only_the_rows_asked(usages):
    built = spec_of("mark: bar\nx: part\ny: usage\nfilter: {annee: 2016}\n", usages)
    assert sorted(built.data["part"]) == [43.0, 62.0]
    assert list(built.data.columns) == ["part", "usage"]
    rows = next(iter(built.spec["datasets"].values()))
    assert len(rows) == 2


def test_filter_value_that_does_not_exist(usages):
    err = block_error(BASE + "mark: bar\nx: part\nfilter: {usage: Reseaux sociaux}\n", usages)
    assert "« Reseaux sociaux » n'est pas une valeur de la colonne « usage » ; valeurs : Réseaux sociaux" in err.message
    assert err.line == 16


def test_aggregate_is_done_before_the_page(usages):
    built = spec_of("mark: bar\nx: {field: part, aggregate: sum}\ny: usage\n", usages)
    assert sorted(built.data["sum_part"]) == [65.0, 98.0]
    assert "aggregate" not in built.spec["encoding"]["x"]


def test_dotted_column_names_are_plotted_under_plain_names(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "d.csv").write_text("taux.2016,nom[1]\n1,a\n", encoding="utf-8")
    ds = load_dataset("d", data)
    built = build_chart(
        parse_block("dataset: d\ntitle: T\ndescription: D\nmark: bar\nx: taux.2016\ny: nom[1]\n", "a.md", 1),
        ds,
        DEFAULTS,
    )
    x, y = built.spec["encoding"]["x"], built.spec["encoding"]["y"]
    (row,) = built.spec["datasets"][built.spec["data"]["name"]]
    assert row == {x["field"]: 1, y["field"]: "a"}  # each field names a key of the rows, not a path
    assert not any(c in x["field"] + y["field"] for c in ".[]")
    assert (x["title"], y["title"]) == ("taux.2016", "nom[1]")  # what the reader sees
    assert list(built.data.columns) == ["taux.2016", "nom[1]"]  # the CSV download


def test_interactive_charts_keep_vega_tooltips(usages):
    built = spec_of("mark: line\nx: annee:O\ny: part\ninteractive: true\n", usages)
    assert built.interactive and built.spec["mark"]["tooltip"] == {"content": "encoding"}


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (BASE + "mark: bar\nx: part\ncolour: usage\n", 16, "clé « colour » inconnue"),
        (BASE + "mark: barre\nx: part\n", 14, "marque « barre » inconnue ; marques possibles : bar"),
        (BASE + "mark: bar\nx: {field: part, colour: red}\n", 15, "option « colour » inconnue pour x"),
        (BASE + "mark: bar\nx: {field: part, type: quantitatif}\n", 15, "type « quantitatif » inconnu"),
        ("dataset: usages\nmark: bar\ntitle: T\nx: part\n", 10, "« description » manque"),
        ("dataset: usages\nmark: bar\n  x: part\n", 13, "cette ligne est décalée"),
        (BASE + "mark: bar\nx: part\nid: Mon Id\n", 16, "id « Mon Id » invalide"),
        (BASE + "mark: bar\nx: part\nwidth: large\n", 16, "width « large » invalide"),
    ],
)
def test_block_mistakes_name_the_line(text, line, words):
    err = block_error(text)
    assert words in err.message
    assert (err.path, err.line) == ("content/a.md", line)


def test_mark_options_that_could_load_a_url_are_refused(usages):
    err = block_error(BASE + "mark: {type: bar, url: http://x}\nx: part\n", usages)
    assert "option de marque « url » inconnue" in err.message and err.line == 14


def test_unknown_column_lists_the_closest_first(usages):
    err = block_error(BASE + "mark: bar\nx: prat\ny: usage\n", usages)
    assert err.line == 15
    assert "colonne « prat » inconnue" in err.message
    assert err.message.split("colonnes : ")[1].startswith("part")


def test_too_many_rows_without_aggregate_is_a_clear_error(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "big.csv").write_text("x,y\n" + "".join(f"{i},{i % 7}\n" for i in range(6000)), encoding="utf-8")
    ds = load_dataset("big", data)
    err = block_error("dataset: big\ntitle: T\ndescription: D\nmark: point\nx: x\ny: y\n", ds)
    assert "6000 lignes" in err.message and "agrégez" in err.message
    big = build_chart(
        parse_block("dataset: big\ntitle: T\ndescription: D\nmark: bar\nx: y:N\ny: count()\n", "a.md", 1), ds, DEFAULTS
    )
    assert len(big.data) == 7 and big.data["nombre"].sum() == 6000


def test_data_table_writes_missing_values_and_booleans_in_french(tmp_path):
    from datacharts_engine.figure import table_of

    data = tmp_path / "data"
    data.mkdir()
    (data / "t.csv").write_text("nom,n,ok,part\na,1,true,12.5\nb,,false,\n", encoding="utf-8")
    desc = "schema:\n  fields:\n    - {name: nom}\n    - {name: n, type: integer}\n    - {name: ok, type: boolean}\n"
    (data / "t.resource.yaml").write_text(desc + "    - {name: part, type: number, unit: '%'}\n", encoding="utf-8")
    ds = load_dataset("t", data)
    _columns, rows = table_of(ds.frame, ds.fields, {})
    assert rows == [["a", "1", "oui", "12,5\u202f%"], ["b", "–", "non", "–"]]
