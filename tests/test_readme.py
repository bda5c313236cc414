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
