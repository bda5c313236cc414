"""The ```chart fence and quoted values, as a Python-Markdown extension.

What is code is left to Python-Markdown's own rules, not guessed by regex here:

- A chart fence is what ``fenced_code`` would take for a fence (its own
  ``FENCED_BLOCK_RE``), whose language is ``chart`` in any case. The
  preprocessor runs at 26: after ``meta`` (27), whose header it counts back
  into line numbers, and before ``fenced_code`` (25), which would otherwise
  take the fence. Python-Markdown does not see fences inside list items: an
  indented chart fence there is taken too; one that opens and never closes is
  an error, and the rest of the file is read as usual.
- A quoted value ``{{ … }}`` is an inline pattern, so code spans, fenced and
  indented code (``AtomicString``) never see it; raw ``<code>``/``<pre>`` are
  skipped by their tags. Where markup cannot go (an attribute: an image's
  alt text, a link's title, a raw tag), the value is asked as plain text.
- Article metadata: ``Summary:`` (Pelican's formatted fields) is converted
  again by Pelican with this same instance and gets the same values as the
  prose; any other header that quotes a value is refused at its line.

One extension instance serves one document (see ``reader.py``); what it learns
about the document lives on a ``Document``. Reading only checks a block's
structure (no data, no rendering): it is stashed as a placeholder and rendered
at the end of the build (finalize.py).
"""

from __future__ import annotations

import html
import re

from datacharts_engine.blocks import guessed_anchor, parse_block
from datacharts_engine.errors import EditorError
from datacharts_engine.inline_values import literal_depth, normal, occurrences, plain, replace_in_html
from datacharts_engine.placeholders import jobs_in, placeholder
from datacharts_engine.state import DEFER_KEY
from datacharts_engine.yamlsrc import load_yaml
from markdown.extensions import Extension
from markdown.extensions.fenced_code import FencedBlockPreprocessor
from markdown.extensions.meta import BEGIN_RE, END_RE, META_MORE_RE, META_RE
from markdown.inlinepatterns import InlineProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE, INLINE_PLACEHOLDER_RE

FENCED_BLOCK_RE = FencedBlockPreprocessor.FENCED_BLOCK_RE
# Anything that looks like the opening of a chart fence, to catch what Python-Markdown would not take.
CHART_OPENING_RE = re.compile(
    r"^(?P<indent>[ ]*)(?P<fence>`{3,}|~{3,})[ ]*(?:\{[^}\n]*\.chart\b[^}\n]*\}|\.?chart(?![\w#.+-]))", re.I
)
# Python-Markdown sees no fence inside a quote: its YAML would be published as text.
QUOTED_CHART_RE = re.compile(
    r"^[ ]*>(?:[ ]*>)*[ ]*(?:`{3,}|~{3,})[ ]*(?:\{[^}\n]*\.chart\b|\.?chart(?![\w#.+-]))", re.I
)
LIST_ITEM_RE = re.compile(r"^[ ]*(?:[*+-]|\d+[.)])[ ]+")
UNCLOSED = "« {{ » ouvert sans « }} » ; fermez la valeur citée par }}, ou écrivez \\{{ pour des accolades"


class Document:
    """What the extension knows of the document it converts: its header (key ->
    line, values), the ``{{`` found in its text with their lines, how many
    times it was converted (Pelican converts ``Summary:`` again)."""

    def __init__(self):
        self.passes = 0
        self.lines_before = 0
        self.header: dict[str, tuple[int, list[str]]] = {}
        self.quoted: list[tuple[int, str | None]] = []
        self.anchors: set[str] = set()
        self.foreign: tuple[int, str] | None = None  # a header line meta cannot read

    def line_of(self, inner: str | None) -> int | None:
        """The line of a ``{{`` Python-Markdown handed over (``None``: unclosed)."""
        wanted = None if inner is None else normal(inner)
        for index, (line, found) in enumerate(self.quoted):
            if found == wanted:
                del self.quoted[index]
                return line
        return self.quoted[0][0] if self.quoted else None


def read_header(lines: list[str], stop: list | None = None) -> dict[str, tuple[int, list[str]]]:
    """The ``meta`` extension's header, with the line of each key; ``stop``
    gets the (line, text) where meta stops reading it, when not at a blank line."""
    header: dict[str, tuple[int, list[str]]] = {}
    key = None
    start = 1 if lines and BEGIN_RE.match(lines[0]) else 0
    for number, line in enumerate(lines[start:], start + 1):
        if not line.strip() or END_RE.match(line):
            break
        if match := META_RE.match(line):
            key = match.group("key").lower().strip()
            header.setdefault(key, (number, []))[1].append(match.group("value").strip())
        elif (more := META_MORE_RE.match(line)) and key:
            header[key][1].append(more.group("value").strip())
        else:
            if stop is not None:
                stop.append((number, line))
            break
    return header


# What French editors type for Pelican's header names; Pelican would keep
# them as metadata no template reads (the article losing its author, tags…).
FRENCH_KEYS = {
    "titre": "Title", "auteur": "Author", "auteurs": "Authors", "auteur·ices": "Authors", "catégorie": "Category",
    "categorie": "Category", "rubrique": "Category", "étiquettes": "Tags", "etiquettes": "Tags",
    "mots-clés": "Tags", "mots-cles": "Tags", "motsclés": "Tags", "résumé": "Summary", "resume": "Summary",
    "chapô": "Summary", "chapo": "Summary", "statut": "Status", "langue": "Lang", "modifié": "Modified",
    "modifie": "Modified", "mise à jour": "Modified", "mis à jour": "Modified", "traduction": "Translation",
    "gabarit": "Template",
}  # fmt: skip
# A header line meta cannot read (an accent or a space in its name): meta stops
# there, and the rest of the header would be published as the text's first paragraph.
FOREIGN_KEY_RE = re.compile(r"^[ ]{0,3}(?P<key>[^\W\d_][^:\n]{0,30}?)[ ]*:(?:[ \t]+\S|[ \t]*$)")


def foreign_header_line(lines: list[str], header: dict) -> tuple[int, str] | None:
    """(line, French sentence) for such a line, right under the header or at the top."""
    stop: list = []
    read_header(lines, stop)
    if not stop:
        return None
    number, line = stop[0]
    match = FOREIGN_KEY_RE.match(line)
    if match is None or (not header and number > 2):
        return None
    key = match.group("key").strip()
    fix = FRENCH_KEYS.get(key.lower())
    advice = (
        f"écrivez « {fix}: »" if fix else "un nom d'en-tête s'écrit sans accent ni espace (Title:, Summary:, Tags:…)"
    )
    return number, (
        f"en-tête « {key}: » illisible : {advice} ; sinon laissez une ligne vide entre l'en-tête et le texte"
    )


class HeaderReader(Preprocessor):
    """Before ``meta`` (27): the header's lines, and how many lines meta will take."""

    def __init__(self, md, doc: Document):
        super().__init__(md)
        self.doc = doc

    def run(self, lines: list[str]) -> list[str]:
        self.doc.passes += 1
        self.doc.lines_before = len(lines)
        if self.doc.passes == 1 and "meta" in self.md.preprocessors:  # without meta, no header
            self.doc.header = read_header(lines)
            self.doc.foreign = foreign_header_line(lines, self.doc.header)
        return lines


class ChartPreprocessor(Preprocessor):
    def __init__(self, md, ext: ChartExtension):
        super().__init__(md)
        self.ext = ext
        self.doc = ext.doc

    def run(self, lines: list[str]) -> list[str]:
        doc, ext = self.doc, self.ext
        first = doc.passes == 1
        if first:
            base = doc.lines_before - len(lines)  # the header meta took
            prefix = self._refuse_quoted_headers()
        else:
            # Pelican converts a formatted field (Summary:) again: its lines are the header's.
            text = "\n".join(lines).strip()
            base = next((line - 1 for line, values in doc.header.values() if "\n".join(values) == text), None)
            prefix = []
        text = "\n".join(lines)
        code: set[int] = set()
        charts: dict[int, tuple[int, str]] = {}
        for match in FENCED_BLOCK_RE.finditer(text):
            start, end = text.count("\n", 0, match.start()), text.count("\n", 0, match.end())
            code.update(range(start, end + 1))
            if _language(match) == "chart":
                charts[start] = (end, match.group("code")[:-1])
            elif first and base is not None and (inner := _chart_opening(match)) is not None:
                # Its closing fence is a chart's: a ``` left open above swallowed the block.
                message = (
                    f"bloc de code {match.group('fence')} jamais fermé : il englobe le bloc chart de la ligne "
                    f"{base + start + inner + 2} ; fermez-le par {match.group('fence')} avant ce bloc"
                )
                prefix += [ext.error(EditorError(message, ext.source_path, base + start + 1)), ""]
        for index, line in enumerate(lines):
            opening = index not in code and CHART_OPENING_RE.match(line)
            if opening and self._indented_chart(lines, index, opening, base, first, charts):
                code.update(range(index, charts[index][0] + 1))
        doc.quoted = occurrences(text, (base or 0) + 1, skip=code.__contains__) if base is not None else []
        out = list(prefix)
        index = 0
        while index < len(lines):
            lineno = None if base is None else base + index + 1
            if index in charts:
                end, body = charts[index]
                indent = CHART_OPENING_RE.match(lines[index]).group("indent")
                if not first:
                    stash = ext.error(
                        EditorError(
                            "un graphique ne peut pas aller dans un résumé ; placez le bloc chart dans le texte",
                            ext.source_path,
                            lineno,
                        )
                    )
                elif end is None:
                    stash = ext.error(
                        EditorError(
                            "bloc chart jamais fermé ; ajoutez ``` après sa dernière ligne", ext.source_path, lineno
                        )
                    )
                else:
                    stash = self._chart(body, lineno)
                if indent and _in_list(lines, index, len(indent)):
                    out += ["", " " * max(4, len(indent)) + stash, ""]
                else:
                    out += ["", stash, ""]
                index = (end if end is not None else index) + 1
                continue
            line = lines[index]
            opening = index not in code and CHART_OPENING_RE.match(line)
            if opening and not opening.group("indent"):
                # Python-Markdown would not take it for a fence: never published as code.
                out.append(
                    ext.error(
                        EditorError(
                            "bloc chart mal formé ; ouvrez-le par ```chart seul sur sa ligne et fermez-le "
                            "par la même clôture (```) seule sur sa ligne",
                            ext.source_path,
                            lineno,
                        )
                    )
                )
            elif index not in code and QUOTED_CHART_RE.match(line):
                message = (
                    "un bloc chart ne peut pas aller dans une citation (lignes commençant par « > ») ; "
                    "sortez-le de la citation, ses lignes sans « > »"
                )
                out.append(ext.error(EditorError(message, ext.source_path, lineno)))
            else:
                out.append(line)
            index += 1
        return out

    def _indented_chart(self, lines, index, opening, base, first, charts) -> bool:
        """A chart fence inside a list item (Python-Markdown only sees fences at
        the margin); an indented code block showing one stays code."""
        indent, fence = opening.group("indent"), opening.group("fence")
        if not indent or (len(indent) >= 4 and not _in_list(lines, index, len(indent))):
            return False
        end = next((j for j in range(index + 1, len(lines)) if lines[j].strip() == fence), None)
        if end is None:
            charts[index] = (None, "")
            return False
        width = len(indent)
        body = [line[width:] if line[:width].strip() == "" else line.lstrip() for line in lines[index + 1 : end]]
        charts[index] = (end, "\n".join(body))
        return True

    def _refuse_quoted_headers(self) -> list[str]:
        """Only formatted fields (Summary:) are Markdown: a value elsewhere in the
        header would end raw in a title, a meta tag or a feed."""
        ext = self.ext
        formatted = {f.lower() for f in ext.state.pelican_settings.get("FORMATTED_FIELDS", ["summary"])}
        out = []
        for key, (line, values) in self.doc.header.items():
            if key not in formatted and key != "title" and any("{{" in value for value in values):
                message = (
                    f"« {key.capitalize()}: » ne peut pas citer de valeur {{{{ … }}}} ; écrivez le chiffre "
                    "lui-même (le texte, Title: et Summary: peuvent citer des valeurs)"
                )
                out += [ext.error(EditorError(message, ext.source_path, line)), ""]
        if self.doc.foreign is not None:
            line, message = self.doc.foreign
            out += [ext.error(EditorError(message, ext.source_path, line)), ""]
        return out

    def _chart(self, text: str, lineno: int) -> str:
        ext = self.ext
        try:
            block = parse_block(text, ext.source_path, lineno, set_aside=True)
            anchor = block.anchor
            if anchor in self.doc.anchors:
                if "id" in block.options:
                    raise block.error(f"id « {anchor} » déjà utilisé dans cet article ; choisissez-en un autre", "id")
                suffix = 2
                while f"{anchor}-{suffix}" in self.doc.anchors:
                    suffix += 1
                anchor = f"{anchor}-{suffix}"
        except EditorError as exc:
            marker = "".join(ext.error(e.located(ext.source_path, lineno)) for e in exc.every())
            if ext.state.pelican_settings.get(DEFER_KEY):  # see finalize: a failed chart keeps its anchor
                stub = f'<figure id="{html.escape(guessed_anchor(text))}"></figure>'
                marker += self.md.htmlStash.store(stub)
            return marker
        job = {"text": text, "path": ext.source_path, "line": lineno, "anchor": anchor, "first": not self.doc.anchors}
        self.doc.anchors.add(anchor)
        # A key set aside (an unknown key…) is reported now; the chart is still
        # built, so that its mistakes with the data are listed too.
        problems = "".join(ext.error(e.located(ext.source_path, lineno)) for e in block.problems)
        return problems + self.md.htmlStash.store(placeholder("chart", job))


def _language(match: re.Match) -> str:
    """The fence's language as fenced_code reads it: ```lang or ```{.lang}."""
    if match.group("attrs") is not None:
        first = re.search(r"(?:^|\s)\.([\w#.+-]+)", match.group("attrs"))
        return first.group(1).lower() if first else ""
    return (match.group("lang") or "").lower()


def _chart_opening(match: re.Match) -> int | None:
    """The index of a line of a code block opening a chart with the block's own fence."""
    for index, line in enumerate(match.group("code").split("\n")):
        opening = CHART_OPENING_RE.match(line)
        if opening and not opening.group("indent") and opening.group("fence") == match.group("fence"):
            return index
    return None


def _in_list(lines: list[str], index: int, width: int) -> bool:
    """Whether an indented line belongs to a list item: the closest line above
    it that is less indented opens one."""
    for line in reversed(lines[:index]):
        if line.strip() and len(line) - len(line.lstrip(" ")) < width:
            return bool(LIST_ITEM_RE.match(line))
    return False


class InlineValueProcessor(InlineProcessor):
    """``{{ … }}`` in text; after links, images and inline HTML (90), which
    leave attributes to ``AttributeValues``; never in code, which is atomic."""

    def __init__(self, md, ext: ChartExtension):
        super().__init__(r"\{\{", md)
        self.ext = ext

    def handleMatch(self, m, data):  # noqa: N802 - Python-Markdown's API
        if self._in_raw_literal(data[: m.start()]) or self._is_toc_marker(data):
            return None, None, None
        close, reopen = data.find("}}", m.end()), data.find("{{", m.end())
        if close < 0 or 0 <= reopen < close:
            return self.ext.value(None), m.start(), m.end()
        return self.ext.value(self._as_typed(data[m.end() : close])), m.start(), close + 2

    def _as_typed(self, inner: str) -> str:
        """The value's arguments as the editor typed them: inline HTML or an
        entity in them was stashed by an earlier pattern; put its text back."""
        nodes = self.md.treeprocessors["inline"].stashed_nodes
        inner = INLINE_PLACEHOLDER_RE.sub(lambda g: _text(nodes.get(g.group(1))), inner)
        blocks = self.md.htmlStash.rawHtmlBlocks

        def raw(g):
            index = int(g.group(1))
            return blocks[index] if index < len(blocks) and isinstance(blocks[index], str) else ""

        return HTML_PLACEHOLDER_RE.sub(raw, inner)

    def _is_toc_marker(self, data: str) -> bool:
        """A site may choose ``{{toc}}`` for the toc extension's marker: it stays toc's."""
        toc = self.md.treeprocessors["toc"] if "toc" in self.md.treeprocessors else None  # noqa: SIM401 - a Registry has no get
        return bool(getattr(toc, "marker", None)) and data.strip() == toc.marker

    def _in_raw_literal(self, before: str) -> bool:
        """Inside raw ``<code>…</code>`` typed in a paragraph (stashed tags)."""
        # The tags are in the HTML stash, behind the inline processor's own placeholders.
        nodes = self.md.treeprocessors["inline"].stashed_nodes
        before = INLINE_PLACEHOLDER_RE.sub(lambda m: _text(nodes.get(m.group(1))), before)
        blocks = self.md.htmlStash.rawHtmlBlocks
        tags = [blocks[int(n)] for n in HTML_PLACEHOLDER_RE.findall(before) if int(n) < len(blocks)]
        return literal_depth("".join(tag for tag in tags if isinstance(tag, str))) > 0


def _text(node) -> str:
    return node if isinstance(node, str) else ""


class AttributeValues(Treeprocessor):
    """Values where markup cannot go: the attributes Markdown wrote (alt, title,
    href) and raw HTML; there, the value is plain text."""

    def __init__(self, md, ext: ChartExtension):
        super().__init__(md)
        self.ext = ext

    def run(self, root):
        ext = self.ext
        for element in root.iter():
            for name, value in element.attrib.items():
                if value and "{{" in value:  # valueless attributes (attr_list) are None
                    element.set(name, replace_in_html(value, ext.text_value, ext.text_value))
                elif value and HTML_PLACEHOLDER_RE.search(value):
                    element.set(name, HTML_PLACEHOLDER_RE.sub(self._as_text, value))
        stash = self.md.htmlStash.rawHtmlBlocks
        for index, raw in enumerate(stash):
            if isinstance(raw, str) and "{{" in raw and not raw.startswith("<!--datacharts:"):
                stash[index] = replace_in_html(raw, ext.raw_value, ext.raw_text_value)

    def _as_text(self, match) -> str:
        """A value's placeholder that attr_list moved from the text into an
        attribute ({: title="{{ … }}" }): the value as plain text there."""
        stash = self.md.htmlStash.rawHtmlBlocks
        index = int(match.group(1))
        raw = stash[index] if index < len(stash) else None
        found = list(jobs_in(raw)) if isinstance(raw, str) and raw.startswith("<!--datacharts:value:") else []
        if not found or found[0][2]["inner"].endswith(plain("")):  # none, or plain text already
            return match.group(0)
        _, _, job = found[0]
        return self.md.htmlStash.store(placeholder("value", {**job, "inner": plain(job["inner"])}))


class TocValues(Treeprocessor):
    """The toc extension names its entries after the headings' text with raw
    HTML removed, so a value quoted in a heading would be missing from its
    entry: the entry gets the heading's text back, with the value's
    placeholder (the heading's id stays as toc made it, without the value,
    so a link to it survives a data update)."""

    def run(self, root):
        toc = self.md.treeprocessors["toc"] if "toc" in self.md.treeprocessors else None  # noqa: SIM401 - a Registry has no get
        if toc is None:
            return
        stash = self.md.htmlStash.rawHtmlBlocks

        def ours(match) -> bool:
            index = int(match.group(1))
            return index < len(stash) and isinstance(stash[index], str) and stash[index].startswith("<!--datacharts:")

        headings = {
            el.get("id"): el
            for el in root.iter()
            if isinstance(el.tag, str) and toc.header_rgx.match(el.tag) and el.get("id")
        }
        for div in root.iter("div"):
            if toc.toc_class not in (div.get("class") or "").split():
                continue
            for link in div.iter("a"):
                heading = headings.get((link.get("href") or "").removeprefix("#"))
                text = _heading_text(heading) if heading is not None else ""
                if not any(ours(m) for m in HTML_PLACEHOLDER_RE.finditer(text)):
                    continue
                label = HTML_PLACEHOLDER_RE.sub(lambda m: m.group(0) if ours(m) else "", text)
                without = " ".join(HTML_PLACEHOLDER_RE.sub("", label).split())
                if " ".join(html.unescape(link.text or "").split()) == without:  # not a data-toc-label
                    link.text = label


def _heading_text(element) -> str:
    """A heading's text, its permalink (toc's « ¶ ») left out."""
    parts = [element.text or ""]
    for child in element:
        if "headerlink" not in (child.get("class") or "").split():
            parts.append(_heading_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


class ChartExtension(Extension):
    def __init__(self, state, source_path: str, **kwargs):
        self.state = state
        self.source_path = source_path
        self.doc = Document()
        super().__init__(**kwargs)

    def extendMarkdown(self, md):  # noqa: N802 - Python-Markdown's API
        md.registerExtension(self)
        self.md = md
        md.preprocessors.register(HeaderReader(md, self.doc), "datacharts_header", 28)
        md.preprocessors.register(ChartPreprocessor(md, self), "datacharts", 26)
        md.inlinePatterns.register(InlineValueProcessor(md, self), "datacharts_value", 85)
        md.treeprocessors.register(AttributeValues(md, self), "datacharts_attributes", 1)
        md.treeprocessors.register(TocValues(md), "datacharts_toc", 4)  # after toc (5)

    # What a quoted value becomes: a placeholder (see finalize.py), or an error.

    def error(self, error: EditorError) -> str:
        return self.md.htmlStash.store(self._error_marker(error))

    def _error_marker(self, error: EditorError) -> str:
        error = error.located(self.source_path)
        self.state.report(error)
        return placeholder("error", {"message": error.message, "path": error.path, "line": error.line})

    def _marker(self, inner: str | None, as_text: bool) -> str:
        line = self.doc.line_of(inner)
        if inner is None:
            return self._error_marker(EditorError(UNCLOSED, self.source_path, line))
        try:
            load_yaml("{" + inner + "}", self.source_path, first_line=line or 1)  # syntax, now
        except EditorError as exc:
            return self._error_marker(exc.located(self.source_path, line))
        job = {"inner": plain(inner) if as_text else inner, "path": self.source_path, "line": line}
        return placeholder("value", job)

    def value(self, inner: str | None) -> str:
        """In text: the value's ``<span>``."""
        return self.md.htmlStash.store(self._marker(inner, as_text=False))

    def text_value(self, inner: str | None) -> str:
        """In an attribute Markdown wrote: plain text (stashed, so the serializer
        does not escape the placeholder)."""
        return self.md.htmlStash.store(self._marker(inner, as_text=True))

    def raw_value(self, inner: str | None) -> str:
        return self._marker(inner, as_text=False)

    def raw_text_value(self, inner: str | None) -> str:
        return self._marker(inner, as_text=True)
