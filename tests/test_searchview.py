"""What is left out of the search index's cache key: only what Pagefind never reads."""

from __future__ import annotations

import pytest
from publication.searchview import glob_regex, search_view


@pytest.mark.parametrize(
    ("html", "kept", "dropped"),
    [
        ('<p>a</p><div data-pagefind-ignore="all"><p>redrawn 62</p></div><p>b</p>', ["<p>a</p>", "<p>b</p>"], ["62"]),
        ("<p>a</p><script type='application/json'>{\"v\": 62}</script>", ["<p>a</p>"], ["62"]),
        ("<svg><text>62</text></svg><p>b</p>", ["<p>b</p>"], ["62"]),
        # Pagefind keeps images and metadata of a plain ignore: so does the view.
        ('<div data-pagefind-ignore><img src="/a.png"></div>', ["/a.png"], []),
        # Metadata on the ignored element itself.
        ('<div data-pagefind-ignore="all" data-pagefind-meta="k:v">x</div>', ["k:v"], []),
        # A void element ends at once: the text after it stays.
        ('<img src="/a.png" data-pagefind-ignore="all"><p>after</p>', ["<p>after</p>"], ["/a.png"]),
        # Nested elements of the same name close the right one.
        ('<div data-pagefind-ignore="all"><div>x</div>y</div><p>z</p>', ["<p>z</p>"], ["y"]),
    ],
)
def test_the_view_keeps_what_pagefind_reads(html, kept, dropped):
    view = search_view(html)
    assert all(k in view for k in kept), view
    assert not any(d in view for d in dropped), view


def test_the_glob_selects_as_pagefind_does():
    selected = glob_regex("{*.html,donnees/*.html}")
    assert selected.match("index.html") and selected.match("donnees/usages.html")
    assert not selected.match("graphiques/x.html") and not selected.match("a/b/c.html")
    assert glob_regex("**/*.html").match("a/b/c.html")
    assert glob_regex("[ab].html") is None  # not handled: every page is taken
