"""The editors' guide (French part of README.md) names everything the code
accepts: every chart-block key and channel option, every descriptor and field
property, every invoke task. The lists come from the code, so a key added
there without a line in the guide fails here."""

from __future__ import annotations

import re

import pytest
from conftest import PROJECT
from datacharts_engine import blocks, descriptor

GUIDE_TITLE = "## Guide de la rédaction"


def guide() -> str:
    text = (PROJECT / "README.md").read_text(encoding="utf-8")
    return text[text.index(GUIDE_TITLE) :]


def fenced_blocks(text: str) -> list[str]:
    return re.findall(r"^(`{3,})[^\n]*\n(.*?)^\1", text, flags=re.MULTILINE | re.DOTALL)


def documented(key: str, text: str) -> bool:
    """Shown as code (`key`, `key: …`) in the prose, or written as a key in
    one of the guide's examples (a YAML line, or a flow mapping's entry)."""
    if re.search(r"`" + re.escape(key) + r"(?=[`:\s])", text):
        return True
    as_key = re.compile(r"(?:^[ \t]*(?:- )?|[{,] ?)" + re.escape(key) + r":", flags=re.MULTILINE)
    return any(as_key.search(body) for _, body in fenced_blocks(text))


def test_guide_is_the_french_part_and_holds_examples():
    text = guide()
    assert "Voir le site pendant que vous écrivez" in text and len(fenced_blocks(text)) >= 5
    assert not documented("colour", text)  # the check can fail


@pytest.mark.parametrize(
    "kind, keys",
    [
        ("chart block key", blocks.KEYS),
        ("channel option", blocks.CHANNEL_OPTIONS),
        ("descriptor property", sorted(descriptor.RESOURCE_KEYS)),
        ("schema property", sorted(descriptor.SCHEMA_KEYS)),
        ("field property", sorted(descriptor.FIELD_KEYS)),
        ("dialect property", sorted(descriptor.DIALECT_KEYS)),
        ("field type", sorted(descriptor.TYPES)),
        ("constraint", sorted(descriptor.CONSTRAINTS)),
    ],
)
def test_every_key_the_code_accepts_is_in_the_guide(kind, keys):
    text = guide()
    missing = [key for key in keys if not documented(key, text)]
    assert missing == [], f"{kind}s accepted by the code but absent from the guide: {missing}"


def test_every_invoke_task_is_in_the_guide():
    from invoke import Collection

    import tasks

    names = sorted(Collection.from_module(tasks).task_names)
    assert "livereload" in names and "new-article" in names
    text = guide()
    missing = [name for name in names if not re.search(r"invoke " + re.escape(name) + r"\b", text)]
    assert missing == [], f"invoke tasks absent from the guide: {missing}"


def test_the_guide_says_where_to_look_at_the_preview():
    text = guide()
    assert "http://localhost:8000/" in text and "invoke livereload --port" in text
