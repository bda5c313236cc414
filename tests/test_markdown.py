"""Markdown layer: a document with chart fences and inline values, converted.

Reading checks structure and leaves placeholders carrying each job; data and
rendering come at the end of the build (see test_build.py).
"""

from __future__ import annotations

import re

import markdown
import pytest
from conftest import BAR_BLOCK, USAGES_CSV, USAGES_DESCRIPTOR
from datacharts_engine.errors import EditorError
from datacharts_engine.placeholders import jobs_in
from datacharts_engine.state import BuildState
from pelican.plugins.datacharts.markdown_ext import ChartExtension


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


def jobs(html, kind):
    return [job for _, k, job in jobs_in(html) if k == kind]


HEADER = "Title: Essai\nDate: 2017-03-10\n\n"


def test_chart_fence_becomes_a_job_before_fenced_code(state):
    html = convert(state, HEADER + "Intro.\n\n" + BAR_BLOCK + "\n```python\nprint(1)\n```\n")
    (job,) = jobs(html, "chart")
    assert (job["path"], job["line"], job["first"]) == ("content/a.md", 6, True)
    assert job["anchor"] == "les-reseaux-sociaux-ont-presque-double"
    assert job["text"].startswith("dataset: usages\nmark: bar\n")
    assert "```chart" not in html
    assert '<code class="language-python">print(1)' in html
    assert not state.errors


def test_line_numbers_count_the_metadata_header(state):
    html = convert(state, HEADER + "Intro.\n\n" + BAR_BLOCK.replace("color:", "colour:"))
    assert [(e.path, e.line) for e in state.errors] == [("content/a.md", 11)]
    # The mistake stays in the content, to be reported again from a cached article.
    assert jobs(html, "error") == [{"message": state.errors[0].message, "path": "content/a.md", "line": 11}]


def test_every_mistake_of_a_document_is_collected(state):
    text = HEADER + BAR_BLOCK.replace("mark: bar", "mark: barre") + "\n" + BAR_BLOCK.replace("yOffset:", "yoffset:")
    convert(state, text)
    assert len(state.errors) == 2
    assert "barre" in state.errors[0].message and state.errors[0].line == 6
    assert "yoffset" in state.errors[1].message and state.errors[1].line == 21


def test_a_chart_fence_shown_inside_a_longer_fence_stays_code(state):
    html = convert(state, HEADER + "````markdown\n" + BAR_BLOCK + "````\n")
    assert not jobs(html, "chart") and "```chart" in html


def test_inline_value_is_a_job_then_a_french_number(state):
    html = convert(state, HEADER + "Soit {{ dataset: usages, column: part, usage: Réseaux sociaux, annee: 2016 }}.\n")
    (job,) = jobs(html, "value")
    assert job["line"] == 4
    assert "62\u202f%</span>" in state.inline_value(job["inner"], job["path"], job["line"])


def test_inline_value_in_a_code_span_is_left_alone(state):
    html = convert(state, HEADER + "Écrivez `{{ dataset: usages, column: part }}`.\n")
    assert "{{ dataset: usages, column: part }}" in html and not state.errors


def test_inline_value_matching_several_rows_is_an_error(state):
    with pytest.raises(EditorError) as caught:
        state.inline_value(" dataset: usages, column: part, annee: 2016 ", "content/a.md", 6)
    assert caught.value.line == 6 and "2 lignes" in caught.value.message


def test_duplicate_titles_get_distinct_anchors(state):
    html = convert(state, HEADER + BAR_BLOCK + "\n" + BAR_BLOCK)
    assert [(j["anchor"], j["first"]) for j in jobs(html, "chart")] == [
        ("les-reseaux-sociaux-ont-presque-double", True),
        ("les-reseaux-sociaux-ont-presque-double-2", False),
    ]


def test_french_spaces_become_unbreakable_outside_code():
    from publication.typography import FrenchTypography

    md = markdown.Markdown(extensions=["extra", "meta", FrenchTypography()])
    html = md.convert(HEADER + "Le taux : 62 % ! Pourquoi ? `a : b`\n")
    assert "taux\u00a0: 62\u202f%\u202f! Pourquoi\u202f?" in html
    assert "<code>a : b</code>" in html


def test_text_marks_and_line_paths_are_not_tooltip_targets():
    import vl_convert as vlc
    from datacharts_engine.render import accessible_svg

    spec = {
        "data": {"values": [{"a": 2013, "b": 1}, {"a": 2016, "b": 3}]},
        "layer": [
            {"mark": {"type": "line", "point": True}, "encoding": {"x": {"field": "a"}, "y": {"field": "b"}}},
            {"mark": "text", "encoding": {"x": {"field": "a"}, "y": {"field": "b"}, "text": {"field": "b"}}},
        ],
    }
    svg = accessible_svg(vlc.vegalite_to_svg(spec), "c", "T", "D")
    labelled = re.findall(r'<(\w+) aria-label="([^"]*)" role="graphics-symbol"', svg)
    assert [tag for tag, _ in labelled] == ["path", "path"]  # the two points only
    assert "aria-roledescription" not in svg
