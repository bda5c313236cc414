"""« Image PNG » as a reader saves it: the browser draws it from the SVG file,
so the title above the chart and the footer (source, site, licence) are in
the picture, not only in the page."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import expect

from .tinysite import BAR_ARTICLE

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def ink_between(page, png: bytes, top: float, bottom: float) -> float:
    """The share of dark pixels between two heights (as fractions of the picture's)."""
    return page.evaluate(
        """async ([url, top, bottom]) => {
            const image = new Image();
            image.src = url;
            await image.decode();
            const canvas = document.createElement("canvas");
            canvas.width = image.naturalWidth;
            canvas.height = image.naturalHeight;
            const context = canvas.getContext("2d");
            context.drawImage(image, 0, 0);
            const y0 = Math.floor(top * canvas.height), y1 = Math.ceil(bottom * canvas.height);
            const pixels = context.getImageData(0, y0, canvas.width, Math.max(y1 - y0, 1)).data;
            let ink = 0;
            for (let i = 0; i < pixels.length; i += 4) if (pixels[i] < 160) ink++;
            return ink / (pixels.length / 4);
        }""",
        ["data:image/png;base64," + base64.b64encode(png).decode(), top, bottom],
    )


def test_the_png_carries_its_title_and_footer(visit, chart_site):
    page = visit(BAR_ARTICLE).page
    button = page.get_by_role("button", name="Image PNG")
    expect(button).to_be_visible()
    svg = (chart_site.output / button.get_attribute("data-svg").split("?v=")[0].lstrip("/")).read_text(encoding="utf-8")
    root = BeautifulSoup(svg, "xml").find("svg")
    (chart,) = root.find_all("svg", recursive=False)  # the drawing, between title and footer
    total, y, height = float(root["height"]), float(chart["y"]), float(chart["height"])
    with page.expect_download() as info:
        button.click()
    png = Path(info.value.path()).read_bytes()
    assert ink_between(page, png, 0, y / total) > 0.01, "no title drawn above the chart"
    assert ink_between(page, png, (y + height) / total, 1) > 0.01, "no footer drawn below the chart"
