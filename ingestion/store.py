"""The Chroma index and its manifest, kept consistent across crashes.

Two collections per knowledge base:

- ``<name>``: the chunks (cosine space, our own vectors; Chroma never embeds anything itself);
- ``<name>--manifest``: one record per source file, listing the chunk ids that are *live*.

The manifest is the commit point. Ingestion adds a file's new chunks first, then commits the
file's manifest record (one atomic upsert), then deletes the chunks it replaced. A kill at any
point therefore leaves every live chunk present; the only leftovers are orphan chunks that no
manifest record lists, which readers ignore and the next ingest deletes. Both collections live in
Chroma, so every process and every host that reads the index sees the same state.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

from assistant.config import Settings
from assistant.errors import ConfigError, EmbedderMismatch, NotIndexed

MANIFEST_SUFFIX = "--manifest"
SCHEMA_VERSION = 1


@dataclass
class ManifestEntry:
    """What was indexed from one source file.

    ``source`` is the file's name in the index (unique, the manifest record's id, what citations
    show); ``root`` and ``path`` say which file it is: two folders may both hold ``guide.md``.
    """

    source: str
    root: str
    doc_id: str
    title: str
    file_hash: str
    pipeline: str
    chunk_ids: list[str] = field(default_factory=list)
    indexed_at: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)
    #: The file's path relative to ``root``; records written before it existed used it as source.
    path: str = ""

    def __post_init__(self) -> None:
        if not self.path:
            self.path = self.source


def utc_now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def open_client(settings: Settings) -> Any:
    """Embedded Chroma in the data directory, or a Chroma server when a URL is set."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if settings.chroma_url:
        from urllib.parse import urlparse

        url = urlparse(settings.chroma_url)
        if url.scheme not in ("http", "https") or not url.hostname:
            raise ConfigError(
                f"ECO_ADVISOR_CHROMA_URL must be http(s)://host:port, got {settings.chroma_url!r}"
            )
        return chromadb.HttpClient(
            host=url.hostname,
            port=url.port or (443 if url.scheme == "https" else 8000),
            ssl=url.scheme == "https",
            settings=chroma_settings,
        )
    settings.chroma_dir.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.chroma_dir), settings=chroma_settings)


class Index:
    """One knowledge base: its chunk collection, its manifest and its bookkeeping."""

    def __init__(self, settings: Settings, client: Any | None = None) -> None:
        self.settings = settings
        self.name = settings.collection
        self.client = client if client is not None else open_client(settings)
        self._chunks: Any | None = None
        self._manifest: Any | None = None

    # -- collections ---------------------------------------------------------------------------

    def _get(self, name: str, create: bool) -> Any | None:
        if create:
            return self.client.get_or_create_collection(
                name,
                embedding_function=None,
                configuration={"hnsw": {"space": "cosine"}},
            )
        try:
            return self.client.get_collection(name, embedding_function=None)
        except Exception:  # noqa: BLE001 - Chroma raises NotFoundError or ValueError by version
            return None

    @property
    def chunks(self) -> Any:
        if self._chunks is None:
            self._chunks = self._get(self.name, create=True)
        return self._chunks

    @property
    def manifest(self) -> Any:
        if self._manifest is None:
            self._manifest = self._get(self.name + MANIFEST_SUFFIX, create=True)
        return self._manifest

    def exists(self) -> bool:
        return self._get(self.name, create=False) is not None

    # -- bookkeeping on the chunk collection's metadata ---------------------------------------

    def info(self) -> dict[str, Any]:
        return dict(self.chunks.metadata or {})

    def _set_info(self, **values: Any) -> None:
        info = self.info()
        info.update({k: v for k, v in values.items() if v is not None})
        self.chunks.modify(metadata=info)

    def claim_embedder(self, spec: str, dimension: int) -> None:
        """Record the embedder on a new collection; refuse one built by another embedder."""
        built_with = self.info().get("embedder")
        if built_with is None:
            self._set_info(embedder=spec, dimension=dimension, schema=SCHEMA_VERSION)
        elif built_with != spec:
            raise EmbedderMismatch(self.name, str(built_with), spec)

    def check_embedder(self, spec: str) -> None:
        """Raise before a query if the index was built by another embedder (or not at all)."""
        if not self.exists():
            raise NotIndexed(
                f"Collection {self.name!r} does not exist yet: run `eco-advisor ingest PATH`."
            )
        built_with = self.info().get("embedder")
        if built_with is None:
            raise NotIndexed(f"Collection {self.name!r} is empty: run `eco-advisor ingest PATH`.")
        if built_with != spec:
            raise EmbedderMismatch(self.name, str(built_with), spec)

    def mark_ingested(self, changed: bool) -> None:
        generation = int(self.info().get("generation", 0)) + (1 if changed else 0)
        self._set_info(last_ingest=utc_now(), generation=generation)

    def generation(self) -> int:
        """Bumped by every ingest that changed something: readers refresh derived indexes on it."""
        return int(self.info().get("generation", 0))

    # -- manifest ------------------------------------------------------------------------------

    def entries(self) -> dict[str, ManifestEntry]:
        got = self.manifest.get(include=["documents"])
        out: dict[str, ManifestEntry] = {}
        for doc in got["documents"] or []:
            entry = ManifestEntry(**json.loads(doc))
            out[entry.source] = entry
        return out

    def commit_entry(self, entry: ManifestEntry) -> None:
        """Make a file's chunks live: one atomic upsert of its manifest record."""
        record = asdict(entry)
        if record["path"] == record["source"]:
            # Written only when it says something: a one-folder manifest stays exactly what
            # earlier releases wrote, so a service not yet upgraded can still read it.
            del record["path"]
        self.manifest.upsert(
            ids=[entry.source],
            embeddings=[[1.0]],
            documents=[json.dumps(record, ensure_ascii=False)],
            metadatas=[{"source": entry.source, "doc_id": entry.doc_id}],
        )

    def remove_entry(self, source: str) -> None:
        self.manifest.delete(ids=[source])

    def live_ids(self) -> set[str]:
        return {cid for entry in self.entries().values() for cid in entry.chunk_ids}

    # -- chunks --------------------------------------------------------------------------------

    def all_chunk_ids(self) -> set[str]:
        return set(self.chunks.get(include=[])["ids"])

    def existing(self, ids: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for batch in _batches(list(dict.fromkeys(ids)), 2000):  # Chroma refuses repeated ids
            found.update(self.chunks.get(ids=batch, include=[])["ids"])
        return found

    def add_chunks(
        self,
        ids: Sequence[str],
        embeddings: Any,
        documents: Sequence[str],
        metadatas: Sequence[dict[str, Any]],
    ) -> None:
        size = max(1, min(self.client.get_max_batch_size(), 2000))
        for start in range(0, len(ids), size):
            end = start + size
            self.chunks.upsert(
                ids=list(ids[start:end]),
                embeddings=embeddings[start:end],
                documents=list(documents[start:end]),
                metadatas=list(metadatas[start:end]),
            )

    def update_metadata(self, ids: Sequence[str], metadatas: Sequence[dict[str, Any]]) -> None:
        for start in range(0, len(ids), 2000):
            self.chunks.update(
                ids=list(ids[start : start + 2000]), metadatas=list(metadatas[start : start + 2000])
            )

    def delete_chunks(self, ids: Iterable[str]) -> int:
        ids = list(ids)
        for batch in _batches(ids, 2000):
            self.chunks.delete(ids=batch)
        return len(ids)

    def remove_orphans(self) -> int:
        """Delete chunks no manifest record lists (left by an interrupted ingest)."""
        return self.delete_chunks(self.all_chunk_ids() - self.live_ids())

    def stats(self) -> dict[str, Any]:
        entries = self.entries() if self.exists() else {}
        info = self.info() if self.exists() else {}
        live = {cid for e in entries.values() for cid in e.chunk_ids}
        stored = self.all_chunk_ids() if self.exists() else set()
        return {
            "collection": self.name,
            "location": self.settings.chroma_url or str(self.settings.chroma_dir),
            "embedder": info.get("embedder"),
            "dimension": info.get("dimension"),
            "documents": len(entries),
            "chunks": len(live),
            "orphan_chunks": len(stored - live),
            "missing_chunks": len(live - stored),
            "last_ingest": info.get("last_ingest"),
            "generation": info.get("generation", 0),
        }


def _batches(items: list[str], size: int) -> Iterable[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
