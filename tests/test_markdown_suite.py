"""Python-Markdown's own test suite, with our extensions loaded into every
``Markdown`` it makes: ChartExtension must change nothing, FrenchTypography
only the spaces of French text.

The suite comes from the installed version's sdist (``pip download``, kept in
pytest's cache); offline, the test is skipped. The suite runs in a child
process (this file, run as a script), from a temporary folder, so the patched
``Markdown`` never reaches the rest of our tests.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
PLUGINS = Path(__file__).resolve().parent.parent / "plugins"
PIP_DOWNLOAD = [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--no-binary", ":all:"]
SPACES = str.maketrans({"\u00a0": " ", "\u202f": " "})


def suite_folder(cache, tmp_path) -> Path:
    """A copy of the installed Markdown's tests/, downloaded once per machine."""
    from importlib.metadata import version

    wanted = version("markdown")
    store = Path(cache.mkdir("markdown-sdist"))
    sdist = store / f"markdown-{wanted}.tar.gz"
    if not sdist.exists():
        try:
            subprocess.run(
                [*PIP_DOWNLOAD, "-d", str(store), f"markdown=={wanted}"],
                check=True,
                capture_output=True,
                timeout=120,
            )
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError):
            pytest.skip(f"Python-Markdown {wanted}'s sdist could not be downloaded (offline?)")
    with tarfile.open(sdist) as archive:
        members = [m for m in archive.getmembers() if m.name.startswith(f"markdown-{wanted}/tests/")]
        archive.extractall(tmp_path, members=members, filter="data")
    folder = tmp_path / "suite" / "tests"
    shutil.move(tmp_path / f"markdown-{wanted}" / "tests", folder)
    return folder


def run_suite(folder: Path, mode: str) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, str(folder), mode],
        cwd=folder.parent,  # not the sdist root: its markdown/ must not shadow the installed one
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_python_markdown_suite_passes_with_our_extensions(pytestconfig, tmp_path):
    folder = suite_folder(pytestconfig.cache, tmp_path)
    alone, chart, spaced, both = (run_suite(folder, mode) for mode in ("none", "chart", "spaced", "both"))
    assert alone["run"] > 1000 and not alone["failed"]
    assert chart["failed"] == alone["failed"]  # the chart extension changes nothing
    assert spaced["failed"] == alone["failed"]  # typography changes spaces, nothing else
    changed = sorted(set(both["failed"]) - set(alone["failed"]))
    print(f"Python-Markdown {both['run']} tests; typography changes the French spaces of {len(changed)}: {changed}")
    assert changed  # the suite has French-style spaces (« Why ? »): typography must show up


def _main(folder: str, mode: str) -> None:
    """In the child process: run the suite, print what failed as JSON."""
    import io
    import tempfile
    import unittest

    sys.path.insert(0, str(PLUGINS))  # publication (the site's plugin); datacharts is installed
    from datacharts_engine.state import BuildState
    from markdown.core import Markdown
    from pelican.plugins.datacharts.markdown_ext import ChartExtension
    from publication.typography import FrenchTypography

    root = Path(tempfile.mkdtemp())
    (root / "content").mkdir()
    state = BuildState({"PATH": str(root / "content"), "SITEURL": "", "THEME": None})
    init, convert = Markdown.__init__, Markdown.convert

    def patched_init(self, **kwargs):
        ours = [ChartExtension(state, "content/a.md")]
        if mode in ("spaced", "both"):
            ours.append(FrenchTypography())
        init(self, **{**kwargs, "extensions": [*kwargs.get("extensions", []), *ours]})

    def spaces_undone(self, source):
        # What typography did, undone (where the source had no such space itself).
        html = convert(self, source)
        return html if any(c in source for c in "\u00a0\u202f") else html.translate(SPACES)

    if mode != "none":
        Markdown.__init__ = patched_init
    if mode == "spaced":
        Markdown.convert = spaces_undone
    suite = unittest.defaultTestLoader.discover(folder, top_level_dir=str(Path(folder).parent))
    result = unittest.TextTestRunner(stream=io.StringIO(), verbosity=0).run(suite)
    failed = sorted(test.id() for test, _ in result.failures + result.errors)
    print(json.dumps({"run": result.testsRun, "failed": failed}))


if __name__ == "__main__":
    _main(*sys.argv[1:3])
