"""The claim check, on its own: numbers typed in a chart's text against its data."""

from __future__ import annotations

import pandas as pd
import pytest
from datacharts_engine.blocks import parse_block
from datacharts_engine.claims import check_claims
from datacharts_engine.errors import EditorError

FRAME = pd.DataFrame(
    {"usage": ["Réseaux", "Réseaux", "Outils", "Outils"], "annee": [2013, 2016, 2013, 2016], "part": [36, 62, 22, 43.5]}
)
BIG = pd.DataFrame({"region": ["A", "B"], "nombre": [258_900, 1_210_000]})


def check(text: str, frame=FRAME, unchecked=None):
    extra = f"unchecked: {unchecked}\n" if unchecked else ""
    block = parse_block(f"dataset: d\nmark: bar\nx: part\ny: usage\ntitle: T\ndescription: D\n{extra}", "a.md", 1)
    check_claims(block, {"description": text}, frame)


@pytest.mark.parametrize(
    "text",
    [
        "En 2016, 62 % des associations.",
        "Outils : 43,5 % en 2016.",
        "Plus de 60 % en 2016.",
        "Au moins 62 % en 2016.",
        "Moins de 25 % en 2013.",
        "Au plus 22 % en 2013.",
        "Près de 60 %.",
        "Environ 44 %.",
        "Autour de 35 %.",
        "Quatre barres, deux années.",  # words are not read
        "Quatre barres : 4 en tout.",  # the count of rows
        "Au total, 163,5 points.",  # a column's total
    ],
)
def test_true_sentences_pass(text):
    check(text)


@pytest.mark.parametrize(
    "text, written, closest",
    [
        ("En 2016, 64 % des associations.", "64 %", "62"),
        ("Plus de 70 % en 2016.", "Plus de 70 %", "62"),
        ("Moins de 20 % en 2013.", "Moins de 20 %", "22"),
        ("Près de 50 %.", "Près de 50 %", "43,5"),
        ("Outils : 43,4 % en 2016.", "43,4 %", "43,5"),
        ("Plus de 62 % en 2016.", "Plus de 62 %", "62"),  # equal is not above
        ("Moins de 22 % en 2013.", "Moins de 22 %", "22"),
        ("La part dépasse 65 %.", "dépasse 65 %", "62"),
    ],
)
def test_false_sentences_are_refused_with_the_closest_value(text, written, closest):
    with pytest.raises(EditorError) as caught:
        check(text)
    message = caught.value.message
    assert f"« {written} »" in message and f"la plus proche : {closest})" in message, message
    assert "{{ dataset:" in message and caught.value.line == 7  # the description's line


@pytest.mark.parametrize(
    "text, holds",
    [
        ("258 900 associations", True),
        ("262 500 associations", False),
        ("plus de 260 000 associations", False),
        ("près de 260 000 associations", True),
        ("1,2 million", True),  # 1 210 000 at the precision written
        ("1,3 million", False),
        ("moins de 300 000 associations", True),
        ("plus de 1 million", True),
    ],
)
def test_french_thousands_and_millions(text, holds):
    if holds:
        check(text, BIG)
    else:
        with pytest.raises(EditorError):
            check(text, BIG)


def test_years_are_checked_against_the_datas_years():
    check("Entre 2013 et 2016.")
    with pytest.raises(EditorError) as caught:
        check("Entre 2013 et 2015.")
    assert "« 2015 » n'est pas une année des données (2013, 2016)" in caught.value.message
    check("Depuis 1998, rien.", BIG)  # data without years: a year is left alone


def test_unchecked_numbers_are_left_alone():
    with pytest.raises(EditorError):
        check("Les 7 domaines de l'enquête.")
    check("Les 7 domaines de l'enquête.", unchecked="[7]")
    check("Depuis 2015 seulement.", unchecked="[2015]")


def test_ordinals_dates_and_codes_are_not_numbers():
    check("Le 1er graphique, la 3e barre, le 15/03/2016, la région R2 et le format 16:9 de la note.")


@pytest.mark.parametrize("text", ["Série 7", "Graphique 12 : les usages", "Figure 3.", "Tableau n° 41", "La vague 9"])
def test_a_number_that_numbers_a_thing_is_no_claim(text):
    check(text)


def test_a_percentage_after_such_a_word_is_still_checked():
    with pytest.raises(EditorError):
        check("Série 7 % en 2016")


@pytest.mark.parametrize(
    "text",
    [
        "Les parts varient de 22 % à 62 %.",
        "Elles s'échelonnent de 22 à 62 %.",
        "De 2013 à 2016, elles vont de 22 à 62 %.",
    ],
)
def test_a_range_of_the_least_and_greatest_values_passes(text):
    check(text)


@pytest.mark.parametrize("text", ["Les parts varient de 22 % à 43,5 %.", "Elles vont de 36 à 62 %."])
def test_a_range_that_is_not_the_least_and_greatest_values_is_refused(text):
    """Both ends are values of the data, but a row beyond them (an update) makes the range false."""
    with pytest.raises(EditorError) as caught:
        check(text)
    assert "va de 22 à 62" in caught.value.message and "{{ dataset:" in caught.value.message


def test_a_false_title_says_how_to_keep_the_charts_address():
    block = parse_block("dataset: d\nmark: bar\nx: part\ny: usage\ntitle: 64 %\ndescription: D\n", "a.md", 1)
    with pytest.raises(EditorError) as caught:
        check_claims(block, {"title": "64 %"}, FRAME, "les-reseaux-a-64")
    assert caught.value.message.endswith("« id: les-reseaux-a-64 » au bloc")


def test_every_false_number_of_a_text_is_reported_at_once():
    with pytest.raises(EditorError) as caught:
        check("En 2025, 64 % des associations, et près de 90 %.")
    errors = [caught.value, *caught.value.others]
    assert [e.message.split(" » ")[0] for e in errors] == [
        "description : « 2025",
        "description : « 64 %",
        "description : « près de 90 %",
    ]
