"""Every chart of the publication, as a reader sees it in Chromium, on a
desktop and on a 390-pixel phone: no text cut at the drawing's edge, none
run into another. The site's own articles are the charts editors write; a
reader's review found category labels cut, legend entries run together and
« 8 00 » for « 8 000 » at the end of an axis on a phone."""

from __future__ import annotations

import shutil

import pytest
from conftest import PROJECT, Site

from .conftest import DRAWN_TEXT, serve

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# The texts a reader sees: not those Vega hid (tick labels thinned out, opacity 0).
SEEN = (
    r"""async () => {
  await document.fonts.ready;
"""
    + DRAWN_TEXT
    + r"""
  const charts = {};
  for (const figure of document.querySelectorAll('figure.datachart')) {
    const svg = [...figure.querySelectorAll('svg.datachart-svg')]
      .filter(s => getComputedStyle(s).display !== 'none')[0];
    const box = svg.getBoundingClientRect();
    const texts = [...svg.querySelectorAll('text')]
      .filter(t => t.textContent.trim() && !t.closest('[opacity="0"]') && getComputedStyle(t).opacity !== '0')
      .map(t => ({text: t.textContent, ...JSON.parse(JSON.stringify(drawn(t)))}));
    charts[figure.id] = {box: {left: box.left, right: box.right}, texts};
  }
  return {charts, pageWidth: document.documentElement.scrollWidth};
}"""
)


@pytest.fixture(scope="module")
def publication_url(tmp_path_factory, chromium_executable):
    site = Site(tmp_path_factory.mktemp("publication-charts"))
    for name in ("content", "data", "charts"):
        shutil.copytree(PROJECT / name, site.root / name)
    assert site.build() == 0
    articles = sorted(
        path.name for path in site.output.glob("*.html") if "datachart" in path.read_text(encoding="utf-8")
    )
    with serve(site.output) as url:
        yield url, articles


@pytest.mark.parametrize("width", [1280, 390])
def test_every_chart_of_the_site_keeps_its_texts_whole_and_apart(browser, publication_url, width):
    url, pages = publication_url
    assert len(pages) >= 4  # the articles and the methodology page
    context = browser.new_context(viewport={"width": width, "height": 900})
    checked = 0
    try:
        page = context.new_page()
        for name in pages:
            page.goto(f"{url}/{name}", wait_until="load")
            seen = page.evaluate(SEEN)
            assert seen["pageWidth"] <= width, name
            for chart, drawing in seen["charts"].items():
                box, texts = drawing["box"], drawing["texts"]
                checked += bool(texts)
                for t in texts:
                    assert box["left"] - 0.5 <= t["left"] and t["right"] <= box["right"] + 0.5, (width, chart, t)
                for i, a in enumerate(texts):
                    for b in texts[i + 1 :]:
                        overlap = min(a["right"], b["right"]) - max(a["left"], b["left"])
                        height = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
                        assert overlap <= 0.5 or height <= 0.5, (width, chart, a["text"], b["text"])
    finally:
        context.close()
    assert checked >= 10, checked  # the site's charts, not an empty page
