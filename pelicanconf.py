"""Local settings: `invoke build` and `invoke livereload` use these."""

import logging
import os

from jinja2 import FileSystemBytecodeCache

AUTHOR = "la rédaction"  # shown as « Par la rédaction »
SITENAME = "Associations & numérique"
SITESUBTITLE = "Ce que les associations font du numérique, en chiffres"
SITEURL = ""

# Sharing: pages without a chart of their own show this card (1200×630 PNG,
# drawn at every build by the publication plugin from SITENAME and SITESUBTITLE).
SITE_CARD = "carte-du-site.png"
SITE_CARD_SOURCE = "Chiffres : Recherches & Solidarités et Solidatech, enquête 2016"

# Trust: the study's publishers, named with their public websites in every
# page's footer; where readers send corrections (an address of the site's own
# domain, shown in the footer and on the 404 page: set the real one here).
STUDY_PUBLISHERS = [
    ("Recherches & Solidarités", "https://recherches-solidarites.org/"),
    ("Solidatech", "https://www.solidatech.fr/"),
]
CORRECTIONS_EMAIL = "corrections@associations-numerique.example.org"

PATH = "content"
PAGE_PATHS = ["pages"]
ARTICLE_PATHS = [""]
ARTICLE_EXCLUDES = ["pages"]
STATIC_PATHS = []
THEME = "theme"
TIMEZONE = "Europe/Paris"
DEFAULT_LANG = "fr"
LOCALE = ("fr_FR.UTF-8", "fr_FR", "")
DEFAULT_DATE_FORMAT = "%-d %B %Y"

PLUGIN_PATHS = ["plugins"]
PLUGINS = ["datacharts", "publication"]  # this order: publication checks what datacharts wrote
# Besides these, the sitemap leaves out drafts, hidden items and the chart files (DATACHARTS["output_dir"]).
SITEMAP_EXCLUDE = ["pagefind/"]
# Content-Security-Policy, as a <meta> in every page and in output/_headers
# (for hosts that read one). Scripts come from the site only, never inline,
# never eval: live charts run Vega's expression interpreter. wasm-unsafe-eval
# lets Pagefind's WebAssembly search run; it does not allow eval.
CSP = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'"
)

# Search: theme/templates/recherche.html over the Pagefind index that the
# publication plugin builds at the end of every build.
TEMPLATE_PAGES = {"recherche.html": "recherche.html"}
# What Pagefind reads: the pages readers land on, not the thousands of chart
# files in graphiques/ (embed pages), which it would only open to skip.
PAGEFIND_GLOB = "{*.html,donnees/*.html,categorie/*.html,etiquette/*.html}"
# Charts: the site's palette (named for the editors' colors: key, in the order
# categories take them; theme/static/css/site.css remaps each for dark mode,
# tests/test_site_palette.py checks both sets for colour-blind readers) and
# the backgrounds an editor's own #rrggbb colour must be legible on.
DATACHARTS = {
    "palette": {
        "bleu": "#1f5f99",
        "orange": "#d9661f",
        "vert": "#2b8a5a",
        "violet": "#6b5fb5",
        "ocre": "#8c6d1f",
        "framboise": "#b8336a",
    },
    "accent": "bleu",
    "gris": "#8a8f96",
    "backgrounds": ["#fbfaf7", "#15171b"],
}

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
        "markdown.extensions.toc": {"permalink": False},
        "markdown.extensions.smarty": {
            "substitutions": {
                "left-double-quote": "«\u00a0",
                "right-double-quote": "\u00a0»",
            }
        },
    },
    "output_format": "html5",
}

FEED_DOMAIN = SITEURL
# A local build has no site address, so its feeds' links are relative: fine
# for a preview, and publishconf.py sets the address. Pelican would say so at
# every build.
LOG_FILTER = [(logging.WARN, "Feeds generated without SITEURL or FEED_DOMAIN set properly may not be valid")]
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"
RSS_FEED_SUMMARY_ONLY = False  # full articles, charts as images
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

ARTICLE_URL = "{slug}.html"
ARTICLE_SAVE_AS = "{slug}.html"
PAGE_URL = "{slug}.html"
PAGE_SAVE_AS = "{slug}.html"
# A page's translation (Lang: en, same Slug) beside it, as an article's is, not in pages/.
PAGE_LANG_URL = "{slug}-{lang}.html"
PAGE_LANG_SAVE_AS = "{slug}-{lang}.html"
CATEGORY_URL = "categorie/{slug}.html"
CATEGORY_SAVE_AS = "categorie/{slug}.html"
TAG_URL = "etiquette/{slug}.html"
TAG_SAVE_AS = "etiquette/{slug}.html"
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
ARCHIVES_SAVE_AS = "archives.html"

DEFAULT_PAGINATION = False
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = False
# Pelican's content cache is safe with datacharts: cached articles keep their
# charts as jobs, rendered against the current data at every build.
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CHECK_MODIFIED_METHOD = "sha256"

# Compiled templates are kept between builds (keyed on each template's source).
_JINJA_CACHE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cache", "jinja")
os.makedirs(_JINJA_CACHE, exist_ok=True)
JINJA_ENVIRONMENT = {
    "trim_blocks": True,
    "lstrip_blocks": True,
    "extensions": [],
    "bytecode_cache": FileSystemBytecodeCache(_JINJA_CACHE),
}
