"""datacharts: charts declared in Markdown, rendered at build time.

Public surface: ``register`` (for Pelican) and the few names below.
"""

from __future__ import annotations

import sys

from pelican import signals

from .errors import BuildFailed, EditorError
from .frenchdate import add_filters
from .reader import ChartMarkdownReader
from .state import STATE_KEY, BuildState, get_state

__all__ = ["BuildFailed", "EditorError", "register"]


def start_build(pelican):
    """Fresh per-build state; also adds the dataset catalogue's generator."""
    from .catalogue import DatasetPagesGenerator

    pelican.settings[STATE_KEY] = BuildState(pelican.settings)
    return DatasetPagesGenerator


def use_reader(readers):
    for extension in ChartMarkdownReader.file_extensions:
        readers.reader_classes[extension] = ChartMarkdownReader


def stop_on_errors(generators):
    """Every editor mistake of the build, printed once, before anything is written."""
    state = get_state(generators[0].settings)
    if state.errors:
        failure = BuildFailed(state.errors)
        # Printed here, not logged: rich would wrap the sentences at 80 columns.
        print(failure.report(), file=sys.stderr, flush=True)
        raise failure


def write_files(pelican):
    from .assets import write_assets

    write_assets(get_state(pelican.settings), pelican.output_path)


def register():
    signals.get_generators.connect(start_build)
    signals.readers_init.connect(use_reader)
    signals.generator_init.connect(add_filters)
    signals.all_generators_finalized.connect(stop_on_errors)
    signals.finalized.connect(write_files)
