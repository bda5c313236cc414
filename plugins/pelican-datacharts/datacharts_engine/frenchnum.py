"""Numbers written the French way, exactly as the charts' fr-FR locale writes them."""

from __future__ import annotations

import math
import re

NBSP = "\u00a0"  # d3's fr-FR thousands separator
NNBSP = "\u202f"  # narrow no-break space, before %


def format_number(value, decimals: int | None = None, unit: str | None = None) -> str:
    """12.5 -> '12,5'; 2700 -> '2 700'; (62, unit='%') -> '62 %'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        try:
            value = float(value)
        except (TypeError, ValueError):
            return str(value)
    if decimals is None:
        text = f"{value:,.6f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value):,}"
    else:
        text = f"{value:,.{decimals}f}"
    text = text.replace(",", "\x00").replace(".", ",").replace("\x00", NBSP)
    if text.startswith("-"):
        text = "−" + text[1:]
    if unit == "%":
        return f"{text}{NNBSP}%"
    if unit:
        return f"{text}{NBSP}{unit}"
    return text


def french_spacing(text: str) -> str:
    """No line may start with « %, :, ;, ?, ! or » : the space before them is
    made unbreakable (narrow before % ; ! ?, plain no-break before : and »)."""
    text = re.sub(r" ([%;!?])", NNBSP + r"\1", text)
    text = re.sub(r" ([:»])", NBSP + r"\1", text)
    return text.replace("« ", "«" + NBSP)
