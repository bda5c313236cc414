"""colors: {VALUE: COLOUR} and the shipped palette: named colours, hex colours
legible on both backgrounds, colour-blind-safe neighbours (colours.py)."""

from __future__ import annotations

import itertools
import re

import pytest
from coloraide import Color
from datacharts_engine.blocks import parse_block
from datacharts_engine.build_chart import build_chart
from datacharts_engine.colours import MIN_CONTRAST, MIN_DELTA_E, difference, named
from datacharts_engine.datasets import load_dataset
from datacharts_engine.errors import EditorError
from datacharts_engine.render import render_svg
from datacharts_engine.settings import DEFAULTS, read_settings

from .conftest import USAGES_CSV, USAGES_DESCRIPTOR


@pytest.fixture
def usages(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "usages.csv").write_text(USAGES_CSV, encoding="utf-8")
    (folder / "usages.resource.yaml").write_text(USAGES_DESCRIPTOR, encoding="utf-8")
    return load_dataset("usages", folder)


BLOCK = "dataset: usages\ntitle: T\ndescription: D\nmark: bar\nx: part\ny: usage\ncolor: annee\n"


def chart(usages, yaml: str, settings=DEFAULTS):
    return build_chart(parse_block(BLOCK + yaml, "content/a.md", 10), usages, settings)


def simulated(colour: str, deficiency: str | None) -> Color:
    """Machado 2009 at full severity, as coloraide computes it (the oracle the
    palette is checked with, independently of colours.difference)."""
    return Color(colour) if deficiency is None else Color(colour).filter(deficiency, method="machado")


@pytest.mark.parametrize("deficiency", [None, "protan", "deutan", "tritan"])
def test_neighbours_in_the_shipped_palette_stay_apart_for_colour_blind_readers(deficiency):
    colours = list(DEFAULTS["palette"].values())
    assert DEFAULTS["vega_config"]["range"]["category"] == colours  # the categories take the palette
    for first, second in itertools.pairwise(colours):
        gap = simulated(first, deficiency).delta_e(simulated(second, deficiency), method="2000")
        assert gap >= MIN_DELTA_E, (first, second, deficiency, gap)


def test_the_shipped_colours_are_legible_on_a_white_page():
    for name, colour in named(DEFAULTS).items():
        assert Color(colour).contrast("#ffffff") >= MIN_CONTRAST, name


def test_the_threshold_tells_apart_what_a_deuteranope_confuses():
    """The check is not vacuous: the palette's old order put green beside
    raspberry, which deuteranopia brings within a few units."""
    worst, where = difference("#2b8a5a", "#b8336a")
    assert worst < MIN_DELTA_E and where == "deutan"


def test_each_value_gets_its_colour_and_the_others_the_palette_in_order(usages):
    built = chart(usages, 'colors: {"2016": accent, 2013: gris}\n')
    scale = built.spec["encoding"]["color"]["scale"]
    assert scale == {"domain": [2013, 2016], "range": [DEFAULTS["gris"], DEFAULTS["palette"]["bleu"]]}
    svg = render_svg(built.spec, DEFAULTS)
    marks = re.finditer(r'aria-label="[^"]*Année: (\d+)"[^>]*fill="(#[0-9a-f]{6})"', svg)
    fills = {m.group(1): m.group(2) for m in marks}
    assert fills == {"2013": DEFAULTS["gris"], "2016": DEFAULTS["palette"]["bleu"]}


@pytest.mark.parametrize(
    ("sort", "order"),
    [
        ("[Réseaux sociaux, Outils collaboratifs]", ["Réseaux sociaux", "Outils collaboratifs"]),
        ("[Réseaux sociaux]", ["Réseaux sociaux", "Outils collaboratifs"]),  # the others after
        ("descending", ["Réseaux sociaux", "Outils collaboratifs"]),
        (None, ["Outils collaboratifs", "Réseaux sociaux"]),  # French order
    ],
)
def test_the_legend_keeps_the_order_the_colour_s_sort_asks(usages, sort, order):
    """The site's trial: colors: on a colour sorted « Sanitaire et social »
    first listed « Autres domaines » first: a scale's domain overrides sort."""
    color = f"{{field: usage, sort: {sort}}}" if sort else "usage"
    block = BLOCK.replace("y: usage\ncolor: annee\n", f"y: annee:N\nyOffset: usage\ncolor: {color}\n")
    block += "colors: {Réseaux sociaux: accent}\n"
    built = build_chart(parse_block(block, "content/a.md", 10), usages, DEFAULTS)
    scale = built.spec["encoding"]["color"]["scale"]
    assert scale["domain"] == order
    assert scale["range"][order.index("Réseaux sociaux")] == DEFAULTS["palette"]["bleu"]
    svg = render_svg(built.spec, DEFAULTS)
    legend = re.search(r'<g class="mark-group role-legend".*', svg, re.S).group(0)
    assert [t for t in re.findall(r"<text[^>]*>([^<]+)</text>", legend) if t in order] == order


def test_a_palette_name_and_a_legible_hex_colour(usages):
    built = chart(usages, "colors: {2013: vert, 2016: '#D9661F'}\n")
    assert built.spec["encoding"]["color"]["scale"]["range"] == [DEFAULTS["palette"]["vert"], "#d9661f"]
    only_one = chart(usages, "colors: {2016: orange}\n")
    # 2013 takes the palette's first colour not named for another value.
    assert only_one.spec["encoding"]["color"]["scale"]["range"] == [DEFAULTS["palette"]["bleu"], "#d9661f"]


@pytest.mark.parametrize(
    "yaml, words",
    [
        ("colors: {2015: accent}\n", ["« 2015 » n'existe pas", "« annee »", "2013"]),
        ("colors: {2016: rouge}\n", ["couleur « rouge » inconnue", "accent", "#rrggbb"]),
        ("colors: {2016: '#eeeeee'}\n", ["se lit mal sur le fond #ffffff", "couleur nommée"]),
        ("colors: {2016: '#1f2023'}\n", ["se lit mal sur le fond #15171b"]),
        ("colors: {2013: vert, 2016: framboise}\n", ["se confondent pour un lecteur deutéranope"]),
        ("colors: [gris, accent]\n", ["une couleur par valeur"]),
        ("colors: {2016: accent}\ncolor: {field: annee, type: nominal, scale: {range: [red, blue]}}\n", ["un seul"]),
    ],
)
def test_a_wrong_colour_is_refused_with_the_fix(usages, yaml, words):
    text = BLOCK + yaml
    if "color: {" in yaml:
        text = text.replace("color: annee\n", "")
    with pytest.raises(EditorError) as caught:
        build_chart(parse_block(text, "content/a.md", 10), usages, DEFAULTS)
    error = caught.value
    assert error.path == "content/a.md"
    lines = text.splitlines()
    assert error.line == 10 + 1 + lines.index(next(li for li in lines if li.startswith("colors")))
    for word in words:
        assert word in error.message, (word, error.message)


def test_colors_needs_a_colour_channel_of_categories(usages):
    text = "dataset: usages\ntitle: T\ndescription: D\nmark: bar\nx: part\ny: usage\ncolors: {2016: accent}\n"
    with pytest.raises(EditorError, match="ajoutez color: COLONNE"):
        build_chart(parse_block(text, "content/a.md", 10), usages, DEFAULTS)
    quantitative = BLOCK.replace("color: annee", "color: part:Q") + "colors: {36: accent}\n"
    with pytest.raises(EditorError, match="s'applique à des catégories"):
        build_chart(parse_block(quantitative, "content/a.md", 10), usages, DEFAULTS)


def test_a_site_palette_replaces_the_categories_and_the_names(usages):
    settings = read_settings({"DATACHARTS": {"palette": {"nuit": "#203a80", "brique": "#b5462a"}, "accent": "brique"}})
    assert settings["vega_config"]["range"]["category"] == ["#203a80", "#b5462a"]
    built = chart(usages, "colors: {2013: nuit, 2016: accent}\n", settings)
    assert built.spec["encoding"]["color"]["scale"]["range"] == ["#203a80", "#b5462a"]
    with pytest.raises(ValueError, match="accent"):
        read_settings({"DATACHARTS": {"accent": "pourpre"}})
    with pytest.raises(ValueError, match="#rrggbb"):
        read_settings({"DATACHARTS": {"palette": {"nuit": "navy"}}})


REGIONS = "region,part\nBretagne,3\nÎle-de-France,9\nNormandie,4\nOccitanie,5\nGrand Est,6\n"
REGION_BLOCK = "dataset: regions\ntitle: T\ndescription: D\nmark: bar\nx: part\ny: region\ncolor: region\n"


def regions(tmp_path, csv: str):
    folder = tmp_path / "data"
    folder.mkdir(exist_ok=True)
    (folder / "regions.csv").write_text(csv, encoding="utf-8")
    return load_dataset("regions", folder)


def test_only_the_editors_colour_is_judged_and_the_others_are_chosen_around_it(tmp_path):
    """The editor's trial: one region in the accent colour among five. The
    palette's violet, which a protanope confuses with the accent's blue, is
    left out; the automatic colours are never refused between themselves."""
    built = build_chart(
        parse_block(REGION_BLOCK + "colors: {Île-de-France: accent}\n", "content/a.md", 10),
        regions(tmp_path, REGIONS),
        DEFAULTS,
    )
    scale = built.spec["encoding"]["color"]["scale"]
    chosen = DEFAULTS["palette"]["bleu"]
    assert scale["range"][scale["domain"].index("Île-de-France")] == chosen
    assert DEFAULTS["palette"]["violet"] not in scale["range"]
    assert len(set(scale["range"])) == 5
    for colour in scale["range"]:
        assert colour == chosen or difference(colour, chosen)[0] >= MIN_DELTA_E


def test_a_refusal_over_an_automatic_colour_says_it_was_given_automatically(tmp_path):
    with pytest.raises(EditorError) as caught:
        build_chart(
            parse_block(REGION_BLOCK + "colors: {Île-de-France: accent}\n", "content/a.md", 10),
            regions(tmp_path, REGIONS + "Corse,2\n"),
            DEFAULTS,
        )
    message = caught.value.message
    sentence, _, fix = message.partition(" ; ")
    assert "a reçu automatiquement violet" in sentence and "« Île-de-France » (bleu)" in sentence
    assert "pour un lecteur protanope" in sentence
    assert "dans colors:" in fix and "gris" in fix, message
    assert caught.value.line == 10 + 8  # the colors: line


def test_two_chosen_colours_a_reader_confuses_are_named(usages):
    with pytest.raises(EditorError) as caught:
        chart(usages, "colors: {2013: vert, 2016: framboise}\n")
    assert "« 2013 » (vert) et « 2016 » (framboise) se confondent" in caught.value.message


def test_values_sharing_a_colour_share_one_legend_entry(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "annees.csv").write_text("annee,part\n2013,3\n2014,9\n2015,4\n2016,5\n", encoding="utf-8")
    block = (
        "dataset: annees\ntitle: T\ndescription: D\nmark: bar\nx: part\ny: annee:N\ncolor: annee\n"
        'colors: {"2013": gris, "2014": gris, "2016": accent}\n'
    )
    built = build_chart(parse_block(block, "content/a.md", 10), load_dataset("annees", folder), DEFAULTS)
    colour = built.spec["encoding"]["color"]
    assert colour["scale"]["domain"] == [2013, 2014, 2015, 2016]  # each mark keeps its own value
    assert colour["legend"]["values"] == [2013, 2015, 2016]
    svg = render_svg(built.spec, DEFAULTS)
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    axis_title = texts.index("annee")  # the y axis's labels, its title, then the legend's labels and title
    assert texts[axis_title + 1 :] == ["2013, 2014", "2015", "2016", "annee"], texts
    marks = re.findall(r'aria-label="[^"]*annee: (\d+)"', svg)
    assert marks == ["2013", "2014", "2015", "2016"]  # tooltips per value


def test_text_values_sharing_a_colour_share_one_legend_entry(tmp_path):
    """Regions (text, no legend options of their own) are grouped too."""
    yaml = "colors: {Île-de-France: accent, Bretagne: accent, Normandie: gris, Occitanie: gris}\n"
    built = build_chart(parse_block(REGION_BLOCK + yaml, "content/a.md", 10), regions(tmp_path, REGIONS), DEFAULTS)
    assert built.spec["encoding"]["color"]["legend"]["values"] == ["Bretagne", "Grand Est", "Normandie"]
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", render_svg(built.spec, DEFAULTS))
    assert texts[-4:] == ["Bretagne, Île-de-France", "Grand Est", "Normandie, Occitanie", "region"], texts
