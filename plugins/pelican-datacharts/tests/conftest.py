"""Real sites in temporary folders, built by plain Pelican.

As pelican-plugins' own tests do: ``read_settings(path=None, override={...})``,
``Pelican(settings).run()``, then assertions on the files written. No mock of
Pelican, no ``PLUGIN_PATHS`` (Pelican finds the installed namespace plugin
``pelican.plugins.datacharts``), no ``THEME`` unless a test sets one: Pelican's
default theme, not the site's.
"""

from __future__ import annotations

import textwrap
import weakref
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

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


def disconnect_plugins() -> None:
    """Pelican's signals are module globals: a plugin registered by an earlier
    build of this process (the site's tests build with its `publication`
    plugin) is still connected. Pelican registers the plugins of each build
    again, so a build that starts with no receiver sees what a fresh `pelican`
    process sees."""
    from blinker import Signal
    from pelican.plugins import signals

    for signal in vars(signals).values():
        if isinstance(signal, Signal):
            for ref in list(signal.receivers.values()):
                receiver = ref() if isinstance(ref, weakref.ref) else ref
                if receiver is not None:
                    signal.disconnect(receiver)


@dataclass
class Site:
    """A Pelican project in a folder: content/, data/, charts/, builds beside them."""

    root: Path

    @property
    def content(self) -> Path:
        return self.root / "content"

    def write(self, relative: str, text: str | bytes) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    def dataset(self, name: str, csv: str, descriptor: str | None = None) -> Path:
        if descriptor is not None:
            self.write(f"data/{name}.resource.yaml", descriptor)
        return self.write(f"data/{name}.csv", csv)

    def settings(self, output: str = "output", **overrides) -> dict:
        """The override dict of a build: absolute paths, as no settings file anchors them."""
        self.content.mkdir(parents=True, exist_ok=True)
        return {
            "PATH": str(self.content),
            "OUTPUT_PATH": str(self.root / output),
            "CACHE_PATH": str(self.root / "cache"),
            "PLUGINS": ["datacharts"],
            "SITEURL": "",
            "TIMEZONE": "UTC",
            **overrides,
        }

    def build(self, output: str = "output", **overrides) -> Path:
        """Build with plain ``Pelican(read_settings(...)).run()``; return the output folder."""
        from pelican import Pelican
        from pelican.settings import read_settings

        disconnect_plugins()
        try:
            Pelican(read_settings(path=None, override=self.settings(output, **overrides))).run()
        finally:
            disconnect_plugins()
        return self.root / output


def page(output: Path, relative: str) -> BeautifulSoup:
    return BeautifulSoup((output / relative).read_text(encoding="utf-8"), "html.parser")


def output_file(output: Path, url: str, page_url: str = "") -> Path:
    """The file a link of the page at ``page_url`` leads to (root-relative or relative URL)."""
    from posixpath import dirname, join, normpath

    path = url.split("#")[0].split("?")[0]
    path = path.lstrip("/") if path.startswith("/") else normpath(join(dirname(page_url), path))
    return output / path


@pytest.fixture
def site(tmp_path) -> Site:
    return Site(tmp_path / "site")
