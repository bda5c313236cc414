"""The finished output's pages, read once for the checks that read them all.

The search index (``index_search``) and the link check both read every page
the build wrote, after Pelican and the plugins have written them; one
``OutputPages`` per ``finish`` serves both, so a page is read from disk once.
"""

from __future__ import annotations

import os
from pathlib import Path


class OutputPages:
    def __init__(self, output: Path):
        self.output = str(output)
        self._read: dict[str, bytes] = {}

    def files(self) -> set[str]:
        """Every file of the output as it is now, output-relative with « / »
        (listed again at each call: the search index adds its own)."""
        files = set()
        for folder, _, names in os.walk(self.output):
            prefix = os.path.relpath(folder, self.output).replace(os.sep, "/")
            files.update(names if prefix == "." else (f"{prefix}/{name}" for name in names))
        return files

    def read(self, relative: str) -> bytes:
        """A page's bytes; pages are finished when the checks run, so read once."""
        raw = self._read.get(relative)
        if raw is None:
            with open(os.path.join(self.output, relative), "rb") as handle:
                raw = self._read[relative] = handle.read()
        return raw
