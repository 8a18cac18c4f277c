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
    assert summary.chunks_written == 1 and summary.chunks_reused == 2
    assert summary.chunks_deleted == 1
    new_ids = _ids_by_source(index)
    assert new_ids["other.txt"] == old_ids["other.txt"]
    kept = new_ids["air.md"] & old_ids["air.md"]
    assert {old_texts[cid].split("\n\n")[-1] for cid in kept} == {  # the bare title is no chunk
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
    (kb / "headings.md").write_text("# Plan\n\n## To be written\n", encoding="utf-8")
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
        "headings.md",
        "image.txt",
        "notes.xyz",
        "huge.txt",
    }
    assert reasons["headings.md"] == "no text to index (only headings)"
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


# -- several roots -----------------------------------------------------------------------------


def _write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _two_roots(tmp_path: Path) -> tuple[Path, Path]:
    """Two folders holding files at the same relative paths, each with its own text."""
    a, b = tmp_path / "a", tmp_path / "b"
    for root, topic in ((a, "compressed air"), (b, "rainwater")):
        for rel in ("guide.md", "x/guide.md"):
            _write(root, rel, f"# Guide to {topic}\n\nThe {rel} of {root.name} covers {topic}.")
    return a, b


def _live_texts(index: Index) -> list[str]:
    ids = sorted(index.live_ids())
    return sorted(d.split("\n\n")[-1] for d in index.chunks.get(ids=ids)["documents"])


ALL_FOUR = sorted(
    f"The {rel} of {root} covers {topic}."
    for root, topic in (("a", "compressed air"), ("b", "rainwater"))
    for rel in ("guide.md", "x/guide.md")
)


def test_same_relative_path_in_two_roots_indexes_both_files_under_distinct_names_and_ids(
    tmp_path: Path, make_settings: Callable[..., Settings], embedder: Embedder
) -> None:
    a, b = _two_roots(tmp_path)
    settings = make_settings()
    summary = ingest(settings, [a, b], embedder)
    assert summary.indexed == ["guide.md", "x/guide.md", "b/guide.md", "b/x/guide.md"]
    assert summary.chunks_deleted == 0
    entries = Index(settings).entries()
    assert sorted(entries) == ["b/guide.md", "b/x/guide.md", "guide.md", "x/guide.md"]
    assert len({e.doc_id for e in entries.values()}) == 4
    assert entries["b/guide.md"].root == str(b.resolve()) and entries["b/guide.md"].path == (
        "guide.md"
    )
    assert _live_texts(Index(settings)) == ALL_FOUR
    _consistent(Index(settings))

    again = Ingestor(settings, Index(settings), embedder_factory=embedder_must_not_load).run([a, b])
    assert again.indexed == [] and len(again.unchanged) == 4 and again.chunks_deleted == 0
    assert Index(settings).entries() == entries


def test_ingesting_one_root_neither_replaces_nor_prunes_the_documents_of_another(
    tmp_path: Path, make_settings: Callable[..., Settings], embedder: Embedder
) -> None:
    a, b = _two_roots(tmp_path)
    settings = make_settings()
    ingest(settings, [a, b], embedder)
    before = Index(settings).entries()

    for root in (b, a):
        alone = Ingestor(settings, Index(settings), embedder_factory=embedder_must_not_load).run(
            [root]
        )
        assert alone.indexed == [] and alone.removed == [] and alone.chunks_deleted == 0
        assert Index(settings).entries() == before

    (b / "x" / "guide.md").unlink()
    pruned = ingest(settings, [b], embedder)
    assert pruned.removed == ["b/x/guide.md"]
    assert sorted(Index(settings).entries()) == ["b/guide.md", "guide.md", "x/guide.md"]
    assert "The x/guide.md of a covers compressed air." in _live_texts(Index(settings))
    _consistent(Index(settings))


def test_root_given_alone_first_keeps_its_names_when_a_second_root_joins(
    tmp_path: Path, make_settings: Callable[..., Settings], embedder: Embedder
) -> None:
    a, b = _two_roots(tmp_path)
    settings = make_settings()
    ingest(settings, [b], embedder)
    summary = ingest(settings, [a, b], embedder)
    assert sorted(summary.indexed) == ["a/guide.md", "a/x/guide.md"]
    assert sorted(summary.unchanged) == ["guide.md", "x/guide.md"]
    assert Index(settings).entries()["guide.md"].root == str(b.resolve())
    assert _live_texts(Index(settings)) == ALL_FOUR
    _consistent(Index(settings))


def test_a_duplicate_front_matter_id_is_refused_naming_both_files(
    tmp_path: Path, make_settings: Callable[..., Settings], embedder: Embedder
) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    first = _write(a, "one.md", "---\nid: shared\n---\n# One\n\nHeat pumps in the office.")
    second = _write(b, "two.md", "---\nid: shared\n---\n# Two\n\nSolar panels on the roof.")
    settings = make_settings()
    summary = ingest(settings, [a, b], embedder)
    assert summary.indexed == ["one.md"]
    [(skipped, reason)] = summary.skipped
    assert skipped == "two.md" and "'shared'" in reason
    assert str(first.resolve()) in reason and str(second.resolve()) in reason
    assert _live_texts(Index(settings)) == ["Heat pumps in the office."]
    _consistent(Index(settings))


def test_file_names_that_slug_to_the_same_doc_id_are_both_indexed_with_distinct_ids(
    tmp_path: Path, make_settings: Callable[..., Settings], embedder: Embedder
) -> None:
    kb = tmp_path / "kb"
    _write(kb, "x/guide.md", "# Nested\n\nThe nested guide covers lighting.")
    _write(kb, "x-guide.md", "# Flat\n\nThe flat guide covers heating.")
    settings = make_settings()
    summary = ingest(settings, [kb], embedder)
    assert sorted(summary.indexed) == ["x-guide.md", "x/guide.md"] and summary.skipped == []
    ids = {s: e.doc_id for s, e in Index(settings).entries().items()}
    assert ids["x/guide.md"] == "x-guide" and ids["x-guide.md"].startswith("x-guide-")

    (kb / "x" / "guide.md").unlink()  # the plain id is free now, yet the other file keeps its own
    (kb / "x-guide.md").write_text("# Flat\n\nNow about ventilation.", encoding="utf-8")
    summary = ingest(settings, [kb], embedder)
    assert summary.removed == ["x/guide.md"] and summary.indexed == ["x-guide.md"]
    assert Index(settings).entries()["x-guide.md"].doc_id == ids["x-guide.md"]
    _consistent(Index(settings))


def test_a_file_given_twice_in_one_run_is_indexed_once(
    tmp_path: Path, make_settings: Callable[..., Settings], embedder: Embedder
) -> None:
    paths = write_corpus(tmp_path / "kb", 2, paragraphs=1)
    summary = ingest(make_settings(), [tmp_path / "kb", paths[0]], embedder)
    assert summary.seen == 2 and sorted(summary.indexed) == ["case-00.md", "case-01.md"]


def test_a_one_folder_manifest_keeps_the_old_record_format_and_is_reused_without_embedding(
    tmp_path: Path, make_settings: Callable[..., Settings], embedder: Embedder
) -> None:
    write_corpus(tmp_path / "kb", 2, paragraphs=1)
    settings = make_settings()
    ingest(settings, [tmp_path / "kb"], embedder)
    manifest = Index(settings).manifest
    got = manifest.get(include=["documents"])
    assert not any('"path"' in doc for doc in got["documents"])  # as older releases wrote them
    before = Index(settings).all_chunk_ids()

    again = Ingestor(settings, Index(settings), embedder_factory=embedder_must_not_load).run(
        [tmp_path / "kb"]
    )
    assert sorted(again.unchanged) == ["case-00.md", "case-01.md"] and again.indexed == []
    assert Index(settings).all_chunk_ids() == before
    assert {e.path for e in Index(settings).entries().values()} == {"case-00.md", "case-01.md"}


def test_a_moved_folder_keeps_its_names_and_vectors(
    tmp_path: Path, make_settings: Callable[..., Settings], embedder: Embedder
) -> None:
    write_corpus(tmp_path / "kb", 2, paragraphs=1)
    settings = make_settings()
    ingest(settings, [tmp_path / "kb"], embedder)
    before = Index(settings).all_chunk_ids()
    (tmp_path / "kb").rename(tmp_path / "moved")

    summary = Ingestor(settings, Index(settings), embedder_factory=embedder_must_not_load).run(
        [tmp_path / "moved"]
    )
    assert sorted(summary.indexed) == ["case-00.md", "case-01.md"]
    assert summary.chunks_written == 0 and summary.chunks_deleted == 0
    entries = Index(settings).entries()
    assert sorted(entries) == ["case-00.md", "case-01.md"]
    assert {e.root for e in entries.values()} == {str((tmp_path / "moved").resolve())}
    assert Index(settings).all_chunk_ids() == before


@pytest.mark.parametrize("order", ["folder then subfolder", "subfolder then folder"])
def test_a_file_reached_from_a_folder_and_its_subfolder_stays_one_document(
    tmp_path: Path, make_settings: Callable[..., Settings], embedder: Embedder, order: str
) -> None:
    kb = tmp_path / "kb"
    _write(kb, "top.md", "# Top\n\nThe top guide covers lighting.")
    nested = _write(kb, "sub/deep.md", "# Deep\n\nThe deep guide covers boilers.")
    first, second = (kb, kb / "sub") if order == "folder then subfolder" else (kb / "sub", kb)
    settings = make_settings()
    ingest(settings, [first], embedder)
    [(deep, entry)] = [(s, e) for s, e in Index(settings).entries().items() if "deep" in s]

    again = ingest(settings, [second], embedder)
    assert deep in again.unchanged and deep not in again.indexed
    assert again.removed == [] and again.chunks_deleted == 0
    assert Index(settings).entries()[deep].doc_id == entry.doc_id
    assert len(Index(settings).entries()) == 2

    nested.write_text("# Deep\n\nThe deep guide now covers heat pumps.", encoding="utf-8")
    changed = ingest(settings, [second], embedder)
    assert changed.indexed == [deep] and changed.chunks_deleted == 1
    texts = _live_texts(Index(settings))
    assert texts.count("The deep guide now covers heat pumps.") == 1
    assert "The deep guide covers boilers." not in texts

    nested.unlink()
    pruned = ingest(settings, [second], embedder)
    assert pruned.removed == [deep]
    assert _live_texts(Index(settings)) == ["The top guide covers lighting."]
    _consistent(Index(settings))
