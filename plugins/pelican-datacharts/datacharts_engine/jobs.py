"""What crosses the process boundary: a job in, a result or a failure out.

A render worker gets a ``ChartJob`` (one chart block, located) or a
``DescribeJob`` (one dataset for the catalogue) and sends back a
``RenderedChart``, a description (a dict for the catalogue's template) or a
``Failure``, which the build turns back into an ``EditorError``. What runs a
job is ``draw.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .errors import EditorError


@dataclass(frozen=True)
class ChartJob:
    """One chart block to draw: its YAML text and where it was written."""

    text: str
    path: str
    line: int
    anchor: str
    first: bool  # the article's lead chart (it gets the social card)
    key: str | None  # its cache key (None: not cached)


@dataclass(frozen=True)
class DescribeJob:
    """One dataset to describe for its catalogue page."""

    name: str
    key: str | None


@dataclass(frozen=True)
class Failure:
    """An editor's mistake found in a worker, as plain, picklable fields."""

    message: str
    path: str | None = None
    line: int | None = None
    others: tuple = ()  # (message, path, line) of the same job's other mistakes

    @classmethod
    def of(cls, error: EditorError) -> Failure:
        first, *rest = error.every()
        return cls(first.message, first.path, first.line, tuple((e.message, e.path, e.line) for e in rest))

    def error(self) -> EditorError:
        return EditorError(self.message, self.path, self.line)

    def errors(self) -> list[EditorError]:
        return [self.error(), *(EditorError(*other) for other in self.others)]


@dataclass(frozen=True)
class ChartRecord:
    """What pages, feeds and the catalogue need to know of a chart."""

    anchor: str
    title: str
    dataset_name: str
    interactive: bool
    card_url: str | None
    svg_url: str
    source_path: str = ""
    line: int = 0


@dataclass
class RenderedChart:
    """A drawn chart: its figure HTML, its files, its record.

    ``files`` maps an output-relative path to bytes (just drawn), to
    ``(sha256, size)`` (stored in the chart cache by the worker) or to a
    ``Path`` of the cache (linked into the output).
    """

    html: str
    files: dict = field(default_factory=dict)
    record: ChartRecord | None = None
    stored: bool = False
