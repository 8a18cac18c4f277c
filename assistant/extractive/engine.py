"""The extractive engine: answers by quoting the retrieved passages, with no model and no key."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from assistant.answering import Answer, AnswerEngine, Turn, check_style
from assistant.extractive.compose import Numbering, advisor_draft, decline, render
from assistant.extractive.evidence import Similarity, Tuning, decide
from assistant.extractive.passages import Unit
from assistant.extractive.question import Question, analyse, holds_kind
from assistant.extractive.selection import Budget, plain_definition, select
from assistant.extractive.similarity import UnitSimilarity
from assistant.retrieval import Hit

if TYPE_CHECKING:
    from assistant.config import Settings
    from assistant.embeddings import Embedder


class ExtractiveEngine(AnswerEngine):
    """Quotes the passages that answer the question, or declines plainly."""

    name = "extractive"

    def __init__(self, tuning: Tuning | None = None, similarity: Similarity | None = None) -> None:
        self.tuning = tuning or Tuning()
        # with an embedder, units are also scored by meaning (paraphrases); without, by key terms
        self.similarity = similarity

    def answer(
        self,
        question: str,
        hits: Sequence[Hit],
        *,
        style: str = "sme",
        history: Sequence[Turn] = (),
    ) -> Answer:
        check_style(style)
        asked = analyse(question)
        decision, evidence = decide(asked, hits, self.tuning, self.similarity)
        if decision.declined:
            related = _related_first(asked, hits, evidence.units)
            return decline(
                hits,
                self.name,
                style,
                decision.reason,
                decision.nearest,
                related,
                decision.missing,
            )
        budget = Budget.for_style(style, self.tuning)
        chosen = select(decision.ranked, evidence.units, budget, self.tuning.keep_ratio)
        if style == "sme":
            chosen = plain_definition(asked, decision.ranked, chosen)
        numbering = Numbering(hits)
        if style == "advisor":
            text = advisor_draft(asked, chosen, evidence.units, hits, numbering)
        else:
            text = "\n\n".join(render(chosen, numbering))
        return Answer(text, numbering.sources, False, self.name, style)


def _related_first(question: Question, hits: Sequence[Hit], units: Sequence[Unit]) -> list[Hit]:
    """The passages in the order their documents are offered as related topics: first those
    stating the kind of fact asked (asked for funding, the funding documents), then the rest."""
    stating = {
        u.hit_rank
        for u in units
        if any(holds_kind(k, u.text, question.text) for k in question.kinds)
    }
    order = sorted(range(len(hits)), key=lambda rank: rank not in stating)
    return [hits[rank] for rank in order]


def from_settings(
    spec: str, settings: Settings, embedder: Embedder | None = None
) -> ExtractiveEngine:
    """Registry factory: no model and no key; the retriever's embedder, when given, is reused."""
    return ExtractiveEngine(similarity=UnitSimilarity(embedder) if embedder else None)
