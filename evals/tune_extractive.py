"""Calibrate the extractive engine on the gold set: retrieval + engine over every gold question.

    python -m evals.tune_extractive                 # tuning split (what the knobs are set on)
    python -m evals.tune_extractive --split held    # the held-back split, to check
    python -m evals.tune_extractive --data-dir D    # reuse an index built by an earlier run
    python -m evals.tune_extractive --cv 5          # k-fold CV by conversation over a knob grid

Prints key-fact recall, the share of answers with all key facts, out-of-scope declined,
answerable wrongly declined, citation validity, and for follow-up questions the retrieval hit
rate with and without the deterministic topic carry-over. Conversations are replayed in order,
with the engine's own answers as the assistant turns.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.answering import Answer, Turn
from assistant.citations import check_citations, citations
from assistant.config import Settings
from assistant.conversation import standalone_question
from assistant.extractive import ExtractiveEngine, Tuning
from assistant.extractive.similarity import UnitSimilarity
from evals import metrics

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "evals" / "datasets" / "gold.jsonl"
PARTS = ROOT / "evals" / "datasets" / "parts"


def load_gold(split: str) -> list[dict[str, Any]]:
    """Gold rows of one split; before the merged file exists, a stable split by conversation."""
    if GOLD.exists():
        rows = [json.loads(line) for line in GOLD.read_text("utf-8").splitlines() if line.strip()]
    else:
        rows = []
        for part in sorted(PARTS.glob("gold_*.jsonl")):
            rows += [json.loads(x) for x in part.read_text("utf-8").splitlines() if x.strip()]
        for row in rows:
            digest = hashlib.sha256(row["conversation"].encode()).digest()[0]
            row["split"] = "held" if digest % 4 == 0 else "tune"
    return [r for r in rows if split == "all" or r.get("split") == split]


def has_fact(text: str, alternatives: Sequence[str]) -> bool:
    """The eval harness's own key-fact match, so tuning numbers agree with the reports."""
    folded = metrics.normalise(text)
    return any(metrics.contains_fact(folded, alt) for alt in alternatives)


@dataclass
class Tally:
    facts_found: int = 0
    facts_total: int = 0
    all_facts: int = 0
    answerable: int = 0
    wrongly_declined: int = 0
    out_of_scope: int = 0
    oos_declined: int = 0
    markers: int = 0
    bad_markers: int = 0
    followups: int = 0
    followup_hit_raw: int = 0
    followup_hit_resolved: int = 0
    misses: list[str] = field(default_factory=list)

    def report(self) -> dict[str, float]:
        def share(a: int, b: int) -> float:
            return round(a / b, 3) if b else float("nan")

        return {
            "key_fact_recall": share(self.facts_found, self.facts_total),
            "all_facts_share": share(self.all_facts, self.answerable),
            "out_of_scope_declined": share(self.oos_declined, self.out_of_scope),
            "answerable_wrongly_declined": share(self.wrongly_declined, self.answerable),
            "citation_validity": share(self.markers - self.bad_markers, self.markers),
            "followup_retrieval_hit_raw": share(self.followup_hit_raw, self.followups),
            "followup_retrieval_hit_carry_over": share(self.followup_hit_resolved, self.followups),
            "questions": self.answerable + self.out_of_scope,
        }


def score(row: dict[str, Any], answer: Answer, tally: Tally) -> None:
    problems = check_citations(answer.text, answer.sources, min_support=1.0)
    tally.markers += len(citations(answer.text))
    tally.bad_markers += len(problems)
    if not row["answerable"]:
        tally.out_of_scope += 1
        tally.oos_declined += answer.declined
        if not answer.declined:
            tally.misses.append(f"{row['id']} ANSWERED out-of-scope: {row['question']}")
        return
    tally.answerable += 1
    facts = row["key_facts"]
    found = 0 if answer.declined else sum(has_fact(answer.text, alts) for alts in facts)
    tally.facts_found += found
    tally.facts_total += len(facts)
    tally.all_facts += found == len(facts)
    if answer.declined:
        tally.wrongly_declined += 1
        tally.misses.append(f"{row['id']} DECLINED ({answer.flags}): {row['question']}")
    elif found < len(facts):
        tally.misses.append(f"{row['id']} facts {found}/{len(facts)}: {row['question']}")


def build_index(data_dir: Path, embedder_spec: str) -> Any:
    from assistant.embeddings import get_embedder
    from assistant.retrieval import Retriever
    from ingestion.indexing import Ingestor
    from ingestion.store import Index

    settings = Settings(_env_file=None, data_dir=data_dir, embedder=embedder_spec)  # type: ignore[call-arg]
    embedder = get_embedder(embedder_spec, settings)
    index = Index(settings)
    Ingestor(settings, index, embedder_factory=lambda: embedder).run([ROOT / "corpus"])
    return Retriever(Index(settings), embedder)


def run(rows: list[dict[str, Any]], retriever: Any, engine: ExtractiveEngine, k: int) -> Tally:
    tally = Tally()
    by_conv: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_conv.setdefault(row["conversation"], []).append(row)
    every = {r["conversation"]: [] for r in rows}  # type: dict[str, list[dict[str, Any]]]
    for row in load_gold("all"):
        if row["conversation"] in every:
            every[row["conversation"]].append(row)
    for conv, turns in every.items():
        history: list[Turn] = []
        wanted = {r["id"] for r in by_conv[conv]}
        for row in sorted(turns, key=lambda r: r["turn"]):
            question = row["question"]
            standalone = standalone_question(question, history)
            hits = retriever.search(standalone, k=k)
            answer = engine.answer(standalone, hits, history=history)
            if row["id"] in wanted:
                score(row, answer, tally)
                if row["kind"] == "followup" and row["doc_ids"]:
                    raw = {h.doc_id for h in retriever.search(question, k=k)}
                    tally.followups += 1
                    tally.followup_hit_raw += bool(raw & set(row["doc_ids"]))
                    tally.followup_hit_resolved += bool(
                        {h.doc_id for h in hits} & set(row["doc_ids"])
                    )
            history += [Turn("user", question), Turn("assistant", answer.text)]
    return tally


class CachedRetriever:
    """Memoises searches, so a grid of engine settings replays the same retrieval."""

    def __init__(self, retriever: Any) -> None:
        self.retriever = retriever
        self.cache: dict[tuple[str, int], Any] = {}

    def search(self, query: str, k: int = 8) -> Any:
        if (query, k) not in self.cache:
            self.cache[(query, k)] = self.retriever.search(query, k=k)
        return self.cache[(query, k)]


# The knobs cross-validated, each over a few values around its default.
GRID: dict[str, list[float]] = {
    "semantic_weight": [0.25, 0.5],
    "min_support": [0.75, 0.8, 0.85],
    "focused_relief": [0.05, 0.1, 0.15],
}


def _objective(report: dict[str, float]) -> float:
    """Recall, with declines weighed as the targets set them (OOS >= 0.9, wrong <= 0.05)."""
    return (
        report["key_fact_recall"]
        - 2 * max(0.0, 0.9 - report["out_of_scope_declined"])
        - 2 * max(0.0, report["answerable_wrongly_declined"] - 0.05)
    )


def _tuned(values: dict[str, float]) -> Tuning:
    tuning = Tuning()
    for name, value in values.items():
        setattr(tuning, name, value)
    return tuning


def cross_validate(rows: list[dict[str, Any]], retriever: Any, k: int, folds: int) -> None:
    """Pick knobs on k-1 folds of conversations, score them on the held-out fold."""
    import itertools

    similarity = UnitSimilarity(retriever.retriever.embedder)
    convs = sorted({r["conversation"] for r in rows})
    fold_of = {c: int(hashlib.sha256(c.encode()).hexdigest(), 16) % folds for c in convs}
    settings = [
        dict(zip(GRID, values, strict=True)) for values in itertools.product(*GRID.values())
    ]
    total = Tally()
    for fold in range(folds):
        train = [r for r in rows if fold_of[r["conversation"]] != fold]
        test = [r for r in rows if fold_of[r["conversation"]] == fold]
        if not test:
            continue
        best = max(
            settings,
            key=lambda s: _objective(
                run(train, retriever, ExtractiveEngine(_tuned(s), similarity), k).report()
            ),
        )
        tally = run(test, retriever, ExtractiveEngine(_tuned(best), similarity), k)
        print(json.dumps({"fold": fold, "chosen": best, **tally.report()}))
        for name in vars(total):
            if name != "misses":
                setattr(total, name, getattr(total, name) + getattr(tally, name))
    print(json.dumps({"cv_pooled_out_of_fold": total.report()}, indent=2))


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="tune", choices=["tune", "held", "all"])
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--embedder", default="minilm")
    parser.add_argument("-k", type=int, default=8)
    parser.add_argument("-v", "--verbose", action="store_true", help="list the misses")
    parser.add_argument("--ids", default="", help="only questions whose id starts with this")
    parser.add_argument(
        "--cv", type=int, default=0, help="folds of cross-validation by conversation"
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    rows = [r for r in load_gold(args.split) if r["id"].startswith(args.ids)]
    with tempfile.TemporaryDirectory() as tmp:
        retriever = CachedRetriever(build_index(args.data_dir or Path(tmp), args.embedder))
        if args.cv:
            cross_validate(rows, retriever, args.k, args.cv)
            return
        similarity = UnitSimilarity(retriever.retriever.embedder)
        tally = run(rows, retriever, ExtractiveEngine(Tuning(), similarity), args.k)
    print(json.dumps({"split": args.split, **tally.report()}, indent=2))
    if args.verbose:
        print("\n".join(tally.misses))


if __name__ == "__main__":
    main()
