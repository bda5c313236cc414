"""Charts as the site's theme lays them out, in Chromium: on a desktop as wide
as the text column, labels in proportion to the text; on a 390-pixel phone
the narrow drawing of every kind of chart (bars with a legend, columns with
long labels, a pie, small multiples), filling the column, legible, nothing
sticking out of the page."""

from __future__ import annotations

import pytest
from conftest import Site

from .conftest import DRAWN_TEXT, serve

pytestmark = [pytest.mark.browser, pytest.mark.slow]

DOMAINS = ["Sport", "Culture", "Loisirs et éducation populaire", "Sanitaire et social"]
CSV = "domaine,annee,part,usage\n" + "".join(
    f"{d},{year},{20 + i * 3 + j * 7 + (year - 2013)},{u}\n"
    for i, d in enumerate(DOMAINS)
    for j, u in enumerate(["Réseaux sociaux", "Outils collaboratifs"])
    for year in (2013, 2016)
)
BLOCKS = {
    "barres": "mark: bar\nx: part\ny: domaine\ncolor: annee:N\nyOffset: annee:N\nfilter: {usage: Réseaux sociaux}",
    "colonnes": "mark: bar\ny: part\nx: domaine\nfilter: {annee: 2016, usage: Réseaux sociaux}",
    "camembert": "mark: arc\ntheta: {field: part, aggregate: sum}\ncolor: domaine\nfilter: {annee: 2016}",
    "multiples": "mark: bar\nx: part\ny: domaine\ncolumn: usage\nfilter: {annee: 2016}",
}
PROSE = "Un paragraphe de texte, assez long pour occuper toute la largeur de la colonne de texte. " * 4


@pytest.fixture(scope="module")
def layout_url(tmp_path_factory, chromium_executable):
    site = Site(tmp_path_factory.mktemp("layout-site"))
    site.dataset("parts", CSV)
    body = "".join(
        f"{PROSE}\n\n```chart\ndataset: parts\n{yaml}\nid: {name}\ntitle: Graphique {name}\n"
        "description: Parts des associations par domaine.\n```\n\n"
        for name, yaml in BLOCKS.items()
    )
    site.article("mise-en-page", body + PROSE + "\n")
    assert site.build() == 0
    with serve(site.output) as url:
        yield f"{url}/mise-en-page.html"


def measure(browser, url: str, width: int) -> dict:
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        page.goto(url, wait_until="load")
        return page.evaluate(
            """() => {
              const text = document.querySelector('.prose > p');
              const out = {column: text.getBoundingClientRect().width,
                           textSize: parseFloat(getComputedStyle(text).fontSize),
                           pageWidth: document.documentElement.scrollWidth, charts: {}};
              for (const figure of document.querySelectorAll('figure.datachart')) {
                const shown = [...figure.querySelectorAll('svg.datachart-svg')]
                  .filter(s => getComputedStyle(s).display !== 'none');
                const svg = shown[0];
                const box = svg.getBoundingClientRect();
                const scale = box.width / parseFloat(svg.getAttribute('width'));
                const labels = [...svg.querySelectorAll('.role-axis-label text, .role-legend-label text')];
                out.charts[figure.id] = {
                  shown: shown.length, narrow: svg.classList.contains('datachart-svg-etroit'),
                  width: box.width, left: box.left, right: box.right, textLeft: text.getBoundingClientRect().left,
                  labelSizes: labels.map(t => parseFloat(t.getAttribute('font-size')) * scale),
                  marks: svg.querySelectorAll('[role="graphics-symbol"]').length,
                };
              }
              return out;
            }"""
        )
    finally:
        context.close()


def test_on_a_phone_every_chart_shows_its_narrow_drawing_filling_the_column(browser, layout_url):
    seen = measure(browser, layout_url, 390)
    assert seen["pageWidth"] <= 390  # nothing wider than the screen
    assert set(seen["charts"]) == set(BLOCKS)
    for name, chart in seen["charts"].items():
        assert chart["shown"] == 1, name
        if name == "camembert":  # square, legend in one column: its one drawing fits, centred
            assert chart["width"] <= seen["column"] and chart["left"] >= chart["textLeft"], chart
        else:
            assert chart["narrow"], name
            assert abs(chart["width"] - seen["column"]) <= 1, (name, chart["width"], seen["column"])
        assert chart["marks"] > 0, name
        # Labels at least 12 px on screen, and not larger than the text.
        assert chart["labelSizes"], name
        assert min(chart["labelSizes"]) >= 12 and max(chart["labelSizes"]) <= seen["textSize"], (name, chart)


def test_on_a_desktop_a_chart_fills_the_text_column_with_labels_in_proportion(browser, layout_url):
    seen = measure(browser, layout_url, 1280)
    for name in ("barres", "colonnes", "multiples"):
        chart = seen["charts"][name]
        assert chart["shown"] == 1 and not chart["narrow"], name
        assert abs(chart["width"] - seen["column"]) <= 1, (name, chart["width"], seen["column"])
        assert abs(chart["left"] - chart["textLeft"]) <= 1, name  # aligned with the text, not beside it
    for name, chart in seen["charts"].items():
        ratio = min(chart["labelSizes"]) / seen["textSize"]
        assert 0.65 <= ratio <= 0.85, (name, ratio)  # the caption's size beside the text's
    pie = seen["charts"]["camembert"]
    # A pie keeps its size, centred in the column.
    assert abs((pie["left"] - pie["textLeft"]) - (pie["textLeft"] + seen["column"] - pie["right"])) <= 1


@pytest.fixture(scope="module")
def python_url(tmp_path_factory, chromium_executable):
    """The site's own two Python charts (charts/), with their datasets."""
    import shutil

    from conftest import PROJECT

    site = Site(tmp_path_factory.mktemp("python-site"))
    (site.root / "data").mkdir()
    for name in ("freins-2016", "domaines-enquete"):
        for suffix in (".csv", ".resource.yaml"):
            shutil.copy(PROJECT / "data" / f"{name}{suffix}", site.root / "data" / f"{name}{suffix}")
    shutil.copytree(PROJECT / "charts", site.root / "charts")
    body = "".join(
        f"{PROSE}\n\n```chart\nchart: {name}\nid: {name.replace('_', '-')}\ntitle: Graphique {name}\n"
        "description: Un graphique.\n```\n\n"
        for name in ("freins_approximatifs", "domaines_enquete")
    )
    site.article("python", body + PROSE + "\n")
    assert site.build() == 0
    with serve(site.output) as url:
        yield f"{url}/python.html"


def test_on_a_phone_the_sites_python_charts_show_a_narrow_drawing_whose_texts_stay_whole(browser, python_url):
    """Every text of the drawing inside it (not cut at its edge), none over
    another, at least 11 px on a 390-pixel screen."""
    context = browser.new_context(viewport={"width": 390, "height": 900})
    try:
        page = context.new_page()
        page.goto(python_url, wait_until="load")
        seen = page.evaluate(
            r"""() => {
              const column = document.querySelector('.prose > p').getBoundingClientRect().width;
              const out = {column, pageWidth: document.documentElement.scrollWidth, charts: {}};
              for (const figure of document.querySelectorAll('figure.datachart')) {
                const svg = [...figure.querySelectorAll('svg.datachart-svg')]
                  .filter(s => getComputedStyle(s).display !== 'none')[0];
                const box = svg.getBoundingClientRect();
                const scale = box.width / parseFloat(svg.getAttribute('width'));
"""
            + DRAWN_TEXT
            + r"""
                const texts = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim()).map(t => {
                  const r = drawn(t);
                  return {text: t.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom,
                          size: parseFloat(t.getAttribute('font-size')) * scale};
                });
                out.charts[figure.id] = {narrow: svg.classList.contains('datachart-svg-etroit'), width: box.width,
                  box: {left: box.left, right: box.right, top: box.top, bottom: box.bottom}, texts};
              }
              return out;
            }"""
        )
    finally:
        context.close()
    assert seen["pageWidth"] <= 390
    assert set(seen["charts"]) == {"freins-approximatifs", "domaines-enquete"}
    for name, chart in seen["charts"].items():
        assert chart["narrow"], name
        assert abs(chart["width"] - seen["column"]) <= 1, (name, chart["width"], seen["column"])
        box, texts = chart["box"], chart["texts"]
        assert texts, name
        for t in texts:
            # 2 px: without Liberation Sans, Chromium draws here in DejaVu Sans,
            # a little wider than the metrics vl-convert lays the drawing out with.
            assert box["left"] - 2 <= t["left"] and t["right"] <= box["right"] + 2, (name, t)  # not cut
            assert t["size"] >= 11, (name, t)
        for i, a in enumerate(texts):
            for b in texts[i + 1 :]:
                overlap = min(a["right"], b["right"]) - max(a["left"], b["left"])
                height = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
                assert overlap <= 1 or height <= 1, (name, a["text"], b["text"])  # not over one another
