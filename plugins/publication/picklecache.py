"""A dict kept between builds in one pickle file of our cache folder: absent
or damaged, it is empty; written atomically, so a build cut short never
leaves half a file."""

from __future__ import annotations

import os
import pickle
from pathlib import Path


def load(cache: Path | None) -> dict:
    try:
        with open(cache, "rb") as handle:
            loaded = pickle.load(handle)  # noqa: S301 - our own cache folder
        return loaded if isinstance(loaded, dict) else {}
    except Exception:  # noqa: BLE001 - absent or damaged: everything is computed again
        return {}


def save(cache: Path | None, entries: dict) -> None:
    if cache is None:
        return
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_name(f".{cache.name}.{os.getpid()}")
        tmp.write_bytes(pickle.dumps(entries, protocol=5))
        os.replace(tmp, cache)
    except OSError:
        pass
