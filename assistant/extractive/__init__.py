"""The extractive answer engine: cited answers quoted from the retrieved passages, no model.

question.py   what a question asks: language, key terms, kind of fact, anchors
focus.py      the noun whose value is asked ("how many *tonnes*"), which a figure must be about
outcome.py    questions about what came of a plan, and passages that only state the plan
passages.py   passages cut into quotable units (sentences, list items, table rows)
evidence.py   which passages hold what was asked; decline when none does
similarity.py units scored by meaning with the retriever's embedder (paraphrases)
selection.py  how much to quote per answer style
compose.py    the cited Markdown answer, the advisor draft, the plain decline
engine.py     ``ExtractiveEngine``, registered as "extractive"
"""

from assistant.extractive.engine import ExtractiveEngine, from_settings
from assistant.extractive.evidence import Tuning
from assistant.extractive.question import Question, analyse, asked_kinds, holds_kind

__all__ = [
    "ExtractiveEngine",
    "Question",
    "Tuning",
    "analyse",
    "asked_kinds",
    "from_settings",
    "holds_kind",
]
