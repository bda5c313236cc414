"""Where a dataset lives: ``data/NAME.csv``, and never anywhere else.

Kept apart from datasets.py so that hashing a dataset's files (every build)
does not load pandas (only a cache miss does).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from .errors import EditorError, choices

NAME_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def resolve_dataset(name, data_dir: Path, real_dir: str | None = None) -> Path:
    """Return ``data_dir/NAME.csv``; refuse any name that could leave ``data/``.

    ``real_dir``: ``data_dir`` with its links resolved (``os.path.realpath``),
    when the caller keeps it for the build (a build checks every dataset)."""
    text = str(name)
    if "://" in text or text.startswith(("/", "\\", "~")) or ".." in text or "/" in text:
        raise EditorError(
            f"le jeu de données « {text} » sort du dossier data/ ; donnez seulement "
            "le nom du fichier, sans chemin ni adresse (par exemple usages-numeriques)"
        )
    if text.endswith(".csv"):
        text = text[:-4]
    if not NAME_RE.match(text):
        raise EditorError(
            f"nom de jeu de données « {text} » invalide ; lettres minuscules, chiffres et tirets seulement"
        )
    path = data_dir / f"{text}.csv"
    if not path.exists():
        known = sorted(p.stem for p in data_dir.glob("*.csv"))
        raise EditorError(
            f"le jeu de données « {text} » n'existe pas (aucun fichier data/{text}.csv) ; "
            f"jeux disponibles : {choices(text, known) or 'aucun'}"
        )
    if not inside(os.path.realpath(path), real_dir or os.path.realpath(data_dir)):
        raise EditorError(
            f"data/{text}.csv est un lien qui pointe hors du dossier data/ ; "
            "copiez le fichier dans data/ au lieu d'un lien"
        )
    return path


def inside(real_path: str, real_dir: str) -> bool:
    """Whether a resolved path is ``real_dir`` or under it (``Path.is_relative_to``
    on resolved paths, with strings: a build asks it for every dataset)."""
    return real_path == real_dir or real_path.startswith(real_dir.rstrip(os.sep) + os.sep)
