"""aggregate, count, bin and timeUnit computed at build time (VegaFusion):
the page carries one row per mark, and the drawing is the one Vega-Lite
draws from the raw rows, mark for mark."""

from __future__ import annotations

import re

import altair as alt
import numpy as np
import pandas as pd
import pytest
from datacharts_engine.blocks import parse_block
from datacharts_engine.build_chart import MAX_ROWS, build_chart, to_spec
from datacharts_engine.datasets import load_dataset
from datacharts_engine.render import render_svg
from datacharts_engine.settings import DEFAULTS

ROWS = MAX_ROWS + 1000  # more than a page may inline: refused before


@pytest.fixture(scope="module")
def dons(tmp_path_factory):
    folder = tmp_path_factory.mktemp("data")
    rng = np.random.default_rng(7)
    days = pd.Timestamp("2021-01-01") + pd.to_timedelta(rng.integers(0, 700, ROWS), unit="D")
    frame = pd.DataFrame(
        {
            "jour": days.strftime("%Y-%m-%d"),
            "montant": rng.integers(1, 100, ROWS),
            "domaine": rng.choice(["Culture", "Loisirs", "Sport"], ROWS),
        }
    )
    frame.to_csv(folder / "dons.csv", index=False)
    return load_dataset("dons", folder)


# The block, and the Vega-Lite the browser would run on the raw rows.
CASES = {
    "a monthly count": (
        "mark: line\nx: {field: jour, timeUnit: yearmonth}\ny: count()\n",
        {"type": "line", "point": True},
        {
            "x": {"field": "jour", "timeUnit": "yearmonth", "type": "temporal", "title": "jour"},
            "y": {"aggregate": "count", "type": "quantitative", "title": "Nombre"},
        },
    ),
    "a histogram": (
        "mark: bar\nx: {field: montant, bin: true}\ny: count()\n",
        "bar",
        {
            "x": {"field": "montant", "bin": True, "type": "quantitative", "title": "montant"},
            "y": {"aggregate": "count", "type": "quantitative", "title": "Nombre"},
        },
    ),
    "a mean per category": (
        "mark: bar\nx: {field: montant, aggregate: mean}\ny: {field: domaine, sort: -x}\n",
        "bar",
        {
            "x": {"field": "montant", "aggregate": "mean", "type": "quantitative", "title": "montant"},
            "y": {"field": "domaine", "type": "nominal", "title": "domaine", "sort": "-x"},
        },
    ),
    "stacked yearly sums": (
        "mark: bar\nx: {field: jour, timeUnit: month}\ny: sum(montant)\ncolor: domaine\n",
        "bar",
        {
            "x": {"field": "jour", "timeUnit": "month", "type": "temporal", "title": "jour"},
            "y": {"field": "montant", "aggregate": "sum", "type": "quantitative", "title": "montant"},
            "color": {"field": "domaine", "type": "nominal", "title": "domaine"},
        },
    ),
    "a median in a pie": (
        "mark: arc\ntheta: {field: montant, aggregate: median}\ncolor: domaine\n",
        "arc",
        {
            "theta": {"field": "montant", "aggregate": "median", "type": "quantitative", "title": "montant"},
            "color": {"field": "domaine", "type": "nominal", "title": "domaine"},
        },
    ),
}


def drawing(svg: str) -> tuple[list, list]:
    """The marks (label and geometry) and the texts of a drawing, in no order;
    coordinates to 1e-6 px (a mean summed in another order differs at 1e-13)."""
    svg = re.sub(r"\d+\.\d+", lambda m: f"{float(m.group(0)):.6f}", svg)
    marks = re.findall(r'<path aria-label="([^"]*)"[^>]*?(?:transform="([^"]*)"[^>]*)?d="([^"]*)"', svg)
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    return sorted(marks), sorted(texts)


@pytest.mark.parametrize("case", CASES)
def test_the_build_draws_what_vega_lite_draws_from_the_raw_rows(dons, case):
    yaml, mark, encoding = CASES[case]
    built = build_chart(parse_block(f"dataset: dons\ntitle: T\ndescription: D\n{yaml}", "a.md", 1), dons, DEFAULTS)
    inlined = next(iter(built.spec["datasets"].values()))
    assert len(inlined) == len(built.data) < 100  # one row per mark, not the raw rows
    size = {key: built.spec[key] for key in ("width", "height", "autosize") if key in built.spec}
    raw = alt.Chart(dons.frame, mark=mark, encoding=encoding).properties(description="D", **size)
    with alt.data_transformers.disable_max_rows():  # the raw rows, as a browser would get them
        browser = render_svg(to_spec(raw, DEFAULTS), DEFAULTS)
    ours = render_svg(built.spec, DEFAULTS)
    marks, texts = drawing(ours)
    assert marks and (marks, texts) == drawing(browser)


def test_the_download_holds_the_plotted_rows_in_a_stable_order(dons):
    yaml = "mark: bar\nx: {field: montant, bin: {step: 20}}\ny: count()\ncolor: domaine\n"
    block = parse_block(f"dataset: dons\ntitle: T\ndescription: D\n{yaml}", "a.md", 1)
    built = build_chart(block, dons, DEFAULTS)
    assert list(built.data.columns) == ["montant_début", "montant_fin", "domaine", "nombre"]
    assert built.data["nombre"].sum() == ROWS
    assert set(built.data["montant_fin"] - built.data["montant_début"]) == {20}
    again = build_chart(parse_block(f"dataset: dons\ntitle: T\ndescription: D\n{yaml}", "a.md", 1), dons, DEFAULTS)
    assert again.data.to_csv() == built.data.to_csv()
    assert again.spec == built.spec  # the page and its cache key do not depend on the run
    expected = sorted(zip(built.data["montant_début"], built.data["domaine"], strict=True))
    assert list(zip(built.data["montant_début"], built.data["domaine"], strict=True)) == expected


def test_raw_rows_past_the_limit_are_still_refused(dons):
    block = parse_block("dataset: dons\ntitle: T\ndescription: D\nmark: point\nx: montant\ny: jour\n", "a.md", 1)
    with pytest.raises(Exception, match="agrégez"):
        build_chart(block, dons, DEFAULTS)


def test_a_grouped_column_keeps_its_unit(tmp_path):
    # The editors' trial: a sum of euros was labelled « 2,8 M », its ticks « 2,5 M », described without €.
    (tmp_path / "collectes.csv").write_text(
        "canal,montant\nEn ligne,1400000\nEn ligne,1400000\nCourrier,900000\nCourrier,350000\n", encoding="utf-8"
    )
    (tmp_path / "collectes.resource.yaml").write_text(
        "title: Collectes\nschema:\n  fields:\n    - {name: canal, type: string, title: Canal}\n"
        '    - {name: montant, type: integer, title: Montant collecté, unit: "€"}\n',
        encoding="utf-8",
    )
    dataset = load_dataset("collectes", tmp_path)
    yaml = "mark: bar\nx: canal\ny: {field: montant, aggregate: sum, format: millions}\nlabels: {format: millions}\n"
    block = parse_block(f"dataset: collectes\ntitle: T\ndescription: auto\n{yaml}", "a.md", 1)
    built = build_chart(block, dataset, DEFAULTS)
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", render_svg(built.spec, DEFAULTS))
    # The labels; 1 250 000 rounds up, as the axis and the tooltip (d3) round it.
    assert texts[-2:] == ["1,3\u00a0M€", "2,8\u00a0M€"], texts
    assert {"0\u00a0€", "0,5\u00a0M€", "2,5\u00a0M€"} <= set(texts)  # the ticks
    assert "Courrier : 1\u00a0250\u00a0000\u00a0€ ; En ligne : 2\u00a0800\u00a0000\u00a0€." in built.description
    counted = "mark: bar\nx: canal\ny: count()\nlabels: true\n"
    block = parse_block(f"dataset: collectes\ntitle: T\ndescription: auto\n{counted}", "a.md", 1)
    built = build_chart(block, dataset, DEFAULTS)
    assert "€" not in "".join(re.findall(r"<text[^>]*>([^<]*)</text>", render_svg(built.spec, DEFAULTS)))


def test_a_highlighted_line_of_sums_has_its_rows_for_labels_and_the_download(dons):
    """The editor's trial: a highlight on monthly sums kept the raw rows (its
    description named a single gift as the largest, its download held them
    all) and labels: was refused as « grouped by the browser »."""
    yaml = "mark: line\nx: {field: jour, timeUnit: yearmonth}\ny: sum(montant)\nhighlight: {domaine: Sport}\n"
    block = parse_block(f"dataset: dons\ntitle: T\ndescription: auto\n{yaml}labels: true\n", "a.md", 1)
    built = build_chart(block, dons, DEFAULTS)
    months = dons.frame["jour"].dt.to_period("M")
    sums = dons.frame.groupby([months, dons.frame["domaine"]])["montant"].sum()
    assert len(built.data) == len(sums)
    top = sums.idxmax()
    assert f"{sums.max():,}".replace(",", "\u00a0") in built.description
    assert built.data.set_index(["jour", "domaine"]).loc[(top[0].to_timestamp(), top[1])].iloc[0] == sums.max()


@pytest.mark.parametrize(
    ("unit", "first"), [("month", "janvier"), ("yearmonth", "2021-01"), ("year", "2021"), ("quarter", "1er trimestre")]
)
def test_the_download_writes_grouped_dates_to_their_unit(dons, unit, first):
    """A month of any year is floored into 2012 by Vega: the download wrote « 2012-01-01 »."""
    from datacharts_engine.produce import csv_of

    yaml = f"mark: bar\nx: {{field: jour, timeUnit: {unit}}}\ny: count()\n"
    built = build_chart(parse_block(f"dataset: dons\ntitle: T\ndescription: D\n{yaml}", "a.md", 1), dons, DEFAULTS)
    lines = csv_of(built.data, built.floored).splitlines()
    assert lines[0] == "jour,nombre" and lines[1].split(",")[0] == first
    assert "2012" not in "".join(lines)
    assert sum(int(line.split(",")[1]) for line in lines[1:]) == ROWS


def test_a_month_s_label_stands_over_the_middle_of_its_bar(dons):
    """Each bar of a month spans the month: its label stood at its first day, half over the bar beside it."""
    yaml = "mark: bar\nx: {field: jour, timeUnit: month}\ny: count()\nlabels: true\n"
    built = build_chart(parse_block(f"dataset: dons\ntitle: T\ndescription: D\n{yaml}", "a.md", 1), dons, DEFAULTS)
    svg = render_svg(built.spec, DEFAULTS)
    bars = [
        (float(x), float(w))
        for x, w in re.findall(
            r'<path aria-label="[^"]*" role="graphics-symbol"[^>]*d="M([-\d.e]+),[-\d.e]+h([-\d.e]+)', svg
        )
    ]
    labels = [float(x) for x in re.findall(r"<text[^>]*translate\(([-\d.e]+),[-\d.e]+\)[^>]*>\d+</text>", svg)]
    labels = labels[-len(bars) :]  # after the axes' numbers
    assert len(bars) == 12
    for (left, width), middle in zip(sorted(bars), sorted(labels), strict=True):
        assert abs(middle - (left + width / 2)) < 1, (left, width, middle)


def test_a_sum_of_cents_keeps_its_cents_in_the_download(tmp_path):
    """The editor's trial: the download of a sum of euros read 607623.0299999999."""
    from datacharts_engine.produce import csv_of

    amounts = [0.1, 0.2, 71813.24, 44135.87, 124149.52, 0.7]
    (tmp_path / "dons.csv").write_text(
        "canal,montant\n" + "".join(f"{'AB'[i % 2]},{a}\n" for i, a in enumerate(amounts)), encoding="utf-8"
    )
    yaml = "mark: bar\nx: canal\ny: {field: montant, aggregate: sum}\n"
    block = parse_block(f"dataset: dons\ntitle: T\ndescription: D\n{yaml}", "a.md", 1)
    built = build_chart(block, load_dataset("dons", tmp_path), DEFAULTS)
    assert sum(amounts[0::2]) != round(sum(amounts[0::2]), 2)  # floating point's own sum has noise
    assert csv_of(built.data, built.floored).splitlines()[1:] == [
        f"A,{round(sum(amounts[0::2]), 2)}",
        f"B,{round(sum(amounts[1::2]), 2)}",
    ]


def test_a_note_on_a_month_s_bar_stands_over_its_middle(dons):
    """The editor's trial: where: {date: 2016-02-01} pointed at the boundary of January and February."""
    yaml = "mark: bar\nx: {field: jour, timeUnit: yearmonth}\ny: count()\n"
    yaml += "annotations: [{where: {jour: 2021-02-01}, text: Une note}]\n"
    built = build_chart(parse_block(f"dataset: dons\ntitle: T\ndescription: D\n{yaml}", "a.md", 1), dons, DEFAULTS)
    svg = render_svg(built.spec, DEFAULTS)
    bar = r'<path aria-label="[^"]*févr\. 2021[^"]*"[^>]*d="M([-\d.e]+),[-\d.e]+h([-\d.e]+)'
    left, width = map(float, re.search(bar, svg).groups())
    (note,) = re.findall(r"<text[^>]*translate\(([-\d.e]+),[-\d.e]+\)[^>]*>Une note", svg)
    assert abs(float(note) - (left + width / 2)) < 2, (note, left, width)


def test_a_mean_is_written_to_one_decimal_more_than_its_values(tmp_path):
    """The editor's trial: a mean of shares read « 24,916667 % » in the
    description, the table and its label. The drawing keeps the exact mean."""
    from datacharts_engine.figure import table_of

    rows = "canal,part\nA,24.5\nA,25.1\nA,25.15\nB,10.0\nB,10.1\nB,10.3\n"
    (tmp_path / "parts.csv").write_text(rows, encoding="utf-8")
    (tmp_path / "parts.resource.yaml").write_text(
        "schema:\n  fields:\n    - {name: canal, type: string}\n    - {name: part, type: number, unit: '%'}\n",
        encoding="utf-8",
    )
    yaml = "mark: bar\nx: canal\ny: {field: part, aggregate: mean}\nlabels: true\n"
    block = parse_block(f"dataset: parts\ntitle: T\ndescription: auto\n{yaml}", "a.md", 1)
    built = build_chart(block, load_dataset("parts", tmp_path), DEFAULTS)
    assert built.data["mean_part"].iloc[0] == (24.5 + 25.1 + 25.15) / 3  # exact, as Vega-Lite draws it
    assert "A : 24,917\u202f%" in built.description and "B : 10,133\u202f%" in built.description
    _, table = table_of(built.data, built.fields, built.titles)
    assert [row[1] for row in table] == ["24,917\u202f%", "10,133\u202f%"]
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", render_svg(built.spec, DEFAULTS))
    assert "24,917\u202f%" in texts and "10,133\u202f%" in texts
