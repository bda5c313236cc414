"""Every number in data/ matches the study, and every dataset says what it is.

The expected values below are typed again from shared/study-figures.md, on
purpose, instead of being read from the CSV files: a typo in a dataset then
fails here. Fast: the datasets are loaded with the project's loader, no site
is built.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd
import pytest
import yaml
from datacharts_engine.datasets import load_dataset

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
CONTENT = ROOT / "content"
SOURCE = "Recherches & Solidarités et Solidatech, enquête 2016 (comparaison avec 2013)"
LICENCE = "etalab-2.0"
MISSING = None  # the study gives no figure: the cell must be empty (missing), never 0

# dataset -> (key columns, value column, {key values: expected value})
STUDY = {
    "usages-numeriques-2013-2016": (
        ("indicateur", "annee"),
        "part",
        {
            ("reseaux-sociaux", 2013): 36,
            ("reseaux-sociaux", 2016): 62,
            ("outils-collaboratifs", 2013): 22,
            ("outils-collaboratifs", 2016): 43,
            ("site-internet-prioritaire", 2016): 73,
        },
    ),
    "sanitaire-social-2016": (
        ("theme", "groupe"),
        "part",
        {
            ("evaluation", "Sanitaire et social"): 57,
            ("evaluation", "Autres domaines"): 45,
            ("formation-en-ligne", "Sanitaire et social"): 49,
            ("formation-en-ligne", "Autres domaines"): 41,
            ("publics-specifiques", "Sanitaire et social"): 57,
            ("publics-specifiques", "Autres domaines"): 45,
            ("reticences", "Sanitaire et social"): 57,
            ("reticences", "Autres domaines"): 50,
        },
    ),
    "pratiques-intentions-2016": (
        ("indicateur",),
        "part",
        {
            ("formation-a-distance",): 8,
            ("dons-en-ligne",): 13,
            ("outil-de-don-en-ligne",): 42,
        },
    ),
    "freins-2016": (
        ("frein",),
        "part",
        {
            ("moyens",): MISSING,
            ("temps",): 75,
            ("savoir-faire",): 66,
        },
    ),
    "panel-2016": (
        ("profil",),
        "effectif",
        {
            ("dirigeants",): 2700,
            ("benevoles",): 6700,
        },
    ),
}

# Approximate in the study: each brake, with the study's own words.
BRAKE_WORDING = {
    "moyens": "une large majorité",
    "temps": "près des trois quarts",
    "savoir-faire": "près des deux tiers",
}
FIELDS_OF_THE_SURVEY = {"sport", "culture", "loisirs - éducation populaire", "sanitaire et social"}
# Who the comparison group of each health-and-social figure is, in the study.
COMPARISON_GROUPS = {
    "evaluation": "Moyenne des autres domaines",
    "publics-specifiques": "Moyenne des autres domaines",
    "reticences": "Culture, et loisirs - éducation populaire",
}

ALL_DATASETS = sorted(path.stem for path in DATA.glob("*.csv"))


def _load(name):
    return load_dataset(name, DATA)


def _numeric_columns(dataset):
    return [name for name, field in dataset.fields.items() if field.type in ("integer", "number")]


def test_every_dataset_with_numbers_is_checked_against_the_study():
    with_numbers = {name for name in ALL_DATASETS if _numeric_columns(_load(name))}
    assert with_numbers == set(STUDY), "a dataset with numbers needs its expected values in STUDY"


@pytest.mark.parametrize("name", sorted(STUDY))
def test_every_number_matches_the_study(name):
    keys, value_column, expected = STUDY[name]
    frame = _load(name).frame
    found = {}
    for record in frame.to_dict("records"):
        key = tuple(record[k] for k in keys)
        assert key not in found, f"{name}: two rows for {key}"
        value = record[value_column]
        found[key] = None if value is None or pd.isna(value) else value
    assert found == expected
    assert _numeric_columns(_load(name)) == [value_column], f"{name}: a number column the test does not check"


def test_brakes_are_flagged_approximate_with_the_study_wording():
    frame = _load("freins-2016").frame.set_index("frein")
    assert frame["approximatif"].tolist() == [True] * len(frame)
    assert frame["formulation"].to_dict() == BRAKE_WORDING
    # "a large majority" has no figure: declared missing, not a number.
    assert math.isnan(frame.loc["moyens", "part"])


def test_the_comparison_group_of_each_figure_is_the_study_s():
    frame = _load("sanitaire-social-2016").frame
    others = frame[frame["groupe"] == "Autres domaines"].set_index("theme")["perimetre_groupe"]
    for theme, group in COMPARISON_GROUPS.items():
        assert others[theme] == group


def test_the_survey_covers_four_fields():
    frame = _load("domaines-enquete").frame
    assert set(frame["intitule_etude"]) == FIELDS_OF_THE_SURVEY


def test_french_export_datasets_really_use_french_conventions():
    for name in ("freins-2016", "panel-2016"):
        dataset = _load(name)
        assert dataset.descriptor["encoding"] == "cp1252"
        assert dataset.descriptor["dialect"]["delimiter"] == ";"
        raw = (DATA / f"{name}.csv").read_bytes()
        with pytest.raises(UnicodeDecodeError):
            raw.decode("utf-8")  # bytes really in Windows-1252, accents included


@pytest.mark.parametrize("name", ALL_DATASETS)
def test_every_dataset_is_described(name):
    dataset = _load(name)
    descriptor = dataset.descriptor
    assert dataset.descriptor_path is not None, f"data/{name}.resource.yaml is missing"
    assert descriptor.get("title")
    assert descriptor.get("description")
    assert dataset.sources == [SOURCE]
    assert [lic.get("name") for lic in descriptor.get("licenses", [])] == [LICENCE]
    assert descriptor.get("encoding")
    assert descriptor.get("dialect", {}).get("delimiter")
    declared = [spec["name"] for spec in descriptor["schema"]["fields"]]
    assert declared == list(dataset.frame.columns), "every column declared, in the file's order"
    for field in dataset.fields.values():
        assert field.title, f"{name}.{field.name} has no title"
        assert field.description, f"{name}.{field.name} has no description"
    for column in _numeric_columns(dataset):
        if "part" in column:
            assert dataset.fields[column].unit == "%", f"{name}.{column} is a percentage: unit: '%'"


# --- What the articles say about the data -------------------------------------

CHART_RE = re.compile(r"^```chart\n(.*?)^```", re.S | re.M)
INLINE_RE = re.compile(r"\{\{(.+?)\}\}", re.S)
NUMBER_RE = re.compile(r"\d+(?:[ \u00a0\u202f]\d{3})*")
YEARS = {2013, 2016, 2017}
PAGES = sorted(CONTENT.rglob("*.md"))


def _charts(path):
    """Each chart block's keys, read by the engine ({{ … }} in its texts left out:
    a quoted value comes from the data)."""
    from datacharts_engine.blocks import TOKEN_RE, parse_block

    charts = []
    for body in CHART_RE.findall(path.read_text(encoding="utf-8")):
        options = dict(parse_block(body, str(path), 1).options)
        charts.append({k: TOKEN_RE.sub(" ", v) if isinstance(v, str) else v for k, v in options.items()})
    return charts


def _numbers(text):
    return {int(re.sub(r"\D", "", n)) for n in NUMBER_RE.findall(text)} - YEARS


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_chart_texts_quote_only_the_study_s_figures(path):
    """Titles, descriptions and notes are typed by hand: their numbers are checked here."""
    for chart in _charts(path):
        expected = set(STUDY[chart["dataset"]][2].values()) if chart["dataset"] in STUDY else set()
        for key in ("title", "description", "note"):
            stray = _numbers(str(chart.get(key, ""))) - expected
            assert not stray, f"{path.name}, chart « {chart['title']} », {key}: {sorted(stray)} not in the study"


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_approximate_brakes_stay_approximate(path):
    text = path.read_text(encoding="utf-8")
    for chart in _charts(path):
        if chart.get("dataset") == "freins-2016":
            assert "environ" in chart["description"], "an approximate value needs « environ »"
            assert "approximati" in chart.get("note", ""), "say in the note that the values are approximate"
    for match in INLINE_RE.finditer(text):
        query = yaml.safe_load("{" + " ".join(match.group(1).split()) + "}")
        if query["dataset"] == "freins-2016" and query["column"] == "part":
            before = text[: match.start()].rstrip()
            assert before.endswith("environ"), f"{path.name}: write « environ » before {match.group(0)}"


def test_every_dataset_is_used_by_an_article():
    used = set()
    for path in CONTENT.glob("*.md"):
        text = path.read_text(encoding="utf-8")
        used |= {chart.get("dataset") for chart in _charts(path)}
        used |= {yaml.safe_load("{" + " ".join(m.split()) + "}")["dataset"] for m in INLINE_RE.findall(text)}
    assert set(ALL_DATASETS) <= used
