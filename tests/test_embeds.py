"""A chart's embed page as a build writes it: the site's stylesheet, links
that open in the reader's window, the height script, and the snippet that
listens to it (the browser side: tests/browser/test_embed_browser.py)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.slow


def test_the_embed_page_and_its_snippet(usages_site):
    assert usages_site.build() == 0
    figure = usages_site.page("essai.html").select_one("figure.datachart")
    snippet = figure.select_one(".datachart-embed-code code").get_text()
    src = re.search(r'<iframe src="([^"]+)"', snippet).group(1)
    assert "data-datacharts-embed" in snippet and 'd.datacharts!=="height"' in snippet
    embed = usages_site.page(urlsplit(src).path.lstrip("/"))
    assert embed.select_one("base")["target"] == "_top"
    sheets = [link["href"] for link in embed.select('link[rel="stylesheet"]')]
    assert "/theme/css/site.css" in sheets
    scripts = [script["src"] for script in embed.select("script[src]")]
    assert "../datacharts-embed.js" in scripts  # from graphiques/essai/ to the plugin's files
    script = usages_site.output / "graphiques" / "datacharts-embed.js"
    assert "postMessage" in script.read_text(encoding="utf-8")
    # The title is text there: a link to its own anchor would leave the host's page.
    assert embed.select_one(".datachart-title a") is None
    assert figure.select_one(".datachart-title a")["href"].startswith("#")
