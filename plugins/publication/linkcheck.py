"""Every internal link and anchor of the built site must lead somewhere.

Run over the finished output, before it is swapped in: a Markdown link to a
missing article or file fails the build, naming the source file and line.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

SKIP_DIRS = {"pagefind"}
EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.I)


class BrokenLinks(Exception):
    def __init__(self, problems: list[str]):
        self.problems = problems
        count = len(problems)
        super().__init__(
            "\n".join([*problems, f"{count} lien{'s' if count > 1 else ''} interne{'s' if count > 1 else ''} "
                       "cassé" + ("s" if count > 1 else "") + " ; le site n'a pas été publié."])
        )  # fmt: skip


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("name"):
            self.ids.add(attrs["name"])
        for name in ("href", "src"):
            if attrs.get(name) and tag in ("a", "link", "script", "img", "iframe", "source"):
                self.links.append(attrs[name])


def check_links(output: Path, siteurl: str, sources: dict[str, tuple[str, Path]]) -> list[str]:
    """Problems as sentences; ``sources`` maps an output page to its source
    file (as shown, and its path). A link broken in an article and in the
    listings that quote its summary is reported once, at the article."""
    pages: dict[Path, _Page] = {}
    for path in sorted(output.rglob("*.html")):
        if SKIP_DIRS & set(path.relative_to(output).parts):
            continue
        parser = _Page()
        parser.feed(path.read_text(encoding="utf-8"))
        pages[path] = parser
    broken: dict[str, list[tuple[Path, str]]] = {}
    for path, parser in pages.items():
        for link in parser.links:
            target, fragment = _resolve(output, path, link, siteurl)
            if target is None:
                continue
            if not target.exists():
                broken.setdefault(link, []).append((path, "ne mène à aucun fichier du site"))
            elif fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else set()
                if unquote(fragment) not in ids:
                    broken.setdefault(link, []).append((path, f"vise une ancre « #{fragment} » absente"))
    problems = []
    for link, places in broken.items():
        sourced = [p for p in places if p[0].relative_to(output).as_posix() in sources]
        for path, problem in sourced or places:
            problems.append(_sentence(output, path, link, problem, sources))
    return list(dict.fromkeys(problems))  # a page may show the same link twice (lede and body)


def _resolve(output: Path, page: Path, link: str, siteurl: str):
    if siteurl and link.startswith(siteurl):
        link = link[len(siteurl) :] or "/"
    if EXTERNAL.match(link) and not link.startswith("{"):
        return None, None
    parts = urlsplit(link)
    if not parts.path:
        return page, parts.fragment
    raw = unquote(parts.path)
    target = output / raw.lstrip("/") if raw.startswith("/") else page.parent / raw
    if target.is_dir():
        target = target / "index.html"
    return target.resolve(), parts.fragment


def _sentence(output: Path, page: Path, link: str, problem: str, sources: dict[str, str]) -> str:
    relative = page.relative_to(output).as_posix()
    shown, source = sources.get(relative, (relative, None))
    where = shown
    if source and source.exists():
        for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), start=1):
            if _link_text(link) in line:
                where = f"{shown}:{number}"
                break
    return f"{where}: le lien « {link} » {problem} ; corrigez la cible (page {relative})"


def _link_text(link: str) -> str:
    """What an editor wrote for this link, as far as it can be told."""
    for marker in ("{filename}", "{static}", "{attach}"):
        if link.startswith(marker):
            return link[len(marker) :]
    return link.rsplit("/", 1)[-1] or link
