"""A site on Pelican's default theme, built as any Pelican site is built: plain
``Pelican(settings).run()`` in this process, then ``python -m pelican``.

The theme knows nothing of the plugin: the charts must still be drawn, their
files written, their stylesheet and script linked (by the figures themselves),
and their render workers must start and stop cleanly.
"""

from __future__ import annotations

import contextlib
import filecmp
import io
import multiprocessing
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from .conftest import BAR_BLOCK, USAGES_CSV, USAGES_DESCRIPTOR, Site, output_file, page

pytestmark = pytest.mark.slow

# A Python chart that notes, beside the site, each time a render worker draws it.
SPY_CHART = """\
import multiprocessing
import os
from pathlib import Path

import altair as alt

DATASET = "usages"


def build(data):
    if multiprocessing.parent_process() is not None:  # in a render worker
        with open(Path(__file__).resolve().parent.parent / "drawn-in-workers.txt", "a") as out:
            out.write(f"{os.getpid()}\\n")
    return alt.Chart(data).mark_bar().encode(x="part:Q", y="usage:N")
"""
SPIES = 8  # finalize.POOL_THRESHOLD: from this many charts to draw, workers start
CHARTS = 1 + SPIES
SETTINGS = {"DATACHARTS": {"workers": 2}}
TITLE = "Les réseaux sociaux ont presque doublé"


def default_theme_site(root: Path) -> Site:
    site = Site(root)
    site.dataset("usages", USAGES_CSV, USAGES_DESCRIPTOR)
    site.write("charts/spy.py", SPY_CHART)
    spies = "\n".join(
        f"```chart\nchart: spy\nunchecked: [{n}]\ntitle: Espion {n}\ndescription: Deux barres.\n```\n"
        for n in range(1, SPIES + 1)
    )
    header = "Title: Essai\nDate: 2017-03-10\nCategory: Essais\n"
    site.write("content/essai.md", f"{header}\nIntro.\n\n{BAR_BLOCK}\n{spies}")
    site.write("content/pages/a-propos.md", "Title: À propos\n\nUne page sans graphique.\n")
    return site


@dataclass
class Built:
    site: Site
    output: Path
    stdout: str
    stderr: str
    children_left: list


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Built:
    """The site built once in this process; what it printed, and the processes it left."""
    site = default_theme_site(tmp_path_factory.mktemp("default-theme"))
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        output = site.build(**SETTINGS)
    return Built(site, output, out.getvalue(), err.getvalue(), multiprocessing.active_children())


def check_charts(output: Path) -> None:
    """Every figure of the article holds its drawing, and its CSV and SVG are written under graphiques/."""
    doc = page(output, "essai.html")
    figures = doc.select("figure.datachart")
    assert len(figures) == CHARTS
    assert figures[0].select_one("svg.datachart-svg title").get_text() == TITLE
    for figure in figures:
        assert figure.select_one(".datachart-canvas > svg.datachart-svg[role=img]") is not None
        files = {}
        for suffix in (".csv", ".svg"):
            (link,) = figure.select(f'a[download][href*="{suffix}?v="]')  # with its version
            assert link["href"].startswith("/graphiques/"), link
            files[suffix] = output_file(output, link["href"]).read_text(encoding="utf-8")
        assert {"part", "usage"} <= set(files[".csv"].splitlines()[0].split(","))
        assert files[".svg"].startswith(("<?xml", "<svg")) and files[".svg"].rstrip().endswith("</svg>")
    bar_csv = output_file(output, figures[0].select_one('a[href*=".csv?v="]')["href"]).read_text(encoding="utf-8")
    assert "62,Réseaux sociaux,2016" in bar_csv.splitlines()


def check_assets(output: Path) -> None:
    """The default theme links neither datacharts.css (which shows one of a
    chart's two drawings, wide or narrow) nor datacharts.js (tooltips): the
    first figure of each page links them, once, with no inline code (strict CSP)."""
    for name in ("essai.html", "index.html", "category/essais.html"):
        doc = page(output, name)
        (stylesheet,) = doc.select('link[href$="datacharts.css"]')
        (script,) = doc.select('script[src$="datacharts.js"]')
        first = doc.select_one("figure.datachart")
        assert stylesheet.find_parent("figure") is first and script.find_parent("figure") is first, name
        assert stylesheet["rel"] == ["stylesheet"] and stylesheet["href"] == "/graphiques/datacharts.css"
        assert script["src"] == "/graphiques/datacharts.js" and script.has_attr("defer") and not script.string
        assert all(s.get("src") or s.get("type") == "application/json" for s in doc.select("script")), name
        assert not doc.select("style, [style]"), name
    css = output_file(output, "/graphiques/datacharts.css").read_text(encoding="utf-8")
    assert ".datachart-svg-etroit { display: none; }" in css  # the narrow drawing, hidden on wide screens
    assert "setupTooltips" in output_file(output, "/graphiques/datacharts.js").read_text(encoding="utf-8")
    assert page(output, "essai.html").select_one("figure.datachart svg.datachart-svg-etroit") is not None
    for name in ("pages/a-propos.html", "archives.html", "donnees/index.html"):  # no chart, no chart assets
        assert "datacharts." not in (output / name).read_text(encoding="utf-8"), name


def check_workers(site: Site, printed_err: str) -> None:
    drawn = (site.root / "drawn-in-workers.txt").read_text(encoding="utf-8").split()
    assert len(drawn) >= SPIES and 1 <= len(set(drawn)) <= 2, drawn  # in workers, at most the two asked for
    assert "render worker stopped" not in printed_err


def test_plain_pelican_build_draws_the_charts(built):
    check_charts(built.output)
    assert f"datacharts: {CHARTS} charts rendered, 0 reused from the cache" in built.stdout


def test_the_first_figure_of_a_page_links_the_plugin_stylesheet_and_script(built):
    check_assets(built.output)


def test_render_workers_start_draw_and_stop(built):
    check_workers(built.site, built.stderr)
    assert built.children_left == []


def test_feeds_show_charts_as_images_without_the_page_assets(built):
    atom = ET.parse(built.output / "feeds" / "all.atom.xml")  # noqa: S314 - the file this test's build wrote
    (content,) = atom.getroot().iterfind("atom:entry/atom:content", {"atom": "http://www.w3.org/2005/Atom"})
    doc = BeautifulSoup(content.text, "html.parser")
    figures = doc.select("figure.datachart")
    assert len(figures) == CHARTS
    assert all(f.select_one(".datachart-canvas > img[src*='.svg?v=']") for f in figures)
    assert not doc.select("script, link, svg")


def test_pelican_command_line_builds_the_same_site(built, tmp_path):
    """`python -m pelican CONTENT -s SETTINGS -o OUTPUT`, in a process of its
    own, on a copy of the site: the same checks hold, and the files are those
    of the build in this process, byte for byte."""
    site = default_theme_site(tmp_path / "site")
    settings = site.write(
        "pelicanconf.py",
        "".join(f"{key} = {value!r}\n" for key, value in {**site.settings(), **SETTINGS}.items()),
    )
    output = tmp_path / "cli-output"
    done = subprocess.run(
        [sys.executable, "-m", "pelican", str(site.content), "-s", str(settings), "-o", str(output)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert f"datacharts: {CHARTS} charts rendered" in done.stdout
    check_charts(output)
    check_assets(output)
    check_workers(site, done.stderr)
    ours, theirs = tree(built.output), tree(output)
    assert ours == theirs
    _, mismatch, errors = filecmp.cmpfiles(built.output, output, sorted(ours), shallow=False)
    assert (mismatch, errors) == ([], [])


def tree(folder: Path) -> set[str]:
    return {str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file()}


def test_figures_link_only_what_the_theme_does_not(site, tmp_path):
    """A theme that names datacharts.css in its templates links it: the figure
    then carries the script only. DATACHARTS_LINK_ASSETS forces either way."""
    import pelican

    theme = tmp_path / "theme"
    shutil.copytree(Path(pelican.__file__).parent / "themes" / "notmyidea", theme)
    base = theme / "templates" / "base.html"
    head = '<link rel="stylesheet" href="{{ SITEURL }}/graphiques/datacharts.css" />\n</head>'
    base.write_text(base.read_text(encoding="utf-8").replace("</head>", head, 1), encoding="utf-8")
    site.dataset("usages", USAGES_CSV, USAGES_DESCRIPTOR)
    site.write("content/essai.md", f"Title: Essai\nDate: 2017-03-10\n\nIntro.\n\n{BAR_BLOCK}")

    def carried(**settings) -> list[str]:
        figure = page(site.build(THEME=str(theme), **settings), "essai.html").select_one("figure.datachart")
        return [tag.get("href") or tag.get("src") for tag in figure.find_all(["link", "script"], recursive=False)]

    assert carried() == ["/graphiques/datacharts.js"]
    assert carried(DATACHARTS_LINK_ASSETS=False) == []
    assert carried(DATACHARTS_LINK_ASSETS=True) == ["/graphiques/datacharts.css", "/graphiques/datacharts.js"]
