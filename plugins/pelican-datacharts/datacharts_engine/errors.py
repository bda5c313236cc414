"""Editor mistakes: one exception type, one sentence naming file, line and fix."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager


class EditorError(Exception):
    """A mistake an editor can fix in a Markdown file, a CSV or a descriptor.

    The message is one French sentence; ``location`` is ``path:line`` (or just
    ``path``) so that editors and terminals can jump to it.
    """

    def __init__(self, message: str, path: str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        # The other mistakes found with this one, in the same block or file
        # (raised together: see ``Mistakes``).
        self.others: tuple[EditorError, ...] = ()

    def located(self, path: str | None = None, line: int | None = None) -> EditorError:
        """Return this error with a location filled in where it had none."""
        error = EditorError(self.message, self.path or path, self.line or line)
        error.others = tuple(other.located(path, line) for other in self.others)
        return error

    def every(self) -> list[EditorError]:
        """This mistake and the others raised with it, each on its own."""
        return [EditorError(self.message, self.path, self.line), *(e for o in self.others for e in o.every())]

    @staticmethod
    def together(errors: list[EditorError]) -> EditorError:
        """One exception that carries every mistake of ``errors``."""
        first, *rest = errors
        error = EditorError(first.message, first.path, first.line)
        error.others = tuple(rest)
        return error

    def __str__(self) -> str:
        if self.path and self.line:
            return f"{self.path}:{self.line}: {self.message}"
        if self.path:
            return f"{self.path}: {self.message}"
        return self.message


class Mistakes:
    """The checks of one block or file that do not depend on one another: each
    mistake is kept, and all are raised at once (``raise_found``), so that an
    editor fixes them in one go. A check that needs an earlier one to have
    passed runs after ``raise_found``."""

    def __init__(self, found: Iterable[EditorError] = ()):
        self.found: list[EditorError] = list(found)

    @contextmanager
    def check(self) -> Iterator[None]:
        try:
            yield
        except EditorError as exc:
            self.found.extend(exc.every())

    def raise_found(self) -> None:
        if self.found:
            raise EditorError.together(self.found)


class BuildFailed(Exception):
    """Raised at the end of reading when editors' mistakes were collected."""

    exitcode = 2

    def __init__(self, errors: list[EditorError]):
        self.errors = errors
        count = len(errors)
        plural = "s" if count > 1 else ""
        super().__init__(f"{count} erreur{plural} dans le contenu ; le site n'a pas été publié.")

    def report(self) -> str:
        """Every mistake on its own line, then the summary."""
        return "\n".join([*(str(e) for e in self.errors), str(self)])


def choices(value: str, valid: Iterable[str], keep_order: bool = False) -> str:
    """List valid choices, the closest to ``value`` first."""
    return ", ".join(closest_first(value, valid, keep_order))


def closest_first(value: str, valid: Iterable[str], keep_order: bool = False) -> list[str]:
    """The valid choices, the closest to ``value`` first, then the others
    alphabetically; with ``keep_order``, the closest alone first, then the
    others in the given order (dates in time)."""
    valid = list(dict.fromkeys(str(v) for v in valid))
    if not valid:
        return []
    close = difflib.get_close_matches(str(value), valid, n=1 if keep_order else len(valid), cutoff=0.6)
    rest = [v for v in valid if v not in close]
    return close + (rest if keep_order else sorted(rest))
