"""The tasks an editor runs, as the real `invoke` runs them in a project:
`build` (quiet, each line once, up to date from the first rebuild), `check`
(everything checked, nothing published) and `new-article`."""

from __future__ import annotations

import datetime
import subprocess

import pytest
from conftest import BAR_BLOCK
from test_build import snapshot
from test_livereload import INVOKE, as_project

pytestmark = pytest.mark.slow  # builds sites

UP_TO_DATE = "nothing changed since the last build"


def invoke(root, *args):
    return subprocess.run([str(INVOKE), *args], cwd=root, capture_output=True, text=True, timeout=300)


@pytest.fixture
def project(usages_site):
    as_project(usages_site)
    return usages_site


def test_a_normal_build_warns_of_nothing_and_says_each_line_once(project):
    first = invoke(project.root, "build")
    assert first.returncode == 0, first.stderr
    lines = (first.stdout + first.stderr).splitlines()
    assert lines and not [line for line in lines if "WARNING" in line or "warning" in line.lower()]
    assert len(lines) == len(set(lines)), lines
    assert "charts rendered" in first.stdout
    # The first rebuild, in a new process, already knows nothing changed.
    again = invoke(project.root, "build")
    assert again.returncode == 0 and UP_TO_DATE in again.stdout and "charts rendered" not in again.stdout
    assert again.stderr == ""


def test_check_reports_every_mistake_and_publishes_nothing(project):
    assert invoke(project.root, "build").returncode == 0
    published = snapshot(project.output)
    stamps = snapshot(project.root / "cache" / "datacharts")
    # Every column declared, as the standard asks; the bad cell is what the check must find.
    project.dataset(
        "inutilise",
        "a,b\n1,2\nx,3\n",
        "schema:\n  fields:\n    - {name: a, type: integer}\n    - {name: b, type: integer}\n",
    )
    project.article("essai", "Intro.\n\n" + BAR_BLOCK.replace("x: part", "x: prat"))
    done = invoke(project.root, "check")
    assert done.returncode != 0
    assert "data/inutilise.csv:3: colonne « a »" in done.stderr  # a dataset no chart uses
    assert "content/essai.md:" in done.stderr and "« prat »" in done.stderr
    assert "2 erreurs dans le contenu" in done.stderr and "Traceback" not in done.stderr
    assert snapshot(project.output) == published
    assert snapshot(project.root / "cache" / "datacharts") == stamps
    assert sorted(p.name for p in project.root.iterdir() if p.name.startswith(".output")) == []


def test_check_of_correct_content_says_so_and_publishes_nothing(project):
    project.article("essai", "Intro changée.\n\n" + BAR_BLOCK)
    done = invoke(project.root, "check")
    assert done.returncode == 0, done.stderr
    assert "Tout est correct" in done.stdout
    assert not project.output.exists() or list(project.output.iterdir()) == []
    # check leaves no stamp: the next build runs in full.
    build = invoke(project.root, "build")
    assert build.returncode == 0 and "charts rendered" in build.stdout
    assert "Intro changée." in (project.output / "essai.html").read_text(encoding="utf-8")


def test_new_article_writes_a_draft_that_builds_and_a_chart_block_to_fill_in(project):
    done = invoke(project.root, "new-article", "Titre de l'article")
    assert done.returncode == 0, done.stderr
    path = project.root / "content" / "titre-de-larticle.md"
    assert str(path.relative_to(project.root)) in done.stdout
    text = path.read_text(encoding="utf-8")
    header = dict(line.split(": ", 1) for line in text.split("\n\n", 1)[0].splitlines())
    assert header == {
        "Title": "Titre de l'article",
        "Date": datetime.date.today().isoformat(),
        "Category": "Essais",  # the published articles' category
        "Slug": "titre-de-larticle",
        "Status": "draft",
    }
    build = invoke(project.root, "build")
    assert build.returncode == 0, build.stderr
    draft = (project.output / "drafts" / "titre-de-larticle.html").read_text(encoding="utf-8")
    assert "Titre de l&#39;article" in draft or "Titre de l’article" in draft or "Titre de l'article" in draft
    assert "dataset:" not in draft.split("<main", 1)[1].split("<!--", 1)[0]  # the block stays hidden
    assert "titre-de-larticle" not in (project.output / "index.html").read_text(encoding="utf-8")

    # Filled in as the comment says: the marks removed, the values replaced.
    filled = (
        text.replace("<!-- ```chart", "```chart")
        .replace("``` -->", "```")
        .replace("nom-du-jeu", "usages")
        .replace("colonne-des-valeurs", "part")
        .replace("colonne-des-libelles", "usage")
    )
    path.write_text(filled, encoding="utf-8")
    build = invoke(project.root, "build")
    assert build.returncode == 0, build.stderr
    draft = (project.output / "drafts" / "titre-de-larticle.html").read_text(encoding="utf-8")
    assert "<figure" in draft and "Ce que montre le graphique, en une phrase" in draft

    again = invoke(project.root, "new-article", "Titre de l'article")
    assert again.returncode == 1 and "existe déjà" in again.stderr
    assert path.read_text(encoding="utf-8") == filled
