"""What Pagefind reads of a page, so its index is reused when that is unchanged.

Pagefind indexes the pages its glob selects, minus the elements marked
``data-pagefind-ignore``. A data update redraws charts and their tables, which
the templates mark so: the text Pagefind reads is the same, and so is its
index. The view kept here is a superset of what Pagefind reads (an ignored
element holding Pagefind attributes is kept whole), so the index is reused
only when it would come out the same (tested against a fresh index).
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from pathlib import Path

from . import picklecache

# Pagefind 1.x does not read these (REMOVE_SELECTORS in its fossick/parser.rs,
# less head, footer and nav: kept here, to stay on the safe side).
NOT_READ = ("script", "style", "noscript", "template", "svg", "iframe")
RAW_TEXT = {"script", "style"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Only ="all" leaves an element wholly out; a plain data-pagefind-ignore keeps
# its images and metadata for Pagefind, so such an element stays in the view.
SKIPPED_RE = re.compile(
    rf"<({'|'.join(NOT_READ)})\b[^>]*>"
    r"|<([a-zA-Z][\w-]*)\b[^>]*\bdata-pagefind-ignore\s*=\s*[\"']all[\"'][^>]*>",
    re.I,
)
HTML_TAG_RE = re.compile(r"<html\b[^>]*>", re.I)
TITLE_RE = re.compile(r"<title\b[^>]*>.*?</title>", re.I | re.S)
HEAD_TAG_RE = re.compile(r"<[^>]*\bdata-pagefind-[^>]*>")
BODY_RE = re.compile(r"<body\b", re.I)
FORMAT = hashlib.sha256(Path(__file__).read_bytes()).digest()


def page_view(html: str) -> str:
    """What Pagefind may read of a page: the language, the title, Pagefind's
    own attributes in the head, and the body without its ignored elements
    (the head's other tags, such as the social card's URL, are not read)."""
    body = BODY_RE.search(html)
    if body is None:
        return search_view(html)
    head = html[: body.start()]
    parts = HTML_TAG_RE.findall(head) + TITLE_RE.findall(head) + HEAD_TAG_RE.findall(head)
    return "\n".join(parts) + "\n" + search_view(html[body.start() :])


def pages_read(pages: dict[str, bytes]) -> dict[str, bytes]:
    """Of the pages Pagefind's glob selects, those it indexes: when one page
    has data-pagefind-body, Pagefind leaves out the pages that have none."""
    if any(b"data-pagefind-body" in html for html in pages.values()):
        return {name: html for name, html in pages.items() if b"data-pagefind-body" in html}
    return pages


def view_digests(pages: dict[str, bytes], store: Path | None = None) -> dict[str, bytes]:
    """Each page's view, hashed. ``store`` keeps the digests under the hash of
    the page's bytes (and of this module): a rebuild reads again only the
    pages that changed."""
    known = picklecache.load(store)
    seen, digests = {}, {}
    for relative, raw in pages.items():
        key = hashlib.sha256(FORMAT + raw).digest()
        view = known.get(key)
        if not isinstance(view, bytes):
            html = raw.decode("utf-8", "surrogateescape")
            view = hashlib.sha256(page_view(html).encode("utf-8", "surrogateescape")).digest()
        digests[relative] = seen[key] = view
    picklecache.save(store, seen)
    return digests


def search_view(html: str) -> str:
    """The page without what Pagefind leaves out: elements marked
    data-pagefind-ignore="all", and those it never reads (scripts, SVG…)."""
    kept, pos = [], 0
    while True:
        match = SKIPPED_RE.search(html, pos)
        if match is None:
            break
        tag = (match.group(1) or match.group(2)).lower()
        if tag in VOID or match.group(0).endswith("/>"):
            end = match.end()
        elif tag in RAW_TEXT:  # ends at the first closing tag, as HTML parsers do
            close = re.compile(rf"</{tag}\s*>", re.I).search(html, match.end())
            end = close.end() if close else len(html)
        else:
            end = _element_end(html, tag, match.end())
        element = html[match.start() : end]
        kept.append(html[pos : match.start()])
        if "data-pagefind-" in re.sub(r"data-pagefind-ignore(?:\s*=\s*[\"'][^\"']*[\"'])?", "", element):
            kept.append(element)  # holds Pagefind metadata or filters: kept whole
        pos = end
    kept.append(html[pos:])
    return "".join(kept)


@cache
def _tag_re(tag: str) -> re.Pattern:
    return re.compile(rf"<(/?){re.escape(tag)}\b[^>]*?(/?)>", re.I)


def _element_end(html: str, tag: str, start: int) -> int:
    depth, pos = 1, start
    pattern = _tag_re(tag.lower())
    while depth:
        match = pattern.search(html, pos)
        if match is None:
            return len(html)
        if match.group(1):
            depth -= 1
        elif not match.group(2):
            depth += 1
        pos = match.end()
    return pos


def glob_regex(pattern: str) -> re.Pattern | None:
    """Pagefind's --glob as a regex over output-relative paths (None: a form
    not handled here, and every page is taken)."""
    if any(c in pattern for c in "[]!"):
        return None
    out, i = [], 0
    while i < len(pattern):
        c = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        out.append({"*": "[^/]*", "?": "[^/]", "{": "(?:", "}": ")", ",": "|"}.get(c, re.escape(c)))
        i += 1
    try:
        return re.compile("".join(out) + r"\Z")
    except re.error:
        return None
