"""YAML that remembers on which line each mapping key stands.

Editors' mistakes must name a line; PyYAML knows it while composing, so we keep
it on the mappings we build (``LineDict.lines[key]``, 1-based, relative to the
YAML text).
"""

from __future__ import annotations

import yaml

from .errors import EditorError


class LineDict(dict):
    """A dict whose ``lines`` maps each key to the line it was written on."""

    lines: dict

    def line_of(self, key, default: int = 1) -> int:
        return self.lines.get(key, default)


# libyaml's parser when PyYAML has it (ten times faster), with our constructor.
class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    pass


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    mapping = LineDict()
    mapping.lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.lines[key] = key_node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml(text: str, path: str, first_line: int = 1):
    """Parse YAML; a syntax error becomes an EditorError at the right line.

    ``first_line`` is the line of ``path`` on which ``text`` starts, so that
    lines inside a chart block map back to the Markdown file.
    """
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark and "flow" in (exc.context or ""):
            mark = exc.context_mark  # an unclosed { or [: the line that opened it
        line = first_line + (mark.line if mark else 0)
        problem = exc.problem or "syntaxe incorrecte"
        raise EditorError(
            f"YAML illisible ({problem}) : vérifiez l'indentation, les deux-points et les guillemets de cette ligne",
            path,
            line,
        ) from None
    except yaml.YAMLError as exc:
        raise EditorError(f"YAML illisible : {exc}", path, first_line) from None
