"""The bad-input suite, end to end: each case fails `build_site` with one clear
sentence naming the file, the line, the column and the value, exits non-zero,
and leaves the previously published site byte-identical."""

from __future__ import annotations

import pytest
from conftest import BAR_BLOCK
from test_build import snapshot

pytestmark = pytest.mark.slow

NUMBER = "schema:\n  fields:\n    - {name: usage}\n    - {name: annee, type: integer}\n    - {name: part, type: number"

CSV_CASES = {
    # name: (csv bytes, descriptor, expected words: location first)
    "utf-8 declared latin-1": (
        "usage,annee,part\nRéseaux sociaux,2016,62\n".encode(),
        "encoding: iso-8859-1\n",
        ["data/usages.csv:2:", "UTF-8", "encoding: utf-8"],
    ),
    "latin-1 read as utf-8": (
        "usage,annee,part\nRéseaux sociaux,2016,62\n".encode("latin-1"),
        None,
        ["data/usages.csv:2:", "0xE9", "cp1252"],
    ),
    "wrong delimiter": (
        b"usage;annee;part\nA;2016;62\n",
        NUMBER + "}\n",
        ["data/usages.csv:1:", "séparées par « ; »", 'delimiter: ";"'],
    ),
    "mixed decimal marks": (
        b'usage,annee,part\nA,2013,"12,5"\nB,2016,12.5\n',
        NUMBER + ', decimalChar: ","}\n',
        ["data/usages.csv:3:", "« part »", "« 12.5 »"],
    ),
    "decimal comma undeclared": (
        b'usage,annee,part\nA,2013,"12,5"\n',
        NUMBER + "}\n",
        ["data/usages.csv:2:", "« part »", "« 12,5 »", 'decimalChar: ","'],
    ),
    "ragged row": (
        b"usage,annee,part\nA,2013,1\nB,2016\n",
        None,
        ["data/usages.csv:3:", "2 valeurs au lieu de 3"],
    ),
    "empty file": (b"", None, ["data/usages.csv:", "vide"]),
    "header only": (b"usage,annee,part\n", None, ["data/usages.csv:", "aucune ligne de données"]),
    "duplicate header": (b"usage,part,part\nA,1,2\n", None, ["data/usages.csv:1:", "« part »", "deux fois"]),
    "empty header": (b"usage,,part\nA,1,2\n", None, ["data/usages.csv:1:", "n° 2", "pas de nom"]),
    # Table Schema's number is "NaN", "INF" or "-INF" exactly (read as such: the
    # conformance suite); "nan" is none of them, never a silent NaN.
    "nan in a number column": (
        b"usage,annee,part\nA,2013,nan\n",
        NUMBER + "}\n",
        ["data/usages.csv:2:", "« nan »", "n'est pas un nombre"],
    ),
    "infinity in a number column": (
        b"usage,annee,part\nA,2013,1e999\n",
        NUMBER + "}\n",
        ["data/usages.csv:2:", "infinie", "« 1e999 »"],
    ),
    "undeclared missing token": (
        b"usage,annee,part\nA,2013,NA\n",
        NUMBER + "}\n",
        ["data/usages.csv:2:", "« NA »", "missingValues"],
    ),
    "day-first date in an ISO column": (
        b"usage,annee,part\nA,01/02/2024,1\n",
        "schema:\n  fields:\n    - {name: usage}\n    - {name: annee, type: date}\n    - {name: part, type: number}\n",
        ["data/usages.csv:2:", "« 01/02/2024 »", "%Y-%m-%d"],
    ),
}


@pytest.mark.parametrize("case", CSV_CASES)
def test_bad_csv_fails_naming_where_and_publishes_nothing(usages_site, capsys, case):
    assert usages_site.build() == 0
    before = snapshot(usages_site.output)
    raw, descriptor, words = CSV_CASES[case]
    desc_path = usages_site.root / "data" / "usages.resource.yaml"
    desc_path.unlink()
    usages_site.dataset("usages", raw, descriptor)
    capsys.readouterr()
    assert usages_site.build() == 2
    err = capsys.readouterr().err
    first = err.splitlines()[0]
    for word in words:
        assert word in first, (word, err)
    assert "Traceback" not in err
    assert snapshot(usages_site.output) == before


BLOCK_CASES = {
    "absolute path": ("dataset: /etc/passwd", "sort du dossier data/"),
    "URL": ("dataset: https://exemple.org/x.csv", "sort du dossier data/"),
    "symlink outside": ("dataset: lien", "hors du dossier data/"),
}


@pytest.mark.parametrize("case", BLOCK_CASES)
def test_datasets_outside_data_are_refused(usages_site, capsys, case):
    outside = usages_site.root / "secret.csv"
    outside.write_text("a\n1\n", encoding="utf-8")
    (usages_site.root / "data" / "lien.csv").symlink_to(outside)
    line, words = BLOCK_CASES[case]
    usages_site.article("essai", BAR_BLOCK.replace("dataset: usages", line))
    assert usages_site.build() == 2
    err = capsys.readouterr().err
    assert "content/essai.md:7: " in err and words in err
