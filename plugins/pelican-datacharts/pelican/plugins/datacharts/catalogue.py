"""The dataset catalogue: donnees/index.html and one page per dataset.

Each page carries the descriptor's metadata, the schema, a preview of the data,
the original CSV and descriptor for download, the charts that use it, and its
corrections log (the descriptor's ``updates:``, latest first).
"""

from __future__ import annotations

import os
from pathlib import Path

from datacharts_engine.errors import EditorError
from datacharts_engine.state import get_state
from jinja2 import ChoiceLoader, FileSystemLoader
from pelican.generators import Generator

TEMPLATES = Path(__file__).parent / "templates"


class DatasetPagesGenerator(Generator):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The theme's templates first; ours when the theme has none.
        self.env.loader = ChoiceLoader([self.env.loader, FileSystemLoader(str(TEMPLATES))])
        self.datasets: list[dict] = []

    def generate_context(self):
        """Datasets described in the cache are used as they are; the others are
        described with the charts (finalize.py), in the render workers."""
        state = get_state(self.settings)
        if not state.project.data_dir.is_dir():
            return
        for csv in sorted(state.project.data_dir.glob("*.csv")):
            key = state.keys.catalogue_entry(csv.stem)
            entry = state.cache.get(key) if key else None
            if entry is None:
                state.describe_jobs.append((key, csv.stem))
                entry = {"pending": csv.stem}
            self.datasets.append(entry)
            # The bytes its key was hashed from, read once (None: a name the
            # engine refuses, whose loading reports why; its file is still published).
            files = state.keys.dataset_files(csv.stem)
            if files is None:
                descriptor = csv.with_name(f"{csv.stem}.resource.yaml")
                files = (csv.read_bytes(), descriptor.read_bytes() if descriptor.exists() else None)
            state.files[f"{state.project.datasets_dir}/{csv.name}"] = files[0]
            if files[1] is not None:
                state.files[f"{state.project.datasets_dir}/{csv.stem}.resource.yaml"] = files[1]
        state.catalogue = self.datasets  # filled in place when the pending ones are described
        self.context["datasets"] = self.datasets

    def generate_output(self, writer):
        # Runs after every chart of the build is known (finalize.py).
        state = get_state(self.settings)
        if not self.datasets:
            return
        items = {os.path.relpath(i.source_path, state.project.root): i for i in self.context.get("articles", [])}
        items.update({os.path.relpath(i.source_path, state.project.root): i for i in self.context.get("pages", [])})
        uses: dict[str, list] = {}
        for chart in state.charts:  # once, not once per dataset
            uses.setdefault(chart.dataset_name, []).append({"chart": chart, "article": items.get(chart.source_path)})
        for dataset in self.datasets:
            dataset["uses"] = uses.get(dataset["name"], [])
            try:
                dataset["updates"] = list(reversed(state.updates(dataset["name"]).updates))
            except EditorError as exc:  # loading the dataset reported it already
                state.report(exc)
                dataset["updates"] = []
        # With RELATIVE_URLS, Pelican's writer makes SITEURL relative to each
        # page; the templates build the datasets' links from it.
        relative = self.settings["RELATIVE_URLS"]
        writer.write_file(
            f"{state.project.datasets_dir}/index.html",
            self.get_template("datasets"),
            self.context,
            relative_urls=relative,
            datasets=self.datasets,
            page_name=f"{state.project.datasets_dir}/index",
        )
        for dataset in self.datasets:
            writer.write_file(
                f"{state.project.datasets_dir}/{dataset['name']}.html",
                self.get_template("dataset"),
                self.context,
                relative_urls=relative,
                dataset=dataset,
                page_name=f"{state.project.datasets_dir}/{dataset['name']}",
            )
