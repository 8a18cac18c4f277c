"""Re-ingesting is incremental and idempotent: only what changed is embedded, nothing stale."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ingest, make_pdf
from ingestion_helpers import (
    embedder_must_not_load,
    register_hash_embedder,
    settings_for,
    write_corpus,
)

from assistant.config import Settings
from assistant.embeddings import Embedder, get_embedder
from assistant.errors import EmbedderMismatch
from ingestion.indexing import Ingestor
from ingestion.store import Index

PARAS = [
    "Compressed air leaks waste a third of the energy a compressor uses.",
    "Variable speed drives match the compressor output to the real demand.",
    "Heat recovery on the compressor can warm the workshop in winter.",
]


def _doc(paras: list[str]) -> str:
    return "# Compressed air\n\n" + "\n\n".join(f"## Part {i}\n\n{p}" for i, p in enumerate(paras))


def _ids_by_source(index: Index) -> dict[str, set[str]]:
    got = index.chunks.get(include=["metadatas"])
    out: dict[str, set[str]] = {}
    for cid, meta in zip(got["ids"], got["metadatas"], strict=True):
        out.setdefault(meta["source"], set()).add(cid)
    return out


def _consistent(index: Index) -> None:
    stats = index.stats()
    assert stats["missing_chunks"] == 0 and stats["orphan_chunks"] == 0, stats


def test_rerun_on_an_unchanged_corpus_embeds_nothing_and_never_loads_the_embedder(
    tmp_path: Path, make_settings: Callable[..., Settings], embedder: Embedder
) -> None:
    write_corpus(tmp_path / "kb", 3, paragraphs=2)
    settings = make_settings()
    first = ingest(settings, [tmp_path / "kb"], embedder)
    assert len(first.indexed) == 3 and first.chunks_written > 0
    before = Index(settings).all_chunk_ids()

    again = Ingestor(settings, Index(settings), embedder_factory=embedder_must_not_load).run(
        [tmp_path / "kb"]
    )
    assert again.chunks_written == 0 and again.indexed == []
    assert sorted(again.unchanged) == ["case-00.md", "case-01.md", "case-02.md"]
    assert Index(settings).all_chunk_ids() == before
    _consistent(Index(settings))


def test_changed_file_replaces_its_chunks_and_reuses_ids_of_unchanged_sections(
    tmp_path: Path, make_settings: Callable[..., Settings], embedder: Embedder
) -> None:
    kb = tmp_path / "kb"
    kb.mkdir()
    (kb / "air.md").write_text(_doc(PARAS), encoding="utf-8")
    (kb / "other.txt").write_text("Water meters on every line.", encoding="utf-8")
    settings = make_settings()
    ingest(settings, [kb], embedder)
    index = Index(settings)
    old_ids = _ids_by_source(index)
    old_texts = dict(zip(*_texts(index, "air.md"), strict=True))

    (kb / "air.md").write_text(_doc([PARAS[0], "Fix the drain valves first.", PARAS[2]]), "utf-8")
    summary = ingest(settings, [kb], embedder)
    assert summary.indexed == ["air.md"] and summary.unchanged == ["other.txt"]
    assert summary.chunks_written == 1 and summary.chunks_reused == 3
    assert summary.chunks_deleted == 1
    new_ids = _ids_by_source(index)
    assert new_ids["other.txt"] == old_ids["other.txt"]
    kept = new_ids["air.md"] & old_ids["air.md"]
    assert {old_texts[cid].split("\n\n")[-1] for cid in kept} == {
        "# Compressed air",
        PARAS[0],
        PARAS[2],
    }
    ids, texts = _texts(index, "air.md")
    assert not any(PARAS[1] in t for t in texts)  # no stale chunk remains
    assert any("drain valves" in t for t in texts)
    assert set(ids) == set(index.entries()["air.md"].chunk_ids)
    _consistent(index)


def _texts(index: Index, source: str) -> tuple[list[str], list[str]]:
    got = index.chunks.get(where={"source": source}, include=["documents"])
    return list(got["ids"]), list(got["documents"])


def test_deleted_file_is_pruned_by_default_and_kept_with_prune_off(
    tmp_path: Path, make_settings: Callable[..., Settings], embedder: Embedder
) -> None:
    paths = write_corpus(tmp_path / "kb", 3, paragraphs=1)
    settings = make_settings()
    ingest(settings, [tmp_path / "kb"], embedder)
    index = Index(settings)
    gone_ids = set(index.entries()["case-01.md"].chunk_ids)
    paths[1].unlink()

    kept = ingest(settings, [tmp_path / "kb"], embedder, prune=False)
    assert kept.removed == [] and "case-01.md" in index.entries()
    assert gone_ids <= index.all_chunk_ids()

    pruned = ingest(settings, [tmp_path / "kb"], embedder)
    assert pruned.removed == ["case-01.md"] and pruned.chunks_deleted == len(gone_ids)
    assert "case-01.md" not in index.entries()
    assert not gone_ids & index.all_chunk_ids()
    assert index.stats()["documents"] == 2
    _consistent(index)


def test_ingesting_one_file_does_not_prune_its_neighbours(
    tmp_path: Path, make_settings: Callable[..., Settings], embedder: Embedder
) -> None:
    paths = write_corpus(tmp_path / "kb", 3, paragraphs=1)
    settings = make_settings()
    ingest(settings, [tmp_path / "kb"], embedder)
    paths[0].write_text("# Case 0\n\nRewritten: solar panels on the roof.", encoding="utf-8")
    summary = ingest(settings, [paths[0]], embedder)
    assert summary.indexed == ["case-00.md"] and summary.removed == []
    assert sorted(Index(settings).entries()) == ["case-00.md", "case-01.md", "case-02.md"]
    _consistent(Index(settings))


def test_changing_the_chunk_size_rechunks_every_file(
    tmp_path: Path, make_settings: Callable[..., Settings], embedder: Embedder
) -> None:
    write_corpus(tmp_path / "kb", 2, paragraphs=4)
    big = make_settings(chunk_tokens=256, chunk_overlap=0)
    ingest(big, [tmp_path / "kb"], embedder)
    before = Index(big).all_chunk_ids()

    small = make_settings(chunk_tokens=48, chunk_overlap=0)
    summary = ingest(small, [tmp_path / "kb"], embedder)
    assert sorted(summary.indexed) == ["case-00.md", "case-01.md"] and not summary.unchanged
    after = Index(small).all_chunk_ids()
    assert len(after) > len(before)
    assert summary.chunks_deleted == len(before - after) > 0  # the old chunking is gone
    assert Index(small).live_ids() == after
    for entry in Index(small).entries().values():
        assert entry.pipeline.endswith("tokens=48;overlap=0")
    _consistent(Index(small))


def test_leftover_chunks_of_an_interrupted_run_are_removed_by_the_next_ingest(
    tmp_path: Path, make_settings: Callable[..., Settings], embedder: Embedder
) -> None:
    write_corpus(tmp_path / "kb", 2, paragraphs=1)
    settings = make_settings()
    ingest(settings, [tmp_path / "kb"], embedder)
    index = Index(settings)
    # What a kill between "add chunks" and "commit manifest" leaves: a chunk no record lists.
    vector = embedder.embed_documents(["half-written chunk"])
    index.add_chunks(["orphan-1"], vector.tolist(), ["half-written chunk"], [{"source": "x.md"}])
    assert index.stats()["orphan_chunks"] == 1 and index.stats()["missing_chunks"] == 0

    summary = Ingestor(settings, Index(settings), embedder_factory=embedder_must_not_load).run(
        [tmp_path / "kb"]
    )
    assert summary.orphans_cleaned == 1 and summary.chunks_written == 0
    _consistent(index)


def test_unreadable_files_are_skipped_with_reasons_and_the_rest_is_indexed(
    tmp_path: Path, make_settings: Callable[..., Settings], embedder: Embedder
) -> None:
    kb = tmp_path / "kb"
    write_corpus(kb, 2, paragraphs=1)
    good_pdf = make_pdf(tmp_path / "good.pdf", ["Solar panels.", "Heat pumps."]).read_bytes()
    (kb / "truncated.pdf").write_bytes(good_pdf[: len(good_pdf) // 3])
    (kb / "garbage.pdf").write_bytes(b"not a pdf " * 50)
    (kb / "empty.md").write_bytes(b"")
    (kb / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (kb / "notes.xyz").write_text("unknown format", encoding="utf-8")
    (kb / "huge.txt").write_text("Big file. " * 120_000, encoding="utf-8")  # ~1.2 MB
    french = "Économies d'énergie : l'atelier a réduit sa facture de 18 % grâce à l'éclairage LED."
    (kb / "atelier.txt").write_bytes(french.encode("cp1252"))

    summary = ingest(make_settings(max_file_mb=1), [kb], embedder)
    reasons = dict(summary.skipped)
    assert set(reasons) == {
        "truncated.pdf",
        "garbage.pdf",
        "empty.md",
        "image.txt",
        "notes.xyz",
        "huge.txt",
    }
    assert "corrupt or unreadable PDF" in reasons["garbage.pdf"]
    assert reasons["empty.md"] == "empty file"
    assert "binary content" in reasons["image.txt"]
    assert "unsupported file type" in reasons["notes.xyz"]
    assert "too large" in reasons["huge.txt"]
    assert sorted(summary.indexed) == ["atelier.txt", "case-00.md", "case-01.md"]
    index = Index(make_settings())
    docs = index.chunks.get(where={"source": "atelier.txt"}, include=["documents"])["documents"]
    assert docs == [french]
    _consistent(index)


@pytest.fixture(scope="module")
def hash_embedders() -> tuple[Callable[[str], Embedder], Settings]:
    register_hash_embedder()
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    return (lambda spec: get_embedder(spec, settings)), settings


def test_index_built_by_one_embedder_refuses_runs_and_queries_with_another(
    tmp_path: Path, hash_embedders: tuple[Callable[[str], Embedder], Settings]
) -> None:
    build, _ = hash_embedders
    write_corpus(tmp_path / "kb", 1, paragraphs=1)
    built = settings_for(tmp_path / "data", embedder="hash:a")
    Ingestor(built, Index(built), embedder_factory=lambda: build("hash:a")).run([tmp_path / "kb"])
    assert Index(built).stats()["embedder"] == "hash:a"

    other = settings_for(tmp_path / "data", embedder="hash:b")
    with pytest.raises(EmbedderMismatch, match="built with embedder 'hash:a'") as caught:
        Ingestor(other, Index(other), embedder_factory=lambda: build("hash:b")).run(
            [tmp_path / "kb"]
        )
    assert "hash:b" in str(caught.value) and "ECO_ADVISOR_EMBEDDER=hash:a" in str(caught.value)
    with pytest.raises(EmbedderMismatch):
        Index(other).check_embedder("hash:b")
    Index(built).check_embedder("hash:a")  # the right one is accepted


def test_a_factory_giving_another_embedder_than_configured_is_refused_before_writing(
    tmp_path: Path, hash_embedders: tuple[Callable[[str], Embedder], Settings]
) -> None:
    build, _ = hash_embedders
    paths = write_corpus(tmp_path / "kb", 1, paragraphs=1)
    settings = settings_for(tmp_path / "data", embedder="hash:a")
    Ingestor(settings, Index(settings), embedder_factory=lambda: build("hash:a")).run(
        [tmp_path / "kb"]
    )
    paths[0].write_text("# Changed\n\nNew text to embed.", encoding="utf-8")
    with pytest.raises(EmbedderMismatch):
        Ingestor(settings, Index(settings), embedder_factory=lambda: build("hash:b")).run(
            [tmp_path / "kb"]
        )
    entry = Index(settings).entries()["case-00.md"]
    assert "New text" not in str(Index(settings).chunks.get(ids=entry.chunk_ids)["documents"])
