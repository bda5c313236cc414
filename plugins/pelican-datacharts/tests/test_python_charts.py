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
        "charts/frame.py:5: build(data) renvoie « DataFrame » au lieu d'un graphique Altair ; terminez par "
        "return alt.Chart(data)… (bloc chart de content/a.md:4)"
    ]


PARTS = "groupe,part\nA,12\nB,30\n"
BARS = '    bars = alt.Chart(data).mark_bar().encode(x="part:Q", y="groupe:N")\n'
PHONE_CASES = {
    # module body after ``def build(data):`` -> phone drawing's width (None: no phone drawing)
    "layers of one width": (
        BARS + '    text = bars.mark_text(align="left", dx=4).encode(text="groupe:N")\n'
        "    return alt.layer(bars, text).properties(width=560)\n",
        "narrow",
    ),
    "side by side, no build_phone: the desktop drawing, scaled": (
        BARS + "    return alt.hconcat(bars.properties(width=300), bars.properties(width=300))\n",
        None,
    ),
    "side by side, its own phone drawing": (
        BARS + "    return alt.hconcat(bars.properties(width=300), bars.properties(width=300))\n\n\n"
        "def build_phone(data):\n"
        '    return alt.Chart(data).mark_bar().encode(x="part:Q", y="groupe:N")\n',
        "narrow",
    ),
    "layers of one width, build_phone returns None": (
        BARS + "    return alt.layer(bars, bars.mark_tick()).properties(width=560)\n\n\n"
        "def build_phone(data):\n    return None\n",
        None,
    ),
}


@pytest.mark.parametrize("case", PHONE_CASES)
def test_a_python_chart_gets_the_phone_drawing_its_module_declares(site, case):
    from bs4 import BeautifulSoup
    from datacharts_engine.settings import DEFAULTS

    body, expected = PHONE_CASES[case]
    site.dataset("parts", PARTS)
    site.write("charts/c.py", f'import altair as alt\nDATASET = "parts"\n\n\ndef build(data):\n{body}')
    site.write("content/a.md", "Title: A\nDate: 2024-01-02\n\n```chart\nchart: c\ntitle: T\ndescription: D.\n```\n")
    output = site.build(DATACHARTS={"workers": 1})
    figure = BeautifulSoup((output / "a.html").read_text(encoding="utf-8"), "html.parser").select_one("figure")
    drawings = figure.select(".datachart-canvas > svg")
    if expected is None:
        assert [d["class"] for d in drawings] == [["datachart-svg"]]
        assert float(drawings[0]["width"]) > DEFAULTS["narrow_width"] + 20  # wider than a phone: scaled down
    else:
        assert [d["class"][-1] for d in drawings] == ["datachart-svg-large", "datachart-svg-etroit"]
        assert float(drawings[1]["width"]) == DEFAULTS["narrow_width"]
        assert float(drawings[0]["width"]) > DEFAULTS["narrow_width"] + 20


def test_a_failing_build_phone_is_located_in_the_script(site):
    failing = GOOD + '\n\ndef build_phone(data):\n    return data["absente"]\n'
    errors = build_with(site, {"telephone": failing}, ["chart: telephone"])
    assert errors[0].startswith(
        "charts/telephone.py:10: le graphique Python a échoué dans build_phone(data) (KeyError"
    ), errors


def test_a_live_python_chart_on_a_phone_is_its_phone_drawing(site):
    """Interactive, the chart goes live; on a phone datacharts.js takes the
    spec of the drawing shown there, embedded beside the wide one."""
    import json

    from bs4 import BeautifulSoup
    from datacharts_engine.settings import DEFAULTS

    site.dataset("parts", PARTS)
    body = PHONE_CASES["side by side, its own phone drawing"][0]
    site.write("charts/c.py", f'import altair as alt\nDATASET = "parts"\n\n\ndef build(data):\n{body}')
    site.write(
        "content/a.md",
        "Title: A\nDate: 2024-01-02\n\n```chart\nchart: c\ntitle: T\ndescription: D.\ninteractive: true\n```\n",
    )
    output = site.build(DATACHARTS={"workers": 1})
    figure = BeautifulSoup((output / "a.html").read_text(encoding="utf-8"), "html.parser").select_one("figure")
    wide = json.loads(figure.select_one(f'script[id="{figure["id"]}-spec"]').string)
    phone = json.loads(figure.select_one(f'script[id="{figure["id"]}-spec-etroit"]').string)
    assert "hconcat" in wide and "hconcat" not in phone
    assert phone["mark"]["type"] == "bar" and phone["width"] == DEFAULTS["narrow_width"]
    assert phone["autosize"] == {"type": "fit-x", "contains": "padding"}
