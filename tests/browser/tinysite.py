"""The browser tests' tiny site: its articles, pages and the runtime's path."""

from __future__ import annotations

LINE_BLOCK = """\
```chart
dataset: usages
mark: line
x: annee:O
y: part:Q
color: usage:N
interactive: true
title: Deux usages qui progressent
description: Courbes de 2013 à 2016 ; réseaux sociaux de 36 à 62 %, outils collaboratifs de 22 à 43 %.
```
"""

STATIC_LINE_BLOCK = """\
```chart
dataset: usages
mark: line
x: annee:O
y: part:Q
color: usage:N
title: Deux courbes sans interaction
description: Courbes de 2013 à 2016, sans graphique interactif.
```
"""

# Enough prose to put the interactive chart well below the first screen, so a
# test can tell "upgraded when scrolled into view" from "upgraded on load".
FILLER = "\n\n".join(f"Paragraphe {n} : du texte avant le graphique, pour le faire défiler." for n in range(80))

# Output-relative pages.
BAR_ARTICLE = "essai.html"  # tests/conftest.py's BAR_BLOCK, static chart only
LIVE_ARTICLE = "courbe.html"  # LINE_BLOCK, interactive: true
STATIC_LINE_ARTICLE = "ligne.html"  # STATIC_LINE_BLOCK
HOME = "index.html"
ARCHIVES = "archives.html"

# The live-chart runtime (/graphiques/vega-runtime.js by default); a page names
# its own in each interactive figure's data-runtime.
RUNTIME_NAME = "vega-runtime"
