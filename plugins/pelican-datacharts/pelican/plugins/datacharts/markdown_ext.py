"""The ```chart fence and inline values, as a Python-Markdown preprocessor.

It runs at priority 29: before ``meta`` (27), so line numbers are those of the
file, and before ``fenced_code`` (25), which would otherwise take the fence.
One extension instance serves one document (see ``reader.py``); per-document
state lives on the processor.

Reading only checks a block's structure (no data, no rendering): the block is
stashed as a placeholder and rendered at the end of the build (finalize.py).
"""

from __future__ import annotations

import re

from datacharts_engine.blocks import parse_block
from datacharts_engine.errors import EditorError
from datacharts_engine.inline_values import INLINE_RE, replace_inline_values
from datacharts_engine.placeholders import placeholder
from datacharts_engine.yamlsrc import load_yaml
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

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
        # longer match the file then, and charts have no place in a summary.
        first = not self.done
        self.done = True
        out: list[str] = []
        index = 0
        while index < len(lines):
            line = lines[index]
            match = FENCE_RE.match(line)
            if not match:
                out.append(self._inline(line, index + 1))
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

    def _error(self, error: EditorError) -> str:
        error = error.located(self.source_path)
        self.state.report(error)
        job = {"message": error.message, "path": error.path, "line": error.line}
        return self.md.htmlStash.store(placeholder("error", job))

    def _inline(self, line: str, lineno: int) -> str:
        if "{{" not in line or not INLINE_RE.search(line):
            return line

        def value(inner: str, path: str, number: int) -> str:
            try:
                load_yaml("{" + inner + "}", path, first_line=number)  # syntax, now
            except EditorError as exc:
                return self._error(exc)
            return self.md.htmlStash.store(placeholder("value", {"inner": inner, "path": path, "line": number}))

        return replace_inline_values(line, self.source_path, lineno, value)

    def _chart(self, text: str, lineno: int, unclosed: bool) -> str:
        try:
            if unclosed:
                raise EditorError(
                    "bloc chart jamais fermé : ajoutez ``` après sa dernière ligne", self.source_path, lineno
                )
            block = parse_block(text, self.source_path, lineno)
            anchor = block.anchor
            if anchor in self.anchors:
                if "id" in block.options:
                    raise block.error(f"id « {anchor} » déjà utilisé dans cet article : choisissez-en un autre", "id")
                suffix = 2
                while f"{anchor}-{suffix}" in self.anchors:
                    suffix += 1
                anchor = f"{anchor}-{suffix}"
        except EditorError as exc:
            return self._error(exc.located(self.source_path, lineno))
        job = {"text": text, "path": self.source_path, "line": lineno, "anchor": anchor, "first": not self.anchors}
        self.anchors.add(anchor)
        return self.md.htmlStash.store(placeholder("chart", job))


class ChartExtension(Extension):
    def __init__(self, state, source_path: str, **kwargs):
        self.state = state
        self.source_path = source_path
        super().__init__(**kwargs)

    def extendMarkdown(self, md):  # noqa: N802 - Python-Markdown's API
        md.registerExtension(self)
        md.preprocessors.register(ChartPreprocessor(md, self.state, self.source_path), "datacharts", 29)
