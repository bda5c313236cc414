"""The end of reading: render every chart of the build, then fill the pages.

Runs on Pelican's ``all_generators_finalized``, before anything is written.
Charts found in the cache are reused; the others are prepared here (pandas,
Altair), rendered in worker processes (vl-convert), then stored in the cache.
Output is the same whatever the number of workers.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import sys
from concurrent.futures import ProcessPoolExecutor

from .blocks import parse_block
from .errors import EditorError
from .placeholders import jobs_in, substitute

ITEM_LISTS = (
    "articles", "translations", "hidden_articles", "hidden_translations", "drafts", "drafts_translations",
    "pages", "hidden_pages", "draft_pages", "draft_translations",
)  # fmt: skip
FIGURE_RE = re.compile(r'<figure class="datachart[^"]*"[^>]*>.*?</figure>', re.S)
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
    entries = render_charts(state, charts)
    records = {}
    for marker, job in charts.items():
        entry = entries.get(marker)
        if entry is None:
            continue
        replacements[marker] = entry["html"]
        state.files.update(entry["files"])
        records[marker] = {**entry["record"], "source_path": job["path"], "line": job["line"]}
    summary_max = state.pelican_settings.get("SUMMARY_MAX_LENGTH")
    for item in items:
        item_charts = []
        for _, text in _texts(item):
            item_charts += [records[m] for m, kind, _ in jobs_in(text) if m in records and kind == "chart"]
        item._content = substitute(item._content, replacements)
        if "summary" in item.metadata:
            item.metadata["summary"] = substitute(item.metadata["summary"], replacements)
            item._summary = item.metadata["summary"]
        elif summary_max is not None:
            # Pelican would cut its summary out of the content, figures and all.
            from pelican.utils import truncate_html_words

            text = FIGURE_RE.sub("", item._content)
            suffix = state.pelican_settings.get("SUMMARY_END_SUFFIX", "…")
            item.metadata["summary"] = item._summary = truncate_html_words(text, summary_max, suffix)
            item.datacharts_auto_summary = True  # templates may tell it from an editor's
        item.datacharts = item_charts
        item.datacharts_auto_summary = getattr(item, "datacharts_auto_summary", False)
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
            misses.append((marker, key, (job["text"], job["path"], job["line"], job["anchor"], job["first"])))
        else:
            entries[marker] = {**entry, "files": paths}
            state.reused += 1
    if not misses:
        return entries
    progress = Progress(len(misses))
    tasks = [task for _, _, task in misses]
    workers = min(state.workers, len(tasks))
    if workers > 1 and len(tasks) >= POOL_THRESHOLD:
        # Each worker prepares (pandas, Altair) and renders (vl-convert) whole
        # charts; this process only hashes, caches and fills pages. spawn, not
        # fork: a fork would copy a vl-convert engine a previous build started.
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(
            workers, mp_context=context, initializer=_start_worker, initargs=(state.worker_settings(),)
        ) as pool:
            results = []
            for result in pool.map(_produce_in_worker, tasks, chunksize=max(1, len(tasks) // (workers * 8))):
                results.append(result)
                progress.step()
    else:
        results = []
        for task in tasks:
            results.append(produce(state, task))
            progress.step()
    progress.done()
    for (marker, key, _), (status, value) in zip(misses, results, strict=True):
        if status == "error":
            state.report(EditorError(*value))
            continue
        if key and state.cache.folder is not None:
            stored = state.cache.store_files(value["files"])
            state.cache.put(key, {**value, "files": stored})
            # From here on the files are the cache's: linked into the output,
            # not held in memory until the end of the build.
            value = {**value, "files": state.cache.blobs_of(stored) or value["files"]}
        entries[marker] = value
        state.rendered += 1
    return entries


def produce(state, task) -> tuple[str, object]:
    """One chart job -> ("ok", cache entry) or ("error", (message, path, line))."""
    from .produce import assemble_chart, prepare_chart, render_pictures

    text, path, line, anchor, first = task
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
    return "ok", assemble_chart(state, prepared, pictures)


# A worker process serves one build only: its state is made when it starts.
_worker_state = None


def _start_worker(settings: dict) -> None:
    global _worker_state
    from .state import BuildState

    _worker_state = BuildState(settings)


def _produce_in_worker(task):
    return produce(_worker_state, task)


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


def _forget_rendered_content(items):
    """Pelican memoizes get_content; nothing may have cached the placeholders."""
    from pelican.contents import Content

    for name in ("get_content", "get_summary"):
        memo = Content.__dict__.get(name)
        if hasattr(memo, "cache"):
            memo.cache.clear()
