"""``invoke new-article "Titre"``: a new draft with a correct header and a
chart block to fill in, commented out so that the draft builds as it is."""

from __future__ import annotations

import datetime
import re
from collections import Counter
from pathlib import Path

HEADER_LINE = re.compile(r"^(\w+):\s*(.*)$")

# The fence's first and last lines carry the comment marks, so neither is a
# fence line and the block is plain hidden HTML until the editor removes them.
TEMPLATE = """\
Title: {title}
Date: {date}
{category}Slug: {slug}
Status: draft

Écrivez ici le premier paragraphe de l'article. L'article est un brouillon
(Status: draft) : retirez cette ligne de l'en-tête pour le publier.

<!-- Le bloc ci-dessous est un graphique à remplir, caché tant qu'il est en
commentaire. Pour l'activer, effacez « <!-- » au début de sa première ligne et
la fin de commentaire au bout de sa dernière ligne, puis remplacez chaque
valeur (guide : « Déclarer un graphique »). -->

<!-- ```chart
dataset: nom-du-jeu
mark: bar
x: colonne-des-valeurs
y: colonne-des-libelles
title: Ce que montre le graphique, en une phrase
description: Ce que montre le graphique, chiffres compris, pour qui ne le voit pas.
source: D'où viennent les chiffres
``` -->
"""


class ArticleExists(Exception):
    pass


def slug_for(title: str, settings: dict) -> str:
    """The slug Pelican would derive from this title with these settings."""
    from pelican.utils import slugify

    return slugify(
        title,
        regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
        preserve_case=settings.get("SLUGIFY_PRESERVE_CASE", False),
        use_unicode=settings.get("SLUGIFY_USE_UNICODE", False),
    )


def write_article(title: str, settings: dict, today: datetime.date | None = None) -> Path:
    """Write content/SLUG.md and return its path; never overwrite a file."""
    title = " ".join(title.split())
    if not title:
        raise ValueError('Donnez un titre entre guillemets : invoke new-article "Titre de l\'article"')
    slug = slug_for(title, settings)
    path = Path(settings["PATH"]) / f"{slug}.md"
    if path.exists():
        raise ArticleExists(f"{path} existe déjà ; choisissez un autre titre, ou modifiez ce fichier")
    date = (today or datetime.date.today()).isoformat()
    category = usual_category(Path(settings["PATH"]))
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as file:
        file.write(
            TEMPLATE.format(title=title, date=date, slug=slug, category=f"Category: {category}\n" * bool(category))
        )
    return path


def usual_category(content: Path) -> str | None:
    """The category most published articles have: a draft's page links to its
    category's page, which only published articles create."""
    counts = Counter()
    for path in content.rglob("*.md"):
        header = {}
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            match = HEADER_LINE.match(line)
            if not match:
                break
            header[match.group(1).lower()] = match.group(2).strip()
        if header.get("category") and header.get("status", "published").lower() == "published":
            counts[header["category"]] += 1
    return counts.most_common(1)[0][0] if counts else None
