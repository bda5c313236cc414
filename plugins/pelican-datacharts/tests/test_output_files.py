"""What the plugin writes into Pelican's output: readable by a web server, and
written again over the output of the last run (as `pelican -r` does)."""

from __future__ import annotations

import stat

import pytest

pytestmark = pytest.mark.slow  # builds sites


def build(site, cache: bool = True):
    site.build(DATACHARTS_CACHE=cache, DATACHARTS={"workers": 1}, FEED_DOMAIN="http://example.org")


def small_site(site):
    site.dataset("parts", "groupe,part\nA,12\nB,30\n")
    (site.write("content/a.md", "")).write_text(
        "Title: A\nDate: 2024-01-02\n\n```chart\ndataset: parts\nmark: bar\nx: part\ny: groupe\n"
        "title: Deux barres\ndescription: A 12, B 30.\n```\n",
        encoding="utf-8",
    )


@pytest.mark.parametrize("cache", [True, False])
def test_chart_files_are_published_readable_by_others(site, cache):
    small_site(site)
    build(site, cache)
    charts = sorted((site.root / "output" / "graphiques").rglob("*"))
    assert {p.suffix for p in charts if p.is_file()} >= {".csv", ".svg", ".html", ".png", ".js", ".css"}
    assert (site.root / "output" / "graphiques" / "a").is_dir()  # the article's own folder
    for path in charts:
        mode = stat.S_IMODE(path.stat().st_mode)
        wanted = 0o055 if path.is_dir() else 0o044
        assert mode & wanted == wanted, f"{path.name} is mode {mode:o}: a web server's user cannot read it"


def test_a_second_run_into_the_same_output_rewrites_chart_files(site):
    """pelican -r builds again into the output it wrote: a chart file linked
    from the cache is already there."""
    small_site(site)
    build(site)
    article = site.root / "content" / "a.md"
    article.write_text(article.read_text(encoding="utf-8").replace("\n\n```chart", "\n\nNouveau texte.\n\n```chart"))
    build(site)  # the chart comes from the cache: its files are those already in the output
    assert "Nouveau texte." in (site.root / "output" / "a.html").read_text(encoding="utf-8")
    (csv,) = (site.root / "output" / "graphiques").rglob("*.csv")
    assert csv.read_text(encoding="utf-8") == "part,groupe\n12,A\n30,B\n"  # the plotted columns
