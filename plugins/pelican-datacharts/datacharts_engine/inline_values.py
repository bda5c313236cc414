"""Numbers quoted in the prose, read from a dataset: ``{{ dataset: NAME, column: COL, KEY: VALUE }}``.

Every other key filters the rows; exactly one row must remain. The value is
written the French way (62 %, 12,5, 2 700), with the unit its descriptor gives.
"""

from __future__ import annotations

import difflib
import html
import re

from .errors import EditorError, choices
from .frenchnum import format_number
from .typed import absent_value, as_typed, matches, not_of_type
from .yamlsrc import load_yaml

# A quoted value: ``{{`` … ``}}``, possibly wrapped over lines of one paragraph.
INLINE_RE = re.compile(r"\{\{((?:(?!\{\{|\n[ \t]*\n).)*?)\}\}|\{\{", re.S)
RESERVED = ("dataset", "column", "decimals", "_plain")
# Where a value shows as the syntax itself, never replaced (raw HTML).
LITERAL_TAGS = ("code", "pre", "kbd", "samp", "script", "style", "textarea")
_TAG_RE = re.compile(r"(<!--.*?-->|<[^>]*>)", re.S)
_LITERAL_RE = re.compile(r"<(/?)(" + "|".join(LITERAL_TAGS) + r")\b", re.I)


def normal(inner: str) -> str:
    """A value's inside, whatever its line breaks and spaces."""
    return " ".join(inner.split())


def occurrences(text: str, first_line: int, skip=lambda index: False) -> list[tuple[int, str | None]]:
    """(line, inside) of every ``{{`` of a text; ``None`` when it is never closed.
    ``skip(line_index)`` leaves out the lines of code blocks."""
    found = []
    for match in INLINE_RE.finditer(text):
        index = text.count("\n", 0, match.start())
        if not skip(index):
            inner = match.group(1)
            found.append((first_line + index, None if inner is None else normal(inner)))
    return found


def plain(inner: str) -> str:
    """The same value asked as plain text, for where markup cannot go (attributes)."""
    return inner + ", _plain: true"


def literal_depth(html: str, depth: int = 0) -> int:
    """How many literal elements (code, pre…) are still open at the end of ``html``."""
    for match in _LITERAL_RE.finditer(html):
        depth = depth + 1 if not match.group(1) else max(depth - 1, 0)
    return depth


def replace_in_html(html: str, text_value, attribute_value) -> str:
    """Quoted values in a raw HTML fragment: in text, ``text_value(inner)``; inside a
    tag (an attribute), ``attribute_value(inner)``; inside code, pre, kbd… none."""
    out, depth = [], 0
    for index, part in enumerate(_TAG_RE.split(html)):
        if index % 2:  # a tag or a comment
            if not part.startswith("<!--"):
                before, depth = depth, literal_depth(part, depth)
                if before == 0:
                    part = INLINE_RE.sub(lambda m: attribute_value(m.group(1)), part)
        elif depth == 0:
            part = INLINE_RE.sub(lambda m: text_value(m.group(1)), part)
        out.append(part)
    return "".join(out)


def inline_value(inner: str, path: str, lineno: int, load) -> str:
    import pandas as pd  # here: a build whose values are all cached never loads pandas

    query = load_yaml("{" + inner + "}", path, first_line=lineno)
    if isinstance(query, dict) and ("dataset" in query) != ("column" in query):
        # One of the two named: the other is most likely misspelt (« colum: part »).
        wanted = "column" if "dataset" in query else "dataset"
        close = difflib.get_close_matches(wanted, [str(k) for k in query], n=1, cutoff=0.6)
        raise EditorError(
            f"cette valeur citée ne nomme pas sa clé {wanted} ; "
            + (f"écrivez {wanted}: au lieu de {close[0]}:" if close else f"ajoutez {wanted}: NOM")
            + ", comme dans {{ dataset: NOM, column: COLONNE, colonne: valeur… }}",
            path,
            lineno,
        )
    if not isinstance(query, dict) or "dataset" not in query or "column" not in query:
        raise EditorError(
            "cette valeur citée ne nomme pas son jeu de données et sa colonne ; "
            "écrivez {{ dataset: NOM, column: COLONNE, colonne: valeur… }}",
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
    where = {key: wanted for key, wanted in query.items() if key not in RESERVED}
    for key, wanted in where.items():
        if key not in frame.columns:
            raise EditorError(
                f"colonne « {key} » inconnue dans {dataset.name} ; colonnes : {choices(key, frame.columns)}",
                path,
                lineno,
            )
        try:
            mask &= matches(frame[key], wanted)
        except ValueError:
            raise EditorError(
                f"la valeur citée de {dataset.name}.{column} : {not_of_type(key, wanted, frame[key])}",
                path,
                lineno,
            ) from None
    rows = frame[mask]
    filters = ", ".join(f"{k}: {v}" for k, v in where.items()) or "aucun filtre"
    if rows.empty:
        absent = next(((k, v) for k, v in where.items() if not matches(frame[k], v).any()), None)
        reason = (
            absent_value(absent[0], absent[1], frame[absent[0]])
            if absent
            else "aucune ligne n'a toutes ces valeurs ensemble ; vérifiez-les une à une"
        )
        raise EditorError(
            f"la valeur citée de {dataset.name}.{column} ({filters}) ne désigne aucune ligne : {reason}",
            path,
            lineno,
        )
    if len(rows) > 1:
        apart = [c for c in frame.columns if c not in where and c != column and rows[c].nunique(dropna=False) > 1]
        raise EditorError(
            f"la valeur citée de {dataset.name}.{column} ({filters}) désigne {len(rows)} lignes au lieu d'une ; "
            + (
                f"ajoutez la colonne qui les distingue ({', '.join(apart)}), par exemple "
                f"{apart[0]}: {as_typed(rows.iloc[0][apart[0]])}"
                if apart
                else "ces lignes sont en double dans le jeu de données ; retirez les doublons du CSV"
            ),
            path,
            lineno,
        )
    value = rows.iloc[0][column]
    info = dataset.fields[column]
    decimals = query.get("decimals")
    if hasattr(value, "item"):
        value = value.item()
    text = format_number(value, decimals=decimals, unit=info.unit) if info.type in ("integer", "number") else str(value)
    if query.get("_plain"):  # an attribute: the text alone
        return html.escape(text)
    return (
        f'<span class="data-value" data-dataset="{html.escape(dataset.name)}" '
        f'title="{html.escape(dataset.title)}">{html.escape(text)}</span>'
    )
