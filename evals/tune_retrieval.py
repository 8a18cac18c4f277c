"""Tune and compare retrieval configurations on the gold set's tuning split (reproducible).

    python -m evals.tune_retrieval [--embedder minilm|e5-small] [--split tune|held|all]

Ingests ``corpus/`` into a temporary data directory (or ``--data-dir``, reused when given), then
prints doc-level hit@1 / hit@3 / MRR and fact recall@5 (share of key facts found in the top 5
chunks) for dense-only, lexical-only and several fusion settings, overall and per language.
Only answerable questions with gold documents count. Tune on ``tune``; look at ``held`` once.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
GOLD = REPO / "evals" / "datasets" / "gold.jsonl"
ALL_ROWS: list[dict[str, Any]] = []  # every gold row, for the turns before a follow-up
PARTS = sorted((REPO / "evals" / "datasets" / "parts").glob("gold_*.jsonl"))

#: name -> Retriever tuning; the first fusion entry is the shipped default.
CONFIGS: dict[str, dict[str, Any]] = {
    "rrf k=60 lexical 1.25 (default)": {},
    "dense only": {"lexical_weight": 0.0},
    "lexical only": {"dense_weight": 0.0},
    "rrf k=60 equal weights": {"lexical_weight": 1.0},
    "rrf k=10": {"rrf_k": 10.0, "lexical_weight": 1.0},
    "rrf k=30": {"rrf_k": 30.0, "lexical_weight": 1.0},
    "rrf k=60 dense 1.5": {"dense_weight": 1.5, "lexical_weight": 1.0},
    "rrf k=60 lexical 1.5": {"lexical_weight": 1.5},
    "rrf k=20 lexical 1.5": {"rrf_k": 20.0, "lexical_weight": 1.5},
    "rrf k=30 depth 20": {"rrf_k": 30.0, "depth": 20},
    "rrf k=60 depth 100": {"depth": 100},
}


@dataclass
class Scores:
    n: int = 0
    hit1: float = 0.0
    hit3: float = 0.0
    mrr: float = 0.0
    facts: float = 0.0
    fact_questions: int = 0

    def add(self, ranked_docs: list[str], gold: set[str], fact_share: float | None) -> None:
        self.n += 1
        rank = next((i for i, d in enumerate(ranked_docs) if d in gold), None)
        if rank is not None:
            self.hit1 += rank == 0
            self.hit3 += rank < 3
            self.mrr += 1.0 / (rank + 1)
        if fact_share is not None:
            self.facts += fact_share
            self.fact_questions += 1

    def row(self) -> str:
        n = max(self.n, 1)
        f = self.facts / max(self.fact_questions, 1)
        return (
            f"n={self.n:3d}  hit@1={self.hit1 / n:.3f}  hit@3={self.hit3 / n:.3f}  "
            f"MRR={self.mrr / n:.3f}  facts@5={f:.3f}"
        )


def split_of(row: dict[str, Any]) -> str:
    """The row's split; parts files have none, so a stable 70/30 hash of the conversation."""
    if row.get("split"):
        return str(row["split"])
    digest = hashlib.sha256(str(row["conversation"]).encode()).digest()
    return "tune" if digest[0] % 10 < 7 else "held"


def load_gold(split: str) -> list[dict[str, Any]]:
    files = [GOLD] if GOLD.exists() else PARTS
    rows = [json.loads(line) for f in files for line in f.read_text("utf-8").splitlines() if line]
    ALL_ROWS[:] = rows
    rows = [r for r in rows if r.get("answerable") and r.get("doc_ids")]
    return [r for r in rows if split == "all" or split_of(r) == split]


def fact_share(texts: Iterable[str], key_facts: list[list[str]]) -> float | None:
    if not key_facts:
        return None
    blob = " ".join(texts).lower()
    found = sum(any(alt.lower() in blob for alt in alts) for alts in key_facts)
    return found / len(key_facts)


def ranked_doc_ids(hits: list[Any]) -> list[str]:
    seen: list[str] = []
    for hit in hits:
        if hit.doc_id not in seen:
            seen.append(hit.doc_id)
    return seen


def query_of(row: dict[str, Any], by_turn: dict[tuple[str, int], str]) -> str:
    """A follow-up is searched with the previous question in front, as a condensed query would."""
    previous = by_turn.get((row["conversation"], int(row["turn"]) - 1))
    if row["kind"] == "followup" and previous:
        return previous + " " + str(row["question"])
    return str(row["question"])


def evaluate(retriever: Any, rows: list[dict[str, Any]]) -> dict[str, Scores]:
    by: dict[str, Scores] = {"all": Scores()}
    by_turn = {(r["conversation"], int(r["turn"])): str(r["question"]) for r in ALL_ROWS}
    for row in rows:
        hits = retriever.search(query_of(row, by_turn), k=10)
        share = fact_share((h.text for h in hits[:5]), row.get("key_facts") or [])
        for key in ("all", f"lang={row['lang']}"):
            by.setdefault(key, Scores()).add(ranked_doc_ids(hits), set(row["doc_ids"]), share)
    return by


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--embedder", default="minilm")
    parser.add_argument("--split", default="tune", choices=["tune", "held", "all"])
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--only", default=None, help="run only configs whose name contains this")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")

    from assistant.config import Settings
    from assistant.embeddings import get_embedder
    from assistant.retrieval import Retriever
    from ingestion.indexing import Ingestor
    from ingestion.store import Index

    with tempfile.TemporaryDirectory(prefix="tune-retrieval-") as tmp:
        data_dir = args.data_dir or Path(tmp)
        settings = Settings(_env_file=None, data_dir=data_dir, embedder=args.embedder)  # type: ignore[call-arg]
        embedder = get_embedder(args.embedder, settings)
        index = Index(settings)
        summary = Ingestor(settings, index, lambda: embedder).run([REPO / "corpus"])
        print(f"index: {index.stats()['chunks']} chunks ({len(summary.indexed)} files re-indexed)")
        rows = load_gold(args.split)
        langs = sorted({r["lang"] for r in rows})
        print(f"gold: {len(rows)} answerable questions, split={args.split}, langs={langs}")
        for name, tuning in CONFIGS.items():
            if args.only and args.only not in name:
                continue
            by = evaluate(Retriever(index, embedder, **tuning), rows)
            print(f"\n{args.embedder:8s} {name:24s} {by.pop('all').row()}")
            for key in sorted(by):
                print(f"{'':33s} {key:8s} {by[key].row()}")


if __name__ == "__main__":
    main()
