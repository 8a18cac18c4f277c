"""The language of a question: English, French, German or Spanish, decided in one place.

BM25 (``assistant.lexical``) adds English translations to a FR/DE/ES query, and the extractive
engine (``assistant.extractive.question``) uses looser floors for one. Both ask this module, so
they cannot disagree on the same question. It imports neither of them.

The rule counts each language's stop words and takes the largest count, English winning ties.
The lists are the engine's former ones: on the gold set they were right on every question, like
BM25's (bm25s) lists, but their English list holds the question words ("what", "does", "who")
that bm25s lacks, so English questions about "Die Grüne Welle" or "Banco de España" stay English.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

Language = Literal["en", "fr", "de", "es"]

#: Words, with inner hyphens and apostrophes kept ("qu'est-ce", "a-t-il", "Poste's"), or numbers.
WORD_RE = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*|\d+(?:[.,]\d+)*%?", re.UNICODE)
#: A follow-up's topic carried over from the previous question (``assistant.conversation``).
CARRIED_RE = re.compile(r"\s*\(about: ([^()]*)\)\s*$")


def with_topic(question: str, words: list[str]) -> str:
    """A follow-up with the topic carried over, in the form ``CARRIED_RE`` reads back."""
    return f"{question.strip()} (about: {' '.join(words)})"


_STOP: dict[Language, str] = {
    "en": """a about above after again against all also am an and any are aren't as at be because
    been before being below between both but by can could did do does doing don't down during each
    else ever few many for from further get gets got had has have having he her here hers him his
    how i if in into is it it's its itself just let me more most much my no nor not now of off on
    once only or other our ours out over own really same she should so some such than that that's
    the their theirs them then there these they this those through to too under until up us very
    was we we're were what what's when where which while who whom why will with would you your
    yours anything something thing things still yet please tell know want need like exactly
    actually kind kinds lot lots one ones way ways say says said may might must shall""",
    "fr": """a au aux avec ce ces cet cette dans de des du elle en est et être il ils je la le les
    leur leurs lui ma mais me même mes moi mon ne nos notre nous on ou où par pas pour qu que quel
    quelle quelles quels qui sa se ses son sont sur ta te tes toi tu un une vos votre vous y
    comment combien quand pourquoi été avons avez ont sera peut faut plus très c d l j m n s t
    est-ce qu'est-ce y a-t-il peuvent doit doivent faire fait avoir chez selon quoi lequel
    laquelle lesquels""",
    "de": """aber als am an auch auf aus bei bin bis bist da damit dann der den des dem die das
    dass du er es ein eine einem einen einer eines für hat habe haben hatten ich ihr im in ist ja
    kann mit muss nach nicht noch nur oder sich sie sind so über um und uns unser unsere vom von
    vor war waren was welche welcher welches wer wie wir wird wo zu zum zur viel viele wann warum
    laut pro mal damit sofort dieses diese dieser jahr welchen welchem gibt es man ob wieviel
    werden wurde wurden können könnte müssen soll sollen mein meine meinen meinem meiner meines
    unserem unseren unserer unseres""",
    "es": """a al algo como con cual cuales cuál cuáles cuando cuándo cuánto cuántos de del el
    ella en entre era es esa ese eso esta este esto hay la las le les lo los me mi mis más muy no
    nos o para pero por qué que quien quién se ser si sin sobre son su sus también te tu un una
    uno y ya cómo dónde cuánta cuántas según puede pueden tiene tienen cada fue fueron está
    están nuestro nuestra nuestros nuestras tenemos tengo hemos somos soy algún alguna algunos
    algunas""",
}


# a phrase in quotes: 'legal requirements', "SME Envoy", ‘core’ (not an apostrophe: "we're")
_QUOTED_RE = re.compile(r"(?:^|(?<=[\s(]))['\"‘“]([^'\"’”]{3,60})['\"’”](?=[\s,.;:?!)]|$)")


def quoted_phrases(text: str) -> list[str]:
    """The phrases a question quotes, folded: the words the user saw somewhere and asks about
    ("Our manual still talks about 'legal requirements'")."""
    return [fold(q) for q in _QUOTED_RE.findall(CARRIED_RE.sub("", text))]


def fold(word: str) -> str:
    """Lower case without accents: a French or Spanish cognate then meets its English stem."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("’", "'")


#: French elision ("d'eau", "l'audit", "qu'une") and inversion ("peut-on", "contient-elle"): the
#: word itself is what a lexicon or a stem must meet.
_ELISION_RE = re.compile(
    r"^(?:l|d|j|m|n|s|t|c|qu|lorsqu|puisqu|jusqu)['’](?=[^\W\d_])", re.IGNORECASE
)
_INVERSION_RE = re.compile(r"(?<=[^\W\d_])-(?:t-)?(?:il|elle|on|ils|elles)$")


def without_elision(word: str) -> str:
    """A word without its French elided article or pronoun, as written: "l'EMAS" -> "EMAS"."""
    return _ELISION_RE.sub("", word)


def fold_word(word: str) -> str:
    """A word of a question, folded, without a French elided article or inverted pronoun."""
    return _INVERSION_RE.sub("", without_elision(fold(word)))


#: Folded stop words per language; the engine also drops their union from a question's terms.
STOP_WORDS: dict[Language, frozenset[str]] = {
    lang: frozenset(fold(w) for w in words.split()) for lang, words in _STOP.items()
}


#: Words only one of the languages uses, common in short questions where the stop words tie
#: ("Was kostet EMAS?": "was" is English too). Counted by the detector, never dropped as stop words.
_MARKERS: dict[Language, str] = {
    "en": "",
    "fr": "coûte coûtent puis-je dois-je faut-il existe-t-il aides signifie signifient",
    "de": """kostet kosten brauche brauchen braucht bekomme bekommen bekommt beantrage beantragen
    förderung förderungen gibt's bedeutet bedeuten heißt funktioniert""",
    "es": "cuesta cuestan necesito puedo ayudas subvención subvenciones significa significan",
}
_MARKER_WORDS: dict[Language, frozenset[str]] = {
    lang: frozenset(fold(w) for w in words.split()) for lang, words in _MARKERS.items()
}


_INVERTED_MARKS = re.compile(r"[¿¡]")


def detect_language(question: str) -> Language:
    """The likeliest of en/fr/de/es by stop-word counts (English when nothing is sure).

    A carried-over topic is ignored: it is an earlier turn's words, not how the user writes now.
    """
    words = [fold(w) for w in WORD_RE.findall(CARRIED_RE.sub("", question))]
    counts = {
        lang: sum(w in stop or w in _MARKER_WORDS[lang] for w in words)
        for lang, stop in STOP_WORDS.items()
    }
    if _INVERTED_MARKS.search(question):  # "¿Qué significa ...?": only Spanish opens with these
        counts["es"] += 2
    best = max(counts, key=lambda lang: counts[lang])
    return best if counts[best] > counts["en"] else "en"


# "Any examples?", "case studies", "Gibt es ein Beispiel?", "¿Hay ejemplos?"
_EXAMPLES_RE = re.compile(
    r"\b(?:examples|(?:an|any|one) example of|case stud(?:y|ies)|success stor(?:y|ies)|exemples?|"
    r"[ée]tudes? de cas|beispiele?|fallstudien?|ejemplos?|casos? de [ée]xito)\b",
    re.IGNORECASE,
)


def asks_for_examples(question: str) -> bool:
    """Whether a question asks for examples or case studies: the case studies answer it."""
    return bool(_EXAMPLES_RE.search(question))
