"""How close each quotable unit is in meaning to the question, with the retriever's embedder.

Key terms miss paraphrases ("yearly fee" for "annual fee", "hoops" for "requirements"); the
embedder that ranked the passages also sees them in the single sentences. Unit vectors are
cached by text: the same passages come back for many questions, so most units embed once.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from threading import Lock
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from assistant.embeddings import Embedder, Vectors


class UnitSimilarity:
    """Cosine similarity of a question to unit texts, unit vectors kept in a bounded LRU cache."""

    def __init__(self, embedder: Embedder, cache_size: int = 50_000, batch_size: int = 16) -> None:
        self.embedder = embedder
        self.cache_size = cache_size
        self.batch_size = batch_size
        self._vectors: OrderedDict[str, Vectors] = OrderedDict()
        self._lock = Lock()

    def __call__(self, question: str, texts: Sequence[str]) -> list[float]:
        if not texts:
            return []
        query = self.embedder.embed_query(question)
        with self._lock:
            missing = [t for t in dict.fromkeys(texts) if t not in self._vectors]
        # small batches: the same speed on CPU, and far less memory held by the allocator
        fresh = [
            vector
            for start in range(0, len(missing), self.batch_size)
            for vector in self.embedder.embed_documents(missing[start : start + self.batch_size])
        ]
        with self._lock:
            for text, vector in zip(missing, fresh, strict=True):
                self._vectors[text] = vector
            for text in texts:
                self._vectors.move_to_end(text)
            matrix = np.stack([self._vectors[t] for t in texts])
            while len(self._vectors) > self.cache_size:
                self._vectors.popitem(last=False)
        return [float(x) for x in matrix @ query]
