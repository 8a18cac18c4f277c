"""How much to quote: the length policy of each answer style.

A plain (sme) answer is a few units: the best-scoring sentences or rows, and a list or table whole
when one of its items is picked (a list cut in half misleads; past the budget of whole lists, a
table row may still come alone), and a sentence that leans on the one before it ("It offers
...") with that sentence. An advisor draft takes more. Units are then put in reading order
within each passage, passages in the order of their best unit, so the answer starts with the
passage that answers the question best.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.extractive.evidence import Tuning
from assistant.extractive.passages import Unit, antecedents, row_cells, unit_before
from assistant.extractive.question import Question, defines
from assistant.language import fold


@dataclass(frozen=True)
class Budget:
    """Units (a whole list or table counts as one) and whole lists an answer may hold."""

    units: int
    lists: int
    list_items: int

    @classmethod
    def for_style(cls, style: str, tuning: Tuning) -> Budget:
        if style == "advisor":
            return cls(tuning.max_units_advisor, tuning.max_lists_advisor, tuning.max_list_items)
        return cls(tuning.max_units_sme, tuning.max_lists_sme, tuning.max_list_items)


def _group_of(unit: Unit, units: Sequence[Unit]) -> list[Unit]:
    """The whole list or table a unit belongs to, or that a sentence ending in ':' introduces."""
    group = unit.group
    if not unit.grouped:
        if not unit.text.endswith(":"):
            return []
        after = [
            u
            for u in units
            if u.hit_rank == unit.hit_rank and u.position == unit.position + 1 and u.grouped
        ]
        if not after:
            return []
        group = after[0].group
    return [
        u
        for u in units
        if u.group == group and u.grouped and (u.hit_rank == unit.hit_rank or u.spans_passages)
    ]


_BOLD_RE = re.compile(r"\*\*(.+?)\*\*")


def _head(unit: Unit) -> str | None:
    """What a list item or table row is about: its bold lead ("**Prevention** – ...") or, in a
    row, its first cell that is not a number."""
    bold = _BOLD_RE.search(unit.text)
    if bold:
        return fold(bold.group(1).strip(" :.–-"))
    if unit.kind == "row":
        for cell in row_cells(unit.text):
            if cell and not cell.isdigit():
                return fold(cell)
    return None


def _repeats(group: Sequence[Unit], chosen: Sequence[Unit]) -> bool:
    """Whether a list or table names the same things, item by item, as one already quoted: the
    waste hierarchy's five steps as a table in one source and as a list in another."""
    heads = [_head(u) for u in group]
    known = {_head(u) for u in chosen if u.grouped} - {None}
    return len(heads) >= 3 and sum(h in known for h in heads) >= 0.8 * len(heads)


def _said(unit: Unit, chosen: Sequence[Unit]) -> bool:
    """Whether a sentence says what a sentence of another passage already quoted says: nearly all
    its words are there ("LIFE is the only EU programme dedicated entirely to environment and
    climate action", after "... dedicated entirely to environmental and climate objectives")."""
    if unit.kind != "sentence" or len(unit.terms) < 4:
        return False
    return any(
        u.kind == "sentence"
        and u.hit_rank != unit.hit_rank
        and len(unit.terms & u.terms) >= 0.75 * min(len(unit.terms), len(u.terms))
        for u in chosen
    )


def _lead_sentence(unit: Unit, units: Sequence[Unit]) -> Unit | None:
    """The sentence right before a list item that leads its list, if the item is the first."""
    if unit.kind != "item" or not unit.lead:
        return None
    before = unit_before(unit, units)
    return before if before and before.kind == "sentence" and before.text == unit.lead else None


def select(
    ranked: Sequence[Unit], units: Sequence[Unit], budget: Budget, keep: float
) -> list[Unit]:
    """The best units within the budget, lists kept whole, in a readable order."""
    if not ranked:
        return []
    best = ranked[0].score
    chosen: list[Unit] = []
    picked: set[int] = set()
    used = lists = 0
    for unit in ranked:
        if used >= budget.units or unit.score < keep * best:
            break
        if id(unit) in picked:
            continue
        group = _group_of(unit, units)
        if group and not unit.grouped and lists >= budget.lists:
            continue  # a lead-in ("... only if:") without its list says nothing
        if group and not any(id(u) in picked for u in group) and _repeats(group, chosen):
            continue  # the same steps or models another source's list already gave
        if not group and _said(unit, chosen):
            continue  # two documents saying the same sentence
        # an item picked after the list budget is spent brings its whole list all the same:
        # "The extension is granted only if:" with one of its three conditions misleads. A
        # table row may stand alone under its header (the row for small firms)
        if group and (lists < budget.lists or unit.kind == "item"):
            lists += 1
            members = [unit] if not unit.grouped else []
            members += [u for u in group if id(u) not in picked][: budget.list_items]
        else:
            members = [unit]
        # "It offers a grant ..." comes with the sentence saying what "it" is (unless another
        # source's sentence quoted already says it); so does a list led by "It estimated that:"
        before = antecedents(_lead_sentence(members[0], units) or unit, units)
        members = [u for u in before if id(u) not in picked and not _said(u, chosen)] + members
        for member in members:
            picked.add(id(member))
            chosen.append(member)
        used += 1
    return reading_order(chosen)


def plain_definition(
    question: Question, ranked: Sequence[Unit], chosen: Sequence[Unit]
) -> list[Unit]:
    """Asked what a term is, a plain answer opening with a sentence that defines it keeps to that
    sentence's passage: "What is industrial symbiosis?" is answered by the definition and what
    follows it, not by the details of a meeting of the "BSR Industrial Symbiosis Council". When
    the definition is all its passage gives ("EMAS is the EU's voluntary environmental
    management scheme."), the rest stays."""
    if not question.defined or not ranked or not defines(question.defined, ranked[0].text):
        return list(chosen)
    same = [u for u in chosen if u.hit_rank == ranked[0].hit_rank]
    return same if len(same) > 1 else list(chosen)


def reading_order(chosen: Sequence[Unit]) -> list[Unit]:
    """Units chosen best first, put in reading order within each passage, passages in the order
    of their best unit."""
    first: dict[int, int] = {}
    for unit in chosen:  # ranked order: a passage's first chosen unit is its best
        first.setdefault(unit.hit_rank, len(first))
    ordered = sorted(chosen, key=lambda u: (first[u.hit_rank], u.position))
    # a heading list's items come from several passages: keep them together, in document order
    for heading_list in {u.group for u in ordered if u.spans_passages}:
        members = sorted((u for u in ordered if u.group == heading_list), key=lambda u: u.order)
        at = next(i for i, u in enumerate(ordered) if u.group == heading_list)
        rest = [u for u in ordered if u.group != heading_list]
        ordered = rest[:at] + members + rest[at:]
    return ordered
