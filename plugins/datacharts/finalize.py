"""The end of reading: render every chart of the build, then fill the pages.

Runs on Pelican's ``all_generators_finalized``, before anything is written.
Charts found in the cache are reused; the others are prepared here (pandas,
Altair), rendered in worker processes (vl-convert), then stored in the cache.
Output is the same whatever the number of workers.
"""

from __future__ import annotations

import functools
import os
import sys
from concurrent.futures.process import BrokenProcessPool

from .blocks import parse_block
from .errors import EditorError
from .placeholders import jobs_in, substitute
from .workers import done_with, new_pool, producer, stop, stop_early, take_early, usable

ITEM_LISTS = (
    "articles", "translations", "hidden_articles", "hidden_translations", "drafts", "drafts_translations",
    "pages", "hidden_pages", "draft_pages", "draft_translations",
)  # fmt: skip
# Below this many charts to render, worker start-up costs more than it saves.
POOL_THRESHOLD = 8


def content_items(generators) -> list:
    seen, items = set(), []
    for generator in generators:
        for name in ITEM_LISTS:
            for item in getattr(generator, name, None) or []:
                if id(item) not in seen:
                    seen.add(id(item))
                    items.append(item)
    return sorted(items, key=lambda item: item.source_path)


def _texts(item):
    yield "_content", item._content
    if "summary" in item.metadata:
        yield "summary", item.metadata["summary"]


def finalize(state, generators) -> None:
    items = content_items(generators)
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
    entries = render_charts(state, charts)
    records, figures = {}, {}
    for marker, job in charts.items():
        entry = entries.get(marker)
        if entry is None:
            continue
        replacements[marker] = figures[marker] = entry["html"]
        state.files.update(entry["files"])
        records[marker] = {**entry["record"], "source_path": job["path"], "line": job["line"]}
    summary_max = state.pelican_settings.get("SUMMARY_MAX_LENGTH")
    # The text gets its values now, its figures after Pelican's link pass.
    values_and_markers = {**values_only, **{marker: marker for marker in figures}}
    for item in items:
        item_charts, own = [], {}  # own: the figures of its text, not of its summary
        for name, text in _texts(item):
            for m, kind, _ in jobs_in(text):
                if kind == "chart" and m in records:
                    item_charts.append(records[m])
                    if name == "_content":
                        own[m] = figures[m]
        source = item._content
        item._content = substitute(source, values_and_markers)
        item._update_content = functools.partial(_links_then_figures, item, own)
        auto_summary = False
        if "summary" in item.metadata:
            item.metadata["summary"] = substitute(item.metadata["summary"], replacements)
            item._summary = item.metadata["summary"]
        elif summary_max is not None:
            # Pelican would cut its summary out of the content, figures and all.
            from pelican.utils import truncate_html_words

            text = substitute(source, values_only)
            suffix = state.pelican_settings.get("SUMMARY_END_SUFFIX", "…")
            item.metadata["summary"] = item._summary = truncate_html_words(text, summary_max, suffix)
            auto_summary = True
        item.datacharts = item_charts
        item.datacharts_auto_summary = auto_summary  # templates may tell it from an editor's
        item.datacharts_card = next((c["card_url"] for c in item_charts if c.get("card_url")), None)
        if any(c["interactive"] for c in item_charts):
            state.needs_runtime = True
    state.charts = sorted(records.values(), key=lambda r: (r["source_path"], r["line"]))
    _forget_rendered_content(items)


def render_charts(state, charts: dict) -> dict:
    """marker -> cache entry, for every chart of the build."""
    entries, misses = {}, []
    for marker, job in charts.items():
        try:
            block = parse_block(job["text"], job["path"], job["line"])
        except EditorError as exc:
            state.report(exc)
            continue
        if block.anchor != job["anchor"]:
            block.options["id"] = job["anchor"]
        key = state.chart_key(block, job["first"])
        entry = state.cache.get(key) if key else None
        paths = state.cache.blobs_of(entry["files"]) if entry else None
        if paths is None:
            misses.append((marker, key, (job["text"], job["path"], job["line"], job["anchor"], job["first"], key)))
        else:
            entries[marker] = {**entry, "files": paths}
            state.reused += 1
    describe = state.describe_jobs
    if not misses and not describe:
        stop_early()
        return entries
    tasks = [("chart", task) for _, _, task in misses] + [("describe", name) for _, name in describe]
    results = run_tasks(state, tasks)
    describe_results = results[len(misses) :]
    results = results[: len(misses)]
    described = {}
    for (key, name), (status, value) in zip(describe, describe_results, strict=True):
        if status == "error":
            state.report(EditorError(*value))
            continue
        state.cache.put(key, value)
        described[name] = value
    # In place: the catalogue generator holds this list. A dataset that failed is left out.
    state.catalogue[:] = [
        described.get(item["pending"]) if "pending" in item else item
        for item in state.catalogue
        if "pending" not in item or item["pending"] in described
    ]
    for (marker, key, _), (status, value) in zip(misses, results, strict=True):
        if status == "error":
            state.report(EditorError(*value))
            continue
        if value.get("stored"):
            # Stored in the cache by the worker: linked into the output from there.
            paths = state.cache.blobs_of(value["files"])
            if paths is None:
                raise RuntimeError(f"datacharts: the cache lost the files of a chart just drawn ({key})")
            value = {**value, "files": paths}
        entries[marker] = value
        state.rendered += 1
    return entries


def run_tasks(state, tasks: list) -> list:
    """Chart renders and dataset descriptions, in workers or here; results in order."""
    progress = Progress(len(tasks))
    workers = min(state.workers, len(tasks))
    # Workers started early are used for any number of tasks; otherwise a
    # pool is worth its start-up only from POOL_THRESHOLD tasks on.
    pool = take_early()
    if pool is not None and (not usable(pool) or pool.size > state.workers):
        stop(pool)  # a worker died since it was kept, or fewer are wanted now
        pool = None
    if pool is not None and pool.size < workers and len(tasks) >= POOL_THRESHOLD:
        stop(pool)  # too few for this many: a full pool is quicker
        pool = None
    if pool is None and workers > 1 and len(tasks) >= POOL_THRESHOLD:
        pool = new_pool(workers)
    results = []
    if pool is not None:
        # Each worker prepares (pandas, Altair) and renders (vl-convert) whole
        # charts; this process only fills pages.
        done = False
        try:
            chunk = max(1, len(tasks) // (state.workers * 8))
            for result in pool.map(producer(state.worker_settings()), tasks, chunksize=chunk):
                results.append(result)
                progress.step()
            done = True
        except BrokenProcessPool:
            print(
                "datacharts: a render worker stopped (killed, out of memory?); "
                "the remaining charts are drawn in the main process",
                file=sys.stderr,
                flush=True,
            )
        finally:
            done_with(pool, idle=done)  # a failed build leaves no work running
    for task in tasks[len(results) :]:
        results.append(run_task(state, task))
        progress.step()
    progress.done()
    return results


def run_task(state, task) -> tuple[str, object]:
    kind, job = task
    if kind == "describe":
        from .describe import describe

        try:
            return "ok", describe(state, job)
        except EditorError as exc:
            located = exc.located(f"data/{job}.csv")
            return "error", (located.message, located.path, located.line)
    return produce(state, job)


def produce(state, task) -> tuple[str, object]:
    """One chart job -> ("ok", cache entry) or ("error", (message, path, line))."""
    from .produce import assemble_chart, prepare_chart, render_pictures

    text, path, line, anchor, first, key = task
    try:
        block = parse_block(text, path, line)
        block.options["id"] = anchor
        prepared = prepare_chart(state, block, first)
    except EditorError as exc:
        return "error", (exc.message, exc.path, exc.line)
    try:
        source = block.get("source") or " ; ".join(prepared.dataset.sources)
        pictures = render_pictures(
            prepared.spec, state.settings, anchor, block.title, block.description, first, str(source)
        )
    except ValueError as exc:  # vl-convert could not draw this spec
        detail = str(exc).strip().splitlines()
        reason = next((d for d in detail[1:] if d.strip()), detail[0] if detail else "")
        message = f"vl-convert n'a pas pu dessiner ce graphique ({reason.strip()}) ; simplifiez-le ou signalez-le"
        return "error", (message, path, line)
    entry = assemble_chart(state, prepared, pictures)
    if key and state.cache.folder is not None:
        # Stored here, in the worker: the main process gets hashes, not bytes.
        entry = {**entry, "files": state.cache.store_files(entry["files"])}
        state.cache.put(key, entry)
        entry["stored"] = True
    return "ok", entry


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


def _links_then_figures(item, figures: dict, content: str, siteurl: str) -> str:
    """Pelican's pass over a text's links ({filename}, {static}…) matches every
    tag; a figure holds no such link, only a big inline SVG: it goes in after."""
    return substitute(type(item)._update_content(item, content, siteurl), figures)


def _forget_rendered_content(items):
    """Pelican memoizes get_content; nothing may have cached the placeholders."""
    from pelican.contents import Content

    for name in ("get_content", "get_summary"):
        memo = Content.__dict__.get(name)
        if hasattr(memo, "cache"):
            memo.cache.clear()
