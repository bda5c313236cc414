"""« Image PNG » as a reader saves it: the browser draws it from the SVG file,
so the title above the chart and the footer (source, site, licence) are in
the picture, not only in the page."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import expect

from .conftest import PNG_ON_CANVAS
from .tinysite import BAR_ARTICLE

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def ink_between(page, png: bytes, top: float, bottom: float) -> float:
    """The share of dark pixels between two heights (as fractions of the picture's)."""
    return page.evaluate(
        """async ([url, top, bottom]) => {"""
        + PNG_ON_CANVAS
        + """            const y0 = Math.floor(top * canvas.height), y1 = Math.ceil(bottom * canvas.height);
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


def ink_columns(page, png: bytes, top: float, bottom: float) -> list[int]:
    """The first and last columns with a dark pixel between two heights (fractions of the picture's)."""
    return page.evaluate(
        """async ([url, top, bottom]) => {"""
        + PNG_ON_CANVAS
        + """            const y0 = Math.floor(top * canvas.height), y1 = Math.ceil(bottom * canvas.height);
            const pixels = context.getImageData(0, y0, canvas.width, y1 - y0).data;
            let first = canvas.width, last = -1;
            for (let i = 0; i < pixels.length; i += 4) {
                if (pixels[i] >= 160) continue;
                const x = (i / 4) % canvas.width;
                first = Math.min(first, x);
                last = Math.max(last, x);
            }
            return [first, last];
        }""",
        ["data:image/png;base64," + base64.b64encode(png).decode(), top, bottom],
    )


def test_the_png_writes_in_the_font_the_chart_was_measured_with(visit, chart_site):
    """A picture drawn from an SVG loads no font, not even our own: the PNG
    must carry Roboto itself, or its title is written in the machine's
    fallback (DejaVu Sans here, a fifth wider: a long title ran off the edge)."""
    page = visit(BAR_ARTICLE).page
    button = page.get_by_role("button", name="Image PNG")
    expect(button).to_be_visible()
    svg = (chart_site.output / button.get_attribute("data-svg").split("?v=")[0].lstrip("/")).read_text(encoding="utf-8")
    root = BeautifulSoup(svg, "xml").find("svg")
    (chart,) = root.find_all("svg", recursive=False)
    band = float(chart["y"]) / float(root["height"])  # the title, above the drawing
    lines = [t for t in root.find_all("text", recursive=False) if float(t["y"]) < float(chart["y"])]
    assert lines, "no title in the SVG file"

    def right_edge(family: str) -> float:
        return page.evaluate(
            """async ([lines, family]) => {
                let right = 0;
                for (const [text, x, size, weight] of lines) {
                    const font = `${weight} ${size}px ${family}`;
                    await document.fonts.load(font, text);
                    const context = document.createElement("canvas").getContext("2d");
                    context.font = font;
                    right = Math.max(right, x + context.measureText(text).actualBoundingBoxRight);
                }
                return right;
            }""",
            [[[t.get_text(), float(t["x"]), t["font-size"], t.get("font-weight", "400")] for t in lines], family],
        )

    roboto, fallback = right_edge("Roboto"), right_edge("sans-serif")
    assert abs(fallback - roboto) > 6, "this machine's fallback writes as Roboto: the test cannot tell them apart"
    with page.expect_download() as info:
        button.click()
    png = Path(info.value.path()).read_bytes()
    _, last = ink_columns(page, png, 0, band)
    assert abs((last + 1) / 2 - roboto) <= 2, (last / 2, roboto, fallback)  # drawn at twice the size
