"""Trust: reproducible builds, refused output folders, links that resolve."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from bs4 import BeautifulSoup
from conftest import BAR_BLOCK, PROJECT
from test_build import snapshot

pytestmark = pytest.mark.slow


def build_in_subprocess(site, output: str, **env) -> subprocess.CompletedProcess:
    site.write_settings()
    code = (
        f"import sys; sys.path.insert(0, {str(PROJECT)!r}); "
        "from sitebuild import build_site; "
        f"sys.exit(build_site('pelicanconf.py', {output!r}))"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=site.root,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_two_clean_builds_are_byte_identical(usages_site):
    """Whatever the time zone, hash seed, number of workers or file order."""
    usages_site.article("vivant", BAR_BLOCK.replace("```chart\n", "```chart\ninteractive: true\n"), title="Vivant")
    usages_site.article("autre", "Un autre texte.\n", title="Autre", date="2017-03-09")
    for index in range(8):  # enough charts for the worker pool to start
        block = BAR_BLOCK.replace("presque doublé", f"presque doublé ({index})").replace(
            "```chart\n", f"```chart\nunchecked: [{index}]\n"
        )
        usages_site.article(f"serie-{index}", block, title=f"Série {index}", date=f"2017-02-{index + 1:02d}")
    usages_site.settings["DATACHARTS"] = {"workers": 1}
    first = build_in_subprocess(usages_site, "out1", TZ="Pacific/Auckland", PYTHONHASHSEED="1")
    assert first.returncode == 0, first.stderr
    shutil.rmtree(usages_site.root / "cache")
    for path in sorted((usages_site.root / "content").glob("*.md")):  # another file order on disk
        path.rename(path.with_suffix(".tmp"))
        path.with_suffix(".tmp").rename(path)
    usages_site.settings["DATACHARTS"] = {"workers": 2}
    second = build_in_subprocess(usages_site, "out2", TZ="America/Los_Angeles", PYTHONHASHSEED="2")
    assert second.returncode == 0, second.stderr
    one, two = snapshot(usages_site.root / "out1"), snapshot(usages_site.root / "out2")
    assert sorted(one) == sorted(two)
    assert [name for name in one if one[name] != two[name]] == []


@pytest.mark.parametrize("output", [".", "content", ".."])
def test_an_output_folder_holding_the_sources_is_refused(usages_site, output, capsys):
    from sitebuild import build_site

    usages_site.write_settings()
    status = build_site(str(usages_site.root / "pelicanconf.py"), str(usages_site.root / output))
    assert status == 1
    assert "contient les sources" in capsys.readouterr().err
    assert (usages_site.root / "content" / "essai.md").exists()


def internal_targets(output: Path):
    """Every internal link and anchor of the built site, with where it stands."""
    for page in sorted(output.rglob("*.html")):
        if "pagefind" in page.parts:
            continue
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        ids = {tag["id"] for tag in soup.find_all(id=True)}
        for tag in soup.find_all(["a", "link", "script", "img"]):
            url = tag.get("href") or tag.get("src")
            if not url or re.match(r"^(https?:|mailto:|data:)", url):
                continue
            parsed = urlparse(url)
            if parsed.path:
                target = (
                    (output / unquote(parsed.path).lstrip("/"))
                    if parsed.path.startswith("/")
                    else (page.parent / unquote(parsed.path))
                )
                if target.is_dir():
                    target = target / "index.html"
            else:
                target = page
            yield page, url, target, parsed.fragment, ids


def test_every_internal_link_and_anchor_resolves(usages_site):
    assert usages_site.build() == 0
    broken = []
    for page, url, target, fragment, ids in internal_targets(usages_site.output):
        if not target.exists():
            broken.append(f"{page.name}: {url}")
        elif fragment and target == page and fragment not in ids:
            broken.append(f"{page.name}: #{fragment}")
        elif fragment and target.suffix == ".html":
            other = BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser")
            if not other.find(id=fragment):
                broken.append(f"{page.name}: {url}")
    assert broken == []


def test_the_real_site_has_no_broken_internal_link(tmp_path):
    """The publication itself, built from the repository's content."""
    from conftest import Site

    site = Site(tmp_path)
    for name in ("content", "data", "charts"):
        if (PROJECT / name).exists():
            shutil.copytree(PROJECT / name, tmp_path / name)
    assert site.build() == 0
    broken = [
        f"{page.relative_to(site.output)}: {url}"
        for page, url, target, fragment, ids in internal_targets(site.output)
        if not target.exists()
    ]
    assert broken == []


def test_a_killed_build_leaves_the_previous_site_untouched(usages_site):
    import signal
    import time

    for index in range(12):
        block = BAR_BLOCK.replace("presque doublé", f"presque doublé ({index})").replace(
            "```chart\n", f"```chart\nunchecked: [{index}]\n"
        )
        usages_site.article(f"serie-{index}", block, title=f"Série {index}")
    usages_site.settings["DATACHARTS"] = {"workers": 1}
    assert build_in_subprocess(usages_site, "output").returncode == 0
    before = snapshot(usages_site.output)
    csv = usages_site.root / "data" / "usages.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace(",62", ",64"), encoding="utf-8")
    code = (
        f"import sys; sys.path.insert(0, {str(PROJECT)!r}); "
        "from sitebuild import build_site; sys.exit(build_site('pelicanconf.py', 'output'))"
    )
    process = subprocess.Popen([sys.executable, "-c", code], cwd=usages_site.root, start_new_session=True)
    # Midway: as soon as it starts writing the new site into its staging folder.
    while process.poll() is None and not list(usages_site.root.glob(".output.staging-*/*.html")):
        time.sleep(0.005)
    assert process.poll() is None, "the build ended before it could be killed"
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert snapshot(usages_site.output) == before
    # The next build tidies the killed one's staging folder and publishes.
    assert build_in_subprocess(usages_site, "output").returncode == 0
    assert [p.name for p in usages_site.root.glob(".output.*")] == []
    assert "64" in (usages_site.output / "serie-0.html").read_text(encoding="utf-8")


def test_a_failed_build_leaves_the_previous_site_untouched(usages_site, capsys):
    assert usages_site.build() == 0
    before = snapshot(usages_site.output)
    usages_site.article("essai", "```chart\ndataset: usages\n```\n")
    assert usages_site.build() == 2
    assert snapshot(usages_site.output) == before
    assert [p.name for p in usages_site.root.glob(".output.*")] == []


@pytest.mark.parametrize(
    ("link", "line"),
    [("[voir]({filename}absent.md)", 8), ("[voir](/nulle-part.html)", 8), ("[voir](#ancre-absente)", 8)],
)
def test_a_link_to_nothing_fails_the_build(usages_site, capsys, link, line):
    """Reported as the chart plugin reports its editors' errors: one line each, then the summary."""
    usages_site.article("essai", f"Intro.\n\n{link}\n\n" + BAR_BLOCK)
    assert usages_site.build() == 2
    err = capsys.readouterr().err
    target = link[link.index("(") + 1 : -1]
    assert f"content/essai.md:{line}: le lien « {target} » " in err
    assert err.splitlines()[-1] == "1 erreur dans le contenu ; le site n'a pas été publié."
    assert "Traceback" not in err
    assert not usages_site.output.exists()


def test_broken_page_links_are_reported_with_the_other_mistakes(usages_site, capsys):
    """A staged build writes its pages despite editors' mistakes, into the
    folder it throws away, so a link to a missing page or anchor is reported
    in the same run as a chart's mistake; a link to the failed chart's own
    anchor is not taken for a broken one."""
    assert usages_site.build() == 0
    before = snapshot(usages_site.output)
    usages_site.article("essai", "Intro.\n\n" + BAR_BLOCK.replace("x: part", "x: prat"))
    usages_site.article(
        "autre",
        "Voir [la page](/nulle-part.html), [l'ancre](/essai.html#ancre-absente)\n"
        "et [le graphique](/essai.html#les-reseaux-sociaux-ont-presque-double).\n",
        title="Autre",
    )
    capsys.readouterr()
    assert usages_site.build() == 2
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if not line.startswith(("WARNING", "\t"))]
    assert lines == [
        "content/autre.md:6: le lien « /essai.html#ancre-absente » vise une ancre « #ancre-absente » absente ; "
        "corrigez la cible (page autre.html)",
        "content/autre.md:6: le lien « /nulle-part.html » ne mène à aucun fichier du site ; "
        "corrigez la cible (page autre.html)",
        "content/essai.md:11: x : colonne « prat » inconnue dans usages ; colonnes : part, annee, usage",
        "3 erreurs dans le contenu ; le site n'a pas été publié.",
    ]
    assert snapshot(usages_site.output) == before
    assert [p.name for p in usages_site.root.glob(".output.*")] == []
    # A chart whose YAML cannot be read keeps the anchor its id or title gives.
    usages_site.article("essai", "Intro.\n\n" + BAR_BLOCK.replace("mark: bar", "mark: [bar"))
    capsys.readouterr()
    assert usages_site.build() == 2
    err = capsys.readouterr().err
    assert "presque-double" not in err and "content/essai.md:" in err
    assert "#ancre-absente" in err and "/nulle-part.html" in err


def test_every_false_number_of_a_chart_is_reported_in_one_run(usages_site, capsys):
    """Two false numbers in a description: both listed, not one per build."""
    usages_site.article(
        "essai", "Intro.\n\n" + BAR_BLOCK.replace("2013 et 2016.", "2013 et 2016, 64 % et près de 90 %.")
    )
    capsys.readouterr()
    assert usages_site.build() == 2
    err = capsys.readouterr().err
    assert "description : « 64 % »" in err and "description : « près de 90 % »" in err
    assert err.splitlines()[-1] == "2 erreurs dans le contenu ; le site n'a pas été publié."


def test_broken_source_links_are_reported_with_the_other_mistakes(usages_site, capsys):
    """A {filename}, {static} or {attach} link is checked before anything is
    written: in the same run as the charts' mistakes, in the same report."""
    assert usages_site.build() == 0
    before = snapshot(usages_site.output)
    usages_site.article("essai", BAR_BLOCK.replace("x: part", "x: prat"))
    usages_site.article(
        "autre", "Voir [l'essai]({filename}esai.md).\n\n![Logo]({static}images/logo.png)\n", title="Autre"
    )
    capsys.readouterr()
    assert usages_site.build() == 2
    lines = [line for line in capsys.readouterr().err.splitlines() if not line.startswith(("WARNING", "\t"))]
    assert lines == [
        "content/autre.md:6: le lien « {filename}esai.md » ne mène à aucun fichier du site ; "
        "vouliez-vous dire « {filename}essai.md » ?",
        "content/autre.md:8: le lien « {static}images/logo.png » ne mène à aucun fichier du site ; "
        "le chemin part du dossier de ce fichier (de content/ s'il commence par « / »)",
        "content/essai.md:9: x : colonne « prat » inconnue dans usages ; colonnes : part, annee, usage",
        "3 erreurs dans le contenu ; le site n'a pas été publié.",
    ]
    assert snapshot(usages_site.output) == before
    # Fixed, the same links build: {static} copies the file it names.
    usages_site.article("essai", BAR_BLOCK)
    (usages_site.root / "content" / "images").mkdir()
    (usages_site.root / "content" / "images" / "logo.png").write_bytes(b"\x89PNG")
    autre = usages_site.root / "content" / "autre.md"
    autre.write_text(autre.read_text(encoding="utf-8").replace("esai.md", "essai.md"), encoding="utf-8")
    assert usages_site.build() == 0
    assert usages_site.page("autre.html").select_one("img")["src"] == "/images/logo.png"
