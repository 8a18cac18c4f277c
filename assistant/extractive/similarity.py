"""How close each quotable unit is in meaning to the question, with the retriever's embedder.

Key terms miss paraphrases ("yearly fee" for "annual fee", "hoops" for "requirements"); the
embedder that ranked the passages also sees them in the single sentences. Unit vectors are
cached by text: the same passages come back for many questions, so most units embed once.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from assistant.embeddings import VectorCache

if TYPE_CHECKING:
    from assistant.embeddings import Embedder


class UnitSimilarity:
    """Cosine similarity of a question to unit texts, unit vectors kept in a bounded LRU cache."""

    def __init__(self, embedder: Embedder, cache_size: int = 50_000, batch_size: int = 16) -> None:
        self.embedder = embedder
        self.batch_size = batch_size
        self._vectors = VectorCache(cache_size)

    def __call__(self, question: str, texts: Sequence[str]) -> list[float]:
        if not texts:
            return []
        query = self.embedder.embed_query(question)
        vectors = self._vectors.found(texts)
        missing = [t for t in dict.fromkeys(texts) if t not in vectors]
        # small batches: the same speed on CPU, and far less memory held by the allocator
        fresh = [
            vector
            for start in range(0, len(missing), self.batch_size)
            for vector in self.embedder.embed_documents(missing[start : start + self.batch_size])
        ]
        self._vectors.put(missing, fresh)
        vectors.update(zip(missing, fresh, strict=True))
        matrix = np.stack([vectors[t] for t in texts])
        return [float(x) for x in matrix @ query]
