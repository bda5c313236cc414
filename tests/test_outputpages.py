"""The output's pages as the search index and the link check read them."""

from publication.outputpages import OutputPages


def test_files_are_listed_output_relative_and_pages_read_once(tmp_path):
    (tmp_path / "donnees").mkdir()
    (tmp_path / "index.html").write_bytes(b"<p>accueil</p>")
    (tmp_path / "donnees" / "index.html").write_bytes(b"<p>donnees</p>")
    pages = OutputPages(tmp_path)
    assert pages.files() == {"index.html", "donnees/index.html"}
    assert pages.read("donnees/index.html") == b"<p>donnees</p>"
    # Both checks run on finished pages: the second reader gets the same bytes.
    (tmp_path / "donnees" / "index.html").write_bytes(b"changed")
    assert pages.read("donnees/index.html") == b"<p>donnees</p>"
    # The listing is taken again: the search index adds its folder between the checks.
    (tmp_path / "pagefind").mkdir()
    (tmp_path / "pagefind" / "pagefind.js").write_bytes(b"")
    assert "pagefind/pagefind.js" in pages.files()
