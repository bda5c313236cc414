"""Render workers: a worker that dies never hangs or breaks the build."""

from __future__ import annotations

import os

import pytest


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

    from datacharts import workers

    site.dataset("usages", "usage,part\nA,1\nB,2\n")
    charts = site.root / "charts"
    charts.mkdir()
    report = site.root / "drawn.txt"
    (charts / "spy.py").write_text(
        "import multiprocessing, os\nimport altair as alt\n"
        'DATASET = "usages"\n\n\ndef build(data):\n'
        "    if multiprocessing.parent_process() is not None:  # in a render worker\n"
        f"        with open({str(report)!r}, 'a') as out:\n"
        "            out.write(f\"{os.getpid()} {data['part'].tolist()}\\n\")\n"
        '    return alt.Chart(data).mark_bar().encode(x="part:Q", y="usage:N")\n',
        encoding="utf-8",
    )
    site.article("p", "```chart\nchart: spy\ntitle: Espion\ndescription: Deux barres.\n```\n")
    try:
        assert site.build(keep_workers=True) == 0
        site.dataset("usages", "usage,part\nA,7\nB,9\n")
        assert site.build(keep_workers=True) == 0
        assert multiprocessing.active_children() != []  # kept, warm, between builds
    finally:
        workers.keep_between_builds(False)
        workers.stop_all()
    drawn = [line.split(" ", 1) for line in report.read_text(encoding="utf-8").splitlines()]
    assert [values for _, values in drawn] == ["[1, 2]", "[7, 9]"]
    assert drawn[0][0] == drawn[1][0]  # the same worker drew both builds
    assert multiprocessing.active_children() == []
