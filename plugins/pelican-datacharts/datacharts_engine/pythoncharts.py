"""``chart: NAME``: a chart written in Python with Altair, ``charts/NAME.py``,
which defines ``DATASET`` and ``build(data)`` returning an Altair chart.

Phones get a narrow drawing of it laid out by the plugin (layout.py) when
its layers share one width. Its module may draw its own instead:
``build_phone(data)`` returns the chart drawn for a phone (``narrow_width``
pixels wide), or ``None`` for none (the desktop drawing, scaled down);
without it, concatenated views and layers of different widths get none.
A live chart on a phone is drawn from that phone drawing's spec: it must
carry interactions (params: selections, bound parameters) if the wide chart
has some, or a reader on a phone would lose them silently (see
``check_phone_params``).

A Python chart is code, run with the rights of whoever builds the site. Its
mistakes are the editor's: an exception is reported at the line of
``charts/NAME.py`` where it was raised, naming the block that uses it.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

from .blocks import ChartBlock
from .errors import EditorError, choices


def chart_path(state, block: ChartBlock) -> Path:
    name = block.get("chart")
    charts_dir = state.project.charts_dir
    path = charts_dir / f"{name}.py"
    if not path.exists():
        known = sorted(p.stem for p in charts_dir.glob("*.py")) if charts_dir.exists() else []
        raise block.error(
            f"le graphique Python « {name} » n'existe pas (aucun fichier charts/{name}.py) ; "
            f"graphiques disponibles : {choices(name, known) or 'aucun'}",
            "chart",
        )
    return path


def load_chart(state, block: ChartBlock):
    """(module, dataset, the Altair chart its build() returned, its phone
    drawing: what build_phone() returned, False for None, None without
    build_phone)."""
    path = chart_path(state, block)
    shown = os.path.relpath(path, state.project.root)
    spec = importlib.util.spec_from_file_location(f"datacharts_user_{block.get('chart')}", path)
    module = importlib.util.module_from_spec(spec)
    _run(lambda: spec.loader.exec_module(module), path, shown, block, "au chargement du fichier")
    declared = getattr(module, "DATASET", None)
    if not block.get("dataset") and not declared:
        raise block.error(f"{shown} ne définit pas DATASET ; ajoutez dataset: au bloc", "chart")
    if not callable(getattr(module, "build", None)):
        raise EditorError(
            f"{shown} ne définit pas de fonction build(data) (bloc chart de {block.path}:{block.line}) ; "
            "ajoutez def build(data): qui renvoie le graphique Altair",
            shown,
        )
    dataset = state.dataset_for(block, "chart", declared)
    chart = _run(lambda: module.build(dataset.frame.copy()), path, shown, block, "dans build(data)")
    _check(chart, "build(data)", module.build, shown, block)
    build_phone = getattr(module, "build_phone", None)
    phone = None
    if callable(build_phone):
        phone = _run(lambda: build_phone(dataset.frame.copy()), path, shown, block, "dans build_phone(data)")
        if phone is None:
            phone = False  # declared: no phone drawing
        else:
            _check(phone, "build_phone(data)", build_phone, shown, block)
    return module, dataset, chart, phone


def _check(chart, call: str, function, shown: str, block: ChartBlock) -> None:
    import altair as alt

    if not isinstance(chart, alt.TopLevelMixin):
        raise EditorError(
            f"{call} renvoie « {type(chart).__name__} » au lieu d'un graphique Altair ; "
            f"terminez par return alt.Chart(data)… (bloc chart de {block.path}:{block.line})",
            shown,
            _line_of_build(function),
        )


def _run(call, path: Path, shown: str, block: ChartBlock, when: str):
    try:
        return call()
    except EditorError:
        raise
    except Exception as exc:  # noqa: BLE001 - the editor's own code: any failure is theirs to fix
        raise EditorError(
            f"le graphique Python a échoué {when} ({type(exc).__name__} : {exc}) ; corrigez le code "
            f"(bloc chart de {block.path}:{block.line})",
            shown,
            _line_in(exc, path),
        ) from None


def _line_in(exc: BaseException, path: Path) -> int | None:
    """The line of the editor's file where the exception was raised (its
    deepest frame in that file), or where Python could not parse it."""
    if isinstance(exc, SyntaxError) and exc.filename and Path(exc.filename) == path:
        return exc.lineno
    line, trace = None, exc.__traceback__
    while trace is not None:
        if Path(trace.tb_frame.f_code.co_filename) == path:
            line = trace.tb_lineno
        trace = trace.tb_next
    return line


def _line_of_build(function) -> int | None:
    code = getattr(function, "__code__", None)
    return code.co_firstlineno if code else None


def param_names(spec) -> set[str]:
    """The names of a spec's params (selections, parameters), in any of its views."""
    if isinstance(spec, list):
        return set().union(*(param_names(item) for item in spec)) if spec else set()
    if not isinstance(spec, dict):
        return set()
    found = {p["name"] for p in spec.get("params") or [] if isinstance(p, dict) and "name" in p}
    for key in ("layer", "hconcat", "vconcat", "concat", "spec"):
        found |= param_names(spec.get(key))
    return found


def check_phone_params(state, block: ChartBlock, module, wide: dict, phone: dict) -> None:
    """A phone drawing of its own (build_phone) without any of the wide
    chart's interactions would make the live chart on a phone a picture:
    refused, naming the missing params. Interactions of its own (other
    params) are the module's choice: a phone is tapped, not hovered."""
    missing = param_names(wide)
    if not missing or param_names(phone):
        return
    shown = os.path.relpath(chart_path(state, block), state.project.root)
    raise EditorError(
        f"build_phone(data) renvoie un graphique sans les interactions de build(data) "
        f"({', '.join(sorted(missing))}) : sur un téléphone, le graphique interactif les perdrait "
        f"(bloc chart de {block.path}:{block.line}) ; ajoutez-y les mêmes sélections (.add_params(…)) "
        "et les conditions qui s'en servent, ou renvoyez None pour garder le dessin large",
        shown,
        _line_of_build(getattr(module, "build_phone", None)),
    )
