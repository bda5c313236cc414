"""Public names of a chart's files: after its article and its anchor, never its data.

A partner's embed code and a card already shared name these files: a data
correction must not move them. So ``graphiques/<article>/<anchor>.csv|.svg|.html``
(and ``.png``, the lead chart's social card), where ``<article>`` is the article's
source file inside the content folder, without its extension, in lower-case
ASCII (``content/notes/Mon essai.md`` -> ``notes/mon-essai``). Caches stay
correct through a version in the query string of every link the site writes:
``?v=`` and the first characters of the file's SHA-256.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import PurePosixPath

VERSION_LENGTH = 10


def article_folder(source_path: str) -> str:
    """``content/notes/Mon essai.md`` -> ``notes/mon-essai``.

    ``source_path`` is relative to the project (Pelican's PATH is its first
    part, the same for every article, so it is dropped). No dot survives:
    a folder never takes the name of one of the plugin's own files
    (``datacharts.js``)."""
    parts = PurePosixPath(str(source_path).replace("\\", "/")).with_suffix("").parts
    parts = parts[1:] if len(parts) > 1 else parts
    return "/".join(_slug(part) for part in parts)


def chart_base(output_dir: str, source_path: str, anchor: str) -> str:
    """The output-relative path of a chart's files, without extension."""
    return f"{output_dir}/{article_folder(source_path)}/{anchor}"


def version(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()[:VERSION_LENGTH]


def versioned(url: str, content: bytes) -> str:
    """A file's URL with its version: a cache keeps it until the bytes change."""
    return f"{url}?v={version(content)}"


def _slug(part: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", part).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9_]+", "-", ascii_text.lower()).strip("-") or "-"
