"""The same index works on a Chroma server: ingest, re-ingest and query over HTTP on loopback."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from conftest import ingest
from ingestion_helpers import cli_env, embedder_must_not_load, script, settings_for
from live_server import free_port, server_process

from assistant.embeddings import Embedder
from ingestion.indexing import Ingestor
from ingestion.store import Index


def _listen(port: int) -> list[str]:
    return ["--host", "127.0.0.1", "--port", str(port)]


def _heartbeat(url: str) -> bool:
    try:
        return httpx.get(f"{url}/api/v2/heartbeat", timeout=1).status_code == 200
    except httpx.TransportError:
        return False


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real ``chroma run`` server on a free loopback port, stopped when the module ends."""
    path = tmp_path_factory.mktemp("chroma-server")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [script("chroma"), "run", "--path", str(path / "db"), *_listen(port)]
    log = path / "server.log"
    with server_process(command, lambda: _heartbeat(url), log, cwd=path, env=cli_env()):
        yield url


@pytest.mark.slow
def test_ingest_into_a_chroma_server_then_query_and_rerun_incrementally(
    chroma_url: str, fixture_corpus: Path, tmp_path: Path, embedder: Embedder
) -> None:
    settings = settings_for(tmp_path / "data", chroma_url=chroma_url, collection="server-kb")
    summary = ingest(settings, [fixture_corpus], embedder)
    assert len(summary.indexed) == 4 and not summary.skipped

    index = Index(settings)
    stats = index.stats()
    assert stats["location"] == chroma_url
    assert stats["documents"] == 4 and stats["chunks"] > 0
    assert stats["missing_chunks"] == 0 and stats["orphan_chunks"] == 0
    assert not (tmp_path / "data" / "chroma").exists()  # nothing was written locally

    query = embedder.embed_query("Kalundborg industrial symbiosis since 1972").tolist()
    got = index.chunks.query(query_embeddings=[query], n_results=1, include=["metadatas"])
    assert got["metadatas"][0][0]["source"] == "symbiosis-news.html"

    again = Ingestor(settings, Index(settings), embedder_factory=embedder_must_not_load).run(
        [fixture_corpus]
    )
    assert again.chunks_written == 0 and len(again.unchanged) == 4
