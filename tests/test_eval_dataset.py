"""Gold dataset files: validation messages, the split, the corpus check, the CI subset."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from evals.dataset import (
    GATE_PATH,
    GOLD_PATH,
    REPO_CORPUS,
    DatasetError,
    check_against_corpus,
    check_held_coverage,
    corpus_texts,
    load_dataset,
    merge_parts,
    select_gate,
    select_split,
    split_of,
)

FIXTURE_QUESTIONS = Path(__file__).parent / "fixtures" / "eval" / "questions.jsonl"
FIXTURE_CORPUS = Path(__file__).parent / "fixtures" / "corpus"


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(x) for x in path.read_text("utf-8").splitlines() if x.strip()]


def _write(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_a_missing_field_is_reported_with_its_file_line_and_name(tmp_path: Path) -> None:
    rows = _lines(FIXTURE_QUESTIONS)
    del rows[1]["kind"]
    with pytest.raises(DatasetError, match=r"bad\.jsonl:2: field 'kind' is missing"):
        load_dataset(_write(tmp_path / "bad.jsonl", rows))


def test_a_wrong_value_or_broken_json_names_the_line_and_field(tmp_path: Path) -> None:
    rows = _lines(FIXTURE_QUESTIONS)
    rows[2]["lang"] = "it"
    with pytest.raises(DatasetError, match=r"bad\.jsonl:3: field 'lang' must be one of"):
        load_dataset(_write(tmp_path / "bad.jsonl", rows))
    rows = _lines(FIXTURE_QUESTIONS)
    rows[0]["key_facts"] = [["ok"], []]
    with pytest.raises(DatasetError, match=r":1: field 'key_facts'"):
        load_dataset(_write(tmp_path / "bad.jsonl", rows))
    path = _write(tmp_path / "broken.jsonl", _lines(FIXTURE_QUESTIONS)[:2])
    path.write_text(path.read_text("utf-8") + '{"id": "x",\n', encoding="utf-8")
    with pytest.raises(DatasetError, match=r"broken\.jsonl:3: not valid JSON"):
        load_dataset(path)


def test_a_follow_up_without_its_first_turn_is_refused(tmp_path: Path) -> None:
    rows = [r for r in _lines(FIXTURE_QUESTIONS) if r["id"] != "f01"]
    with pytest.raises(DatasetError, match="conversation 'fc1' has turns \\[2\\]"):
        load_dataset(_write(tmp_path / "gap.jsonl", rows))


def test_merge_assigns_one_stable_split_per_conversation(tmp_path: Path) -> None:
    base = _lines(FIXTURE_QUESTIONS)
    rows = []
    for n in range(60):  # 60 conversations of two turns, with out-of-scope and French ones
        first = dict(base[0], id=f"q{n}a", conversation=f"c{n}")
        if n % 5 == 0:
            first.update(kind="out_of_scope", answerable=False, doc_ids=[], key_facts=[])
        if n % 7 == 0:
            first["lang"] = "fr"
        rows += [first, dict(base[1], id=f"q{n}b", conversation=f"c{n}")]
    part = _write(tmp_path / "part.jsonl", rows)
    merged = merge_parts([part], tmp_path / "gold.jsonl")
    again = merge_parts([part], tmp_path / "gold2.jsonl")
    assert (tmp_path / "gold.jsonl").read_bytes() == (tmp_path / "gold2.jsonl").read_bytes()
    assert [i.split for i in merged] == [i.split for i in again]
    by_conversation: dict[str, set[str | None]] = {}
    for item in merged:
        by_conversation.setdefault(item.conversation, set()).add(item.split)
    assert all(len(s) == 1 for s in by_conversation.values())
    held = sum(1 for s in by_conversation.values() if s == {"held"})
    assert 0.15 <= held / 60 <= 0.45
    assert {i.split for i in load_dataset(tmp_path / "gold.jsonl")} == {"tune", "held"}
    assert split_of("c1") == split_of("c1")


def test_held_split_without_declines_languages_or_follow_ups_is_refused() -> None:
    items = load_dataset(FIXTURE_QUESTIONS)
    for item in items:
        item.split = "held" if item.kind == "fact" and item.turn == 1 else "tune"
    with pytest.raises(DatasetError, match="out-of-scope, foreign-language, follow-up"):
        check_held_coverage(items)


def test_corpus_check_reports_unknown_documents_and_missing_key_facts() -> None:
    items = load_dataset(FIXTURE_QUESTIONS)
    texts = corpus_texts(FIXTURE_CORPUS)
    assert {"sme-thresholds", "symbiosis-news", "water-saving"} <= set(texts)
    errors, warnings = check_against_corpus(items, texts)
    assert errors == [] and warnings == []
    items[0].doc_ids = ["no-such-document"]
    items[2].key_facts = [["1972"], ["a fact nobody wrote"]]
    errors, warnings = check_against_corpus(items, texts)
    assert errors == ["f01: unknown doc_ids ['no-such-document']"]
    assert len(warnings) == 1 and "a fact nobody wrote" in warnings[0]


def test_gold_set_is_valid_and_its_held_split_tests_declines_languages_follow_ups() -> None:
    items = load_dataset(GOLD_PATH)
    assert len(items) >= 150
    assert all(i.split in ("tune", "held") for i in items)
    check_held_coverage(items)
    kinds = Counter(i.kind for i in items)
    assert kinds["out_of_scope"] >= 25
    assert sum(1 for i in items if i.lang != "en") >= 20
    errors, _warnings = check_against_corpus(items, corpus_texts(REPO_CORPUS))
    assert errors == []


def test_gate_subset_is_tune_only_and_keeps_follow_ups_with_their_first_turn() -> None:
    gold = {i.id: i for i in load_dataset(GOLD_PATH)}
    gate = load_dataset(GATE_PATH)
    assert 20 <= len(gate) <= 40
    assert all(i.id in gold and gold[i.id].split == "tune" for i in gate)
    assert any(i.kind == "out_of_scope" for i in gate)
    assert any(i.turn > 1 for i in gate)
    assert select_split(gate, "held") == []


def test_gate_selection_takes_whole_tune_conversations_with_every_kind() -> None:
    gold = load_dataset(GOLD_PATH)
    subset = select_gate(gold, size=30)
    assert 25 <= len(subset) <= 35
    assert all(i.split == "tune" for i in subset)
    assert {i.kind for i in subset} == {i.kind for i in gold}
    assert sum(1 for i in subset if i.kind == "out_of_scope") >= 6
    turns = Counter(i.conversation for i in subset)
    full = Counter(i.conversation for i in gold)
    assert all(turns[c] == full[c] for c in turns)
