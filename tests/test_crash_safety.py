"""SIGKILL at any point of an ingest leaves a queryable index that agrees with its manifest.

A real ``python -m ingestion`` subprocess is killed at several points; the index it leaves is
opened in this process and checked, then the ingest is re-run to completion and compared with a
clean one-shot ingest of the same files.
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ingest
from ingestion_helpers import cli_env, settings_for, write_corpus

from assistant.config import Settings
from assistant.embeddings import Embedder
from ingestion.store import Index

FILES = 40
# Small chunks and batches so the 40 small files make several embedding groups and many commits.
CHUNKING = {"chunk_tokens": 32, "chunk_overlap": 8, "embed_batch_size": 16}

_rng = random.Random(20260523)
KILL_POINTS = {
    "right-after-start": ("seconds", 0.3),
    "after-first-file": ("indexed", 1),
    "after-half": ("indexed", FILES // 2),
    "random-a": ("indexed", _rng.randint(2, FILES - 2)),
    "random-b": ("indexed", _rng.randint(2, FILES - 2)),
}
SUB_DELAYS = {name: _rng.uniform(0.0, 0.15) for name in KILL_POINTS}


@pytest.fixture(scope="module")
def corpus_and_reference(
    tmp_path_factory: pytest.TempPathFactory, embedder: Embedder
) -> tuple[Path, Settings]:
    """The generated files, and a clean one-shot ingest of them to compare against."""
    root = tmp_path_factory.mktemp("crash")
    write_corpus(root / "kb", FILES, paragraphs=3)
    reference = settings_for(root / "reference", **CHUNKING)
    summary = ingest(reference, [root / "kb"], embedder)
    assert len(summary.indexed) == FILES and not summary.skipped
    return root / "kb", reference


def _start_ingest(kb: Path, data_dir: Path) -> subprocess.Popen[str]:
    args = [sys.executable, "-m", "ingestion", str(kb), "--data-dir", str(data_dir)]
    args += ["--chunk-tokens", str(CHUNKING["chunk_tokens"])]
    args += ["--chunk-overlap", str(CHUNKING["chunk_overlap"])]
    args += ["--batch-size", str(CHUNKING["embed_batch_size"])]
    return subprocess.Popen(
        args,
        cwd=data_dir.parent,
        env=cli_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def _kill_at(proc: subprocess.Popen[str], how: str, value: float, sub_delay: float) -> int:
    """SIGKILL the ingest at the given point; returns how many files it reported indexed."""
    indexed = 0
    if how == "seconds":
        time.sleep(value)
    else:
        assert proc.stderr is not None
        for line in proc.stderr:
            if line.startswith("indexed "):
                indexed += 1
                if indexed >= value:
                    break
        time.sleep(sub_delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL, "the ingest finished before it could be killed"
    return indexed


def _assert_consistent_and_queryable(settings: Settings, embedder: Embedder) -> Index:
    index = Index(settings)
    entries = index.entries()
    stored = index.all_chunk_ids()
    for source, entry in entries.items():
        assert set(entry.chunk_ids) <= stored, f"{source}: a manifest-listed chunk is missing"
    assert index.stats()["missing_chunks"] == 0
    query = embedder.embed_query("payback of energy measures").tolist()
    got = index.chunks.query(query_embeddings=[query], n_results=5, include=["metadatas"])
    if stored:
        assert got["ids"][0], "a query on a non-empty index found nothing"
    return index


@pytest.mark.slow
@pytest.mark.parametrize("point", list(KILL_POINTS))
def test_sigkill_during_ingest_leaves_a_consistent_index_that_a_rerun_completes(
    point: str,
    corpus_and_reference: tuple[Path, Settings],
    tmp_path: Path,
    embedder: Embedder,
) -> None:
    kb, reference = corpus_and_reference
    settings = settings_for(tmp_path / "data", **CHUNKING)
    how, value = KILL_POINTS[point]
    reported = _kill_at(_start_ingest(kb, settings.data_dir), how, value, SUB_DELAYS[point])

    killed = _assert_consistent_and_queryable(settings, embedder)
    assert len(killed.entries()) >= reported  # every file reported indexed was committed

    summary = ingest(settings, [kb], embedder)
    assert not summary.skipped
    assert len(summary.indexed) + len(summary.unchanged) == FILES
    done = _assert_consistent_and_queryable(settings, embedder)
    expected = Index(reference)
    assert done.all_chunk_ids() == expected.all_chunk_ids()  # no duplicate, no lost chunk
    stats, want = done.stats(), expected.stats()
    assert stats["orphan_chunks"] == 0
    assert (stats["documents"], stats["chunks"]) == (want["documents"], want["chunks"])
    assert done.chunks.count() == expected.chunks.count()
    assert {s: set(e.chunk_ids) for s, e in done.entries().items()} == {
        s: set(e.chunk_ids) for s, e in expected.entries().items()
    }
