"""Pelican-style sample content (sample_site/: RST and Markdown articles,
pages, a draft, a hidden page, a translation, {filename} and {static} links),
built with the plugin and without it, RELATIVE_URLS on.

The plugin must change nothing but what its one chart block touches: every
file of the build without it is in the build with it, identical, except where
the chart article is shown in full, and there only by the figure in place of
the code block Pelican would have shown.
"""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from .conftest import Site, output_file, page

pytestmark = pytest.mark.slow

SAMPLES = Path(__file__).parent / "sample_site"
SITEURL = "https://example.org"
SETTINGS = {
    "SITENAME": "A sample site",
    "AUTHOR": "Ada Lovelace",
    "SITEURL": SITEURL,
    "RELATIVE_URLS": True,
    "SUMMARY_MAX_PARAGRAPHS": 1,
    "DEFAULT_LANG": "en",
    "DEFAULT_PAGINATION": 2,
    "LOCALE": ("C",),
    "FEED_ALL_RSS": "feeds/all.rss.xml",
    "CATEGORY_FEED_RSS": "feeds/{slug}.rss.xml",
    # Not the defaults: the plugin's folders come from its settings.
    "DATACHARTS": {"output_dir": "charts-files", "datasets_dir": "datasets"},
}
PLUGIN_FOLDERS = ("charts-files/", "datasets/")
# Where the chart article is shown in full: its page, the listings it leads, the feeds.
SHOWN_IN_FULL = {
    "a-tour-of-markdown.html",
    "tag/sample.html",
    "feeds/all.atom.xml",
    "feeds/all-en.atom.xml",
    "feeds/notes.atom.xml",
    "feeds/grace-hopper.atom.xml",
}
LISTINGS = re.compile(r"(index\d*|archives|categories|tags|authors|(category|tag|author)/[^/]+|datasets/index)\.html")
# The figure, with the stylesheet and script tags it carries on this theme.
# Both patterns take the blank lines after them: Markdown leaves one after a
# code block, none after the figure it was given as a block of HTML.
FIGURE_RE = re.compile(r'<figure class="datachart[^"]*".*?</figure>\s*', re.S)
# The chart block as Pelican shows it without the plugin: a highlighted code block.
CODE_BLOCK_RE = re.compile(
    r'<div class="highlight"><pre><span></span><code><span class="n">dataset</span>.*?</div>\s*',
    re.S,
)


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> tuple[Path, Path]:
    """(with the plugin, without it), from one copy of the samples."""
    root = tmp_path_factory.mktemp("samples")
    shutil.copytree(SAMPLES, root / "site")
    site = Site(root / "site")
    return site.build("with-plugin", **SETTINGS), site.build("without", **{**SETTINGS, "PLUGINS": []})


def files(folder: Path) -> set[str]:
    return {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()}


def without_chart(text: str, pattern: re.Pattern, feed: bool) -> str:
    if feed:  # the HTML of a feed entry is escaped
        text = html.unescape(text)
    shown, count = pattern.subn("[chart]\n", text)
    assert count == 1, f"{count} charts where one was expected"
    return shown


def test_the_plugin_changes_only_what_its_chart_touches(builds):
    charted, plain = builds
    ours, theirs = files(charted), files(plain)
    assert theirs <= ours
    assert ours - theirs and all(name.startswith(PLUGIN_FOLDERS) for name in ours - theirs)
    differ = {name for name in theirs if (charted / name).read_bytes() != (plain / name).read_bytes()}
    assert differ == SHOWN_IN_FULL
    for name in sorted(differ):
        feed = name.endswith(".xml")
        with_figure = without_chart((charted / name).read_text(encoding="utf-8"), FIGURE_RE, feed)
        with_code = without_chart((plain / name).read_text(encoding="utf-8"), CODE_BLOCK_RE, feed)
        assert with_figure == with_code, name


def test_the_sample_content_is_all_there(builds):
    """What the samples hold reached the output (else the comparison proves little)."""
    charted, _ = builds
    expected = {
        "welcome.html", "welcome-fr.html", "an-older-article.html", "a-tour-of-markdown.html",
        "notes-without-a-chart.html", "drafts/unfinished-thoughts.html", "pages/about.html",
        "pages/colophon.html", "pages/hidden.html", "images/lighthouse.svg", "index2.html",
    }  # fmt: skip
    assert expected <= files(charted)
    assert "./welcome-fr.html" in {a["href"] for a in page(charted, "welcome.html").select("a[hreflang=fr]")}
    menu = {a.get_text() for a in page(charted, "index.html").select("#banner nav a")}
    assert "About" in menu and "A hidden page" not in menu
    tour = page(charted, "a-tour-of-markdown.html")
    assert tour.select_one("figure.datachart svg title").get_text() == "Visits per month"
    assert tour.select_one('img[src="./images/lighthouse.svg"]') is not None
    assert tour.select_one('a[href="./welcome.html"]') is not None


def links(doc: BeautifulSoup):
    for element in doc.find_all(True):
        for attribute in ("href", "src", "data-svg", "data-runtime", "action"):
            if element.get(attribute):
                yield element, element[attribute]


def is_feed_link(element) -> bool:
    """Feed links are absolute by design (Pelican's FEED_DOMAIN, SITEURL by default)."""
    return "alternate" in (element.get("rel") or []) and element.get("type", "").endswith(("atom+xml", "rss+xml"))


@pytest.mark.parametrize("build", ["with-plugin", "without"])
def test_no_listing_links_to_the_production_site(builds, build):
    output = builds[0] if build == "with-plugin" else builds[1]
    listings = sorted(name for name in files(output) if LISTINGS.fullmatch(name))
    assert {"index.html", "index2.html", "tag/sample.html"} <= set(listings)
    if build == "with-plugin":
        assert "datasets/index.html" in listings
    absolute = [
        (name, url)
        for name in listings
        for element, url in links(page(output, name))
        if url.startswith(SITEURL) and not is_feed_link(element)
    ]
    assert absolute == []


def test_every_link_of_the_build_with_the_plugin_leads_to_a_file(builds):
    charted, _ = builds
    broken = []
    for name in sorted(n for n in files(charted) if n.endswith(".html")):
        for element, url in links(page(charted, name)):
            if url.startswith(("#", "http:", "https:", "mailto:", "data:")) or is_feed_link(element):
                continue
            target = output_file(charted, url, name)
            if not (target / "index.html" if url.split("#")[0].endswith("/") else target).is_file():
                broken.append((name, url))
    assert broken == []


def test_every_link_to_the_production_site_leads_to_a_file_of_the_build(builds):
    """Links absolute on purpose (feeds; a chart's page to embed, meant for other sites) still lead to files."""
    charted, _ = builds
    broken = []
    for name in sorted(n for n in files(charted) if n.endswith(".html")):
        for _, url in links(page(charted, name)):
            if url.startswith(SITEURL + "/") and not output_file(charted, url[len(SITEURL) :]).is_file():
                broken.append((name, url))
    assert broken == []
