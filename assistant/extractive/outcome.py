"""Questions about what came of something, and passages that only state what was meant to.

"Did the policy tour actually lead to green credit lines?", "Did they manage it?", "What did the
fifth seminar decide?": such a question is a near miss when the documents describe the plan (a
tour "to explore funding options", a strategy's target) but not its result, and the right
document comes back with high scores all the same. The answer step checks that what it would
quote is more than an intention, and, for a decision, that it states one.
"""

from __future__ import annotations

import re

_OUTCOME_ASKED = re.compile(
    r"\bdid\b[^?]*\bactually\b|\bhad actually\b|\bactually (?:got|been|happened)\b|"
    r"\bdid \w+ manage\b|\bmanaged to\b|\bhad (?:completed|finished)\b|"
    r"\b(?:did|has|have)\b[^?]*\b(?:lead to|led to|result(?:ed)? in|decide|agree|conclude|"
    r"achieved?|created|delivered)\b|"
    r"\b(?:came|come) out of\b|\bwhat was the outcome\b|\bso far\b|\bto date\b|"
    r"\b(?:was|were) (?:decided|agreed|concluded)\b|"
    r"\bup to now\b|\buntil now\b|\b(?:has|have)\b[^?]*\byet\b|"
    r"\bwhat (?:results?|outcomes?|impacts?|effects?|savings?)\b[^?]*\b(?:did|has|have)\b|"
    # French, German, Spanish: "jusqu'à présent", "a-t-il réussi à", "bisher", "geschafft",
    # "hasta ahora", "ha conseguido", "qué resultados"
    r"\bjusqu'(?:à présent|ici)\b|\bà ce jour\b|\br[ée]ussi\b|\ba (?:permis|abouti)\b|"
    r"\bquels? (?:r[ée]sultats?|effets?)\b|\bd[ée]cid[ée]\b|"
    r"\bbisher\b|\bbis jetzt\b|\bbislang\b|\bgeschafft\b|\berreicht\b|"
    r"\bwelche (?:ergebnisse|wirkung)\b|\bbeschlossen\b|\bherausgekommen\b|"
    r"\bhasta (?:ahora|la fecha)\b|\b(?:ha|han|hab[ií]a) (?:conseguido|logrado)\b|"
    r"\blogr[oó]\b|\bqu[eé] resultados\b|\bdecidi[oó]\b|\bdecidieron\b|\bacord[oó]\b|"
    # "actually" with a past tense: "ont effectivement été formées", "a-t-il vraiment atteint",
    # "wurden tatsächlich geschult", "han sido realmente formadas"
    r"\b(?:a|ont|avait|avaient|[ée]t[ée])(?:-t-\w+)?\s+(?:\w+\s+)?"
    r"(?:effectivement|vraiment|r[ée]ellement)\b|"
    r"\b(?:hat|haben|hatte|hatten|wurde|wurden)\b[^?]*\b(?:tats[äa]chlich|wirklich)\b|"
    r"\b(?:ha|han|hab[ií]a|fue|fueron)\b[^?]*\b(?:realmente|efectivamente|de verdad)\b",
    re.IGNORECASE,
)
# What was to come of it: "Has Kalundborg managed to *become carbon neutral*?", "What *energy
# savings* did the pilots achieve?". Not the subject ("Kalundborg", "the pilots"): a passage on
# the subject is what retrieval finds anyway.
_RESULT_AFTER = re.compile(
    r"\b(?:did|has|have|had)\s+.+?\s+(?:actually\s+)?(?:manage[ds]?\s+to|succeed(?:ed)?\s+in|"
    r"lead\s+to|led\s+to|result(?:ed)?\s+in|achieved?|reach(?:ed)?|meet|met|reduced?|cut|"
    r"create[ds]?|deliver(?:ed)?|become|became)\s+(?P<result>[^?]+)",
    re.IGNORECASE,
)
_RESULT_BEFORE = re.compile(
    r"\b(?:what|which|how much|how many)\s+(?P<result>.+?)\s+(?:did|has|have|had)\b",
    re.IGNORECASE,
)
_DECISION_ASKED = re.compile(
    r"\b(?:decided?|agreed?|concluded?|d[ée]cid\w*|beschlossen|beschlie\w*|decidi\w*|"
    r"acord\w*)\b",
    re.IGNORECASE,
)
_DECISION_STATED = re.compile(
    r"\b(?:decid|agree|conclu|endors|adopt|resolv|recommend|chose|select|approv)\w*",
    re.IGNORECASE,
)
_INTENTION = re.compile(
    r"\b(?:plan(?:s|ned)?|will|aim(?:s|ed)? (?:to|at)|expect(?:s|ed)?|intend(?:s|ed)?|"
    r"propos(?:e|ed|al|als)|targets?|foresee[ns]?|next steps?|to explore|meant to|strategy|"
    r"scheduled|could|estimated|projected|projections?|forecasts?)\b",
    re.IGNORECASE,
)


def asks_outcome(question: str) -> bool:
    """The question asks what actually happened, was achieved or was decided."""
    return bool(_OUTCOME_ASKED.search(question))


def asked_result(question: str) -> str:
    """The words for what was to come of something, if the question names it; "" otherwise."""
    match = _RESULT_AFTER.search(question) or _RESULT_BEFORE.search(question)
    return match.group("result") if match else ""


def asks_decision(question: str) -> bool:
    return bool(_DECISION_ASKED.search(question))


def states_decision(text: str) -> bool:
    return bool(_DECISION_STATED.search(text))


# A result reported: "a 50% reduction", "saved EUR 2 million", "trained 300 staff"
_RESULT_REPORTED = re.compile(
    r"\b(?:reduc(?:ed|tions?)|saved|savings?|cut|avoided|increased|created|trained|reached|"
    r"achieved|lowered|improved|improvements?|gained|won|awarded|led to|brought|resulted|"
    r"reports?|reported|benefits?|results?)\b",
    re.IGNORECASE,
)


def reports_result(text: str) -> bool:
    """The text reports a result ("a 50% reduction", "savings") or a decision."""
    return bool(_RESULT_REPORTED.search(text)) or states_decision(text)


def states_intention(text: str) -> bool:
    """The text speaks of a plan, an aim or a target ("planned next steps", "to explore")."""
    return bool(_INTENTION.search(text))
