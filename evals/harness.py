"""Run a dataset against targets, conversation by conversation, and score every question.

Follow-ups are asked in order in the same conversation (the id the target returned for turn 1 is
passed back). Metrics are computed overall and per split, kind and language, for the assistant
and for the naive baseline measured in the same run, with their ratio.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from evals import metrics as m
from evals.dataset import GoldItem, conversations
from evals.targets import Target, TargetError, TargetResult

if TYPE_CHECKING:
    from evals.judge import Judge

#: metric -> (label, higher is better, needs answers). Order is the report's row order.
METRICS: dict[str, tuple[str, bool, bool]] = {
    "hit_at_1": ("retrieval hit@1 (doc)", True, False),
    "hit_at_3": ("retrieval hit@3 (doc)", True, False),
    "mrr": ("retrieval MRR (doc)", True, False),
    "context_recall": ("context recall (ragas ID-based)", True, False),
    "context_precision": ("context precision (ragas ID-based)", True, False),
    "facts_in_top5": ("key facts in the top 5 passages", True, False),
    "key_fact_recall": ("key-fact recall of the answer", True, True),
    "all_key_facts": ("answers with all key facts", True, True),
    "cited_answers": ("answers with citations", True, True),
    "citation_validity": ("valid citations (of cited answers)", True, True),
    "out_of_scope_declined": ("out-of-scope declined", True, True),
    "wrongly_declined": ("answerable wrongly declined", False, True),
    "faithfulness": ("faithfulness (ragas, judge)", True, True),
    "answer_relevancy": ("answer relevancy (ragas, judge)", True, True),
    "latency_p50": ("latency p50 (s)", False, False),
    "latency_p95": ("latency p95 (s)", False, False),
}


#: Passages looked at by ``facts_in_top5``.
FACTS_K = 5


@dataclass
class Row:
    """One question's scores for one target."""

    id: str
    conversation: str
    turn: int
    kind: str
    lang: str
    split: str | None
    answerable: bool
    question: str
    gold_doc_ids: list[str]
    retrieved_doc_ids: list[str]
    context_doc_ids: list[str]
    hit_at_1: float | None = None
    hit_at_3: float | None = None
    rr: float | None = None
    context_recall: float | None = None
    context_precision: float | None = None
    #: Share of the key facts stated somewhere in the first 5 retrieved passages: what retrieval
    #: hands the answer step (the issue compares RAGs on "the answer's facts in the top 5").
    facts_in_top5: float | None = None
    answer: str | None = None
    declined: bool | None = None
    key_fact_recall: float | None = None
    cited: bool | None = None
    citation_valid: bool | None = None
    citation_problems: list[str] = field(default_factory=list)
    faithfulness: float | None = None
    answer_relevancy: float | None = None
    latency: float = 0.0
    error: str | None = None
    #: Kept for the judge; not written to reports.
    contexts: list[str] = field(default_factory=list, repr=False)


def score(item: GoldItem, result: TargetResult, latency: float, answers: bool) -> Row:
    """Every per-question metric from one target result."""
    ranked = m.unique_in_order(h.doc_id for h in result.hits)
    context = m.unique_in_order(h.doc_id for h in result.sources)
    row = Row(
        id=item.id,
        conversation=item.conversation,
        turn=item.turn,
        kind=item.kind,
        lang=item.lang,
        split=item.split,
        answerable=item.answerable,
        question=item.question,
        gold_doc_ids=list(item.doc_ids),
        retrieved_doc_ids=ranked[:10],
        context_doc_ids=context,
        latency=latency,
        contexts=[h.text for h in result.sources],
    )
    if item.answerable and item.doc_ids:
        row.hit_at_1 = m.hit_at_k(ranked, item.doc_ids, 1)
        row.hit_at_3 = m.hit_at_k(ranked, item.doc_ids, 3)
        row.rr = m.reciprocal_rank(ranked, item.doc_ids)
        row.context_recall, row.context_precision = m.ragas_id_context_scores(context, item.doc_ids)
    if item.answerable:  # no passages (or a failed request) states no fact
        top = "\n\n".join(h.text for h in result.hits[:FACTS_K])
        row.facts_in_top5 = m.key_fact_recall(top, item.key_facts)
    if answers and result.answer is not None:
        row.answer = result.answer
        row.declined = result.declined
        if item.answerable:
            row.key_fact_recall = m.key_fact_recall(result.answer, item.key_facts)
        if not result.declined:
            row.cited = m.has_citations(result.answer)
            if row.cited:
                row.citation_problems = m.citation_problems(result.answer, result.sources)
                row.citation_valid = not row.citation_problems
    return row


def failed(item: GoldItem, error: str, latency: float, answers: bool) -> Row:
    """A question the target could not answer counts as a miss, never as skipped."""
    row = score(item, TargetResult(hits=[]), latency, answers=False)
    row.error = error
    if answers:
        row.answer = ""
        row.declined = False
        if item.answerable:
            row.key_fact_recall = m.key_fact_recall("", item.key_facts)
    return row


def run_target(
    items: Sequence[GoldItem],
    target: Target,
    progress: Callable[[str, int, int], None] | None = None,
) -> list[Row]:
    """Ask every question, conversation by conversation, threading the conversation id."""
    rows: list[Row] = []
    total = len(items)
    target.warm_up()
    for conversation in conversations(items):
        conversation_id: str | None = None
        for item in conversation:
            started = time.perf_counter()
            try:
                result = target.ask(item.question, conversation_id)
            except TargetError as exc:
                rows.append(failed(item, str(exc), time.perf_counter() - started, target.answers))
            else:
                latency = time.perf_counter() - started
                conversation_id = result.conversation_id or conversation_id
                rows.append(score(item, result, latency, target.answers))
            if progress is not None:
                progress(target.name, len(rows), total)
    return rows


def aggregate(rows: Sequence[Row]) -> dict[str, float | None]:
    """The report's metrics over a set of rows; None where a metric does not apply."""
    answerable = [r for r in rows if r.answerable]
    unanswerable = [r for r in rows if not r.answerable]
    latencies = [r.latency for r in rows]
    recalls = [r.key_fact_recall for r in answerable]
    return {
        "n": float(len(rows)),
        "hit_at_1": m.mean(r.hit_at_1 for r in answerable),
        "hit_at_3": m.mean(r.hit_at_3 for r in answerable),
        "mrr": m.mean(r.rr for r in answerable),
        "context_recall": m.mean(r.context_recall for r in answerable),
        "context_precision": m.mean(r.context_precision for r in answerable),
        "facts_in_top5": m.mean(r.facts_in_top5 for r in answerable),
        "key_fact_recall": m.mean(recalls),
        "all_key_facts": m.share(None if v is None else v >= 1.0 for v in recalls),
        "cited_answers": m.share(r.cited for r in rows),
        "citation_validity": m.share(r.citation_valid for r in rows),
        "out_of_scope_declined": m.share(r.declined for r in unanswerable),
        "wrongly_declined": m.share(r.declined for r in answerable),
        "faithfulness": m.mean(r.faithfulness for r in rows),
        "answer_relevancy": m.mean(r.answer_relevancy for r in rows),
        "latency_p50": m.percentile(latencies, 50),
        "latency_p95": m.percentile(latencies, 95),
        "errors": float(sum(1 for r in rows if r.error)),
    }


def ratio(assistant: float | None, baseline: float | None) -> float | None:
    """assistant / baseline; None when either is missing or the baseline is zero."""
    if assistant is None or baseline is None or baseline == 0:
        return None
    return assistant / baseline


def groups_of(rows: Sequence[Row]) -> dict[str, list[Row]]:
    """overall, split:<s>, kind:<k>, lang:<l> -> rows (kinds and languages in a stable order)."""
    out: dict[str, list[Row]] = {"overall": list(rows)}
    for prefix, key in (("split", "split"), ("kind", "kind"), ("lang", "lang")):
        for value in sorted({str(getattr(r, key)) for r in rows}):
            out[f"{prefix}:{value}"] = [r for r in rows if str(getattr(r, key)) == value]
    return out


def compare(
    assistant_rows: Sequence[Row], baseline_rows: Sequence[Row] | None
) -> dict[str, dict[str, dict[str, float | None]]]:
    """group -> metric -> {assistant, baseline, ratio}, for every group of the assistant rows."""
    baseline_by_id = {r.id: r for r in baseline_rows or []}
    out: dict[str, dict[str, dict[str, float | None]]] = {}
    for group, rows in groups_of(assistant_rows).items():
        ours = aggregate(rows)
        theirs = (
            aggregate([baseline_by_id[r.id] for r in rows if r.id in baseline_by_id])
            if baseline_rows is not None
            else {}
        )
        out[group] = {
            metric: {
                "assistant": ours.get(metric),
                "baseline": theirs.get(metric),
                "ratio": ratio(ours.get(metric), theirs.get(metric)),
            }
            for metric in ["n", *METRICS, "errors"]
        }
    return out


@dataclass
class EvalRun:
    """Everything a report shows: what ran, on what, and every row for both systems."""

    name: str
    dataset: str
    split: str
    target: str
    baseline: str
    answers: bool
    notes: list[str]
    assistant_rows: list[Row]
    baseline_rows: list[Row]
    results: dict[str, dict[str, dict[str, float | None]]]
    created: str = field(
        default_factory=lambda: datetime.now(UTC).replace(microsecond=0).isoformat()
    )
    settings: dict[str, Any] = field(default_factory=dict)


def evaluate(
    items: Sequence[GoldItem],
    target: Target,
    baseline: Target,
    *,
    name: str,
    dataset: str,
    split: str,
    notes: Sequence[str] = (),
    judge: Judge | None = None,
    settings: dict[str, Any] | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> EvalRun:
    """Run both systems on the same items and compare them."""
    ours = run_target(items, target, progress)
    theirs = run_target(items, baseline, progress)
    all_notes = list(notes)
    if not target.answers:
        all_notes.append(
            "Retrieval only: the target produces no answers, so answer metrics (key facts, "
            "citations, declines) are not measured for it; the baseline's are shown for reference."
        )
    if judge is not None:
        judge.score_rows(ours)
        judge.score_rows(theirs)
        all_notes.append(f"ragas faithfulness and answer relevancy judged by {judge.model}.")
    return EvalRun(
        name=name,
        dataset=dataset,
        split=split,
        target=target.description,
        baseline=baseline.description,
        answers=target.answers,
        notes=all_notes,
        assistant_rows=ours,
        baseline_rows=theirs,
        results=compare(ours, theirs),
        settings=dict(settings or {}),
    )
