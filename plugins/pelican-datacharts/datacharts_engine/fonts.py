"""The font charts are measured and drawn with: the same one on both sides.

vl-convert measures every label at build time and places the plot from those
widths; a reader's browser then draws the SVG's text with whatever font it
has. When the two differ, long labels stick out of the drawing and are cut
(Chromium on a Linux machine without Liberation Sans or Arial draws DejaVu
Sans, a fifth wider). So vl-convert measures with Roboto, registered from the
`font-roboto` package, and the site serves that very Roboto, subset to the
characters French charts write and compressed to WOFF2 with fontTools at
build time (datacharts.css declares it): what was measured is what is drawn.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import io
import os
from pathlib import Path

FAMILY = "Roboto"
# The stack of the SVGs' text: our Roboto where the stylesheet reaches (pages,
# embeds), a reader's own Roboto (Android) or fonts close to it elsewhere
# (feed readers); layout margins allow for these (marks.WIDER_FONT).
STACK = f"{FAMILY}, Liberation Sans, Arial, Helvetica, sans-serif"
# The weights a chart writes (labels; axis and legend titles in bold), as the
# files datacharts.css names.
WEBFONTS = {"datacharts-roboto-400.woff2": "Roboto-Regular.ttf", "datacharts-roboto-700.woff2": "Roboto-Bold.ttf"}
# What a French chart writes: Latin-1, Œ œ Ÿ, the non-breaking hyphen, dashes,
# quotes, bullet, ellipsis, the narrow no-break space of « 62 % », ‰, € and
# the minus sign of d3's negative numbers. datacharts.css's unicode-range
# says the same, so any other character comes from the reader's fonts.
RANGES = (
    (0x20, 0x7E),
    (0xA0, 0xFF),
    (0x152, 0x153),
    (0x178, 0x178),
    (0x2011, 0x2011),
    (0x2013, 0x2014),
    (0x2018, 0x201E),
    (0x2022, 0x2022),
    (0x2026, 0x2026),
    (0x202F, 0x202F),
    (0x2030, 0x2030),
    (0x20AC, 0x20AC),
    (0x2212, 0x2212),
)


def font_directory() -> Path:
    import font_roboto

    return Path(font_roboto.font_directory)


@functools.cache
def register() -> None:
    """Let vl-convert measure with Roboto, once per process."""
    import vl_convert as vlc

    vlc.register_font_directory(os.fspath(font_directory()))


def _versions() -> str:
    return ",".join(f"{name}={importlib.metadata.version(name)}" for name in ("font-roboto", "fonttools"))


def web_fonts(cache_folder: Path | None) -> dict[str, bytes]:
    """The WOFF2 files datacharts.css names, from the chart cache when made
    before with the same packages (a cached build never imports fontTools)."""
    made = (2, _versions(), RANGES, sorted(WEBFONTS.items()))  # 2: subsets made without a timestamp
    key = hashlib.sha256(repr(made).encode()).hexdigest()[:16]
    folder = Path(cache_folder) / "fonts" / key if cache_folder else None
    fonts = {}
    for name, source in WEBFONTS.items():
        found = _cached(folder, name) if folder else None
        if found is not None:
            fonts[name] = found
            continue
        fonts[name] = _subset(font_directory() / source)
        if folder is not None:
            # Named after its own digest: a damaged file is made again, never served.
            folder.mkdir(parents=True, exist_ok=True)
            target = folder / f"{name}.{hashlib.sha256(fonts[name]).hexdigest()[:32]}"
            partial = target.with_suffix(f".{os.getpid()}.tmp")
            partial.write_bytes(fonts[name])
            os.replace(partial, target)
    return fonts


def _cached(folder: Path, name: str) -> bytes | None:
    for path in folder.glob(f"{name}.*"):
        if path.suffix == ".tmp":
            continue  # another build's, being written
        data = path.read_bytes()
        if path.suffix == f".{hashlib.sha256(data).hexdigest()[:32]}":
            return data
        path.unlink(missing_ok=True)
    return None


def _subset(path: Path) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.flavor = "woff2"
    options.hinting = False  # browsers do not need it at these sizes; a third of the bytes
    font = TTFont(path, recalcTimestamp=False)  # the same bytes from every build
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[code for first, last in RANGES for code in range(first, last + 1)])
    subsetter.subset(font)
    out = io.BytesIO()
    font.flavor = "woff2"
    font.save(out)
    return out.getvalue()


def unicode_range() -> str:
    """RANGES written as CSS's unicode-range."""
    return ", ".join(f"U+{a:04X}" if a == b else f"U+{a:04X}-{b:04X}" for a, b in RANGES)
