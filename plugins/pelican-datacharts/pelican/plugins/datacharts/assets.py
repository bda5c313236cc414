"""What a build writes besides the pages: CSV downloads, our script, the runtime, the charts' font;
and the tags that link our stylesheet and script where the theme does not."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import datacharts_engine
from datacharts_engine.fonts import web_fonts
from datacharts_engine.runtime import csp_runtime

STATIC = Path(datacharts_engine.__file__).parent / "static"
ASSETS = ("datacharts.css", "datacharts.js")
# A chart's page to embed links both files itself: a theme's copy says nothing of its pages.
NOT_A_PAGE = "datachart-embed.html"


def write_assets(state, output_path: str) -> None:
    out = Path(output_path)
    made: set[str] = set()
    root = os.fspath(out)
    # Strings, not Path joins: a build writes every chart's files.
    for relative, content in sorted(state.files.items()):
        target = os.path.join(root, relative)
        parent = os.path.dirname(target)
        if parent not in made:
            os.makedirs(parent, exist_ok=True)
            made.add(parent)
        if isinstance(content, Path):  # a file of the chart cache (mode 0644): link it, do not copy it
            _link(content, target)
        else:
            if os.path.lexists(target):  # the last build's file, maybe a link into the cache: never write through it
                os.unlink(target)
            with open(target, "wb") as handle:
                handle.write(content)
            # Published files are readable by the web server, as pages are.
            os.chmod(target, 0o644)
    chart_dir = out / state.project.output_dir
    chart_dir.mkdir(parents=True, exist_ok=True)
    for name in ("datacharts.js", "datacharts.css", "datacharts-embed.js"):
        shutil.copyfile(STATIC / name, chart_dir / name)
    for name, data in web_fonts(state.cache.folder).items():
        (chart_dir / name).write_bytes(data)
    if state.needs_runtime:
        (chart_dir / "vega-runtime.js").write_text(vega_runtime(state), encoding="utf-8")


def _link(blob: Path, target: str) -> None:
    """Pelican may write into the output of its last run (pelican -r): the
    file there may be this very one, or another file (maybe a link to another
    file of the cache, which writing through would change)."""
    try:
        os.link(blob, target)
    except FileExistsError:
        if os.path.samefile(blob, target):
            return
        os.unlink(target)
        os.link(blob, target)
    except OSError:  # no hard links here (another file system)
        if os.path.lexists(target):
            os.unlink(target)
        shutil.copyfile(blob, target)
        os.chmod(target, 0o644)


def vega_runtime(state) -> str:
    """vega, vega-lite, vega-embed and vega-interpreter from the pinned npm
    packages shipped with the engine (built with npm when needed, then
    cached): the expression interpreter lets live charts run under a CSP
    without 'unsafe-eval', which vl-convert's own bundle cannot. Its d3
    locales are vl-convert's, those the static charts are drawn with."""
    import vl_convert as vlc

    locale = {
        "format": vlc.get_format_locale(state.settings["format_locale"]),
        "time": vlc.get_time_format_locale(state.settings["time_format_locale"]),
    }
    cache_dir = state.cache.folder / "runtime" if state.cache.folder else Path(tempfile.mkdtemp())
    return csp_runtime(cache_dir, locale=locale)


def figure_asset_tags(state) -> str:
    """The <link> and <script> that the first figure of each page carries, for
    a theme whose pages do not link datacharts.css and datacharts.js
    (Pelican's default theme): without them both drawings of a chart, wide and
    narrow, show, and there are no tooltips. ``DATACHARTS_LINK_ASSETS``: None
    (default) for those the theme's templates do not name, True for both,
    False for none. External files only: the site may run under a strict CSP."""
    setting = state.pelican_settings.get("DATACHARTS_LINK_ASSETS")
    if setting is False:
        return ""
    named = set() if setting else theme_names(state.pelican_settings)
    tags = []
    if "datacharts.css" not in named:
        tags.append(f'<link rel="stylesheet" href="{state.project.url(f"{state.project.output_dir}/datacharts.css")}">')
    if "datacharts.js" not in named:
        tags.append(f'<script src="{state.project.url(f"{state.project.output_dir}/datacharts.js")}" defer></script>')
    return "".join(tags)


def theme_names(settings) -> set[str]:
    """Which of our two files the theme's templates name: those it links itself."""
    folders = [Path(folder) for folder in settings.get("THEME_TEMPLATES_OVERRIDES") or []]
    if settings.get("THEME"):
        folders.append(Path(settings["THEME"]) / "templates")
    named = set()
    for folder in folders:
        for template in folder.rglob("*") if folder.is_dir() else ():
            if template.is_file() and template.name != NOT_A_PAGE:
                text = template.read_text(encoding="utf-8", errors="replace")
                named.update(name for name in ASSETS if name in text)
    return named
