"""The end of reading: render every chart of the build, then fill the pages.

Runs on Pelican's ``all_generators_finalized``, before anything is written.
Charts found in the cache are reused; the others are drawn by the engine, in
render workers (a ``RenderPool``) or in this process. Output is the same
whatever the number of workers.
"""

from __future__ import annotations

import os
import re
import sys
from html import escape

from datacharts_engine.blocks import ParsedBlocks
from datacharts_engine.draw import linked_files, run_job
from datacharts_engine.errors import EditorError
from datacharts_engine.jobs import ChartJob, DescribeJob, Failure, RenderedChart
from datacharts_engine.names import chart_base
from datacharts_engine.placeholders import jobs_in, substitute
from datacharts_engine.state import DEFER_KEY
from datacharts_engine.workers import POOL_KEY, BrokenProcessPool, RenderPool, code_tag, producer

from . import pelican_compat as compat
from .assets import figure_asset_tags
from .updates import follow_latest, notices_for, quoted_dataset, with_notices

FIGURE_OPENING = re.compile(r"<figure\b[^>]*>")
# Below this many charts to render, worker start-up costs more than it saves.
POOL_THRESHOLD = 8


def _texts(item):
    yield "content", compat.raw_content(item)
    if "summary" in item.metadata:
        yield "summary", item.metadata["summary"]
    if isinstance(item.metadata.get("title"), str):
        yield "title", item.metadata["title"]


def finalize(state, generators) -> None:
    items = compat.content_items(generators)
    charts, values = {}, {}
    for item in items:
        for _, text in _texts(item):
            for marker, kind, job in jobs_in(text):
                if kind == "error":
                    state.report(EditorError(job["message"], job["path"], job["line"]))
                elif kind == "chart":
                    charts.setdefault(marker, job)
                elif kind == "value":
                    values.setdefault(marker, job)
    replacements = {}
    for marker, job in values.items():
        try:
            replacements[marker] = state.inline_value(job["inner"], job["path"], job["line"])
        except EditorError as exc:
            state.report(exc.located(job["path"], job["line"]))
    values_only = dict(replacements)  # what a summary shows: the text, no figure
    rendered = render_charts(state, charts)
    refuse_shared_names(state, rendered)
    figures = {marker: chart.html for marker, chart in rendered.items()}
    if state.pelican_settings.get(DEFER_KEY):
        # Pages are written for their links to be checked, then thrown away:
        # a chart that failed keeps its anchor, so no link to it reads as broken.
        figures.update(
            {m: f'<figure id="{escape(job["anchor"])}"></figure>' for m, job in charts.items() if m not in rendered}
        )
    for chart in rendered.values():
        state.files.update(chart.files)
    asset_tags = figure_asset_tags(state)
    # The text gets its values now, its figures after Pelican's link pass.
    values_and_markers = {**values_only, **{marker: marker for marker in figures}}
    for item in items:
        item_charts, own, quoted = [], {}, set()  # own: the figures of its content, not of its summary
        for name, text in _texts(item):
            for m, kind, job in jobs_in(text):
                if kind == "chart" and m in rendered:
                    item_charts.append(rendered[m].record)
                if kind == "chart" and m in figures and name == "content":
                    own[m] = figures[m]  # drawn, or a failed chart's stub (staged builds)
                elif kind == "value":
                    quoted.add(quoted_dataset(job))
        notices = notices_for(state, item, item_charts, quoted - {None})
        own = {
            m: with_notices(state, f, rendered[m].record.dataset_name, notices) if m in rendered else f
            for m, f in own.items()
        }
        item.datacharts_updates = notices
        follow_latest(item, notices)
        source = compat.raw_content(item)
        compat.set_raw_content(item, substitute(source, values_and_markers))
        compat.add_after_link_pass(item, _figures_inserter(own, state.project.siteurl, asset_tags))
        title = item.metadata.get("title")
        if isinstance(title, str) and "<!--datacharts:" in title:
            item.title = item.metadata["title"] = substitute(title, values_only)  # text: no figure in a title
        if "summary" in item.metadata:
            compat.set_summary(item, substitute(item.metadata["summary"], replacements))
        else:
            text = substitute(source, values_only)
            compat.summarize_without(item, lambda siteurl, item=item, text=text: compat.with_links(item, text, siteurl))
        item.datacharts = item_charts
        item.datacharts_card = next((c.card_url for c in item_charts if c.card_url), None)
        if any(c.interactive for c in item_charts):
            state.needs_runtime = True
    state.charts = sorted((c.record for c in rendered.values()), key=lambda r: (r.source_path, r.line))
    compat.forget_memoized_content()


def refuse_shared_names(state, rendered: dict) -> None:
    """Two charts never publish files under one name: file names come from
    the article's file name and the anchor (names.py), and two file names
    may make the same folder (« Mon essai.md » and « mon-essai.md »)."""
    owners: dict[str, object] = {}
    for marker, chart in sorted(rendered.items(), key=lambda mc: (mc[1].record.source_path, mc[1].record.line)):
        record = chart.record
        base = chart_base(state.project.output_dir, record.source_path, record.anchor)
        other = owners.setdefault(base, record)
        if other is not record and other.source_path != record.source_path:
            state.report(
                EditorError(
                    f"les fichiers de ce graphique ({base}.*) auraient le même nom que ceux du graphique "
                    f"« {other.anchor} » de {other.source_path} ; renommez l'un des deux articles "
                    "ou changez l'id de ce graphique",
                    record.source_path,
                    record.line,
                )
            )
            rendered.pop(marker)


def _figures_inserter(figures: dict, site_root: str, asset_tags: str = ""):
    """Figures go into a text after its links were made for the page's
    siteurl; with RELATIVE_URLS, their own links follow the same siteurl.
    The first figure carries ``asset_tags`` (see assets.figure_asset_tags)."""
    if not figures:
        return lambda html, siteurl: html
    if asset_tags:
        first = next(iter(figures))  # in the order of the text
        figures = {**figures, first: _carrying(figures[first], asset_tags)}
    own_links = re.compile(r'((?:href|src|data-svg|data-runtime)=")' + re.escape(site_root) + "/")

    def insert(html: str, siteurl: str) -> str:
        if siteurl == site_root:
            return substitute(html, figures)
        moved = {m: own_links.sub(lambda g: f"{g.group(1)}{siteurl}/", f) for m, f in figures.items()}
        return substitute(html, moved)

    return insert


def _carrying(figure: str, tags: str) -> str:
    """The tags as the figure's first children (a theme's figure template may differ: then before it)."""
    opening = FIGURE_OPENING.search(figure)
    if opening is None:
        return tags + figure
    return figure[: opening.end()] + tags + figure[opening.end() :]


def render_charts(state, charts: dict) -> dict[str, RenderedChart]:
    """marker -> rendered chart (its files ready to write), for every chart of the build."""
    found, misses = {}, []
    parsed = ParsedBlocks(state.cache.folder, state.fingerprint)
    for marker, job in charts.items():
        try:
            block = parsed.parse(job["text"], job["path"], job["line"], job["anchor"])
        except EditorError as exc:
            for error in exc.every():
                state.report(error)
            continue
        for error in block.problems:  # reported when the article was read, unless it came from Pelican's cache
            state.report(error)
        key = state.keys.chart(block, job["first"])
        cached = state.cache.get(key) if key else None
        files = linked_files(state.cache, cached) if isinstance(cached, RenderedChart) else None
        if files is None:
            misses.append((marker, ChartJob(job["text"], job["path"], job["line"], job["anchor"], job["first"], key)))
        else:
            found[marker] = RenderedChart(cached.html, files, cached.record, stored=False)
            state.reused += 1
    describe = [DescribeJob(name, key) for key, name in state.describe_jobs]
    pool = state.pelican_settings.get(POOL_KEY)
    if not misses and not describe:
        if pool is not None:
            pool.done()  # nothing to draw: stopped at once, or kept idle by its owner
        _keep(parsed, state)
        return found
    results = run_jobs(state, [job for _, job in misses] + describe, pool)
    described = {}
    for job, result in zip(describe, results[len(misses) :], strict=True):
        if isinstance(result, Failure):
            for error in result.errors():
                state.report(error)
            continue
        if job.key:
            state.cache.put(job.key, result)
        described[job.name] = result
    # In place: the catalogue generator holds this list. A dataset that failed is left out.
    state.catalogue[:] = [
        described.get(item["pending"]) if "pending" in item else item
        for item in state.catalogue
        if "pending" not in item or item["pending"] in described
    ]
    for (marker, job), result in zip(misses, results[: len(misses)], strict=True):
        if isinstance(result, Failure):
            for error in result.errors():
                state.report(error)
            continue
        files = linked_files(state.cache, result)
        if files is None:
            raise RuntimeError(f"datacharts: the cache lost the files of a chart just drawn ({job.key})")
        found[marker] = RenderedChart(result.html, files, result.record, stored=False)
        state.rendered += 1
    _keep(parsed, state)
    return found


def _keep(parsed, state) -> None:
    """The parsed blocks are kept by a build without mistakes only: a build
    that fails (or `invoke check`) leaves the cache's index as it found it."""
    if not state.errors:
        parsed.save()


def run_jobs(state, jobs: list, pool: RenderPool | None) -> list:
    """Chart renders and dataset descriptions, in workers or here; results in order."""
    progress = Progress(len(jobs))
    workers = min(state.workers, len(jobs))
    owned = pool is None
    if state.workers <= 1:
        if pool is not None:
            pool.stop()  # workers: 1 draws in this process, kept pool or not
        pool = None
    elif pool is None:
        if workers > 1 and len(jobs) >= POOL_THRESHOLD:
            pool = RenderPool()
            pool.start(workers)
    else:
        # A pool started early is used for any number of jobs; it is worth
        # replacing by a full one only from POOL_THRESHOLD jobs on.
        pool.serve(code_tag(state.project.charts_dir))
        if pool.running and pool.size > state.workers:
            pool.stop()  # fewer are wanted now
        if len(jobs) >= POOL_THRESHOLD:
            pool.ensure(workers)
    results = []
    if pool is not None and pool.running:
        done = False
        try:
            chunk = max(1, len(jobs) // (state.workers * 8))
            for result in pool.map(producer(state.worker_settings()), jobs, chunksize=chunk):
                results.append(result)
                progress.step()
            done = True
        except BrokenProcessPool as exc:
            print(
                f"datacharts: a render worker stopped ({exc or 'killed, or out of memory'}); "
                "the remaining charts are drawn in the main process",
                file=sys.stderr,
                flush=True,
            )
        finally:
            if owned:
                pool.stop()
            else:
                pool.done(idle=done)  # a failed build leaves no work running
    for job in jobs[len(results) :]:
        results.append(run_job(state, job))
        progress.step()
    progress.done()
    return results


class Progress:
    """A progress line on an interactive terminal; silent in CI or when piped."""

    def __init__(self, total: int):
        self.total, self.count = total, 0
        self.on = total > 0 and sys.stderr.isatty() and os.environ.get("CI", "").lower() not in ("true", "1")

    def step(self):
        self.count += 1
        if self.on:
            width = 30
            filled = width * self.count // self.total
            bar = "█" * filled + "·" * (width - filled)
            sys.stderr.write(f"\rgraphiques {bar} {self.count}/{self.total}")
            sys.stderr.flush()

    def done(self):
        if self.on:
            sys.stderr.write("\n")
