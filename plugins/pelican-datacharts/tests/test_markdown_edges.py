"""Markdown layer, every form an editor may type: a value or a chart fence is
either taken as Python-Markdown would read it, or refused with file and line;
code stays literal in every form Python-Markdown recognises."""

from __future__ import annotations

import markdown
import markdown.extensions.toc
import pytest
from datacharts_engine.placeholders import jobs_in
from datacharts_engine.state import BuildState
from pelican.plugins.datacharts.markdown_ext import ChartExtension

USAGES_CSV = "usage,annee,part\nRéseaux sociaux,2013,36\nRéseaux sociaux,2016,62\n"
DESCRIPTOR = """\
schema:
  fields:
    - {name: usage}
    - {name: annee, type: integer}
    - {name: part, type: number, unit: "%"}
"""
VALUE = "{{ dataset: usages, column: part, usage: Réseaux sociaux, annee: 2016 }}"
HEADER = "Title: Essai\nDate: 2017-03-10\n\n"  # the text starts at line 4
BLOCK = "```chart\ndataset: usages\nmark: bar\nx: part\ny: usage\ntitle: Les parts\ndescription: Barres.\n```\n"


@pytest.fixture
def state(tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "usages.csv").write_text(USAGES_CSV, encoding="utf-8")
    (tmp_path / "data" / "usages.resource.yaml").write_text(DESCRIPTOR, encoding="utf-8")
    return BuildState({"PATH": str(tmp_path / "content"), "SITEURL": "", "THEME": None})


def convert(state, text: str, extensions=("extra", "meta")):
    md = markdown.Markdown(extensions=[*extensions, ChartExtension(state, "content/a.md")])
    return md, md.convert(text)


def jobs(html, kind):
    return [job for _, k, job in jobs_in(html) if k == kind]


def errors(state):
    return [(e.path, e.line, e.message) for e in state.errors]


# 1. A value wrapped over two lines; an unclosed one.


def test_a_value_wrapped_over_two_lines_is_one_value(state):
    _, html = convert(
        state, HEADER + "Soit {{ dataset: usages, column: part,\n  usage: Réseaux sociaux, annee: 2016 }}.\n"
    )
    (job,) = jobs(html, "value")
    assert job["line"] == 4 and "{{" not in html
    assert "62\u202f%" in state.inline_value(job["inner"], job["path"], job["line"])


def test_an_unclosed_value_is_an_error_at_its_line(state):
    _, html = convert(state, HEADER + "Intro.\n\nSoit {{ dataset: usages, column: part\n\nFin }}.\n")
    assert [(p, line) for p, line, _ in errors(state)] == [("content/a.md", 6)]
    assert "}}" in state.errors[0].message and "{{" not in html.split("-->")[-1].split("Fin")[0]
    assert jobs(html, "error")


def test_escaped_braces_stay_text(state):
    _, html = convert(state, HEADER + "Écrivez \\{{ comme ceci.\n")
    assert "{{ comme ceci" in html and not state.errors


# 2. Code stays literal in every form.

CODE_FORMS = {
    "fence with language": "```python\nx = '" + VALUE + "'\n```\n",
    "tilde fence": "~~~\n" + VALUE + "\n~~~\n",
    "fence in a longer fence": "````markdown\n```\n" + VALUE + "\n```\n````\n",
    "indented code": "Texte.\n\n    " + VALUE + "\n",
    "code span": "Écrivez `" + VALUE + "`.\n",
    "double code span": "Écrivez ``" + VALUE + "`` ou `` `x` ``.\n",
    "raw code": "Écrivez <code>" + VALUE + "</code> ici.\n",
    "raw kbd": "Tapez <kbd>" + VALUE + "</kbd>.\n",
    "raw pre block": "<pre>\n" + VALUE + "\n</pre>\n",
}


@pytest.mark.parametrize("form", CODE_FORMS)
def test_values_in_code_stay_literal(state, form):
    _, html = convert(state, HEADER + CODE_FORMS[form])
    assert VALUE in html, html
    assert not jobs(html, "value") and not state.errors


def test_a_value_after_code_on_the_same_line_is_replaced(state):
    _, html = convert(state, HEADER + "`{{ x }}` vaut " + VALUE + ".\n")
    assert "<code>{{ x }}</code>" in html and len(jobs(html, "value")) == 1


def test_a_value_in_a_raw_html_block_is_replaced(state):
    _, html = convert(state, HEADER + "<div>Soit " + VALUE + "</div>\n")
    (job,) = jobs(html, "value")
    assert job["line"] == 4 and "{{" not in html


# 3. Chart fences as Python-Markdown reads fences.

FENCES = {
    "capitalised": BLOCK.replace("```chart", "```Chart"),
    "tildes": BLOCK.replace("```", "~~~"),
    "spaced info": BLOCK.replace("```chart", "``` chart"),
    "attribute form": BLOCK.replace("```chart", "```{.chart}"),
    "longer fence": BLOCK.replace("```", "````"),
}


@pytest.mark.parametrize("form", FENCES)
def test_chart_fences_in_every_form_are_charts(state, form):
    _, html = convert(state, HEADER + "Intro.\n\n" + FENCES[form])
    (job,) = jobs(html, "chart")
    assert job["line"] == 6 and "dataset" not in html.replace(str(job), "").split("-->")[-1]
    assert "<code" not in html and not state.errors


@pytest.mark.parametrize("indent", ["  ", "    "])
@pytest.mark.parametrize("blank", ["", "\n"])
def test_a_chart_inside_a_list_item_is_a_chart(state, indent, blank):
    indented = "".join(indent + line + "\n" for line in BLOCK.splitlines())
    _, html = convert(state, HEADER + "- Premier point\n" + blank + indented + "\n- Second point\n")
    (job,) = jobs(html, "chart")
    assert job["line"] == 5 + len(blank) and job["text"].startswith("dataset: usages\nmark: bar")
    assert "<code" not in html and "dataset:" not in html.split("-->")[-1] and not state.errors
    assert html.count("<li>") == 2


def test_a_chart_shown_in_an_indented_code_block_stays_code(state):
    indented = "".join("    " + line + "\n" for line in BLOCK.splitlines())
    _, html = convert(state, HEADER + "Exemple :\n\n" + indented)
    assert not jobs(html, "chart") and "<pre><code>```chart" in html and not state.errors


@pytest.mark.parametrize(
    "text, line",
    [
        (BLOCK.replace("```chart", "```chart titre"), 6),  # Python-Markdown would not take it for a fence
        (BLOCK.rstrip("`\n") + "\n", 6),  # never closed
        ("- point\n\n" + "".join("    " + line + "\n" for line in BLOCK.splitlines()[:-1]), 8),  # in a list, unclosed
    ],
    ids=["info after chart", "unclosed", "unclosed in a list"],
)
def test_a_chart_fence_python_markdown_would_not_take_is_refused(state, text, line):
    _, html = convert(state, HEADER + "Intro.\n\n" + text + "\nSuite " + VALUE + ".\n")
    assert [(p, n) for p, n, _ in errors(state)] == [("content/a.md", line)]
    assert "chart" in state.errors[0].message
    assert "<code" not in html  # never published as a YAML code block
    assert jobs(html, "value")  # and the rest of the file is still read


def test_a_stray_fence_does_not_hide_the_rest_of_the_file(state):
    text = (
        HEADER
        + "Intro.\n\n```\npas fermé\n\n"
        + BLOCK
        + "\nSuite "
        + VALUE
        + ".\n\n"
        + BLOCK.replace("parts", "autres")
    )
    _, html = convert(state, text)
    # The stray fence (line 6) runs to the first chart's closing fence: refused, naming both.
    assert [(p, n) for p, n, _ in errors(state)] == [("content/a.md", 6)]
    assert "ligne 9" in state.errors[0].message
    assert jobs(html, "value") and [j["line"] for j in jobs(html, "chart")] == [20]


# 4. Values where markup cannot go.


@pytest.mark.parametrize(
    "text",
    [
        "![Part : " + VALUE + "](a.png)",
        '[lien](a.html "Part : ' + VALUE + '")',
        '<abbr title="' + VALUE + '">62</abbr>',
    ],
    ids=["image alt", "link title", "raw tag attribute"],
)
def test_a_value_in_an_attribute_is_plain_text(state, text):
    _, html = convert(state, HEADER + text + "\n")
    (job,) = jobs(html, "value")
    quoted = state.inline_value(job["inner"], job["path"], job["line"])
    assert quoted == "62\u202f%" and job["line"] == 4 and "{{" not in html


# 5. Metadata that becomes text.


def test_a_value_in_the_summary_is_a_value_at_the_summary_line(state):
    md, _ = convert(state, "Title: Essai\nSummary: Soit " + VALUE + "\nDate: 2017-03-10\n\nTexte.\n")
    # What Pelican does with a formatted field: the same instance, reset, without meta.
    md.preprocessors.deregister("meta")
    md.reset()
    summary = md.convert(md_meta_value := "Soit " + VALUE)
    (job,) = jobs(summary, "value")
    assert job["line"] == 2 and "wzxhzdk" not in summary and md_meta_value not in summary
    assert "62\u202f%</span>" in state.inline_value(job["inner"], job["path"], job["line"])


def test_a_value_in_a_header_field_that_is_no_text_is_refused_at_its_line(state):
    md, html = convert(state, "Date: 2017-03-10\nTags: Soit " + VALUE + "\n\nTexte.\n")
    assert [(p, n) for p, n, _ in errors(state)] == [("content/a.md", 2)]
    assert "Tags:" in state.errors[0].message
    assert md.Meta["tags"] == ["Soit " + VALUE]  # no stash placeholder leaks into metadata
    assert jobs(html, "error")


def test_a_value_in_the_title_is_left_to_the_reader(state):
    """The reader makes it a placeholder the build fills (tests/test_text_edges.py)."""
    md, _ = convert(state, "Date: 2017-03-10\nTitle: Soit " + VALUE + "\n\nTexte.\n")
    assert not state.errors and md.Meta["title"] == ["Soit " + VALUE]


# Other extensions' syntax (Python-Markdown's own suite, tests/test_markdown_suite.py, runs them all).


def test_valueless_attributes_and_a_braced_toc_marker_are_left_to_their_extensions(state):
    _, html = convert(state, "# Titre {hidden}\n", extensions=("attr_list",))
    assert "hidden" in html and not state.errors
    _, html = convert(
        state, "{{toc}}\n\n# Titre\n", extensions=(markdown.extensions.toc.TocExtension(marker="{{toc}}"),)
    )
    assert '<div class="toc">' in html and not jobs(html, "value") and not state.errors


def test_without_meta_a_first_line_with_a_colon_is_prose(state):
    _, html = convert(state, "Note: " + VALUE + "\n", extensions=("extra",))
    assert jobs(html, "value") and not state.errors
