"""YAML that remembers on which line each mapping key stands.

Editors' mistakes must name a line; PyYAML knows it while composing, so we keep
it on the mappings we build (``LineDict.lines[key]``, 1-based, relative to the
YAML text).
"""

from __future__ import annotations

import re

import yaml

from .errors import EditorError


class LineDict(dict):
    """A dict whose ``lines`` maps each key to the line it was written on."""

    lines: dict

    def line_of(self, key, default: int = 1) -> int:
        return self.lines.get(key, default)


class SourceInt(int):
    """An integer as the editor wrote it: ``str()`` gives back its text, so
    ``01`` still matches the code « 01 » of a text column, while it compares
    as the number 1 with numbers."""

    source: str

    def __new__(cls, value: int, source: str):
        number = super().__new__(cls, value)
        number.source = source
        return number

    def __str__(self) -> str:
        return self.source

    def __reduce__(self):
        return (SourceInt, (int(self), self.source))


# libyaml's parser when PyYAML has it (ten times faster), with our constructor.
class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    pass


# YAML 1.1 reads yes/no/on/off (and their capitals) as booleans: « no » as an
# answer, « on » as a word would become False or True. Only true and false are.
_LineLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
for _first in "tTfF":
    _LineLoader.yaml_implicit_resolvers.setdefault(_first, []).insert(
        0, ("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"))
    )


def _construct_int(loader: _LineLoader, node: yaml.ScalarNode) -> int:
    value = yaml.SafeLoader.construct_yaml_int(loader, node)
    return SourceInt(value, node.value) if isinstance(value, int) and node.value != str(value) else value


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    mapping = LineDict()
    mapping.lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.lines[key] = key_node.start_mark.line + 1
    return mapping


def _construct_timestamp(loader: _LineLoader, node: yaml.ScalarNode):
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:  # 2026-02-30 is no day: kept as its text, which the reader of the key refuses
        return node.value


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
_LineLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)


def load_yaml(text: str, path: str, first_line: int = 1):
    """Parse YAML; a syntax error becomes an EditorError at the right line.

    ``first_line`` is the line of ``path`` on which ``text`` starts, so that
    lines inside a chart block map back to the Markdown file.
    """
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        lines = text.splitlines()
        tabbed = next((i for i, line in enumerate(lines) if re.match(r"^[ ]*\t", line)), None)
        if tabbed is not None:  # YAML may stumble a line away from the tab that indents
            raise EditorError(_explain(exc, lines[tabbed], 0), path, first_line + tabbed) from None
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark and "flow" in (exc.context or ""):
            mark = exc.context_mark  # an unclosed { or [: the line that opened it
        line = first_line + (mark.line if mark else 0)
        source = text.splitlines()[mark.line] if mark and mark.line < len(text.splitlines()) else ""
        raise EditorError(_explain(exc, source, mark.column if mark else 0), path, line) from None
    except yaml.YAMLError as exc:
        raise EditorError(f"YAML illisible ; {exc}", path, first_line) from None


def _explain(exc: yaml.MarkedYAMLError, line: str, column: int) -> str:
    """A YAML error as an editor can act on it, in French."""
    problem = exc.problem or ""
    if "\t" in line or "'\\t'" in problem:
        return (
            "une tabulation sur cette ligne, or le YAML ne s'indente qu'avec des espaces ; "
            "remplacez la tabulation par des espaces"
        )
    if "mapping values are not allowed" in problem and column <= line.find(":"):
        return (
            "cette ligne est décalée ; alignez sa clé sur celles des autres lignes "
            "(même nombre d'espaces au début), ou donnez une valeur à la ligne d'avant"
        )
    if "mapping values are not allowed" in problem:
        key, _, value = line.partition(":")
        value = value.strip().replace('"', '\\"')
        return (
            "deux-points en trop sur cette ligne ; une valeur qui contient « : » s'écrit entre guillemets, "
            f'par exemple {key.strip()}: "{value}"'
        )
    if exc.context and "flow" in exc.context:
        return "accolade ou crochet jamais fermé ; fermez-le (} ou ]) sur cette ligne ou la suivante"
    if "found undefined alias" in problem or "expected alphabetic or numeric character" in problem:
        return 'une valeur commence par « * » ou « & » ; mettez-la entre guillemets, par exemple "* note"'
    return "YAML illisible ; vérifiez l'indentation, les deux-points et les guillemets de cette ligne"
