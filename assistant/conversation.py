"""Follow-up resolution: turn "and what about the deadline?" into a question retrieval can use.

With an LLM engine the model rewrites the follow-up into a standalone question. Without one (or
when the model fails) the conversation's topic is carried over deterministically: a question that
looks like a follow-up (opening with "and"/"what about", leaning on "it"/"they"/"there", or short
with no name or subject of its own) gets the key words of the previous question and of the
conversation's subject (the last question that stood alone) appended in brackets.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

import Stemmer

from assistant.errors import UpstreamModelError
from assistant.language import (
    CARRIED_RE,
    STOP_WORDS,
    detect_language,
    fold_word,
    with_topic,
    without_elision,
)
from assistant.lexicon import LEXICON, SUBJECTS

if TYPE_CHECKING:
    from assistant.answering import AnswerEngine, Turn

_OPENERS = re.compile(
    r"^\s*[¿¡]?\s*(?:and|also|so|but|then|what about|how about|what if|and if|same for|"
    r"et|et pour|et si|und|und wenn|y|¿?y (?:si|para)|what else|anything else)\b",
    re.IGNORECASE,
)
# "What about lighting?" after "How can we cut compressed air costs?": the same question about
# another subject, which takes the place of the previous one
_SWAP = re.compile(
    r"^\s*[¿¡]?\s*(?:(?:and\s+)?(?:what|how) about|and for|same for|et pour|et (?:pour )?quid|"
    r"et qu'en est-il|und (?:was ist mit|f[üu]r)|was ist mit|y (?:para|con)|¿?y (?:qu[eé]) "
    r"(?:hay|pasa) con)\b",
    re.IGNORECASE,
)
_ANAPHORA = re.compile(
    r"\b(?:it|its|it's|they|them|their|there|that|this|these|those|such|same|he|she|him|her|"
    r"the (?:scheme|programme|program|project|label|rule|rules|regulation|directive|network|"
    r"platform|fund|standard|group|plan|report|study|company|firm|centre|center)|"
    r"il|elle|ils|elles|cela|ça|celui|celle|cette|ces|er|sie|es|dies|dieses|diese|dieser|"
    r"diesem|diesen|dort|ello|eso|esto|ese|esa|esos|esas|allí|ahí)\b",
    re.IGNORECASE,
)
# "Do we need partners from other countries to apply?": to apply to what was just discussed
_ELLIPTIC = re.compile(
    r"\b(?:to|in order to) (?:apply|join|qualify|register|participate|take part|be eligible|"
    r"sign up)\s*[?.!]*\s*$|"
    r"\bpour (?:postuler|candidater|participer|s'inscrire|y (?:participer|postuler))\s*[?.!]*\s*$|"
    r"\bum (?:teilzunehmen|mitzumachen|uns zu bewerben|einen antrag zu stellen)\s*[?.!]*\s*$|"
    r"\bpara (?:solicitar|participar|postular|inscribirnos|presentarnos)\s*[?.!]*\s*$",
    re.IGNORECASE,
)
_WORD_RE = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*", re.UNICODE)
_STOP = set(
    """a an the and or of to in on for at by with from as is are was were be been do does did
    what which who whom when where why how can could should would will shall may might must
    we our us you your i my me it its they them their there this that these those then than
    what's who's where's when's how's it's that's there's we're i'm we've i've we'd i'd
    they're you're
    so also any some much many more most about into over under if not no yes please tell
    know want need get got have has had just really still yet ever other same such company
    companies firm firms business small medium le la les un une des de du et ou en au aux
    pour par sur est sont quel quelle quels quelles der die das ein eine und oder für mit
    von zu im ist sind wie was welche el los las uno una y o para por con es son qué cuál
    cuáles""".split()  # noqa: SIM905
) | {fold_word(w) for words in STOP_WORDS.values() for w in words}
MAX_TOPIC_WORDS = 8


def _is_stop(word: str) -> bool:
    """A function word of any of the four languages ("kann", "hay", "qu'est-ce")."""
    return word.casefold() in _STOP or fold_word(word) in _STOP


# "the maximum grant", "the registration", "l'enregistrement", "die Gebühr", "el plazo": a thing
# the conversation has named
_DEFINITE = re.compile(
    r"\b(?:the|le|la|les|der|die|das|den|dem|des|el|los|las)\s+[^\W\d_]|\bl['’][^\W\d_]",
    re.IGNORECASE,
)
# "a first one", "which one", "another one": one of what was just discussed
_ONE = re.compile(
    r"\b(?:a|an|the|another|which|this|that)(?:\s+(?:first|new|second|good|similar))?\s+one\b(?!-)",
    re.IGNORECASE,
)
# a Spanish verb with its object pronoun attached: "¿Quién puede solicitarlo?" (apply for it)
_ENCLITIC = re.compile(r"\b[^\W\d_]+(?:ar|er|ir)(?:lo|la|los|las)\b", re.IGNORECASE)
#: A question of this many content words that names nothing and brings no subject of its own
#: ("Which countries can take part?") asks about what was just discussed; with a definite
#: article ("How long is the registration valid?") one word more.
_SHORT_UNNAMED = 3
_SHORT_DEFINITE = 4
#: Names nearly every document uses: "What share did the EU cover?" names nothing new
_EVERYWHERE = frozenset(["eu", "europe", "european", "commission"])
_STEMMER = Stemmer.Stemmer("english")
_SUBJECT_STEMS = frozenset(_STEMMER.stemWords(sorted(SUBJECTS)))


def _stems(text: str) -> set[str]:
    """English stems of a text's words, a French, German or Spanish word's translations too."""
    words: list[str] = []
    for word in _WORD_RE.findall(text):
        folded = fold_word(word)
        words += [folded, *LEXICON.get(folded, ())]
    return set(_STEMMER.stemWords(words))


def new_subjects(question: str, previous: str) -> set[str]:
    """The subjects (a resource, material or sector: "symbiosis", "water") a question brings that
    the last exchange did not mention: "How does industrial symbiosis work?" after a talk about
    LIFE starts a new topic however short it is."""
    return (_stems(question) & _SUBJECT_STEMS) - _stems(previous)


# "What does end-of-waste mean?", "What is a by-product?": a term to define names its own subject
# (not "What is the deadline?", "What does that mean?")
_DEFINE_TERM = re.compile(
    r"^\W*what(?:'s| is| are| does| do)\s+(?:an?\s+)?(?!(?:the|it|that|this|these|those|they|"
    r"its|their|there|needed|required|involved|included|covered|expected|allowed|available|"
    r"possible|eligible|next|new|missing|different|planned|changing|changed)\b)"
    r"[\w'-]+(?:\s+[\w'-]+){0,2}?(?:\s+(?:mean|stand\s+for))?\s*\?\s*$",
    re.IGNORECASE,
)


def is_followup(question: str, previous: str = "") -> bool:
    """True when a question leans on the conversation: an opener, a pronoun, or a short question
    without a name or a new subject of its own ("Which countries can take part?", "How long is
    the registration valid?"). ``previous``: the last exchange, question and answer."""
    content = [w for w in _WORD_RE.findall(question) if not _is_stop(w)]
    if _OPENERS.match(question) or _ELLIPTIC.search(question):
        return True
    if _DEFINE_TERM.match(question):
        return False
    # German capitalises every noun: there only an acronym is a name
    named = [n for n in names(question) if n.casefold() not in _EVERYWHERE]
    if detect_language(question) == "de":
        named = [n for n in named if n.isupper()]
    own_subject = bool(new_subjects(question, previous))
    new_name = any(n.casefold() not in previous.casefold() for n in named)
    if len(content) <= 2 and not (own_subject or new_name):
        return True
    if not (named or own_subject):
        short = _SHORT_DEFINITE if _DEFINITE.search(question) else _SHORT_UNNAMED
        if len(content) <= short:
            return True
    leans = _ANAPHORA.search(question) or _ENCLITIC.search(question) or _ONE.search(question)
    return bool(leans) and len(content) <= 8


# a number that is not a year ("what if we have 260 staff?") is that turn's case, not the topic
# the next question carries on with; a year pins the topic ("the 2012-2013 call")
_SCENE_NUMBER = re.compile(r"^(?!(?:19|20)\d\d\b)\d")
_ACRONYM = re.compile(r"[A-Z]{2,}")


def topic_words(question: str) -> list[str]:
    """The words that say what a question is about, in order, without repeats."""
    words: list[str] = []
    seen: set[str] = set()
    before = ""
    for raw in _WORD_RE.findall(CARRIED_RE.sub("", question)):
        word = raw if _is_stop(raw) else without_elision(raw)  # "l'EMAS": "EMAS"
        key = word.casefold()
        # ... but a number after an acronym names something: "ISO 14005", "EN 16247"
        scene_number = _SCENE_NUMBER.match(key) and not _ACRONYM.fullmatch(before)
        before = word
        if _is_stop(word) or len(key) < 2 or key in seen or scene_number:
            continue
        seen.add(key)
        words.append(word)
    topic = CARRIED_RE.search(question)
    if topic:  # a carried topic travels on to the next follow-up
        for word in _WORD_RE.findall(topic.group(1)):
            if word.casefold() not in seen:
                seen.add(word.casefold())
                words.append(word)
    return words


_NAME_RE = re.compile(r"(?<![.?!]\s)(?<!^)\b(?:[A-Z]{2,}[a-z]?|[A-Z][a-z]+(?:-[A-Z][a-z]+)*)\b")
MAX_NAMES = 3


def names(question: str) -> list[str]:
    """Acronyms and capitalised words inside a question: the programme or place it is about."""
    found: list[str] = []
    # a Spanish question's opening word follows its "¿", but still opens the sentence
    for name in _NAME_RE.findall(CARRIED_RE.sub("", question.strip()).lstrip("¿¡ ")):
        if not _is_stop(name) and name not in found:
            found.append(name)
    return found


def carry_over(question: str, history: Sequence[Turn]) -> str:
    """Deterministic resolution: append the previous question's topic to a follow-up.

    The names of earlier questions come too ("EIC Accelerator" three turns back): a middle turn
    that did not look like a follow-up ("Do we need partners?") must not lose the subject.
    """
    previous: str | None = None
    root = ""  # the last question that stood alone: what the conversation is about
    answer = ""  # the reply to the previous question
    earlier: list[str] = []  # names of earlier questions, the most recent first
    for turn in history:
        if turn.role == "user" and turn.content.strip():
            previous = _resolve_one(turn.content, previous, earlier, answer, root)
            if previous == turn.content:  # it stood alone (or had nothing to carry)
                root = previous
            answer = ""
            named = names(turn.content)
            earlier = named + [n for n in earlier if n not in named]
        elif turn.role == "assistant":
            answer = turn.content
    if previous is None:
        return question
    return _resolve_one(question, previous, earlier, answer, root)


def _resolve_one(
    question: str,
    previous: str | None,
    earlier: Sequence[str] = (),
    answer: str = "",
    root: str = "",
) -> str:
    if previous is None or not is_followup(question, f"{previous}\n{answer}"):
        return question
    own = {w.casefold() for w in _WORD_RE.findall(question)}
    # the previous question's own words, then the conversation's subject; not the aspects of
    # follow-ups before it ("the deadline" two turns back)
    topic = topic_words(CARRIED_RE.sub("", previous)) + topic_words(root or previous)
    if _SWAP.match(question) and new_subjects(question, CARRIED_RE.sub("", previous)):
        # asked the same of another subject: the previous subject ("compressed air") goes,
        # what was asked of it ("cut costs") stays
        topic = [w for w in topic if not _stems(w) & _SUBJECT_STEMS]
    carried = _unique([w for w in topic if w.casefold() not in own])[:MAX_TOPIC_WORDS]
    known = own | {w.casefold() for w in carried}
    carried += [n for n in earlier if n.casefold() not in known][:MAX_NAMES]
    if not carried:
        return question
    return with_topic(question, carried)


def _unique(words: list[str]) -> list[str]:
    """The words without repeats (in any case), in order."""
    first: dict[str, str] = {}
    for word in words:
        first.setdefault(word.casefold(), word)
    return list(first.values())


def standalone_question(
    question: str, history: Sequence[Turn], rewriter: AnswerEngine | None = None
) -> str:
    """Resolve a follow-up against the conversation before retrieval: LLM rewrite if an LLM engine is given, else deterministic topic carry-over."""  # noqa: E501
    if not any(t.role == "user" for t in history):
        return question
    if rewriter is not None and rewriter.can_rewrite:
        try:
            rewritten = rewriter.rewrite_question(question, history).strip()
        except UpstreamModelError:
            rewritten = ""
        if rewritten:
            return rewritten
    return carry_over(question, history)
