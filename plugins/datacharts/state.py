"""Per-build state: datasets loaded once, charts rendered, mistakes collected.

One ``BuildState`` is created when each build starts (Pelican's
``get_generators`` signal fires once per run, autoreload included), so
nothing leaks from one build into the next.
"""

from __future__ import annotations

import hashlib
import importlib.util
from pathlib import Path

from .blocks import ChartBlock
from .errors import EditorError
from .figure import render_figure, script_json, table_of, template_environment
from .settings import read_settings

STATE_KEY = "DATACHARTS_STATE"


class BuildState:
    def __init__(self, pelican_settings: dict):
        self.settings = read_settings(pelican_settings)
        content = Path(pelican_settings["PATH"]).resolve()
        self.root = content.parent
        self.data_dir = self._path(self.settings["data_path"])
        self.charts_dir = self._path(self.settings["charts_path"])
        self.siteurl = pelican_settings.get("SITEURL", "")
        self.output_dir = self.settings["output_dir"]
        self.datasets_dir = self.settings["datasets_dir"]
        self.env = template_environment(pelican_settings.get("THEME"))
        self.errors: list[EditorError] = []
        self.files: dict[str, bytes] = {}  # output-relative path -> content
        self.needs_runtime = False
        self.charts: list[dict] = []  # every rendered chart, for pages and feeds
        self._datasets: dict = {}

    def _path(self, value: str) -> Path:
        path = Path(value)
        return path if path.is_absolute() else self.root / path

    def url(self, relative: str) -> str:
        return f"{self.siteurl}/{relative}"

    @property
    def runtime_url(self) -> str:
        return self.url(f"{self.output_dir}/vega-runtime.js")

    def dataset(self, name: str):
        """Load a dataset once per build; its error is raised again each time."""
        from .datasets import load_dataset

        key = str(name)
        if key not in self._datasets:
            try:
                self._datasets[key] = load_dataset(key, self.data_dir)
            except EditorError as exc:
                self._datasets[key] = exc
        found = self._datasets[key]
        if isinstance(found, EditorError):
            raise found
        return found

    def report(self, error: EditorError) -> None:
        if str(error) not in {str(e) for e in self.errors}:
            self.errors.append(error)

    def chart_html(self, block: ChartBlock, source_path: str) -> str:
        """Build, render and wrap one chart; raises EditorError on a mistake."""
        from .build_chart import build_chart, to_spec
        from .render import accessible_svg, render_svg

        if block.get("chart"):
            dataset, built = self._python_chart(block, to_spec)
        else:
            try:
                dataset = self.dataset(block.get("dataset"))
            except EditorError as exc:
                raise EditorError(exc.message, exc.path or block.path, exc.line or block.line_of("dataset")) from None
            built = build_chart(block, dataset, self.settings)
        svg = accessible_svg(render_svg(built.spec, self.settings), block.anchor, block.title, block.description)
        csv = built.data.to_csv(index=False, lineterminator="\n").encode("utf-8")
        digest = hashlib.sha256(csv).hexdigest()[:10]
        csv_path = f"{self.output_dir}/{block.anchor}-{digest}.csv"
        self.files[csv_path] = csv
        if built.interactive:
            self.needs_runtime = True
        titles = {}
        for name in built.data.columns:
            info = dataset.fields.get(name) if dataset else None
            titles[name] = (info.title if info else None) or name
        columns, rows = table_of(built.data, dataset.fields if dataset else {}, titles)
        source = block.get("source") or " ; ".join(dataset.sources if dataset else []) or "non précisée"
        chart = {
            "anchor": block.anchor,
            "title": block.title,
            "description": block.description,
            "note": block.get("note"),
            "source": source,
            "svg": _markup(svg),
            "csv_url": self.url(csv_path),
            "dataset_name": dataset.name if dataset else None,
            "dataset_title": dataset.title if dataset else None,
            "dataset_url": self.url(f"{self.datasets_dir}/{dataset.name}.html") if dataset else None,
            "interactive": built.interactive,
            "runtime_url": self.runtime_url,
            "spec_json": script_json(built.spec) if built.interactive else "",
            "table_columns": columns,
            "table_rows": rows,
        }
        self.charts.append({**chart, "source_path": source_path, "line": block.line})
        return render_figure(self.env, chart)

    def _python_chart(self, block: ChartBlock, to_spec):
        """``chart: NAME`` -> charts/NAME.py, which defines DATASET and build(data)."""
        from .build_chart import BuiltChart

        name = block.get("chart")
        path = self.charts_dir / f"{name}.py"
        if not path.exists():
            known = sorted(p.stem for p in self.charts_dir.glob("*.py")) if self.charts_dir.exists() else []
            from .errors import choices

            raise block.error(
                f"le graphique Python « {name} » n'existe pas (aucun fichier charts/{name}.py) ; "
                f"graphiques disponibles : {choices(name, known) or 'aucun'}",
                "chart",
            )
        spec = importlib.util.spec_from_file_location(f"datacharts_user_{name}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        dataset_name = block.get("dataset") or getattr(module, "DATASET", None)
        if not dataset_name:
            raise block.error(f"charts/{name}.py ne définit pas DATASET : ajoutez dataset: au bloc", "chart")
        try:
            dataset = self.dataset(dataset_name)
        except EditorError as exc:
            raise EditorError(exc.message, exc.path or block.path, exc.line or block.line_of("chart")) from None
        chart = module.build(dataset.frame.copy())
        chart = chart.properties(description=block.description)
        spec_dict = to_spec(chart, self.settings, block)
        data = chart.data if hasattr(chart, "data") and hasattr(chart.data, "to_csv") else dataset.frame
        interactive = block.interactive or bool(spec_dict.get("params"))
        return dataset, BuiltChart(spec=spec_dict, data=data, interactive=interactive)


def _markup(svg: str):
    from markupsafe import Markup

    return Markup(svg)  # noqa: S704 - vl-convert escapes data in the SVG it writes


def get_state(settings: dict) -> BuildState:
    state = settings.get(STATE_KEY)
    if state is None:  # a reader used outside a Pelican run (tests, tools)
        state = settings[STATE_KEY] = BuildState(settings)
    return state
