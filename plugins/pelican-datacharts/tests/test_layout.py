"""A chart's size (the text column's width), its phone drawing for every
kind of chart, and long labels that wrap (layout.py): spec subtrees and the
SVG vl-convert draws from them."""

from __future__ import annotations

import re

import pytest
from datacharts_engine.blocks import parse_block
from datacharts_engine.build_chart import build_chart
from datacharts_engine.datasets import load_dataset
from datacharts_engine.layout import narrow_spec, wants_narrow
from datacharts_engine.render import render_svg
from datacharts_engine.settings import DEFAULTS

DOMAINS = ["Sport", "Culture", "Loisirs et éducation populaire", "Sanitaire et social"]
USAGES = ["Réseaux sociaux", "Outils collaboratifs"]


@pytest.fixture(scope="module")
def parts(tmp_path_factory):
    folder = tmp_path_factory.mktemp("data")
    rows = [
        f"{d},{year},{20 + i * 3 + j * 7 + (year - 2013)},{u}"
        for i, d in enumerate(DOMAINS)
        for j, u in enumerate(USAGES)
        for year in (2013, 2016)
    ]
    (folder / "parts.csv").write_text("domaine,annee,part,usage\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return load_dataset("parts", folder)


KINDS = {
    "bars with a legend": (
        "mark: bar\nx: part\ny: domaine\ncolor: annee:N\nyOffset: annee:N\nfilter: {usage: Réseaux sociaux}\n"
    ),
    "columns": "mark: bar\ny: part\nx: domaine\nfilter: {annee: 2016, usage: Réseaux sociaux}\n",
    "a line": "mark: line\nx: annee:O\ny: part\ncolor: domaine\nfilter: {usage: Réseaux sociaux}\n",
    "a pie": "mark: arc\ntheta: {field: part, aggregate: sum}\ncolor: domaine\nfilter: {annee: 2016}\n",
    "small multiples": "mark: bar\nx: part\ny: domaine\ncolumn: usage\nfilter: {annee: 2016}\n",
    "rows of small multiples": "mark: bar\nx: part\ny: domaine\nrow: usage\nfilter: {annee: 2016}\n",
}


def built(parts, yaml: str):
    return build_chart(parse_block(f"dataset: parts\ntitle: T\ndescription: D\n{yaml}", "a.md", 1), parts, DEFAULTS)


def width_of(svg: str) -> float:
    return float(re.search(r'<svg\b[^>]*\bwidth="([\d.]+)"', svg).group(1))


def test_a_single_view_is_drawn_as_wide_as_the_column(parts):
    spec = built(parts, KINDS["bars with a legend"]).spec
    assert spec["autosize"] == {"type": "fit-x", "contains": "padding"}
    assert spec["width"] == DEFAULTS["width"]
    assert width_of(render_svg(spec, DEFAULTS)) == DEFAULTS["width"]  # axes and legend included
    assert spec["config"]["axis"]["labelFontSize"] == DEFAULTS["vega_config"]["axis"]["labelFontSize"]


def test_small_multiples_share_the_column_and_a_pie_stays_square(parts):
    facets = built(parts, KINDS["small multiples"]).spec
    assert "autosize" not in facets  # Vega-Lite cannot fit a facet: its cells are sized instead
    # A little wider than the column (it shrinks to it), never narrower (it would not fill it).
    assert DEFAULTS["width"] <= width_of(render_svg(facets, DEFAULTS)) <= DEFAULTS["width"] * 1.1
    pie = built(parts, KINDS["a pie"]).spec
    assert pie["width"] == pie["height"] <= DEFAULTS["height"]


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_of_chart_has_a_phone_drawing_that_fits_a_phone(parts, kind):
    spec = built(parts, KINDS[kind]).spec
    wide = render_svg(spec, DEFAULTS)
    if kind == "a pie":  # square, and its legend in one column below the plot's width: one drawing fits
        assert width_of(wide) <= DEFAULTS["narrow_width"] * 1.1
        assert "width < " in str(spec["encoding"]["color"]["legend"]["columns"])
    else:
        assert wants_narrow(spec, width_of(wide), DEFAULTS)
    narrow = narrow_spec(spec, DEFAULTS)
    drawn = render_svg(narrow, DEFAULTS)
    # Shown at the phone's column (358 px at 390): scaled by 1.1 at most either way.
    assert DEFAULTS["narrow_width"] * 0.85 <= width_of(drawn) <= DEFAULTS["narrow_width"] * 1.1, kind
    for mark in re.findall(r'aria-label="([^"]*)" role="graphics-symbol"', wide):
        assert mark in drawn  # the same marks, values and labels


def test_small_multiples_on_a_phone_are_one_under_the_other(parts):
    narrow = narrow_spec(built(parts, KINDS["small multiples"]).spec, DEFAULTS)
    assert "column" not in narrow["encoding"]
    assert narrow["encoding"]["facet"]["columns"] == 1
    assert narrow["encoding"]["facet"]["field"] == "usage"


def test_a_legend_on_a_phone_is_in_columns_and_its_long_names_are_not_cut(parts):
    narrow = narrow_spec(
        built(parts, KINDS["bars with a legend"].replace("color: annee:N", "color: domaine")).spec, DEFAULTS
    )
    legend = narrow["encoding"]["color"]["legend"]
    # One column (« Loisirs et éducation populaire » is too long for two) once the plot is a phone's.
    assert legend["columns"] == {"expr": f"width < {DEFAULTS['narrow_width'] + 100} ? 1 : 0"}
    drawn = render_svg(narrow, DEFAULTS)
    assert "Loisirs et éducation populaire" in drawn and "…" not in drawn


def lines_of(svg: str, label: str) -> list[str] | None:
    """The lines an axis label is written on (tspans), found by its first word."""
    for text in re.findall(r"<text[^>]*>(.*?)</text>", svg):
        parts = re.findall(r"<tspan[^>]*>([^<]*)</tspan>", text) or [text]
        joined = "".join(p if p.endswith("-") else p + " " for p in parts).strip()  # a break after a hyphen
        if joined == label:
            return parts
    return None


@pytest.mark.parametrize("kind", ["bars with a legend", "columns"])
def test_long_labels_wrap_instead_of_being_cut(parts, kind):
    spec = built(parts, KINDS[kind]).spec
    wide, narrow = render_svg(spec, DEFAULTS), render_svg(narrow_spec(spec, DEFAULTS), DEFAULTS)
    for drawn in (wide, narrow):
        assert lines_of(drawn, "Loisirs et éducation populaire") is not None  # whole
        assert lines_of(drawn, "Sport") == ["Sport"]
        assert "…" not in drawn
    if kind == "columns":  # a column's band is narrow on a desktop too
        assert len(lines_of(wide, "Loisirs et éducation populaire")) >= 2
        # On a phone, four columns of 60 px: five lines of 7 characters would not fit under
        # them, and two lines of 21 were printed over the neighbours': one whole line, turned.
        (turned,) = re.findall(r'<text[^>]*transform="([^"]*)"[^>]*>Loisirs et éducation populaire</text>', narrow)
        assert "rotate(" in turned
    else:
        assert len(lines_of(narrow, "Loisirs et éducation populaire")) >= 2  # on a phone, on two lines or more


def test_an_editors_own_label_options_are_kept(parts):
    spec = built(parts, KINDS["columns"].replace("x: domaine", "x: {field: domaine, axis: {labelAngle: -45}}")).spec
    assert spec["encoding"]["x"]["axis"] == {"labelAngle": -45}


def python_spec(chart) -> dict:
    from datacharts_engine.build_chart import to_spec

    return to_spec(chart, DEFAULTS)


def labelled_bars(width: int = 560):
    """A developer's layered chart: bars, and a sentence written from each
    bar's start, a few pixels in (as charts/freins_approximatifs.py)."""
    import altair as alt
    import pandas as pd

    frame = pd.DataFrame(
        {
            "frein": ["Temps", "Savoir-faire"],
            "part": [75, 66],
            "texte": [
                f"environ {p} % ({w})"
                for p, w in (
                    (75, "« près des trois quarts », selon l'étude"),
                    (66, "« près des deux tiers », selon l'étude"),
                )
            ],
        }
    )
    base = alt.Chart().encode(y=alt.Y("frein:N", title=None))
    bars = base.mark_bar().encode(
        x=alt.X("part:Q", title="Part des dirigeants qui citent ce frein (%, ordre de grandeur)")
    )
    labels = base.mark_text(align="left", dx=6, fontSize=12).encode(x=alt.value(0), text="texte:N")
    return alt.layer(bars, labels, data=frame).properties(width=width, height=150)


def test_a_python_chart_whose_layers_share_a_width_is_drawn_at_the_phones_width():
    spec = python_spec(labelled_bars())
    wide = render_svg(spec, DEFAULTS)
    assert wants_narrow(spec, width_of(wide), DEFAULTS)
    narrow = narrow_spec(spec, DEFAULTS)
    drawn = render_svg(narrow, DEFAULTS)
    assert width_of(drawn) == DEFAULTS["narrow_width"]  # axes included
    # Written from the bar's start in pixels, the sentence would run past a
    # phone's plot: it goes onto lines that fit it, and so does the axis title.
    for sentence in (
        "environ 75 % (« près des trois quarts », selon l'étude)",
        "environ 66 % (« près des deux tiers », selon l'étude)",
    ):
        lines = lines_of(drawn, sentence)
        assert lines is not None and len(lines) >= 2, lines
        assert all(len(line) * 12 * 0.56 + 6 <= DEFAULTS["narrow_width"] * 0.7 for line in lines), lines
    title = lines_of(drawn, "Part des dirigeants qui citent ce frein (%, ordre de grandeur)")
    assert title is not None and len(title) >= 2  # centred on the plot: no wider than it
    assert all(len(line) * 14 * 0.56 <= DEFAULTS["narrow_width"] * 0.7 for line in title), title
    assert lines_of(wide, "environ 75 % (« près des trois quarts », selon l'étude)") == [
        "environ 75 % (« près des trois quarts », selon l'étude)"
    ]  # one line on a desktop


def test_a_python_chart_whose_parts_have_sizes_of_their_own_gets_no_phone_drawing():
    import altair as alt

    chart = labelled_bars()
    side_by_side = python_spec(alt.hconcat(chart, chart))
    assert not wants_narrow(side_by_side, 1200, DEFAULTS)
    uneven = python_spec(labelled_bars())
    uneven["layer"][0]["width"] = 300
    assert not wants_narrow(uneven, 700, DEFAULTS)
    same = python_spec(labelled_bars())
    same["layer"][1]["width"] = same["width"]
    assert wants_narrow(same, 700, DEFAULTS)
    assert all(layer["width"] == DEFAULTS["narrow_width"] for layer in narrow_spec(same, DEFAULTS)["layer"][1:])


def test_a_word_too_wide_for_its_column_on_a_phone_is_turned_on_its_side(tmp_path):
    """The editor's trial: six regions in columns, « Île-de-France » wider than
    its column on a phone, were printed over one another (the wide drawing's
    horizontal wrapping was kept on the phone)."""
    folder = tmp_path / "data"
    folder.mkdir()
    regions = ["Île-de-France", "Occitanie", "Bretagne", "Grand Est", "Normandie", "Centre-Val de Loire"]
    (folder / "r.csv").write_text("region,budget\n" + "".join(f"{r},{10 + i}\n" for i, r in enumerate(regions)))
    spec = build_chart(
        parse_block("dataset: r\ntitle: T\ndescription: D\nmark: bar\nx: region\ny: budget\n", "a.md", 1),
        load_dataset("r", folder),
        DEFAULTS,
    ).spec
    assert spec["encoding"]["x"]["axis"]["labelAngle"] == 0  # side by side on a desktop, where they fit
    phone = narrow_spec(spec, DEFAULTS)["encoding"]["x"].get("axis") or {}
    assert "labelAngle" not in phone and "labelExpr" not in phone  # Vega turns them: no overprint
    assert phone["labelLimit"] >= len("Centre-Val de Loire") * 14 * 0.55  # whole, not cut
    svg = render_svg(narrow_spec(spec, DEFAULTS), DEFAULTS)
    (label,) = re.findall(r'<text[^>]*transform="([^"]*)"[^>]*>Île-de-France</text>', svg)
    assert "rotate(" in label


def test_a_long_hyphenated_name_wraps_after_a_hyphen_on_a_phone(tmp_path):
    """The editors' trial: « Auvergne-Rhône-Alpes » was cut to « Auvergne-Rhô… »
    on a phone, being one word for a wrapping at spaces; it breaks after a
    hyphen, and a name that fits keeps its hyphens on one line."""
    regions = ["Bretagne", "Auvergne-Rhône-Alpes", "Provence-Alpes-Côte d'Azur", "Corse", "Grand Est"]
    (tmp_path / "regions.csv").write_text(
        "region,part\n" + "".join(f"{r},{40 + i}\n" for i, r in enumerate(regions)), encoding="utf-8"
    )
    dataset = load_dataset("regions", tmp_path)
    block = parse_block("dataset: regions\ntitle: T\ndescription: D\nmark: bar\nx: part\ny: region\n", "a.md", 1)
    spec = build_chart(block, dataset, DEFAULTS).spec
    narrow = render_svg(narrow_spec(spec, DEFAULTS), DEFAULTS)
    assert "…" not in narrow
    assert lines_of(narrow, "Auvergne-Rhône-Alpes") == ["Auvergne-", "Rhône-Alpes"]
    assert "".join(lines_of(narrow, "Provence-Alpes-Côte d'Azur")).startswith("Provence-Alpes-")
    assert lines_of(render_svg(spec, DEFAULTS), "Auvergne-Rhône-Alpes") == ["Auvergne-Rhône-Alpes"]


def _turned(svg: str) -> list[str]:
    return re.findall(r"<text\b[^>]*rotate\(270\)[^>]*>([^<]*)</text>", svg)


def test_category_labels_that_fit_their_columns_stay_level(tmp_path):
    """The editor's trial: three columns 220 px wide wrote « Outils
    collaboratifs » on its side (Vega-Lite turns every category label of x),
    and the two years of a line chart too. Labels that fit stay level; on a
    phone they wrap, and turn only when a word cannot fit (test above)."""
    from datacharts_engine.produce import static_spec

    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "u.csv").write_text(
        "libelle,annee,part\nCréer un site (priorité),2016,73\nOutils collaboratifs,2016,43\n"
        "Réseaux sociaux,2016,62\nRéseaux sociaux,2013,36\n",
        encoding="utf-8",
    )
    dataset = load_dataset("u", folder)
    for yaml in (
        "mark: bar\nx: {field: libelle, title: Indicateur}\ny: part\nfilter: {annee: 2016}\n",
        "mark: line\nx: annee:O\ny: part\nfilter: {libelle: Réseaux sociaux}\n",
    ):
        block = parse_block(f"dataset: u\ntitle: T\ndescription: D\n{yaml}", "a.md", 1)
        spec = static_spec(build_chart(block, dataset, DEFAULTS).spec)
        for name, drawing in (("wide", spec), ("phone", narrow_spec(spec, DEFAULTS))):
            svg = render_svg(drawing, DEFAULTS)
            assert _turned(svg) == [], (yaml, name)
            assert "Réseaux" in svg or "2016" in svg
            if name == "wide" and yaml.startswith("mark: bar"):
                # Level as Vega lays them out: centred under their column, the axis title below them.
                tags = re.findall(r"<text\b([^>]*)>(?:Créer un site \(priorité\)|Outils collaboratifs)</text>", svg)
                assert len(tags) == 2 and all('text-anchor="middle"' in t for t in tags), tags
                assert ">Indicateur</text>" in svg
    # A live chart is drawn from one spec at any width (a phone's too, never re-wrapped): Vega-Lite's own angle.
    block = parse_block(
        "dataset: u\ntitle: T\ndescription: D\nmark: bar\nx: libelle\ny: part\ninteractive: true\n", "a.md", 1
    )
    live = build_chart(block, dataset, DEFAULTS).spec
    assert len(_turned(render_svg({**live, "width": 300}, DEFAULTS))) == 3


def test_four_level_columns_keep_their_labels_whole_and_their_axis_title(tmp_path):
    """The editor's second trial: four columns 187 px wide had their labels on
    their side, cut by the drawing's bottom, and no axis title."""
    folder = tmp_path / "data"
    folder.mkdir()
    names = ["Réseaux sociaux", "Outils collaboratifs", "Site internet", "Agenda partagé"]
    (folder / "b.csv").write_text("libelle,part\n" + "".join(f"{n},{20 + i}\n" for i, n in enumerate(names)))
    block = parse_block(
        "dataset: b\ntitle: T\ndescription: D\nmark: bar\nx: {field: libelle, title: Usage}\ny: part\n", "a.md", 1
    )
    svg = render_svg(build_chart(block, load_dataset("b", folder), DEFAULTS).spec, DEFAULTS)
    assert _turned(svg) == []
    assert all(f">{n}</text>" in svg for n in names) and ">Usage</text>" in svg


def test_labels_too_many_for_their_columns_are_still_turned(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    names = [f"Catégorie numéro {i}" for i in range(24)]
    (folder / "c.csv").write_text("nom,part\n" + "".join(f"{n},{i}\n" for i, n in enumerate(names)), encoding="utf-8")
    block = parse_block("dataset: c\ntitle: T\ndescription: D\nmark: bar\nx: nom\ny: part\n", "a.md", 1)
    spec = build_chart(block, load_dataset("c", folder), DEFAULTS).spec
    assert len(_turned(render_svg(spec, DEFAULTS))) == len(names)  # no overprint: on their side


@pytest.mark.parametrize("split", ["column: canal", "xOffset: canal\ncolor: canal"])
def test_a_one_word_name_wider_than_its_column_is_never_cut(tmp_path, split):
    """The editor's trial: in three small multiples (and on a phone with two
    columns a place), « Normandie » was written « Norma… »: the estimate of its
    characters let it wrap in a column its word is wider than."""
    from datacharts_engine.produce import static_spec

    regions = ["Bretagne", "Île-de-France", "Normandie", "Occitanie"]
    rows = "".join(f"{r},{c},{10 + i + j}\n" for i, r in enumerate(regions) for j, c in enumerate("ABC"))
    (tmp_path / "dons.csv").write_text("region,canal,montant\n" + rows, encoding="utf-8")
    yaml = f"mark: bar\n{split}\nx: {{field: region, axis: {{title: null}}}}\ny: montant\n"
    block = parse_block(f"dataset: dons\ntitle: T\ndescription: D\n{yaml}", "a.md", 1)
    spec = static_spec(build_chart(block, load_dataset("dons", tmp_path), DEFAULTS).spec)
    for drawing in (spec, narrow_spec(spec, DEFAULTS)):
        svg = render_svg(drawing, DEFAULTS)
        written = re.findall(r'<g class="mark-text role-axis-label".*?</g>', svg, re.S)
        labels = [t for group in written for t in re.findall(r"<text[^>]*>([^<]*)</text>", group)]
        assert not [t for t in labels if "…" in t], labels
        assert set(regions) <= set(labels), labels


def test_small_multiples_headers_are_not_read_as_marks(tmp_path):
    """The editor's trial: each header carried Vega's English « Title text
    'Canal' » as a data mark's label, which the tooltip script walks."""
    from datacharts_engine.render import accessible_svg

    rows = "".join(f"{r},{c},{10 + i + j}\n" for i, r in enumerate(["Bretagne", "Corse"]) for j, c in enumerate("AB"))
    (tmp_path / "dons.csv").write_text("region,canal,montant\n" + rows, encoding="utf-8")
    block = parse_block(
        "dataset: dons\ntitle: T\ndescription: D\nmark: bar\ncolumn: canal\nx: region\ny: montant\n", "a.md", 1
    )
    spec = build_chart(block, load_dataset("dons", tmp_path), DEFAULTS).spec
    svg = accessible_svg(render_svg(spec, DEFAULTS), "g", "T", "D")
    labels = re.findall(r'role="graphics-symbol" aria-label="([^"]*)"|aria-label="([^"]*)" role="graphics-symbol"', svg)
    assert len(labels) == 4 and not [pair for pair in labels if "Title" in "".join(pair)], labels
    assert re.findall(r"role-title-text[^>]*>.*?<text[^>]*>([^<]*)</text>", svg, re.S) == ["canal", "A", "B"]


def test_small_multiples_headers_wider_than_their_cell_wrap(tmp_path):
    """The editor's trial: six regions side by side wrote
    « Auvergne-Rhône-AlpesBourgogne-Franche-Comté », one header into the next."""
    from datacharts_engine.marks import text_width

    regions = [
        "Auvergne-Rhône-Alpes",
        "Bourgogne-Franche-Comté",
        "Bretagne",
        "Centre-Val de Loire",
        "Grand Est",
        "Corse",
    ]
    rows = "".join(
        f"{r},{c},{10 + i + j}\n" for i, r in enumerate(regions) for j, c in enumerate(["Chèque", "En ligne"])
    )
    (tmp_path / "f.csv").write_text("region,canal,montant\n" + rows, encoding="utf-8")
    block = parse_block(
        "dataset: f\ntitle: T\ndescription: D\nmark: bar\ncolumn: region\nx: canal\ny: montant\n", "a.md", 1
    )
    spec = build_chart(block, load_dataset("f", tmp_path), DEFAULTS).spec
    svg = render_svg(spec, DEFAULTS)
    headers = re.findall(r"role-title-text[^>]*>.*?<text\b([^>]*)>(.*?)</text>", svg, re.S)
    written = {"".join(re.findall(r">([^<]+)<", f">{text}<")).replace(" ", ""): text for _, text in headers}
    assert {r.replace(" ", "") for r in regions} <= set(written), written  # every name whole
    for _, text in headers:
        for line in re.findall(r"<tspan[^>]*>([^<]*)</tspan>", text) or [text]:
            assert text_width(line.strip(), 14) <= spec["width"], line  # each line within its cell


def test_long_labels_of_small_multiples_wrap_in_a_wider_share_rather_than_cut(tmp_path):
    """The editor's trial: bars named by sentences in two small multiples
    were every one cut (« Citent les réticences de me… »): at the labels'
    usual share, they needed more lines than their bands hold."""
    names = [
        "Citent les réticences de membres de l'équipe comme un frein au numérique",
        "Ont mis en place ou envisagent des actions numériques pour des publics",
        "Utilisent des outils de suivi et d'évaluation de leurs actions au quotidien",
        "Prévoient d'utiliser des outils de formation en ligne pour leurs bénévoles",
    ]
    rows = "".join(f'"{n}",{g},{40 + i}\n' for i, n in enumerate(names) for g in ("A", "B"))
    (tmp_path / "s.csv").write_text("intitule,groupe,part\n" + rows, encoding="utf-8")
    block = parse_block(
        "dataset: s\ntitle: T\ndescription: D\nmark: bar\ncolumn: groupe\ny: intitule\nx: part\n", "a.md", 1
    )
    svg = render_svg(build_chart(block, load_dataset("s", tmp_path), DEFAULTS).spec, DEFAULTS)
    assert "…" not in svg
    for name in names:
        assert len(lines_of(svg, name.replace("'", "&#x27;")) or lines_of(svg, name) or []) > 1, name  # wrapped, whole
