"""The evaluation metrics on hand-made inputs whose right answers are known."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pytest

from assistant.retrieval import Hit
from evals import metrics as m
from evals.dataset import GoldItem
from evals.harness import aggregate, score
from evals.targets import TargetResult


def _hit(doc_id: str, text: str = "") -> Hit:
    return Hit(chunk_id=doc_id, text=text, metadata={"doc_id": doc_id}, score=1.0)


def _item(id_: str, answerable: bool, doc_ids: list[str], facts: list[list[str]]) -> GoldItem:
    return GoldItem(
        id=id_,
        conversation=id_,
        turn=1,
        kind="fact" if answerable else "out_of_scope",
        lang="en",
        paraphrased=False,
        answerable=answerable,
        question="q",
        doc_ids=doc_ids,
        sections=[],
        reference_answer="",
        key_facts=facts,
    )


def test_hit_at_k_and_mrr_count_documents_not_chunks() -> None:
    ranked = ["a", "a", "b", "c", "c"]  # chunks; documents in rank order are a, b, c
    assert m.hit_at_k(ranked, ["c"], 2) == 0.0
    assert m.hit_at_k(ranked, ["c"], 3) == 1.0  # 4th chunk, but 3rd document
    assert m.reciprocal_rank(ranked, ["c"]) == pytest.approx(1 / 3)
    assert m.reciprocal_rank(ranked, ["b", "c"]) == pytest.approx(1 / 2)
    assert m.hit_at_k(ranked, ["a"], 1) == 1.0
    assert m.reciprocal_rank(ranked, ["z"]) == 0.0


def test_key_facts_match_across_case_spacing_separators_and_euro_spelling() -> None:
    answer = "The grant covers\u00a0EUR 2 000 000 for SMEs with fewer than 250 STAFF."
    assert m.key_fact_recall(answer, [["€2,000,000"], ["250 staff"]]) == 1.0
    assert m.key_fact_recall("costs 50 €", [["EUR 50"]]) == 1.0
    assert m.key_fact_recall("about 1.500 tonnes", [["1,500 tonnes"]]) == 1.0
    assert m.key_fact_recall("10–11 November", [["10-11 November"]]) == 1.0


def test_key_facts_match_through_markdown_emphasis_as_a_reader_sees_it() -> None:
    answer = "A *small* enterprise has **fewer than 50** staff and `EMAS` __registration__."
    facts = [["small enterprise"], ["fewer than 50 staff"], ["EMAS registration"]]
    assert m.key_fact_recall(answer, facts) == 1.0
    assert m.key_fact_recall("snake_case__name", [["snake_case__name"]]) == 1.0


def test_key_fact_numbers_do_not_match_inside_longer_numbers() -> None:
    assert m.key_fact_recall("It took 16 months.", [["6 months"]]) == 0.0
    assert m.key_fact_recall("a 2500 kW boiler", [["250"]]) == 0.0
    assert m.key_fact_recall("It took 6 months.", [["6 months"]]) == 1.0


def test_key_fact_recall_counts_groups_with_any_alternative() -> None:
    facts = [["training"], ["advisory", "advice"], ["capacity building", "dialogue"]]
    assert m.key_fact_recall("Training and advice.", facts) == pytest.approx(2 / 3)
    assert m.key_fact_recall("anything", []) is None


SOURCES = [
    "Kalundborg Symbiosis began in 1972 and links public and private partners.",
    "A small enterprise has fewer than 50 staff and a turnover of at most €10 million.",
]
Check = Callable[[str, Sequence[Any]], Sequence[object]]
SOURCES_AS_HITS = [_hit(f"d{n}", text) for n, text in enumerate(SOURCES)]


@pytest.mark.parametrize("check", [m.citation_problems, m.citation_problems_fallback])
def test_citation_check_passes_a_quote_found_in_the_cited_source(check: Check) -> None:
    answer = (
        "Kalundborg Symbiosis began in 1972 [1]. A small enterprise has fewer than 50 staff [2]."
    )
    assert list(check(answer, SOURCES_AS_HITS)) == []


@pytest.mark.parametrize("check", [m.citation_problems, m.citation_problems_fallback])
def test_citation_check_catches_a_marker_pointing_nowhere(check: Check) -> None:
    answer = "Kalundborg Symbiosis began in 1972 [3]."
    problems = [str(p) for p in check(answer, SOURCES_AS_HITS)]
    assert len(problems) == 1 and "3" in problems[0]


@pytest.mark.parametrize("check", [m.citation_problems, m.citation_problems_fallback])
def test_citation_check_catches_text_that_is_not_in_the_cited_source(check: Check) -> None:
    answer = "Kalundborg Symbiosis began in 1972 [2]."  # true, but source 2 does not say it
    assert len(list(check(answer, SOURCES_AS_HITS))) == 1


def test_fallback_checks_the_quoted_passage_of_a_paraphrased_sentence() -> None:
    ok = 'The report says it "links public and private partners" [1].'
    bad = 'The report says it "links only private partners" [1].'
    assert m.citation_problems_fallback(ok, SOURCES) == []
    assert len(m.citation_problems_fallback(bad, SOURCES)) == 1


def test_percentiles_interpolate_and_empty_inputs_give_none() -> None:
    assert m.percentile([1.0, 2.0, 3.0, 4.0], 50) == pytest.approx(2.5)
    assert m.percentile([0.0, 10.0], 95) == pytest.approx(9.5)
    assert m.percentile([], 50) is None
    assert m.mean([None, 1.0, float("nan"), 3.0]) == 2.0
    assert m.share([True, None, False, True]) == pytest.approx(2 / 3)


def test_ragas_id_context_scores_compare_retrieved_and_reference_documents() -> None:
    assert m.ragas_id_context_scores(["a", "b"], ["a", "c"]) == (0.5, 0.5)
    assert m.ragas_id_context_scores(["a"], ["a"]) == (1.0, 1.0)
    assert m.ragas_id_context_scores([], ["a"]) == (0.0, None)
    assert m.ragas_id_context_scores(["a"], []) == (None, None)


def test_decline_rates_separate_out_of_scope_from_answerable_questions() -> None:
    rows = [
        score(_item("o1", False, [], []), TargetResult([], "I cannot say.", True), 0.1, True),
        score(_item("o2", False, [], []), TargetResult([], "Guess: 42", False), 0.1, True),
        score(
            _item("a1", True, ["d"], [["50"]]), TargetResult([_hit("d")], "50", False), 0.2, True
        ),
        score(
            _item("a2", True, ["d"], [["50"]]), TargetResult([_hit("x")], "No.", True), 0.3, True
        ),
    ]
    metrics = aggregate(rows)
    assert metrics["out_of_scope_declined"] == 0.5
    assert metrics["wrongly_declined"] == 0.5
    assert metrics["hit_at_1"] == 0.5
    assert metrics["key_fact_recall"] == 0.5
    assert metrics["all_key_facts"] == 0.5
    assert metrics["latency_p50"] == pytest.approx(0.15)


def test_retrieval_only_rows_leave_answer_metrics_unmeasured() -> None:
    row = score(_item("a1", True, ["d"], [["50"]]), TargetResult([_hit("d")]), 0.1, False)
    metrics = aggregate([row])
    assert metrics["hit_at_3"] == 1.0
    for name in ("key_fact_recall", "out_of_scope_declined", "wrongly_declined", "cited_answers"):
        assert metrics[name] is None
