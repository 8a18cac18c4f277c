"""The naive baseline every report is measured against: the RAG a tutorial builds.

Each document's extracted text (our loaders, so both systems read the same words) is cut by
LangChain's ``RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)``, embedded with
the same embedder as the assistant, stored in a temporary Chroma collection (cosine) and searched
for the top 4 chunks. The answer is the top chunk's text; it never declines. A change to the
assistant helps only if it beats this in the same run on the same data.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from langchain_core.embeddings import Embeddings

if TYPE_CHECKING:
    from assistant.config import Settings
    from assistant.embeddings import Embedder
    from assistant.retrieval import Hit
    from ingestion.documents import Document

CHUNK_SIZE = 1000
CHUNK_OVERLAP = 200
TOP_K = 4


class EmbedderAsLangChain(Embeddings):
    """Our ``Embedder`` behind LangChain's ``Embeddings`` interface (Chroma never embeds itself)."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [[float(x) for x in row] for row in self.embedder.embed_documents(texts)]

    def embed_query(self, text: str) -> list[float]:
        return [float(x) for x in self.embedder.embed_query(text)]


def load_documents(paths: Sequence[Path], settings: Settings) -> list[Document]:
    """The documents under files and folders, extracted exactly as ingestion extracts them."""
    from ingestion.indexing import discover, prepare

    candidates, _problems = discover(list(paths))
    documents = []
    for candidate in candidates:
        prepared = prepare(candidate, settings, known_hash=None)
        if prepared.document is not None:
            documents.append(prepared.document)
    return documents


class NaiveRag:
    """The tutorial RAG over a set of documents, in a throwaway in-memory Chroma collection."""

    def __init__(self, documents: Sequence[Document], embedder: Embedder, k: int = TOP_K) -> None:
        import chromadb
        from chromadb.config import Settings as ChromaSettings
        from langchain_chroma import Chroma
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        splitter = RecursiveCharacterTextSplitter(
            chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP
        )
        chunks = splitter.create_documents(
            [d.text for d in documents],
            metadatas=[
                {"doc_id": d.doc_id, "title": d.title, "source": d.source} for d in documents
            ],
        )
        self.k = k
        self.chunk_count = len(chunks)
        self.doc_ids = [d.doc_id for d in documents]
        self._client = chromadb.EphemeralClient(settings=ChromaSettings(anonymized_telemetry=False))
        self._store = Chroma(
            collection_name=f"naive-baseline-{uuid.uuid4().hex[:12]}",
            embedding_function=EmbedderAsLangChain(embedder),
            client=self._client,
            collection_configuration={"hnsw": {"space": "cosine"}},
        )
        if chunks:
            self._store.add_documents(chunks, ids=[f"c{n}" for n in range(len(chunks))])

    @classmethod
    def from_paths(cls, paths: Sequence[Path], embedder: Embedder, settings: Settings) -> NaiveRag:
        return cls(load_documents(paths, settings), embedder)

    def search(self, question: str, k: int | None = None) -> list[Hit]:
        """Top-k chunks, best first, as our ``Hit`` type (score = 1 - cosine distance)."""
        from assistant.retrieval import Hit

        if not self.chunk_count:
            return []
        found: list[tuple[Any, float]] = self._store.similarity_search_with_score(
            question, k=k or self.k
        )
        return [
            Hit(
                chunk_id=str(doc.id or ""),
                text=doc.page_content,
                metadata=dict(doc.metadata),
                score=1.0 - float(distance),
                dense_score=1.0 - float(distance),
            )
            for doc, distance in found
        ]

    def close(self) -> None:
        self._store.delete_collection()
