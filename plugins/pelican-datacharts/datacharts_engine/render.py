"""Vega-Lite spec -> accessible SVG with ids of its own, via vl-convert."""

from __future__ import annotations

import html
import re

SVG_OPEN_RE = re.compile(r"<svg\b([^>]*)>")
ID_REF_RE = re.compile(r'(\bid=")([^"]+)(")|(url\(#)([^)]+)(\))|(href=")#([^"]+)(")')
SERIES_LABEL_RE = re.compile(
    r'<(?:path|text) (aria-label="[^"]*" role="graphics-symbol" )aria-roledescription="(?:line|area|trail|text) mark"'
)
ROLEDESC_RE = re.compile(r' aria-roledescription="[^"]*"')
ARIA_LABEL_RE = re.compile(r'(\baria-label=")([^"]*)(")')
# « Part des associations (%): 62 » as Vega writes a mark's label: the unit of
# the axis title goes with the value, as the axes, tables and prose write it.
# Only a currency or percent sign in the parentheses: « (en %) » or « (brut) » in a
# column's own name is no unit to move.
UNIT_KEY_RE = re.compile(r"^(?P<name>.+?) \((?P<unit>[%‰€$£]|[kM]€|Md€|[kM]\$)\)$")
NUMBER_TEXT_RE = re.compile(r"[−+-]?\d[\d \u00a0\u202f.,]*")
LINES_RE = re.compile(r"<text\b([^>]*)><tspan\b.*?</text>")
TSPAN_START_RE = re.compile(r"(</tspan><tspan\b[^>]*>)")
EMPTY_TEXT_RE = re.compile(r"<text\b[^>]*/>")
ROOT_BG_RE = re.compile(r'^(<svg\b[^>]*>)<rect width="[^"]*" height="[^"]*" fill="[^"]*"/>')


# The background behind a reference's label where it crosses marks (marks.py):
# a hook the theme turns into its own background (dark mode).
HALO_COLOUR = "#fffffe"


def render_svg(spec: dict, settings: dict) -> str:
    """The raw SVG of a spec, numbers and dates in the configured locale."""
    import vl_convert as vlc  # imported here: a fully cached build never needs it

    from .fonts import register

    register()
    svg = vlc.vegalite_to_svg(
        spec,
        format_locale=settings["format_locale"],
        time_format_locale=settings["time_format_locale"],
        allowed_base_urls=[],
    )
    # A halo (marks.HALO_COLOUR) is a stroke painted under its text's fill, not over it.
    return svg.replace(f'stroke="{HALO_COLOUR}"', f'stroke="{HALO_COLOUR}" paint-order="stroke"')


def accessible_svg(svg: str, anchor: str, title: str, description: str, variant: str = "") -> str:
    """Make a vl-convert SVG safe to put several on a page, and accessible.

    vl-convert numbers clip ids from a global counter (collisions between two
    charts, and ids that depend on render order): every id is renamed from the
    chart's own anchor, in document order. The root gets a French accessible
    name and description; Vega's English labels were turned off in the config.
    """
    prefix = f"{anchor}{variant}-svg"
    names: dict[str, str] = {}

    def rename(old: str) -> str:
        if old not in names:
            names[old] = f"{prefix}-{len(names) + 1}"
        return names[old]

    # First pass in document order so numbering follows the SVG, not refs.
    for match in re.finditer(r'\bid="([^"]+)"', svg):
        rename(match.group(1))

    def replace(match: re.Match) -> str:
        if match.group(1):
            return match.group(1) + rename(match.group(2)) + match.group(3)
        if match.group(4):
            return match.group(4) + rename(match.group(5)) + match.group(6)
        return match.group(7) + "#" + rename(match.group(8)) + match.group(9)

    svg = ID_REF_RE.sub(replace, svg)
    svg = ROOT_BG_RE.sub(r"\1", svg)
    # A text layer writes "" for the rows it leaves to another (a note's
    # place, a label inside or beside its bar): Vega still writes the empty text.
    svg = EMPTY_TEXT_RE.sub("", svg)
    svg = LINES_RE.sub(_lines_apart, svg)
    # A line or area is one path labelled with its first point only: its points
    # (drawn on top, point: true) carry the values instead. Text marks label
    # other marks: they would repeat them, and take the pointer from them.
    svg = SERIES_LABEL_RE.sub(lambda m: m.group(0).replace(m.group(1), ""), svg)
    # Vega's role descriptions are English ("bar", "group mark container").
    svg = ROLEDESC_RE.sub("", svg)
    svg = ARIA_LABEL_RE.sub(lambda m: m.group(1) + _with_units(m.group(2)) + m.group(3), svg)
    title_id, desc_id = f"{anchor}{variant}-titre", f"{anchor}{variant}-desc"
    css = "datachart-svg" + (f" datachart-svg-{variant.strip('-')}" if variant else "")

    def root(match: re.Match) -> str:
        attrs = re.sub(r'\s(class|role|aria-[a-z]+)="[^"]*"', "", match.group(1))
        return (
            f'<svg{attrs} class="{css}" role="img" '
            f'aria-labelledby="{title_id}" aria-describedby="{desc_id}" focusable="false">'
            f'<title id="{title_id}">{html.escape(title)}</title>'
            f'<desc id="{desc_id}">{html.escape(description)}</desc>'
        )

    return SVG_OPEN_RE.sub(root, svg, count=1)


def _lines_apart(match: re.Match) -> str:
    """A text of several lines (a note) is one tspan per line, each trimmed by
    Vega: its words would run together in the SVG's text (what a reader
    copies, what a browser's find searches). A space keeps them apart, on the
    side of each line that does not move it: after a line that starts at its
    anchor, before a line that ends at it (text-anchor end)."""
    text = match.group(0)
    if 'text-anchor="end"' in match.group(1):
        return TSPAN_START_RE.sub(r"\1 ", text)
    return text.replace("</tspan><tspan", " </tspan><tspan")


def _with_units(label: str) -> str:
    """A mark's label with each value followed by the unit its title names:
    « Part des associations: 62 % » (what our tooltips and screen readers read)."""
    parts = []
    for part in html.unescape(label).split("; "):
        key, sep, value = part.partition(": ")
        named = UNIT_KEY_RE.match(key)
        if sep and named and NUMBER_TEXT_RE.fullmatch(value.strip()):
            unit = named.group("unit")
            space = "\u202f" if unit in ("%", "‰") else "\u00a0"
            part = f"{named.group('name')}: {value.strip()}{space}{unit}"
        parts.append(part)
    return html.escape("; ".join(parts), quote=True)
