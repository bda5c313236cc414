"""Every Pelican internal the plugin touches, in one place.

Checked against Pelican 4.12.0 (``CHECKED_WITH``). Pelican gives plugins
signals, generators and writers, but no public way to change an article's
HTML once every article is read, which is when charts are known. The few
internals used for that are wrapped here, each with the reason, and
``tests/test_pelican_compat.py`` fails loudly, naming the internal, if a
Pelican release changes one of them: charts would otherwise vanish in silence.
"""

from __future__ import annotations

import functools
import types

from pelican.contents import Content
from pelican.readers import MarkdownReader
from pelican.utils import memoized
from pelican.writers import Writer

CHECKED_WITH = "4.12.0"

# Generator attributes that hold content items (articles, pages, their drafts
# and translations).
ITEM_LISTS = (
    "articles", "translations", "hidden_articles", "hidden_translations", "drafts", "drafts_translations",
    "pages", "hidden_pages", "draft_pages", "draft_translations",
)  # fmt: skip


def content_items(generators) -> list:
    """Every content item the generators read, once, in source order."""
    seen, items = set(), []
    for generator in generators:
        for name in ITEM_LISTS:
            for item in getattr(generator, name, None) or []:
                if id(item) not in seen:
                    seen.add(id(item))
                    items.append(item)
    return sorted(items, key=lambda item: item.source_path)


def raw_content(item) -> str:
    """The item's HTML as its reader returned it (``Content._content``)."""
    return item._content


def set_raw_content(item, html: str) -> None:
    item._content = html


def set_summary(item, html: str) -> None:
    """An editor's ``Summary:``, changed: Pelican keeps it twice (metadata, and
    ``_summary``, which its writer reads again for RELATIVE_URLS)."""
    item.metadata["summary"] = html
    item._summary = html


def with_links(item, html: str, siteurl: str) -> str:
    """Pelican's pass over an HTML text's links, as for the item's content."""
    return type(item)._update_content(item, html, siteurl)


def add_after_link_pass(item, insert) -> None:
    """``insert(html, siteurl)`` runs on the item's HTML after Pelican's pass
    over its links ({filename}, {static}…, relative URLs), whatever the page's
    siteurl: figures are big, hold no such link, and go in after it."""

    def update(content: str, siteurl: str) -> str:
        return insert(with_links(item, content, siteurl), siteurl)

    item._update_content = update


def summarize_without(item, text_of) -> None:
    """Pelican's own summary (SUMMARY_MAX_LENGTH, SUMMARY_MAX_PARAGRAPHS, TOC
    stripped, links for the page's siteurl) cut from ``text_of(siteurl)``
    instead of the content: a summary never shows half a figure."""
    if "summary" in item.metadata:
        return
    original = Content.__dict__["get_summary"].func  # the memoized function itself

    @functools.cache
    def summary(siteurl: str) -> str:
        view = types.SimpleNamespace(metadata=item.metadata, settings=item.settings, content=text_of(siteurl))
        return original(view, siteurl)

    item.get_summary = summary


def forget_memoized_content() -> None:
    """Pelican memoizes get_content and get_summary per item and siteurl:
    nothing may keep what they returned before the charts were in."""
    for name in ("get_content", "get_summary"):
        memo = Content.__dict__.get(name)
        if isinstance(memo, memoized):
            memo.cache.clear()


class ReaderWithExtension(MarkdownReader):
    """Pelican's Markdown reader, with one more extension for each file read.
    Pelican builds its ``Markdown`` from ``settings["MARKDOWN"]`` in ``read``;
    the reader is given a copy of the settings holding the extension, never
    the user's dict changed."""

    def extension_for(self, source_path: str):  # pragma: no cover - overridden
        raise NotImplementedError

    def read(self, source_path):
        self._base = base = self.settings
        markdown = dict(base["MARKDOWN"])
        markdown["extensions"] = [*markdown.get("extensions", []), self.extension_for(source_path)]
        self.settings = {**base, "MARKDOWN": markdown}
        try:
            return super().read(source_path)
        finally:
            self.settings = base

    def process_metadata(self, name, value):
        """With the user's settings: Pelican gives them to the Category, Tag and
        Author it makes, which its content cache pickles with the article (the
        copy would carry the extension, its Markdown instance and build state)."""
        current, self.settings = self.settings, getattr(self, "_base", self.settings)
        try:
            return super().process_metadata(name, value)
        finally:
            self.settings = current


class FeedWriter(Writer):
    """Pelican's writer, with each feed item seen through ``feed_item(item)``
    (``Writer._add_item_to_the_feed`` is where Pelican reads an item's
    content and summary for a feed)."""

    def feed_item(self, item):  # pragma: no cover - overridden
        return item

    def _add_item_to_the_feed(self, feed, item):
        return super()._add_item_to_the_feed(feed, self.feed_item(item))
