"""``description: auto``: the text a screen reader reads instead of a chart,
written from the plotted data, in French, by chart kind.

« Barres horizontales. Réseaux sociaux : 62 % ; Outils collaboratifs : 43 %. »
Every figure is formatted as in the prose (the field's unit, French
separators). Up to ``LISTED`` marks are each named; beyond, the text gives the
count, the first and last, the least and the greatest, so it stays short
enough to be heard.
"""

from __future__ import annotations

from .frenchnum import format_number, rounded

LISTED = 12
AUTO = "auto"
KINDS = {
    "line": "Courbe",
    "trail": "Courbe",
    "area": "Aire",
    "point": "Nuage de points",
    "circle": "Nuage de points",
    "square": "Nuage de points",
    "tick": "Graduations",
    "rect": "Cases colorées",
    "rule": "Traits",
    "text": "Valeurs écrites",
    "arc": "Secteurs",
}


def wants_auto(description) -> bool:
    """``description: auto``, or a list holding ``auto`` (then the editor's own sentences)."""
    if isinstance(description, str):
        return description.strip() == AUTO
    return isinstance(description, list) and any(str(item).strip() == AUTO for item in description)


def written(description, drafted: str) -> str:
    """The description as published: ``auto`` replaced by the drafted text."""
    items = description if isinstance(description, list) else [description]
    return " ".join(drafted if str(item).strip() == AUTO else str(item).strip() for item in items)


def draft(mark: str, channels: dict, frame, fields: dict, series: list | None = None) -> str:
    """The drafted text; ``channels``: channel -> its definition (field, type);
    ``frame``: the plotted rows (pandas); ``series``: more definitions that
    tell rows apart (a highlight's column)."""
    import pandas as pd  # here: blocks.py imports this module, and a cached build never loads pandas

    def one(channel):
        value = channels.get(channel)
        return value if isinstance(value, dict) and "field" in value and value["field"] in frame.columns else None

    def shown(d, value) -> str:
        if value is None or (isinstance(value, float) and pd.isna(value)):
            return "sans valeur"
        info = fields.get(d["field"])
        if d.get("type") == "quantitative" and getattr(info, "is_year", False) and "aggregate" not in d:
            return str(int(value))  # 2016, not « 2 016 »
        if d.get("type") == "quantitative":
            unit = getattr(info, "unit", None)
            value = value.item() if hasattr(value, "item") else value
            if getattr(info, "decimals", None) is not None:  # a mean: one decimal more than its values
                value = rounded(value, info.decimals)
            return format_number(value, unit=unit)
        if isinstance(value, pd.Timestamp):
            from .frenchdate import date_in_unit

            return date_in_unit(value, d.get("timeUnit"))  # a month's total: « janvier 2023 »
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value.item() if hasattr(value, "item") else value)

    x, y = one("x"), one("y")
    groups = [d for d in (one("color"), one("yOffset"), one("xOffset"), one("column"), one("row")) if d]
    groups += [d for d in series or [] if d["field"] in frame.columns]
    if mark == "arc":
        measure, labels = one("theta"), one("color")
        if measure is None or labels is None:
            return "Secteurs."
        total = frame[measure["field"]].sum()
        parts = []
        for _, row in frame.iterrows():
            share = format_number(100 * row[measure["field"]] / total, decimals=0, unit="%") if total else None
            part = f"{shown(labels, row[labels['field']])} : {shown(measure, row[measure['field']])}"
            parts.append(part + (f" ({share} du total)" if share else ""))
        return _sentence("Secteurs", parts, len(frame))
    if mark == "bar":
        if x and x.get("type") == "quantitative" and (not y or y.get("type") != "quantitative"):
            kind, measure, category = "Barres horizontales", x, y
        else:
            kind, measure, category = "Barres verticales", y, x
    else:
        kind = KINDS.get(mark, "Graphique")
        if y and y.get("type") == "quantitative" and (not x or x.get("type") != "quantitative"):
            measure, category = y, x
        elif x and x.get("type") == "quantitative" and (not y or y.get("type") != "quantitative"):
            measure, category = x, y
        else:
            measure, category = y, x
    if measure is None:
        return f"{kind}, {len(frame)} marques."
    # A bar is named by its category first; a point of a line by its series first.
    order = (category, *groups) if mark == "bar" else (*groups, category)
    labels = [d for d in order if d and d["field"] != measure["field"]]
    labels = list({d["field"]: d for d in labels}.values())

    def label(row) -> str:
        return ", ".join(shown(d, row[d["field"]]) for d in labels) or "valeur"

    if len(frame) <= LISTED:
        parts = [f"{label(row)} : {shown(measure, row[measure['field']])}" for _, row in frame.iterrows()]
        return _sentence(kind, parts, len(frame))
    values = frame[measure["field"]]
    low, high = frame.loc[values.idxmin()], frame.loc[values.idxmax()]
    first, last = frame.iloc[0], frame.iloc[-1]
    return (
        f"{kind}, {len(frame)} valeurs, de {label(first)} ({shown(measure, first[measure['field']])}) "
        f"à {label(last)} ({shown(measure, last[measure['field']])}) ; la plus petite : "
        f"{label(low)} ({shown(measure, low[measure['field']])}), la plus grande : "
        f"{label(high)} ({shown(measure, high[measure['field']])})."
    )


def _sentence(kind: str, parts: list[str], count: int) -> str:
    return f"{kind}. " + " ; ".join(parts) + "." if parts else f"{kind}, sans valeur."
