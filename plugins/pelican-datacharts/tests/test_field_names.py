"""Any CSV header is a field name: apostrophes, dots, brackets, colons, quotes
and backslashes, which Vega-Lite would otherwise read as a path."""

from __future__ import annotations

import csv
import io
import re

import pytest

pytestmark = pytest.mark.slow  # builds sites

HEADERS = ["Nombre d'associations", "part.2016", "x[1]", 'dit "oui"', "code:région", "Part (en %)"]


def build(tmp_path, header: str):
    from pelican import Pelican
    from pelican.settings import read_settings

    (tmp_path / "content").mkdir()
    (tmp_path / "data").mkdir()
    rows = io.StringIO()
    writer = csv.writer(rows, lineterminator="\n")
    writer.writerows([["groupe", header], ["Alpha", 1200], ["Bêta", 34]])
    (tmp_path / "data" / "noms.csv").write_text(rows.getvalue(), encoding="utf-8")
    quoted = header.replace("\\", "\\\\").replace('"', '\\"')
    (tmp_path / "content" / "a.md").write_text(
        f'Title: A\nDate: 2024-01-02\n\n```chart\ndataset: noms\nmark: bar\nx: {{field: "{quoted}"}}\n'
        "y: groupe\ntooltip: [groupe]\ntitle: Deux barres\ndescription: Alpha 1200, Bêta 34.\n```\n",
        encoding="utf-8",
    )
    settings = read_settings(
        path=None,
        override={
            "PATH": str(tmp_path / "content"),
            "OUTPUT_PATH": str(tmp_path / "output"),
            "PLUGINS": ["datacharts"],
            "DATACHARTS": {"workers": 1},
            "DATACHARTS_CACHE": False,
        },
    )
    Pelican(settings).run()


@pytest.mark.parametrize("header", HEADERS)
def test_a_column_with_any_name_is_charted_with_its_values(tmp_path, header):
    build(tmp_path, header)
    page = (tmp_path / "output" / "a.html").read_text(encoding="utf-8")
    page = page.split('class="datachart-svg datachart-svg-etroit"')[0]  # the wide drawing (a phone's repeats it)
    labels = re.findall(
        r'role="graphics-symbol" aria-label="([^"]*)"|aria-label="([^"]*)" role="graphics-symbol"', page
    )
    values = sorted(
        v.replace("\xa0", "") for v in re.findall(r": (1\xa0?200|34);", " ".join(a or b for a, b in labels))
    )
    assert values == ["1200", "34"], labels  # each bar says its own value
    (download,) = (tmp_path / "output" / "graphiques").rglob("*.csv")
    assert next(csv.reader(io.StringIO(download.read_text(encoding="utf-8")))) == [header, "groupe"]


def test_a_backslash_in_a_title_is_refused(tmp_path):
    """Vega-Lite would write it into the marks' labels as an escape (\\b: a
    backspace, and an SVG that is not XML)."""
    from datacharts_engine.errors import BuildFailed

    with pytest.raises(BuildFailed) as failed:
        build(tmp_path, "a\\b")
    (error,) = failed.value.errors
    assert str(error).startswith("content/a.md:7: x : le titre « a\\b » contient une barre oblique inversée")
    assert "title:" in error.message
