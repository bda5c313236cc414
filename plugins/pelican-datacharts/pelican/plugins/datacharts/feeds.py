"""Feeds show every chart as an image: feed readers run no JavaScript and
many drop inline SVG. Each figure becomes an <img> of its SVG file (absolute
URL) with its caption; the data table and the interactive spec are dropped."""

from __future__ import annotations

import re

from .pelican_compat import FeedWriter

FIGURE_RE = re.compile(r'<figure class="datachart[^"]*"[^>]*>.*?</figure>', re.S)
CANVAS_RE = re.compile(r'<div class="datachart-canvas"[^>]*>.*?</svg></div>', re.S)
DESC_RE = re.compile(r"<desc [^>]*>(.*?)</desc>", re.S)
# The data table, the embed code, the live spec, the PNG button (it needs
# the page's script, and a reader that ignores `hidden` would show it dead),
# and the page's stylesheet and script that a figure may carry (assets.py).
DROP_RE = re.compile(
    r'<details class="datachart-[a-z-]+"[^>]*>.*?</details>|<script type="application/json".*?</script>'
    r'|<span class="datachart-png-item"[^>]*>.*?</span>'
    r'|<link rel="stylesheet" href="[^"]*/datacharts\.css">|<script src="[^"]*/datacharts\.js" defer></script>',
    re.S,
)
SVG_URL_RE = re.compile(r'<a href="([^"]+\.svg(?:\?v=[0-9a-f]+)?)" class="datachart-svg-download"')  # with its version


def feed_html(content: str, site_url: str, page_url: str = "") -> str:
    def figure(match: re.Match) -> str:
        html = match.group(0)
        svg_url = SVG_URL_RE.search(html)
        desc = DESC_RE.search(html)
        if not svg_url:
            return html
        url = svg_url.group(1)
        if url.startswith("/"):
            url = site_url.rstrip("/") + url
        alt = desc.group(1) if desc else ""
        image = f'<div class="datachart-canvas"><img src="{url}" alt="{alt}"></div>'
        html = CANVAS_RE.sub(lambda _: image, html, count=1)
        html = DROP_RE.sub("", html)
        html = re.sub(r'href="#', f'href="{page_url}#', html)  # the chart's anchor, in its article
        return re.sub(r'href="/', f'href="{site_url.rstrip("/")}/', html)

    return FIGURE_RE.sub(figure, content)


class _FeedItem:
    """An article as the feed writer sees it, with feed-friendly content."""

    def __init__(self, item, site_url, memo: dict):
        self._item = item
        self._site_url = site_url
        self._memo = memo  # the Atom and RSS feeds show the same items

    def __getattr__(self, name):
        return getattr(self._item, name)

    def get_content(self, siteurl):
        key = (id(self._item), siteurl)
        if key not in self._memo:
            page_url = f"{self._site_url.rstrip('/')}/{self._item.url}"
            self._memo[key] = (self._item, feed_html(self._item.get_content(siteurl), self._site_url, page_url))
        return self._memo[key][1]

    @property
    def summary(self):
        # A summary cut from the content may hold half a figure: charts belong
        # to the full content only.
        return FIGURE_RE.sub("", self._item.summary)


class ChartFeedWriter(FeedWriter):
    def feed_item(self, item):
        memo = self.__dict__.setdefault("_datacharts_memo", {})
        return _FeedItem(item, self.site_url, memo)
