"""French typography in the prose, as a Python-Markdown extension.

No line may start with : ; ? ! % or » (the space before them becomes
unbreakable), nor end with «. Code is left alone. This is the publication's
house style, not the chart plugin's: the ``publication`` plugin adds this
extension to the site's Markdown settings.
"""

from __future__ import annotations

from datacharts_engine.frenchnum import french_spacing
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor


class FrenchSpacing(Treeprocessor):
    SKIP = frozenset({"code", "pre", "script", "style", "kbd", "samp"})

    def run(self, root):
        self._walk(root)

    def _walk(self, element):
        if element.tag in self.SKIP:
            return
        if element.text:
            element.text = french_spacing(element.text)
        for child in element:
            self._walk(child)
            if child.tail:
                child.tail = french_spacing(child.tail)


class FrenchTypography(Extension):
    def extendMarkdown(self, md):  # noqa: N802 - Python-Markdown's API
        # After inline patterns (20), before the prettifier (10).
        md.treeprocessors.register(FrenchSpacing(md), "french_spacing", 15)


def add_to_markdown(pelican) -> None:
    """The site's MARKDOWN setting, with this extension: a copy, never the user's dict changed."""
    markdown = dict(pelican.settings.get("MARKDOWN") or {})
    markdown["extensions"] = [*markdown.get("extensions", []), FrenchTypography()]
    pelican.settings["MARKDOWN"] = markdown
