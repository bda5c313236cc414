"""Markdown layer: a document with chart fences and inline values, converted."""

from __future__ import annotations

import markdown
import pytest
from conftest import BAR_BLOCK, USAGES_CSV, USAGES_DESCRIPTOR
from datacharts.markdown_ext import ChartExtension
from datacharts.state import BuildState


@pytest.fixture
def state(tmp_path):
    (tmp_path / "content").mkdir()
    data = tmp_path / "data"
    data.mkdir()
    (data / "usages.csv").write_text(USAGES_CSV, encoding="utf-8")
    (data / "usages.resource.yaml").write_text(USAGES_DESCRIPTOR, encoding="utf-8")
    return BuildState({"PATH": str(tmp_path / "content"), "SITEURL": "", "THEME": None})


def convert(state, text: str) -> str:
    md = markdown.Markdown(extensions=["extra", "meta", ChartExtension(state, "content/a.md")])
    return md.convert(text)


HEADER = "Title: Essai\nDate: 2017-03-10\n\n"


def test_chart_fence_becomes_a_figure_before_fenced_code(state):
    html = convert(state, HEADER + "Intro.\n\n" + BAR_BLOCK + "\n```python\nprint(1)\n```\n")
    assert html.count('<figure class="datachart"') == 1
    assert "<svg" in html and "```chart" not in html
    assert '<code class="language-python">print(1)' in html
    assert not state.errors


def test_line_numbers_count_the_metadata_header(state):
    convert(state, HEADER + "Intro.\n\n" + BAR_BLOCK.replace("x: part", "x: prat"))
    assert [(e.path, e.line) for e in state.errors] == [("content/a.md", 9)]


def test_every_mistake_of_a_document_is_collected(state):
    text = (
        HEADER
        + BAR_BLOCK.replace("mark: bar", "mark: barre")
        + "\n"
        + BAR_BLOCK.replace("dataset: usages", "dataset: usage")
    )
    convert(state, text)
    assert len(state.errors) == 2
    assert "barre" in state.errors[0].message and state.errors[0].line == 6
    assert "usage" in state.errors[1].message and state.errors[1].line == 16


def test_a_chart_fence_shown_inside_a_longer_fence_stays_code(state):
    html = convert(state, HEADER + "````markdown\n" + BAR_BLOCK + "````\n")
    assert "datachart" not in html and "```chart" in html


def test_inline_value_is_french_and_escaped(state):
    html = convert(state, HEADER + "Soit {{ dataset: usages, column: part, usage: Réseaux sociaux, annee: 2016 }}.\n")
    assert "62\u202f%</span>" in html


def test_inline_value_in_a_code_span_is_left_alone(state):
    html = convert(state, HEADER + "Écrivez `{{ dataset: usages, column: part }}`.\n")
    assert "{{ dataset: usages, column: part }}" in html and not state.errors


def test_inline_value_matching_several_rows_is_an_error(state):
    convert(state, HEADER + "Texte.\n\n{{ dataset: usages, column: part, annee: 2016 }}\n")
    (error,) = state.errors
    assert error.line == 6 and "2 lignes" in error.message


def test_duplicate_titles_get_distinct_anchors(state):
    html = convert(state, HEADER + BAR_BLOCK + "\n" + BAR_BLOCK)
    assert 'id="les-reseaux-sociaux-ont-presque-double"' in html
    assert 'id="les-reseaux-sociaux-ont-presque-double-2"' in html
