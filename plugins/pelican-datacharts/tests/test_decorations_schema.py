"""The layers the grammar adds (labels, references, notes) are built without
Altair's validation, which took most of a decorated chart's spec time
(build_chart.build_chart): every spec they make is checked here against the
Vega-Lite schema instead, over the placements each key can take."""

from __future__ import annotations

import pytest
from altair.utils.schemapi import validate_jsonschema
from altair.vegalite.v6.schema.core import load_schema
from datacharts_engine.layout import narrow_spec
from datacharts_engine.settings import DEFAULTS

from .marks_helpers import build, data  # noqa: F401

BARS = "mark: bar\nx: part\ny: usage\nyOffset: annee:N\ncolor: annee:N\n"
COLUMNS = "mark: bar\nx: usage\ny: part\nfilter: {annee: 2016}\n"
LINE = "mark: line\nx: annee:O\ny: part\ncolor: usage\n"
NOTE = "annotations: [{where: {usage: Réseaux sociaux, annee: 2016}, text: Presque le double de 2013}]\n"
CASES = {
    "labels beside bars, a line and a note": BARS + "labels: true\nreference: [{x: 45, label: Moyenne}]\n" + NOTE,
    "labels inside, a range": BARS + "labels: {position: inside}\nreference: [{x: [40, 50], label: Plage}]\n",
    "columns, two close lines on y": COLUMNS
    + "labels: true\nreference: [{y: 47, label: Objectif}, {y: 45, label: Moyenne nationale}]\n",
    "a note above a column": COLUMNS
    + "annotations: [{where: {usage: Réseaux sociaux}, text: Une note assez longue pour passer au-dessus}]\n",
    "a highlight with labels": BARS.replace("color: annee:N\n", "") + "highlight: {annee: 2016}\nlabels: true\n",
    "a line's end labels and a note": LINE + "labels: true\n" + NOTE,
}


@pytest.mark.parametrize("case", CASES)
def test_a_decorated_chart_s_spec_is_valid_vega_lite_in_each_drawing(data, case):  # noqa: F811
    spec = build(data, CASES[case]).spec
    schema = load_schema()
    for drawing in (spec, narrow_spec(spec, DEFAULTS)):
        # The config is the site's settings, added after validation
        # (its « background: null » is Vega's, not the schema's).
        validate_jsonschema({k: v for k, v in drawing.items() if k != "config"}, schema)  # raises on the first error
        assert len(drawing["layer"]) >= 2


def test_the_check_catches_an_invalid_layer(data):  # noqa: F811
    spec = build(data, CASES["labels beside bars, a line and a note"]).spec
    spec["layer"][-1]["encoding"]["text"] = {"condition": {"tset": "true"}, "value": ""}
    with pytest.raises(Exception, match=r"tset|additional|valid"):
        validate_jsonschema(spec, load_schema())
