"""The extractive engine: answers by quoting the retrieved passages, with no model and no key.

Passages are cut into units (sentences, list items, table rows with their header). Each unit is
scored against the question: its stemmed key terms (weighted by rarity among the passages), its
numbers and acronyms, whether the unit holds the kind of fact asked for (an amount, a date, a
count, a duration), and the passage's retrieval rank. The best units are quoted verbatim, each
followed by its marker, lists kept as lists and table rows under their header.

Declining is decided here, not from retrieval scores: near-miss questions (a figure the right
document never gives, the outcome of something it only plans) retrieve the right document with
high scores. The engine declines when the selected units do not hold enough of the question's key
terms, or hold none of the asked kind of fact. Passage text is data: nothing in it is obeyed, it
can only be quoted when it scores as an answer.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from assistant.answering import (
    DECLINE_PREFIX,
    Answer,
    AnswerEngine,
    Turn,
    check_style,
    format_source_list,
)
from assistant.retrieval import Hit

if TYPE_CHECKING:
    from assistant.config import Settings

# -- words -------------------------------------------------------------------------------------

_STOP = {
    "en": """a about above after again against all also am an and any are aren't as at be because
    been before being below between both but by can could did do does doing don't down during each
    else ever few for from further get gets got had has have having he her here hers him his how i
    if in into is it it's its itself just let me more most much my no nor not now of off on once
    only or other our ours out over own really same she should so some such than that that's the
    their theirs them then there these they this those through to too under until up us very
    was we we're were what what's when where which while who whom why will with would you your
    yours anything something thing things still yet please tell know want need like exactly
    actually kind kinds lot lots one ones way ways say says said""",
    "fr": """a au aux avec ce ces cet cette dans de des du elle en est et être il ils je la le les
    leur leurs lui ma mais me même mes moi mon ne nos notre nous on ou où par pas pour qu que quel
    quelle quelles quels qui sa se ses son sont sur ta te tes toi ton tu un une vos votre vous y
    comment combien quand pourquoi été avons avez ont sera peut faut plus très c d l j m n s t""",
    "de": """aber als am an auch auf aus bei bin bis bist da damit dann der den des dem die das
    dass du er es ein eine einem einen einer eines für hat habe haben hatten ich ihr im in ist ja
    kann mit muss nach nicht noch nur oder sich sie sind so über um und uns unser unsere vom von
    vor war waren was welche welcher welches wer wie wir wird wo zu zum zur viel viele wann warum
    laut pro mal damit sofort dieses diese dieser jahr""",
    "es": """a al algo como con cual cuales cuál cuáles cuando cuándo cuánto cuántos de del el
    ella en entre era es esa ese eso esta este esto hay la las le les lo los me mi mis más muy no
    nos o para pero por qué que quien quién se ser si sin sobre son su sus también te tu un una
    uno y ya cómo dónde""",
}
# Words that say what kind of question it is, not what it is about.
_GENERIC = set(
    """company companies firm firms business businesses we our us small medium enterprise
    enterprises sme smes give gives mean means meaning explain describe example examples
    main key different difference differ between compare compared anyone someone somebody
    use used using help get make makes made new current currently exist exists available
    provide provides offer offers possible according per whether""".split()  # noqa: SIM905
)
_ALL_STOP = {w for words in _STOP.values() for w in words.split()}
_WORD_RE = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*|\d+(?:[.,]\d+)*%?", re.UNICODE)
_ACRONYM_RE = re.compile(r"\b[A-Z][A-Z0-9]{1,}s?\b")
_YEAR_RE = re.compile(r"\b(?:19|20)\d{2}\b")
_NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)*")


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    import Stemmer

    return Stemmer.Stemmer("english")


def _fold(word: str) -> str:
    """Lower case without accents: a French or Spanish cognate then meets its English stem."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("’", "'")


def _stem(word: str) -> str:
    return str(_stemmer().stemWord(_fold(word)))


def _terms(text: str) -> list[str]:
    """Stemmed words of a text, hyphenated words also split into their parts."""
    out: list[str] = []
    for raw in _WORD_RE.findall(text):
        word = _fold(raw)
        out.append(_stem(word))
        if "-" in word:
            out.extend(_stem(part) for part in word.split("-") if len(part) > 1)
    return out


def question_language(question: str) -> str:
    """The likeliest of en/fr/de/es by stop-word counts (English when nothing is sure)."""
    words = [_fold(w) for w in _WORD_RE.findall(question)]
    folded = {lang: {_fold(w) for w in stop.split()} for lang, stop in _STOP.items()}
    counts = {lang: sum(w in stop for w in words) for lang, stop in folded.items()}
    best = max(counts, key=lambda lang: counts[lang])
    return best if counts[best] > counts["en"] else "en"


# -- what the question asks for ----------------------------------------------------------------

_ASKS = {
    "amount": re.compile(
        r"\bhow much\b|\b(?:total |the )budget\b|\bbudget (?:of|for)\b|\bcosts? of\b|"
        r"\b(?:does|would|will) (?:it|this|that) cost\b|\bhow expensive\b|\bfees?\b|\bprice\b|"
        r"\bcombien (?:co[uû]te|d'argent)|\bmontant|\bwie ?viel\b(?!e)|\bwas kostet|"
        r"\bcu[aá]nto (?:cuesta|dinero)|\bpresupuesto de|\bgrant money",
        re.IGNORECASE,
    ),
    "date": re.compile(
        r"\bwhen (?:did|was|were|will|has|had)\b|\b(?:from|since|until|by) when\b|"
        r"\bwhat date\b|\bwhich date\b|\bdeadline|\bwhat year\b|\bwhich year\b|"
        r"\bquand\b|\bwann\b|\bcu[aá]ndo\b|\bdate limite\b|\bfrist\b|\bfecha\b",
        re.IGNORECASE,
    ),
    "count": re.compile(
        r"\bhow many\b|\bnumber of\b|\bcombien de\b|\bwie viele\b|\bcu[aá]nt[oa]s\b",
        re.IGNORECASE,
    ),
    "duration": re.compile(r"\bhow long\b|\bcombien de temps\b|\bwie lange\b", re.IGNORECASE),
}
_MONTHS = r"January|February|March|April|May|June|July|August|September|October|November|December"
_HAS = {
    "amount": re.compile(
        r"€|\$|£|\bEUR\b|\bUSD\b|\beuros?\b|\b\d[\d.,]*\s*(?:million|billion|bn|m)\b|%|"
        r"\bper ?cent\b|\bfree\b|\bno (?:fee|charge|cost)\b|\bfree of charge\b",
        re.IGNORECASE,
    ),
    "date": re.compile(rf"\b(?:19|20)\d{{2}}\b|\b(?:{_MONTHS})\b"),
    "count": re.compile(
        r"\b\d[\d,.]*\b|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
        r"twenty|thirty|forty|fifty|hundred|dozen)\b",
        re.IGNORECASE,
    ),
    "duration": re.compile(
        r"\b(?:\d+|one|two|three|four|five|six|ten|twelve)[\s-]*(?:months?|years?|weeks?|days?)\b",
        re.IGNORECASE,
    ),
}


def asked_kinds(question: str) -> list[str]:
    """The kinds of fact a question asks for (an amount, a date, a count, a duration)."""
    kinds = [kind for kind, pattern in _ASKS.items() if pattern.search(question)]
    if "count" in kinds and "amount" in kinds:
        kinds.remove("amount")  # "how many euros" is rare; "how many ... fees" asks a count
    if "duration" in kinds and "date" in kinds:
        kinds.remove("date")
    return kinds


def holds_kind(kind: str, text: str, question: str) -> bool:
    """True when ``text`` holds a fact of ``kind`` that the question does not already state."""
    for match in _HAS[kind].finditer(text):
        value = match.group(0)
        if kind in ("date", "count") and value.isdigit() and value in question:
            continue
        return True
    return False


@dataclass
class Question:
    """A question reduced to what the engine matches: weighted key terms and asked kinds."""

    text: str
    language: str
    terms: list[str]
    kinds: list[str]
    years: list[str]
    acronyms: list[str]


def analyse(question: str) -> Question:
    language = question_language(question)
    terms: list[str] = []
    for raw in _WORD_RE.findall(question):
        word = _fold(raw)
        if word in _ALL_STOP or word in _GENERIC or (len(word) < 2 and not word.isdigit()):
            continue
        for term in _terms(raw):
            if term not in terms and term not in _ALL_STOP:
                terms.append(term)
    acronyms = [a.rstrip("s") for a in _ACRONYM_RE.findall(question) if a not in {"I", "OK"}]
    return Question(
        question, language, terms, asked_kinds(question), _YEAR_RE.findall(question), acronyms
    )


# -- units -------------------------------------------------------------------------------------

_LIST_RE = re.compile(r"^\s{0,3}(?:[-*+•]|\d{1,3}[.)])\s+")
_TABLE_SEP_RE = re.compile(r"^\s*\|?\s*:?-{2,}")
_HEADING_RE = re.compile(r"^#{1,6}\s+")
_SENTENCE_RE = re.compile(r"(?<=[.!?])\s+(?=[\"'(\[“]?[A-Z0-9€$£])")
_ABBREV_RE = re.compile(r"\b(?:e\.g|i\.e|No|Art|approx|cf|vs|etc|Nr|p|pp)\.$", re.IGNORECASE)


@dataclass
class Unit:
    """A quotable piece of a passage: a sentence, a list item or a table row."""

    hit_rank: int
    position: int
    kind: str  # sentence | item | row
    text: str  # verbatim from the passage (a row keeps its pipes)
    heading: str = ""
    group: int = -1  # list or table this unit belongs to
    lead: str = ""  # the sentence introducing a list, or a table's header row
    terms: set[str] = field(default_factory=set)
    score: float = 0.0
    coverage: float = 0.0


def _sentences(paragraph: str) -> list[str]:
    pieces: list[str] = []
    for part in _SENTENCE_RE.split(paragraph):
        if pieces and _ABBREV_RE.search(pieces[-1]):
            pieces[-1] = f"{pieces[-1]} {part}"
        else:
            pieces.append(part)
    out: list[str] = []
    for piece in pieces:
        if len(piece) > 450 and "\n" in piece:  # PDF tables flattened into lines
            out.extend(line for line in piece.split("\n") if line.strip())
        else:
            out.append(piece)
    return [" ".join(p.split()) for p in out if len(p.split()) >= 3]


def units_of(hit: Hit, rank: int) -> list[Unit]:
    """Cut one passage into sentences, list items and table rows, in reading order."""
    units: list[Unit] = []
    heading = hit.section or ""
    paragraph: list[str] = []
    last_line = ""
    group = 0
    in_list = in_table = False
    header = ""

    def flush() -> None:
        nonlocal last_line
        if paragraph:
            text = "\n".join(paragraph)
            for sentence in _sentences(text):
                units.append(Unit(rank, len(units), "sentence", sentence, heading))
            last_line = " ".join(paragraph[-1].split())
            paragraph.clear()

    for line in hit.text.split("\n"):
        stripped = line.strip()
        if not stripped:
            flush()
            in_list = in_table = False
            continue
        if _HEADING_RE.match(stripped):
            flush()
            heading = _HEADING_RE.sub("", stripped)
            in_list = in_table = False
            last_line = ""
        elif stripped.startswith("|"):
            flush()
            if not in_table:
                group += 1
                in_table, header = True, stripped
            elif not _TABLE_SEP_RE.match(stripped):
                units.append(Unit(rank, len(units), "row", stripped, heading, group, header))
        elif _LIST_RE.match(stripped):
            flush()
            if not in_list:
                group += 1
                in_list = True
            text = _LIST_RE.sub("", stripped)
            lead = last_line if last_line.endswith(":") else ""
            units.append(Unit(rank, len(units), "item", text, heading, group, lead))
        elif in_list and units and units[-1].kind == "item" and not paragraph:
            units[-1].text += " " + stripped  # a wrapped list item
        else:
            in_list = in_table = False
            paragraph.append(stripped)
    flush()
    for unit in units:
        unit.terms = set(_terms(_cells(unit.text) if unit.kind == "row" else unit.text))
    return units


def _cognates(question: Question, units: Sequence[Unit]) -> None:
    """For FR/DE/ES questions, let a term also match English words sharing its first 5 letters."""
    if question.language == "en":
        return
    for unit in units:
        prefixes = {t[:5] for t in unit.terms if len(t) >= 5}
        unit.terms |= {t for t in question.terms if len(t) >= 5 and t[:5] in prefixes}


def _cells(row: str) -> str:
    return " ".join(c.strip() for c in row.strip().strip("|").split("|"))


# -- scoring and choosing ----------------------------------------------------------------------


@dataclass
class Tuning:
    """Knobs calibrated on the tuning split of the gold set (see evals/tune_extractive.py)."""

    min_coverage: float = 0.2  # share of key-term weight the best unit (with context) must hold
    min_coverage_foreign: float = 0.1  # the same for FR/DE/ES questions (fewer terms can match)
    # Below strong_coverage the passages must also be close in meaning (top cosine similarity,
    # calibrated for the default minilm embedder; skipped when hits carry no dense score).
    strong_coverage: float = 0.5
    min_dense: float = 0.42
    min_dense_foreign: float = 0.3
    kind_coverage: float = 0.35  # a unit holding the asked kind of fact must be this on-topic
    kind_coverage_foreign: float = 0.1
    context_weight: float = 0.5  # a term found only in the title, section or list lead-in
    unknown_weight: float = 0.6  # weight of a term no passage contains, relative to the rarest
    kind_bonus: float = 0.25
    rank_bonus: float = 0.15
    keep_ratio: float = 0.4  # units scoring this share of the best one are kept
    max_units_sme: int = 8
    max_units_advisor: int = 10
    max_list_items: int = 12


def _weights(question: Question, units: Sequence[Unit]) -> dict[str, float]:
    """Rarer terms among the passages weigh more; absent ones get a fixed share of the maximum."""
    total = max(1, len(units))
    top = math.log(1 + total)
    weights: dict[str, float] = {}
    for term in question.terms:
        df = sum(term in u.terms for u in units)
        weights[term] = math.log(1 + total / df) if df else top
    return weights


def _score(
    units: Sequence[Unit], hits: Sequence[Hit], question: Question, tuning: Tuning
) -> dict[str, float]:
    weights = _weights(question, units)
    present = {t for u in units for t in u.terms}
    for term in weights:
        if term not in present:
            weights[term] *= tuning.unknown_weight
    total = sum(weights.values()) or 1.0
    contexts = [set(_terms(f"{h.title} {h.section or ''}")) for h in hits]
    for unit in units:
        context = contexts[unit.hit_rank] | set(_terms(unit.heading))
        if unit.lead:
            context |= set(_terms(_cells(unit.lead)))
        got = 0.0
        for term, weight in weights.items():
            if term in unit.terms:
                got += weight
            elif term in context:
                got += weight * tuning.context_weight
        unit.coverage = got / total
        unit.score = unit.coverage + tuning.rank_bonus / (1 + unit.hit_rank)
        if any(holds_kind(k, unit.text, question.text) for k in question.kinds):
            unit.score += tuning.kind_bonus
    return weights


def _missing_anchor(
    question: Question, hits: Sequence[Hit], on_topic: Sequence[Unit]
) -> str | None:
    """A year no on-topic unit states, or an acronym no passage mentions: the passages are off."""
    for year in question.years:
        if not any(year in u.text or year in u.heading for u in on_topic):
            return year
    folded = " ".join(f"{h.title} {h.section or ''} {h.text}" for h in hits).casefold()
    for acronym in question.acronyms if question.language == "en" else ():
        if len(acronym) >= 3 and acronym.casefold() not in folded:
            return acronym
    return None


@dataclass
class Decision:
    """What the engine chose to quote, or why it declined."""

    units: list[Unit]
    declined: bool
    reason: str = ""


def decide(
    question: Question, hits: Sequence[Hit], tuning: Tuning, max_units: int
) -> tuple[Decision, list[Unit]]:
    """Pick the units to quote, or decline when they do not hold what was asked."""
    units: list[Unit] = []
    seen: set[str] = set()
    for rank, hit in enumerate(hits):
        for unit in units_of(hit, rank):
            key = " ".join(unit.text.casefold().split())
            if key not in seen:
                seen.add(key)
                units.append(unit)
    if not units or not question.terms:
        return Decision([], True, "no passages" if not units else "no key terms"), units
    _cognates(question, units)
    _score(units, hits, question, tuning)
    ranked = sorted(units, key=lambda u: (-u.score, u.hit_rank, u.position))
    best = ranked[0]
    english = question.language == "en"
    floor = tuning.min_coverage if english else tuning.min_coverage_foreign
    top_coverage = max(u.coverage for u in units)
    if top_coverage < floor:
        return Decision([], True, f"coverage {top_coverage:.2f} < {floor}"), units
    dense = [h.dense_score for h in hits if h.dense_score is not None]
    dense_floor = tuning.min_dense if english else tuning.min_dense_foreign
    if dense and top_coverage < tuning.strong_coverage and max(dense) < dense_floor:
        return Decision([], True, f"similarity {max(dense):.2f} < {dense_floor}"), units
    kind_floor = tuning.kind_coverage if english else tuning.kind_coverage_foreign
    on_topic = [u for u in ranked[: max_units * 3] if u.coverage >= kind_floor]
    anchor = _missing_anchor(question, hits, on_topic)
    if anchor is not None:
        return Decision([], True, f"no passage mentions {anchor}"), units
    for kind in question.kinds:
        if not any(holds_kind(kind, u.text, question.text) for u in on_topic):
            return Decision([], True, f"no {kind} in the on-topic passages"), units
    chosen = [u for u in ranked[:max_units] if u.score >= tuning.keep_ratio * best.score]
    chosen = _with_siblings(chosen, units, best, tuning)
    chosen.sort(key=lambda u: (u.hit_rank, u.position))
    return Decision(chosen, False), units


def _with_siblings(
    chosen: list[Unit], units: Sequence[Unit], best: Unit, tuning: Tuning
) -> list[Unit]:
    """Keep lists and tables whole (they answer together), and bring the list a lead-in opens."""
    picked = {id(u) for u in chosen}
    out = list(chosen)
    for unit in chosen:
        group = unit.group
        if unit.kind == "sentence" and unit.text.endswith(":"):
            after = [u for u in units if u.hit_rank == unit.hit_rank]
            after = [u for u in after if u.position == unit.position + 1 and u.kind != "sentence"]
            if not after:
                continue
            group = after[0].group
        elif unit.kind not in ("item", "row"):
            continue
        siblings = [
            u
            for u in units
            if u.hit_rank == unit.hit_rank
            and u.group == group
            and u.kind != "sentence"
            and id(u) not in picked
        ]
        for sibling in siblings[: tuning.max_list_items]:
            picked.add(id(sibling))
            out.append(sibling)
    return out


# -- writing the answer ------------------------------------------------------------------------

_ACTION_RE = re.compile(
    r"^(?:\*\*)?(?:Check|Contact|Apply|Submit|Read|Ask|Register|Prepare|Map|Start|Use|Visit|"
    r"Talk|Plan|Find|Consider|Identify|Choose|Join|Get|Book|Request|Look|Make|Set|Keep|"
    r"Document|Agree|Calculate|Compare|Review|Train|Measure|Install|Replace)\b|\byou should\b|"
    r"\bshould (?:first|start|contact|check)\b|\bwe recommend\b|\bit is advisable\b",
    re.IGNORECASE,
)


class _Numbering:
    """Source numbers in order of first citation; only cited passages become sources."""

    def __init__(self, hits: Sequence[Hit]) -> None:
        self.hits = hits
        self.order: list[int] = []

    def marker(self, unit: Unit) -> str:
        if unit.hit_rank not in self.order:
            self.order.append(unit.hit_rank)
        return f"[{self.order.index(unit.hit_rank) + 1}]"

    @property
    def sources(self) -> list[Hit]:
        return [self.hits[rank] for rank in self.order]


def _cite_sentence(text: str, marker: str) -> str:
    """The marker goes right after the quoted words, before a closing full stop."""
    if text.endswith(".") and not _ABBREV_RE.search(text):
        return f"{text[:-1]} {marker}."
    return f"{text} {marker}"


def _render(units: Sequence[Unit], numbering: _Numbering) -> list[str]:
    """Markdown blocks: sentences as paragraphs, items as lists, rows as tables with a header."""
    blocks: list[str] = []
    quoted_leads: set[str] = set()
    sentences: list[str] = []
    index = 0

    def flush() -> None:
        if sentences:
            blocks.append(" ".join(sentences))
            sentences.clear()

    while index < len(units):
        unit = units[index]
        if unit.kind == "sentence":
            quoted_leads.add(unit.text)
            sentences.append(_cite_sentence(unit.text, numbering.marker(unit)))
            index += 1
            continue
        flush()
        run = [unit]
        while (
            index + len(run) < len(units)
            and units[index + len(run)].kind == unit.kind
            and units[index + len(run)].group == unit.group
            and units[index + len(run)].hit_rank == unit.hit_rank
        ):
            run.append(units[index + len(run)])
        index += len(run)
        if unit.kind == "item":
            lines = []
            if unit.lead and unit.lead not in quoted_leads:
                quoted_leads.add(unit.lead)
                lines.append(_cite_sentence(unit.lead.rstrip(":"), numbering.marker(unit)) + ":")
                lines.append("")
            for item in run:
                text = item.text.rstrip(" ;,.")
                lines.append(f"- {text} {numbering.marker(item)}")
            blocks.append("\n".join(lines))
        else:
            header = unit.lead
            columns = max(1, header.strip().strip("|").count("|") + 1)
            lines = [header, "|" + "---|" * columns]
            for row in run:
                body = row.text.rstrip().removesuffix("|").rstrip()
                lines.append(f"{body} {numbering.marker(row)} |")
            blocks.append("\n".join(lines))
    flush()
    return blocks


def _decline(hits: Sequence[Hit], engine: str, style: str, reason: str) -> Answer:
    titles: list[str] = []
    for hit in hits:
        title = " ".join((hit.title or hit.doc_id).split())
        if title and title not in titles:
            titles.append(title)
    text = f"{DECLINE_PREFIX} this question, so I cannot give you a reliable answer to it."
    if titles:
        text += "\n\nRelated topics I can help with:\n\n" + "\n".join(f"- {t}" for t in titles[:3])
    return Answer(text, [], True, engine, style, [f"declined: {reason}"] if reason else [])


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
        analysed = analyse(question)
        limit = self.tuning.max_units_advisor if style == "advisor" else self.tuning.max_units_sme
        decision, units = decide(analysed, hits, self.tuning, limit)
        if decision.declined:
            return _decline(hits, self.name, style, decision.reason)
        numbering = _Numbering(hits)
        if style == "sme":
            text = "\n\n".join(_render(decision.units, numbering))
        else:
            text = self._advisor(decision.units, units, hits, numbering)
        return Answer(text, numbering.sources, False, self.name, style)

    def _advisor(
        self,
        chosen: list[Unit],
        units: Sequence[Unit],
        hits: Sequence[Hit],
        numbering: _Numbering,
    ) -> str:
        """Summary, key points by document, next steps the sources state, numbered sources."""
        best = max(chosen, key=lambda u: u.score)
        summary = [best]
        parts = [
            "## Summary",
            "",
            "\n\n".join(_render(summary, numbering)),
            "",
            "## Key points",
            "",
        ]
        rest = [u for u in chosen if u is not best]
        by_doc: dict[str, list[Unit]] = {}
        for unit in rest:
            by_doc.setdefault(hits[unit.hit_rank].title or hits[unit.hit_rank].doc_id, []).append(
                unit
            )
        if not by_doc:
            parts += ["The summary above is all the sources say on this question.", ""]
        for title, doc_units in by_doc.items():
            body = "\n\n".join(_render(doc_units, numbering))
            parts += [f"### {' '.join(title.split())}", "", body, ""]
        used = {id(u) for u in chosen}
        steps = [
            u
            for u in sorted(units, key=lambda u: -u.score)
            if id(u) not in used and u.coverage > 0 and _ACTION_RE.search(u.text)
        ][:3]
        parts += ["## Suggested next steps", ""]
        if steps:
            steps.sort(key=lambda u: (u.hit_rank, u.position))
            parts += [
                f"- {s.text.rstrip(' ;,.')} {numbering.marker(s)}"
                if s.kind != "row"
                else f"- {_cells(s.text)} {numbering.marker(s)}"
                for s in steps
            ]
        else:
            parts.append("The sources do not set out next steps for this question.")
        parts += ["", format_source_list(numbering.sources)]
        return "\n".join(parts)


def from_settings(spec: str, settings: Settings) -> ExtractiveEngine:
    return ExtractiveEngine()
