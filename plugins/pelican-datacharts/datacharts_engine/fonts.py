"""The font charts are measured and drawn with: the same one on both sides.

vl-convert measures every label at build time and places the plot from those
widths; a reader's browser then draws the SVG's text with whatever font it
has. When the two differ, long labels stick out of the drawing and are cut
(Chromium on a Linux machine without Liberation Sans or Arial draws DejaVu
Sans, a fifth wider). So Roboto, from the `font-roboto` package, is subset
with fontTools to the characters French charts write; vl-convert measures
with that subset (TrueType) and the site serves the same subset compressed to
WOFF2 (datacharts.css declares it): what was measured is what is drawn. A
character outside the subset is measured, as browsers draw it, in the next
font of the stack.
"""

from __future__ import annotations

import atexit
import functools
import hashlib
import importlib.metadata
import io
import json
import os
import shutil
import tempfile
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
    """Let vl-convert measure with the Roboto pages load, once per process."""
    import vl_convert as vlc

    vlc.register_font_directory(os.fspath(measured_directory()))


def measured_directory() -> Path:
    """A folder holding the very subset the pages load (web_fonts), as
    TrueType files, for vl-convert to measure with.

    Why not font-roboto's own folder: vl-convert opens and maps a registered
    font's file again for every glyph it measures (thousands of times per
    chart), and that costs in proportion to the file; the 21 KB subset draws a
    chart about 40 % faster than the 300 KB originals, and measures the same
    widths (tests/test_fonts.py). Made once per machine and package versions in
    the user's cache, beside the live-chart runtime's build (runtime.py).
    """
    home = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = Path(home) / "pelican-datacharts" / f"fonts-{_subset_key()}"
    if _complete(folder):
        return folder
    try:
        _make(folder)
    except OSError:  # no writable cache (a read-only home): this process's own folder
        folder = Path(tempfile.mkdtemp(prefix="datacharts-fonts-"))
        atexit.register(shutil.rmtree, folder, True)
        _make(folder)
    return folder


MANIFEST = "SHA256SUMS"
# Beside the fonts: each weight's advance widths, in em, by character (for
# render.py, which checks a drawing's labels against their limits without
# fontTools in the render workers).
ADVANCES = "advances.json"


def _complete(folder: Path) -> bool:
    """Every file named in the folder's manifest, whole (a file cut short by a
    full disk would make vl-convert fall back to another font unsaid)."""
    try:
        lines = (folder / MANIFEST).read_text(encoding="ascii").splitlines()
        found = dict(line.split("  ", 1)[::-1] for line in lines)
        return sorted(found) == sorted([*WEBFONTS.values(), ADVANCES]) and all(
            hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest for name, digest in found.items()
        )
    except (OSError, ValueError):
        return False


def _make(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    lines, advances = [], {}
    for source in sorted(WEBFONTS.values()):
        data = _subset(font_directory() / source)
        _write_atomic(folder / source, data)  # a part being written ends in .tmp: vl-convert loads .ttf only
        lines.append(f"{hashlib.sha256(data).hexdigest()}  {source}\n")
        advances[WEIGHTS[source]] = _advances(data)
    data = json.dumps(advances, sort_keys=True).encode("ascii")
    _write_atomic(folder / ADVANCES, data)
    lines.append(f"{hashlib.sha256(data).hexdigest()}  {ADVANCES}\n")
    _write_atomic(folder / MANIFEST, "".join(lines).encode("ascii"))  # last: the folder is complete


# The weight of each file, as an SVG's font-weight names it.
WEIGHTS = {"Roboto-Regular.ttf": "400", "Roboto-Bold.ttf": "700"}


def _advances(ttf: bytes) -> dict[str, float]:
    """A font's advance width of each character it has, in em."""
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(ttf), lazy=True)
    metrics, em = font["hmtx"].metrics, font["head"].unitsPerEm
    return {str(code): metrics[glyph][0] / em for code, glyph in font.getBestCmap().items()}


@functools.cache
def advances() -> dict[str, dict[int, float]]:
    """The advance widths (em) of the fonts vl-convert measures with, by
    weight ("400", "700") and code point."""
    data = json.loads((measured_directory() / ADVANCES).read_text(encoding="ascii"))
    return {weight: {int(code): width for code, width in table.items()} for weight, table in data.items()}


def _write_atomic(target: Path, data: bytes) -> None:
    partial = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    partial.write_bytes(data)
    os.replace(partial, target)


def _subset_key() -> str:
    made = (4, _versions(), RANGES, sorted(WEBFONTS.items()))  # 4: one subset, TrueType and WOFF2, advances
    return hashlib.sha256(repr(made).encode()).hexdigest()[:16]


def _versions() -> str:
    return ",".join(f"{name}={importlib.metadata.version(name)}" for name in ("font-roboto", "fonttools"))


def web_fonts(cache_folder: Path | None) -> dict[str, bytes]:
    """The WOFF2 files datacharts.css names: the fonts vl-convert measures
    with (measured_directory), compressed; from the chart cache when made
    before with the same packages (a cached build never imports fontTools)."""
    folder = Path(cache_folder) / "fonts" / _subset_key() if cache_folder else None
    fonts = {}
    for name, source in WEBFONTS.items():
        found = _cached(folder, name) if folder else None
        if found is not None:
            fonts[name] = found
            continue
        fonts[name] = _woff2((measured_directory() / source).read_bytes())
        if folder is not None:
            # Named after its own digest: a damaged file is made again, never served.
            folder.mkdir(parents=True, exist_ok=True)
            _write_atomic(folder / f"{name}.{hashlib.sha256(fonts[name]).hexdigest()[:32]}", fonts[name])
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
    """The characters of RANGES from one of font-roboto's files, TrueType."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.hinting = False  # browsers do not need it at these sizes; a third of the bytes
    font = TTFont(path, recalcTimestamp=False)  # the same bytes from every build
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[code for first, last in RANGES for code in range(first, last + 1)])
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _woff2(ttf: bytes) -> bytes:
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(ttf), recalcTimestamp=False)
    font.flavor = "woff2"
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def unicode_range() -> str:
    """RANGES written as CSS's unicode-range."""
    return ", ".join(f"U+{a:04X}" if a == b else f"U+{a:04X}-{b:04X}" for a, b in RANGES)
