"""Vega-Lite spec -> accessible SVG with ids of its own, via vl-convert."""

from __future__ import annotations

import html
import json
import re

from .frenchnum import format_number, parse_number

SVG_OPEN_RE = re.compile(r"<svg\b([^>]*)>")
ID_REF_RE = re.compile(r'(\bid=")([^"]+)(")|(url\(#)([^)]+)(\))|(href=")#([^"]+)(")')
SERIES_LABEL_RE = re.compile(
    r'<(?:path|text) (aria-label="[^"]*" role="graphics-symbol" )aria-roledescription="(?:line|area|trail|text) mark"'
)
ROLEDESC_RE = re.compile(r' aria-roledescription="[^"]*"')
ARIA_LABEL_RE = re.compile(r'(\baria-label=")([^"]*)(")')
HEADER_LABEL_RE = re.compile(r'(<g class="mark-text role-title-text")(?: role="graphics-symbol")? aria-label="[^"]*"')
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
    from .fonts import register

    register()
    unlimited = _unlimited(spec)
    svg = None
    if unlimited is not None:
        fast, limits = unlimited
        svg = _draw(fast, settings)
        if not _labels_fit(svg, limits):
            svg = None  # a label reaches its limit: Vega is to cut it, as the spec says
    if svg is None:
        svg = _draw(spec, settings)
    # A halo (marks.HALO_COLOUR) is a stroke painted under its text's fill, not over it.
    return svg.replace(f'stroke="{HALO_COLOUR}"', f'stroke="{HALO_COLOUR}" paint-order="stroke"')


def _draw(spec: dict, settings: dict) -> str:
    import vl_convert as vlc  # imported here: a fully cached build never needs it

    return vlc.vegalite_to_svg(
        spec,
        format_locale=settings["format_locale"],
        time_format_locale=settings["time_format_locale"],
        allowed_base_urls=[],
    )


# Vega cuts an axis's or a legend's label at its labelLimit (by default 180 and
# 160 px), and to know whether it must, it measures the label twice more (for its
# bounds and again as it writes the SVG), each time laying it out with the
# registered font, whose file vl-convert opens for every glyph: a third of a
# chart's drawing. So a chart is drawn with no limits, then its labels are
# measured from the font's advance widths (fonts.advances); when each is well
# within the smallest limit of its kind, Vega would have cut none and the drawing
# is the same; otherwise it is drawn again as the spec says.
VEGA_LIMITS = {"axis": 180, "legend": 160}
UNLIMITED_COPY = ("datasets", "data", "values")  # shared, not copied
LABEL_GROUP_RE = re.compile(r'<g class="mark-text role-(axis|legend)-label"[^>]*>(.*?)</g>', re.S)
TEXT_RE = re.compile(r"<text\b([^>]*)>(.*?)</text>", re.S)
TSPAN_RE = re.compile(r"<tspan\b[^>]*>(.*?)</tspan>", re.S)
FONT_SIZE_RE = re.compile(r'font-size="([0-9.]+)px"')
# Margins of the measure: kerning and shaping differ a little from the sum of
# advances; a character the subset lacks is drawn from another font.
MEASURE_SLACK, UNKNOWN_EM = 1.05, 1.25


def _unlimited(spec: dict) -> tuple[dict, dict[str, list[float]]] | None:
    """The spec with every axis and legend label limit at 0, and the limits it
    had, by kind; None when a limit is no number (an expression) or a style
    sets one: such a chart is drawn as it is."""
    limits: dict[str, list[float]] = {"axis": [], "legend": []}

    def kind_of(key: str | None) -> str | None:
        if key == "legend":
            return "legend"
        return "axis" if key and key.startswith("axis") else None

    def walk(node, key=None):
        if isinstance(node, list):
            return [walk(item) for item in node]
        if not isinstance(node, dict):
            return node
        copy = {k: v if k in UNLIMITED_COPY else walk(v, k) for k, v in node.items()}
        kind = kind_of(key)
        if kind and "labelLimit" in copy:
            limit = copy["labelLimit"]
            if isinstance(limit, bool) or not isinstance(limit, (int, float)):
                raise ValueError(limit)
            if limit > 0:
                limits[kind].append(limit)
            copy["labelLimit"] = 0
        return copy

    config = spec.get("config") or {}
    if not isinstance(config, dict) or "limit" in json.dumps(config.get("style", {})):
        return None
    try:
        fast = walk(spec)
    except ValueError:
        return None
    config = fast.setdefault("config", {})
    for kind, default in VEGA_LIMITS.items():
        own = config.get(kind) if isinstance(config.get(kind), dict) else {}
        if "labelLimit" not in own:  # Vega's default (set to 0 by walk otherwise)
            limits[kind].append(default)
            config[kind] = {**own, "labelLimit": 0}
    return fast, limits


def _labels_fit(svg: str, limits: dict[str, list[float]]) -> bool:
    """Every axis and legend label of a drawing narrower than the smallest
    limit of its kind, measured with some margin."""
    from .fonts import FAMILY, advances

    widths = advances()
    for kind, text in LABEL_GROUP_RE.findall(svg):
        if not limits[kind]:
            continue
        limit = min(limits[kind])
        for attrs, content in TEXT_RE.findall(text):
            size = FONT_SIZE_RE.search(attrs)
            if size is None or "letter-spacing" in attrs:
                return False
            bold = re.search(r'font-weight="(bold|[6-9]00)"', attrs)
            table = widths["700" if bold else "400"] if f'font-family="{FAMILY}' in attrs else {}
            for line in TSPAN_RE.findall(content) or [content]:
                em = sum(table.get(ord(char), UNKNOWN_EM) for char in html.unescape(line))
                if em * float(size.group(1)) * MEASURE_SLACK >= limit:
                    return False
    return True


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
    # Small multiples' headers are labelled in English (« Title text '2016' ») as
    # data marks (graphics-symbol): the tooltip script and screen readers would
    # meet them as marks. Their text is drawn; the description names the groups.
    svg = HEADER_LABEL_RE.sub(r"\1", svg)
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
            if unit == "€" and (amount := parse_number(value.strip())) is not None:
                value = format_number(amount, unit=unit).removesuffix(f"\u00a0{unit}")  # cents as two digits
            part = f"{named.group('name')}: {value.strip()}{space}{unit}"
        parts.append(part)
    return html.escape("; ".join(parts), quote=True)
