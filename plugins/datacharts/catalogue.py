"""The dataset catalogue: donnees/index.html and one page per dataset.

Each page carries the descriptor's metadata, the schema, a preview of the data,
the original CSV and descriptor for download, and the charts that use it.
"""

from __future__ import annotations

import os
from pathlib import Path

from jinja2 import ChoiceLoader, FileSystemLoader
from pelican.generators import Generator

from .errors import EditorError
from .figure import PLUGIN_TEMPLATES, table_of
from .state import get_state

PREVIEW_ROWS = 100
TYPE_NAMES = {
    "string": "texte", "integer": "nombre entier", "number": "nombre", "boolean": "oui/non",
    "date": "date", "datetime": "date et heure", "year": "année",
}  # fmt: skip


class DatasetPagesGenerator(Generator):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The theme's templates first; ours when the theme has none.
        self.env.loader = ChoiceLoader([self.env.loader, FileSystemLoader(str(PLUGIN_TEMPLATES))])
        self.datasets: list[dict] = []

    def generate_context(self):
        state = get_state(self.settings)
        if not state.data_dir.is_dir():
            return
        articles = {
            os.path.relpath(a.source_path, state.root): a
            for a in [*self.context.get("articles", []), *self.context.get("pages", [])]
        }
        for csv in sorted(state.data_dir.glob("*.csv")):
            try:
                dataset = state.dataset(csv.stem)
            except EditorError as exc:
                state.report(exc.located(f"data/{csv.name}"))
                continue
            uses = [
                {"chart": chart, "article": articles.get(chart["source_path"])}
                for chart in state.charts
                if chart["dataset_name"] == dataset.name
            ]
            preview = dataset.frame.head(PREVIEW_ROWS)
            titles = {name: info.title or name for name, info in dataset.fields.items()}
            columns, rows = table_of(preview, dataset.fields, titles)
            self.datasets.append(
                {
                    "name": dataset.name,
                    "title": dataset.title,
                    "description": dataset.description,
                    "sources": dataset.sources,
                    "licenses": dataset.licenses,
                    "rows": len(dataset.frame),
                    "fields": [
                        {
                            "name": f.name,
                            "type": TYPE_NAMES.get(f.type, f.type),
                            "title": f.title or "",
                            "unit": f.unit or "",
                            "description": f.description or "",
                        }
                        for f in dataset.fields.values()
                    ],
                    "preview_columns": columns,
                    "preview_rows": rows,
                    "csv_url": state.url(f"{state.datasets_dir}/{csv.name}"),
                    "descriptor_url": (
                        state.url(f"{state.datasets_dir}/{dataset.name}.resource.yaml")
                        if dataset.descriptor_path
                        else None
                    ),
                    "url": state.url(f"{state.datasets_dir}/{dataset.name}.html"),
                    "uses": uses,
                }
            )
            state.files[f"{state.datasets_dir}/{csv.name}"] = csv.read_bytes()
            if dataset.descriptor_path:
                state.files[f"{state.datasets_dir}/{dataset.name}.resource.yaml"] = Path(
                    dataset.descriptor_path
                ).read_bytes()
        self.context["datasets"] = self.datasets

    def generate_output(self, writer):
        state = get_state(self.settings)
        if not self.datasets:
            return
        writer.write_file(
            f"{state.datasets_dir}/index.html",
            self.get_template("datasets"),
            self.context,
            datasets=self.datasets,
            page_name=f"{state.datasets_dir}/index",
        )
        for dataset in self.datasets:
            writer.write_file(
                f"{state.datasets_dir}/{dataset['name']}.html",
                self.get_template("dataset"),
                self.context,
                dataset=dataset,
                page_name=f"{state.datasets_dir}/{dataset['name']}",
            )
