"""Pelican's Markdown reader, told which file it reads (for error messages)."""

from __future__ import annotations

import os

from datacharts_engine.state import get_state

from .markdown_ext import ChartExtension
from .pelican_compat import ReaderWithExtension


class ChartMarkdownReader(ReaderWithExtension):
    def extension_for(self, source_path: str):
        state = get_state(self.settings)
        return ChartExtension(state, os.path.relpath(source_path, state.project.root))
