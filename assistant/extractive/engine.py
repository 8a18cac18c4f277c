"""The extractive engine: answers by quoting the retrieved passages, with no model and no key."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from assistant.answering import Answer, AnswerEngine, Turn, check_style
from assistant.extractive.compose import Numbering, advisor_draft, decline, render
from assistant.extractive.evidence import Tuning, decide
from assistant.extractive.question import analyse
from assistant.extractive.selection import Budget, select
from assistant.retrieval import Hit

if TYPE_CHECKING:
    from assistant.config import Settings


class ExtractiveEngine(AnswerEngine):
    """Quotes the passages that answer the question, or declines plainly."""

    name = "extractive"

    def __init__(self, tuning: Tuning | None = None) -> None:
        self.tuning = tuning or Tuning()

    def answer(
        self,
        question: str,
        hits: Sequence[Hit],
        *,
        style: str = "sme",
        history: Sequence[Turn] = (),
    ) -> Answer:
        check_style(style)
        decision, evidence = decide(analyse(question), hits, self.tuning)
        if decision.declined:
            return decline(hits, self.name, style, decision.reason)
        budget = Budget.for_style(style, self.tuning)
        chosen = select(decision.ranked, evidence.units, budget, self.tuning.keep_ratio)
        numbering = Numbering(hits)
        if style == "advisor":
            text = advisor_draft(chosen, evidence.units, hits, numbering)
        else:
            text = "\n\n".join(render(chosen, numbering))
        return Answer(text, numbering.sources, False, self.name, style)


def from_settings(spec: str, settings: Settings) -> ExtractiveEngine:
    """Registry factory: the engine needs no settings (no model, no key)."""
    return ExtractiveEngine()
