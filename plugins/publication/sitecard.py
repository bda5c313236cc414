"""The site's own 1200×630 card (Open Graph, Twitter) for pages without a chart.

Drawn at build time from the site's name and subtitle, in the colours of the
theme, as a PNG by vl-convert (the fonts it embeds: the same bytes on every
machine). Pages that have a chart use its card instead (the chart plugin's).
"""

from __future__ import annotations

import hashlib
import html
import os
import shutil
import textwrap
from pathlib import Path

SIZE = (1200, 630)


def card_svg(name: str, subtitle: str, source: str) -> str:
    width, height = SIZE
    lines = _wrap(subtitle, 48)[:3]
    texts = "".join(
        f'<text x="80" y="{330 + 52 * i}" font-size="40" fill="#333333">{html.escape(line)}</text>'
        for i, line in enumerate(lines)
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        'font-family="Liberation Sans, sans-serif">'
        f'<rect width="{width}" height="{height}" fill="#fbfaf7"/>'
        f'<rect x="80" y="120" width="120" height="12" fill="#a02c5a"/>'
        f'<text x="80" y="240" font-size="76" font-weight="700" fill="#1b1b1b">{html.escape(name)}</text>'
        f"{texts}"
        f'<text x="80" y="{height - 60}" font-size="26" fill="#595959">{html.escape(source)}</text>'
        "</svg>"
    )


def _wrap(text: str, limit: int) -> list[str]:
    """Lines of at most ``limit`` characters, cut between words only."""
    return textwrap.wrap(text, limit, break_long_words=False, break_on_hyphens=False)


def write_site_card(pelican, cache_root: Path) -> None:
    """``SITE_CARD``: the card's path in the output (none: no card). Kept in
    the cache under its drawing's hash: a build whose card is unchanged does
    not load vl-convert."""
    relative = pelican.settings.get("SITE_CARD")
    if not relative:
        return
    svg = card_svg(
        pelican.settings.get("SITENAME", ""),
        pelican.settings.get("SITESUBTITLE", ""),
        pelican.settings.get("SITE_CARD_SOURCE", ""),
    )
    cached = cache_root / f"site-card-{hashlib.sha256(svg.encode()).hexdigest()[:16]}.png"
    if not cached.is_file():
        import vl_convert as vlc

        cache_root.mkdir(parents=True, exist_ok=True)
        partial = cached.with_name(f".{cached.name}.{os.getpid()}")
        partial.write_bytes(vlc.svg_to_png(svg, scale=1))
        os.replace(partial, cached)  # never a half-written card taken for one
    target = Path(pelican.output_path) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(cached, target)
