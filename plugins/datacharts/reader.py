"""Pelican's Markdown reader, told which file it reads (for error messages)."""

from __future__ import annotations

import os

from markdown import Markdown
from pelican.readers import MarkdownReader
from pelican.utils import pelican_open

from .markdown_ext import ChartExtension
from .state import get_state


class ChartMarkdownReader(MarkdownReader):
    def read(self, source_path):
        self._source_path = source_path
        state = get_state(self.settings)
        shown = os.path.relpath(source_path, state.root)
        # Pelican's MARKDOWN setting is the user's: copy, never mutate it.
        config = dict(self.settings["MARKDOWN"])
        config["extensions"] = [*config.get("extensions", []), ChartExtension(state, shown)]
        self._md = Markdown(**config)
        with pelican_open(source_path) as text:
            content = self._md.convert(text)
        metadata = self._parse_metadata(self._md.Meta) if hasattr(self._md, "Meta") else {}
        return content, metadata
