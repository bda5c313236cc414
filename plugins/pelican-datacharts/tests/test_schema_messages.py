"""What Altair refuses inside a channel's options (axis, legend, scale) comes
back as one French sentence at the key's line, with the option meant."""

from __future__ import annotations

import pytest

from .marks_helpers import data, line_of, refused  # noqa: F401 - data is the fixture


@pytest.mark.parametrize(
    "yaml, key, said",
    [
        (
            "x: {field: part, axis: {titel: Part}}\ny: usage\n",
            "x",
            "option « titel » inconnue dans axis ; écrivez title",
        ),
        (
            "x: {field: part, scale: {zeroo: false}}\ny: usage\n",
            "x",
            "option « zeroo » inconnue dans scale ; écrivez zero",
        ),
        (
            "x: part\ny: usage\ncolor: {field: annee, type: nominal, legend: {orinet: top}}\n",
            "color",
            "option « orinet » inconnue dans legend ; écrivez orient",
        ),
        (
            "x: {field: part, axis: {labelAngle: penché}}\ny: usage\n",
            "x",
            "« penché » n'est pas une valeur possible pour labelAngle (un nombre ou un texte)",
        ),
    ],
)
def test_an_option_inside_a_channel_is_refused_in_french_at_its_line(data, yaml, key, said):  # noqa: F811
    yaml = "mark: bar\nfilter: {annee: 2016}\n" + yaml
    error = refused(data, yaml)
    assert error.message.endswith(said) or said in error.message, error.message
    assert "has no parameter" not in error.message and "`" not in error.message
    assert error.line == line_of(yaml, key)
    if "inconnue" in said:
        assert error.message.endswith(said)  # the option meant, not its look-alikes (titleX, titleY)


@pytest.mark.parametrize(
    ("yaml", "key", "said"),
    [
        # Met first by the grouping at build time: it was Altair's English SchemaValidationError.
        (
            "x: {field: annee, timeUnit: yearmonht}\ny: part\n",
            "x",
            "« yearmonht » n'est pas une valeur possible pour timeUnit ; écrivez yearmonth",
        ),
        (
            "x: usage\ny: {field: part, stack: normalise}\ncolor: annee:N\n",
            "y",
            "« normalise » n'est pas une valeur possible pour stack ; écrivez normalize",
        ),
    ],
)
def test_a_misspelt_value_of_a_list_is_refused_with_the_right_one(data, yaml, key, said):  # noqa: F811
    error = refused(data, "mark: bar\n" + yaml)
    assert error.message == said and error.line == line_of("mark: bar\n" + yaml, key)
