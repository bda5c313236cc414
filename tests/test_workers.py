"""Render workers: a worker that dies never hangs or breaks the build."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # builds sites


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="render workers start only with two cores or more")
def test_a_worker_that_dies_leaves_its_charts_to_the_main_process(site, capsys):
    """As when the system kills a worker for memory: the pool breaks, the
    build says so and draws the remaining charts itself, and no process is
    left behind."""
    import multiprocessing

    site.dataset("usages", "usage,part\nA,1\nB,2\n")
    charts = site.root / "charts"
    charts.mkdir()
    (charts / "fragile.py").write_text(
        "import multiprocessing, os\nimport altair as alt\n"
        'DATASET = "usages"\n\n\ndef build(data):\n'
        "    if multiprocessing.parent_process() is not None:  # in a render worker\n"
        "        os._exit(9)\n"
        '    return alt.Chart(data).mark_bar().encode(x="part:Q", y="usage:N")\n',
        encoding="utf-8",
    )
    site.article("p", "```chart\nchart: fragile\ntitle: Fragile\ndescription: Deux barres.\n```\n")
    assert site.build() == 0
    captured = capsys.readouterr()
    assert "a render worker stopped" in captured.err
    assert "1 charts rendered" in captured.out
    assert site.page("p.html").select_one("figure.datachart svg title").get_text() == "Fragile"
    assert multiprocessing.active_children() == []


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="render workers start only with two cores or more")
def test_workers_started_for_nothing_are_stopped(usages_site, capsys):
    """An article's text changed: workers start early, every chart comes from
    the cache, and the workers are stopped, not left running; nor are they
    when nothing changed at all."""
    import multiprocessing

    from conftest import BAR_BLOCK

    assert usages_site.build() == 0
    usages_site.article("essai", "Intro changée.\n\n" + BAR_BLOCK)
    capsys.readouterr()
    assert usages_site.build() == 0
    assert "0 charts rendered, 1 reused" in capsys.readouterr().out
    assert multiprocessing.active_children() == []
    # The first worker starts before the up-to-date check: it is stopped too.
    assert usages_site.build() == 0
    assert "nothing changed since the last build" in capsys.readouterr().out
    assert multiprocessing.active_children() == []


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="render workers start only with two cores or more")
def test_a_worker_never_imports_pelican(site):
    """A worker's start-up is on the path of every data update: it imports
    pandas, Altair and vl-convert, not Pelican, Markdown or the feed writer."""
    site.dataset("usages", "usage,part\nA,1\nB,2\n")
    charts = site.root / "charts"
    charts.mkdir()
    report = site.root / "worker-modules.txt"
    (charts / "spy.py").write_text(
        "import multiprocessing, sys\nimport altair as alt\n"
        'DATASET = "usages"\n\n\ndef build(data):\n'
        "    if multiprocessing.parent_process() is not None:  # in a render worker\n"
        f"        with open({str(report)!r}, 'w') as out:\n"
        "            out.write(' '.join(m for m in ('pelican', 'markdown', 'feedgenerator') if m in sys.modules))\n"
        '    return alt.Chart(data).mark_bar().encode(x="part:Q", y="usage:N")\n',
        encoding="utf-8",
    )
    site.article("p", "```chart\nchart: spy\ntitle: Espion\ndescription: Deux barres.\n```\n")
    assert site.build() == 0
    assert report.read_text(encoding="utf-8") == ""


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="render workers start only with two cores or more")
def test_livereload_keeps_a_warm_worker_that_draws_the_new_data(site):
    """livereload builds again in one process: its render worker is kept warm
    from one build to the next, and draws each build from that build's data,
    never from a dataset it loaded for the last one."""
    import multiprocessing

    report = spy_site(site)
    builder = site.builder()
    try:
        assert site.build(builder=builder) == 0
        site.dataset("usages", "usage,part\nA,7\nB,9\n")
        assert site.build(builder=builder) == 0
        assert multiprocessing.active_children() != []  # kept, warm, between builds
    finally:
        builder.close()
    drawn = [line.split(" ", 1) for line in report.read_text(encoding="utf-8").splitlines()]
    assert [values for _, values in drawn] == ["[1, 2]", "[7, 9]"]
    assert drawn[0][0] == drawn[1][0]  # the same worker drew both builds
    assert multiprocessing.active_children() == []


SPY_CHART = (
    "import multiprocessing, os\nimport altair as alt\n"
    'DATASET = "usages"\n\n\ndef build(data):\n'
    "    if multiprocessing.parent_process() is not None:  # in a render worker\n"
    "        with open({report!r}, 'a') as out:\n"
    "            out.write(f\"{{os.getpid()}} {{data['part'].tolist()}}\\n\")\n"
    '    return alt.Chart(data).mark_bar().encode(x="part:Q", y="usage:N")\n'
)


def spy_site(site):
    """A site whose one chart notes, in drawn.txt, which worker drew it from which values."""
    site.dataset("usages", "usage,part\nA,1\nB,2\n")
    (site.root / "charts").mkdir()
    report = site.root / "drawn.txt"
    (site.root / "charts" / "spy.py").write_text(SPY_CHART.format(report=str(report)), encoding="utf-8")
    site.article("p", "```chart\nchart: spy\ntitle: Espion\ndescription: Deux barres.\n```\n")
    return report


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="render workers start only with two cores or more")
def test_a_kept_worker_that_died_is_replaced(site, capsys):
    import multiprocessing

    report = spy_site(site)
    builder = site.builder()
    try:
        assert site.build(builder=builder) == 0
        (kept,) = multiprocessing.active_children()
        kept.kill()
        kept.join()
        site.dataset("usages", "usage,part\nA,7\nB,9\n")
        assert site.build(builder=builder) == 0
    finally:
        builder.close()
    drawn = [line.split(" ", 1) for line in report.read_text(encoding="utf-8").splitlines()]
    assert [values for _, values in drawn] == ["[1, 2]", "[7, 9]"]
    assert drawn[1][0] != drawn[0][0]  # a new worker, not the main process
    assert "a render worker stopped" not in capsys.readouterr().err


def test_one_worker_means_no_worker_process_in_livereload_too(site):
    import multiprocessing

    report = spy_site(site)
    site.settings["DATACHARTS"] = {"workers": 1}
    builder = site.builder()
    try:
        assert site.build(builder=builder) == 0
        assert multiprocessing.active_children() == []
    finally:
        builder.close()
    assert not report.exists()  # drawn in the main process
    assert site.page("p.html").select_one("figure.datachart svg") is not None


def test_a_build_without_chart_cache_draws_in_workers(site):
    """DATACHARTS_CACHE = False reaches the workers: they hand their files
    back instead of storing them in a cache the build does not have."""
    report = spy_site(site)
    site.settings["DATACHARTS_CACHE"] = False
    assert site.build() == 0
    assert site.page("p.html").select_one("figure.datachart svg title").get_text() == "Espion"
    assert not list((site.root / "cache").rglob("*.svg"))  # no chart stored
    if (os.cpu_count() or 1) > 1:
        assert report.exists()  # drawn in a worker


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="render workers start only with two cores or more")
def test_livereload_draws_with_plugin_code_edited_since_its_workers_started(site, tmp_path):
    """A kept worker runs the code it imported. After an edit of the engine,
    the next build must not draw with the old code under a key made from the
    new one: its workers are replaced. Run on a copy of the engine (first on
    PYTHONPATH, so the build and its workers import it), in a process of its
    own, as livereload would."""
    import shutil
    import subprocess
    import sys

    import datacharts_engine
    from conftest import PROJECT

    copy = tmp_path / "engine-copy"
    shutil.copytree(
        Path(datacharts_engine.__file__).parent,
        copy / "datacharts_engine",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    spy_site(site)
    settings = site.write_settings()
    (site.root / "content").mkdir(exist_ok=True)
    produce = copy / "datacharts_engine" / "produce.py"
    assert "return RenderedChart(html=figure," in produce.read_text(encoding="utf-8")
    script = (
        "import datacharts_engine, sys\n"
        f"assert datacharts_engine.__file__.startswith({str(copy)!r}), datacharts_engine.__file__\n"
        "from pathlib import Path\n"
        "from sitebuild import SiteBuilder\n"
        f"builder = SiteBuilder({str(settings)!r}, {str(site.output)!r}, keep_workers=True)\n"
        "assert builder.build() == 0\n"
        f"produce = Path({str(produce)!r})\n"
        "produce.write_text(produce.read_text(encoding='utf-8').replace("
        "'return RenderedChart(html=figure,', "
        "'return RenderedChart(html=figure + \"<!--NEWCODE-->\",'), encoding='utf-8')\n"
        f"Path({str(site.root / 'data' / 'usages.csv')!r}).write_text('usage,part\\nA,5\\nB,7\\n', encoding='utf-8')\n"
        "assert builder.build() == 0\n"
        "builder.close()\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(copy), str(PROJECT)])}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=site.root, capture_output=True, text=True, timeout=300, env=env
    )
    assert done.returncode == 0, done.stderr
    assert "<!--NEWCODE-->" in (site.output / "p.html").read_text(encoding="utf-8")
