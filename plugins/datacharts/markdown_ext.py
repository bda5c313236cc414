"""The ```chart fence and inline values, as a Python-Markdown preprocessor.

It runs at priority 29: before ``meta`` (27), so line numbers are those of the
file, and before ``fenced_code`` (25), which would otherwise take the fence.
One extension instance serves one document (see ``reader.py``); per-document
state lives on the processor.
"""

from __future__ import annotations

import re

from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

from .blocks import parse_block
from .errors import EditorError
from .inline_values import INLINE_RE, replace_inline_values

FENCE_RE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})\s*(?P<info>[^`\s]*)[^`]*$")


class ChartPreprocessor(Preprocessor):
    def __init__(self, md, state, source_path: str):
        super().__init__(md)
        self.state = state
        self.source_path = source_path
        self.anchors: set[str] = set()
        self.done = False

    def run(self, lines: list[str]) -> list[str]:
        # Pelican converts the summary again with the same instance: lines no
        # longer match the file then, and the charts were already reported.
        first = not self.done
        self.done = True
        out: list[str] = []
        index = 0
        while index < len(lines):
            line = lines[index]
            match = FENCE_RE.match(line)
            if not match:
                out.append(self._inline(line, index + 1, first))
                index += 1
                continue
            fence = match.group("fence")
            end = index + 1
            while end < len(lines) and not lines[end].strip().startswith(fence):
                end += 1
            body = lines[index + 1 : end]
            if match.group("info") == "chart" and first:
                out.append(self._chart("\n".join(body), index + 1, end >= len(lines)))
                out.append("")
            else:
                out.extend(lines[index : end + 1])
            index = end + 1
        return out

    def _inline(self, line: str, lineno: int, report: bool) -> str:
        if "{{" not in line or not INLINE_RE.search(line):
            return line
        try:
            return replace_inline_values(line, self.path, lineno, self.state.inline_value)
        except EditorError as exc:
            if report:
                self.state.report(exc.located(self.path, lineno))
            return line

    @property
    def path(self) -> str:
        return self.source_path

    def _chart(self, text: str, lineno: int, unclosed: bool) -> str:
        try:
            if unclosed:
                raise EditorError("bloc chart jamais fermé : ajoutez ``` après sa dernière ligne", self.path, lineno)
            block = parse_block(text, self.path, lineno)
            anchor = block.anchor
            if anchor in self.anchors:
                if "id" in block.options:
                    raise block.error(f"id « {anchor} » déjà utilisé dans cet article : choisissez-en un autre", "id")
                suffix = 2
                while f"{anchor}-{suffix}" in self.anchors:
                    suffix += 1
                block.options["id"] = f"{anchor}-{suffix}"
            first = not self.anchors
            self.anchors.add(block.anchor)
            html = self.state.chart_html(block, self.path, first)
        except EditorError as exc:
            self.state.report(exc.located(self.path, lineno))
            return ""
        return self.md.htmlStash.store(html)


class ChartExtension(Extension):
    def __init__(self, state, source_path: str, **kwargs):
        self.state = state
        self.source_path = source_path
        super().__init__(**kwargs)

    def extendMarkdown(self, md):  # noqa: N802 - Python-Markdown's API
        md.registerExtension(self)
        md.preprocessors.register(ChartPreprocessor(md, self.state, self.source_path), "datacharts", 29)
