"""Test fixtures: real sites built in temporary folders (no mocks of Pelican)."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

PROJECT = Path(__file__).resolve().parent.parent
DISTRIBUTION = PROJECT / "plugins" / "pelican-datacharts"


def pytest_configure(config):
    """The suite tests the installed plugin: stop at once if it is not the
    code of this tree (edited since the last `pip install`)."""
    import filecmp

    import datacharts_engine

    installed = Path(datacharts_engine.__file__).resolve().parent.parent
    if installed == DISTRIBUTION:
        return
    for package in ("datacharts_engine", "pelican/plugins/datacharts"):
        for source in sorted((DISTRIBUTION / package).rglob("*")):
            if source.suffix in {".py", ".html", ".js", ".css", ".json"} and "__pycache__" not in source.parts:
                copy = installed / source.relative_to(DISTRIBUTION)
                if not copy.is_file() or not filecmp.cmp(source, copy, shallow=False):
                    pytest.exit(
                        f"the installed plugin is not this tree's ({source.relative_to(PROJECT)} differs): "
                        "run .venv/bin/pip install ./plugins/pelican-datacharts",
                        returncode=4,
                    )


@dataclass
class Site:
    """A tiny site in a temporary folder, using the project's theme and plugin."""

    root: Path
    settings: dict = field(default_factory=dict)

    @property
    def output(self) -> Path:
        return self.root / "output"

    def article(self, name: str, body: str, title: str = "Essai", date: str = "2017-03-10", **meta) -> Path:
        header = {"Title": title, "Date": date, "Category": "Essais", "Slug": name, **meta}
        text = "".join(f"{k}: {v}\n" for k, v in header.items()) + "\n" + textwrap.dedent(body).lstrip("\n")
        path = self.root / "content" / f"{name}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def dataset(self, name: str, csv: str | bytes, descriptor: str | None = None) -> Path:
        data = self.root / "data"
        data.mkdir(exist_ok=True)
        path = data / f"{name}.csv"
        raw = csv if isinstance(csv, bytes) else textwrap.dedent(csv).lstrip("\n").encode("utf-8")
        path.write_bytes(raw)
        if descriptor is not None:
            (data / f"{name}.resource.yaml").write_text(textwrap.dedent(descriptor).lstrip("\n"), encoding="utf-8")
        return path

    def write_settings(self) -> Path:
        lines = [
            "import runpy",
            f"_base = runpy.run_path({str(PROJECT / 'pelicanconf.py')!r})",
            "globals().update({k: v for k, v in _base.items() if k.isupper()})",
            f"THEME = {str(PROJECT / 'theme')!r}",
            f"PLUGIN_PATHS = [{str(PROJECT / 'plugins')!r}]",
        ]
        lines += [f"{key} = {value!r}" for key, value in self.settings.items()]
        path = self.root / "pelicanconf.py"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    def build(self, force: bool = False, builder=None) -> int:
        """Build like `invoke build` does (staging, then swap); return the status.
        ``builder``: a SiteBuilder kept between builds, as `invoke livereload` does."""
        from sitebuild import build_site

        (self.root / "content").mkdir(exist_ok=True)
        settings = str(self.write_settings())
        if builder is not None:
            return builder.build(force)
        return build_site(settings, str(self.output), force=force)

    def builder(self):
        """A SiteBuilder keeping its render workers warm between builds (livereload)."""
        from sitebuild import SiteBuilder

        return SiteBuilder(str(self.root / "pelicanconf.py"), str(self.output), keep_workers=True)

    def page(self, relative: str) -> BeautifulSoup:
        return BeautifulSoup((self.output / relative).read_text(encoding="utf-8"), "html.parser")


@pytest.fixture
def site(tmp_path) -> Site:
    return Site(tmp_path)


USAGES_CSV = """\
usage,annee,part
Réseaux sociaux,2013,36
Réseaux sociaux,2016,62
Outils collaboratifs,2013,22
Outils collaboratifs,2016,43
"""

USAGES_DESCRIPTOR = """\
title: Usages numériques des associations
sources:
  - title: Recherches & Solidarités et Solidatech, enquête 2016
schema:
  fields:
    - {name: usage, type: string, title: Usage}
    - {name: annee, type: integer, title: Année}
    - {name: part, type: number, title: Part des associations, unit: "%"}
"""

BAR_BLOCK = """\
```chart
dataset: usages
mark: bar
x: part
y: {field: usage, sort: -x}
color: annee:N
yOffset: annee:N
title: Les réseaux sociaux ont presque doublé
description: Barres horizontales, 2013 et 2016.
```
"""


@pytest.fixture
def usages_site(site) -> Site:
    """A site with one dataset and one article holding one bar chart."""
    site.dataset("usages", USAGES_CSV, USAGES_DESCRIPTOR)
    site.article("essai", "Intro.\n\n" + BAR_BLOCK)
    return site
