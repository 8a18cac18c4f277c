"""The focus of a question: the thing whose value it asks for.

"How many *tonnes* of CO2 ...", "What total *budget* did ...", "How big is the SME IPO *Fund*":
an amount, a count or a value answers such a question only when it is stated about that noun. A
passage of the right document giving some other figure ("40% of their costs") is a near miss, not
an answer, and the engine must decline rather than quote it.

The noun phrase is read off the wording, with no parser: the words after "how many", "how much",
"what" (for nouns whose value is a number: "what fine", not "what problems") or "how big is the",
up to the first verb or article. English puts the noun last ("how many Chinese SMEs"), French,
German and Spanish first ("cuántos participantes asistieron"). The other words of the phrase are
its modifiers ("Chinese"), which must be stated too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from assistant.language import STOP_WORDS, fold

_AUX = (
    r"(?:did|does|do|is|are|was|were|will|would|can|could|should|has|have|had|must|may|might|"
    r"shall|est|sont|a|ont|ist|sind|hat|haben|wird|werden|es|son|ha|han|tiene|tienen)"
)
_PHRASE = r"((?:[\w'-]+\s+){0,4}?[\w'-]+)"
_COUNT_RE = re.compile(
    rf"\b(?P<ask>how many|how much(?: more)?)\s+"
    rf"(?:of (?:the|those|these|our|their|its) )?{_PHRASE}(?=\s+{_AUX}\b|\s+of\b|\s*[?,])",
    re.IGNORECASE,
)
# ... in French, German and Spanish the noun comes first and the verb after it, so the phrase
# needs no end: "Wie viel Abfall erzeugt ein KMU je Mitarbeiter?", "¿Cuánta agua gasta un grifo
# que gotea al año?"
_COUNT_FOREIGN_RE = re.compile(
    r"\b(?P<ask>combien d(?:e\b|(?=['’]))|wie viele?|cu[aá]nt[oa]s?)(?:\s+|['’])"
    # "cuánta menos energía", "wie viel mehr Wasser": the noun after the comparative
    r"(?:(?:menos|m[aá]s|moins|plus|weniger|mehr)\s+)?([\w'-]+)",
    re.IGNORECASE,
)
# ... and in English, "how many" and a plural noun before any verb: "How many companies joined
# the I-GO platform in its first year?" (the phrase goes on past five words)
_COUNT_PLURAL_RE = re.compile(r"\bhow many\s+((?:[\w'-]+\s+){0,3}[\w'-]+)", re.IGNORECASE)
_SIZE_RE = re.compile(
    rf"\bhow (?:big|large)\s+(?:is|are|was|were|will be)\s+(?:the\s+|its\s+|their\s+)?"
    rf"{_PHRASE}(?=\s*[?,]|\s+and\b|\s+announced\b|\s+in\b|\s+under\b|\s+of\b)",
    re.IGNORECASE,
)
_VALUE_RE = re.compile(
    rf"\b(?:what|which|quel(?:le)?s?|welche[nmrs]?|cu[aá]l(?:es)?|qu[eé])\s+"
    rf"{_PHRASE}(?=\s+{_AUX}\b|\s+(?:of|des|du|de|der|del)\b)",
    re.IGNORECASE,
)
# "What is the total budget of LIFE?", "Quel est le montant de ...", "Wie hoch ist das Budget?"
_WHAT_IS_RE = re.compile(
    r"\b(?:what(?:'s| is| was| are| were| will be)\s+(?:the|its|their)|"
    r"quel(?:le)?s? (?:est|était|sera|sont) (?:le|la|les|l')|"
    r"(?:wie hoch|was|welche[rs]?) (?:ist|war|sind|waren) (?:der|die|das)|"
    r"cu[aá]l(?:es)? (?:es|era|fue|son) (?:el|la|los|las))\s*"
    rf"{_PHRASE}(?=\s+(?:of|for|in|on|that|under|per|to|de|du|des|d'|pour|für|von|des|del|"
    r"para|en)\b|\s*[?,])",
    re.IGNORECASE,
)
# What a measure noun is of: "the amount *of the SME IPO fund*", "le montant *du fonds*".
_OWNER_RE = re.compile(
    r"\s*(?:of|du|de la|de l'|des|de|del|de los|de las|von|vom|der)\s+(?:the\s+)?"
    r"((?:[\w'-]+\s+){0,4}[\w'-]+)",
    re.IGNORECASE,
)
# Words that end the noun phrase: an article, a verb, "kind of".
_NOT_NOUN = re.compile(
    r"^(?:of|the|a|an|de|la|le|les|der|die|das|el|los|las|\w+ed|bought|sold|got|won|made|gave|"
    r"paid|spent|kind|kinds|sort|type|types)$",
    re.IGNORECASE,
)
#: Nouns that only restate the kind asked ("how much money", "what date"): nothing more to find.
_MEASURE_NOUNS = frozenset(
    """money time date year years day days people persons annee annees dinero geld argent
    personnes leute personas value wert valeur valor amount montant betrag""".split()  # noqa: SIM905
)
#: A share is stated by a percentage, whatever noun the passage uses.
_SHARE_NOUNS = frozenset(
    """share percentage proportion rate part parte anteil quote porcentaje pourcentage prozent
    taux tasa""".split()  # noqa: SIM905
)
#: A limit is stated by a bound ("< 50", "up to EUR 2.5 million", "at least 10"), whatever the
#: passage calls it.
_BOUND_NOUNS = frozenset(
    """limit limits threshold thresholds ceiling cap maximum minimum seuil plafond limite
    schwelle obergrenze grenze umbral tope""".split()  # noqa: SIM905
)
_BOUND = re.compile(
    r"[<>≤≥]|\b(?:up to|at (?:most|least)|maximum|minimum|max\.?|min\.?|more than|less than|"
    r"fewer than|not (?:more than|exceed)|exceed|below|above|under|over|ceiling|cap(?:ped)?)\b",
    re.IGNORECASE,
)
#: Nouns whose value is a number, a share or a bound: "what minimum score", "what fine".
VALUE_NOUNS = (
    frozenset(
        """budget budgets fine fines penalty penalties sanction sanctions sanktion sanktionen
        sancion sanciones score scores target targets value values
        fee fees price prices cost costs salary wage
        amount size wert valeur valor montant betrag presupuesto gebuhr gebuhren frais tarif cuota
        importe coste costo kosten preis prix precio objectif ziel objetivo meta amende bussgeld
        multa""".split()  # noqa: SIM905
    )
    | _SHARE_NOUNS
    | _BOUND_NOUNS
)
#: Modifiers that narrow nothing down: "what *total* budget", "what *minimum* score".
_VAGUE = frozenset(
    """total overall minimum maximum max min average typical usual current new main annual
    yearly monthly exact approximate rough more""".split()  # noqa: SIM905
)
#: Words for a kind of body that a modifier names better: "how many member organisations" is
#: answered by "nearly 70 members".
_KINDS_OF_BODY = frozenset(
    "organisations organizations bodies entities institutions".split()  # noqa: SIM905
)
#: Who is counted: "how many companies" is answered by a number of firms, SMEs or businesses.
FIRM_WORDS = frozenset(
    """company companies firm firms business businesses enterprise enterprises sme smes msme msmes
    entreprise entreprises pme pmes unternehmen firmen kmu empresa empresas pyme
    pymes""".split()  # noqa: SIM905
)
_SIZES = frozenset(["small", "medium", "large", "big", "micro"])
_STOP = frozenset().union(*STOP_WORDS.values())


@dataclass(frozen=True)
class Focus:
    """The words of the focus phrase (folded, unstemmed) and the kind of fact asked about it."""

    noun: str
    modifiers: tuple[str, ...]
    kind: str  # amount | count | value
    # "what *share* of applicants": the share word; the noun is then what it is a share of
    share: str = ""


#: An English plural ("products", "SMEs", "tonnes"), not "process", "bus" nor "its"
_PLURAL = re.compile(r"^[^\W\d_]{2,}[^su\W]s$")


def _phrase(text: str, english: bool) -> tuple[str, tuple[str, ...]] | None:
    """The noun and its modifiers, cut at the first verb or article."""
    words: list[str] = []
    for word in text.split():
        if _NOT_NOUN.match(word) or fold(word) in _STOP:
            break
        words.append(fold(word).removesuffix("'s"))
        if english and _PLURAL.search(word):
            break  # "how many products carry the label": a verb may follow the plural noun
    if not words:
        return None
    if not english:  # the noun comes first; what follows is the rest of the sentence
        return (words[0], ()) if words[0] not in _SIZES else None
    noun = words[-1]
    if noun in _SIZES:  # "how many small and medium firms": the phrase goes on past "and"
        return None
    modifiers = tuple(w for w in words[:-1] if w not in _VAGUE and not w.isdigit())
    return noun, modifiers


def _verb_after(ask: str, phrase: str) -> bool:
    """The word after "wie viel" or "cuánto" is a verb, not what is counted: "Wie viel *kostet*
    das Umweltzeichen?" (German nouns are capitalised), "¿Cuánto *ahorra* una empresa?" (after
    the bare masculine "cuánto", a noun is masculine: "cuánto dinero", "cuánto tiempo")."""
    first = phrase.split()[0]
    if ask.lower().startswith("wie"):
        return not first[:1].isupper()
    if re.fullmatch(r"cu[aá]nto", ask, re.IGNORECASE):
        return not fold(first).endswith("o")
    return False


# "How much did it cost to set up?", "What does the label cost?": the amount asked is a cost (a
# fee, a price), not any figure of the document (the savings it brought); in French, German and
# Spanish too ("Combien a coûté ...?", "Was kostet ...?", "¿Cuánto cuesta ...?"): the focus noun
# is the English "cost", found in the English passages.
_COST_RE = re.compile(
    r"\bhow much (?:does|did|do|will|would|could|can|might)\b[^?]*\bcost\b|"
    r"\bwhat (?:does|do|did|would|will)\b[^?]{0,60}?\bcost\b|\bhow expensive\b|"
    r"\bcombien (?:(?:a|ont|avait|aurait|va|vont) )?co[uû]t\w*|\bwas kostete?\b|"
    r"\bcu[aá]nto (?:cuesta|cost[oó]|costaron|cuestan)\b",
    re.IGNORECASE,
)


def find_focus(question: str, english: bool) -> Focus | None:
    """The focus phrase of a question (no carried-over topic), if its wording shows one."""
    if _COST_RE.search(question):
        return Focus("cost", (), "amount")
    for match in (_COUNT_RE if english else _COUNT_FOREIGN_RE).finditer(question):
        found = _phrase(match.group(2), english)
        if found and not english and _verb_after(match.group("ask"), match.group(2)):
            continue
        if found:
            noun, modifiers = found
            # French "combien de" is both: "combien d'eau" (no plural) asks an amount
            much = re.match(r"how much|wie viel\b|cu[aá]nt[oa]\b", match.group("ask"), re.I) or (
                match.group("ask").lower().startswith("combien") and not noun.endswith(("s", "x"))
            )
            if noun in _KINDS_OF_BODY and modifiers:  # "member organisations": members
                noun, modifiers = modifiers[-1], modifiers[:-1]
            return Focus(noun, modifiers, "amount" if much else "count")
    for match in _COUNT_PLURAL_RE.finditer(question) if english else ():
        found = _phrase(match.group(1), english)
        if found and (_PLURAL.match(found[0]) or found[0] in ("people", "staff")):
            return Focus(found[0], found[1], "count")
    for match in _SIZE_RE.finditer(question):
        found = _phrase(match.group(1), english)
        if found:
            return Focus(found[0], found[1], "amount")
    for pattern in (_VALUE_RE, _WHAT_IS_RE):
        for match in pattern.finditer(question):
            found = _phrase(match.group(1), english)
            if not found:
                continue
            owner = _OWNER_RE.match(question[match.end() :])
            of = owner.group(1) if owner else ""
            if found[0] in _MEASURE_NOUNS:  # "the amount of the fund": the fund
                measured = _phrase(of, english) if of else None
                if measured and measured[0] not in _MEASURE_NOUNS:
                    return Focus(measured[0], measured[1], "amount")
            elif found[0] in _SHARE_NOUNS and english and (owned := _owned(of)):
                # "what percentage of Horizon Europe proposals": a share of proposals
                return Focus(owned[0], owned[1], "value", share=found[0])
            elif found[0] in VALUE_NOUNS:  # a share of nothing named is a value too
                rate_of = _RATE_OF.match(question[match.end() :]) if not english else None
                if found[0] in _SHARE_NOUNS and not found[1] and rate_of:
                    # "le taux d'intérêt", "la tasa de éxito": the rate's own modifier
                    return Focus(found[0], (fold(rate_of.group(1)),), "value")
                return Focus(found[0], found[1], "value")
    if english:
        return _value_noun(question)
    return None


# What a French or Spanish rate is of: "taux d'intérêt", "tasa de éxito" (not "de la", "des")
_RATE_OF = re.compile(r"\s*d(?:['’]|e\s+)(?!la\b|las?\b|los\b|l['’]|el\b)(\w+)", re.IGNORECASE)


# "What fine applies ...?", "Which minimum score counts ...?": a value noun right after "what",
# before a verb the patterns above cannot tell from a noun (English questions only: a French or
# German noun after "quel", "welche" may have no English word to be found by)
_WHAT_NOUN_RE = re.compile(r"\b(?:what|which)\s+([\w'-]+)(?:\s+([\w'-]+))?", re.IGNORECASE)


def _value_noun(question: str) -> Focus | None:
    """A value noun after "what", alone ("what fine") or with one modifier ("what minimum
    score"); not a share or a limit, which the figure's form says already."""
    said = _SHARE_NOUNS | _BOUND_NOUNS
    for match in _WHAT_NOUN_RE.finditer(question):
        first, second = fold(match.group(1)), fold(match.group(2) or "")
        if first in VALUE_NOUNS and first not in said:
            return Focus(first, (), "value")
        if second in VALUE_NOUNS and second not in said and first not in _STOP:
            return Focus(second, () if first in _VAGUE else (first,), "value")
    return None


def _owned(text: str) -> tuple[str, tuple[str, ...]] | None:
    """What a share is of: the words after "of", up to a verb or article, or to the first
    plural ("Horizon Europe *proposals* end up funded", "applicants actually get funded")."""
    words: list[str] = []
    for word in text.split():
        folded = fold(word).strip("'")
        adjective = not words and folded.endswith("ed")  # "of *recycled* plastic"
        if (_NOT_NOUN.match(word) and not adjective) or folded in _STOP or not folded.isalpha():
            break
        words.append(folded)
        plural = word.islower() or re.fullmatch(r"[A-Z]{2,}s", word)  # "SMEs" too
        if plural and len(folded) > 3 and folded.endswith("s") and folded[-2] != "s":
            break
    if not words or words[-1] in _MEASURE_NOUNS or words[-1] in _SHARE_NOUNS:
        return None
    return words[-1], tuple(w for w in words[:-1] if w not in _VAGUE)


#: A share is stated as one: "60%", "per cent", "half of", "two thirds", "one in five"; not
#: "half points" nor "a third call".
_SHARE_FIGURE = re.compile(
    r"%|\bper ?cent\b|\bhalf (?:of|the)\b|\b(?:a|one|two) thirds?\b(?= of\b)|\btwo thirds\b|"
    r"\b(?:a|one|three) quarters?\b(?= of\b)|\bone in \w+\b",
    re.IGNORECASE,
)


def states_share(focus: Focus, text: str) -> bool:
    """Asked what share of something, a text states a share ("60%"), not another figure."""
    return not focus.share or bool(_SHARE_FIGURE.search(text))


def states_bound(focus: Focus, text: str) -> bool:
    """A limit is named by the bound the text states ("< 50"), not only by the word "limit"."""
    return focus.noun in _BOUND_NOUNS and bool(_BOUND.search(text))


def said_by_figure(focus: Focus) -> bool:
    """A share or a limit is said by the figure's own form ("42%", "< 50"): the noun is the kind
    of fact asked, like "how often", not what the question is about."""
    return bool(focus.share) or focus.noun in _SHARE_NOUNS or focus.noun in _BOUND_NOUNS


def needs_stating(focus: Focus) -> bool:
    """Whether the focus noun must be found beside the figure ("tonnes"), or the figure says it
    already ("how much money": an amount; "what share": a percentage)."""
    return focus.noun not in _MEASURE_NOUNS and focus.noun not in _SHARE_NOUNS


def named_share(focus: Focus) -> Focus | None:
    """A share named by its modifiers ("the *success* rate", "the *co-financing* rate"): a
    percentage answers it only where they are stated too (a 70% funding rate is no success
    rate). A bare share ("what percentage is recycled?") is still answered by a percentage
    only, not by "30 tonnes".

    The share word is then both the noun and the share: the figure says it."""
    if focus.noun not in _SHARE_NOUNS or focus.share:
        return None
    return replace(focus, share=focus.noun)
