"""Where the index's vectors live: an embedded Chroma folder under the data folder, or a Chroma server.

What it does: opens the collections built for a given fingerprint and checks that each is whole (``open``), or
writes new ones (``build``), safely when several processes start at once. An index has one collection per
embedding model (``parts``: "" for the English model, "-ml" for the multilingual one), all in one build:
- embedded: each build goes to its own ``<data_dir>/index/build-<fingerprint>-<random>`` folder; when it is
  complete, ``current.json`` is replaced atomically to point at it and older builds are removed.
  ``build_lock`` is the file lock that serialises builds (``index.ensure_index`` takes it, and checks again
  after waiting for it). Folders are 0700, files 0600.
- server (``ASSISTANT_CHROMA_URL``): one collection per fingerprint, built under a temporary name and renamed
  when complete.
Both clients have Chroma's telemetry switched off. What it leaves to others: what the entries are and how they
are embedded (``index``); searching (``index.Index``, ``retrieve``).
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
from pathlib import Path
from urllib.parse import urlparse

from filelock import FileLock

from assistant.errors import UserError
from assistant.settings import Settings

POINTER = "current.json"
LOCK_TIMEOUT_S = 600


class BrokenIndex(Exception):
    """The stored index is missing, stale or unreadable; the message says which, in plain words."""


# --------------------------------------------------------------------------------------------- clients


def chroma_settings():
    """Chroma client settings for both clients: telemetry off."""
    from chromadb.config import Settings as ChromaSettings

    return ChromaSettings(anonymized_telemetry=False)


def http_client(url: str):
    import chromadb

    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise UserError(f"ASSISTANT_CHROMA_URL must look like http://host:port, not {url!r}")
    try:
        client = chromadb.HttpClient(host=parsed.hostname, port=parsed.port or 8000,
                                     ssl=parsed.scheme == "https", settings=chroma_settings())
        client.heartbeat()
    except Exception as error:
        raise UserError(f"cannot reach the Chroma server at {url}: {error}") from error
    return client


def persistent_client(path: Path):
    import chromadb

    return chromadb.PersistentClient(path=str(path), settings=chroma_settings())


def index_dir(settings: Settings) -> Path:
    path = settings.ensure_data_dir() / "index"
    path.mkdir(mode=0o700, exist_ok=True)
    return path


def build_lock(settings: Settings) -> FileLock:
    lock_path = index_dir(settings) / "build.lock"
    lock = FileLock(str(lock_path), timeout=LOCK_TIMEOUT_S, mode=0o600)
    return lock


def collection_name(settings: Settings, fingerprint: str, part: str = "") -> str:
    return f"{settings.collection}-{fingerprint}{part}"


# A few hundred vectors: search the HNSW graph wide enough to be exact, and build it on one thread, so
# that two builds of the same corpus answer alike (a multi-threaded build with Chroma's defaults gave
# a different graph each time, and a rare word could be missed by the approximate search).
HNSW = {"space": "cosine", "ef_construction": 400, "ef_search": 400, "max_neighbors": 32, "num_threads": 1}


def create_collection(client, name: str):
    return client.create_collection(name=name, configuration={"hnsw": dict(HNSW)}, embedding_function=None)


def check_collection(collection, expected_ids: list[str]) -> None:
    """Raise unless the collection holds exactly the expected nodes and answers a query."""
    if collection.count() != len(expected_ids):
        raise BrokenIndex(f"it holds {collection.count()} entries instead of {len(expected_ids)}")
    stored = collection.get(ids=expected_ids[:1], include=["embeddings"])
    if not stored["ids"]:
        raise BrokenIndex("its entries do not match the corpus")
    found = collection.query(query_embeddings=[stored["embeddings"][0]], n_results=1, include=[])
    if found["ids"][0] != expected_ids[:1]:
        raise BrokenIndex("its vectors do not answer a query")
    if set(collection.get(include=[])["ids"]) != set(expected_ids):
        raise BrokenIndex("its entries do not match the corpus")


# --------------------------------------------------------------------------------------------- embedded


def _read_pointer(settings: Settings) -> dict:
    path = index_dir(settings) / POINTER
    if not path.exists():
        raise BrokenIndex("there is no index yet")
    try:
        pointer = json.loads(path.read_text(encoding="utf-8"))
        return {"build": str(pointer["build"]), "fingerprint": str(pointer["fingerprint"])}
    except (ValueError, KeyError, TypeError) as error:
        raise BrokenIndex(f"its pointer file is unreadable ({error.__class__.__name__})") from error


def open_embedded(settings: Settings, fingerprint: str, expected_ids: dict[str, list[str]],
                  parts: tuple[str, ...] = ("",)):
    """``({part: collection}, location)`` of the current build, checked; ``BrokenIndex`` when stale or damaged."""
    pointer = _read_pointer(settings)
    if pointer["fingerprint"] != fingerprint:
        raise BrokenIndex("the corpus, the glosses, the model or the chunking changed")
    folder = index_dir(settings) / Path(pointer["build"]).name
    if not (folder / "chroma.sqlite3").is_file():
        raise BrokenIndex(f"its folder {folder} is missing or incomplete")
    try:
        client = persistent_client(folder)
        collections = {part: client.get_collection(collection_name(settings, fingerprint, part)) for part in parts}
        for part, collection in collections.items():
            check_collection(collection, expected_ids[part])
    except BrokenIndex:
        raise
    except Exception as error:  # sqlite/hnsw errors from a truncated or garbled folder
        raise BrokenIndex(f"its folder {folder} is unreadable ({str(error)[:120]})") from error
    return collections, str(folder)


def build_embedded(settings: Settings, fingerprint: str, add, parts: tuple[str, ...] = ("",)):
    """Build into a fresh folder with ``add({part: collection})``, then point ``current.json`` at it."""
    root = index_dir(settings)
    folder = root / f"build-{fingerprint}-{secrets.token_hex(4)}"
    folder.mkdir(mode=0o700)
    client = persistent_client(folder)
    collections = {part: create_collection(client, collection_name(settings, fingerprint, part)) for part in parts}
    add(collections)
    restrict(folder)
    tmp = root / f".{POINTER}.{secrets.token_hex(4)}"
    tmp.write_text(json.dumps({"build": folder.name, "fingerprint": fingerprint}), encoding="utf-8")
    tmp.chmod(0o600)
    os.replace(tmp, root / POINTER)
    for old in root.glob("build-*"):
        if old != folder:
            shutil.rmtree(old, ignore_errors=True)
    return collections, str(folder)


def restrict(folder: Path) -> None:
    """Owner-only permissions for everything under ``folder``."""
    folder.chmod(0o700)
    for path in folder.rglob("*"):
        path.chmod(0o700 if path.is_dir() else 0o600)


# --------------------------------------------------------------------------------------------- server


def open_server(settings: Settings, fingerprint: str, expected_ids: dict[str, list[str]],
                parts: tuple[str, ...] = ("",)):
    client = http_client(settings.chroma_url)
    collections = {}
    for part in parts:
        name = collection_name(settings, fingerprint, part)
        try:
            collections[part] = client.get_collection(name)
        except Exception as error:
            raise BrokenIndex(f"the server has no collection {name} yet") from error
        try:
            check_collection(collections[part], expected_ids[part])
        except BrokenIndex:
            raise
        except Exception as error:
            raise BrokenIndex(f"collection {name} is unreadable ({str(error)[:120]})") from error
    return collections, f"{settings.chroma_url} collection {collection_name(settings, fingerprint)}"


def build_server(settings: Settings, fingerprint: str, add, parts: tuple[str, ...] = ("",)):
    """Build under temporary names, then rename; stale or half-built ones of the same names are replaced."""
    client = http_client(settings.chroma_url)
    temps = {part: f"{collection_name(settings, fingerprint, part)}-building-{secrets.token_hex(4)}"
             for part in parts}
    add({part: create_collection(client, temp) for part, temp in temps.items()})
    collections = {}
    for part, temp in temps.items():
        name = collection_name(settings, fingerprint, part)
        with contextlib.suppress(Exception):  # nothing of that name to replace
            client.delete_collection(name)
        client.get_collection(temp).modify(name=name)
        collections[part] = client.get_collection(name)
    return collections, f"{settings.chroma_url} collection {collection_name(settings, fingerprint)}"
