"""The plugin's settings: one ``DATACHARTS`` dict merged over these defaults."""

from __future__ import annotations

import copy

from .errors import choices

DEFAULTS = {
    # Folder of datasets (NAME.csv + NAME.resource.yaml), relative to the
    # settings file's folder (Pelican's PATH parent) unless absolute.
    "data_path": "data",
    # Folder of Python-defined charts (``chart: NAME`` -> charts/NAME.py).
    "charts_path": "charts",
    # Where chart files (CSV downloads, runtime) go inside the output.
    "output_dir": "graphiques",
    # Where dataset pages go inside the output (linked from captions).
    "datasets_dir": "donnees",
    # Phones get a second, narrower drawing of each wide chart (plot width in
    # pixels; None: one drawing only), shown by CSS under 36rem: a 700-pixel
    # chart shrunk to a phone would have 7-pixel labels.
    "narrow_width": 240,
    # A 1200×630 social card (PNG, for og:image) per article, rendered at build
    # time. False renders SVG only. A chart's "Image PNG" download is not made
    # here: the reader's browser draws it from the chart's SVG file.
    "images": True,
    # Processes that render charts on a cache miss (None: one per core).
    "workers": None,
    # d3 locales used for numbers and dates in every chart.
    "format_locale": "fr-FR",
    "time_format_locale": "fr-FR",
    # Default chart size (pixels); a block's width/height override them.
    # Narrow enough that a phone shrinks a chart by less than half.
    "width": 400,
    "height": 260,
    # Vega-Lite config applied to every chart (fonts, colours); it is part of
    # every chart's cache key.
    "vega_config": {
        # vl-convert measures text with the Liberation Sans it embeds; browsers
        # draw it with Liberation Sans or Arial, whose widths are the same, so
        # labels fit. A stack starting with system-ui is measured and drawn
        # with different fonts: labels get cut.
        "font": "Liberation Sans, Arial, Helvetica, sans-serif",
        "background": None,
        "view": {"stroke": None},
        # These exact colours are hooks: the theme's CSS remaps them with
        # attribute selectors (.datachart-svg [fill="#1f5f99"]) for dark mode,
        # so a chart changes colours without being rendered again.
        "mark": {"color": "#1f5f99"},
        "text": {"color": "#333333"},
        "axis": {
            "aria": False,
            "labelColor": "#333333",
            "titleColor": "#333333",
            "gridColor": "#dddddd",
            "domainColor": "#888888",
            "tickColor": "#888888",
            "labelFontSize": 12,
            "titleFontSize": 12,
        },
        "legend": {
            # Above the plot, as newsrooms place colour keys: the chart keeps
            # its width, and fits a phone without a second drawing.
            "orient": "top",
            "aria": False,
            "labelColor": "#333333",
            "titleColor": "#333333",
            "labelFontSize": 12,
            "titleFontSize": 12,
        },
        "title": {"aria": False, "color": "#333333"},
        "range": {"category": ["#1f5f99", "#d9661f", "#2b8a5a", "#b8336a", "#6b5fb5", "#8c6d1f"]},
    },
}


def read_settings(pelican_settings: dict) -> dict:
    """Merge the user's ``DATACHARTS`` over the defaults, naming unknown keys."""
    user = pelican_settings.get("DATACHARTS") or {}
    unknown = [key for key in user if key not in DEFAULTS]
    if unknown:
        raise ValueError(
            f"DATACHARTS: unknown setting {unknown[0]!r}; valid settings: " + choices(unknown[0], DEFAULTS)
        )
    merged = copy.deepcopy(DEFAULTS)
    for key, value in user.items():
        merged[key] = copy.deepcopy(value)
    return merged
