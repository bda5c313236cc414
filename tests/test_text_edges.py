"""Whole builds: text that follows the data where markup cannot go, metadata
that becomes text, dates as French editors type them, typography by language."""

from __future__ import annotations

import markdown
import pytest
from conftest import BAR_BLOCK, USAGES_CSV, USAGES_DESCRIPTOR

VALUE = "{{ dataset: usages, column: part, usage: Réseaux sociaux, annee: 2016 }}"


@pytest.fixture
def data_site(site):
    site.dataset("usages", USAGES_CSV, USAGES_DESCRIPTOR)
    return site


@pytest.mark.slow
def test_values_in_attributes_and_summary_are_published_as_text(data_site):
    data_site.article(
        "essai",
        f'![Part : {VALUE}](https://example.org/a.png)\n\n[Le lien]({{filename}}essai.md "Part : {VALUE}")\n\nTexte.\n',
        Summary=f"Résumé : {VALUE} des associations.",
    )
    assert data_site.build() == 0
    page = data_site.page("essai.html")
    assert page.find("img")["alt"] == "Part : 62\u202f%"  # attributes keep their spaces
    assert page.find("a", string="Le lien")["title"] == "Part : 62\u202f%"
    summary = data_site.page("index.html").find(class_="data-value")
    assert summary is not None and summary.get_text() == "62\u202f%"
    for name in ("essai.html", "index.html"):
        text = (data_site.output / name).read_text(encoding="utf-8")
        assert "wzxhzdk" not in text and "datacharts:" not in text and "{{" not in text


@pytest.mark.slow
def test_a_value_in_the_title_shows_everywhere_the_title_does_and_follows_the_data(data_site):
    path = data_site.article("essai", "Texte.\n", title=f"Les réseaux sociaux à {VALUE} en 2016")
    path.write_text(path.read_text(encoding="utf-8").replace("Slug: essai\n", ""), encoding="utf-8")
    data_site.settings["FEED_ALL_ATOM"] = "feeds/all.atom.xml"
    assert data_site.build() == 0
    slug = "les-reseaux-sociaux-a-en-2016"  # the address leaves the figure out: it stays
    page = data_site.page(f"{slug}.html")
    expected = "Les réseaux sociaux à 62\u202f% en 2016"
    assert page.find("h1").get_text(strip=True) == expected
    assert expected in page.find("title").get_text()
    # Meta tags go through striptags, which makes every space a plain one.
    assert page.find("meta", property="og:title")["content"] == expected.replace("\u202f", " ")
    assert expected in data_site.page("index.html").get_text()
    feed = (data_site.output / "feeds" / "all.atom.xml").read_text(encoding="utf-8")
    # Pelican's feed writer strips tags with markupsafe, which turns every space into a plain one.
    assert f"<title>{expected.replace(chr(0x202F), ' ')}</title>" in feed
    for name in (f"{slug}.html", "index.html"):
        text = (data_site.output / name).read_text(encoding="utf-8")
        assert "datacharts:" not in text and "{{" not in text
    csv = data_site.root / "data" / "usages.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace(",62\n", ",64\n"), encoding="utf-8")
    assert data_site.build() == 0
    assert data_site.page(f"{slug}.html").find("h1").get_text(strip=True) == expected.replace("62", "64")


@pytest.mark.slow
def test_a_value_in_the_title_naming_no_column_is_refused_at_its_line(data_site, capsys):
    data_site.article("essai", "Texte.\n", title="Soit {{ dataset: usages, column: taux, annee: 2016 }}")
    assert data_site.build() == 2
    err = capsys.readouterr().err
    assert "content/essai.md:1: colonne « taux » inconnue" in err
    assert "UnserializableContentError" not in err and "Traceback" not in err


@pytest.mark.slow
@pytest.mark.parametrize(
    "typed, published",
    [
        ("05/03/2024", "2024-03-05T00:00:00"),
        ("5 mars 2024", "2024-03-05T00:00:00"),
        ("1er mars 2024", "2024-03-01T00:00:00"),
        ("2024-03-05 14:30", "2024-03-05T14:30:00"),
    ],
)
def test_dates_as_french_editors_type_them(site, typed, published):
    site.article("essai", "Texte.\n", date=typed)
    assert site.build() == 0
    assert site.page("essai.html").find("time")["datetime"].startswith(published)


@pytest.mark.slow
@pytest.mark.parametrize("typed", ["mars 2024", "31/02/2024", "2e mars 2024", "5 brumaire 2024"])
def test_an_unreadable_date_is_refused_with_the_accepted_formats(site, capsys, typed):
    site.article("essai", "Texte.\n", date=typed)
    for _ in range(2):  # the second time from Pelican's content cache
        assert site.build() == 2
        err = capsys.readouterr().err
        assert f"content/essai.md:2: date « {typed} » illisible" in err and "5 mars 2024" in err


@pytest.mark.slow
def test_an_article_without_title_is_refused_naming_its_file(site, capsys):
    site.article("essai", "Texte.\n")
    path = site.root / "content" / "essai.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Title: Essai\n", ""), encoding="utf-8")
    for _ in range(2):  # the second time from Pelican's content cache
        assert site.build() == 2
        assert "content/essai.md: l'article n'a pas de titre" in capsys.readouterr().err


@pytest.mark.slow
def test_typography_applies_to_french_items_only(site):
    site.article("fr", "Pourquoi ? Voici : 62 %.\n")
    site.article("en", "Why ? Here : 62 %.\n", Lang="en", title="Essay")
    assert site.build() == 0
    assert "Pourquoi\u202f? Voici\u00a0: 62\u202f%" in site.page("fr.html").get_text()
    assert "Why ? Here : 62 %" in site.page("en-en.html").get_text()


def french(text: str, *extensions) -> str:
    from publication.typography import FrenchTypography

    return markdown.Markdown(extensions=["extra", "meta", *extensions, FrenchTypography()]).convert(text)


def test_typography_keeps_atomic_text_atomic():
    # Python-Markdown's own test_ignore_atomic: an autolink's text stays atomic for abbr.
    html = french("This <https://example.com/{YAFR}>\n\n*[YAFR]: Yet Another Feature Request\n", "abbr")
    assert html == '<p>This <a href="https://example.com/{YAFR}">https://example.com/{YAFR}</a></p>'


def test_typography_follows_the_lang_header_and_the_default():
    assert "Pourquoi\u202f?" in french("Title: T\n\nPourquoi ?\n")
    assert "Why ?" in french("Title: T\nLang: en\n\nWhy ?\n")
    from publication.typography import FrenchTypography

    md = markdown.Markdown(extensions=["meta", FrenchTypography(default_lang="en")])
    assert "Why ?" in md.convert("Why ?\n")
    # Pelican converts Summary: again without meta: the document's language holds.
    md = markdown.Markdown(extensions=["meta", FrenchTypography(default_lang="en")])
    md.convert("Lang: fr\n\nTexte.\n")
    md.preprocessors.deregister("meta")
    md.reset()
    assert "Résumé\u00a0:" in md.convert("Résumé : oui")


@pytest.mark.slow
def test_charts_in_every_fence_form_are_drawn_and_code_stays_literal(data_site):
    block = BAR_BLOCK.replace("```chart", "```Chart")
    in_list = "".join("    " + line + "\n" for line in BAR_BLOCK.replace("doublé", "doublé (liste)").splitlines())
    data_site.article(
        "essai",
        block
        + "\n- Un point\n\n"
        + in_list
        + "\nSoit {{ dataset: usages, column: part,\n  usage: Réseaux sociaux, annee: 2016 }}.\n\n"
        + f"```python\nprint('{VALUE}')\n```\n",
    )
    assert data_site.build() == 0
    page = data_site.page("essai.html")
    assert (
        len(page.find_all("figure")) == 2
        and page.find(id="les-reseaux-sociaux-ont-presque-double-liste").parent.name == "li"
    )
    assert page.find(class_="data-value").get_text() == "62\u202f%"
    assert (
        VALUE in page.find("code", class_="language-python").get_text()
        and "dataset: usages\nmark" not in page.get_text()
    )


@pytest.mark.slow
def test_a_value_in_a_heading_shows_in_the_table_of_contents(data_site):
    """The toc extension builds its entries from the heading's text before the
    value is known: the entry must show it, as the heading does."""
    data_site.article("essai", f"[TOC]\n\n## Les réseaux sociaux à {VALUE}\n\nTexte.\n")
    assert data_site.build() == 0
    page = data_site.page("essai.html")
    heading = page.select_one("h2")
    assert heading.get_text() == "Les réseaux sociaux à 62\u202f%"
    entry = page.select_one(".toc a")
    assert entry.get_text() == "Les réseaux sociaux à 62\u202f%"
    assert entry["href"] == "#" + heading["id"]
