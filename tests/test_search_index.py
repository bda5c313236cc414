"""The search index is rebuilt when what Pagefind reads changes, and only then."""

from __future__ import annotations

import shutil

import pytest
from conftest import BAR_BLOCK
from test_build import snapshot

pytestmark = pytest.mark.slow  # builds sites


def _redraw(site):
    """A data update that changes a bar, not a word of the prose."""
    path = site.root / "data" / "usages.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("2016,62", "2016,71"), encoding="utf-8")


def _entry(site):
    return site.output / "pagefind" / "pagefind-entry.json"


def _cached_entries(site):
    return list((site.root / "cache" / "pagefind").glob("*/pagefind-entry.json"))


def test_a_data_update_reuses_an_index_identical_to_a_fresh_one(usages_site):
    # A live chart too: its spec, data included, is in a script of the page.
    usages_site.article("vivant", BAR_BLOCK.replace("```chart\n", "```chart\ninteractive: true\n"), title="Vivant")
    assert usages_site.build() == 0
    before = snapshot(usages_site.output / "pagefind")
    _redraw(usages_site)
    assert usages_site.build() == 0
    assert "71" in usages_site.page("essai.html").select_one("figure table").get_text()
    reused = snapshot(usages_site.output / "pagefind")
    assert reused == before
    # Reused, not made again: the output's index is the cached one, linked.
    assert [p.stat().st_ino for p in _cached_entries(usages_site)] == [_entry(usages_site).stat().st_ino]
    # And it is exactly what Pagefind makes from the updated pages.
    shutil.rmtree(usages_site.root / "cache" / "pagefind")
    assert usages_site.build(force=True) == 0
    assert snapshot(usages_site.output / "pagefind") == reused


def test_a_change_of_the_prose_or_a_chart_title_indexes_again(usages_site):
    assert usages_site.build() == 0
    first = snapshot(usages_site.output / "pagefind")
    usages_site.article("essai", "Intro réécrite.\n\n" + BAR_BLOCK)
    assert usages_site.build() == 0
    second = snapshot(usages_site.output / "pagefind")
    assert second != first
    assert _entry(usages_site).stat().st_ino not in [p.stat().st_ino for p in _cached_entries(usages_site)]
    usages_site.article("essai", "Intro réécrite.\n\n" + BAR_BLOCK.replace("presque doublé", "doublé"))
    assert usages_site.build() == 0
    assert snapshot(usages_site.output / "pagefind") != second
