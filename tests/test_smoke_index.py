"""The session index builds from every fixture format and holds their citable metadata."""

from __future__ import annotations


def test_small_index_holds_every_fixture_document(small_index):
    _settings, index = small_index
    stats = index.stats()
    assert stats["documents"] == 4
    assert stats["embedder"] == "minilm"
    assert stats["orphan_chunks"] == 0 and stats["missing_chunks"] == 0
    got = index.chunks.get(include=["metadatas"])
    kinds = {m["file_type"] for m in got["metadatas"]}
    assert kinds == {"markdown", "text", "html", "pdf"}
    pages = {m.get("page") for m in got["metadatas"] if m["file_type"] == "pdf"}
    assert pages == {1, 2, 3}
