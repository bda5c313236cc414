"""The datacharts engine: chart blocks, datasets, Vega-Lite specs, SVG, cache, figures.

It never imports Pelican or Markdown: it is what a render worker runs, and
what any host (the Pelican adapter in ``pelican.plugins.datacharts``, a test,
a tool) drives. A test keeps that boundary (``tests/test_layers.py``).
"""

from .errors import BuildFailed, EditorError

__all__ = ["BuildFailed", "EditorError"]
