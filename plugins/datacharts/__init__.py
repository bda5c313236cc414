"""datacharts: charts declared in Markdown, rendered at build time.

Public surface: ``register`` (for Pelican) and the few names below.
"""

from __future__ import annotations

import sys

from .errors import BuildFailed, EditorError
from .state import STATE_KEY, BuildState, get_state

# Pelican, Markdown and the feed writer are imported in register(), not here:
# render workers import this package and need none of them.

__all__ = ["BuildFailed", "EditorError", "register"]


def start_build(pelican):
    """Fresh per-build state; also adds the dataset catalogue's generator."""
    from .catalogue import DatasetPagesGenerator

    state = pelican.settings[STATE_KEY] = BuildState(pelican.settings)
    forget_stale_content_cache(state)
    return DatasetPagesGenerator


def forget_stale_content_cache(state):
    """Pelican's cached articles hold our placeholders: when the plugin (or a
    library it uses) changes, they may no longer be understood. Drop them."""
    from pathlib import Path

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
    Path(stamp).write_text(state.fingerprint)


def use_reader(readers):
    from .reader import ChartMarkdownReader

    for extension in ChartMarkdownReader.file_extensions:
        readers.reader_classes[extension] = ChartMarkdownReader


def finish_reading(generators):
    """Render every chart, then stop on editors' mistakes before anything is written."""
    from .finalize import finalize

    state = get_state(generators[0].settings)
    finalize(state, generators)
    if state.errors:
        failure = BuildFailed(sorted(state.errors, key=lambda e: (e.path or "", e.line or 0)))
        # Printed here, not logged: rich would wrap the sentences at 80 columns.
        print(failure.report(), file=sys.stderr, flush=True)
        raise failure


def write_files(pelican):
    from .assets import write_assets

    state = get_state(pelican.settings)
    write_assets(state, pelican.output_path)
    print(f"datacharts: {state.rendered} charts rendered, {state.reused} reused from the cache", flush=True)


def register():
    from pelican import signals

    from .feeds import feed_writer
    from .frenchdate import add_filters

    signals.get_generators.connect(start_build)
    signals.readers_init.connect(use_reader)
    signals.generator_init.connect(add_filters)
    signals.all_generators_finalized.connect(finish_reading)
    signals.finalized.connect(write_files)
    signals.get_writer.connect(feed_writer)
