"""What a build writes besides the pages: CSV downloads, our script, the runtime."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

STATIC = Path(__file__).parent / "static"


def write_assets(state, output_path: str) -> None:
    out = Path(output_path)
    for relative, content in sorted(state.files.items()):
        target = out / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    chart_dir = out / state.output_dir
    chart_dir.mkdir(parents=True, exist_ok=True)
    for name in ("datacharts.js", "datacharts.css"):
        shutil.copyfile(STATIC / name, chart_dir / name)
    if state.needs_runtime:
        (chart_dir / "vega-runtime.js").write_text(vega_runtime(state), encoding="utf-8")


def vega_runtime(state) -> str:
    """vega + vega-lite + vega-embed from the installed vl-convert, with our locale."""
    import vl_convert as vlc

    locale = {
        "format": vlc.get_format_locale(state.settings["format_locale"]),
        "time": vlc.get_time_format_locale(state.settings["time_format_locale"]),
    }
    snippet = (
        "window.vegaEmbed = vegaEmbed; window.vega = vega; window.vegaLite = vegaLite;\n"
        f"window.datachartsLocale = {json.dumps(locale, sort_keys=True)};\n"
    )
    return vlc.javascript_bundle(snippet)
