"""Blocks parsed by the last build are reused only for the same text, place and anchor."""

from __future__ import annotations

import pytest
from datacharts_engine.blocks import ParsedBlocks
from datacharts_engine.errors import EditorError

TEXT = "dataset: usages\nmark: bar\nx: part\ny: usage\ntitle: Les usages\ndescription: Deux barres.\n"


def test_a_rebuild_gets_the_block_the_last_build_parsed(tmp_path):
    first = ParsedBlocks(tmp_path, "engine-1")
    block = first.parse(TEXT, "content/a.md", 3, "les-usages")
    first.save()
    again = ParsedBlocks(tmp_path, "engine-1")
    kept = again.parse(TEXT, "content/a.md", 3, "les-usages")
    assert kept is not block and kept.options == block.options and kept.line_of("title") == block.line_of("title")
    assert len(again.known) == 1


@pytest.mark.parametrize(
    "change",
    [
        {"text": TEXT.replace("Les usages", "Les outils")},
        {"line": 4},
        {"anchor": "les-usages-2"},
        {"fingerprint": "engine-2"},
    ],
)
def test_any_change_parses_again(tmp_path, change):
    first = ParsedBlocks(tmp_path, "engine-1")
    first.parse(TEXT, "content/a.md", 3, "les-usages")
    first.save()
    args = {"text": TEXT, "line": 3, "anchor": "les-usages", "fingerprint": "engine-1", **change}
    again = ParsedBlocks(tmp_path, args["fingerprint"])
    block = again.parse(args["text"], "content/a.md", args["line"], args["anchor"])
    assert block.anchor == args["anchor"] and block.line == args["line"]
    assert block.title == ("Les outils" if "text" in change else "Les usages")


def test_a_block_in_error_is_refused_at_every_build(tmp_path):
    for _ in range(2):
        parsed = ParsedBlocks(tmp_path, "engine-1")
        with pytest.raises(EditorError):
            parsed.parse("dataset: usages\n", "content/a.md", 3, "x")
        parsed.save()


def test_a_damaged_file_is_parsed_again(tmp_path):
    (tmp_path / ParsedBlocks.FILE).write_bytes(b"not a pickle")
    assert ParsedBlocks(tmp_path, "engine-1").parse(TEXT, "content/a.md", 3, "les-usages").title == "Les usages"
