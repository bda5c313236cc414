"""Dataset loading: the descriptor is honoured, and every bad value is named."""

from __future__ import annotations

import pytest
from datacharts_engine.datasets import load_dataset
from datacharts_engine.errors import EditorError


def write(tmp_path, name, raw: bytes, descriptor: str | None = None):
    data = tmp_path / "data"
    data.mkdir(exist_ok=True)
    (data / f"{name}.csv").write_bytes(raw)
    if descriptor is not None:
        (data / f"{name}.resource.yaml").write_text(descriptor, encoding="utf-8")
    return data


def error_of(data, name) -> EditorError:
    with pytest.raises(EditorError) as caught:
        load_dataset(name, data)
    return caught.value


FRENCH_DESCRIPTOR = """\
encoding: iso-8859-1
dialect: {delimiter: ";"}
schema:
  fields:
    - {name: usage, type: string}
    - {name: part, type: number, decimalChar: ","}
"""


def test_latin1_semicolon_decimal_comma(tmp_path):
    raw = "usage;part\nRéseaux sociaux;62\nTéléconférence;12,5\n".encode("latin-1")
    ds = load_dataset("f", write(tmp_path, "f", raw, FRENCH_DESCRIPTOR))
    assert list(ds.frame["usage"]) == ["Réseaux sociaux", "Téléconférence"]
    assert list(ds.frame["part"]) == [62.0, 12.5]


def test_cp1252_characters_read_right(tmp_path):
    raw = "nom;part\nŒuvres d’art;12,5\nDons en €;3\n".encode("cp1252")
    desc = FRENCH_DESCRIPTOR.replace("iso-8859-1", "cp1252").replace("usage", "nom")
    ds = load_dataset("c", write(tmp_path, "c", raw, desc))
    assert list(ds.frame["nom"]) == ["Œuvres d’art", "Dons en €"]


def test_utf8_bom_accepted_without_descriptor(tmp_path):
    raw = "\ufeffusage,part\nRéseaux,62\n".encode()
    ds = load_dataset("b", write(tmp_path, "b", raw))
    assert list(ds.frame.columns) == ["usage", "part"]
    assert ds.fields["part"].type == "integer"


def test_utf8_file_declared_latin1_is_mojibake(tmp_path):
    raw = "usage;part\nRéseaux sociaux;62\n".encode()
    err = error_of(write(tmp_path, "m", raw, FRENCH_DESCRIPTOR), "m")
    assert err.path == "data/m.csv" and err.line == 2
    assert "UTF-8" in err.message and "encoding: utf-8" in err.message


def test_latin1_file_read_as_utf8_names_the_line(tmp_path):
    raw = "usage,part\nok,1\nRéseaux,62\n".encode("latin-1")
    err = error_of(write(tmp_path, "l", raw), "l")
    assert err.line == 3 and "cp1252" in err.message


@pytest.mark.parametrize("space", [" ", "\u00a0", "\u202f"])
def test_group_char_accepts_every_space(tmp_path, space):
    raw = f"groupe;effectif\ndirigeants;2{space}700\nbénévoles;6{space}700\n".encode()
    desc = (
        'dialect: {delimiter: ";"}\nschema:\n  fields:\n    - {name: groupe, type: string}\n'
        '    - {name: effectif, type: integer, groupChar: " "}\n'
    )
    ds = load_dataset("g", write(tmp_path, "g", raw, desc))
    assert list(ds.frame["effectif"]) == [2700, 6700]


def test_bare_number_false_strips_percent(tmp_path):
    raw = "usage,part\nsite,73 %\nréseaux,62\u202f%\n".encode()
    desc = "schema:\n  fields:\n    - {name: usage}\n    - {name: part, type: number, bareNumber: false}\n"
    ds = load_dataset("p", write(tmp_path, "p", raw, desc))
    assert list(ds.frame["part"]) == [73.0, 62.0]


def test_missing_values_are_declared_per_dataset(tmp_path):
    raw = b"frein,part\ntemps,75\nmoyens,NA\n"
    desc = 'schema:\n  missingValues: ["", "NA"]\n  fields:\n    - {name: frein}\n    - {name: part, type: number}\n'
    ds = load_dataset("n", write(tmp_path, "n", raw, desc))
    assert ds.frame["part"].isna().tolist() == [False, True]


def test_na_is_a_value_where_not_declared(tmp_path):
    ds = load_dataset("n", write(tmp_path, "n", b"pays,code\nNamibie,NA\n"))
    assert ds.frame["code"].tolist() == ["NA"]


def test_bad_value_names_file_row_and_column(tmp_path):
    raw = b"usage,part\na,1.5\nb,12,5\n"
    data = write(
        tmp_path,
        "v",
        raw.replace(b"12,5", b'"12,5"'),
        "schema:\n  fields:\n    - {name: usage}\n    - {name: part, type: number}\n",
    )
    err = error_of(data, "v")
    assert (err.path, err.line) == ("data/v.csv", 3)
    assert "« part »" in err.message and "« 12,5 »" in err.message and 'decimalChar: ","' in err.message


def test_ragged_row_is_an_error_with_its_line(tmp_path):
    err = error_of(write(tmp_path, "r", b"a,b,c\n1,2,3\n4,5\n"), "r")
    assert err.line == 3 and "2 valeurs au lieu de 3" in err.message


def test_wrong_delimiter_is_explained(tmp_path):
    desc = "schema:\n  fields:\n    - {name: a}\n    - {name: b}\n    - {name: c}\n"
    err = error_of(write(tmp_path, "d", b"a;b;c\n1;2;3\n", desc), "d")
    assert err.line == 1 and "séparées par « ; »" in err.message and 'delimiter: ";"' in err.message


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        (b"", "vide"),
        (b"a,b\n", "aucune ligne de donn"),
        (b"a,a\n1,2\n", "deux fois"),
        (b"a,\n1,2\n", "pas de nom"),
    ],
)
def test_structural_problems(tmp_path, raw, words):
    assert words in error_of(write(tmp_path, "s", raw), "s").message


def test_infinity_is_refused(tmp_path):
    desc = "schema:\n  fields:\n    - {name: a, type: number}\n"
    err = error_of(write(tmp_path, "i", b"a\n1\n1e999\n", desc), "i")
    assert err.line == 3 and "infinie" in err.message


@pytest.mark.parametrize("descriptor", [None, "schema:\n  fields:\n    - {name: n, type: integer}\n"])
def test_an_integer_past_64_bits_is_named(tmp_path, descriptor):
    """Declared or inferred, an integer too long for 64 bits is an editor's
    slip named with its line, not a TypeError from pandas."""
    raw = b"n\n9223372036854775807\n-12\n11111111111111111143\n"
    error = error_of(write(tmp_path, "big", raw, descriptor), "big")
    assert error.line == 4 and "11111111111111111143" in error.message and "type number" in error.message
    raw = b"n\n9223372036854775807\n-9223372036854775808\n-0000000000000000000012\n"
    ok = load_dataset("ok", write(tmp_path, "ok", raw, descriptor))
    assert list(ok.frame["n"]) == [2**63 - 1, -(2**63), -12]


def test_day_first_dates(tmp_path):
    desc = 'schema:\n  fields:\n    - {name: jour, type: date, format: "%d/%m/%Y"}\n'
    ds = load_dataset("t", write(tmp_path, "t", b"jour\n01/02/2024\n", desc))
    assert (ds.frame["jour"][0].month, ds.frame["jour"][0].day) == (2, 1)


def test_unknown_descriptor_field_property(tmp_path):
    desc = "schema:\n  fields:\n    - {name: a, type: number, decimalchar: ','}\n"
    err = error_of(write(tmp_path, "k", b"a\n1\n", desc), "k")
    assert err.path == "data/k.resource.yaml" and err.line == 3 and "decimalChar" in err.message


@pytest.mark.parametrize("name", ["../secret", "/etc/passwd", "https://example.org/x.csv", "a/b"])
def test_names_that_leave_data_are_refused(tmp_path, name):
    data = write(tmp_path, "ok", b"a\n1\n")
    assert "sort du dossier data/" in error_of(data, name).message


def test_symlink_out_of_data_is_refused(tmp_path):
    data = write(tmp_path, "ok", b"a\n1\n")
    outside = tmp_path / "outside.csv"
    outside.write_bytes(b"a\n1\n")
    (data / "lien.csv").symlink_to(outside)
    assert "hors du dossier data/" in error_of(data, "lien").message


def test_missing_dataset_lists_the_closest_first(tmp_path):
    data = write(tmp_path, "usages-numeriques", b"a\n1\n")
    (data / "panel.csv").write_bytes(b"a\n1\n")
    message = error_of(data, "usage-numeriques").message
    assert "n'existe pas" in message
    assert message.index("usages-numeriques") < message.index("panel")


def test_content_hash_follows_the_bytes(tmp_path):
    data = write(tmp_path, "h", b"a\n1\n")
    first = load_dataset("h", data).content_hash
    (data / "h.csv").write_bytes(b"a\n2\n")
    assert load_dataset("h", data).content_hash != first
