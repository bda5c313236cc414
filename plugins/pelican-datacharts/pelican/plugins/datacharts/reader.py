"""Pelican's Markdown reader, told which file it reads (for error messages),
reading dates as French editors type them, and refusing an article without a title.

Pelican reads ``05/03/2024`` month first (dateutil) and does not know
« 5 mars 2024 »; an article without ``Title:`` is skipped with an English
log line and the build goes on. Here both are the editor's: a date is day
first, and a mistake is an ``EditorError`` at the header's line.
"""

from __future__ import annotations

import os
import re

from datacharts_engine.errors import EditorError
from datacharts_engine.frenchdate import MONTHS
from datacharts_engine.inline_values import INLINE_RE, normal, plain
from datacharts_engine.placeholders import placeholder
from datacharts_engine.state import get_state
from datacharts_engine.yamlsrc import load_yaml

from .markdown_ext import FRENCH_KEYS, UNCLOSED, ChartExtension
from .pelican_compat import ReaderWithExtension

DATE_KEYS = ("date", "modified")
_MONTH = {name: number for number, name in enumerate(MONTHS, 1)}
_MONTH.update({"fevrier": 2, "aout": 8, "decembre": 12})
# The abbreviations the French typographic rules give (« 5 sept. 2024 »), with or without the point.
_MONTH.update({f"{a}{dot}": n for a, n in (("janv", 1), ("févr", 2), ("fevr", 2), ("avr", 4), ("juil", 7),
    ("sept", 9), ("oct", 10), ("nov", 11), ("déc", 12), ("dec", 12)) for dot in ("", ".")})  # fmt: skip
_TIME = r"(?:\s+(?:à\s+)?(?P<hour>\d{1,2})[:h](?P<minute>\d{2})?)?"
SLASHED_RE = re.compile(r"^(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>\d{4})" + _TIME + "$")
WORDS_RE = re.compile(r"^(?P<day>\d{1,2})(?P<er>er)?\s+(?P<month>[^\W\d_]+\.?)\s+(?P<year>\d{4})" + _TIME + "$", re.I)
ISO_RE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?$")
ACCEPTED = "écrivez-la 2024-03-05, 05/03/2024 (jour/mois/année) ou 5 mars 2024 (1er mars 2024), heure facultative"


class ImpossibleDate(ValueError):
    """A date written the right way that the calendar does not have (31/02/2024)."""


def french_date(value: str):
    """'05/03/2024' -> 5 March 2024; '5 mars 2024', '1er mars 2024 à 14h30'; ISO
    8601. ``ValueError`` for anything else."""
    from pelican.utils import SafeDatetime, get_date

    text = " ".join(value.replace("_", " ").split())
    if ISO_RE.match(text):
        try:
            return get_date(text)
        except (ValueError, OverflowError):
            raise ImpossibleDate(text) from None
    match = SLASHED_RE.match(text) or WORDS_RE.match(text)
    if not match:
        raise ValueError(text)
    month = match.group("month")
    month = int(month) if month.isdigit() else _MONTH.get(month.lower())
    day = int(match.group("day"))
    if month is None or (match.groupdict().get("er") and day != 1):
        raise ValueError(text)
    hour, minute = int(match.group("hour") or 0), int(match.group("minute") or 0)
    try:
        return SafeDatetime(int(match.group("year")), month, day, hour, minute)
    except ValueError:
        raise ImpossibleDate(text) from None


def title_from_path(settings: dict) -> bool:
    """Whether Pelican may take a title from the file's name or path instead."""
    patterns = [settings.get("FILENAME_METADATA") or "", settings.get("PATH_METADATA") or ""]
    extra = settings.get("EXTRA_PATH_METADATA") or {}
    return any("(?P<title>" in p for p in patterns) or any("title" in meta for meta in extra.values())


STATUSES = ("published", "draft", "hidden", "skip")
LANG_RE = re.compile(r"^[a-zA-Z]{2,3}(?:[-_][a-zA-Z0-9]{2,8})*$")
URL_UNSAFE_RE = re.compile(r"[\s?#\"'<>\\]")


def header_mistakes(metadata: dict, settings: dict):
    """(key, French sentence) for each header value Pelican would choke on or
    publish wrong: it skips an unknown status with an English log line, fails
    on a missing template with no file named, writes outside the output for a
    ``Save_as`` leaving it, takes any word as a language (a translation page)."""
    from pelican.utils import slugify

    status = metadata.get("status")
    if isinstance(status, str) and status.lower() not in STATUSES:
        yield (
            "status",
            (
                f"statut « {status} » inconnu ; écrivez « Status: draft » (brouillon, non listé), "
                "« Status: hidden » (publié sans être listé) ou retirez la ligne (publié)"
            ),
        )
    lang = metadata.get("lang")
    if isinstance(lang, str) and not LANG_RE.match(lang):
        yield "lang", f"langue « {lang} » inconnue ; écrivez son code, « Lang: fr » ou « Lang: en » par exemple"
    slug = metadata.get("slug")
    if isinstance(slug, str) and URL_UNSAFE_RE.search(slug):
        fixed = slugify(slug, regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []))
        yield "slug", f"le slug « {slug} » ne peut pas servir d'adresse ; écrivez « Slug: {fixed} »"
    for key in ("save_as", "url"):
        value = metadata.get(key)
        if isinstance(value, str) and (value.startswith("/") or ".." in value.replace("\\", "/").split("/")):
            yield (
                key,
                (
                    f"« {value} » sort du site ; écrivez un chemin relatif au site, sans « .. » "
                    "(ou retirez la ligne pour l'adresse par défaut)"
                ),
            )
    template = metadata.get("template")
    if isinstance(template, str):
        folders = _template_folders(settings)
        if folders and not any(os.path.isfile(os.path.join(f, f"{template}.html")) for f in folders):
            yield (
                "template",
                (
                    f"le gabarit « {template} » n'existe pas dans le thème ; retirez la ligne « Template: » "
                    "ou nommez un fichier de templates/ sans son « .html »"
                ),
            )


PELICAN_KEYS = ("title", "date", "modified", "category", "tags", "slug", "author", "authors", "summary", "lang",
                "translation", "status", "template", "save_as", "url")  # fmt: skip


def misnamed_keys(keys) -> list[tuple[str, str]]:
    """(key, French sentence) for a header name in French, or one letter off
    one of Pelican's (« Tag: », « Autor: »): silently kept, never shown."""
    import difflib

    found = []
    for key in keys:
        lowered = key.lower()
        if lowered in PELICAN_KEYS:
            continue
        fix = FRENCH_KEYS.get(lowered)
        if fix is None:
            close = difflib.get_close_matches(lowered, PELICAN_KEYS, n=1, cutoff=0.85)
            fix = close[0].capitalize() if close else None
        if fix is not None:
            found.append(
                (key, f"en-tête « {key.capitalize()}: » inconnu de Pelican, qui l'ignorerait ; écrivez « {fix}: »")
            )
    return found


def _template_folders(settings: dict) -> list[str]:
    """Where Pelican looks for an item's template (Pelican 4.12's Generator loader)."""
    theme = settings.get("THEME")
    folders = [*settings.get("THEME_TEMPLATES_OVERRIDES", []), *settings.get("EXTRA_TEMPLATES_PATHS", [])]
    if theme:
        folders.append(os.path.join(theme, "templates"))
    return [f for f in folders if os.path.isdir(f)]


class ChartMarkdownReader(ReaderWithExtension):
    extension: ChartExtension | None = None

    def extension_for(self, source_path: str):
        state = get_state(self.settings)
        self.extension = ChartExtension(state, os.path.relpath(source_path, state.project.root))
        return self.extension

    def read(self, source_path):
        self.errors: list[EditorError] = []
        try:
            content, metadata = super().read(source_path)
            if "title" not in metadata and not title_from_path(self.settings):
                message = "l'article n'a pas de titre ; ajoutez une ligne « Title: … » en tête du fichier"
                self._report(EditorError(message, self.extension.source_path))
                # The build stops at the end of reading, with every mistake; Pelican
                # would log its own (English) refusal first, and stop at that one.
                metadata["title"] = os.path.splitext(os.path.basename(source_path))[0]
            if isinstance(metadata.get("title"), str) and "{{" in metadata["title"]:
                self._quote_in_title(metadata)
            modified, date = metadata.get("modified"), metadata.get("date")
            if modified is not None and date is not None and hasattr(modified, "date") and modified < date:
                message = (
                    f"« Modified: » ({modified:%Y-%m-%d}) est antérieure à « Date: » ({date:%Y-%m-%d}), "
                    "or la mise à jour suit la publication ; corrigez l'une des deux dates"
                )
                self._report(EditorError(message, self.extension.source_path, self._line("modified")))
            for key, message in misnamed_keys(self.extension.doc.header):
                self._report(EditorError(message, self.extension.source_path, self._line(key)))
            for key, message in list(header_mistakes(metadata, self.settings)):
                self._report(EditorError(message, self.extension.source_path, self._line(key)))
                # The build stops at the end of reading; until then, Pelican must
                # not stop first on its own (English) message about the value.
                if key == "status":
                    metadata[key] = "draft"
                else:
                    del metadata[key]
        finally:
            self.extension = None  # one reader reads every file: dates from a path are not this file's
        # As the Markdown extension's own errors: kept in the content, so an article
        # from Pelican's content cache (not read again) is refused again.
        marks = (placeholder("error", {"message": e.message, "path": e.path, "line": e.line}) for e in self.errors)
        return content + "".join(marks), metadata

    def _quote_in_title(self, metadata: dict) -> None:
        """A value in ``Title:`` becomes a plain-text placeholder, which the
        build fills from the data (``finalize``) before a page, feed or card
        shows the title. The slug Pelican would take from the title is taken
        from it without the value, so the page's address does not follow the data."""
        from pelican.utils import slugify

        source, line = self.extension.source_path, self._line("title")
        title = metadata["title"]

        def marker(match) -> str:
            if match.group(1) is None:
                self._report(EditorError(UNCLOSED, source, line))
                return ""
            inner = normal(match.group(1))
            try:
                load_yaml("{" + inner + "}", source, first_line=line or 1)
            except EditorError as exc:
                self._report(exc.located(source, line))
                return ""
            return placeholder("value", {"inner": plain(inner), "path": source, "line": line})

        metadata["title"] = INLINE_RE.sub(marker, title)
        if "slug" not in metadata and self.settings.get("SLUGIFY_SOURCE", "title") == "title":
            metadata["slug"] = slugify(
                " ".join(INLINE_RE.sub(" ", title).split()),
                regex_subs=self.settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
                preserve_case=self.settings.get("SLUGIFY_PRESERVE_CASE", False),
                use_unicode=self.settings.get("SLUGIFY_USE_UNICODE", False),
            )

    def _line(self, key: str) -> int | None:
        return self.extension.doc.header.get(key, (None,))[0]

    def _report(self, error: EditorError) -> None:
        self.extension.state.report(error)
        self.errors.append(error)

    def process_metadata(self, name, value):
        if name in DATE_KEYS and isinstance(value, str):
            try:
                return french_date(value)
            except ImpossibleDate:
                error = self._error(
                    f"la date « {value} » n'existe pas au calendrier (jour, mois ou heure hors limites) ; corrigez-la",
                    name,
                )
                if error.path is None:
                    raise error from None
                from pelican.utils import SafeDatetime

                return SafeDatetime(1970, 1, 1)
            except (ValueError, OverflowError):
                error = self._error(f"date « {value} » illisible ; {ACCEPTED}", name)
                if error.path is None:
                    raise error from None
                # Reported: the build stops at the end of reading; a stand-in date
                # keeps Pelican from stopping first on its own message.
                from pelican.utils import SafeDatetime

                return SafeDatetime(1970, 1, 1)
        return super().process_metadata(name, value)

    def _error(self, message: str, key: str) -> EditorError:
        """An error at the header's line, reported to the build (Pelican only logs it)."""
        ext = self.extension
        if ext is None:  # a date from the file's path, before any header is read
            return EditorError(message)
        error = EditorError(message, ext.source_path, ext.doc.header.get(key, (None,))[0])
        self._report(error)
        return error
