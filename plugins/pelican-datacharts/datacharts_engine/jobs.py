"""What crosses the process boundary: a job in, a result or a failure out.

A render worker gets a ``ChartJob`` (one chart block, located) or a
``DescribeJob`` (one dataset for the catalogue) and sends back a
``RenderedChart``, a description (a dict for the catalogue's template) or a
``Failure``, which the build turns back into an ``EditorError``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

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

    @classmethod
    def of(cls, error: EditorError) -> Failure:
        return cls(error.message, error.path, error.line)

    def error(self) -> EditorError:
        return EditorError(self.message, self.path, self.line)


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


def run_job(state, job) -> RenderedChart | dict | Failure:
    """Run one job in this process (a worker, or the build itself)."""
    if isinstance(job, DescribeJob):
        from .describe import describe

        try:
            return describe(state, job.name)
        except EditorError as exc:
            return Failure.of(exc.located(f"data/{job.name}.csv"))
    return draw_chart(state, job)


def draw_chart(state, job: ChartJob) -> RenderedChart | Failure:
    """One chart job -> a rendered chart, stored in the cache when it has a key."""
    from .blocks import parse_block
    from .produce import assemble_chart, prepare_chart, render_pictures

    try:
        block = parse_block(job.text, job.path, job.line)
        block.options["id"] = job.anchor
        prepared = prepare_chart(state, block, job.first)
    except EditorError as exc:
        return Failure.of(exc)
    try:
        source = block.get("source") or " ; ".join(prepared.dataset.sources)
        pictures = render_pictures(
            prepared.spec, state.settings, job.anchor, block.title, block.description, job.first, str(source)
        )
    except ValueError as exc:  # vl-convert could not draw this spec
        detail = str(exc).strip().splitlines()
        reason = next((d for d in detail[1:] if d.strip()), detail[0] if detail else "")
        message = f"vl-convert n'a pas pu dessiner ce graphique ({reason.strip()}) ; simplifiez-le ou signalez-le"
        return Failure(message, job.path, job.line)
    chart = assemble_chart(state, prepared, pictures)
    if job.key and state.cache.folder is not None:
        # Stored here, in the worker: the main process gets hashes, not bytes.
        chart.files = state.cache.store_files(chart.files)
        chart.stored = True
        state.cache.put(job.key, chart)
    return chart


def linked_files(cache, chart: RenderedChart) -> dict[str, bytes | Path] | None:
    """A chart's files as the output writer takes them (None: the cache lost one)."""
    if not chart.stored:
        return chart.files
    return cache.blobs_of(chart.files)
