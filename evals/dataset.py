"""The gold dataset: load and validate JSONL, merge parts, assign splits, check against a corpus.

Commands (``python -m evals.dataset ...``):

    merge   evals/datasets/parts/*.jsonl -> evals/datasets/gold.jsonl, with a ``split`` per line
    check   every doc_id exists in the corpus; warn when a key fact is not in its documents
    gate    pick the small CI subset evals/datasets/gate.jsonl from the tune split

The split is assigned per conversation from a hash of its id, so adding questions never moves an
existing conversation from one split to the other, and follow-ups stay with their first turn.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from assistant.errors import EcoAdvisorError

DATASETS_DIR = Path(__file__).resolve().parent / "datasets"
PARTS_DIR = DATASETS_DIR / "parts"
GOLD_PATH = DATASETS_DIR / "gold.jsonl"
GATE_PATH = DATASETS_DIR / "gate.jsonl"
REPO_CORPUS = Path(__file__).resolve().parent.parent / "corpus"

KINDS = ("fact", "definition", "list", "comparison", "howto", "followup", "out_of_scope")
LANGS = ("en", "fr", "de", "es")
SPLITS = ("tune", "held")
#: Share of conversations held back; the salt is fixed so the split never moves.
HELD_SHARE = 0.30
SPLIT_SALT = "eco-advisor-gold-v1"


class DatasetError(EcoAdvisorError):
    """A dataset file is malformed; the message names the file, the line and the field."""


@dataclass
class GoldItem:
    """One question of the gold set (a line of the JSONL file)."""

    id: str
    conversation: str
    turn: int
    kind: str
    lang: str
    paraphrased: bool
    answerable: bool
    question: str
    doc_ids: list[str]
    sections: list[str]
    reference_answer: str
    key_facts: list[list[str]]
    split: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        extra = data.pop("extra")
        if data["split"] is None:
            data.pop("split")
        data.update(extra)
        return data


_REQUIRED: dict[str, type | tuple[type, ...]] = {
    "id": str,
    "conversation": str,
    "turn": int,
    "kind": str,
    "lang": str,
    "paraphrased": bool,
    "answerable": bool,
    "question": str,
    "doc_ids": list,
    "sections": list,
    "reference_answer": str,
    "key_facts": list,
}


def parse_item(data: Any, where: str) -> GoldItem:
    """Validate one decoded line; ``where`` (``file:line``) prefixes every error."""
    if not isinstance(data, dict):
        raise DatasetError(f"{where}: a line must be a JSON object, got {type(data).__name__}")
    for name, kind in _REQUIRED.items():
        if name not in data:
            raise DatasetError(f"{where}: field {name!r} is missing")
        value = data[name]
        bad_bool = kind is int and isinstance(value, bool)
        if not isinstance(value, kind) or bad_bool:
            raise DatasetError(
                f"{where}: field {name!r} must be {getattr(kind, '__name__', kind)}, got {value!r}"
            )
    for name in ("id", "conversation", "question"):
        if not data[name].strip():
            raise DatasetError(f"{where}: field {name!r} is empty")
    if data["kind"] not in KINDS:
        raise DatasetError(f"{where}: field 'kind' must be one of {KINDS}, got {data['kind']!r}")
    if data["lang"] not in LANGS:
        raise DatasetError(f"{where}: field 'lang' must be one of {LANGS}, got {data['lang']!r}")
    if data["turn"] < 1:
        raise DatasetError(f"{where}: field 'turn' must be >= 1, got {data['turn']}")
    if data["kind"] == "followup" and data["turn"] < 2:
        raise DatasetError(f"{where}: field 'turn' must be >= 2 for a followup question")
    for name in ("doc_ids", "sections"):
        if not all(isinstance(v, str) and v for v in data[name]):
            raise DatasetError(f"{where}: field {name!r} must be a list of non-empty strings")
    facts = data["key_facts"]
    if not all(
        isinstance(group, list) and group and all(isinstance(a, str) and a.strip() for a in group)
        for group in facts
    ):
        raise DatasetError(
            f"{where}: field 'key_facts' must be a list of non-empty lists of strings "
            '(each list holds acceptable alternatives, e.g. [["250", "two hundred and fifty"]])'
        )
    if data["kind"] == "out_of_scope" and data["answerable"]:
        raise DatasetError(f"{where}: field 'answerable' must be false for an out_of_scope item")
    if data["answerable"] and not data["doc_ids"]:
        raise DatasetError(f"{where}: field 'doc_ids' is empty for an answerable question")
    split = data.get("split")
    if split is not None and split not in SPLITS:
        raise DatasetError(f"{where}: field 'split' must be one of {SPLITS}, got {split!r}")
    known = set(_REQUIRED) | {"split"}
    return GoldItem(
        **{name: data[name] for name in _REQUIRED},
        split=split,
        extra={k: v for k, v in data.items() if k not in known},
    )


def load_dataset(path: Path) -> list[GoldItem]:
    """Read and validate a JSONL dataset: unique ids, conversations that start at turn 1."""
    if not path.is_file():
        raise DatasetError(f"{path}: no such dataset file")
    items: list[GoldItem] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path.name}:{number}"
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DatasetError(
                f"{where}: not valid JSON ({exc.msg} at column {exc.colno})"
            ) from None
        items.append(parse_item(data, where))
    if not items:
        raise DatasetError(f"{path}: the dataset is empty")
    check_consistency(items, str(path.name))
    return items


def check_consistency(items: Sequence[GoldItem], where: str) -> None:
    """Ids are unique; every conversation has distinct turns starting at 1 and one split."""
    seen: Counter[str] = Counter(item.id for item in items)
    duplicates = sorted(i for i, n in seen.items() if n > 1)
    if duplicates:
        raise DatasetError(f"{where}: duplicate ids {duplicates[:10]}")
    turns: dict[str, list[int]] = {}
    splits: dict[str, set[str | None]] = {}
    for item in items:
        turns.setdefault(item.conversation, []).append(item.turn)
        splits.setdefault(item.conversation, set()).add(item.split)
    for conversation, numbers in turns.items():
        if sorted(numbers) != list(range(1, len(numbers) + 1)):
            raise DatasetError(
                f"{where}: conversation {conversation!r} has turns {sorted(numbers)}; "
                "they must be 1, 2, ... without gaps or repeats"
            )
        if len(splits[conversation]) > 1:
            raise DatasetError(f"{where}: conversation {conversation!r} spans both splits")


def conversations(items: Iterable[GoldItem]) -> list[list[GoldItem]]:
    """Items grouped by conversation, in first-appearance order, each sorted by turn."""
    groups: dict[str, list[GoldItem]] = {}
    for item in items:
        groups.setdefault(item.conversation, []).append(item)
    return [sorted(group, key=lambda i: i.turn) for group in groups.values()]


def split_of(conversation: str) -> str:
    """Stable split for a conversation id: a salted hash, ~30% "held"."""
    digest = hashlib.sha256(f"{SPLIT_SALT}\x1f{conversation}".encode()).digest()
    fraction = int.from_bytes(digest[:8], "big") / 2**64
    return "held" if fraction < HELD_SHARE else "tune"


def check_held_coverage(items: Sequence[GoldItem]) -> None:
    """The held split must test what matters: declines, other languages, follow-ups."""
    held = [i for i in items if i.split == "held"]
    missing = []
    if not any(i.kind == "out_of_scope" for i in held):
        missing.append("out-of-scope")
    if not any(i.lang != "en" for i in held):
        missing.append("foreign-language")
    if not any(i.turn > 1 for i in held):
        missing.append("follow-up")
    if missing:
        raise DatasetError(
            f"the held split has no {', '.join(missing)} questions; add such conversations "
            "(the split is per conversation and never moves)"
        )


def merge_parts(parts: Sequence[Path], out: Path) -> list[GoldItem]:
    """Merge part files into one dataset with a ``split`` on every line; returns the items.

    A line that already names its split keeps it; the others get the hash split.
    """
    if not parts:
        raise DatasetError("no part files to merge")
    items = [item for part in parts for item in load_dataset(part)]
    check_consistency(items, "merged parts")
    for item in items:
        # A part may pin its split (gold_c.jsonl: questions written after all tuning, all held).
        item.split = item.split or split_of(item.conversation)
    check_held_coverage(items)
    write_jsonl(items, out)
    return items


def write_jsonl(items: Iterable[GoldItem], out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as fh:
        for item in items:
            fh.write(json.dumps(item.as_json(), ensure_ascii=False) + "\n")


def select_split(items: Sequence[GoldItem], split: str) -> list[GoldItem]:
    """Items of one split ("tune", "held") or all of them ("all")."""
    if split == "all":
        return list(items)
    if split not in SPLITS:
        raise DatasetError(f"split must be one of tune, held, all; got {split!r}")
    chosen = [i for i in items if i.split == split]
    if not chosen and not any(i.split for i in items):
        raise DatasetError(
            f"the dataset has no split field; use --split all or merge it first "
            f"(`python -m evals.dataset merge`) to select {split!r}"
        )
    return chosen


# -- checking against a corpus -----------------------------------------------------------------


def corpus_texts(corpus: Path) -> dict[str, str]:
    """doc_id -> extracted text, through the ingestion loaders (the same text the index sees)."""
    from assistant.config import Settings
    from ingestion.indexing import discover, prepare

    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    candidates, problems = discover([corpus])
    if problems:
        raise DatasetError(f"cannot read the corpus: {problems}")
    texts: dict[str, str] = {}
    for candidate in candidates:
        prepared = prepare(candidate, settings, known_hash=None)
        if prepared.document is not None:
            texts[prepared.document.doc_id] = prepared.document.text
    return texts


def check_against_corpus(
    items: Sequence[GoldItem], texts: dict[str, str]
) -> tuple[list[str], list[str]]:
    """Errors (unknown doc ids) and warnings (key facts found in none of the item's documents)."""
    from evals.metrics import contains_fact, normalise

    errors: list[str] = []
    warnings: list[str] = []
    normalised = {doc_id: normalise(text) for doc_id, text in texts.items()}
    for item in items:
        unknown = [d for d in item.doc_ids if d not in texts]
        if unknown:
            errors.append(f"{item.id}: unknown doc_ids {unknown}")
            continue
        haystack = " ".join(normalised[d] for d in item.doc_ids)
        for group in item.key_facts:
            if not any(contains_fact(haystack, alt) for alt in group):
                warnings.append(f"{item.id}: key fact {group} not found in {item.doc_ids}")
    return errors, warnings


# -- the CI gate subset ------------------------------------------------------------------------


def select_gate(items: Sequence[GoldItem], size: int = 30) -> list[GoldItem]:
    """A small, fixed subset of the tune split for CI: every kind, declines, languages, follow-up.

    Conversations are taken in a stable hash order until the quotas (6 out-of-scope, 4 in other
    languages, one follow-up conversation, two of each other kind) are met, then topped up.
    """
    tune = [c for c in conversations(items) if c[0].split == "tune"]
    tune.sort(key=lambda c: hashlib.sha256(f"gate\x1f{c[0].conversation}".encode()).hexdigest())
    quotas: Counter[str] = Counter(out_of_scope=6, foreign=4, followup_conversation=1)
    for kind in KINDS:
        if kind not in ("out_of_scope", "followup"):
            quotas[kind] = 2
    chosen: list[list[GoldItem]] = []

    def needs(conv: list[GoldItem]) -> bool:
        if len(conv) > 1:
            return quotas["followup_conversation"] > 0
        item = conv[0]
        return quotas[item.kind] > 0 or (item.lang != "en" and quotas["foreign"] > 0)

    for conv in tune:
        if sum(len(c) for c in chosen) >= size:
            break
        if needs(conv):
            chosen.append(conv)
            if len(conv) > 1:
                quotas["followup_conversation"] -= 1
            for item in conv:
                quotas[item.kind] -= 1
                if item.lang != "en":
                    quotas["foreign"] -= 1
    for conv in tune:
        if sum(len(c) for c in chosen) >= size:
            break
        if conv not in chosen and len(conv) == 1:
            chosen.append(conv)
    order = {c[0].conversation: n for n, c in enumerate(conversations(items))}
    chosen.sort(key=lambda c: order[c[0].conversation])
    return [item for conv in chosen for item in conv]


# -- command line ------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m evals.dataset", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    merge = sub.add_parser("merge", help="merge parts/*.jsonl into gold.jsonl with splits")
    merge.add_argument("--parts", type=Path, default=PARTS_DIR)
    merge.add_argument("--out", type=Path, default=GOLD_PATH)
    check = sub.add_parser("check", help="check doc ids and key facts against the corpus")
    check.add_argument("--dataset", type=Path, default=GOLD_PATH)
    check.add_argument("--corpus", type=Path, default=REPO_CORPUS)
    gate = sub.add_parser("gate", help="write the CI subset from the tune split")
    gate.add_argument("--dataset", type=Path, default=GOLD_PATH)
    gate.add_argument("--out", type=Path, default=GATE_PATH)
    gate.add_argument("--size", type=int, default=30)
    args = parser.parse_args(argv)
    try:
        if args.command == "merge":
            parts = sorted(args.parts.glob("*.jsonl"))
            items = merge_parts(parts, args.out)
            print(summary_line(items, args.out))
        elif args.command == "check":
            items = load_dataset(args.dataset)
            errors, warnings = check_against_corpus(items, corpus_texts(args.corpus))
            for message in warnings:
                print(f"warning: {message}", file=sys.stderr)
            for message in errors:
                print(f"error: {message}", file=sys.stderr)
            print(f"{len(items)} items, {len(errors)} errors, {len(warnings)} warnings")
            return 1 if errors else 0
        else:
            items = load_dataset(args.dataset)
            subset = select_gate(items, args.size)
            write_jsonl(subset, args.out)
            print(summary_line(subset, args.out))
    except DatasetError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


def summary_line(items: Sequence[GoldItem], out: Path) -> str:
    splits = Counter(i.split for i in items)
    kinds = Counter(i.kind for i in items)
    langs = Counter(i.lang for i in items)
    return (
        f"wrote {len(items)} items to {out.name}: splits {dict(splits)}, kinds {dict(kinds)}, "
        f"languages {dict(langs)}"
    )


if __name__ == "__main__":
    raise SystemExit(main())
