"""A chart written in Python is the editor's code: its mistakes are reported
at the line of charts/NAME.py, naming the block that uses it, with the build's
other mistakes."""

from __future__ import annotations

import pytest
from datacharts_engine.errors import BuildFailed

pytestmark = pytest.mark.slow  # builds sites

GOOD = (
    'import altair as alt\nDATASET = "parts"\n\n\ndef build(data):\n'
    '    return alt.Chart(data).mark_bar().encode(x="part:Q", y="groupe:N")\n'
)


def build_with(site, scripts: dict[str, str], blocks: list[str]):
    site.dataset("parts", "groupe,part\nA,12\nB,30\n")
    for name, code in scripts.items():
        site.write(f"charts/{name}.py", code)
    body = "\n\n".join(f"```chart\n{block}\ntitle: T{i}\ndescription: D{i}.\n```" for i, block in enumerate(blocks))
    site.write("content/a.md", "").write_text(f"Title: A\nDate: 2024-01-02\n\n{body}\n", encoding="utf-8")
    with pytest.raises(BuildFailed) as failed:
        site.build(DATACHARTS={"workers": 1})
    return [str(e) for e in failed.value.errors]


def test_an_exception_is_located_in_the_script_and_the_block(site):
    broken = GOOD.replace("    return", '    total = data["absente"].sum()\n    return')
    errors = build_with(site, {"broken": broken}, ["chart: broken", "dataset: parts\nmark: bar\nx: prat"])
    assert errors[0].startswith("charts/broken.py:6: le graphique Python a échoué dans build(data) (KeyError")
    assert "(bloc chart de content/a.md:4)" in errors[0]
    assert errors[1].startswith("content/a.md:13: x : colonne « prat » inconnue")  # the other mistake too


def test_a_syntax_error_names_its_line(site):
    errors = build_with(site, {"syntax": GOOD.replace("def build(data):", "def build(data)")}, ["chart: syntax"])
    assert errors == [
        "charts/syntax.py:5: le graphique Python a échoué au chargement du fichier (SyntaxError : expected ':' "
        "(syntax.py, line 5)) ; corrigez le code (bloc chart de content/a.md:4)"
    ]


def test_a_build_that_returns_no_chart_is_named(site):
    errors = build_with(
        site, {"frame": GOOD.replace("    return alt.Chart(data)", "    return data  #")}, ["chart: frame"]
    )
    assert errors == [
        "charts/frame.py:5: build(data) renvoie « DataFrame » au lieu d'un graphique Altair : terminez par "
        "return alt.Chart(data)… (bloc chart de content/a.md:4)"
    ]
