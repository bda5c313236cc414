"""The charts' text is drawn with the font it was measured with.

vl-convert lays a chart out from the widths of its labels at build time; a
browser drawing them in another font (this machine's Chromium has neither
Liberation Sans nor Arial, and falls back to DejaVu Sans, a fifth wider) cut
long category labels at the left edge and ran legend entries into each
other. The site serves the charts' font itself (datacharts.css), so in a
real Chromium, at desktop and phone widths, every label of the review's
chart stays inside its drawing and no two run into each other."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from conftest import Site

from .conftest import serve

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# The review's case: long categories on the left, a legend of several entries above.
DOMAINS = [
    "Sanitaire et social, médico-social",
    "Loisirs et éducation populaire",
    "Culture, spectacles et patrimoine",
    "Défense des droits et des causes",
]
USAGES = ["Réseaux sociaux", "Outils collaboratifs", "Site internet", "Messagerie"]
CSV = "domaine,usage,part\n" + "".join(
    f'"{d}",{u},{12 + 9 * i + 4 * j}\n' for i, d in enumerate(DOMAINS) for j, u in enumerate(USAGES)
)
BLOCK = (
    "```chart\ndataset: usages\nmark: bar\nx: part\ny: domaine\ncolor: usage\nyOffset: usage\n"
    "id: combo\ntitle: Usages par domaine\ndescription: Part des associations par usage et par domaine.\n```\n"
)


@pytest.fixture(scope="module")
def font_url(tmp_path_factory, chromium_executable):
    site = Site(tmp_path_factory.mktemp("font-site"))
    site.dataset("usages", CSV)
    site.article("police", "Intro.\n\n" + BLOCK)
    assert site.build() == 0
    with serve(site.output) as url:
        yield url


def look(browser, url: str, width: int) -> dict:
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        requests = []
        page.on("request", lambda request: requests.append(request.url))
        page.goto(f"{url}/police.html", wait_until="load")
        seen = page.evaluate(
            """async () => {
              await document.fonts.ready;
              const svg = [...document.querySelectorAll('#combo svg.datachart-svg')]
                .filter(s => getComputedStyle(s).display !== 'none')[0];
              const box = svg.getBoundingClientRect();
              const texts = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim()).map(t => {
                const r = t.getBoundingClientRect();
                return {text: t.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom,
                        legend: !!t.closest('.role-legend')};
              });
              return {box: {left: box.left, right: box.right}, texts,
                      roboto: document.fonts.check('14px Roboto') && document.fonts.check('bold 14px Roboto'),
                      loaded: [...document.fonts].filter(f => f.family.replace(/"/g, '') === 'Roboto'
                                                               && f.status === 'loaded').length};
            }"""
        )
        seen["requests"] = requests
        return seen
    finally:
        context.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_labels_drawn_with_the_measured_font_stay_inside_and_apart(browser, font_url, width):
    seen = look(browser, font_url, width)
    assert seen["loaded"] >= 1, "the charts' own font was not loaded"
    assert seen["roboto"]
    fonts = [u for u in seen["requests"] if u.endswith(".woff2")]
    assert fonts and all(urlsplit(u).netloc == urlsplit(font_url).netloc for u in fonts), fonts
    box, texts = seen["box"], seen["texts"]
    assert any(t["text"].startswith("Sanitaire et social") for t in texts)
    for t in texts:
        # Half a pixel: the font measured is the font drawn, to rounding.
        assert box["left"] - 0.5 <= t["left"] and t["right"] <= box["right"] + 0.5, (width, t)
    for i, a in enumerate(texts):
        for b in texts[i + 1 :]:
            overlap = min(a["right"], b["right"]) - max(a["left"], b["left"])
            height = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
            assert overlap <= 0.5 or height <= 0.5, (width, a["text"], b["text"])
