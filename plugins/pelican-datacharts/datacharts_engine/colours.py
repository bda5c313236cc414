"""Colours: the site palette, the colours an editor names (``colors:``), and
the checks that keep them apart for colour-blind readers and legible on the
light and the dark background.

Two measures, both from coloraide (a maintained colour-science library):

- distinguishable: two colours differ by at least ``MIN_DELTA_E`` (CIEDE2000)
  as seen with normal vision and as simulated for protanopia, deuteranopia
  and tritanopia (Machado, Oliveira and Fernandes 2009, full severity).
  10 is about five times the just-noticeable difference of large flat areas,
  the margin the palette-checking tools of the field (Viz Palette, after
  Stone and Szafir 2014) ask of small marks such as legend swatches and thin
  lines;
- legible: contrast ratio at least ``MIN_CONTRAST`` against each background
  (WCAG 2.1, 1.4.11 « non-text contrast », 3:1 for the parts of a graphic
  needed to understand it).
"""

from __future__ import annotations

import contextlib
import json
import re

import pandas as pd

from .errors import Mistakes, choices
from .typed import WORDS, as_boolean
from .typed import as_typed as _written

MIN_DELTA_E = 10.0
MIN_CONTRAST = 3.0
DEFICIENCIES = {"protan": "protanope", "deutan": "deutéranope", "tritan": "tritanope"}
HEX_RE = re.compile(r"^#[0-9a-fA-F]{6}$")


def palette(settings: dict) -> dict[str, str]:
    """The site's named category colours, in the order categories take them."""
    return dict(settings["palette"])


def named(settings: dict) -> dict[str, str]:
    """Every colour an editor may name: the palette's, plus accent and gris."""
    return {**palette(settings), "accent": resolve(settings["accent"], settings), "gris": settings["gris"]}


def resolve(colour: str, settings: dict) -> str:
    """A palette name or a hex colour -> its hex colour (settings only)."""
    return settings["palette"].get(colour, colour)


def contrast(colour: str, background: str) -> float:
    from coloraide import Color

    return Color(colour).contrast(background)


def difference(first: str, second: str) -> tuple[float, str | None]:
    """The smallest CIEDE2000 difference of two colours over normal vision and
    the three simulated deficiencies, and the deficiency where it is reached
    (None: normal vision)."""
    from coloraide import Color

    a, b = Color(first), Color(second)
    worst, where = a.delta_e(b, method="2000"), None
    for deficiency in DEFICIENCIES:
        seen = a.filter(deficiency, method="machado").delta_e(b.filter(deficiency, method="machado"), method="2000")
        if seen < worst:
            worst, where = seen, deficiency
    return worst, where


def apply_colours(block, channels: dict, frame: pd.DataFrame, settings: dict, text_order=str) -> None:
    """``colors: {VALUE: COLOUR}`` -> the colour channel's scale (domain and
    range), written into ``channels["color"]``; values not named take the
    palette's colours not yet used, in order. Refuses, naming the fix, a value
    absent from the data, an unknown colour, a hex colour illegible on one of
    the backgrounds and two colours a colour-blind reader would confuse.
    ``text_order`` is the sort key of text values (the legend's order)."""
    wanted = block.get("colors")
    if wanted is None:
        return
    color = channels.get("color")
    if not isinstance(wanted, dict) or not wanted:
        raise block.error(
            'colors attend une couleur par valeur ; écrivez par exemple colors: {"2013": gris, "2016": accent}',
            "colors",
        )
    if not isinstance(color, dict) or "field" not in color:
        raise block.error("colors colore les valeurs de color:, absent du bloc ; ajoutez color: COLONNE", "colors")
    raw = block.encodings.get("color") or {}
    if "type" not in raw and ":" not in str(raw.get("shorthand", "")):
        color["type"] = "nominal"  # colours per value: the values are categories (years included)
        if isinstance(color.get("legend"), dict):
            color["legend"].pop("format", None)  # a category is written as it is: 2016
    if color.get("type") not in ("nominal", "ordinal"):
        raise block.error(
            f"colors s'applique à des catégories, or color: « {color['field']} » est de type {color.get('type')} ; "
            "écrivez color: {field: " + str(color["field"]) + ", type: nominal}",
            "colors",
        )
    scale = color.get("scale")
    if isinstance(scale, dict) and ("range" in scale or "scheme" in scale or "domain" in scale):
        raise block.error("colors et color.scale choisissent tous deux les couleurs ; gardez-en un seul", "colors")
    field = color["field"]
    if field not in frame.columns:
        return  # a count or another computed field: nothing to name
    values = sorted_as_asked(values_in_order(frame[field], text_order), color.get("sort"))
    written = {_written(v): v for v in values}
    names = named(settings)
    chosen, mistakes = {}, Mistakes()  # each value's mistake reported at once
    boolean = set(written) <= set(WORDS.values())  # a boolean column, worded for readers (build_chart)
    for value, colour in wanted.items():
        if boolean:  # colors: {true: accent} as well as {oui: accent}
            with contextlib.suppress(ValueError):
                value = WORDS[as_boolean(value)]
        with mistakes.check():
            chosen[_written(value)] = _chosen_colour(block, _written(value), str(colour), field, written, settings)
    mistakes.raise_found()
    spare = [c for c in palette(settings).values() if c.lower() not in {v.lower() for v in chosen.values()}]
    ranges, automatic = [], {}
    for value in values:
        key = _written(value)
        if key in chosen:
            ranges.append(chosen[key])
            continue
        if not spare:
            raise block.error(
                f"colors : {len(values)} valeurs de « {field} » pour {len(palette(settings))} couleurs, « {key} » "
                "n'en a plus ; donnez-lui une couleur dans colors:, ou regroupez les plus petites valeurs",
                "colors",
            )
        colour = _spare_colour(spare, list(chosen.values()), ranges[-1:], list(automatic.values()))
        spare.remove(colour)
        automatic[key] = colour
        ranges.append(colour)
    _check_apart(block, values, ranges, chosen, names)
    color["scale"] = {**(scale if isinstance(scale, dict) else {}), "domain": values, "range": ranges}
    _group_legend(color, values, ranges)


def _spare_colour(spare: list[str], chosen: list[str], previous: list[str], automatic: list[str]) -> str:
    """The palette colour an unnamed value takes: the first still free that
    every chosen colour and every colour already given automatically stay
    apart from; failing that, apart from the chosen ones and the value just
    before it in the legend (the palette's own order is checked for its
    neighbours); failing that, apart from the chosen ones; else the first free
    (then ``_check_apart`` refuses it, saying it was given automatically)."""
    for others in (chosen + automatic, chosen + previous, chosen):
        for colour in spare:
            if all(_apart(colour, other) for other in others):
                return colour
    return spare[0]


def _apart(first: str, second: str) -> bool:
    return first.lower() == second.lower() or difference(first, second)[0] >= MIN_DELTA_E


def _group_legend(color: dict, values: list, ranges: list[str]) -> None:
    """Values given one colour share one legend entry, labelled with all of
    them (« 2013, 2014 »): the legend lists the first value of each colour and
    writes the group's values as its label. The marks keep their own value
    (tooltips, the data table)."""
    groups: dict[str, list] = {}
    for value, colour in zip(values, ranges, strict=True):
        groups.setdefault(colour.lower(), []).append(value)
    if all(len(group) == 1 for group in groups.values()):
        return
    if "legend" in color and color["legend"] is None:
        return  # legend: null, no legend asked for
    legend = dict(color["legend"]) if isinstance(color.get("legend"), dict) else {}
    firsts = [group[0] for group in groups.values()]
    expression = "datum.label"
    for group in reversed([g for g in groups.values() if len(g) > 1]):
        expression = f"datum.value === {json.dumps(group[0])} ? {json.dumps(_french_list(group))} : ({expression})"
    legend.update({"values": firsts, "labelExpr": expression})
    color["legend"] = legend


def _french_list(values: list) -> str:
    """« 2013, 2014 », as French lists values in a legend."""
    return ", ".join(_written(v) for v in values)


def _chosen_colour(block, key: str, colour: str, field: str, written: dict, settings: dict) -> str:
    if key not in written:
        raise block.error(
            f"colors : la valeur « {key} » n'existe pas dans la colonne « {field} » ; "
            f"valeurs : {choices(key, list(written))}",
            "colors",
        )
    return _colour_of(block, key, colour, named(settings), settings)


def _colour_of(block, value: str, colour: str, names: dict, settings: dict) -> str:
    if colour in names:
        return names[colour]
    if HEX_RE.match(colour):
        for background in settings["backgrounds"]:
            ratio = contrast(colour, background)
            if ratio < MIN_CONTRAST:
                raise block.error(
                    f"colors : « {colour} » pour « {value} » se lit mal sur le fond {background} (contraste "
                    f"{_fr(ratio)}:1, il faut {MIN_CONTRAST:g}:1) ; prenez une couleur nommée "
                    f"({', '.join(names)}), que le thème adapte au mode sombre",
                    "colors",
                )
        return colour.lower()
    raise block.error(
        f"colors : couleur « {colour} » inconnue pour « {value} » ; couleurs possibles : "
        f"{choices(colour, list(names))}, ou un code #rrggbb",
        "colors",
    )


def _check_apart(block, values: list, ranges: list[str], chosen: dict, names: dict) -> None:
    """A colour the editor chose must stay apart from every other colour of
    the chart, chosen or given automatically; two colours given automatically
    are never refused (``_spare_colour`` keeps them apart as far as the palette
    allows). One colour for two values is allowed: that is grouping them,
    « 2013 » and « 2014 » in gris."""
    for i, first in enumerate(ranges):
        for j in range(i + 1, len(ranges)):
            second = ranges[j]
            a, b = _written(values[i]), _written(values[j])
            if first.lower() == second.lower() or (a not in chosen and b not in chosen):
                continue
            worst, where = difference(first, second)
            if worst >= MIN_DELTA_E:
                continue
            seen = f"pour un lecteur {DEFICIENCIES[where]}" if where else "à l'œil"
            gap = f"(écart {_fr(worst)}, il en faut {MIN_DELTA_E:g})"
            if a in chosen and b in chosen:
                raise block.error(
                    f"colors : « {a} » ({_name_of(first, names)}) et « {b} » ({_name_of(second, names)}) se "
                    f"confondent {seen} {gap} ; donnez à l'une d'elles une autre couleur dans colors:",
                    "colors",
                )
            mine, auto = (a, b) if a in chosen else (b, a)
            mine_colour, auto_colour = (first, second) if a in chosen else (second, first)
            free = [n for n, c in names.items() if all(_apart(c, chosen[k]) for k in chosen)]
            free = [n for n in free if names[n].lower() not in {r.lower() for r in ranges}]
            instead = f" (par exemple {', '.join(free[:3])})" if free else ""
            raise block.error(
                f"colors : « {auto} » a reçu automatiquement {_name_of(auto_colour, names)}, que « {mine} » "
                f"({_name_of(mine_colour, names)}) rend impossible à distinguer {seen} {gap} ; donnez aussi une "
                f"couleur à « {auto} » dans colors:{instead}, ou une autre à « {mine} »",
                "colors",
            )


def _name_of(colour: str, names: dict) -> str:
    """A colour as the editor names it: « violet », or its code."""
    found = [name for name, c in names.items() if c.lower() == colour.lower() and name != "accent"]
    return found[0] if found else colour


def values_in_order(series: pd.Series, text_order) -> list:
    """The column's values as the legend lists them: numbers ascending, text
    by ``text_order``; as plain Python values (the spec is JSON)."""
    present = series.dropna().unique().tolist()
    if pd.api.types.is_numeric_dtype(series):
        return sorted(int(v) if float(v).is_integer() else v for v in present)
    return sorted(present, key=text_order)


def sorted_as_asked(values: list, sort) -> list:
    """The legend's order as the colour's ``sort:`` asks it: its list first
    (the values it leaves out after, in their order), or reversed for
    ``descending``. The scale's domain is the legend's order: Vega-Lite
    ignores ``sort`` once a domain is given."""
    if sort == "descending":
        return list(reversed(values))
    if isinstance(sort, list):
        rank = {_written(v): i for i, v in enumerate(sort)}
        return sorted(values, key=lambda v: rank.get(_written(v), len(rank)))  # stable: the rest keep their order
    return values


def _fr(number: float) -> str:
    return f"{number:.1f}".replace(".", ",")
