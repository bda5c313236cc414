"""The plugin's signal handlers, in the order a Pelican build fires them."""

from __future__ import annotations

import sys

from datacharts_engine.errors import BuildFailed
from datacharts_engine.frenchdate import date_fr
from datacharts_engine.state import DEFER_KEY, STATE_KEY, BuildState, get_state


def start(pelican):
    """Fresh per-build state; also adds the dataset catalogue's generator."""
    from .catalogue import DatasetPagesGenerator

    state = pelican.settings[STATE_KEY] = BuildState(pelican.settings)
    forget_stale_content_cache(state)
    return DatasetPagesGenerator


def forget_stale_content_cache(state):
    """Pelican's cached articles hold our placeholders: when the plugin (or a
    library it uses) changes, they may no longer be understood. Drop them."""
    if state.cache.folder is None:
        return
    stamp = state.cache.folder / "fingerprint"
    if stamp.exists() and stamp.read_text() == state.fingerprint:
        return
    cache_root = state.cache.folder.parent
    for entry in cache_root.glob("*"):
        if entry.is_file() and entry.name.endswith(("Generator", "Readers", "-Readers")):
            entry.unlink()
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(state.fingerprint)


def use_reader(readers):
    from .reader import ChartMarkdownReader

    for extension in ChartMarkdownReader.file_extensions:
        readers.reader_classes[extension] = ChartMarkdownReader


def add_filters(generator) -> None:
    """A French date filter, and where the plugin writes, for the theme's links."""
    state = get_state(generator.settings)
    generator.env.filters.setdefault("date_fr", date_fr)
    generator.env.globals.setdefault("DATACHARTS_OUTPUT_DIR", state.project.output_dir)
    generator.env.globals.setdefault("DATACHARTS_DATASETS_DIR", state.project.datasets_dir)


def finish_reading(generators):
    """Render every chart, then stop on editors' mistakes before anything is written."""
    from .finalize import finalize

    state = get_state(generators[0].settings)
    finalize(state, generators)
    if state.errors and not state.pelican_settings.get(DEFER_KEY):
        failure = BuildFailed(sorted(state.errors, key=lambda e: (e.path or "", e.line or 0)))
        # Printed here, not logged: rich would wrap the sentences at 80 columns.
        print(failure.report(), file=sys.stderr, flush=True)
        raise failure


def write_files(pelican):
    from .assets import write_assets

    state = get_state(pelican.settings)
    write_assets(state, pelican.output_path)
    remove_stale_chart_files(state, pelican.output_path)
    print(f"datacharts: {state.rendered} charts rendered, {state.reused} reused from the cache", flush=True)


def remove_stale_chart_files(state, output_path) -> None:
    """The chart folder (``DATACHARTS["output_dir"]``) is the plugin's own: a
    file there that this build did not write (a removed chart's, a chart
    moved to another article's, the names of an older version) is removed,
    so an output written over (``pelican content``, ``pelican -r``) publishes
    no stale chart. ``invoke build`` starts from an empty folder anyway."""
    import os
    from pathlib import Path

    from datacharts_engine.fonts import WEBFONTS

    from .assets import STATIC

    folder = Path(output_path) / state.project.output_dir
    if not folder.is_dir():
        return
    kept = {Path(relative).as_posix() for relative in state.files}
    kept.update(f"{state.project.output_dir}/{p.name}" for p in STATIC.iterdir())
    kept.update(f"{state.project.output_dir}/{name}" for name in WEBFONTS)
    if state.needs_runtime:
        kept.add(f"{state.project.output_dir}/vega-runtime.js")
    # os.walk, bottom up (files before their folders): a whole pass walks
    # every chart file, and Path objects cost more than the walk itself.
    root = os.fspath(output_path)
    for where, _folders, names in os.walk(folder, topdown=False):
        relative_dir = os.path.relpath(where, root).replace(os.sep, "/")
        for name in names:
            if f"{relative_dir}/{name}" not in kept:
                os.unlink(os.path.join(where, name))
        if where != os.fspath(folder) and not os.listdir(where):
            os.rmdir(where)


def feed_writer(pelican):
    from .feeds import ChartFeedWriter

    return ChartFeedWriter
