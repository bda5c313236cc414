"""Every setting is documented in the README, and the README documents no
setting the plugin does not have (as Datasette's meta-tests do)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import datacharts_engine
from datacharts_engine.settings import DEFAULTS

README = Path(__file__).resolve().parent.parent / "README.md"
ROW_RE = re.compile(r"^\| `([A-Za-z_]+)` \| ([^|]+) \|", re.M)


def table(header: str) -> dict[str, str]:
    """The first column of the README's table under ``header`` -> its default, as written."""
    text = README.read_text(encoding="utf-8")
    start = text.index(header)
    end = text.find("\n\n", start)
    return {key: default.strip() for key, default in ROW_RE.findall(text[start : end if end > 0 else None])}


def test_every_datacharts_key_is_documented_and_every_documented_key_exists():
    documented = table("| `DATACHARTS` key |")
    assert sorted(DEFAULTS) == sorted(documented)


def test_documented_defaults_are_the_defaults():
    for key, written in table("| `DATACHARTS` key |").items():
        value = DEFAULTS[key]
        if isinstance(value, str):
            assert written == f"`{json.dumps(value)}`", key
        elif value is None or isinstance(value, bool | int | float):
            assert written == f"`{value!r}`", key


def plugin_code() -> str:
    distribution = Path(datacharts_engine.__file__).resolve().parent.parent
    return "".join(
        path.read_text(encoding="utf-8")
        for package in ("datacharts_engine", "pelican/plugins/datacharts")
        for path in sorted((distribution / package).rglob("*.py"))
    )


def test_every_top_level_setting_is_documented_and_read_by_the_plugin():
    documented = table("| setting | default | what |")
    assert documented and all(name.startswith("DATACHARTS_") for name in documented)
    code = plugin_code()
    for name in documented:
        assert f'"{name}"' in code, f"{name} is documented but nothing reads it"
    read = set(re.findall(r'settings(?:\.get\(|\[)"(DATACHARTS_[A-Z_]+)"', code))
    assert read and read <= set(documented)
