"""The chart cache: one file per entry, keyed on everything that changes it.

An entry is written atomically (temporary file, then rename) and carries the
SHA-256 of its payload: a corrupt or partial entry is ignored and rebuilt,
never fatal, never served.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import pickle
import tempfile
from pathlib import Path

ENGINE_DIR = Path(__file__).parent
# The Pelican adapter of the same distribution: its code shapes what the cache holds too.
ADAPTER_DIR = ENGINE_DIR.parent / "pelican" / "plugins" / "datacharts"
FORMAT = b"datacharts-cache-2\n"


def digest(*parts) -> str:
    """A stable hash of JSON-able parts (dict keys sorted)."""
    text = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def environment_fingerprint(theme_path: str | None) -> str:
    """The plugin's own files, the theme parts that reach a chart, the libraries."""
    h = hashlib.sha256()
    files = sorted(
        path
        for folder in (ENGINE_DIR, ADAPTER_DIR)
        for path in folder.rglob("*")
        if path.is_file() and path.suffix in {".py", ".html", ".js", ".css"} and "node_modules" not in path.parts
    )
    if theme_path:
        templates = Path(theme_path) / "templates"
        files += sorted(templates.glob("datachart*.html"))
    for path in files:
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    libraries = ("altair", "vl-convert-python", "pandas", "markdown", "jinja2", "vegafusion", "coloraide")
    libraries += ("font-roboto", "fonttools")  # the font labels are measured with, and its subset (fonts.py)
    for package in libraries:
        try:
            h.update(f"{package}={importlib.metadata.version(package)}\n".encode())
        except importlib.metadata.PackageNotFoundError:
            h.update(f"{package}=none\n".encode())
    return h.hexdigest()


class ChartCache:
    def __init__(self, folder: Path | None):
        self.folder = folder

    def get(self, key: str):
        if self.folder is None:
            return None
        try:
            with open(os.path.join(self.folder, key[:2], key), "rb") as handle:
                raw = handle.read()
        except OSError:
            return None
        try:
            head, check, payload = raw[: len(FORMAT)], raw[len(FORMAT) : len(FORMAT) + 64], raw[len(FORMAT) + 64 :]
            if head != FORMAT or hashlib.sha256(payload).hexdigest().encode() != check:
                return None
            return pickle.loads(payload)  # noqa: S301 - our own cache folder, checksummed
        except Exception:  # noqa: BLE001 - any damage means: rebuild the entry
            return None

    def put(self, key: str, value) -> None:
        if self.folder is None:
            return
        payload = pickle.dumps(value, protocol=5)
        target = self.folder / key[:2] / key
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(FORMAT + hashlib.sha256(payload).hexdigest().encode() + payload)
            os.replace(tmp, target)
        except OSError:
            Path(tmp).unlink(missing_ok=True)

    # Chart files (SVG, CSV, embed page, card) live apart, one file per content:
    # a cache entry stays small, and a cached build hard-links them into the
    # output instead of reading and writing every byte.
    def store_files(self, files: dict[str, bytes]) -> dict[str, tuple[str, int]]:
        """relative path -> (SHA-256, size) of its bytes, each stored once."""
        stored = {}
        for relative, content in files.items():
            sha = hashlib.sha256(content).hexdigest()
            target = self.blob(sha)
            if target.exists() and target.read_bytes() == content:
                os.chmod(target, 0o644)  # a blob of an older cache may be 0600; it is linked into the output
            else:  # absent or damaged
                target.parent.mkdir(parents=True, exist_ok=True)
                fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
                with os.fdopen(fd, "wb") as handle:
                    handle.write(content)
                os.chmod(tmp, 0o644)  # linked into the output as it is: readable by a web server
                os.replace(tmp, target)
            stored[relative] = (sha, len(content))
        return stored

    def blob(self, sha: str) -> Path:
        return Path(self._blob(sha))

    def _blob(self, sha: str) -> str:
        # Strings, not Path joins: a cached build asks for every chart's files.
        return os.path.join(self.folder, "files", sha[:2], sha)

    def blobs_of(self, stored: dict[str, tuple[str, int]]) -> dict[str, Path] | None:
        """The stored files as paths, or None if one is missing or cut short."""
        paths = {}
        for relative, (sha, size) in stored.items():
            path = self._blob(sha)
            try:
                if os.stat(path).st_size != size:
                    return None
            except OSError:
                return None
            paths[relative] = Path(path)
        return paths
