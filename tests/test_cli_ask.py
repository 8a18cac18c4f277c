"""``eco-advisor ask`` as a user runs it: the real console script on the session's small index."""

from __future__ import annotations

import json
from pathlib import Path

from ingestion_helpers import run_cli

from assistant.config import Settings
from ingestion.store import Index

QUESTION = "What is the staff headcount limit of a small enterprise?"


def _flat(text: str) -> str:
    """The terminal wraps long lines; compare the words."""
    return " ".join(text.split())


def test_ask_prints_the_cited_answer_then_where_each_source_is(
    small_index: tuple[Settings, Index], tmp_path: Path
) -> None:
    settings, _ = small_index
    result = run_cli(["ask", QUESTION, "--data-dir", str(settings.data_dir)], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = _flat(result.stdout)
    assert "[1]" in out and "50" in out  # the small-enterprise headcount, cited
    # the source line names the section once, without the title again in front of it
    assert (
        "[1] SME size thresholds (test fixture), Thresholds (sme-thresholds.md) "
        "<https://example.org/fixture/sme>"
    ) in out
    assert "(test fixture) > Thresholds" not in out


def test_ask_json_filters_by_document_type_and_an_unknown_type_finds_nothing(
    small_index: tuple[Settings, Index], tmp_path: Path
) -> None:
    settings, _ = small_index
    data = ["--data-dir", str(settings.data_dir), "--json"]
    found = run_cli(["ask", QUESTION, "--doc-type", "definition", *data], cwd=tmp_path)
    assert found.returncode == 0, found.stderr
    body = json.loads(found.stdout)
    assert not body["declined"]
    assert {s["doc_type"] for s in body["sources"]} == {"definition"}
    funding = ["--doc-type", "funding", "--sector", "all"]
    none = run_cli(["ask", QUESTION, *funding, *data], cwd=tmp_path)
    assert none.returncode == 0, none.stderr
    body = json.loads(none.stdout)
    assert body["declined"] and body["sources"] == []


def test_ask_on_an_empty_data_dir_says_to_run_ingestion(tmp_path: Path) -> None:
    result = run_cli(["ask", QUESTION, "--data-dir", str(tmp_path / "empty")], cwd=tmp_path)
    assert result.returncode != 0
    assert "eco-advisor ingest" in result.stderr


def test_the_service_log_leaves_out_bm25s_debug_messages():
    # bm25s sets its logger to DEBUG on import: "DEBUG bm25s: Building index from tokens"
    # showed in the service log at every start
    import logging

    from assistant.cli import quiet_library_loggers

    quiet_library_loggers()
    assert not logging.getLogger("bm25s").isEnabledFor(logging.DEBUG)
