"""pelican-datacharts: charts declared in Markdown, drawn at build time.

The Pelican adapter: a Markdown reader and extension (chart blocks, quoted
values), the signal handlers, feeds and the dataset catalogue. What draws
charts is the engine, ``datacharts_engine``, which never imports Pelican.
"""

from __future__ import annotations

from datacharts_engine import BuildFailed, EditorError

__all__ = ["BuildFailed", "EditorError", "register"]


def register():
    from pelican import signals

    from . import build

    signals.get_generators.connect(build.start)
    signals.readers_init.connect(build.use_reader)
    signals.generator_init.connect(build.add_filters)
    signals.all_generators_finalized.connect(build.finish_reading)
    signals.finalized.connect(build.write_files)
    signals.get_writer.connect(build.feed_writer)
