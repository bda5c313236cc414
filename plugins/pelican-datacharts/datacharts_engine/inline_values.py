"""Numbers quoted in the prose, read from a dataset: ``{{ dataset: NAME, column: COL, KEY: VALUE }}``.

Every other key filters the rows; exactly one row must remain. The value is
written the French way (62 %, 12,5, 2 700), with the unit its descriptor gives.
"""

from __future__ import annotations

import html
import re

from .errors import EditorError, choices
from .frenchnum import format_number
from .yamlsrc import load_yaml

INLINE_RE = re.compile(r"\{\{(.+?)\}\}")
CODE_SPAN_RE = re.compile(r"(`+[^`]*`+)")
RESERVED = ("dataset", "column", "decimals")


def replace_inline_values(line: str, path: str, lineno: int, value) -> str:
    """Replace each ``{{ … }}`` of a line with ``value(inner, path, lineno)``."""

    def one(match: re.Match) -> str:
        return value(match.group(1), path, lineno)

    # Code spans (`{{ … }}`) show the syntax itself: leave them alone.
    parts = CODE_SPAN_RE.split(line)
    return "".join(part if index % 2 else INLINE_RE.sub(one, part) for index, part in enumerate(parts))


def inline_value(inner: str, path: str, lineno: int, load) -> str:
    import pandas as pd  # here: a build whose values are all cached never loads pandas

    query = load_yaml("{" + inner + "}", path, first_line=lineno)
    if not isinstance(query, dict) or "dataset" not in query or "column" not in query:
        raise EditorError(
            "une valeur citée s'écrit {{ dataset: NOM, column: COLONNE, colonne: valeur… }}",
            path,
            lineno,
        )
    dataset = load(str(query["dataset"]))
    frame = dataset.frame
    column = str(query["column"])
    if column not in frame.columns:
        raise EditorError(
            f"colonne « {column} » inconnue dans {dataset.name} ; colonnes : {choices(column, frame.columns)}",
            path,
            lineno,
        )
    mask = pd.Series(True, index=frame.index)
    for key, wanted in query.items():
        if key in RESERVED:
            continue
        if key not in frame.columns:
            raise EditorError(
                f"colonne « {key} » inconnue dans {dataset.name} ; colonnes : {choices(key, frame.columns)}",
                path,
                lineno,
            )
        series = frame[key]
        if pd.api.types.is_numeric_dtype(series):
            mask &= series.astype("float64") == float(wanted)
        else:
            mask &= series.astype(str) == str(wanted)
    rows = frame[mask]
    filters = ", ".join(f"{k} = {v}" for k, v in query.items() if k not in RESERVED) or "aucun filtre"
    if len(rows) != 1:
        found = "aucune ligne" if rows.empty else f"{len(rows)} lignes"
        raise EditorError(
            f"la valeur citée de {dataset.name}.{column} ({filters}) correspond à {found} "
            "au lieu d'une : précisez les colonnes qui désignent une seule ligne",
            path,
            lineno,
        )
    value = rows.iloc[0][column]
    info = dataset.fields[column]
    decimals = query.get("decimals")
    if hasattr(value, "item"):
        value = value.item()
    text = format_number(value, decimals=decimals, unit=info.unit) if info.type in ("integer", "number") else str(value)
    return (
        f'<span class="data-value" data-dataset="{html.escape(dataset.name)}" '
        f'title="{html.escape(dataset.title)}">{html.escape(text)}</span>'
    )
