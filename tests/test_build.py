"""Whole builds of tiny sites in temporary folders, checked with an HTML parser."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import BAR_BLOCK, PROJECT

pytestmark = pytest.mark.slow


def snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def readme_blocks() -> dict[str, str]:
    """The editors' guide's own examples: the test fails if the guide goes wrong."""
    text = (PROJECT / "README.md").read_text(encoding="utf-8")
    guide = text[text.index("## Guide de la rédaction") :]
    csv = re.search(r"```csv\n(.*?)```", guide, re.S).group(1)
    descriptor = re.search(r"```yaml\n(title:.*?)```", guide, re.S).group(1)
    chart = re.search(r"````markdown\n(```chart\ndataset:.*?```\n)````", guide, re.S).group(1)
    inline = re.search(r"```markdown\n(En 2016.*?)```", guide, re.S).group(1)
    quoting = re.search(r"````markdown\n(```chart\n[^`]*title: En 2016, \{\{.*?```\n)````", guide, re.S).group(1)
    return {"csv": csv, "descriptor": descriptor, "chart": chart, "inline": inline, "quoting": quoting}


@pytest.fixture
def readme_site(site):
    """A site written from the README's guide alone: latin-1, ';', decimal commas."""
    blocks = readme_blocks()
    site.dataset("usages-numeriques", blocks["csv"].encode("latin-1"), blocks["descriptor"])
    site.article("guide", blocks["inline"] + "\n" + blocks["chart"])
    return site


def test_an_article_from_the_guide_builds_with_right_values(readme_site):
    assert readme_site.build() == 0
    page = readme_site.page("guide.html")
    figure = page.select_one("figure.datachart")
    svg = figure.select_one("svg.datachart-svg")
    labels = [t.get_text() for t in svg.find_all("text")]
    assert "Réseaux sociaux" in labels and "Outils collaboratifs" in labels
    bars = [m["aria-label"] for m in svg.select('[role="graphics-symbol"]')]
    assert any("62" in b and "Réseaux sociaux" in b and "2016" in b for b in bars)
    assert any("22,5" in b for b in bars), bars  # French decimal comma from the fr-FR locale
    assert svg["role"] == "img"
    assert svg.select_one("title").get_text() == figure.select_one(".datachart-title").get_text()
    assert "62\u202f%" in page.select_one(".data-value").get_text()
    caption = figure.select_one("figcaption").get_text(" ")
    assert "Source : Recherches & Solidarités et Solidatech, enquête 2016" in caption
    link = figure.find("a", string=re.compile("Télécharger les données"))
    csv = (readme_site.output / urlsplit(link["href"]).path.lstrip("/")).read_text(encoding="utf-8")
    assert csv.splitlines()[0] == "part,usage,annee" and "Outils collaboratifs,2013" in csv.replace("22.5,", "")


def test_the_guides_chart_quoting_values_builds_with_them(readme_site):
    readme_site.article("citer", readme_blocks()["quoting"])
    assert readme_site.build() == 0
    svg = readme_site.page("citer.html").select_one("figure.datachart svg")
    assert svg.select_one("title").get_text() == "En 2016, 62\u202f% des associations sur les réseaux sociaux"
    assert " ".join(svg.select_one("desc").get_text().split(" ")).endswith("passent à 62\u202f% en 2016.")


def test_a_changed_value_shows_after_the_next_build(readme_site):
    assert readme_site.build() == 0
    csv = readme_site.root / "data" / "usages-numeriques.csv"
    csv.write_bytes(csv.read_bytes().replace(b";62", b";64"))
    assert readme_site.build() == 0
    page = readme_site.page("guide.html")
    bars = [m["aria-label"] for m in page.select('svg [role="graphics-symbol"]')]
    assert any("64" in b for b in bars) and not any(re.search(r": 62(?:\u202f%)?(?:;|$)", b) for b in bars)
    assert any(": 64\u202f%" in b for b in bars), bars  # the value with its unit, as the axis writes it
    assert "64\u202f%" in page.select_one(".data-value").get_text()


MISTAKES = {
    "unknown key": ("colour: annee:N", 13, "clé « colour » inconnue"),
    "unknown column": ("x: prat", 11, "colonne « prat » inconnue"),
    "missing dataset": ("dataset: usage", 9, "« usage » n'existe pas"),
    "path leaving data": ("dataset: ../secret", 9, "sort du dossier data/"),
    "missing description": ("description: ''", 16, "« description » manque"),
    "malformed YAML": ("y: {field: usage, sort: -x", 12, "accolade ou crochet jamais fermé"),
    "bad value": (
        "mark: {type: bar, cornerRadius: beaucoup}",
        10,
        "« beaucoup » n'est pas une valeur possible pour cornerRadius",
    ),
}


@pytest.mark.parametrize("mistake", MISTAKES)
def test_each_editor_mistake_fails_the_build_naming_file_and_line(usages_site, capsys, mistake):
    assert usages_site.build() == 0
    before = snapshot(usages_site.output)
    replacement, line, words = MISTAKES[mistake]
    key = replacement.split(":")[0]
    body = re.sub(rf"^{key}:.*$", replacement, "Intro.\n\n" + BAR_BLOCK, count=1, flags=re.M)
    if key == "colour":
        body = body.replace("color: annee:N", replacement)
    usages_site.article("essai", body)
    capsys.readouterr()
    assert usages_site.build() == 2
    err = capsys.readouterr().err
    assert f"content/essai.md:{line}: " in err and words in err, err
    assert "Traceback" not in err and "Could not process" not in err
    assert snapshot(usages_site.output) == before


def test_a_bad_csv_value_names_file_row_and_column(usages_site, capsys):
    csv = usages_site.root / "data" / "usages.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace(",43", ",quarante"), encoding="utf-8")
    assert usages_site.build() == 2
    err = capsys.readouterr().err
    assert "data/usages.csv:5: colonne « part » : « quarante » n'est pas un nombre" in err


def test_every_mistake_of_the_build_is_listed(usages_site, capsys):
    usages_site.article("un", BAR_BLOCK.replace("x: part", "x: prat"))
    usages_site.article("deux", BAR_BLOCK.replace("mark: bar", "mark: barre"))
    assert usages_site.build() == 2
    err = capsys.readouterr().err
    assert "content/un.md:" in err and "content/deux.md:" in err
    assert "2 erreurs dans le contenu" in err


def test_svg_ids_are_unique_and_do_not_depend_on_order(usages_site):
    other = BAR_BLOCK.replace("Les réseaux sociaux ont presque doublé", "Deuxième graphique").replace(
        "mark: bar", "mark: {type: bar, clip: true}"
    )
    usages_site.article("essai", BAR_BLOCK + "\n" + other)
    assert usages_site.build() == 0
    first = usages_site.page("essai.html")
    ids = [tag["id"] for tag in first.find_all(id=True)]
    assert len(ids) == len(set(ids)), [i for i in ids if ids.count(i) > 1]
    assert any(i.startswith("deuxieme-graphique-") and "-svg-" in i for i in ids)
    usages_site.article("essai", other + "\n" + BAR_BLOCK)
    assert usages_site.build() == 0
    second = usages_site.page("essai.html")
    assert str(first.find(id="deuxieme-graphique").svg) == str(second.find(id="deuxieme-graphique").svg)


def test_interactive_spec_is_escaped_json(site):
    site.dataset("x", 'nom,valeur\n"</script><img src=x onerror=alert(1)>",1\n"a\u2028b",2\n')
    site.article(
        "x", "```chart\ndataset: x\nmark: bar\nx: valeur\ny: nom\ninteractive: true\ntitle: T\ndescription: D\n```\n"
    )
    assert site.build() == 0
    html = (site.output / "x.html").read_text(encoding="utf-8")
    assert "</script><img" not in html
    spec = json.loads(site.page("x.html").select_one('script[type="application/json"]').string)
    names = [row["nom"] for row in next(iter(spec["datasets"].values()))]
    assert names[0] == "</script><img src=x onerror=alert(1)>" and names[1] == "a\u2028b"
    assert (site.output / "graphiques" / "vega-runtime.js").stat().st_size > 100_000


def test_python_chart(site):
    site.dataset("usages", "usage,part\nA,1\nB,2\n")
    charts = site.root / "charts"
    charts.mkdir()
    (charts / "barres.py").write_text(
        'import altair as alt\nDATASET = "usages"\n\n\ndef build(data):\n'
        '    return alt.Chart(data).mark_bar().encode(x="part:Q", y="usage:N")\n',
        encoding="utf-8",
    )
    site.article("p", "```chart\nchart: barres\ntitle: En Python\ndescription: Deux barres.\n```\n")
    assert site.build() == 0
    assert site.page("p.html").select_one("figure.datachart svg title").get_text() == "En Python"


def external_references(output: Path) -> list[str]:
    """Every URL a page or stylesheet would load from, or point to, off the site."""
    found = []
    for path in output.rglob("*"):
        if path.suffix not in {".html", ".css", ".js", ".xml", ".json"}:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".js":  # runtime bundles mention URLs in comments and docs
            continue
        for url in re.findall(r"(?:src|href|srcset|content|action)=[\"'](https?:)?//([^\"'/]+)", text):
            found.append(f"{path.name}: {url[1]}")
        for url in re.findall(r"url\(\s*['\"]?(?:https?:)?//([^)'\"]+)", text):
            found.append(f"{path.name}: {url}")
        found += [f"{path.name}: $schema" for _ in re.findall(r'"\$schema"', text)]
    return found


def test_no_page_refers_to_a_third_party_host(usages_site):
    usages_site.article("vivant", BAR_BLOCK.replace("```chart\n", "```chart\ninteractive: true\n"), title="Vivant")
    assert usages_site.build() == 0
    assert external_references(usages_site.output) == []


def test_invoke_build_reports_mistakes_without_a_traceback(usages_site, tmp_path):
    root = usages_site.root
    usages_site.article("essai", BAR_BLOCK.replace("x: part", "x: prat"))
    for name in ("plugins", "theme", "sitebuild"):
        (root / name).symlink_to(PROJECT / name)
    shutil.copy(PROJECT / "tasks.py", root / "tasks.py")
    shutil.copy(PROJECT / "pelicanconf.py", root / "pelicanconf.py")
    invoke = Path(sys.executable).parent / "invoke"
    done = subprocess.run([str(invoke), "build"], cwd=root, capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert "content/essai.md:9: x : colonne « prat » inconnue dans usages ; colonnes : part" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert not (root / "output" / "essai.html").exists()


def test_dataset_catalogue_pages(usages_site):
    usages_site.dataset("inutilise", "a,b\n1,2\n")
    assert usages_site.build() == 0
    index = usages_site.page("donnees/index.html")
    assert [a.get_text() for a in index.select(".dataset-list h2 a")] == [
        "inutilise",
        "Usages numériques des associations",
    ]
    page = usages_site.page("donnees/usages.html")
    assert page.h1.get_text() == "Usages numériques des associations"
    schema = [[td.get_text() for td in tr.find_all("td")] for tr in page.select(".dataset-schema tbody tr")]
    assert schema[2] == ["part", "nombre", "Part des associations", "%"]
    preview = [[td.get_text() for td in tr.find_all("td")] for tr in page.select(".dataset-preview tbody tr")]
    assert preview[1] == ["Réseaux sociaux", "2016", "62\u202f%"]
    (use,) = page.select(".dataset-uses a")
    assert use["href"] == "/essai.html#les-reseaux-sociaux-ont-presque-double"
    download = page.find("a", string="Télécharger les données (CSV)")["href"]
    assert (usages_site.output / download.lstrip("/")).read_text(encoding="utf-8").startswith("usage,annee,part")
    # The very files of data/ (read once per build, for its keys and the download).
    data = usages_site.root / "data"
    descriptor = page.find("a", string="Description (Frictionless, YAML)")["href"]
    assert (usages_site.output / download.lstrip("/")).read_bytes() == (data / "usages.csv").read_bytes()
    assert (usages_site.output / descriptor.lstrip("/")).read_bytes() == (data / "usages.resource.yaml").read_bytes()
    # Read again at each build, in one process too (livereload's builder).
    builder = usages_site.builder()
    try:
        csv = data / "usages.csv"
        csv.write_text(csv.read_text(encoding="utf-8").replace("2016,62", "2016,71"), encoding="utf-8")
        assert usages_site.build(builder=builder) == 0
        assert (usages_site.output / download.lstrip("/")).read_bytes() == csv.read_bytes()
        csv.write_text(csv.read_text(encoding="utf-8").replace("2016,71", "2016,72"), encoding="utf-8")
        assert usages_site.build(builder=builder) == 0
        assert (usages_site.output / download.lstrip("/")).read_bytes() == csv.read_bytes()
    finally:
        builder.close()
    # Each chart's caption links to its dataset's page.
    caption_link = usages_site.page("essai.html").select_one(".datachart-source a")
    assert caption_link["href"] == "/donnees/usages.html"


def test_a_broken_unused_dataset_fails_the_build(usages_site, capsys):
    usages_site.dataset("casse", "a,b\n1\n")
    assert usages_site.build() == 2
    assert "data/casse.csv:2: 1 valeurs au lieu de 2" in capsys.readouterr().err


def png_buttons_of(figure, svg_url: str) -> None:
    """The figure offers « Image PNG » drawn from svg_url, hidden (separator and all) until the script runs."""
    button = figure.select_one(".datachart-downloads button.datachart-png")
    assert button.get_text() == "Image PNG" and button["type"] == "button"
    assert button["data-svg"] == svg_url and button["data-name"] == f"{figure['id']}.png"
    hidden = button.find_parent(attrs={"hidden": True})
    assert hidden is not None and hidden.get_text().strip() == "· Image PNG"


def test_each_chart_has_svg_a_png_button_and_an_embed_page(usages_site):
    assert usages_site.build() == 0
    figure = usages_site.page("essai.html").select_one("figure.datachart")
    links = {a.get_text(): a["href"] for a in figure.select(".datachart-downloads a")}
    assert list(links) == ["Télécharger les données (CSV)", "Image SVG"]
    svg = (usages_site.output / urlsplit(links["Image SVG"]).path.lstrip("/")).read_text(encoding="utf-8")
    assert svg.startswith("<?xml") and "Réseaux sociaux" in svg
    # The PNG is the reader's browser's work (tests/browser): the build writes
    # the article's card and no picture per chart.
    png_buttons_of(figure, links["Image SVG"])
    pngs = [p.relative_to(usages_site.output).as_posix() for p in (usages_site.output / "graphiques").rglob("*.png")]
    assert pngs == [f"graphiques/essai/{figure['id']}.png"], pngs  # the card, named after its article and anchor
    snippet = figure.select_one(".datachart-embed-code code").get_text()
    embed_url = re.search(r'src="([^"]+)"', snippet).group(1)
    embed = usages_site.page(urlsplit(embed_url).path.lstrip("/"))
    assert embed.select_one("figure.datachart svg title").get_text() == "Les réseaux sociaux ont presque doublé"
    assert embed.select_one(".datachart-embed-code") is None
    png_buttons_of(embed.select_one("figure.datachart"), links["Image SVG"])


def test_feeds_show_charts_as_images_with_absolute_urls(usages_site):
    usages_site.settings.update(SITEURL="https://exemple.org", FEED_DOMAIN="https://exemple.org")
    assert usages_site.build() == 0
    for feed in ("feeds/all.atom.xml", "feeds/all.rss.xml"):
        from bs4 import BeautifulSoup

        xml = BeautifulSoup((usages_site.output / feed).read_text(encoding="utf-8"), "xml")
        entry = xml.find(["content", "description"], string=re.compile("datachart"))
        html = BeautifulSoup(entry.get_text(), "html.parser")
        img = html.select_one("figure.datachart img")
        src = urlsplit(img["src"])
        assert img["src"].startswith("https://exemple.org/graphiques/") and src.path.endswith(".svg")
        assert re.fullmatch(r"v=[0-9a-f]{10}", src.query), img["src"]  # its version, as in the page
        assert img["alt"] == "Barres horizontales, 2013 et 2016."
        assert (usages_site.output / src.path.lstrip("/")).exists()
        assert html.select_one("svg") is None
        assert html.select_one("table, button, details") is None  # the figure only, nothing dead
        assert "Source : Recherches & Solidarités" in html.get_text()
        assert "<svg" not in xml.get_text()  # nor in the summaries


def test_lead_chart_card_is_a_1200_by_630_png(usages_site):
    import struct

    assert usages_site.build() == 0
    cards = list((usages_site.output / "graphiques").rglob("*.png"))
    assert len(cards) == 1
    width, height = struct.unpack(">II", cards[0].read_bytes()[16:24])
    assert (width, height) == (1200, 630)


def test_unchanged_charts_come_from_the_cache(usages_site, capsys):
    assert usages_site.build() == 0
    assert "1 charts rendered, 0 reused" in capsys.readouterr().out
    first = snapshot(usages_site.output)
    assert usages_site.build(force=True) == 0  # the whole build runs, charts come from the cache
    assert "0 charts rendered, 1 reused" in capsys.readouterr().out
    assert snapshot(usages_site.output) == first
    for entry in (usages_site.root / "cache" / "datacharts").rglob("*"):
        if entry.is_file():
            entry.write_bytes(entry.read_bytes()[:-20])  # a damaged cache is rebuilt, never served
    assert usages_site.build(force=True) == 0
    assert "1 charts rendered, 0 reused" in capsys.readouterr().out
    assert snapshot(usages_site.output) == first


def test_a_fully_cached_build_loads_neither_pandas_nor_altair_nor_vl_convert(usages_site):
    """Nor frictionless, installed for the tests only."""
    usages_site.article("cite", "Soit {{ dataset: usages, column: part, usage: Réseaux sociaux, annee: 2016 }}.\n")
    assert usages_site.build() == 0
    usages_site.write_settings()
    code = (
        f"import sys; sys.path.insert(0, {str(PROJECT)!r}); "
        "from sitebuild import build_site; "
        "status = build_site('pelicanconf.py', 'output', force=True); "
        "print(sorted(m for m in ('pandas', 'altair', 'vl_convert', 'frictionless') if m in sys.modules)); "
        "sys.exit(status)"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=usages_site.root, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "0 charts rendered, 1 reused" in done.stdout
    assert "[]" in done.stdout.splitlines()[-1]
    assert "62\u202f%" in usages_site.page("cite.html").select_one(".data-value").get_text()


def test_a_mistake_in_a_cached_article_is_reported_again(usages_site, capsys):
    usages_site.article("essai", BAR_BLOCK.replace("color:", "colour:"))
    assert usages_site.build() == 2
    capsys.readouterr()
    assert usages_site.build() == 2  # the article now comes from Pelican's content cache
    assert "content/essai.md:11: clé « colour » inconnue" in capsys.readouterr().err


def test_images_off_renders_svg_only(usages_site):
    usages_site.settings["DATACHARTS"] = {"images": False}
    assert usages_site.build() == 0
    page = usages_site.page("essai.html")
    figure = page.select_one("figure.datachart")
    links = {a.get_text(): a["href"] for a in figure.select(".datachart-downloads a")}
    assert list(links) == ["Télécharger les données (CSV)", "Image SVG"]
    assert not list((usages_site.output / "graphiques").glob("*.png"))  # no card
    # No chart card: the page shares the site's own card (SITE_CARD).
    assert page.select_one('meta[property="og:image"]')["content"] == "/carte-du-site.png"
    png_buttons_of(figure, links["Image SVG"])  # readers still get their PNG


def test_articles_share_with_their_lead_chart_as_a_card(usages_site):
    usages_site.settings.update(SITEURL="https://exemple.org", FEED_DOMAIN="https://exemple.org")
    assert usages_site.build() == 0
    page = usages_site.page("essai.html")
    meta = {m.get("property") or m.get("name"): m["content"] for m in page.select("meta[content]")}
    card = urlsplit(meta["og:image"])
    assert meta["og:image"].startswith("https://exemple.org/graphiques/essai/") and card.path.endswith(".png")
    png = usages_site.output / card.path.lstrip("/")
    assert card.query == f"v={hashlib.sha256(png.read_bytes()).hexdigest()[:10]}"
    assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630")
    assert meta["twitter:card"] == "summary_large_image"
    assert meta["og:url"] == "https://exemple.org/essai.html"
    assert page.select_one('link[rel="canonical"]')["href"] == "https://exemple.org/essai.html"
    sitemap = (usages_site.output / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://exemple.org/essai.html</loc><lastmod>2017-03-10</lastmod>" in sitemap
    assert "Sitemap: https://exemple.org/sitemap.xml" in (usages_site.output / "robots.txt").read_text()


def test_a_default_chart_with_a_legend_has_a_phone_drawing_that_fits_a_phone(usages_site):
    """A chart is drawn as wide as the text column (issue 15): phones get a
    second drawing, legend included, as narrow as the setting says."""
    from datacharts_engine.settings import DEFAULTS

    usages_site.article(
        "nuage",
        "```chart\ndataset: usages\nmark: point\nx: annee:O\ny: part\ncolor: usage\n"
        "title: Nuage\ndescription: Parts par usage et par année.\n```\n",
        title="Nuage",
    )
    assert usages_site.build() == 0
    figure = usages_site.page("nuage.html").select_one("figure.datachart")
    assert float(figure.select_one("svg.datachart-svg-large")["width"]) == DEFAULTS["width"]
    assert float(figure.select_one("svg.datachart-svg-etroit")["width"]) <= DEFAULTS["narrow_width"] * 1.1


def test_links_around_a_chart_are_resolved_in_pages_and_feeds(usages_site):
    """The figure joins the text after Pelican resolves its {filename} links:
    the links before and after it are resolved, in the page and in the feeds."""
    usages_site.settings.update(SITEURL="https://exemple.org", FEED_DOMAIN="https://exemple.org")
    usages_site.article("autre", "Un autre texte.\n", title="Autre")
    path = usages_site.root / "content" / "essai.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("```chart", "Voir [avant]({filename}autre.md).\n\n```chart", 1)
        + "\nEt [après]({filename}autre.md).\n",
        encoding="utf-8",
    )
    assert usages_site.build() == 0
    page = usages_site.page("essai.html")
    links = [a for a in page.select("article a") if a.get_text() in ("avant", "après")]
    assert [a["href"] for a in links] == ["https://exemple.org/autre.html"] * 2
    assert page.select_one("figure.datachart svg") is not None
    assert "{filename}" not in (usages_site.output / "essai.html").read_text(encoding="utf-8")
    feed = (usages_site.output / "feeds" / "all.atom.xml").read_text(encoding="utf-8")
    assert "{filename}" not in feed and "https://exemple.org/autre.html" in feed


def test_a_normal_build_logs_no_warning(usages_site, caplog):
    import logging

    assert usages_site.build() == 0
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert warnings == []


def test_the_sites_python_charts_have_a_phone_drawing(site):
    """The site's two Python charts (layered Altair, issue 15): the figure
    holds a desktop drawing and one as wide as a phone, whose texts stay whole:
    freins_approximatifs through the plugin's layout, its sentences on lines;
    domaines_enquete through its own build_phone, the tiles one under the other."""
    from datacharts_engine.settings import DEFAULTS

    (site.root / "data").mkdir()
    for name in ("freins-2016", "domaines-enquete"):
        for suffix in (".csv", ".resource.yaml"):
            shutil.copy(PROJECT / "data" / f"{name}{suffix}", site.root / "data" / f"{name}{suffix}")
    shutil.copytree(PROJECT / "charts", site.root / "charts")
    blocks = "".join(
        f"```chart\nchart: {chart}\ntitle: {chart}\ndescription: Le graphique {chart}.\n```\n\n"
        for chart in ("freins_approximatifs", "domaines_enquete")
    )
    site.article("python", blocks)
    assert site.build() == 0
    figures = site.page("python.html").select("figure.datachart")
    assert len(figures) == 2
    narrow = {}
    for figure in figures:
        wide = figure.select_one("svg.datachart-svg-large")
        phone = figure.select_one("svg.datachart-svg-etroit")
        assert wide is not None and phone is not None
        assert float(phone["width"]) == DEFAULTS["narrow_width"] < float(wide["width"])
        narrow[figure.select_one("svg title").get_text()] = phone

    def lines(svg, start: str) -> list[str]:
        text = next(t for t in svg.select("text") if t.get_text(" ").startswith(start))
        return [s.get_text() for s in text.select("tspan")] or [text.get_text()]

    freins = narrow["freins_approximatifs"]
    assert len(lines(freins, "environ 75 %")) == 2  # one line on a desktop, past a phone's plot
    assert " ".join(s.strip() for s in lines(freins, "environ 75 %")) == "environ 75 % (« près des trois quarts »)"
    # the SVG's text reads the sentence whole, one space between its lines (render's _lines_apart)
    note = next(t for t in freins.select("text") if t.get_text().startswith("environ 75 %"))
    assert note.get_text() == "environ 75 % (« près des trois quarts »)"
    corners = [
        tuple(float(v) for v in re.match(r"M([\d.]+),([\d.]+)", p["d"]).groups())
        for p in narrow["domaines_enquete"].select("g.mark-rect path[aria-label^='Domaine']")
    ]
    assert len(corners) == 4
    assert len({x for x, _ in corners}) == 1 and len({y for _, y in corners}) == 4  # one under the other
