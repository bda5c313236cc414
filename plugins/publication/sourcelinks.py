"""The ``{filename}``, ``{static}`` and ``{attach}`` links of the sources,
checked before anything is written.

Such a link names a source file, so whether it leads somewhere is known as
soon as every generator has read its files (Pelican's static generator reads
last), before a page is written. A broken one is then an editor's error like
any other: handed to the chart plugin, which reports it with the mistakes of
the charts and stops the build, all in one run. Links only the written pages
can tell apart (a plain URL, an anchor) are ``linkcheck``'s, after writing.

Pelican resolves these links itself when it writes a page, and only logs a
warning for a missing one; the lookup below is its own (``Content._link_replacer``
in Pelican 4.12: the path as written, unquoted, then HTML-unescaped; relative
to the source's folder unless it starts with ``/``; ``{filename}`` may name a
static file too).
"""

from __future__ import annotations

import difflib
import os
from html import unescape
from pathlib import Path
from urllib.parse import unquote, urlparse

from datacharts_engine.errors import EditorError
from pelican.plugins.datacharts.pelican_compat import content_items

from .linkcheck import NOWHERE, fail, line_of

WHERE = {"filename": ("generated_content", "static_content"), "static": ("static_content",)}
WHERE["attach"] = WHERE["static"]


class SourceLinks:
    """One build's check: the article and page generators are collected as they
    finish reading, their items checked once the static files are known too."""

    def __init__(self):
        self.generators: list = []
        self.pending: list[EditorError] = []

    def start(self, pelican) -> None:
        self.generators, self.pending = [], []

    def add(self, generator) -> None:
        self.generators.append(generator)

    def check(self, static_generator) -> None:
        from datacharts_engine.state import STATE_KEY

        settings = static_generator.settings
        root = Path(settings["PATH"]).resolve().parent
        errors = broken_links(content_items(self.generators), static_generator.context, root)
        state = settings.get(STATE_KEY)
        if state is None:  # no chart plugin in this build: stopped by stop_if_broken
            self.pending = errors
            return
        # The chart plugin stops the build on all_generators_finalized, next,
        # printing these with its own mistakes.
        for error in errors:
            state.report(error)

    def stop_if_broken(self, generators) -> None:
        if self.pending:
            fail(self.pending)


def broken_links(items, context: dict, root: Path) -> list[EditorError]:
    """An error for each link of an item's text that names no file of the site."""
    errors = []
    for item in items:
        texts = [item._content or ""]  # its HTML before Pelican's link pass (Pelican 4.12)
        if isinstance(item.metadata.get("summary"), str):
            texts.append(item.metadata["summary"])
        shown = os.path.relpath(item.source_path, root)
        reported = set()
        for text in texts:
            for match in item._get_intrasite_link_regex().finditer(text):
                what, written = match.group("what"), match.group("path")
                if what not in WHERE or written in reported or _target(item, what, match.group("value"), context):
                    continue
                reported.add(written)
                hint = _closest(item, what, match.group("value"), context)
                fix = (
                    f"vouliez-vous dire « {written.removesuffix(match.group('value'))}{hint} » ?"
                    if hint
                    else "le chemin part du dossier de ce fichier (de content/ s'il commence par « / »)"
                )
                line = line_of(Path(item.source_path), unescape(written))
                errors.append(EditorError(f"le lien « {unescape(written)} » {NOWHERE} ; {fix}", shown, line))
    return errors


def _target(item, what: str, value: str, context: dict):
    """The content or static file the link names, or None."""
    url = urlparse(value)
    paths = dict.fromkeys([url.path, unquote(url.path), urlparse(unescape(value)).path])
    for key in WHERE[what]:
        for path in paths:
            found = _existing(context, key).get(_source_key(item, path))
            if found is not None:
                return found
    return None


def _existing(context: dict, key: str) -> dict:
    """Pelican's sources of one kind that exist: it makes a static file of every
    {static} and {attach} link, whether the file is there or not."""
    known = context.get(key, {})
    if key == "generated_content":
        return known
    return {path: item for path, item in known.items() if Path(item.source_path).is_file()}


def _source_key(item, path: str) -> str:
    if path.startswith("/"):
        return path[1:]
    return item.get_relative_source_path(os.path.join(item.relative_dir, path))


def _closest(item, what: str, value: str, context: dict) -> str | None:
    """The file of the same kind closest to what was written, as the editor would write it."""
    keys = [key for key in _existing(context, WHERE[what][0]) if key != item.get_relative_source_path()]
    path = urlparse(unescape(value)).path
    if path.startswith("/"):
        known = [f"/{key}" for key in keys]
    else:
        known = [os.path.relpath(key, item.relative_dir or ".").replace(os.sep, "/") for key in keys]
    close = difflib.get_close_matches(path, known, n=1)
    if not close:
        return None
    fragment = urlparse(unescape(value)).fragment
    return close[0] + (f"#{fragment}" if fragment else "")
