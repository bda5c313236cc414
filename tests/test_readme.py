"""The README's two commands are the ones CI runs, word for word."""

import re

from conftest import PROJECT


def readme_commands() -> list[str]:
    text = (PROJECT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(.+?)\n```", text)[:2]


def test_readme_opens_with_build_then_test_command():
    build, test = readme_commands()
    assert build.startswith("python3 -m venv .venv") and build.endswith("invoke build")
    assert test.startswith("python3 -m venv .venv") and test.endswith("pytest")


def test_ci_runs_the_readme_test_command():
    ci = (PROJECT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert readme_commands()[1] in ci


def test_the_guide_states_the_limits_the_build_applies():
    """An editor refused for too many marks or colours finds the same figures in the guide."""
    from datacharts_engine.build_chart import MAX_LINE_POINTS, MAX_MARKS
    from datacharts_engine.settings import DEFAULTS

    guide = (PROJECT / "README.md").read_text(encoding="utf-8").split("## Guide de la rédaction", 1)[1]
    palette = DEFAULTS["vega_config"]["range"]["category"]
    assert f"plus de {MAX_MARKS} marques" in guide
    assert f"plus de {MAX_LINE_POINTS:,} points".replace(",", " ") in guide
    assert f"n'a de couleurs ({len(palette)})" in guide
