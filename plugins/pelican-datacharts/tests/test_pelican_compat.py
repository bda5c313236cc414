"""Every Pelican internal the adapter touches is still there, as it was when
checked (``pelican_compat.CHECKED_WITH``). A failure here names the internal:
fix ``pelican_compat.py`` for the new Pelican, then change CHECKED_WITH."""

from __future__ import annotations

import importlib.metadata
import inspect

import pelican.generators as generators
from pelican.contents import Article, Content
from pelican.plugins.datacharts import pelican_compat
from pelican.readers import MarkdownReader
from pelican.utils import memoized
from pelican.writers import Writer


def test_the_installed_pelican_is_the_one_checked():
    assert importlib.metadata.version("pelican") == pelican_compat.CHECKED_WITH, (
        "Pelican changed: check every internal in pelican_compat.py, then update CHECKED_WITH"
    )


def test_content_keeps_its_html_and_summary_where_the_adapter_reads_them():
    article = Article("<p>Texte</p>", metadata={"title": "T", "summary": "<p>Résumé</p>"}, settings=None)
    assert article._content == "<p>Texte</p>"  # raw_content / set_raw_content
    assert article._summary == "<p>Résumé</p>"  # set_summary
    # Links are made by _update_content(content, siteurl), called by get_content.
    assert list(inspect.signature(Content._update_content).parameters) == ["self", "content", "siteurl"]
    assert "self._update_content(content, siteurl)" in inspect.getsource(Content.__dict__["get_content"].func)


def test_get_content_and_get_summary_are_memoized_pelican_functions():
    for name in ("get_content", "get_summary"):
        memo = Content.__dict__[name]
        assert isinstance(memo, memoized), f"Content.{name} is no longer pelican.utils.memoized"
        assert isinstance(memo.cache, dict)
        assert list(inspect.signature(memo.func).parameters)[:2] == [
            "self",
            "_siteurl" if name == "get_summary" else "siteurl",
        ]
    source = inspect.getsource(Content.__dict__["get_summary"].func)
    # summarize_without gives get_summary an object with these three attributes only.
    for used in ("self.metadata", "self.settings", "self.content"):
        assert used in source, f"get_summary no longer reads {used}"
    for other in ("self._content", "self.get_content", "self._context"):
        assert other not in source, f"get_summary now reads {other}"


def test_the_summary_of_an_item_is_computed_from_the_text_we_give():
    settings = {"SUMMARY_MAX_LENGTH": 3, "SUMMARY_END_SUFFIX": "…", "SUMMARY_MAX_PARAGRAPHS": None}
    article = Article("<p>un deux trois quatre</p><figure>x</figure>", metadata={"title": "T"}, settings=None)
    article.settings.update(settings)
    pelican_compat.summarize_without(article, lambda siteurl: "<p>alpha beta gamma delta</p>")
    assert article.summary == "<p>alpha beta gamma …</p>"  # Pelican's own truncation


def test_markdown_reader_builds_its_markdown_from_settings_in_read():
    source = inspect.getsource(MarkdownReader.read)
    assert 'Markdown(**self.settings["MARKDOWN"])' in source
    # Metadata goes through process_metadata(name, value), which hands
    # self.settings to the Category, Tag and Author it makes.
    assert list(inspect.signature(MarkdownReader.process_metadata).parameters) == ["self", "name", "value"]
    assert "self.settings" in inspect.getsource(MarkdownReader.process_metadata)


def test_writer_adds_feed_items_through_one_method():
    assert "_add_item_to_the_feed" in Writer.__dict__
    assert "self._add_item_to_the_feed(feed, element)" in inspect.getsource(Writer.write_feed)


def test_generators_hold_items_in_the_lists_the_adapter_reads():
    sources = inspect.getsource(generators.ArticlesGenerator) + inspect.getsource(generators.PagesGenerator)
    for name in pelican_compat.ITEM_LISTS:
        assert f"self.{name}" in sources, f"no generator has .{name} any more"
