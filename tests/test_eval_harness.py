"""The harness end to end on the fixture corpus: baseline, targets, foreign folders, reports."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from live_server import refused_port, serve
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from typer.testing import CliRunner

from assistant.config import Settings
from assistant.embeddings import Embedder
from evals.baseline import CHUNK_SIZE, NaiveRag
from evals.cli import run_eval
from evals.dataset import load_dataset
from evals.harness import EvalRun, aggregate, run_target
from evals.targets import (
    AssistantTarget,
    BaselineTarget,
    HttpTarget,
    TargetUnavailable,
    assistant_available,
)

HERE = Path(__file__).parent
QUESTIONS = HERE / "fixtures" / "eval" / "questions.jsonl"
FIXTURE_DOCS = HERE / "fixtures" / "corpus"
FIXTURE_IDS = {"sme-thresholds", "symbiosis-news", "water-saving", "energy-audit-report"}


@pytest.fixture(scope="module")
def baseline(fixture_corpus: Path, embedder: Embedder) -> Iterator[NaiveRag]:
    rag = NaiveRag.from_paths([fixture_corpus], embedder, Settings(_env_file=None))  # type: ignore[call-arg]
    yield rag
    rag.close()


def test_baseline_answers_with_its_top_chunk_and_never_declines(baseline: NaiveRag) -> None:
    assert set(baseline.doc_ids) == FIXTURE_IDS
    target = BaselineTarget(baseline)
    result = target.ask("When did the collaboration at Kalundborg begin?", None)
    assert 1 <= len(result.sources) <= 4  # its top 4; ranked one deeper for "facts in the top 5"
    assert result.sources == result.hits[: len(result.sources)] and len(result.hits) <= 5
    assert result.hits[0].doc_id == "symbiosis-news"
    assert result.answer == result.hits[0].text and "1972" in result.answer
    assert all(len(h.text) <= CHUNK_SIZE for h in result.hits)
    assert [h.score for h in result.hits] == sorted((h.score for h in result.hits), reverse=True)
    out_of_scope = target.ask("What is the corporate tax rate in Japan?", None)
    assert out_of_scope.declined is False and out_of_scope.answer


ForeignRun = tuple[EvalRun, dict[str, Path], Path]


@pytest.fixture(scope="module")
def foreign_run(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> ForeignRun:
    root = tmp_path_factory.mktemp("foreign")
    settings = Settings(_env_file=None, data_dir=root / "user-data")  # type: ignore[call-arg]
    run, paths = run_eval(
        settings,
        load_dataset(QUESTIONS),
        name="fixture-foreign",
        dataset_label="questions.jsonl",
        split="all",
        docs=FIXTURE_DOCS,
        retrieval_only=True,
        reports_dir=root / "reports",
        embedder=embedder,
    )
    return run, paths, root


def test_foreign_folder_is_ingested_into_a_fresh_index_and_scored(foreign_run: ForeignRun) -> None:
    run, _paths, root = foreign_run
    assert any("ingested 3 files" in note for note in run.notes)
    assert not (root / "user-data").exists(), "the user's own index must not be touched"
    assert [r.id for r in run.assistant_rows] == [r.id for r in run.baseline_rows]
    assert len(run.assistant_rows) == 7
    retrieved = {d for r in run.assistant_rows for d in r.retrieved_doc_ids}
    assert retrieved <= FIXTURE_IDS - {"energy-audit-report"}
    overall = run.results["overall"]
    assert overall["hit_at_3"]["assistant"] is not None and overall["hit_at_3"]["assistant"] >= 0.5
    assert overall["hit_at_3"]["baseline"] is not None


def test_retrieval_only_run_scores_no_answers_but_the_baseline_does(
    foreign_run: ForeignRun,
) -> None:
    run, _paths, _root = foreign_run
    assert run.answers is False
    assert all(r.answer is None and r.declined is None for r in run.assistant_rows)
    assert all(r.answer for r in run.baseline_rows)
    assert run.results["overall"]["key_fact_recall"]["assistant"] is None
    assert run.results["overall"]["key_fact_recall"]["baseline"] is not None
    assert any("Retrieval only" in note for note in run.notes)


def test_report_files_put_the_assistant_beside_the_baseline(foreign_run: ForeignRun) -> None:
    _run, paths, root = foreign_run
    assert {p.parent for p in paths.values()} == {root / "reports"}
    data = json.loads(paths["json"].read_text("utf-8"))
    cell = data["results"]["overall"]["hit_at_3"]
    assert set(cell) == {"assistant", "baseline", "ratio"}
    assert {"split:None", "kind:followup", "lang:fr"} <= set(data["results"])
    assert len(data["rows"]["assistant"]) == len(data["rows"]["baseline"]) == 7
    markdown = paths["md"].read_text("utf-8")
    assert "| metric | assistant | baseline | ratio |" in markdown
    assert "## Per question" in markdown and "| f05 |" in markdown
    for chart in (paths["per_kind"], paths["latency"]):
        assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and chart.stat().st_size > 5000
        assert f"]({chart.name})" in markdown


# -- the HTTP target against a real server on loopback ----------------------------------------

SOURCE = {
    "number": 1,
    "doc_id": "sme-thresholds",
    "title": "SME size thresholds",
    "source": "sme-thresholds.md",
    "text": "A small enterprise has fewer than 50 staff.",
    "score": 0.9,
    "page": None,
    "section": "Thresholds",
    "source_url": None,
}


def _service(seen: list[dict[str, Any]]) -> Starlette:
    """A stand-in speaking the agreed /v1/chat contract, scripted per question."""

    async def chat(request: Request) -> JSONResponse:
        body = await request.json()
        seen.append(body)
        question = body["question"]
        conversation_id = body["conversation_id"] or f"conv-{len(seen)}"
        if "water" in question:
            return JSONResponse({"detail": "boom"}, status_code=500)
        if "tax" in question:
            answer, declined, sources = "The documents I have do not cover this.", True, []
        elif "Kalundborg" in question:
            answer, declined, sources = "It began in 1972 [2].", False, [SOURCE]
        else:
            answer, declined, sources = (
                "A small enterprise has fewer than 50 staff [1].",
                False,
                [SOURCE],
            )
        return JSONResponse(
            {
                "answer": answer,
                "declined": declined,
                "conversation_id": conversation_id,
                "sources": sources,
                "timing": {"total_ms": 1.0},
            }
        )

    return Starlette(routes=[Route("/v1/chat", chat, methods=["POST"])])


def test_http_target_threads_conversations_and_scores_what_the_service_returns() -> None:
    seen: list[dict[str, Any]] = []
    items = load_dataset(QUESTIONS)
    with serve(_service(seen)) as url:
        rows = {r.id: r for r in run_target(items, HttpTarget(url))}
    by_question = {s["question"]: s for s in seen}
    first, follow_up = (by_question[i.question] for i in items[:2])
    assert first["conversation_id"] is None
    assert follow_up["conversation_id"] == "conv-1"  # the id the service gave turn 1
    assert rows["f01"].citation_valid is True and rows["f01"].hit_at_1 == 1.0
    # "50" is in the one passage returned, "250" (the follow-up's fact) is not
    assert rows["f01"].facts_in_top5 == 1.0 and rows["f02"].facts_in_top5 == 0.0
    assert rows["f03"].citation_valid is False  # [2] with one source: points nowhere
    assert rows["f06"].declined is True
    assert rows["f04"].error and "HTTP 500" in rows["f04"].error
    assert rows["f04"].hit_at_3 == 0.0 and rows["f04"].key_fact_recall == 0.0
    assert rows["f04"].facts_in_top5 == 0.0  # a failed request counts as a miss, not skipped
    metrics = aggregate(list(rows.values()))
    assert metrics["out_of_scope_declined"] == 1.0 and metrics["errors"] == 1.0


def test_http_target_stops_the_run_when_the_service_is_unreachable() -> None:
    with refused_port() as closed:
        target = HttpTarget(f"http://127.0.0.1:{closed}")
        with pytest.raises(TargetUnavailable, match="cannot reach"):
            run_target(load_dataset(QUESTIONS), target)


# -- the in-process assistant -----------------------------------------------------------------


@pytest.mark.skipif(not assistant_available(), reason="assistant.service does not exist yet")
def test_assistant_target_answers_in_process_and_keeps_the_conversation(
    small_index: tuple[Settings, Any], embedder: Embedder
) -> None:
    settings, _index = small_index
    target = AssistantTarget(settings, embedder=embedder)
    rows = run_target(load_dataset(QUESTIONS)[:2], target)
    assert all(r.answer is not None and r.declined is not None for r in rows)
    assert rows[0].hit_at_3 == 1.0


# -- the command ------------------------------------------------------------------------------


def test_eval_command_reports_a_malformed_dataset_and_exits_1(tmp_path: Path) -> None:
    import typer

    from evals.cli import eval_command

    app = typer.Typer()
    app.command("eval")(eval_command)
    app.command("noop")(lambda: None)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x"}\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "--dataset", str(bad), "--data-dir", str(tmp_path)])
    assert result.exit_code == 1
    assert "bad.jsonl:1: field 'conversation' is missing" in result.output
