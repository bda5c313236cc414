"""format: in words on an axis or a legend (pourcent, milliers, millions,
milliards, euros), checked against the values; d3 strings still accepted and
checked."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from datacharts_engine.frenchnum import format_as, format_problem, parse_number

from .marks_helpers import build, data, line_of, mark_labels, refused, svg_of, texts  # noqa: F401

NBSP, NNBSP = "\u00a0", "\u202f"


@pytest.mark.parametrize(
    "value, fmt, unit, written",
    [
        (62, "pourcent", "%", f"62{NNBSP}%"),
        (62, "pourcent", None, f"62{NNBSP}%"),
        (12.5, None, "%", f"12,5{NNBSP}%"),
        (2700, None, None, f"2{NBSP}700"),
        (2700, "milliers", None, f"2,7{NBSP}k"),
        (1_200_000, "millions", "€", f"1,2{NBSP}M€"),
        (80_000_000, "millions", "€", f"80{NBSP}M€"),
        (3_400_000_000, "milliards", "€", f"3,4{NBSP}Md€"),
        (1_250, "euros", None, f"1{NBSP}250{NBSP}€"),
        (-1.5, None, None, "−1,5"),
        (0, "millions", "€", f"0{NBSP}€"),  # zero has nothing to scale: not « 0 M€ »
        (0, "milliers", None, "0"),
        (20, "milliers", None, "0"),  # rounds to zero at one decimal
    ],
)
def test_values_are_written_the_french_way(value, fmt, unit, written):
    assert format_as(value, fmt, unit) == written


@pytest.mark.parametrize("text, number", [("45\u202f%", 45), ("2\u00a0700", 2700), ("−1,5", -1.5), ("12,5 €", 12.5)])
def test_a_quoted_value_reads_back_as_its_number(text, number):
    assert parse_number(text) == number


def test_a_text_is_no_number():
    assert parse_number("Bretagne") is None and parse_number("4 à 5") is None


def test_an_axis_in_words_writes_its_ticks_in_words(data):  # noqa: F811
    built = build(data, "mark: bar\nx: {field: montant, format: millions}\ny: poste\n", "montants")
    axis = built.spec["encoding"]["x"]["axis"]
    assert "format" not in built.spec["encoding"]["x"] and "datum.value / 1e+06" in axis["labelExpr"]
    ticks = [t for t in texts(svg_of(built)) if t.endswith("M€")]
    assert f"80{NBSP}M€" in ticks and f"20{NBSP}M€" in ticks
    assert f"0{NBSP}€" in texts(svg_of(built)) and f"0{NBSP}M€" not in ticks  # the axis's first tick


def test_pourcent_on_an_axis_of_percentages(data):  # noqa: F811
    built = build(data, "mark: bar\nx: {field: part, format: pourcent}\ny: usage\nyOffset: annee:N\n")
    assert f"60{NNBSP}%" in texts(svg_of(built))


def test_a_legend_in_words(data):  # noqa: F811
    yaml = "mark: point\nx: poste\ny: part_decimale\nsize: {field: montant, format: millions}\n"
    built = build(data, yaml, "montants")
    assert "labelExpr" in built.spec["encoding"]["size"]["legend"]


@pytest.mark.parametrize(
    "yaml, dataset, hint",
    [
        ("x: {field: part_decimale, format: pourcent}\ny: poste\n", "montants", "des parts de 1"),
        ("x: {field: part, format: .0%}\ny: usage\n", "usages", "multiplie les valeurs par 100"),
        ("x: {field: montant, format: milliards}\ny: poste\n", "montants", "choisissez millions"),
        ("x: {field: part, format: euros}\ny: usage\n", "usages", "sur une colonne en pourcentage"),
        ("x: {field: montant, format: pourcent}\ny: poste\n", "montants", "sur une colonne en « € »"),
        ("x: part\ny: {field: usage, format: milliers}\n", "usages", "ne s'applique qu'à une colonne de nombres"),
        ("x: {field: part, format: pourcents}\ny: usage\n", "usages", "ni un format en mots"),
        ("x: part\ny: usage\ntooltip: {field: part, format: pourcent}\n", "usages", "labels: {format: pourcent}"),
    ],
)
def test_a_format_that_contradicts_the_values_is_refused_at_its_line(data, yaml, dataset, hint):  # noqa: F811
    error = refused(data, "mark: bar\n" + yaml, dataset)
    assert hint in error.message
    key = re.search(r"^(\w+): \{field: \w+, format", yaml, re.M).group(1)
    assert error.line == line_of("mark: bar\n" + yaml, key)


def test_a_share_format_on_shares_is_fine():
    assert format_problem(".0%", pd.Series([0.25, 0.5]), None) is None
    assert format_problem("pourcent", pd.Series([0, 1]), "%") is None  # 0 % and 1 % are percentages too


@pytest.mark.parametrize(
    "value, decimals, written",
    [(62.5, 0, "63"), (1.25, 1, "1,3"), (-1.25, 1, "−1,3"), (0.35, 1, "0,3"), (12345.675, 2, "12\u00a0345,67")],
)
def test_a_tie_rounds_as_the_axes_and_tooltips_do(value, decimals, written):
    # d3 (JavaScript's toFixed) rounds the float's exact value, a tie away from zero;
    # Python's round() gives 62 for 62.5: a label and its tooltip would disagree. 12345.675 is
    # 12345.67499… as a float: toFixed(2) writes 12345.67, and so do we.
    from datacharts_engine.frenchnum import format_number

    assert format_number(value, decimals) == written


# -- the editor's trial: d3 strings on axes and labels, pourcent on counts ----


def test_a_d3_format_on_an_axis_writes_its_ticks(data):  # noqa: F811
    """It was refused in English (« X has no parameter named 'format' ») at the fence's line."""
    built = build(data, "mark: bar\nx: {field: part, format: '.1f'}\ny: usage\nfilter: {annee: 2016}\n")
    assert built.spec["encoding"]["x"]["axis"]["format"] == ".1f"
    assert "format" not in {k for k in built.spec["encoding"]["x"] if k != "axis"}
    assert {"10,0", "20,0", "60,0"} <= set(texts(svg_of(built)))


def test_a_d3_format_on_labels_keeps_the_unit(data):  # noqa: F811
    for position in ("outside", "inside"):
        yaml = "mark: bar\nx: part\ny: usage\nfilter: {annee: 2016}\n"
        yaml += f"labels: {{format: '.1f', position: {position}}}\n"
        written = texts(svg_of(build(data, yaml)))
        assert f"62,0{NNBSP}%" in written and f"43,0{NNBSP}%" in written, (position, written)


def test_a_d3_percent_format_writes_one_percent_sign(data):  # noqa: F811
    yaml = "mark: bar\nx: part_decimale\ny: poste\nlabels: {format: '.0%'}\n"
    written = [t for t in texts(svg_of(build(data, yaml, dataset="montants"))) if "%" in t]
    assert len(written) == 3 and all(t.count("%") == 1 for t in written), written


def test_pourcent_on_counts_is_refused_unless_the_unit_says_percent(data):  # noqa: F811
    (data / "panel.csv").write_text("profil,n\nbénévoles,6700\ndirigeants,2700\n", encoding="utf-8")
    yaml = "mark: bar\nx: n\ny: profil\nlabels: {format: pourcent}\n"
    error = refused(data, yaml, dataset="panel")
    assert "format: pourcent écrit des parts de 0 à 100, or les valeurs vont jusqu'à 6\u00a0700" in error.message
    assert error.line == line_of(yaml, "labels")
    descriptor = 'schema:\n  fields:\n    - {name: profil, type: string}\n    - {name: n, type: number, unit: "%"}\n'
    (data / "panel.resource.yaml").write_text(descriptor, encoding="utf-8")  # a rise of 6 700 %
    assert f"6{NBSP}700{NNBSP}%" in texts(svg_of(build(data, yaml, dataset="panel")))


def test_an_amount_with_cents_is_written_with_two_decimals(data):  # noqa: F811
    """The editor's trial: « 3 150 661,7 € » beside « 3 644 128,05 € »."""
    from datacharts_engine.frenchnum import format_number

    assert format_number(3150661.7, unit="€") == "3\u00a0150\u00a0661,70\u00a0€"
    assert format_number(75.0, unit="€") == "75\u00a0€"  # no cents, none written
    assert format_number(12.5, unit="%") == "12,5\u202f%"  # only amounts
    assert format_as(164253.9, "euros", None) == format_as(164253.9, None, "€") == "164\u00a0253,90\u00a0€"  # labels
    assert format_as(1250000.0, "millions", "€") == "1,3\u00a0M€"  # a scale keeps its one decimal
    (data / "dons.csv").write_text("canal,montant\nChèque,3150661.7\nEn ligne,3644128.05\n", encoding="utf-8")
    (data / "dons.resource.yaml").write_text(
        "schema:\n  fields:\n    - {name: canal, type: string}\n"
        '    - {name: montant, type: number, title: Montant, unit: "€"}\n',
        encoding="utf-8",
    )
    labels = mark_labels(svg_of(build(data, "mark: bar\nx: canal\ny: montant\n", "dons")))
    assert sorted(labels) == [
        "canal: Chèque; Montant: 3\u00a0150\u00a0661,70\u00a0€",
        "canal: En ligne; Montant: 3\u00a0644\u00a0128,05\u00a0€",
    ]
