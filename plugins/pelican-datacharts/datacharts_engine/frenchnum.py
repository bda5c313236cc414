"""Numbers written the French way, exactly as the charts' fr-FR locale writes them."""

from __future__ import annotations

import difflib
import math
import re
from decimal import ROUND_HALF_UP, Decimal

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
    if decimals is None and unit in EUROS and value != int(value):
        decimals = 2  # an amount with cents has two: « 3 150 661,70 € », not « 3 150 661,7 € »
    if decimals is None:
        text = f"{value:,.6f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value):,}"
    else:
        text = f"{rounded(value, decimals):,.{max(decimals, 0)}f}"
    text = text.replace(",", "\x00").replace(".", ",").replace("\x00", NBSP)
    if text.startswith("-"):
        text = "−" + text[1:]
    if unit == "%":
        return f"{text}{NNBSP}%"
    if unit:
        return f"{text}{NBSP}{unit}"
    return text


def rounded(value, decimals: int) -> float:
    """``value`` to ``decimals`` places, a tie away from zero, as d3's
    format (JavaScript's toFixed) rounds the float's exact value: 62.5 -> 63
    and 1.25 -> 1.3, the figures the axes and tooltips write (Python's
    round() gives 62 and 1.2)."""
    if isinstance(value, float) and not math.isfinite(value):
        return value
    step = Decimal(1).scaleb(-decimals)
    return float(Decimal(value).quantize(step, rounding=ROUND_HALF_UP))


def french_spacing(text: str) -> str:
    """No line may start with « %, :, ;, ?, ! or » : the space before them is
    made unbreakable (narrow before % ; ! ?, plain no-break before : and »)."""
    text = re.sub(r" ([%;!?])", NNBSP + r"\1", text)
    text = re.sub(r" ([:»])", NBSP + r"\1", text)
    return text.replace("« ", "«" + NBSP)


# ``format:`` of a chart, in words: how a number is written on a label, an
# axis or a legend. The scales divide and add their symbol before the unit
# (« 1,2 M€ », « 2,7 k »).
FRENCH_FORMATS = ("pourcent", "milliers", "millions", "milliards", "euros")
SCALES = {"milliers": (1e3, "k"), "millions": (1e6, "M"), "milliards": (1e9, "Md")}
EUROS = ("€", "euros", "EUR")
# d3-format's own grammar of a format string (d3-format/src/formatSpecifier.js).
D3_FORMAT_RE = re.compile(r"^(?:(.)?([<>=^]))?([+\-( ])?([$#])?(0)?(\d+)?(,)?(\.\d+)?(~)?([a-z%])?$", re.I)


def _suffix(fmt: str | None, unit: str | None) -> str:
    """What follows the number: « %», « €», « M€», « k personnes »."""
    unit = "€" if fmt == "euros" or unit in EUROS else unit
    if fmt == "pourcent":
        unit = "%"
    symbol = SCALES[fmt][1] if fmt in SCALES else ""
    if symbol and unit == "€":
        return f"{NBSP}{symbol}€"
    if symbol:
        return f"{NBSP}{symbol}" + (f" {unit}" if unit else "")
    if unit == "%":
        return f"{NNBSP}%"
    return f"{NBSP}{unit}" if unit else ""


def format_as(value, fmt: str | None, unit: str | None) -> str:
    """A value as a chart's label writes it: (62, 'pourcent') -> '62 %';
    (1_200_000, 'millions', '€') -> '1,2 M€'; (2700, None) -> '2 700'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if fmt in SCALES:
        value = rounded(float(value) / SCALES[fmt][0], 1)
        if value == 0:  # « 0 », not « 0 k »: nothing to scale (« 0 € » keeps its unit)
            return format_number(0) + _suffix(None, unit)
        return format_number(value) + _suffix(fmt, unit)
    euros = fmt == "euros" or (unit in EUROS and fmt in (None, "euros"))
    cents = euros and isinstance(value, float) and not value.is_integer()
    return format_number(value, decimals=2 if cents else None) + _suffix(fmt, unit)  # « 164 253,90 € »


def d3_unit(fmt: str, unit: str | None) -> str:
    """What follows a number written with a d3 format: the field's unit,
    unless the format writes a percent sign of its own (« .0% »)."""
    return "" if fmt.strip().endswith(("%", "p")) else _suffix(None, unit)


def format_expression(fmt: str, unit: str | None) -> str:
    """The same writing as a Vega expression for an axis's or legend's labels
    (``datum.value``). Only our own text goes in: the number format, and the
    unit as a JSON string literal (every quote and line separator escaped)."""
    import json

    value = f"datum.value / {SCALES[fmt][0]:g}" if fmt in SCALES else "datum.value"
    digits = ",.1~f" if fmt in SCALES else ",.6~f"
    written = f"format({value}, '{digits}') + {json.dumps(_suffix(fmt, unit))}"
    if fmt in SCALES:  # zero as format_as writes it: « 0 », « 0 € », not « 0 k »
        return f"abs({value}) < 0.05 ? '0' + {json.dumps(_suffix(None, unit))} : {written}"
    return written


def format_name_problem(fmt) -> str | None:
    """Why ``fmt`` is no format at all, whatever the values (None: it is one)."""
    if not isinstance(fmt, str) or not fmt.strip():
        return f"« {fmt} » n'est pas un format ; formats possibles : {', '.join(FRENCH_FORMATS)}, ou un format d3"
    if fmt not in FRENCH_FORMATS and not D3_FORMAT_RE.match(fmt):
        close = difflib.get_close_matches(fmt.strip().lower(), FRENCH_FORMATS, n=1, cutoff=0.6)
        return f"« {fmt} » n'est ni un format en mots ({', '.join(FRENCH_FORMATS)}) ni un format d3 ; " + (
            f"écrivez format: {close[0]}" if close else "écrivez l'un d'eux (par exemple format: pourcent, ou « ,.0f »)"
        )
    return None


def format_problem(fmt, values, unit: str | None) -> str | None:
    """Why ``format: fmt`` would write these values wrong (None: it would not).
    ``values``: the column's numbers (a pandas Series), or None for text."""
    if (problem := format_name_problem(fmt)) is not None:
        return problem
    if fmt not in FRENCH_FORMATS:
        if values is not None and re.search(r"[%p]$", fmt.strip()):
            top = float(values.dropna().astype("float64").abs().max() or 0)
            if top > 1:
                return (
                    f"le format « {fmt} » multiplie les valeurs par 100, or elles vont jusqu'à "
                    f"{format_number(top)} (déjà en pourcentage) ; écrivez format: pourcent"
                )
        return None
    if values is None:
        return (
            f"format: {fmt} ne s'applique qu'à une colonne de nombres ; "
            "retirez format:, ou déclarez la colonne type: number"
        )
    numbers = values.dropna().astype("float64").abs()
    top = float(numbers.max()) if len(numbers) else 0.0
    if fmt == "pourcent":
        if unit not in (None, "%"):
            return (
                f"format: pourcent sur une colonne en « {unit} » (son unité dans le descripteur) ; "
                f"retirez format: pour écrire les valeurs en {unit}, ou choisissez un format de son unité"
                f"{' (euros, milliers, millions, milliards)' if unit in EUROS else ''}"
            )
        if unit is None and top > 100:
            return (
                f"format: pourcent écrit des parts de 0 à 100, or les valeurs vont jusqu'à {format_number(top)} ; "
                'si ce sont des pourcentages, déclarez unit: "%" dans le descripteur, sinon retirez format:'
            )
        if 0 < top <= 1 and not numbers.map(float.is_integer).all():
            return (
                f"format: pourcent écrit les valeurs telles quelles (62 → « 62 % »), or elles vont jusqu'à "
                f"{format_number(top)} (des parts de 1) ; multipliez-les par 100 dans les données, "
                "ou écrivez le format d3 « .0% »"
            )
        return None
    if unit == "%":
        return f"format: {fmt} sur une colonne en pourcentage ; écrivez format: pourcent"
    if fmt == "euros" and unit not in (None, *EUROS):
        return (
            f"format: euros sur une colonne en « {unit} » (son unité dans le descripteur) ; "
            "retirez format:, ou corrigez l'unité (unit:) dans le descripteur"
        )
    if fmt in SCALES and top and top < SCALES[fmt][0]:
        smaller = [name for name, (scale, _) in SCALES.items() if top >= scale]
        hint = f"choisissez {smaller[-1]}" if smaller else "retirez format:"
        return (
            f"format: {fmt} écrirait « {format_as(top, fmt, unit).strip()} » pour la plus grande valeur "
            f"({format_number(top)}) ; {hint}"
        )
    return None


def parse_number(text: str) -> float | None:
    """A number as format_number writes it back to a float ('45 %' -> 45.0,
    '2 700' -> 2700.0, '−1,5' -> -1.5); None when the text is not one."""
    match = re.match(r"^\s*([−-]?)(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:,(\d+))?(?:[ \u00a0\u202f]\D*)?$", text)
    if not match:
        return None
    sign, whole, decimals = match.groups()
    number = float(re.sub(r"\D", "", whole) + ("." + decimals if decimals else ""))
    return -number if sign else number
