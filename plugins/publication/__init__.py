"""publication: this site's own plugin, what it needs beyond its pages.

- French typography in the prose (``typography``);

- ``sitemap.xml`` and ``robots.txt``; the sitemap's dates come from the
  content (or ``SOURCE_DATE_EPOCH``), never from the clock, so two builds of
  the same input are identical (pelican-sitemap stamps pages with "now");
  a ``robots.txt`` the site's own content produces is kept;
- a check that every internal link and anchor leads somewhere: the
  ``{filename}`` links of the sources before anything is written
  (``sourcelinks``), every link of the written pages after (``linkcheck``).
  A broken link is an editor's error, reported with the chart plugin's;
- the site's social card for pages without a chart (``sitecard``);
- the Pagefind search index, built over the finished output with the
  ``pagefind`` package's own binary, so the search page works with no server.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from xml.sax.saxutils import escape

from pelican import signals

from . import sourcelinks
from .outputpages import OutputPages

# Items of these statuses are written, but for their editors only.
UNLISTED = ("draft", "hidden")


def charts_dir(settings) -> str:
    """The output folder of the chart plugin's files (its setting, over its default)."""
    from datacharts_engine.settings import read_settings

    return read_settings(settings)["output_dir"]


def check_internal_links(pelican, earlier: list | None = None, pages_of: OutputPages | None = None) -> None:
    """Fail on broken links; ``earlier``: the build's other mistakes, reported
    with them (a staged build that wrote its pages despite them)."""
    from .linkcheck import check_links, fail

    root = Path(pelican.settings["PATH"]).resolve().parent
    sources = {p: (os.path.relpath(src, root), Path(src)) for p, src in _record.sources.items() if src}
    cache = _cache_root(pelican.settings) / "linkcheck.pickle"
    errors = check_links(
        Path(pelican.output_path),
        pelican.settings.get("SITEURL", ""),
        sources,
        cache,
        skip=frozenset({"pagefind"}),
        one_page_of=frozenset({charts_dir(pelican.settings)}),
        unwritten=("pagefind/",) if earlier else (),
        pages_of=pages_of,
    )
    if earlier:
        # A {filename} or {static} link reported before the pages were written
        # is in them too (as written, or resolved to nothing): once is enough.
        flagged = {(e.path, e.line) for e in earlier if e.message.startswith("le lien ")}
        errors = [e for e in errors if (e.path, e.line) not in flagged]
    if errors or earlier:
        fail([*(earlier or ()), *errors])


class BuildRecord:
    """What one build wrote through Pelican (``content_written``) and which
    files its static generator copies; reset when each build starts."""

    def __init__(self):
        self.start(None)

    def start(self, pelican) -> None:
        self.pages: dict[str, object] = {}
        self.sources: dict[str, str] = {}
        self.written: set[str] = set()
        self.static = None
        self.output = Path(pelican.output_path) if pelican is not None else None
        self._real_output = self._prefix = None

    def record(self, path, context) -> None:
        if self._real_output is None:
            self._real_output = os.path.realpath(self.output)
            self._prefix = os.path.abspath(self.output).replace(os.sep, "/").rstrip("/") + "/"
        path = str(path)
        if path.startswith(self._prefix) and "/../" not in path and "/./" not in path:
            # Pelican's writer gives the page's absolute path under the output
            # (sanitised_join): cut, not resolved: once per page written.
            relative = path[len(self._prefix) :]
        else:
            relative = os.path.relpath(os.path.realpath(path), self._real_output).replace(os.sep, "/")
        self.written.add(relative)
        if not relative.endswith(".html"):
            return
        self.pages[relative] = context.get("article") or context.get("page")
        self.sources[relative] = getattr(self.pages[relative], "source_path", None)

    def record_static(self, generator) -> None:
        self.static = generator

    def produced(self, relative: str) -> bool:
        """Whether the site's own content, templates or static files make this output file."""
        if relative in self.written:
            return True
        # Read when the build ends: {attach} links may have moved a static file.
        files = getattr(self.static, "staticfiles", None) or []
        return any(Path(f.save_as).as_posix() == relative for f in files)

    def write_sitemap(self, pelican) -> None:
        """Every page written but drafts, hidden items and the chart plugin's files
        (embed pages: readers land on the article, not on them)."""
        siteurl = pelican.settings.get("SITEURL", "").rstrip("/")
        excluded = (*pelican.settings.get("SITEMAP_EXCLUDE", ()), f"{charts_dir(pelican.settings)}/")
        listed = {
            relative: obj
            for relative, obj in self.pages.items()
            if not relative.startswith(excluded) and getattr(obj, "status", None) not in UNLISTED
        }
        dates = [getattr(o, "modified", None) or getattr(o, "date", None) for o in listed.values()]
        dates = [d for d in dates if d is not None]
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        fallback = datetime.fromtimestamp(int(epoch), UTC) if epoch else (max(dates) if dates else None)
        urls = []
        for relative, obj in sorted(listed.items()):
            when = getattr(obj, "modified", None) or getattr(obj, "date", None) or fallback
            loc = siteurl + "/" + (relative[: -len("index.html")] if relative.endswith("index.html") else relative)
            lastmod = f"<lastmod>{when.date().isoformat()}</lastmod>" if when else ""
            urls.append(f"<url><loc>{escape(loc)}</loc>{lastmod}</url>")
        xml = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + "\n".join(urls) + "\n</urlset>\n"
        )
        (Path(pelican.output_path) / "sitemap.xml").write_text(xml, encoding="utf-8")


def write_headers(pelican) -> None:
    """``_headers`` (Netlify, Cloudflare Pages): the CSP as an HTTP header, where
    frame-ancestors works. Chart embed pages may be framed by partner sites,
    every other page only by the site itself. Those hosts apply every rule
    whose path matches, joining the values of a header named twice: two
    policies would then apply, the stricter blocking every embed; hosts that
    apply the first match only would miss headers of a global rule. So no
    path matches two rules: the site's pages get one rule per top-level file
    or folder of the output, the chart folder its own, each with every header."""
    csp = pelican.settings.get("CSP")
    if not csp:
        return
    output = Path(pelican.output_path)
    charts = charts_dir(pelican.settings)
    common = "  X-Content-Type-Options: nosniff\n  Referrer-Policy: strict-origin-when-cross-origin\n"
    own = f"  Content-Security-Policy: {csp}; frame-ancestors 'self'\n{common}"
    rules = [f"/\n{own}"]
    for entry in sorted(output.iterdir(), key=lambda e: e.name):
        if entry.name == charts or entry.name == "_headers":
            continue
        if entry.is_dir():
            rules.append(f"/{entry.name}/*\n{own}")
        else:
            rules.append(f"/{entry.name}\n{own}")
            if entry.suffix == ".html":  # served at /name too (pretty URLs)
                rules.append(f"/{entry.stem}\n{own}")
    rules.append(f"/{charts}/*\n  Content-Security-Policy: {csp}; frame-ancestors *\n{common}")
    (output / "_headers").write_text("\n".join(rules), encoding="utf-8")


def write_robots(pelican) -> None:
    """Ours, unless the site's content already makes one (a static file, a template page)."""
    if _record.produced("robots.txt"):
        return
    siteurl = pelican.settings.get("SITEURL", "").rstrip("/")
    lines = ["User-agent: *", "Allow: /", ""]
    if siteurl.startswith("http"):
        lines.insert(2, f"Sitemap: {siteurl}/sitemap.xml")
    Path(pelican.output_path, "robots.txt").write_text("\n".join(lines), encoding="utf-8")


def index_search(pelican, pages_of: OutputPages | None = None) -> None:
    """Pagefind over the finished output; reused as is when what it reads is unchanged."""
    from .searchview import glob_regex, pages_read, view_digests

    if not pelican.settings.get("PAGEFIND", True):
        return
    output = Path(pelican.output_path)
    pattern = pelican.settings.get("PAGEFIND_GLOB", "**/*.html")
    # The index depends only on what Pagefind reads of the pages it selects.
    digest = hashlib.sha256(f"{importlib.metadata.version('pagefind')} {pattern}".encode())
    # Pagefind's own configuration: its environment variables, its config file.
    for name, value in sorted(os.environ.items()):
        if name.startswith("PAGEFIND_"):
            digest.update(f"{name}={value}\0".encode())
    for config in ("pagefind.yml", "pagefind.yaml", "pagefind.json", "pagefind.toml"):
        if Path(config).is_file():
            digest.update(config.encode() + b"\0" + Path(config).read_bytes() + b"\0")
    selected = glob_regex(pattern)
    pages_of = pages_of or OutputPages(output)
    pages = {
        relative: pages_of.read(relative)
        for relative in sorted(pages_of.files())
        if relative.endswith(".html") and (selected is None or selected.match(relative))
    }
    cache_root = _cache_root(pelican.settings)
    views = view_digests(pages_read(pages), cache_root / "pagefind-views.pickle")
    for relative, view in sorted(views.items()):
        digest.update(relative.encode() + b"\0" + view + b"\0")
    cached = cache_root / "pagefind" / digest.hexdigest()
    if cached.is_dir():  # complete: it is renamed into place once copied
        shutil.copytree(cached, output / "pagefind", copy_function=_link_or_copy)
        return
    done = subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(output), "--glob", pattern, "--silent"],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"Pagefind could not index the site: {done.stderr.strip() or done.stdout.strip()}")
    shutil.rmtree(cache_root / "pagefind", ignore_errors=True)  # only the latest index is worth keeping
    partial = cached.with_name(f".{cached.name}.{os.getpid()}")
    shutil.copytree(output / "pagefind", partial)
    os.replace(partial, cached)  # a copy cut short is never taken for an index


def _cache_root(settings) -> Path:
    root = Path(settings.get("CACHE_PATH", "cache"))
    return root if root.is_absolute() else Path(settings["PATH"]).resolve().parent / root


def _link_or_copy(source, target):
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


_record = BuildRecord()
_sources = sourcelinks.SourceLinks()


def register():
    from .typography import add_to_markdown

    signals.initialized.connect(add_to_markdown)
    signals.get_generators.connect(_record.start)  # once per build, autoreload included
    signals.get_generators.connect(_sources.start)
    signals.article_generator_finalized.connect(_sources.add)
    signals.page_generator_finalized.connect(_sources.add)
    # The last generator to read: every content and static file is known, nothing is written yet.
    signals.static_generator_finalized.connect(_record.record_static)
    signals.static_generator_finalized.connect(_sources.check)
    signals.all_generators_finalized.connect(_sources.stop_if_broken)
    signals.content_written.connect(_record.record)
    signals.finalized.connect(finish)


def finish(pelican) -> None:
    """In this order: the search index must exist before links to it are checked."""
    from datacharts_engine.state import deferred_errors

    from .sitecard import write_site_card

    earlier = deferred_errors(pelican.settings)
    pages_of = OutputPages(Path(pelican.output_path))  # both checks read every page: once
    if earlier:
        # A staged build with editors' mistakes: its pages are thrown away, and
        # were written only for their links to be checked with the mistakes.
        check_internal_links(pelican, earlier, pages_of)
    _record.write_sitemap(pelican)
    write_robots(pelican)
    write_site_card(pelican, _cache_root(pelican.settings))
    index_search(pelican, pages_of)
    write_headers(pelican)  # after the search index: its folder gets its rule
    check_internal_links(pelican, pages_of=pages_of)
