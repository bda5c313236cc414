"""French typography in the prose, as a Python-Markdown extension.

No line may start with : ; ? ! % or » (the space before them becomes
unbreakable), nor end with «. Code is left alone, and so is any text
Python-Markdown marks ``AtomicString`` (autolinks, code): later tree
processors (abbr…) must not touch it either. Only French items change: the
item's ``Lang:`` header, or the site's ``DEFAULT_LANG``. This is the
publication's house style, not the chart plugin's: the ``publication`` plugin
adds this extension to the site's Markdown settings.
"""

from __future__ import annotations

from datacharts_engine.frenchnum import french_spacing
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString


def _spaced(text):
    if not text or isinstance(text, AtomicString):
        return text
    return french_spacing(text)


class FrenchSpacing(Treeprocessor):
    SKIP = frozenset({"code", "pre", "script", "style", "kbd", "samp"})

    def __init__(self, md, default_lang: str):
        super().__init__(md)
        self.default_lang = default_lang
        self.lang = None

    def run(self, root):
        # The header is read by ``meta``; when Pelican converts ``Summary:``
        # again, it has removed ``meta``: the language is the document's.
        if "meta" in self.md.preprocessors or self.lang is None:
            declared = (getattr(self.md, "Meta", None) or {}).get("lang")
            self.lang = declared[0] if declared else self.default_lang
        if self.lang.lower().split("-")[0].split("_")[0] == "fr":
            self._walk(root)

    def _walk(self, element):
        if element.tag in self.SKIP:
            return
        element.text = _spaced(element.text)
        for child in element:
            self._walk(child)
            child.tail = _spaced(child.tail)


class FrenchTypography(Extension):
    def __init__(self, **kwargs):
        self.config = {"default_lang": ["fr", "The language of a document without a Lang: header"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md):  # noqa: N802 - Python-Markdown's API
        # After inline patterns (20), before the prettifier (10).
        md.treeprocessors.register(FrenchSpacing(md, self.getConfig("default_lang")), "french_spacing", 15)


def add_to_markdown(pelican) -> None:
    """The site's MARKDOWN setting, with this extension: a copy, never the user's dict changed."""
    markdown = dict(pelican.settings.get("MARKDOWN") or {})
    markdown["extensions"] = [
        *markdown.get("extensions", []),
        FrenchTypography(default_lang=pelican.settings.get("DEFAULT_LANG") or "fr"),
    ]
    pelican.settings["MARKDOWN"] = markdown
