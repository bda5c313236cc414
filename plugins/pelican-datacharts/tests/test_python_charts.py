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


HOVER = (
    'import altair as alt\nDATASET = "parts"\n\n\n'
    "def bars(data, hover=True):\n"
    "    chart = alt.Chart(data).mark_bar().encode(x='part:Q', y='groupe:N')\n"
    "    if not hover:\n"
    "        return chart\n"
    "    sel = alt.selection_point(fields=['groupe'], on='pointerover', name='survol')\n"
    "    return chart.encode(opacity=alt.condition(sel, alt.value(1), alt.value(0.4))).add_params(sel)\n\n\n"
)


def live_specs(site, module: str) -> tuple[dict, dict | None, list]:
    """The wide and phone specs a built page embeds for its live chart, and the figure's classes."""
    import json

    from bs4 import BeautifulSoup

    site.dataset("parts", PARTS)
    site.write("charts/c.py", module)
    site.write("content/a.md", "Title: A\nDate: 2024-01-02\n\n```chart\nchart: c\ntitle: T\ndescription: D.\n```\n")
    output = site.build(DATACHARTS={"workers": 1})
    figure = BeautifulSoup((output / "a.html").read_text(encoding="utf-8"), "html.parser").select_one("figure")
    specs = [figure.select_one(f'script[id="{figure["id"]}-spec{end}"]') for end in ("", "-etroit")]
    return *(json.loads(s.string) if s else None for s in specs), figure["class"]


@pytest.mark.parametrize(
    "phone",
    [
        "",  # the plugin's phone drawing (narrow_spec): the wide spec, relaid out
        "def build_phone(data):\n    return bars(data).properties(height=120)\n",  # its own, hover included
    ],
)
def test_a_live_python_chart_on_a_phone_keeps_the_wide_charts_selections(site, phone):
    """The selection (a hover) of the wide chart is in the spec the live chart
    is drawn from on a phone, whichever drawing that is."""
    from datacharts_engine.pythoncharts import param_names

    wide, narrow, classes = live_specs(
        site, HOVER + "def build(data):\n    return bars(data).properties(width=560)\n\n\n" + phone
    )
    assert "datachart--interactive" in classes  # params: live without interactive: true
    assert param_names(wide) == {"survol"} and narrow is not None
    assert param_names(narrow) == {"survol"}
    assert narrow["encoding"]["opacity"]["condition"]["param"] == "survol"


def test_a_phone_drawing_without_the_wide_charts_selections_is_refused(site):
    """build_phone drawing the chart without its hover: the live chart on a
    phone would have lost it, silently; the build names it and the fix."""
    module = HOVER + (
        "def build(data):\n    return bars(data).properties(width=560)\n\n\n"
        "def build_phone(data):\n    return bars(data, hover=False)\n"
    )
    site.dataset("parts", PARTS)
    errors = build_with(site, {"survol": module}, ["chart: survol"])
    assert errors[0].startswith(
        "charts/survol.py:17: build_phone(data) renvoie un graphique sans les interactions de build(data) (survol)"
    ), errors
    assert "(bloc chart de content/a.md:4) ; ajoutez-y les mêmes sélections" in errors[0]
    assert errors[0].endswith("ou renvoyez None pour garder le dessin large")


def test_selections_of_the_phone_drawing_alone_make_the_chart_live(site):
    """A hover only in build_phone's chart: the chart goes live, or its phone
    drawing's selection would never run."""
    from datacharts_engine.pythoncharts import param_names

    module = HOVER + (
        "def build(data):\n    return bars(data, hover=False).properties(width=560)\n\n\n"
        "def build_phone(data):\n    return bars(data)\n"
    )
    wide, narrow, classes = live_specs(site, module)
    assert "datachart--interactive" in classes
    assert not param_names(wide) and param_names(narrow) == {"survol"}
