"""Parse the plain-text acts in ``corpus/`` into a tree of citable units.

What it does: reads every ``*.txt`` in the corpus folder (with its sidecars, read once by ``sidecars``),
cuts off page junk, and splits the text into a document -> article -> paragraph -> item -> indent tree.
Every unit keeps its text exactly as written: it is a slice of the source file, so any quote taken from a
unit can be checked against the file verbatim.

What it leaves to others: the unit, document and corpus types (``units``, re-exported here), resolving
free-text references ("Art. 10", ``references``); search and answers (``assistant.search``,
``assistant.answers``). Nothing here imports a heavy library.

The shape it understands (generic, for any act saved the same way):
- ``Article N Title`` headings; ``1.`` numbered paragraphs; ``a)`` lettered items;
- unmarked lines after a line ending in ``:`` are indents (sub-points) of that line's unit; other unmarked
  lines continue the unit above them;
- indents of the form ``<term> is <definition>`` become definitions keyed by their term;
- lines before the first article are the preamble (or, when the sidecar names where it ends, a
  ratification law followed by the preamble); a line starting ``Done at``/``Done in`` opens the final part.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from assistant.corpus.sidecars import read_sidecars
from assistant.corpus.units import PARSER_VERSION, Corpus, Document, Unit, label_of
from assistant.text import ITEM_MARKER, PARAGRAPH_MARKER

__all__ = ["PARSER_VERSION", "Corpus", "Document", "Unit", "label_of", "load_corpus", "parse_document"]

ARTICLE_RE = re.compile(r"^Article (\d+)\s+(.+?)\s*$")
PARAGRAPH_RE = re.compile(rf"^{PARAGRAPH_MARKER}\s")
ITEM_RE = re.compile(rf"^{ITEM_MARKER}\s")
FINAL_RE = re.compile(r"^Done (?:at|in)\b")
SIGNATORY_RE = re.compile(r"^For (?:the )?[A-Z]")
CERTIFY_RE = re.compile(r"^I hereby certify\b")
DEFINITION_RE = re.compile(r"^(?:(?:an?|the)\s+)?(.{2,80}?)\s+(?:is|are|means)\s", re.IGNORECASE)
JUNK_LINE_RE = re.compile(r"^\s*(?:©|\(c\)\s*\d{4})")


@dataclass
class _Node:
    kind: str
    key: str  # the local key: "3" for a paragraph, "g" for an item, "malicious-program" for a term
    start: int
    end: int
    first_line: str
    children: list[_Node] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------- loading


def load_corpus(corpus_dir: Path) -> Corpus:
    """Parse every ``*.txt`` act in ``corpus_dir``. The first act marked ``primary`` keeps bare ids."""
    paths = sorted(Path(corpus_dir).glob("*.txt"))
    if not paths:
        raise FileNotFoundError(f"No corpus texts (*.txt) found in {corpus_dir}")
    documents, units = [], []
    for path in paths:
        document, doc_units = parse_document(path)
        documents.append(document)
        units.extend(doc_units)
    seen: set[str] = set()
    for unit in units:
        if unit.id in seen:
            raise ValueError(f"Duplicate unit id {unit.id!r} in corpus {corpus_dir}")
        seen.add(unit.id)
    return Corpus(documents=documents, units=units)


def clean_source(raw: str, end_before: str | None) -> str:
    """Drop what is not part of the act: everything from ``end_before`` on, and copyright lines."""
    text = raw.replace("\r\n", "\n").lstrip("\ufeff")
    if end_before and end_before in text:
        text = text[: text.index(end_before)]
    lines = [line for line in text.split("\n") if not JUNK_LINE_RE.match(line)]
    return "\n".join(lines).rstrip()


def parse_document(path: Path) -> tuple[Document, list[Unit]]:
    """One act and its units; its sidecars say how to read it (see ``sidecars``)."""
    meta = read_sidecars(path)
    doc_id = meta.id or path.stem
    source = clean_source(path.read_text(encoding="utf-8"), meta.end_before)
    lines = _lines_with_offsets(source)
    first_article = next((i for i, (_, line) in enumerate(lines) if ARTICLE_RE.match(line)), len(lines))
    title = meta.title or (lines[0][1].strip() if lines else doc_id)
    document = Document(doc_id, title, source, path, meta.primary, meta)
    builder = _UnitBuilder(document)
    builder.front_matter(lines[:first_article])
    builder.articles(lines[first_article:])
    return document, builder.units


def _lines_with_offsets(source: str) -> list[tuple[int, str]]:
    out, offset = [], 0
    for line in source.split("\n"):
        out.append((offset, line))
        offset += len(line) + 1
    return out


# ---------------------------------------------------------------------------------------------- building


class _UnitBuilder:
    """Turns the lines of one document into units, keeping offsets into the cleaned source."""

    def __init__(self, document: Document):
        self.doc = document
        self.meta = document.sidecars
        self.units: list[Unit] = []

    # ids and labels ---------------------------------------------------------------------------
    def _label(self, local_label: str) -> str:
        if self.doc.primary:
            return local_label
        return f"{self.meta.short_title or self.doc.id}, {local_label}"

    def _slice(self, start: int, end: int) -> str:
        return self.doc.source[start:end]

    def _add(self, local_id, local_label, article, title, kind, start, end, parent=None, lead=""):
        unit = Unit(
            id=self.doc.unit_id(local_id),
            label=self._label(local_label),
            doc=self.doc.id,
            article=article,
            title=title,
            kind=kind,
            text=self._slice(start, end),
            start=start,
            end=end,
            parent=parent,
            lead=lead,
        )
        self.units.append(unit)
        return unit

    def _set_children(self, unit: Unit, child_ids: list[str]) -> None:
        index = self.units.index(unit)
        self.units[index] = Unit(**{**unit.__dict__, "children": tuple(child_ids)})

    # front matter -----------------------------------------------------------------------------
    def front_matter(self, lines: list[tuple[int, str]]) -> None:
        lines = [(o, t) for o, t in lines if t.strip()]
        if not lines:
            return
        law_until = self.meta.law_ends_after
        split = len(lines) if law_until else 0
        if law_until:
            split = next((i + 1 for i, (_, t) in enumerate(lines) if t.strip() == law_until), 0)
        if split:
            law_lines = lines[:split]
            label = self.meta.law_label
            self._add("law", label, "law", law_lines[0][1].strip(), "law",
                      law_lines[0][0], _line_end(law_lines[-1]))
        rest = lines[split:]
        if rest:
            self._add("preamble", "Preamble", "preamble", "Preamble", "preamble",
                      rest[0][0], _line_end(rest[-1]))

    # articles -----------------------------------------------------------------------------------
    def articles(self, lines: list[tuple[int, str]]) -> None:
        final_at = next((i for i, (_, t) in enumerate(lines) if FINAL_RE.match(t)), len(lines))
        body, closing = lines[:final_at], lines[final_at:]
        heads = [i for i, (_, t) in enumerate(body) if ARTICLE_RE.match(t)]
        for n, head in enumerate(heads):
            stop = heads[n + 1] if n + 1 < len(heads) else len(body)
            self._article(body[head], [ln for ln in body[head + 1 : stop] if ln[1].strip()])
        self._final(closing)

    def _article(self, heading: tuple[int, str], lines: list[tuple[int, str]]) -> None:
        number, title = ARTICLE_RE.match(heading[1]).groups()
        start = lines[0][0] if lines else heading[0]
        end = _line_end(lines[-1]) if lines else _line_end(heading)
        article = self._add(f"art-{number}", f"Article {number}", number, title, "article", start, end)
        ids: list[str] = []
        for node in _tree(lines):
            ids.extend(self._node(node, article, number, title, f"art-{number}", ""))
        self._set_children(article, ids)

    def _node(self, node: _Node, parent: Unit, number: str, title: str, parent_local: str, lead: str):
        """Create the units for a parsed node (recursively); returns the ids to attach to ``parent``.

        Article-level text (an unnumbered lead-in such as "the terms used therein mean:") is not a
        unit of its own: its indents hang from the article, with the text as their lead-in.
        """
        own_lead = node.first_line.strip()
        if node.kind == "text":
            kids = [self._node(c, parent, number, title, parent_local, own_lead) for c in node.children]
            return [i for k in kids for i in k]
        local = f"{parent_local}.{node.key}"
        if node.kind == "definition":
            label = f'Article {number} ("{node.key.replace("-", " ")}")'
        elif node.kind == "indent":
            label = f"{label_of(parent_local)}, indent {node.key}"
        else:
            label = label_of(local)
        unit = self._add(local, label, number, title, node.kind, node.start, node.end,
                         parent=parent.id, lead=lead)
        kids = [self._node(child, unit, number, title, local, own_lead) for child in node.children]
        self._set_children(unit, [i for k in kids for i in k])
        return [unit.id]

    def _final(self, lines: list[tuple[int, str]]) -> None:
        lines = [ln for ln in lines if ln[1].strip()]
        if not lines:
            return
        final = self._add("final", "Final provisions", "final", "Final provisions", "final",
                          lines[0][0], _line_end(lines[-1]))
        groups: dict[str, list[tuple[int, str]]] = {"done": [], "signatories": [], "certification": []}
        current = "done"
        for ln in lines:
            if CERTIFY_RE.match(ln[1]):
                current = "certification"
            elif SIGNATORY_RE.match(ln[1]) and current == "done":
                current = "signatories"
            groups[current].append(ln)
        titles = {"done": "place, date and language", "signatories": "signatory States",
                  "certification": "certification of the text"}
        ids = []
        for key, group in groups.items():
            if group:
                unit = self._add(f"final.{key}", f"Final provisions ({titles[key]})", "final",
                                 "Final provisions", "final-part", group[0][0], _line_end(group[-1]),
                                 parent=final.id)
                ids.append(unit.id)
        self._set_children(final, ids)


def _line_end(line: tuple[int, str]) -> int:
    return line[0] + len(line[1].rstrip())


def _tree(lines: list[tuple[int, str]]) -> list[_Node]:
    """Group an article's lines into paragraphs, items and indents (see the module docstring)."""
    roots: list[_Node] = []
    parents: dict[int, _Node | None] = {}  # id(node) -> its parent node, to extend ends upwards
    paragraph: _Node | None = None
    lead_owner: _Node | None = None  # the node whose text ended with ':' (takes indents and items)
    last: _Node | None = None

    def attach(node: _Node, parent: _Node | None) -> None:
        (parent.children if parent else roots).append(node)
        parents[id(node)] = parent
        while parent is not None:
            parent.end = max(parent.end, node.end)
            parent = parents[id(parent)]

    for offset, text in lines:
        end = offset + len(text.rstrip())
        leads_in = text.rstrip().endswith(":")
        if m := PARAGRAPH_RE.match(text):
            paragraph = last = _Node("paragraph", m.group(1), offset, end, text)
            attach(paragraph, None)
        elif m := ITEM_RE.match(text):
            owner = paragraph if paragraph is not None else _article_lead(roots)
            last = _Node("item", m.group(1), offset, end, text)
            attach(last, owner)
        elif lead_owner is not None:
            last = _indent(lead_owner, offset, end, text)
            attach(last, lead_owner)
            continue  # an indent never opens a new lead-in
        elif last is None:
            last = _Node("text", "", offset, end, text)
            attach(last, None)
        else:
            node = last  # a continuation line of the unit above: it grows to cover it
            node.end = end
            while (node := parents[id(node)]) is not None:
                node.end = max(node.end, end)
        lead_owner = last if leads_in else None
    return roots


def _article_lead(roots: list[_Node]) -> _Node | None:
    """Items directly under an article hang from its unnumbered lead-in line, if it has one."""
    return roots[0] if roots and roots[0].kind == "text" else None


def _indent(owner: _Node, offset: int, end: int, text: str) -> _Node:
    """An unmarked line under a lead-in: a definition keyed by its term, or a numbered indent.

    Definitions are recognised when the lead-in speaks of terms ("the terms used therein mean:") and
    every line under it reads "<term> is <definition>".
    """
    match = DEFINITION_RE.match(text)
    defines_terms = "term" in owner.first_line.lower()
    if match and defines_terms and all(c.kind == "definition" for c in owner.children):
        key = re.sub(r"[^a-z0-9]+", "-", match.group(1).lower()).strip("-")
        return _Node("definition", key, offset, end, text)
    return _Node("indent", str(len(owner.children) + 1), offset, end, text)
