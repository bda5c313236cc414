"""Every internal link and anchor of the built site must lead somewhere.

Run over the finished output, before it is swapped in: a link to a missing
page or anchor is an editor's error naming the source file and line, and the
build fails as on the chart plugin's own errors (``fail``).
"""

from __future__ import annotations

import hashlib
import posixpath
import re
import sys
from html import unescape
from pathlib import Path
from urllib.parse import unquote, urlsplit

from datacharts_engine.errors import BuildFailed, EditorError

from . import picklecache
from .outputpages import OutputPages

_EMPTY = type("_Empty", (), {"ids": frozenset()})()
# Cached pages are read again whenever this file changes.
FORMAT = hashlib.sha256(Path(__file__).read_bytes()).digest()
EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.I)
NOWHERE = "ne mène à aucun fichier du site"


def fail(errors: list[EditorError]) -> None:
    """Stop the build as the chart plugin does: every mistake, sorted, then the summary."""
    failure = BuildFailed(sorted(errors, key=lambda e: (e.path or "", e.line or 0, e.message)))
    # Printed, not logged: rich would wrap the sentences at 80 columns.
    print(failure.report(), file=sys.stderr, flush=True)
    raise failure


# Our pages are written by our templates: attributes are always double-quoted,
# so two regular expressions read them ten times faster than an HTML parser
# (a no-op rebuild reads every page).
ID_RE = re.compile(r'<[a-zA-Z][^>]*?\s(?:id|name)="([^"]+)"')
LINK_RE = re.compile(r'<(?:a|link|script|img|iframe|source)\b[^>]*?\s(?:href|src)="([^"]*)"')
SCRIPT_DATA_RE = re.compile(r'<script type="application/json"[^>]*>.*?</script>', re.S)
# A chart's inline SVG holds no link a reader follows; its own ids are kept
# (a permalink targets the <figure>, outside it).
SVG_BODY_RE = re.compile(r"(<svg\b[^>]*>).*?</svg>", re.S)


class _Page:
    ids: set[str]

    def __init__(self, html: str):
        html = SVG_BODY_RE.sub(r"\1", SCRIPT_DATA_RE.sub("", html))
        self.ids = {unescape(v) for v in ID_RE.findall(html)}
        self.links = [unescape(v) for v in LINK_RE.findall(html) if v]


def check_links(
    output: Path,
    siteurl: str,
    sources: dict[str, tuple[str, Path]],
    cache: Path | None = None,
    skip: frozenset[str] = frozenset({"pagefind"}),
    one_page_of: frozenset[str] = frozenset(),
    unwritten: tuple[str, ...] = (),
    pages_of: OutputPages | None = None,
) -> list[EditorError]:
    """An error per broken link; ``sources`` maps an output page to its source
    file (as shown, and its path). A link broken in an article and in the
    listings that quote its summary is reported once, at the article.

    ``cache`` is a file keeping each page's links and ids under the hash of
    its bytes: a rebuild reads again only the pages that changed. The pages
    of the top folders named in ``skip`` are not read (Pagefind's); of those
    in ``one_page_of``, only the first: the chart plugin's embed pages come
    from one template, and their figures' links are the articles' own.
    Links into the folders named in ``unwritten`` (output not made by this
    build) are not checked. ``pages_of`` reads the pages (one shared with
    the search index's check reads each once)."""
    pages_of = pages_of or OutputPages(output)
    files = pages_of.files()
    known = picklecache.load(cache)
    seen = {}
    pages: dict[str, _Page] = {}
    sampled = set()
    for relative in sorted(files):
        top = relative.split("/", 1)[0]
        if top in one_page_of and "/" in relative and relative.endswith(".html"):
            if top in sampled:
                continue
            sampled.add(top)
        if relative.endswith(".html") and top not in skip:
            raw = pages_of.read(relative)
            key = hashlib.sha256(FORMAT + raw).hexdigest()
            page = known.get(key)
            if not isinstance(page, _Page):
                page = _Page(raw.decode("utf-8"))
            pages[relative] = seen[key] = page
    picklecache.save(cache, seen)
    broken: dict[str, list[tuple[str, str]]] = {}
    resolved: dict[tuple[str, str], tuple] = {}  # pages share most links (menus, listings)
    for page, parsed in pages.items():
        folder = posixpath.dirname(page)
        for link in parsed.links:
            if link.startswith(("#", "?")):  # this very page: not shared with the folder
                target, fragment = _resolve(page, link, siteurl)
            else:
                key = (folder, link)
                if key not in resolved:
                    resolved[key] = _resolve(page, link, siteurl)
                target, fragment = resolved[key]
            if target is None or target.startswith(unwritten):
                continue
            if target not in files and f"{target}/index.html".lstrip("/") not in files:
                broken.setdefault(link, []).append((page, NOWHERE))
            elif fragment and target.endswith(".html") and unquote(fragment) not in pages.get(target, _EMPTY).ids:
                broken.setdefault(link, []).append((page, f"vise une ancre « #{fragment} » absente"))
    errors = {}
    for link, places in broken.items():
        sourced = [p for p in places if p[0] in sources]
        # An article page may quote another's summary (« à lire aussi »): the
        # link is reported where it was written, when a source holds it.
        written = [p for p in sourced if line_of(sources[p[0]][1], _link_text(link)) is not None]
        sourced = written or sourced
        for page, problem in sourced or places:
            error = _error(page, link, problem, sources)
            errors.setdefault(str(error), error)  # a page may show the same link twice (lede and body)
    return list(errors.values())


def _resolve(page: str, link: str, siteurl: str):
    """(output-relative target, fragment), or (None, None) for external links."""
    if siteurl and link.startswith(siteurl):
        link = link[len(siteurl) :] or "/"
    if EXTERNAL.match(link) and not link.startswith("{"):
        return None, None
    parts = urlsplit(link)
    if not parts.path:
        return page, parts.fragment
    raw = unquote(parts.path)
    joined = raw.lstrip("/") if raw.startswith("/") else posixpath.join(posixpath.dirname(page), raw)
    target = posixpath.normpath(joined)
    if raw.endswith("/") or target == ".":
        target = posixpath.join(target, "index.html").removeprefix("./")
    return target, parts.fragment


def _error(relative: str, link: str, problem: str, sources: dict[str, tuple[str, Path]]) -> EditorError:
    shown, source = sources.get(relative, (relative, None))
    line = line_of(source, _link_text(link)) if source else None
    page = f" (page {relative})" if shown != relative else ""
    return EditorError(f"le lien « {link} » {problem} ; corrigez la cible{page}", shown, line)


def line_of(source: Path, text: str) -> int | None:
    """The first line of a source file holding ``text`` (None: none does)."""
    if not source.exists():
        return None
    for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), start=1):
        if text in line:
            return number
    return None


def _link_text(link: str) -> str:
    """What an editor wrote for this link, as far as it can be told."""
    for marker in ("{filename}", "{static}", "{attach}"):
        if link.startswith(marker):
            return link[len(marker) :]
    return link.rsplit("/", 1)[-1] or link
