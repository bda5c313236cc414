"""A build with nothing changed does nothing; any change runs the whole build."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from conftest import BAR_BLOCK, PROJECT
from test_build import snapshot

UP_TO_DATE = "nothing changed since the last build"
RAN = "charts rendered"


def mtimes(folder):
    return {str(p.relative_to(folder)): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def test_a_build_with_nothing_changed_writes_nothing(usages_site, capsys):
    # A live chart too: its runtime is made (and locked) during the first build.
    usages_site.article("vivant", BAR_BLOCK.replace("```chart\n", "```chart\ninteractive: true\n"), title="Vivant")
    assert usages_site.build() == 0
    assert RAN in capsys.readouterr().out
    files, times = snapshot(usages_site.output), mtimes(usages_site.output)
    assert usages_site.build() == 0
    out = capsys.readouterr().out
    assert UP_TO_DATE in out and RAN not in out
    assert snapshot(usages_site.output) == files
    assert mtimes(usages_site.output) == times  # not even rewritten with the same bytes


def _edit_article(site):
    site.article("essai", "Intro changée.\n\n" + BAR_BLOCK)
    return "essai.html", "Intro changée."


def _edit_dataset(site):
    path = site.root / "data" / "usages.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("2016,62", "2016,71"), encoding="utf-8")
    return "essai.html", "71"


def _edit_setting(site):
    site.settings["SITENAME"] = "Un autre nom"
    return "index.html", "Un autre nom"


def _edit_theme(site):
    theme = site.root / "theme"
    shutil.copytree(PROJECT / "theme", theme)
    site.settings["THEME"] = str(theme)
    assert site.build() == 0  # the copied theme is now the built one
    base = theme / "templates" / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("</body>", "<!-- thème modifié --></body>"), "utf-8")
    return "index.html", "thème modifié"


def _delete_output_file(site):
    (site.output / "essai.html").unlink()
    return "essai.html", "Intro."


def _edit_output_file(site):
    (site.output / "essai.html").write_text("abîmé", encoding="utf-8")
    return "essai.html", "Intro."


@pytest.mark.parametrize(
    "change",
    [_edit_article, _edit_dataset, _edit_setting, _edit_theme, _delete_output_file, _edit_output_file],
    ids=lambda f: f.__name__.lstrip("_"),
)
def test_any_change_runs_the_whole_build(usages_site, capsys, change):
    assert usages_site.build() == 0
    page, expected = change(usages_site)
    capsys.readouterr()
    assert usages_site.build() == 0
    out = capsys.readouterr().out
    assert RAN in out and UP_TO_DATE not in out
    assert expected in (usages_site.output / page).read_text(encoding="utf-8")
    assert usages_site.build() == 0  # and then it is up to date again
    assert UP_TO_DATE in capsys.readouterr().out


def test_a_failed_build_reports_its_mistakes_again(usages_site, capsys):
    assert usages_site.build() == 0
    before = snapshot(usages_site.output)
    usages_site.article("essai", BAR_BLOCK.replace("color:", "colour:"))
    for _ in range(2):
        capsys.readouterr()
        assert usages_site.build() == 2
        captured = capsys.readouterr()
        assert "colour" in captured.err and UP_TO_DATE not in captured.out
        assert snapshot(usages_site.output) == before


def test_force_runs_the_whole_build(usages_site, capsys):
    assert usages_site.build() == 0
    capsys.readouterr()
    assert usages_site.build(force=True) == 0
    out = capsys.readouterr().out
    assert "0 charts rendered, 1 reused" in out and UP_TO_DATE not in out


def test_a_pelican_cache_cut_short_is_rebuilt(usages_site, capsys):
    """Pelican writes its content cache in place: a build killed meanwhile leaves
    it cut short, and Pelican alone would then fail every build with EOFError."""
    assert usages_site.build() == 0
    caches = [p for p in (usages_site.root / "cache").glob("*Readers") if p.is_file()]
    assert caches
    for path in caches:
        path.write_bytes(path.read_bytes()[:20])
    usages_site.article("essai", "Intro changée.\n\n" + BAR_BLOCK)
    capsys.readouterr()
    assert usages_site.build() == 0
    assert "cache de Pelican était abîmé" in capsys.readouterr().err
    assert "Intro changée." in (usages_site.output / "essai.html").read_text(encoding="utf-8")


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="workers are started early only with two cores or more")
def test_a_data_update_renders_in_workers_started_before_pelican_reads(usages_site):
    """The main process reads and writes pages; pandas, Altair and vl-convert
    start in a worker while it reads, and the changed chart is drawn there."""
    assert usages_site.build() == 0
    _edit_dataset(usages_site)
    usages_site.write_settings()
    code = (
        f"import sys; sys.path.insert(0, {str(PROJECT / 'plugins')!r})\n"
        "if __name__ == '__main__':\n"
        "    from datacharts.sitebuild import build_site\n"
        "    status = build_site('pelicanconf.py', 'output')\n"
        "    print(sorted(m for m in ('pandas', 'altair', 'vl_convert') if m in sys.modules))\n"
        "    sys.exit(status)\n"
    )
    script = usages_site.root / "build.py"
    script.write_text(code, encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], cwd=usages_site.root, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "1 charts rendered, 0 reused" in done.stdout
    assert done.stdout.splitlines()[-1] == "[]"
    assert "71" in usages_site.page("essai.html").select_one("figure table").get_text()


def test_a_link_broken_by_a_removed_page_fails_the_next_build(usages_site, capsys):
    """The link check keeps what it read of unchanged pages; targets are looked
    for again at every build."""
    import hashlib
    import pickle

    usages_site.article("cible", "La page visée.\n", title="Cible", date="2017-03-09", Category="Autres")
    usages_site.article("essai", "Voir [la cible](/cible.html).\n\n" + BAR_BLOCK)
    assert usages_site.build() == 0
    essai = (usages_site.output / "essai.html").read_bytes()
    kept = pickle.loads((usages_site.root / "cache" / "linkcheck.pickle").read_bytes())
    assert hashlib.sha256(b"linkcheck-1\0" + essai).hexdigest() in kept
    (usages_site.root / "content" / "cible.md").unlink()
    capsys.readouterr()
    assert usages_site.build() == 2
    err = capsys.readouterr().err
    assert "content/essai.md:" in err and "/cible.html" in err
