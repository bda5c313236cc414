"""A chart block: the YAML inside a ```chart fence, checked key by key."""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import pickle
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from slugify import slugify

from .autodescribe import wants_auto
from .errors import EditorError, Mistakes, choices
from .frenchnum import format_name_problem
from .yamlsrc import LineDict, load_yaml

CHANNELS = (
    "x", "y", "color", "theta", "size", "shape", "opacity", "text", "tooltip",
    "column", "row", "xOffset", "yOffset",
)  # fmt: skip
CHANNEL_OPTIONS = (
    "field", "type", "title", "format", "sort", "aggregate", "scale", "axis",
    "legend", "stack", "bin", "timeUnit",
)  # fmt: skip
OTHER_KEYS = (
    "dataset", "mark", "title", "description", "filter", "source", "note", "id",
    "width", "height", "interactive", "chart", "unchecked", "highlight",
    "labels", "reference", "annotations", "colors",
)  # fmt: skip
KEYS = OTHER_KEYS + CHANNELS
MARKS = (
    "arc", "area", "bar", "circle", "line", "point", "rect", "rule", "square",
    "text", "tick", "trail", "boxplot", "errorbar", "errorband",
)  # fmt: skip
# Mark options that could load a URL or carry an expression are refused.
UNSAFE_MARK_OPTIONS = {"url", "href", "tooltip", "description", "aria", "style"}
TYPES = ("quantitative", "nominal", "ordinal", "temporal")
ID_RE = re.compile(r"^[a-z][a-z0-9-]*$")


@dataclass
class ChartBlock:
    path: str
    line: int  # line of the opening fence in the Markdown file
    options: LineDict
    encodings: dict = field(default_factory=dict)
    # Values quoted in the block's text ({{ … }}): token -> QuotedValue.
    values: dict = field(default_factory=dict)
    # Mistakes in keys set aside (parse_block): reported with the block's others.
    problems: list = field(default_factory=list)

    def line_of(self, key) -> int:
        # +1: the YAML starts on the line after the fence.
        return self.line + self.options.line_of(key, 0)

    def error(self, message: str, key=None) -> EditorError:
        return EditorError(message, self.path, self.line_of(key) if key else self.line)

    def get(self, key, default=None):
        return self.options.get(key, default)

    @property
    def title(self) -> str:
        return str(self.options["title"])

    @property
    def description(self) -> str:
        return str(self.options["description"]).strip()

    @property
    def anchor(self) -> str:
        # A quoted value's figure changes with the data: never part of the anchor.
        title = TOKEN_RE.sub(" ", self.title)
        return str(self.options.get("id") or slugify(title, max_length=60) or "graphique")

    @property
    def interactive(self) -> bool:
        return bool(self.options.get("interactive", False))


def guessed_anchor(text: str) -> str:
    """The anchor of a block whose YAML cannot be read, from its ``id:`` or
    ``title:`` line as written (a staged build's links to it stay checkable)."""
    found = {}
    for line in text.splitlines():
        key, sep, value = line.partition(":")
        if sep and key in ("id", "title") and key not in found:
            found[key] = value.strip().strip("\"'")
    title = re.sub(r"\{\{.*?\}\}", " ", found.get("title", ""))
    return found.get("id") or slugify(title, max_length=60) or "graphique"


# Where a block may quote a value ({{ … }}): its text, as the reader reads it.
TEXT_KEYS = ("title", "description", "note", "source")
# Keys whose values may quote one too: a reference line's value or label, an
# annotation's text (draw.quote_values writes them in before the chart is built).
QUOTING_KEYS = (*TEXT_KEYS, "reference", "annotations")
LABEL_OPTIONS = ("format", "position")
LABEL_POSITIONS = ("outside", "inside")
# A quoted value stands in the YAML as private-use characters (no digit, no
# YAML indicator), so the editor writes it unquoted, « : » and « , » included.
_TOKEN_OPEN, _TOKEN_CLOSE, _TOKEN_BASE = "\ue000", "\ue001", 0xE100
TOKEN_RE = re.compile(f"{_TOKEN_OPEN}.{_TOKEN_CLOSE}")
UNCLOSED_VALUE = "« {{ » ouvert sans « }} » dans le bloc chart ; fermez la valeur citée par }}"


@dataclass(frozen=True)
class QuotedValue:
    inner: str  # what is between the braces, on one line
    line: int  # in the Markdown file
    dataset: str | None


def _protect_values(text: str, path: str, first_line: int) -> tuple[str, dict]:
    """The block's text with each {{ … }} replaced by a token, and the values
    by token. A value wrapped over lines keeps its lines, so every key keeps
    its own: the rest of its last line goes on the next line, at the indent
    it had (YAML folds it back into the same sentence)."""
    from .inline_values import INLINE_RE, normal

    values: dict[str, QuotedValue] = {}
    if "{{" not in text:
        return text, values
    out, position = [], 0
    for match in INLINE_RE.finditer(text):
        line = first_line + text.count("\n", 0, match.start())
        if match.group(1) is None:
            raise EditorError(UNCLOSED_VALUE, path, line)
        if len(values) >= 0xE1FF - _TOKEN_BASE:
            raise EditorError(
                "trop de valeurs citées dans ce bloc chart ; partagez-le en plusieurs graphiques", path, line
            )
        inner = normal(match.group(1))
        query = load_yaml("{" + inner + "}", path, first_line=line)
        dataset = query.get("dataset") if isinstance(query, dict) else None
        token = f"{_TOKEN_OPEN}{chr(_TOKEN_BASE + len(values))}{_TOKEN_CLOSE}"
        values[token] = QuotedValue(inner, line, None if dataset is None else str(dataset))
        out.append(text[position : match.start()] + token)
        position = match.end()
        parts = match.group(0).split("\n")
        if len(parts) > 1:
            out.append("".join("\n" + re.match(r"[ \t]*", part).group(0) for part in parts[1:]))
            while position < len(text) and text[position] in " \t":
                position += 1
    out.append(text[position:])
    return "".join(out), values


def _tokens_in(value) -> bool:
    if isinstance(value, str):
        return bool(TOKEN_RE.search(value))
    if isinstance(value, dict):
        return any(_tokens_in(k) or _tokens_in(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_tokens_in(v) for v in value)
    return False


def parse_block(text: str, path: str, line: int, set_aside: bool = False) -> ChartBlock:
    """Parse and check the structure of a block (columns are checked later).
    Every mistake is raised at once; with ``set_aside``, those in a key the
    chart can be drawn without (an unknown key, id, labels…) are not raised:
    the key is left out and its mistake kept in ``problems``, so that the
    build goes on to find the block's mistakes with its data too."""
    text, values = _protect_values(text, path, line + 1)
    try:
        data = load_yaml(text, path, first_line=line + 1)
    except EditorError as exc:  # its advice may quote a line: with the values as written
        if values:
            exc.message = TOKEN_RE.sub(lambda m: "{{ " + values[m.group(0)].inner + " }}", exc.message)
        raise
    if not isinstance(data, dict):
        raise EditorError(
            "ce bloc chart ne contient pas de lignes « clé: valeur » ; "
            "écrivez une clé par ligne (dataset:, mark:, title:…)",
            path,
            line,
        )
    block = ChartBlock(path=path, line=line, options=data, values=values)
    # A mistake in what the chart is made of (dataset, mark, a channel…) is
    # ``hard``: the block cannot be built. One in a key it can be drawn
    # without is ``soft`` (``set_aside``).
    hard, soft = Mistakes(), Mistakes()
    aside: list = []

    def optional(key, check, *args) -> None:
        before = len(soft.found)
        with soft.check():
            check(block, *args)
        if len(soft.found) > before:
            aside.append(key)

    def needed(check, *args) -> None:
        with hard.check():
            check(block, *args)

    for key in data:
        if key not in KEYS:
            optional(key, _check_known, key)
        elif values and key not in QUOTING_KEYS and _tokens_in(data[key]):
            needed(_check_unquoted, key)
    required = ("title", "description") + (() if "chart" in data else ("dataset", "mark"))
    missing = [key for key in required if data.get(key) is None or not str(data.get(key)).strip()]
    for key in missing:
        needed(_check_required, key)
    for key in ("title", "description"):
        if key not in missing:
            needed(_check_text, key)
    for key in ("source", "note"):
        if key in data:
            optional(key, _check_text, key)
    for key, check in (("id", _check_id), ("unchecked", _check_unchecked), ("interactive", _check_interactive)):
        if key in data:
            optional(key, check)
    for key in ("width", "height"):
        if key in data:
            optional(key, _check_size, key)
    if "chart" in data:
        needed(_check_python_chart)
        return _checked(block, hard, soft, aside if set_aside else None)
    if "mark" not in missing:
        needed(_check_mark)
    needed(_check_filter)
    needed(_check_highlight)
    optional("labels", _check_labels)
    optional("reference", _check_reference)
    optional("annotations", _check_annotations)
    for channel in CHANNELS:
        if channel in data:
            with hard.check():
                block.encodings[channel] = _check_channel(block, channel, data[channel])
    if not any(channel in data for channel in CHANNELS):
        needed(_check_encodings)
    return _checked(block, hard, soft, aside if set_aside else None)


def _checked(block: ChartBlock, hard: Mistakes, soft: Mistakes, aside: list | None) -> ChartBlock:
    """The block, its keys in error set aside; or every mistake raised at once."""
    if hard.found or (soft.found and aside is None):
        raise EditorError.together(sorted([*hard.found, *soft.found], key=lambda e: e.line or 0))
    for key in aside or ():
        block.options.pop(key, None)
    block.problems = soft.found
    return block


def _check_known(block: ChartBlock, key) -> None:
    raise block.error(f"clé « {key} » inconnue dans le bloc chart ; clés possibles : {choices(key, KEYS)}", key)


def _check_unquoted(block: ChartBlock, key) -> None:
    raise block.error(
        f"« {key} » ne peut pas citer de valeur {{{{ … }}}} ; seuls {', '.join(QUOTING_KEYS)} le peuvent", key
    )


def _check_required(block: ChartBlock, key) -> None:
    hint = {
        "description": " (le texte lu à la place du graphique par un lecteur d'écran : "
        "décrivez ce qu'il montre, chiffres compris)",
        "title": "",
        "dataset": " (le nom d'un fichier de data/, sans .csv)",
        "mark": f" (par exemple bar ; marques possibles : {', '.join(MARKS)})",
    }[key]
    raise block.error(
        f"la clé obligatoire « {key} » manque au bloc chart ; ajoutez une ligne {key}:{hint}",
        key if key in block.options else None,
    )


def _check_text(block: ChartBlock, key) -> None:
    data = block.options
    if key == "description" and wants_auto(data.get(key)):
        if "chart" in data:
            raise block.error(
                "description: auto ne vaut que pour un bloc sans chart: ; décrivez le graphique Python vous-même",
                key,
            )
        if isinstance(data[key], list) and not all(isinstance(i, (str, int, float)) for i in data[key]):
            raise block.error("description : une liste de textes, dont auto ; écrivez par exemple [auto, Texte.]", key)
        return
    if key in data and not isinstance(data[key], (str, int, float)):
        raise block.error(f"« {key} » doit être un texte ; écrivez-le sur la ligne, entre guillemets s'il le faut", key)


def _check_id(block: ChartBlock) -> None:
    if not ID_RE.match(str(block.options["id"])):
        raise block.error(
            f"id « {block.options['id']} » invalide ; lettres minuscules, chiffres et tirets, "
            "en commençant par une lettre",
            "id",
        )


def _check_size(block: ChartBlock, key) -> None:
    value = block.options[key]
    if not isinstance(value, int) or isinstance(value, bool) or not 20 <= value <= 2000:
        raise block.error(f"{key} « {value} » invalide ; un nombre de pixels entre 20 et 2000", key)


def _check_unchecked(block: ChartBlock) -> None:
    value = block.options["unchecked"]
    if not (isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value)):
        message = "unchecked attend une liste des nombres tels qu'écrits ; écrivez par exemple unchecked: [4, 2016]"
        raise block.error(message, "unchecked")


def _check_interactive(block: ChartBlock) -> None:
    if not isinstance(block.options["interactive"], bool):
        raise block.error(f"interactive « {block.options['interactive']} » invalide ; true ou false", "interactive")


def _check_python_chart(block: ChartBlock) -> None:
    data = block.options
    if not re.match(r"^[a-z_][a-z0-9_]*$", str(data["chart"])):
        raise block.error(
            f"chart « {data['chart']} » invalide ; le nom d'un fichier de charts/ "
            "(lettres minuscules, chiffres, _), sans .py",
            "chart",
        )
    grammar = ("mark", "filter", "highlight", "labels", "reference", "annotations", "colors")
    extra = [k for k in data if k in CHANNELS or k in grammar]
    if extra:
        raise block.error(
            f"« {extra[0]} » n'a pas de sens avec chart: (le graphique est défini en Python) ; retirez la ligne",
            extra[0],
        )


def _check_highlight(block: ChartBlock) -> None:
    data = block.options
    if "highlight" not in data:
        return
    wanted = data["highlight"]
    if not isinstance(wanted, dict) or not wanted:
        raise block.error(
            "highlight attend la colonne et la ou les valeurs à mettre en avant ; "
            "écrivez par exemple highlight: {region: Bretagne}",
            "highlight",
        )
    if "color" in data:
        raise block.error(
            "highlight colore lui-même les marques (en avant, les autres en gris) ; retirez color:", "highlight"
        )


def _check_encodings(block: ChartBlock) -> None:
    raise block.error("le bloc ne déclare aucun axe ; ajoutez au moins x: ou y: (ou theta:)")


def _check_mark(block: ChartBlock):
    mark = block.options["mark"]
    name = mark.get("type") if isinstance(mark, dict) else mark
    if not isinstance(name, str) or name not in MARKS:
        raise block.error(f"marque « {name} » inconnue ; marques possibles : {choices(name, MARKS)}", "mark")
    # Mark options are checked against Altair's schema in build_chart.py,
    # where Altair is loaded anyway (a cached chart never needs it).


def _check_labels(block: ChartBlock):
    labels = block.options.get("labels")
    if labels is None or isinstance(labels, bool):
        return
    example = "labels: true, ou labels: {format: pourcent, position: inside}"
    if not isinstance(labels, dict):
        raise block.error(f"labels « {labels} » invalide ; {example}", "labels")
    for key, value in labels.items():
        if key not in LABEL_OPTIONS:
            raise block.error(
                f"option « {key} » inconnue pour labels ; options possibles : {choices(key, LABEL_OPTIONS)}"
                + comma_hint(labels, key),
                "labels",
            )
        if key == "format" and (problem := format_name_problem(value)) is not None:
            raise block.error(f"labels : {problem}", "labels")  # no data needed: reported with the others
        if key == "position" and value not in LABEL_POSITIONS:
            raise block.error(
                f"labels : position « {value} » inconnue ; positions possibles : "
                + choices(str(value), LABEL_POSITIONS),
                "labels",
            )


def comma_hint(mapping: dict, key) -> str:
    """An unknown option with no value is most often the rest of a text cut
    at a comma inside { … } (« label: L'été, creux des dons »)."""
    if mapping.get(key) is None:
        return " (une virgule dans un texte entre { } coupe le texte en deux : mettez ce texte entre guillemets)"
    return ""


def _scalar(value) -> bool:
    """A value an editor types: text, a number, a date (YAML reads 2016-03-10 as one)."""
    return isinstance(value, (str, int, float, datetime.date)) and not isinstance(value, bool)


def _listed(block: ChartBlock, key: str, what: str, example: str) -> list:
    """A key written as a list of mappings (one mapping alone is a list of one); [] when absent."""
    items = block.options.get(key)
    if items is None:
        return []
    if isinstance(items, dict):
        items = block.options[key] = [items]
    if not isinstance(items, list) or not items:
        raise block.error(f"{key} : {what} ; écrivez {example}", key)
    return items


def _check_reference(block: ChartBlock):
    """``reference: [{y: 45, label: …}, {x: [2014, 2016], label: …}]``: the
    shape only; the axis and the values are checked against the chart."""
    example = "par exemple reference: [{x: 45, label: Moyenne}] ou [{x: [2014, 2016], label: Période}]"
    items = _listed(block, "reference", "une liste de lignes ou de plages", example)
    for item in items:
        if not isinstance(item, dict):
            raise block.error(
                f"reference : « {item} » n'est ni une ligne ni une plage ; écrivez {example}", "reference"
            )
        axes = [k for k in item if k in ("x", "y")]
        unknown = [k for k in item if k not in ("x", "y", "label")]
        if unknown:
            raise block.error(
                f"reference : option « {unknown[0]} » inconnue ; options possibles : x, y, label"
                + comma_hint(item, unknown[0]),
                "reference",
            )
        if len(axes) != 1:
            raise block.error(
                f"reference : chaque ligne est sur x ou sur y (une seule des deux) ; écrivez {example}", "reference"
            )
        value = item[axes[0]]
        if not (_scalar(value) or (isinstance(value, list) and len(value) == 2 and all(map(_scalar, value)))):
            raise block.error(
                f"reference : {axes[0]} vaut une valeur (une ligne) ou deux valeurs [début, fin] "
                f"(une plage) ; écrivez {example}",
                "reference",
            )
        if "label" in item and not _scalar(item["label"]):
            raise block.error("reference : label doit être un texte ; écrivez par exemple label: Moyenne", "reference")


def _check_annotations(block: ChartBlock):
    example = "par exemple annotations: [{where: {usage: Réseaux sociaux, annee: 2016}, text: Presque le double}]"
    items = _listed(block, "annotations", "une liste de notes", example)
    for item in items:
        if not isinstance(item, dict) or set(item) != {"where", "text"}:
            extra = next((k for k in item if k not in ("where", "text")), None) if isinstance(item, dict) else None
            hint = comma_hint(item, extra) if extra is not None else ""
            raise block.error(
                f"annotations : chaque note a where: (la ligne visée) et text: ; écrivez {example}{hint}", "annotations"
            )
        where = item["where"]
        named = isinstance(where, dict) and where and all(_scalar(v) or isinstance(v, bool) for v in where.values())
        if not named:
            raise block.error(
                f"annotations : where: nomme la ligne par « colonne: valeur » ; écrivez {example}", "annotations"
            )
        if not _scalar(item["text"]) or not str(item["text"]).strip():
            raise block.error(
                "annotations : text: est le texte de la note, vide ici ; écrivez-le après text:", "annotations"
            )


def _check_filter(block: ChartBlock):
    flt = block.options.get("filter")
    if flt is None:
        return
    if not isinstance(flt, dict) or not flt:
        raise block.error(
            "filter attend des lignes de colonnes et de valeurs ; "
            "écrivez « colonne: valeur » ou « colonne: [valeur1, valeur2] »",
            "filter",
        )
    for column, values in flt.items():
        items = values if isinstance(values, list) else [values]
        if not items or any(isinstance(v, (dict, list)) for v in items):
            raise block.error(
                f"filter: la valeur de « {column} » doit être une valeur ou une liste de valeurs ; "
                f"écrivez {column}: valeur "
                f"ou {column}: [valeur1, valeur2]",
                "filter",
            )


def _check_channel(block: ChartBlock, channel: str, value):
    if channel == "tooltip" and isinstance(value, list):
        return [_check_channel(block, channel, item) for item in value]
    if isinstance(value, str):
        return {"shorthand": value.strip()}
    if isinstance(value, dict):
        for key in value:
            if key not in CHANNEL_OPTIONS:
                raise block.error(
                    f"option « {key} » inconnue pour {channel} ; options possibles : "
                    + choices(key, CHANNEL_OPTIONS)
                    + comma_hint(value, key),
                    channel,
                )
        if "type" in value and value["type"] not in TYPES:
            raise block.error(
                f"type « {value['type']} » inconnu pour {channel} ; types possibles : " + choices(value["type"], TYPES),
                channel,
            )
        if "field" not in value and value.get("aggregate") != "count":
            raise block.error(f"{channel} doit nommer une colonne ; field: NOM_DE_COLONNE", channel)
        return dict(value)
    raise block.error(
        f"{channel} attend un nom de colonne ou des options, pas « {value} » ; écrivez par exemple {channel}: part "
        f"ou {channel}: {{field: part, title: Part}}",
        channel,
    )


class ParsedBlocks:
    """The blocks of the last build, parsed, in one pickle file of the chart
    cache: a rebuild parses again only the blocks whose text, place or anchor
    changed (with the engine's code: ``fingerprint``). A block that does not
    parse is never kept, so its error comes back at every build."""

    FILE = "parsed-blocks.pickle"

    def __init__(self, folder: Path | None, fingerprint: str):
        self.path = folder / self.FILE if folder is not None else None
        self.fingerprint = fingerprint
        self.known = self._load()
        self.seen: dict[bytes, ChartBlock] = {}

    def parse(self, text: str, path: str, line: int, anchor: str) -> ChartBlock:
        """``parse_block``, the block's ``id`` set to ``anchor`` (which the
        article's other blocks may have made unique)."""
        key = hashlib.sha256(json.dumps([self.fingerprint, text, path, line, anchor]).encode()).digest()
        block = self.known.get(key)
        if block is None:
            block = parse_block(text, path, line, set_aside=True)
            if block.anchor != anchor:
                block.options["id"] = anchor
        self.seen[key] = block
        return block

    def save(self) -> None:
        if self.path is None or self.seen.keys() == self.known.keys():
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".tmp-")
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(self.seen, handle, protocol=5)
            os.replace(tmp, self.path)
        except OSError:
            pass

    def _load(self) -> dict:
        if self.path is None:
            return {}
        try:
            with open(self.path, "rb") as handle:
                known = pickle.load(handle)  # noqa: S301 - our own cache folder
            return known if isinstance(known, dict) else {}
        except Exception:  # noqa: BLE001 - absent or damaged: every block is parsed again
            return {}
