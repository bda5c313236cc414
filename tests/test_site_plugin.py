"""The theme and the publication plugin on sites set up unlike ours, as
Pelican's own sample site is: other folders for the chart plugin, a robots.txt
of the site's own, drafts and hidden pages, translations, no search page."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from conftest import PROJECT

pytestmark = pytest.mark.slow

RENAMED = {"output_dir": "charts-x", "datasets_dir": "data-x"}


def internal_links(site) -> dict[str, list[str]]:
    """Every page's links to the site itself (href and src), by page."""
    links = {}
    for path in sorted(site.output.rglob("*.html")):
        relative = path.relative_to(site.output).as_posix()
        if relative.startswith("pagefind/"):
            continue
        html = site.page(relative)
        urls = [tag.get("href") or tag.get("src") for tag in html.find_all(["a", "link", "script", "img", "iframe"])]
        links[relative] = [u for u in urls if u and not re.match(r"^(?:[a-z]+:|//)", u)]
    return links


def test_renamed_chart_folders_build_and_are_linked(usages_site):
    usages_site.settings["DATACHARTS"] = RENAMED
    assert usages_site.build() == 0
    _assert_renamed_folders(usages_site)


def _assert_renamed_folders(site):
    output = site.output
    assert not (output / "graphiques").exists() and not (output / "donnees").exists()
    assert (output / "charts-x" / "datacharts.css").is_file() and (output / "data-x" / "index.html").is_file()
    for relative, links in internal_links(site).items():
        assert not [u for u in links if "graphiques" in u or "donnees" in u], relative
    head = site.page("essai.html").head
    assert head.select_one('link[rel="stylesheet"][href="/charts-x/datacharts.css"]') is not None
    assert head.select_one('script[src="/charts-x/datacharts.js"]') is not None
    nav = site.page("index.html").select_one(".site-nav")
    assert nav.find("a", string="Données")["href"] == "/data-x/index.html"
    assert site.page("data-x/usages.html").select_one('.site-nav a[aria-current="true"]').get_text() == "Données"
    noscript = site.page("recherche.html").select_one("noscript").decode_contents()
    assert 'href="/data-x/index.html"' in noscript
    assert "/charts-x/*\n" in (output / "_headers").read_text(encoding="utf-8")
    assert "charts-x/" not in (output / "sitemap.xml").read_text(encoding="utf-8")


def test_a_robots_txt_of_the_site_is_kept(site):
    """Pelican's sample site: a static file saved as robots.txt (EXTRA_PATH_METADATA)."""
    ours = "User-agent: *\nDisallow: /brouillons/\n"
    extra = site.root / "content" / "extra"
    extra.mkdir(parents=True)
    (extra / "robots.txt").write_text(ours, encoding="utf-8")
    site.article("essai", "Un texte.\n")
    site.settings.update(
        STATIC_PATHS=["extra/robots.txt"], EXTRA_PATH_METADATA={"extra/robots.txt": {"path": "robots.txt"}}
    )
    assert site.build() == 0
    assert (site.output / "robots.txt").read_text(encoding="utf-8") == ours
    # Without it, the next build writes ours again.
    del site.settings["STATIC_PATHS"], site.settings["EXTRA_PATH_METADATA"]
    assert site.build() == 0
    assert (site.output / "robots.txt").read_text(encoding="utf-8").startswith("User-agent: *\nAllow: /")


def test_the_sitemap_leaves_out_drafts_and_hidden_items(site):
    site.settings.update(SITEURL="https://exemple.org", FEED_DOMAIN="https://exemple.org")
    site.article("publie", "Publié.\n", title="Publié")
    site.article("brouillon", "Pas encore.\n", title="Brouillon", Status="draft")
    site.article("cache", "Pour qui a le lien.\n", title="Caché", Status="hidden")
    pages = site.root / "content" / "pages"
    pages.mkdir(parents=True)
    (pages / "a-propos.md").write_text("Title: À propos\n\nQui nous sommes.\n", encoding="utf-8")
    (pages / "secret.md").write_text("Title: Secret\nStatus: hidden\n\nRien à voir.\n", encoding="utf-8")
    (pages / "plus-tard.md").write_text("Title: Plus tard\nStatus: draft\n\nBientôt.\n", encoding="utf-8")
    assert site.build() == 0
    for written in ("publie.html", "drafts/brouillon.html", "cache.html", "secret.html", "drafts/pages/plus-tard.html"):
        assert (site.output / written).is_file(), written
    locs = re.findall(r"<loc>https://exemple.org/([^<]*)</loc>", (site.output / "sitemap.xml").read_text("utf-8"))
    assert "publie.html" in locs and "a-propos.html" in locs
    assert not [loc for loc in locs if loc.startswith("drafts/") or loc in ("cache.html", "secret.html")], locs


def test_lang_and_translations(site):
    """Pelican's Lang: and Translation: (same Slug): each version says its
    language and links the other with hreflang; the site's words keep French."""
    site.article("essai", "Un texte.\n", title="Essai")
    site.article("essai-en", "A text.\n", title="Essay", Slug="essai", Lang="en", Translation="true")
    pages = site.root / "content" / "pages"
    pages.mkdir(parents=True)
    (pages / "about.md").write_text("Title: About\nLang: en\n\nWho we are.\n", encoding="utf-8")
    assert site.build() == 0
    french, english = site.page("essai.html"), site.page("essai-en.html")
    assert french.html["lang"] == "fr" and english.html["lang"] == "en"
    assert site.page("index.html").html["lang"] == "fr" and site.page("about-en.html").html["lang"] == "en"
    link = french.select_one(".translations a")
    assert (link["href"], link["hreflang"], link["lang"], link.get_text()) == ("/essai-en.html", "en", "en", "English")
    assert french.select_one('head link[rel="alternate"][hreflang="en"]')["href"] == "/essai-en.html"
    back = english.select_one(".translations a")
    assert (back["href"], back["hreflang"], back.get_text()) == ("/essai.html", "fr", "Français")
    # The French header, byline and footer of the English page say they are French.
    assert english.select_one(".site-header")["lang"] == "fr" and english.select_one(".byline")["lang"] == "fr"
    assert french.select_one(".site-header").get("lang") is None
    meta = {m["property"]: m["content"] for m in english.select("meta[property^='og:locale']")}
    assert meta == {"og:locale": "en_US", "og:locale:alternate": "fr_FR"}


def test_the_search_page_is_linked_only_where_it_is_built(site):
    site.article("essai", "Un texte.\n")
    site.settings["TEMPLATE_PAGES"] = {}
    assert site.build() == 0
    assert not (site.output / "recherche.html").exists()
    linking = [page for page, links in internal_links(site).items() if any("recherche" in u for u in links)]
    assert linking == []
    # Built elsewhere, it is linked there.
    site.settings["TEMPLATE_PAGES"] = {"recherche.html": "chercher/index.html"}
    assert site.build() == 0
    nav = site.page("essai.html").select_one(".site-nav")
    assert nav.find("a", string="Recherche")["href"] == "/chercher/index.html"
    assert site.page("chercher/index.html").select_one('.site-nav a[aria-current="page"]').get_text() == "Recherche"


PLAIN_PELICAN = """
import sys
from pelican import Pelican
from pelican.settings import read_settings
settings = read_settings(path=None, override={
    "PATH": "content", "OUTPUT_PATH": "output", "CACHE_PATH": "cache", "SITEURL": "https://exemple.org",
    "TIMEZONE": "Europe/Paris", "PLUGIN_PATHS": [sys.argv[1]], "PLUGINS": ["publication"],
})
try:
    Pelican(settings).run()
except Exception as exc:
    sys.exit(f"{type(exc).__name__}")
"""


def test_the_publication_plugin_alone_with_pelicans_own_theme(tmp_path):
    """Plain Pelican(settings).run(), Pelican's default theme, no chart plugin
    (a process of its own: plugins' signal handlers outlive a build)."""
    content = tmp_path / "content"
    content.mkdir()
    (content / "un.md").write_text("Title: Un\nDate: 2017-03-10\n\nVoir [deux]({filename}deux.md).\n", "utf-8")

    def run():
        command = [sys.executable, "-c", PLAIN_PELICAN, str(PROJECT / "plugins")]
        return subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=120)

    failed = run()
    assert failed.returncode == 1 and failed.stderr.splitlines()[-3:] == [
        "content/un.md:4: le lien « {filename}deux.md » ne mène à aucun fichier du site ; "
        "le chemin part du dossier de ce fichier (de content/ s'il commence par « / »)",
        "1 erreur dans le contenu ; le site n'a pas été publié.",
        "BuildFailed",
    ]
    assert not (tmp_path / "output").exists()
    (content / "deux.md").write_text("Title: Deux\nDate: 2017-03-11\nStatus: hidden\n\nDeux.\n", "utf-8")
    built = run()
    assert built.returncode == 0, built.stderr
    sitemap = (tmp_path / "output" / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://exemple.org/un.html</loc>" in sitemap and "deux.html" not in sitemap
    assert "Sitemap: https://exemple.org/sitemap.xml" in (tmp_path / "output" / "robots.txt").read_text("utf-8")
