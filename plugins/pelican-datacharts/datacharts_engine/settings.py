"""The plugin's settings: one ``DATACHARTS`` dict merged over these defaults."""

from __future__ import annotations

import copy

from . import fonts
from .errors import choices

# The category colours, named for the editors' colors: key, in the order
# categories take them. Colour-blind safe in this order: any two neighbours
# stay apart under simulated protanopia, deuteranopia and tritanopia, and each
# reaches 3:1 on a white background (tests/test_colours.py, colours.py's
# thresholds). A theme with a dark mode remaps these exact colours (hooks).
PALETTE = {
    "bleu": "#1f5f99",
    "orange": "#d9661f",
    "vert": "#2b8a5a",
    "violet": "#6b5fb5",
    "ocre": "#8c6d1f",
    "framboise": "#b8336a",
}

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
    # Phones get a second drawing of every chart wider than this (its whole
    # width in pixels, axes and legend included; None: one drawing only),
    # shown by CSS under 36rem: a chart as wide as a desktop's text column
    # shrunk to a phone would have 6-pixel labels. 360: a 390-pixel phone's
    # text column (358 px) or a little more, so the drawing is shown there at
    # 0.99 times, 0.91 on the narrowest phones, 1.1 on the widest.
    "narrow_width": 360,
    # A 1200×630 social card (PNG, for og:image) per article, rendered at build
    # time. False renders SVG only. A chart's "Image PNG" download is not made
    # here: the reader's browser draws it from the chart's SVG file.
    "images": True,
    # Processes that render charts on a cache miss (None: one per core).
    "workers": None,
    # d3 locales used for numbers and dates in every chart.
    "format_locale": "fr-FR",
    "time_format_locale": "fr-FR",
    # Default chart size (pixels); a block's width/height override them. The
    # width is the whole drawing's, axes and legend included (Vega-Lite's
    # fit-x): a little more than the site's text column (765 px at desktop
    # sizes, theme/static/css/site.css), so every chart fills the column and
    # is shown at 0.95 to 1 times; small multiples share it, a pie stays square.
    "width": 800,
    "height": 300,
    # Named colours (colors: {VALUE: COLOUR}): the palette, in category order
    # (it becomes vega_config's range.category unless that is given);
    # « accent », a palette name or a hex colour; « gris », the neutral.
    "palette": PALETTE,
    "accent": "bleu",
    "gris": "#8a8f96",
    # The backgrounds charts are drawn on (light and dark mode): an editor's
    # own hex colour, which no theme remaps, must be legible on each.
    "backgrounds": ["#ffffff", "#15171b"],
    # Vega-Lite config applied to every chart (fonts, colours); it is part of
    # every chart's cache key.
    "vega_config": {
        # vl-convert measures text with Roboto, and datacharts.css serves the
        # same Roboto to the browsers that draw it (fonts.py), so labels fit.
        # A stack starting with system-ui is measured and drawn with
        # different fonts: labels get cut.
        "font": fonts.STACK,
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
            # Labels in proportion to the text: 14 px, shown at 13.3 to 14 px
            # beside the site's 18.4 px text, the size of the figure's caption
            # (0.875rem); on a phone, 14.7 px beside 17 px.
            "labelFontSize": 14,
            "titleFontSize": 14,
            # Tick labels closer than this (pixels) are thinned out (Vega's
            # labelOverlap, on by default for numbers and dates): long French
            # numbers (« 3 000 000 € ») keep a gap even where a reader's
            # font is a little wider than the one vl-convert measures with.
            "labelSeparation": 8,
        },
        "legend": {
            # Above the plot, as newsrooms place colour keys: the chart keeps
            # its width, and fits a phone without a second drawing.
            "orient": "top",
            "aria": False,
            "labelColor": "#333333",
            "titleColor": "#333333",
            "labelFontSize": 14,
            "titleFontSize": 14,
        },
        # Small multiples' headers: the labels' size, and the hook colour the
        # theme remaps for dark mode (Vega's default is black).
        "header": {"labelFontSize": 14, "titleFontSize": 14, "labelColor": "#333333", "titleColor": "#333333"},
        "title": {"aria": False, "color": "#333333"},
        "range": {"category": list(PALETTE.values())},
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
    _check_colours(merged)
    if "palette" in user and "category" not in (user.get("vega_config") or {}).get("range", {}):
        merged["vega_config"].setdefault("range", {})["category"] = list(merged["palette"].values())
    return merged


def _check_colours(merged: dict) -> None:
    import re

    hex_colour = re.compile(r"^#[0-9a-fA-F]{6}$")
    colours = {**merged["palette"], "gris": merged["gris"]}
    colours.update({f"backgrounds[{i}]": c for i, c in enumerate(merged["backgrounds"])})
    for name, colour in colours.items():
        if not isinstance(colour, str) or not hex_colour.match(colour):
            raise ValueError(f"DATACHARTS: colour {name!r} is {colour!r}; write it as #rrggbb")
    accent = merged["accent"]
    if accent not in merged["palette"] and not (isinstance(accent, str) and hex_colour.match(accent)):
        raise ValueError(
            f"DATACHARTS: accent {accent!r} is neither a palette name nor #rrggbb; palette: "
            + choices(str(accent), merged["palette"])
        )
