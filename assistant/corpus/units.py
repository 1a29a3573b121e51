"""The corpus as the rest of the package sees it: citable units, the documents they come from, lookups.

What it does: ``Unit`` (one citable piece of an act, its text a verbatim slice of the source), ``Document``
(one act: its text and its sidecars, read once), ``Corpus`` (all units in reading order, by id and by label,
their tree, the glosses by unit id, the scope notes by id, and a fingerprint that changes with any text or id), ``label_of``
(``art-6.3.g`` -> ``Article 6(3)(g)``). What it leaves to others: parsing the texts (``parse``), reading
the sidecars (``sidecars``), resolving references (``references``).
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from assistant.corpus.sidecars import Sidecars

log = logging.getLogger(__name__)

PARSER_VERSION = "1"  # bump when the parser cuts the texts differently (part of the fingerprint)
UNIT_FIELDS = ("id", "label", "article", "doc", "title", "text")  # a unit's JSON form (``as_dict``)


@dataclass(frozen=True)
class Unit:
    """One citable piece of an act: an article, paragraph, item, indent, definition or a framing part."""

    id: str
    label: str
    doc: str
    article: str  # "1".."18", "law", "preamble", "final"
    title: str  # the article's (or part's) title
    kind: str  # article | paragraph | item | indent | definition | law | preamble | final | final-part
    text: str
    start: int  # character offsets of ``text`` in the cleaned source
    end: int
    parent: str | None = None
    children: tuple[str, ...] = ()
    lead: str = ""  # the parent's lead-in line, e.g. "The request must contain:" for Article 6(3)(a)

    def as_dict(self) -> dict:
        return {name: getattr(self, name) for name in UNIT_FIELDS}


@dataclass(frozen=True)
class Document:
    """One act in the corpus: its id (from the file name), title, source text and sidecars."""

    id: str
    title: str
    source: str  # cleaned text (junk removed); unit offsets point into it
    path: Path
    primary: bool = False  # the primary act's ids carry no document prefix
    sidecars: Sidecars = field(default_factory=Sidecars, repr=False)

    def unit_id(self, local: str) -> str:
        """The corpus-wide id of a unit of this act: ``art-10`` (primary act) or ``model-law:art-10``."""
        return local if self.primary else f"{self.id}:{local}"


def label_of(local: str) -> str:
    """``art-6.3.g`` -> ``Article 6(3)(g)``."""
    number, *parts = local.removeprefix("art-").split(".")
    return f"Article {number}" + "".join(f"({p})" for p in parts)


@dataclass
class Corpus:
    """All documents and their units, in reading order, with lookups by id and label."""

    documents: list[Document]
    units: list[Unit]

    @cached_property
    def by_id(self) -> dict[str, Unit]:
        return {u.id: u for u in self.units}

    @cached_property
    def by_label(self) -> dict[str, Unit]:
        return {u.label.casefold(): u for u in self.units}

    def get(self, unit_id: str) -> Unit | None:
        return self.by_id.get(unit_id)

    @cached_property
    def scope_notes(self) -> dict:
        """Every act's scope notes (subjects it does not regulate), by id ``"<document id>:<number>"``: the
        one way the index and the answers name a note."""
        return {f"{d.id}:{n}": note for d in self.documents for n, note in enumerate(d.sidecars.not_covered)}

    def children(self, unit: Unit) -> list[Unit]:
        return [self.by_id[c] for c in unit.children]

    def ancestors(self, unit: Unit) -> list[Unit]:
        """The units that contain ``unit``, its parent first and its article last."""
        out: list[Unit] = []
        while unit.parent is not None:
            unit = self.by_id[unit.parent]
            out.append(unit)
        return out

    def descendants(self, unit: Unit) -> list[Unit]:
        out: list[Unit] = []
        for child in self.children(unit):
            out.append(child)
            out.extend(self.descendants(child))
        return out

    def articles(self, doc: str | None = None) -> list[Unit]:
        """Top-level units (articles and framing parts) in reading order."""
        return [u for u in self.units if u.parent is None and (doc is None or u.doc == doc)]

    @cached_property
    def glosses(self) -> dict[str, list[tuple[str, str]]]:
        """The sidecars' plain-language texts by unit id: ``{unit_id: [(kind, text), ...]}``, kind "gloss" or
        "question", in file order; a gloss for a unit that does not exist is logged and left out."""
        found: dict[str, list[tuple[str, str]]] = {}
        for document in self.documents:
            for gloss in document.sidecars.glosses:
                unit_id = document.unit_id(gloss.local_id)
                if self.get(unit_id) is None:
                    log.warning("%s: no unit %r; ignored", document.path.with_suffix(".glosses.toml").name, unit_id)
                    continue
                found.setdefault(unit_id, []).append((gloss.kind, gloss.text))
        return found

    @cached_property
    def fingerprint(self) -> str:
        """Changes whenever any text, id or the parser changes: drives index rebuilds."""
        digest = hashlib.sha256(PARSER_VERSION.encode())
        for unit in self.units:
            digest.update(f"{unit.id}\0{unit.label}\0{unit.text}\0".encode())
        return digest.hexdigest()[:16]

    @property
    def primary(self) -> Document:
        return next((d for d in self.documents if d.primary), self.documents[0])
