"""One chart block -> its figure HTML and files (CSV, SVG, card, embed page).

Only called on a cache miss: this is where pandas, Altair and vl-convert run.
Three steps, so the middle one (vl-convert) can run in worker processes:
prepare (spec, here), render (pictures, anywhere), assemble (HTML, here).
"""

from __future__ import annotations

import dataclasses
import html
import re
import textwrap
from dataclasses import dataclass

from markupsafe import Markup

from . import fonts
from .blocks import ChartBlock
from .figure import UPDATES_SLOT, FigureView, render_figure, script_json, table_of, table_order
from .frenchnum import french_spacing
from .jobs import ChartRecord, RenderedChart
from .layout import narrow_spec, wants_narrow
from .names import chart_base, versioned

CARD_SIZE = (1200, 630)


@dataclass
class Prepared:
    """A chart ready to render: everything but the pictures."""

    block: ChartBlock
    dataset: object
    spec: dict
    data: object
    interactive: bool
    first: bool
    phone: dict | bool | None = None  # BuiltChart.phone
    titles: dict | None = None  # BuiltChart's: the data table's header, dates and units
    time_units: dict | None = None
    fields: dict | None = None
    table_index: list | None = None
    floored: dict | None = None  # BuiltChart's


def prepare_chart(state, block: ChartBlock, first: bool) -> Prepared:
    """Block + data -> Vega-Lite spec (pandas and Altair, in this process)."""
    from .build_chart import build_chart, to_spec

    if block.get("chart"):
        dataset, built = python_chart(state, block, to_spec)
    else:
        dataset = state.dataset_for(block, "dataset")
        built = build_chart(block, dataset, state.settings)
        if built.description is not None:
            block.options["description"] = built.description
    return Prepared(
        block,
        dataset,
        built.spec,
        built.data,
        built.interactive,
        first,
        built.phone,
        built.titles,
        built.time_units,
        built.fields,
        built.table_index,
        built.floored,
    )


def render_pictures(
    spec: dict,
    settings: dict,
    anchor: str,
    title: str,
    description: str,
    first: bool,
    source: str = "",
    phone: dict | bool | None = None,
) -> dict:
    """Spec -> SVG (wide, and narrow for phones), card. Pure: safe in a worker process.

    No PNG per chart: the reader's browser draws one from the exported SVG
    file (``export_svg``, made when the figure is assembled)
    when asked (datacharts.js); only the social card must exist as a file.

    ``phone``: a Python chart's own phone drawing (its build_phone()), False
    when it declared none; None: the plugin's (layout.narrow_spec)."""
    from .render import accessible_svg, render_svg

    static = static_spec(spec)
    raw = render_svg(static, settings)
    narrow = None
    if isinstance(phone, dict) or (phone is None and _wants_narrow(static, raw, settings)):
        narrow_raw = render_svg(static_spec(phone) if phone else narrow_spec(static, settings), settings)
        narrow = accessible_svg(narrow_raw, anchor, title, description, variant="-etroit")
        svg = accessible_svg(raw, anchor, title, description, variant="-large")
    else:
        svg = accessible_svg(raw, anchor, title, description)
    return {
        "raw": raw,
        "svg": svg,
        "narrow": narrow,
        "card": svg_png(card_svg(raw, title, source), scale=1) if first and settings["images"] else None,
    }


def csv_of(data, floored: dict | None) -> str:
    """The chart's rows as its CSV download: dates grouped here written to
    their unit's precision (« 2016-03 », « mars »: not « 2012-03-01 », the
    year Vega floors a month of any year into)."""
    if floored:
        from .frenchdate import date_in_file

        data = data.assign(
            **{
                column: data[column].map(lambda v, u=unit: date_in_file(v, u) if hasattr(v, "strftime") else v)
                for column, unit in floored.items()
                if column in data.columns
            }
        )
    return data.to_csv(index=False, lineterminator="\n")


def assemble_chart(state, prepared: Prepared, pictures: dict) -> RenderedChart:
    """Pictures + metadata -> the cache entry: figure HTML, files, record.

    Files are named after the article and the anchor (``names.py``); every
    link to them carries the version of its bytes (``?v=``)."""
    block, dataset = prepared.block, prepared.dataset
    project = state.project
    spec_text = script_json(prepared.spec)
    base = chart_base(project.output_dir, block.path, block.anchor)
    files = {
        f"{base}.csv": csv_of(prepared.data, prepared.floored).encode("utf-8"),
    }
    card_url = None
    if pictures["card"] is not None:
        files[f"{base}.png"] = pictures["card"]
        card_url = versioned(project.url(f"{base}.png"), pictures["card"])
    titles = dict(prepared.titles or {})
    for name in prepared.data.columns:
        info = dataset.fields.get(name)
        titles.setdefault(name, (info.title if info else None) or name)
    shown = table_order(prepared.data, prepared.spec, prepared.table_index)
    columns, rows = table_of(shown, prepared.fields or dataset.fields, titles, prepared.time_units)
    source = block.get("source") or " ; ".join(dataset.sources) or "non précisée"
    # The file readers download (and the PNG their browser draws from it)
    # says what it is and where it comes from, once shared on its own.
    files[f"{base}.svg"] = export_svg(
        pictures["svg"],
        french_spacing(block.title),
        french_spacing(source),
        project.site_name,
        " ; ".join(dataset.licenses),
    ).encode("utf-8")
    width, height = _size(pictures["raw"])
    chart = FigureView(
        anchor=block.anchor,
        title=french_spacing(block.title),
        description=french_spacing(block.description),
        note=french_spacing(str(block.get("note"))) if block.get("note") else None,
        source=french_spacing(source),
        svg=Markup(pictures["svg"]),  # noqa: S704 - vl-convert escapes the data it writes
        svg_narrow=Markup(pictures["narrow"]) if pictures.get("narrow") else None,  # noqa: S704
        csv_url=versioned(project.url(f"{base}.csv"), files[f"{base}.csv"]),
        svg_url=versioned(project.url(f"{base}.svg"), files[f"{base}.svg"]),
        # The embed page's own version is known once it is written, below.
        embed_url=project.url(f"{base}.html"),
        embed_absolute_url=project.absolute_url(f"{base}.html"),
        embed_height=height + 260,
        width=width,
        dataset_name=dataset.name,
        dataset_title=dataset.title,
        dataset_url=project.url(f"{project.datasets_dir}/{dataset.name}.html"),
        interactive=prepared.interactive,
        runtime_url=project.runtime_url,
        spec_json=spec_text if prepared.interactive else "",
        phone_spec_json=_phone_spec_json(prepared, pictures, state.settings),
        table_columns=columns,
        table_rows=rows,
        base=base,
        # From the embed page's folder to the chart folder, where the plugin's
        # stylesheet and scripts are: the page works wherever the site is served.
        assets_url="../" * (base.count("/") - project.output_dir.count("/") - 1),
    )
    embedded = Markup(  # noqa: S704 - our templates' output
        render_figure(state.env, dataclasses.replace(chart, embedded=True)).replace(
            UPDATES_SLOT, _latest_update(state, dataset.name)
        )
    )
    page = state.env.get_template("datachart-embed.html").render(
        chart=chart, figure=embedded, siteurl=project.siteurl, csp=state.pelican_settings.get("CSP")
    )
    files[f"{base}.html"] = page.encode("utf-8")
    chart = dataclasses.replace(
        chart,
        embed_url=versioned(chart.embed_url, files[f"{base}.html"]),
        embed_absolute_url=versioned(chart.embed_absolute_url, files[f"{base}.html"]),
    )
    figure = render_figure(state.env, chart)
    record = ChartRecord(
        anchor=block.anchor,
        title=block.title,
        dataset_name=dataset.name,
        interactive=prepared.interactive,
        card_url=card_url,
        svg_url=chart.svg_url,
        source_path=block.path,
        line=block.line,
    )
    return RenderedChart(html=figure, files=files, record=record)


def _latest_update(state, name: str) -> str:
    """On the embed page, shown on partners' sites with no article around it:
    the dataset's latest update (« Données mises à jour le … »), whatever the
    article's date; nothing when the dataset has none."""
    from .frenchdate import date_fr

    log = state.updates(name)
    if not log.updates:
        return ""
    latest = log.updates[-1]  # oldest first
    notice = {"date": latest.date, "date_fr": date_fr(latest.date), "note": latest.note}
    return state.env.get_template("datachart-updates.html").render(notices=[notice]).strip()


def _phone_spec_json(prepared: Prepared, pictures: dict, settings: dict) -> str:
    """A live Python chart on a phone is its narrow drawing's spec, links
    kept (datacharts.js): the wide spec at the phone's width would lose what
    the narrow drawing relaid out (its module's build_phone, lines). Params
    are kept too: narrow_spec copies the wide spec whole, and a build_phone
    chart without the wide one's params is refused (check_phone_params)."""
    if not prepared.interactive or not pictures.get("narrow") or not prepared.block.get("chart"):
        return ""
    phone = prepared.phone if isinstance(prepared.phone, dict) else narrow_spec(prepared.spec, settings)
    return script_json(phone)


def python_chart(state, block: ChartBlock, to_spec):
    """``chart: NAME`` -> charts/NAME.py, which defines DATASET and build(data)."""
    from .build_chart import BuiltChart
    from .pythoncharts import check_phone_params, load_chart, param_names

    module, dataset, chart, phone = load_chart(state, block)
    chart = chart.properties(description=block.description)
    spec_dict = to_spec(chart, state.settings, block)
    data = chart.data if hasattr(chart, "data") and hasattr(chart.data, "to_csv") else dataset.frame
    if phone and not state.settings.get("narrow_width"):
        phone = False  # the site draws no phone drawings
    if phone:
        phone = phone_spec(to_spec(phone.properties(description=block.description), state.settings, block), state)
        # The live chart on a phone is drawn from this spec (_phone_spec_json):
        # it keeps the wide chart's interactions, or the build says so.
        check_phone_params(state, block, module, spec_dict, phone)
    # Params in any view (or only in the phone's drawing) make the chart live.
    wants_live = param_names(spec_dict) or (isinstance(phone, dict) and param_names(phone))
    interactive = block.interactive or bool(wants_live) or has_links(spec_dict)
    return dataset, BuiltChart(spec=spec_dict, data=data, interactive=interactive, phone=phone)


def phone_spec(spec: dict, state) -> dict:
    """A Python chart's own phone drawing, at the phone's width when it is
    one view or layers of one width (its module need not know the number)."""
    from .layout import python_narrow, shares_width

    single = not any(key in spec for key in ("layer", "hconcat", "vconcat", "concat", "repeat", "facet"))
    if single or ("layer" in spec and shares_width(spec)):
        python_narrow(spec, state.settings["narrow_width"])
    return spec


def _wants_narrow(spec: dict, raw_svg: str, settings: dict) -> bool:
    """Every chart wider than a phone, pies and small multiples included (layout.py)."""
    return wants_narrow(spec, _size(raw_svg)[0], settings)


def static_spec(spec):
    """The spec the static SVG is drawn from: no links (vl-convert cannot draw
    them, and a static picture has nothing to click: the live chart has them,
    through Vega's URL sanitizer, which refuses javascript: URLs)."""
    if isinstance(spec, dict):
        return {
            key: static_spec(value)
            for key, value in spec.items()
            if not (key == "href" and (isinstance(value, (dict, str))))
        }
    if isinstance(spec, list):
        return [static_spec(value) for value in spec]
    return spec


def has_links(spec) -> bool:
    return static_spec(spec) != spec


def _size(svg: str) -> tuple[int, int]:
    match = re.search(r'<svg\b[^>]*\bwidth="([\d.]+)"[^>]*\bheight="([\d.]+)"', svg)
    return (round(float(match.group(1))), round(float(match.group(2)))) if match else (600, 400)


EXPORT_FONT = f'font-family="{fonts.STACK}"'  # what the drawing was measured with, and its neighbours


def export_svg(svg: str, title: str, source: str, site_name: str, licence: str) -> str:
    """The chart as a file of its own, as newsrooms export theirs: the title
    above the drawing; source, site and licence in a footer below; a white
    background; the accessible name and description of the drawing kept."""
    width, height = _size(svg)
    margin = 12
    title_lines = _wrap(title, max(int((width - 2 * margin) / 9), 20))
    footer = [f"Source : {source}"]
    credit = " · ".join(part for part in (site_name, f"Licence : {licence}" if licence else "") if part)
    footer_lines = [line for text in footer for line in _wrap(text, max(int((width - 2 * margin) / 6.2), 30))]
    if credit:
        footer_lines += _wrap(credit, max(int((width - 2 * margin) / 6.2), 30))
    top = margin + 22 * len(title_lines) + 6
    total = top + height + 8 + 17 * len(footer_lines) + margin
    texts = "".join(
        f'<text x="{margin}" y="{margin + 16 + 22 * i}" font-size="17" font-weight="700" fill="#1a1a1a">'
        f"{html.escape(line)}</text>"
        for i, line in enumerate(title_lines)
    )
    texts += "".join(
        f'<text x="{margin}" y="{top + height + 8 + 12 + 17 * i}" font-size="12" fill="#4a4a4a">'
        f"{html.escape(line)}</text>"
        for i, line in enumerate(footer_lines)
    )
    chart = re.sub(r"^<svg\b", f'<svg x="0" y="{top}"', svg.strip(), count=1)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="{width}" '
        f'height="{total}" viewBox="0 0 {width} {total}" {EXPORT_FONT}>'
        f'<rect width="100%" height="100%" fill="#ffffff"/>{texts}{chart}</svg>'
    )


def card_svg(raw_svg: str, title: str, source: str = "") -> str:
    """A 1200×630 social card: the title above the chart, scaled to fit."""
    width, height = _size(raw_svg)
    card_w, card_h = CARD_SIZE
    margin, top = 48, 160
    scale = min((card_w - 2 * margin) / width, (card_h - top - 44) / height, 2.5)
    inner = re.sub(r"^<svg\b([^>]*)>", "", raw_svg.strip())[: -len("</svg>")]
    x = (card_w - width * scale) / 2
    lines = _wrap(title, 56)
    if len(lines) > 3:  # never a title cut mid-sentence without saying so
        lines = [*lines[:2], lines[2] + " …"]
    size = 34 if len(lines) < 3 else 28
    texts = "".join(
        f'<text x="{margin}" y="{58 + (size + 8) * i}" font-family="Liberation Sans, sans-serif" font-size="{size}" '
        f'font-weight="700" fill="#1a1a1a">{html.escape(line)}</text>'
        for i, line in enumerate(lines)
    )
    if source:
        texts += (
            f'<text x="{margin}" y="{card_h - 18}" font-family="Liberation Sans, sans-serif" font-size="18" '
            f'fill="#4a4a4a">Source : {html.escape(source[:110])}</text>'
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="{card_w}" '
        f'height="{card_h}" viewBox="0 0 {card_w} {card_h}"><rect width="100%" height="100%" fill="#ffffff"/>'
        f'{texts}<svg x="{x:.1f}" y="{top}" width="{width * scale:.1f}" height="{height * scale:.1f}" '
        f'viewBox="0 0 {width} {height}">{inner}</svg></svg>'
    )


def _wrap(text: str, limit: int) -> list[str]:
    """Lines of at most ``limit`` characters, cut between words only."""
    return textwrap.wrap(text, limit, break_long_words=False, break_on_hyphens=False)


def svg_png(svg: str, scale: float = 2.0) -> bytes:
    import vl_convert as vlc

    return vlc.svg_to_png(svg, scale=scale)


__all__ = ["assemble_chart", "prepare_chart", "render_pictures"]
