"""Building again into the same output folder, as `pelican content` does by
default (DELETE_OUTPUT_DIRECTORY is off): charts then come from the chart
cache, whose files are hard-linked into the output."""

from __future__ import annotations

import pytest

from .conftest import BAR_BLOCK, USAGES_CSV, USAGES_DESCRIPTOR, page

pytestmark = pytest.mark.slow


def embed_page_stylesheet(output) -> str:
    """The embed page's link to its dataset: it names the SITEURL it was drawn for."""
    embed = output / "graphiques" / "essai" / "les-reseaux-sociaux-ont-presque-double.html"
    return page(output, str(embed.relative_to(output))).select_one(".datachart-source a")["href"]


def test_a_second_build_over_the_last_output_reuses_the_cache_and_leaves_it_intact(site):
    site.dataset("usages", USAGES_CSV, USAGES_DESCRIPTOR)
    site.write("content/essai.md", f"Title: Essai\nDate: 2017-03-10\n\nIntro.\n\n{BAR_BLOCK}")
    org = {"SITEURL": "https://example.org"}
    site.build(**org)
    output = site.build(**org)  # every chart file is already there, linked to the same cache file
    assert page(output, "essai.html").select_one("figure.datachart svg") is not None
    assert embed_page_stylesheet(output) == "https://example.org/donnees/usages.html"
    # Same file names, other bytes (an address as long): written over the last
    # output, they must replace its links, never write through them into the cache.
    site.build(SITEURL="https://example.com")
    assert embed_page_stylesheet(output) == "https://example.com/donnees/usages.html"
    fresh = site.build("fresh", **org)
    assert embed_page_stylesheet(fresh) == "https://example.org/donnees/usages.html"


def test_pelicans_content_cache_keeps_no_markdown_instance_per_article(site):
    """Pelican pickles each article with its Category (which keeps settings):
    the reader's per-file settings, holding the chart extension and so a whole
    Markdown instance, made the cache five times larger and slower to load."""
    import gzip
    import pickle

    from pelican.plugins.datacharts.markdown_ext import ChartExtension

    site.dataset("usages", USAGES_CSV, USAGES_DESCRIPTOR)
    for n in range(3):
        site.write(f"content/essai-{n}.md", f"Title: Essai {n}\nDate: 2017-03-10\nCategory: Essais\n\n{BAR_BLOCK}")
    site.build(CACHE_CONTENT=True, LOAD_CONTENT_CACHE=True)
    entries = pickle.loads(gzip.decompress((site.root / "cache" / "ArticlesGenerator-Readers").read_bytes()))  # noqa: S301 - the cache this test just wrote
    assert len(entries) == 3
    for _, (_, metadata) in entries.values():
        extensions = metadata["category"].settings["MARKDOWN"].get("extensions", [])
        assert not any(isinstance(e, ChartExtension) for e in extensions)


def chart_files(output) -> list[str]:
    return sorted(p.relative_to(output).as_posix() for p in (output / "graphiques").rglob("*") if p.is_file())


def test_a_chart_removed_or_renamed_leaves_no_file_behind_in_an_output_written_over(site):
    """``pelican content`` writes over its last output: the files of a chart
    that is gone (or now has another anchor) must not stay published there."""
    site.dataset("usages", USAGES_CSV, USAGES_DESCRIPTOR)
    article = site.write("content/essai.md", f"Title: Essai\nDate: 2017-03-10\n\nIntro.\n\n{BAR_BLOCK}")
    site.write("content/autre.md", f"Title: Autre\nDate: 2017-03-10\n\nIntro.\n\n{BAR_BLOCK}")
    output = site.build()
    old = "graphiques/essai/les-reseaux-sociaux-ont-presque-double"
    assert {f"{old}.csv", f"{old}.svg", f"{old}.html", f"{old}.png"} <= set(chart_files(output))
    (output / "graphiques" / "old-name-0123456789.svg").write_text("<svg/>", encoding="utf-8")  # an older build's
    article.write_text(article.read_text(encoding="utf-8").replace("```chart\n", "```chart\nid: renomme\n"))
    site.build()
    files = chart_files(output)
    assert not [f for f in files if f.startswith(old) or "old-name" in f], files
    assert "graphiques/essai/renomme.svg" in files
    assert "graphiques/autre/les-reseaux-sociaux-ont-presque-double.svg" in files  # the other article's stays
    assert {"graphiques/datacharts.js", "graphiques/datacharts.css", "graphiques/datacharts-embed.js"} <= set(files)
    (site.root / "content" / "autre.md").unlink()
    site.build()
    assert not (output / "graphiques" / "autre").exists()  # nor its empty folder
