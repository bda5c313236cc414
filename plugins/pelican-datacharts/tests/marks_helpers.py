"""Shared by the tests of labels, reference, annotations and format: a small
dataset of the study's figures, a block built into a spec, its SVG."""

from __future__ import annotations

import re

import pytest
from datacharts_engine.blocks import parse_block
from datacharts_engine.build_chart import build_chart
from datacharts_engine.datasets import load_dataset
from datacharts_engine.errors import EditorError
from datacharts_engine.marks import LABEL_SIZE
from datacharts_engine.render import accessible_svg, render_svg
from datacharts_engine.settings import DEFAULTS

from .conftest import USAGES_CSV, USAGES_DESCRIPTOR

AMOUNTS_CSV = "poste,montant,part_decimale\nDons,1200000,0.62\nSubventions,80000000,0.43\nCotisations,2700,0.05\n"
AMOUNTS_DESCRIPTOR = """\
title: Montants
schema:
  fields:
    - {name: poste, type: string}
    - {name: montant, type: integer, title: Montant, unit: "€"}
    - {name: part_decimale, type: number, title: Part}
"""
FENCE_LINE = 10  # the block's fence; its first key is on line 11


@pytest.fixture
def data(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "usages.csv").write_text(USAGES_CSV, encoding="utf-8")
    (folder / "usages.resource.yaml").write_text(USAGES_DESCRIPTOR, encoding="utf-8")
    (folder / "montants.csv").write_text(AMOUNTS_CSV, encoding="utf-8")
    (folder / "montants.resource.yaml").write_text(AMOUNTS_DESCRIPTOR, encoding="utf-8")
    return folder


def block_of(yaml: str, dataset: str = "usages"):
    return parse_block(f"dataset: {dataset}\ntitle: T\ndescription: D.\n{yaml}", "content/a.md", FENCE_LINE)


def build(data, yaml: str, dataset: str = "usages"):
    return build_chart(block_of(yaml, dataset), load_dataset(dataset, data), DEFAULTS)


def refused(data, yaml: str, dataset: str = "usages") -> EditorError:
    with pytest.raises(EditorError) as caught:
        build(data, yaml, dataset)
    return caught.value


def line_of(yaml: str, key: str) -> int:
    """The Markdown line of ``key:`` in a block written by ``block_of``."""
    lines = f"dataset: x\ntitle: T\ndescription: D.\n{yaml}".splitlines()
    return FENCE_LINE + 1 + next(i for i, line in enumerate(lines) if line.startswith(f"{key}:"))


def layers(spec: dict) -> list[dict]:
    return spec.get("layer", [spec])


def decorations(spec: dict) -> list[dict]:
    """The layers drawn over or under the chart's own mark (aria: false)."""
    return [layer for layer in layers(spec) if layer["mark"].get("aria") is False]


def svg_of(built) -> str:
    return accessible_svg(render_svg(built.spec, DEFAULTS), "g", "T", built.description or "D.")


def texts(svg: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", t) for t in re.findall(r"<text\b[^>]*>(.*?)</text>", svg)]


def mark_labels(svg: str) -> list[str]:
    """What the tooltip script walks: one accessible label per data mark."""
    return re.findall(r'<[a-z]+ aria-label="([^"]*)" role="graphics-symbol"', svg)


def inside_labels(svg: str) -> list[tuple[str, str, str]]:
    """(text, its fill, the fill of the mark it is written on) for each text
    drawn inside a data mark's rectangle (bars; a pie's slices are not
    rectangles). Marks and labels are drawn in the same view, so their
    coordinates compare."""
    bars = []
    for tag in re.findall(r'<path[^>]*role="graphics-symbol"[^>]*>', svg):
        box = re.search(r'd="M([-\d.e]+),([-\d.e]+)h([-\d.e]+)v([-\d.e]+)h', tag)
        if box:
            x, y, w, h = map(float, box.groups())
            fill = re.search(r'fill="([^"]+)"', tag)[1]
            bars.append((min(x, x + w), min(y, y + h), max(x, x + w), max(y, y + h), fill))
    found = []
    for attributes, text in re.findall(r"<text\b([^>]*)>(.*?)</text>", svg):
        if f'font-size="{LABEL_SIZE}px"' not in attributes:
            continue  # an axis's or a legend's text, drawn in a view of its own
        at = re.search(r'transform="translate\(([-\d.e]+),([-\d.e]+)\)"', attributes)
        if not at:
            continue
        x, y = map(float, at.groups())
        under = [fill for left, top, right, bottom, fill in bars if left <= x <= right and top <= y <= bottom]
        if under:
            found.append((re.sub(r"<[^>]+>", "", text), re.search(r'fill="([^"]+)"', attributes)[1], under[-1]))
    return found
