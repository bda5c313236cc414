"""A build with nothing changed does nothing; any change runs the whole build."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from conftest import BAR_BLOCK, PROJECT
from test_build import snapshot

pytestmark = pytest.mark.slow  # builds sites

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


def _copy_keeping_size_and_times(site):
    """As `cp -p` does: same size, same modification time, other bytes."""
    path = site.root / "data" / "usages.csv"
    before = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace("2016,62", "2016,71"), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    return "essai.html", "71"


def _set_source_date_epoch(site):
    os.environ["SOURCE_DATE_EPOCH"] = "1000000000"  # restored by the test
    return "sitemap.xml", "2001-09-09"


@pytest.mark.parametrize(
    "change",
    [
        _edit_article, _edit_dataset, _edit_setting, _edit_theme, _delete_output_file, _edit_output_file,
        _copy_keeping_size_and_times, _set_source_date_epoch,
    ],
    ids=lambda f: f.__name__.lstrip("_"),
)  # fmt: skip
def test_any_change_runs_the_whole_build(usages_site, capsys, monkeypatch, change):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "")  # records its value, restored after the test
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
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
    assert "cache de Pelican était illisible" in capsys.readouterr().err
    assert "Intro changée." in (usages_site.output / "essai.html").read_text(encoding="utf-8")


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="workers are started early only with two cores or more")
def test_a_data_update_renders_in_workers_started_before_pelican_reads(usages_site):
    """The main process reads and writes pages; pandas, Altair and vl-convert
    start in a worker while it reads, and the changed chart is drawn there."""
    assert usages_site.build() == 0
    _edit_dataset(usages_site)
    usages_site.write_settings()
    code = (
        f"import sys; sys.path.insert(0, {str(PROJECT)!r})\n"
        "if __name__ == '__main__':\n"
        "    from sitebuild import build_site\n"
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
    from publication.linkcheck import FORMAT

    assert hashlib.sha256(FORMAT + essai).hexdigest() in kept
    (usages_site.root / "content" / "cible.md").unlink()
    capsys.readouterr()
    assert usages_site.build() == 2
    err = capsys.readouterr().err
    assert "content/essai.md:" in err and "/cible.html" in err


def _run_script(site, body: str) -> subprocess.CompletedProcess:
    site.write_settings()
    script = site.root / "run.py"
    script.write_text(
        f"import sys; sys.path[:0] = [{str(PROJECT)!r}, '.']\n"
        "from sitebuild import build_site\n"
        "if __name__ == '__main__':\n" + "".join(f"    {line}\n" for line in body.splitlines()),
        encoding="utf-8",
    )
    return subprocess.run([sys.executable, str(script)], cwd=site.root, capture_output=True, text=True)


class _Raw:
    """A settings value written as it is (an expression) in pelicanconf.py."""

    def __init__(self, text):
        self.text = text

    def __repr__(self):
        return self.text


def test_code_the_settings_import_is_an_input(usages_site):
    """A Jinja filter from a module of the project: editing it rebuilds."""
    (usages_site.root / "siteext.py").write_text("def shout(text):\n    return text.upper()\n", encoding="utf-8")
    usages_site.settings["JINJA_FILTERS"] = _Raw("{'shout': __import__('siteext').shout}")
    build = "print(build_site('pelicanconf.py', 'output'))"
    first = _run_script(usages_site, build)
    assert first.returncode == 0 and RAN in first.stdout, first.stderr
    assert UP_TO_DATE in _run_script(usages_site, build).stdout
    (usages_site.root / "siteext.py").write_text("def shout(text):\n    return text.lower()\n", encoding="utf-8")
    again = _run_script(usages_site, build)
    assert RAN in again.stdout and UP_TO_DATE not in again.stdout


def test_a_process_running_edited_code_leaves_no_stamp(usages_site):
    """livereload builds again in one process: edited modules stay as they were
    imported. Such a build says so, and leaves no stamp a later build trusts."""
    (usages_site.root / "siteext.py").write_text("def shout(text):\n    return text.upper()\n", encoding="utf-8")
    usages_site.settings["JINJA_FILTERS"] = _Raw("{'shout': __import__('siteext').shout}")
    done = _run_script(
        usages_site,
        "import pathlib\n"
        "from sitebuild import SiteBuilder\n"
        "builder = SiteBuilder('pelicanconf.py', 'output', keep_workers=True)\n"
        "assert builder.build() == 0\n"
        "stamps = sorted(pathlib.Path('cache/datacharts').glob('uptodate-*.json'))\n"
        "before = [p.read_bytes() for p in stamps]\n"
        "pathlib.Path('siteext.py').write_text('def shout(text):\\n    return text\\n')\n"
        "assert builder.build() == 0\n"
        "builder.close()\n"
        "print('same stamps:', [p.read_bytes() for p in stamps] == before)\n",
    )
    assert done.returncode == 0, done.stderr
    assert "plugin code changed since this process started" in done.stderr
    assert "same stamps: True" in done.stdout


def test_an_unknown_plugin_setting_is_one_sentence(usages_site, capsys):
    usages_site.settings["DATACHARTS"] = {"worker": 2}
    assert usages_site.build() == 1
    err = capsys.readouterr().err
    assert "unknown setting 'worker'" in err and "workers" in err and "Traceback" not in err
