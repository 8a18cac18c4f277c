"""Embedders: unit vectors, input order kept through length-sorted batches, precision fidelity."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.config import Settings
from assistant.embeddings import (
    E5SmallEmbedder,
    Embedder,
    MiniLMEmbedder,
    cpu_has_native_bf16,
    get_embedder,
    known_embedders,
    resolve_precision,
)
from assistant.errors import ConfigError

SAMPLES = [
    "Compressed air leaks were the largest single loss found in the energy audit.",
    "EMAS > Registration\n\nAn SME registers with EMAS after an environmental review, "
    "an internal audit and a statement checked by an accredited verifier. " * 3,
    "Water reuse",
    "| Measure | Saving | Payback |\n|---|---|---|\n| LED lighting | 40% | 3 years |\n"
    "| Heat recovery | 15% | 2 years |",
    "Industrial symbiosis: the brewery's spent grain becomes feed for a nearby farm, and its "
    "waste heat warms the greenhouse next door.",
    "- Fix leaks\n- Lower the pressure set point\n- Switch off compressors at night",
]


def _cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return (a * b).sum(axis=1) / np.linalg.norm(a, axis=1) / np.linalg.norm(b, axis=1)


@pytest.fixture(scope="module")
def fp32_minilm() -> MiniLMEmbedder:
    return MiniLMEmbedder("minilm", batch_size=4, precision="fp32")


def test_document_and_query_vectors_are_unit_length(embedder: Embedder) -> None:
    vectors = embedder.embed_documents(SAMPLES)
    assert vectors.shape == (len(SAMPLES), embedder.dimension)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert np.linalg.norm(embedder.embed_query("heat recovery")) == pytest.approx(1.0, abs=1e-5)


def test_length_sorted_batches_come_back_in_input_order(fp32_minilm: MiniLMEmbedder) -> None:
    # Batches of 4 over texts whose lengths are not sorted: each output row must be the vector of
    # the text at the same input position (the closest of the one-at-a-time vectors).
    batched = fp32_minilm.embed_documents(SAMPLES)
    one_by_one = np.vstack([fp32_minilm.embed_documents([t]) for t in SAMPLES])
    similarity = batched @ one_by_one.T
    assert list(similarity.argmax(axis=1)) == list(range(len(SAMPLES)))
    assert _cosines(batched, one_by_one).min() > 0.9999


def test_empty_input_gives_an_empty_matrix(embedder: Embedder) -> None:
    assert embedder.embed_documents([]).shape == (0, embedder.dimension)


@pytest.mark.skipif(not cpu_has_native_bf16(), reason="CPU has no native bf16 (AVX512-BF16/AMX)")
def test_bf16_vectors_stay_within_cosine_0_999_of_fp32(fp32_minilm: MiniLMEmbedder) -> None:
    bf16 = MiniLMEmbedder("minilm", batch_size=4, precision="bf16")
    cos = _cosines(bf16.embed_documents(SAMPLES), fp32_minilm.embed_documents(SAMPLES))
    assert cos.min() >= 0.999, cos


def test_auto_precision_follows_the_cpu_features() -> None:
    assert resolve_precision("auto") == ("bf16" if cpu_has_native_bf16() else "fp32")
    assert resolve_precision("fp32") == "fp32"


def test_unknown_precision_is_a_config_error_listing_the_known_ones() -> None:
    with pytest.raises(ConfigError, match=r"'int4'.*auto, fp32, bf16"):
        resolve_precision("int4")


def test_unknown_embedder_spec_raises_config_error_listing_known_ones() -> None:
    with pytest.raises(ConfigError) as raised:
        get_embedder("word2vec", Settings(_env_file=None))  # type: ignore[call-arg]
    message = str(raised.value)
    assert "'word2vec'" in message
    for name in known_embedders():
        assert name in message
    assert {"minilm", "e5-small", "openai"} <= set(known_embedders())


def test_e5_query_and_passage_prefixes_give_different_vectors() -> None:
    e5 = E5SmallEmbedder("e5-small", batch_size=8)
    text = "How can a small brewery reuse its waste heat?"
    query = e5.embed_query(text)
    passage = e5.embed_documents([text])[0]
    assert np.linalg.norm(query) == pytest.approx(1.0, abs=1e-5)
    assert float(query @ passage) < 0.999  # the "query: " / "passage: " prefixes differ
    assert float(query @ passage) > 0.8  # but they are still the same sentence
