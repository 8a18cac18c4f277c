"""ragas' judged metrics through a real OpenAI-compatible server on loopback (scripted replies)."""

from __future__ import annotations

import json

from openai_stub_server import OpenAIStub

from assistant.embeddings import Embedder
from evals.dataset import GoldItem
from evals.harness import score
from evals.judge import Judge
from evals.targets import TargetResult


def _item() -> GoldItem:
    return GoldItem(
        id="j1",
        conversation="j1",
        turn=1,
        kind="fact",
        lang="en",
        paraphrased=False,
        answerable=True,
        question="What staff headcount limit defines a small enterprise?",
        doc_ids=["sme-thresholds"],
        sections=[],
        reference_answer="Fewer than 50 staff.",
        key_facts=[["50"]],
    )


def test_judge_fills_faithfulness_and_answer_relevancy_from_the_judge_model(
    embedder: Embedder,
) -> None:
    from assistant.retrieval import Hit

    source = Hit("c1", "A small enterprise has fewer than 50 staff.", {"doc_id": "sme"}, 1.0)
    answer = "A small enterprise has fewer than 50 staff [1]."
    row = score(_item(), TargetResult([source], answer, False, [source]), 0.1, answers=True)
    statement = "A small enterprise has fewer than 50 staff."
    with OpenAIStub() as stub:
        stub.enqueue(
            json.dumps({"statements": [statement]}),
            json.dumps(
                {"statements": [{"statement": statement, "reason": "stated", "verdict": 1}]}
            ),
            *[
                json.dumps({"question": "What headcount makes a firm small?", "noncommittal": 0})
                for _ in range(3)
            ],
        )
        Judge("judge-model", stub.base_url, None, embedder).score_rows([row])
        assert len(stub.requests) == 5
        assert all(r["model"] == "judge-model" for r in stub.requests)
    assert row.faithfulness == 1.0
    assert row.answer_relevancy is not None and row.answer_relevancy > 0.5
