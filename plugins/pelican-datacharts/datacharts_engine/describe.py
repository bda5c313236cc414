"""What a dataset's page in the catalogue shows, made in the render workers.

Kept apart from ``catalogue`` so that a worker never imports Pelican.
"""

from __future__ import annotations

from .figure import table_of

PREVIEW_ROWS = 100
TYPE_NAMES = {
    "string": "texte", "integer": "nombre entier", "number": "nombre", "boolean": "oui/non",
    "date": "date", "datetime": "date et heure", "year": "année",
}  # fmt: skip


def describe(state, name: str) -> dict:
    """What a dataset's page shows (pandas runs here, on a cache miss only)."""
    dataset = state.dataset(name)
    project = state.project
    csv = dataset.csv_path
    preview = dataset.frame.head(PREVIEW_ROWS)
    titles = {name: info.title or name for name, info in dataset.fields.items()}
    columns, rows = table_of(preview, dataset.fields, titles)
    return {
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
        "csv_url": project.url(f"{project.datasets_dir}/{csv.name}"),
        "descriptor_url": (
            project.url(f"{project.datasets_dir}/{dataset.name}.resource.yaml") if dataset.descriptor_path else None
        ),
        "url": project.url(f"{project.datasets_dir}/{dataset.name}.html"),
    }
