"""Question analysis: the language, the content terms and the kind of fact a question asks for.

The answer step declines from what a question *needs* (its key terms, the kind of fact it asks
for, the years and acronyms that pin it down), so this module reduces a question to exactly that.
Terms are folded (no case, no accents) and stemmed with the English stemmer, because the corpus is
English: a French or Spanish cognate then meets its English stem through its first letters.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from assistant.extractive.focus import (
    FIRM_WORDS,
    VALUE_NOUNS,
    Focus,
    find_focus,
    named_share,
    needs_stating,
    said_by_figure,
)
from assistant.extractive.outcome import asked_result, asks_outcome
from assistant.language import (
    CARRIED_RE,
    STOP_WORDS,
    WORD_RE,
    asks_for_examples,
    detect_language,
    fold,
    fold_word,
)
from assistant.lexicon import DEMONYMS, equivalents, named_countries

# Words that say what kind of question it is, or who asks, not what it is about.
_GENERIC = set(
    """company companies firm firms business businesses we our us small medium enterprise
    enterprises sme smes give gives mean means meaning explain describe example examples
    main key different difference differ between compare compared anyone someone somebody
    use used using help get make makes made new current currently exist exists available
    find provide provides offer offers possible according per whether done come comes coming
    back go goes going take takes taken happen happens happened entreprise entreprises pme
    pmes unternehmen firma kmu empresa empresas pyme pymes petit petite petits petites
    moyenne moyennes klein kleine kleiner kleinen kleines mittlere mittleren pequeno pequena
    pequenos pequenas mediana medianas betrieb betriebe signifie signifient bedeutet
    bedeuten significa significan beispiel beispiele exemple exemples ejemplo ejemplos""".split()  # noqa: SIM905
)
# ... of which these name what a question is about when it names nothing else: "What is an
# SME?", "Is my company an SME?", "Qu'est-ce qu'une PME ?"
_SIZE_WORDS = frozenset(
    ["sme", "smes", "enterprise", "enterprises", "pme", "pmes", "kmu", "pyme", "pymes"]
)
# any capitals, "TÜV" too
_ACRONYM_RE = re.compile(r"\b[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ0-9]{1,}s?\b")
# A name by its letters: capitals inside a word ("RECPnet", "InvestEU"), not "SMEs"
_MIXED_CASE_RE = re.compile(r"\b(?:[A-Z]{2,}[a-z]{2,}\w*|[A-Z][a-z]+[A-Z]\w*)\b")
# A chemical formula is a substance, not a name: "CO2", "SO2", "CH4" (nor is "PM10")
_FORMULA_RE = re.compile(r"^(?:[A-Z][a-z]?\d{0,2})+$")
YEAR_RE = re.compile(r"\b(?:19|20)\d{2}\b")

# Which meeting, summit or edition ("the fourth seminar", "la troisième réunion", "10th"): it
# pins the question down as a year does. Not "first" (too often loose: "first steps"), and not a
# fraction ("a third of the costs", "una cuarta parte").
_ORDINAL_WORDS = {
    2: "second deuxieme zweite segunda segundo",
    3: "third troisieme dritte tercera tercero tercer",
    4: "fourth quatrieme vierte cuarta",
    5: "fifth cinquieme funfte quinta quinto",
    6: "sixth sixieme sechste sexta sexto",
    7: "seventh septieme siebte septima septimo",
    8: "eighth huitieme achte octava octavo",
    9: "ninth neuvieme neunte novena noveno",
    10: "tenth dixieme zehnte decima decimo",
}
_ORDINAL_NUMBER = {w: n for n, words in _ORDINAL_WORDS.items() for w in words.split()}
_NUMBERED_RE = re.compile(r"(\d{1,3})(?:st|nd|rd|th|e|er|eme|ème|º|ª|do|da|ro|ra|to|ta)")
_FRACTION_BEFORE = frozenset("a an one two per each every un une una ein eine".split())  # noqa: SIM905
_FRACTION_AFTER = frozenset("of hand parte partie".split())  # noqa: SIM905


# Asking about what comes next ("the next call", "la prochaine convocatoria"): a date the
# documents give as already past when they were reviewed does not answer it.
_UPCOMING_RE = re.compile(
    r"\b(?:next|upcoming|forthcoming|prochaine?s?|n[äa]chste[nrsm]?|pr[óo]xim[oa]s?)\b"
    r"(?! door\b| to\b| steps?\b)",
    re.IGNORECASE,
)
# "From what date will the requirements become mandatory?": the date rules start to apply, not
# the date they were adopted or published
_APPLIES_ASKED = re.compile(
    r"\b(?:apply|applies|become (?:mandatory|binding|compulsory)|take effect|"
    r"(?:enter|come)s? into (?:force|effect)|comply|kick in|be required|"
    r"s'appliqu\w*|obligatoires?|entr\w* en vigueur|gelten|gilt|verpflichtend|in kraft|"
    r"se aplica\w*|obligatori[oa]s?|entra\w* en vigor)\b",
    re.IGNORECASE,
)
# "the ecodesign requirements for mattresses": what rules are for, which the fact must be about
_RULES_FOR = re.compile(
    r"\b(?:requirements?|rules?|criteria|obligations?|passports?|bans?|measures?|targets?)\s+"
    r"(?:for|on)\s+(?:the\s+|our\s+)?(?P<what>(?:[\w-]+\s+){0,2}?[\w-]+?)"
    r"(?=\s+(?:become|apply|applies|take|enter|come|will|must|have|has|be|is|are|under|in|from|"
    r"to|by|and|start|begin|contain)\b|\s*[?,.]|$)|"
    # "les exigences d'écoconception pour les matelas", "Ökodesign-Anforderungen für Reifen",
    # "los requisitos de ecodiseño para los colchones"
    r"\b(?:exigences|r[èe]gles|crit[èe]res|\w*anforderungen|vorschriften|regeln|requisitos|"
    r"normas|criterios)\b(?:\s+d[e']\s*[\w-]+)?\s+(?:pour|f[üu]r|para)\s+"
    r"(?:les\s+|le\s+|la\s+|los\s+|las\s+|el\s+|die\s+|den\s+)?(?P<was>[\w-]+)",
    re.IGNORECASE,
)


def ordinals(text: str) -> list[int]:
    """The ordinal numbers (2 and up) a question names: "fourth seminar" -> [4], "10th" -> [10]."""
    words = re.findall(r"[^\W_]+", text.lower())
    found: list[int] = []
    for i, word in enumerate(words):
        numbered = _NUMBERED_RE.fullmatch(word)
        folded = fold_word(word)
        if numbered:
            number = int(numbered.group(1))
        else:  # German endings: "zweiten", "dritter"
            number = _ORDINAL_NUMBER.get(re.sub(r"(?<=e)[nrsm]$", "", folded), 0)
        if number < 2 or number in found:
            continue
        if (i and words[i - 1] in _FRACTION_BEFORE) or (
            i + 1 < len(words) and words[i + 1] in _FRACTION_AFTER
        ):
            continue  # "a third of the costs", "second-hand", "una cuarta parte"
        found.append(number)
    return found


def states_ordinal(number: int, text: str) -> bool:
    """Whether an (English) passage names that ordinal: "4th", "fourth"."""
    english = _ORDINAL_WORDS[number].split()[0] if number in _ORDINAL_WORDS else None
    pattern = rf"\b{number}(?:st|nd|rd|th)\b" + (rf"|\b{english}\b" if english else "")
    return bool(re.search(pattern, text, re.IGNORECASE))


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    import Stemmer

    return Stemmer.Stemmer("english")


_ALL_STOP: frozenset[str] = frozenset().union(*STOP_WORDS.values())


def _stem(word: str) -> str:
    return str(_stemmer().stemWord(fold(word)))


def terms_of(text: str) -> list[str]:
    """Stemmed words of a text, hyphenated words also split into their parts."""
    out: list[str] = []
    for raw in WORD_RE.findall(text):
        word = fold_word(raw)
        out.append(_stem(word))
        if "-" in word:
            out.extend(_stem(part) for part in word.split("-") if len(part) > 1)
    return out


# -- the kind of fact asked for ------------------------------------------------------------------
# One pattern per kind, in the four languages users ask in. A kind makes the answer step demand a
# passage that states such a fact: "how much" is not answered by a passage without an amount.

_ASKS = {
    "amount": re.compile(
        r"\bhow much\b(?!(?: \w+)? time)|\b(?:total |the )budget\b|\bbudget (?:of|for)\b|"
        r"\bcosts? of\b|"
        r"\b(?:does|would|will) (?:it|this|that) cost\b|\bhow expensive\b|\bfees?\b|\bprice\b|"
        r"\bwhat (?:does|do|did|would|will)\b[^?]{0,60}?\bcost\b|"
        r"\bgrant money\b|\b(?:what|which) (?:grant|subsidy)\b|"
        r"\bcombien (?:co[uû]te|d'argent|faut-il payer)|\bmontant|\bprix\b|"
        r"\bcombien (?:a|ont|avait|aurait) co[uû]t[ée]|\bkostete|\bcost[oó]\b|\bcostaron\b|"
        r"\bcombien d['’]\w+[^\Wsx]\b|"  # "combien d'eau": an amount; "d'employés": a count
        r"\bfrais\b|\bredevances?\b|\bcotisations?\b|\bgeb[üu]hr\w*|\bmitgliedsbeitr\w*|"
        r"\bcuotas?\b|\btarifas?\b|"
        r"\bquel (?:est le )?budget\b|\bbudget de\b|\bwie hoch\b|"
        r"\bwas kostet|\bkosten\b|\bbudget (?:der|des|von)\b|"
        r"\bpresupuesto\b|\bprecio\b|\bcost(?:e|o|os)\b|"
        # "Wie viel spart ...?", "¿Cuánta agua ...?", as "how much" (not "wie viel Zeit")
        r"\bwie ?viel\b(?! zeit)|\bcu[aá]nt[oa]\b(?! tiempo)",
        re.IGNORECASE,
    ),
    "date": re.compile(
        # not "when does waste stop being waste", "when is a residue a by-product": conditions
        r"\bwhen (?:did|was|were|will|has|had|does|do|is|are)\b"
        r"(?![^?]*\b(?:stops?|ceases?|counts? as|qualif(?:y|ies)|considered|"
        r"treated as|classed as|regarded as)\b)(?!(?: an?| the)? \w+(?:[ -]\w+)? an? )|"
        r"\b(?:from|since|until|by) when\b|\bwhen\s*\?|\bwhat date\b|\bwhich date\b|\bdeadline|"
        r"\bwhat year\b|\bwhich year\b|\bin what year\b|\bquand\b|\bquelle date\b|"
        r"\bdate limite\b|\bquelle ann[ée]e\b|\bwann\b|\bfrist\b|\bin welchem jahr\b|"
        r"\bdatum\b|\bcu[aá]ndo\b|\bfecha\b|\bqu[eé] a[ñn]o\b",
        re.IGNORECASE,
    ),
    "count": re.compile(
        r"\bhow many\b|\bnumber of\b|\bcombien de\b(?! temps)|\bcombien d['’]\w+[sx]\b|"
        r"\bnombre de\b|\bwie viele[nr]?\b|\banzahl\b|\bcu[aá]nt[oa]s\b|\bn[uú]mero de\b",
        re.IGNORECASE,
    ),
    "duration": re.compile(
        r"\bhow long\b|\bhow often\b|\bhow much (?:\w+ )?time\b|\bcombien de temps\b|\bdur[ée]e\b|"
        r"\bfr[ée]quence\b|"
        r"\bwie lange\b|\bwie oft\b|\bwie ?viel zeit\b|\bdauer\b|\bcon qu[eé] frecuencia\b|"
        r"\bcu[aá]nto tiempo\b|\bcu[aá]nto (?:puede )?dura",
        re.IGNORECASE,
    ),
    # money for something: "what funding is there to reduce waste", "is there EU money for"
    "funding": re.compile(
        r"\b(?:what|which|any|is there|are there)\s+(?:\w+\s+){0,2}?"
        r"(?:funding|grants?|subsid(?:y|ies)|financing|financial support)\b|"
        r"\b(?:any|is there|are there)\s+(?:\w+\s+){0,2}?(?:money|loans?)\b|"
        r"\bfund(?:ing|ed)? (?:for|to)\b|\b(?:grants?|subsid(?:y|ies)|loans?|financing) for\b|"
        r"\bhow (?:can|do|could|should|to) (?:(?:we|i|you|they|an? \w+) )?"
        r"(?:finance|fund|pay for)\b|"
        # "Can LIFE pay for new machines?", "Does the EU fund solar panels?"
        r"^\W*(?:can|could|will|would|does|do|is|are)\b[^?]{0,40}?\b(?:pay for|fund|finance|"
        r"co-?finance|subsidi[sz]e)\b|"
        r"\b(?:quelles?|des) (?:aides?|subventions?|financements?)\b|"
        r"\b(?:welche|gibt es) (?:\w+ )?(?:f[oö]rder\w*|zusch[uü]ss\w*|finanzierung)|"
        r"\b(?:qu[eé]|hay) (?:\w+ )?(?:ayudas?|subvenci\w+|financiaci[oó]n)\b",
        re.IGNORECASE,
    ),
    # a penalty asked in French, German or Spanish ("Quelles sanctions ...?"): a figure, as
    # "What fine ...?" is in English (focus.py)
    "value": re.compile(
        r"\bquel(?:le)?s? (?:sanctions?|amendes?|p[ée]nalit[ée]s?)\b|"
        r"\bwelche[snm]? (?:sanktion(?:en)?|strafen?|bu(?:ß|ss)gel(?:d|der))\b|"
        r"\bqu[eé] (?:sanci(?:o|ó)n(?:es)?|multas?|penalizaci(?:o|ó)n(?:es)?)\b",
        re.IGNORECASE,
    ),
    "name": re.compile(
        r"^\W*(?:and |et |und |y )?(?:who|qui|wer|qui[eé]n(?:es)?)\b|"
        r"\bwhich (?:\w+ )?(?:company|firm|organi[sz]ation|body|agency)\b|"
        r"\bquel(?:le)? (?:entreprise|soci[ée]t[ée]|organisation|organisme|institution)\b|"
        r"\bwelche[rs]? (?:firma|unternehmen|organisation|stelle|beh[öo]rde|einrichtung)\b|"
        r"\bqu[ée] (?:empresa|organizaci[óo]n|organismo|entidad|instituci[óo]n)\b",
        re.IGNORECASE,
    ),
}
_MONTHS = r"January|February|March|April|May|June|July|August|September|October|November|December"
_SMALL_NUMBERS = r"two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
_HAS = {
    "amount": re.compile(
        r"€|\$|£|\b(?:EUR|USD|DKK|SEK|GBP|CHF)\s?\d|\beuros?\b|"
        r"\b\d[\d.,]*\s*(?:million|billion|bn|m)\b|%|"
        r"\bper ?cent\b|\bfree\b|\bno (?:fee|charge|cost)\b|\bfree of charge\b|"
        # "how much more" is answered by a ratio
        r"\b(?:double[sd]?|triple[sd]?|quadruple[sd]?|twice|half)\b|"
        r"\b(?:\d+|two|three|four|five|six|ten)\s+times\b|"
        # "how much water / energy / waste" is answered by a quantity with its unit
        r"\b\d[\d.,]*\s*(?:litres?|liters?|gallons?|m3|m³|cubic met(?:re|er)s?|tonnes?|tons?|"
        r"kg|kilo(?:gram)?s?|[kMGT]Wh|kW|MW|GW|TJ|PJ)\b",
        re.IGNORECASE,
    ),
    # not the year of a standard's edition ("ISO 14001:2015") or in an act's number ("Regulation
    # (EU) 2024/1781", "No 1221/2009"): those date no event
    "date": re.compile(rf"(?<![:/])\b(?:19|20)\d{{2}}\b(?!/\d)|\b(?:{_MONTHS})\b"),
    "count": re.compile(
        rf"\b\d[\d,.]*\b|\b(?:{_SMALL_NUMBERS}|twenty|thirty|forty|fifty|hundred|dozen)\b",
        re.IGNORECASE,
    ),
    "duration": re.compile(
        # "18 months", "five-year", "100 working hours", "ten person-days"
        rf"\b(?:\d+|one|{_SMALL_NUMBERS})[\s-]*"
        r"(?:(?:working|business|calendar|person|man)[\s-]+)?"
        r"(?:months?|years?|weeks?|days?|hours?|minutes?)\b|"
        # how often: "once a year", "twice a year", "annually", "every year"
        r"\b(?:once|twice)\s+(?:a|per|every)\s+(?:year|month|week|day)\b|"
        r"\b(?:annually|yearly|every\s+(?:year|month|week|day))\b",
        re.IGNORECASE,
    ),
    # a score, a rate, a target: any number or share
    "value": re.compile(
        rf"\d[\d.,]*%?|%|\b(?:{_SMALL_NUMBERS}|twenty|thirty|forty|fifty|hundred|half|quarter)\b",
        re.IGNORECASE,
    ),
    # a funding instrument or its money: "grants", "co-financing", "a loan", "EUR 2.5 million"
    "funding": re.compile(
        r"\b(?:fund(?:s|ing|ed)?|grants?|co-?financ\w*|loans?|guarantees?|subsid\w*|"
        r"financ(?:e|ing|ial)|equity)\b|\bEUR \d|€ ?\d",
        re.IGNORECASE,
    ),
    # A proper name after the first word: "commissioned by the Swedish Agency ..."
    "name": re.compile(r"(?<=\S)\s+(?:the\s+)?[A-Z][\w&.-]+(?:\s+[A-Z][\w&.-]+)*"),
}


# Questions whose answer is several things: a list or a table answers them better than a sentence.
_ENUMERATES = re.compile(
    r"\bwhat are\b|\bwhich (?:\w+ )?(?:are|were|\w+s)\b|\bsteps?\b|\bstages\b|\blist\b|"
    r"\bname the\b|\bhoops\b|\bconditions\b|\brequirements\b|\bquel(?:le)?s\b|\b[ée]tapes\b|"
    r"\bwelche\b|\bschritte\b|\bcu[aá]les\b|\bpasos\b|\bqu[eé] \w+s\b",
    re.IGNORECASE,
)


_COMPARES = re.compile(
    r"\b(?:compar\w*|versus|vs\.?|differences? between|differ\w* from|which one|"
    r"which of the two|the two\b(?!-)|separates?|diff[ée]rences? entre|unterschied\w* zwischen|"
    r"vergleich\w*|diferencias? entre)\b|\b(?:which|quel(?:le)?|welche[rs]?|cu[aá]l)\b[^?]*"
    r"\b(?:or|ou|oder|o)\b",
    re.IGNORECASE,
)


# Asking why something does not happen, or what holds it back, asks for its barriers: "Why don't
# more companies do it?", "What holds companies back from remanufacturing?"
_ASKS_BARRIERS = re.compile(
    r"\bwhy (?:do|does|did|are|is|would|will|have|has|ca)(?:n't|n['’]t| not)\b|\bwhy not\b|"
    r"\bhold(?:s|ing)?\b(?:\s+[\w-]+){0,3}?\s+back\b|\bhinder|\bstand in the way\b|"
    r"\bpourquoi\b[^?]*\bne\b[^?]*\bpas\b|\bfreine|\bwarum\b[^?]*\bnicht\b|\bhemm|"
    r"\bpor qu[eé] no\b|\bfrena",
    re.IGNORECASE,
)
_BARRIER_TERMS = terms_of("barriers")
# Whether a rule reaches a size of firm: "Does it apply to small companies?", "Are micro firms
# exempt?"; the size ("small", "micro") is then a key term, not a generic word
_ASKS_SCOPE = re.compile(
    r"\b(?:apply|applies|exempt\w*|obliged|oblige[sd]?|covered|cover|affect\w*|concern\w*|"
    r"include[sd]?)\b",
    re.IGNORECASE,
)
_SIZE_ADJECTIVE = re.compile(r"\b(micro|small|medium|large)\b")

# "How do I get an EU Ecolabel?", "How can we obtain EMAS registration?": asks for the procedure,
# not for what the label is. Not "how do we get staff to ...", which asks how to persuade.
_OBTAINS = re.compile(
    r"\bhow (?:do|can|could|should|would|does|to)\b(?:\s+\w+){0,3}?\s+(?:get|obtain|earn)\s+"
    r"(?!(?:them|it|him|her|us|people|staff|employees|workers|everyone|our (?:staff|team))\b)|"
    r"\bcomment (?:obtenir|avoir|d[ée]crocher)\b|\bwie (?:bekomm\w*|erh[äa]lt\w*|kriegt?)\b|"
    r"\bc[oó]mo (?:obtener|obtengo|obtiene|conseguir|consigo|consigue)\b",
    re.IGNORECASE,
)


#: A follow-up naming this few things of its own asks what the question before it asked.
_BARE_WORDS = 2


#: The kinds a carried topic's words name ("funding", "cost"): what a bare follow-up asks again.
_CARRIED_ASKS = {
    "amount": re.compile(r"\b(?:costs?|fees?|prices?|budget)\b", re.IGNORECASE),
    "date": re.compile(r"\b(?:deadlines?|dates?)\b", re.IGNORECASE),
    "funding": re.compile(
        r"\b(?:funding|grants?|subsid(?:y|ies)|loans?|financing)\b", re.IGNORECASE
    ),
}


def asked_kinds(question: str) -> list[str]:
    """The kinds of fact a question asks for (an amount, a date, a count, a duration, a name)."""
    own = CARRIED_RE.sub("", question)
    return _kinds(question, find_focus(own, detect_language(own) == "en"))


def _kinds(question: str, focus: Focus | None) -> list[str]:
    own = CARRIED_RE.sub("", question)
    kinds = [kind for kind, pattern in _ASKS.items() if pattern.search(own)]
    inherited = False
    if not kinds and sum(bool(content_terms(w)) for w in WORD_RE.findall(own)) <= _BARE_WORDS:
        # "And for micro-enterprises?" after "What does the label cost?" asks the cost again;
        # "Do we need partners from other countries to apply?" after "How much grant money ...?"
        # asks no amount
        kinds = [kind for kind, pattern in _ASKS.items() if pattern.search(question)]
        topic = CARRIED_RE.search(question)
        if not kinds and topic:  # the carried words name it: "(about: funding efficiency)"
            kinds = [k for k, pattern in _CARRIED_ASKS.items() if pattern.search(topic.group(1))]
        inherited = bool(kinds)
    # "what fine", "how big is the fund"; "what is the interest rate on green loans": a value,
    # not any funding the loans name
    if focus and (not kinds or kinds == ["funding"]):
        kinds.append(focus.kind)
    if "count" in kinds and "amount" in kinds:
        kinds.remove("amount")  # "how many ... fees" asks a count
    if "duration" in kinds and "date" in kinds:
        kinds.remove("date")
    if "funding" in kinds and len(kinds) > 1:
        kinds.remove("funding")  # "how much funding", "when is the funding deadline": the figure
    if "funding" in kinds and not inherited:  # money named only by the scene is not asked
        asking = asking_part(CARRIED_RE.sub("", question))  # "I want a loan. How does X work?"
        if not _ASKS["funding"].search(asking):
            kinds.remove("funding")
    return kinds


# A deadline is a day or a month, not a year: "calls run 2021-2027" does not say when to apply.
_DEADLINE_ASKED = re.compile(
    r"\bdeadline|\bcut-?off\b|\bclosing date\b|\bdate limite\b|\bfrist\b|\bstichtag\b|"
    r"\bfecha l[ií]mite\b|\bplazo\b",
    re.IGNORECASE,
)
_PRECISE_DATE = re.compile(
    rf"\b\d{{1,2}}\s+(?:{_MONTHS})\b|\b(?:{_MONTHS})\s+(?:\d{{1,2}},?\s+)?(?:19|20)\d{{2}}\b|"
    r"\b\d{1,2}[./]\d{1,2}[./](?:19|20)?\d{2}\b"
)


# A price is money, nothing, or a share of something ("0.15% of sales"): "how much does it cost"
# is not answered by "a 30% reduction on the fee".
_PRICE_ASKED = re.compile(
    r"\bhow much (?:does|do|did|would|will|could|can|is)\b[^?]{0,60}?\b(?:cost|charge)|"
    r"\bwhat (?:does|do|did|would|will)\b[^?]{0,60}?\bcost\b|\bhow expensive\b|"
    r"\b(?:how much|what) (?:is|are|was|were) the (?:\w+ )?(?:fees?|price|charge)\b|"
    r"\bcombien co[uû]te|\bkostet\b|\bcu[aá]nto cuesta",
    re.IGNORECASE,
)
# A sum of money: "EUR 2.5 million", "€600", "USD 19,000"
_SUM_PATTERN = (
    r"€|\$|£|\b(?:EUR|USD|DKK|SEK|GBP|CHF)\s?\d|\beuros?\b|\bdollars?\b|"
    r"\b\d[\d.,]*\s*(?:million|billion|bn)\b"
)
_SUM = re.compile(_SUM_PATTERN, re.IGNORECASE)
# ... or nothing, or a share of something ("0.15% of sales"): a price
#: Something said to cost nothing: "Registration is free", "free of charge", "no fee". Not
#: something done "for free" beside it ("MUD repairs leased jeans for free" does not say what the
#: lease costs), nor "free of hazardous substances" or "free movement".
FREE_PATTERN = (
    r"\b(?:is|are|be|was|were|remains?|stays?) free\b(?!\s+(?:of|from)\b)|\bfree of charge\b|"
    r"\bno (?:fees?|charges?|costs?)\b|\b(?:costs?|charges?) nothing\b|\bwithout charge\b"
)
_MONEY = re.compile(
    _SUM_PATTERN + "|" + FREE_PATTERN + r"|(?:%|\bper ?cent) of\b",
    re.IGNORECASE,
)


# Money given, not paid: "what grant can I get", "how much funding". Answered by a sum or by a
# share of the costs, not by "100% of its electricity comes from solar panels".
_GRANT_ASKED = re.compile(
    r"\bgrant money\b|\b(?:what|which) (?:grants?|subsid(?:y|ies))\b|"
    r"\bhow much (?:grant|subsid\w*|funding|co-?financ\w*|money|support)\b|"
    r"\bcombien d'argent|\bwie ?viel (?:geld|f[oö]rder\w*)|\bcu[aá]nto dinero",
    re.IGNORECASE,
)
# ... and a share of the costs only: "How much of the costs does it cover?"
_SHARE_ASKED = re.compile(
    r"\b(?:how much|what (?:share|part|percentage|proportion)) of (?:the |our |my |your )?"
    r"(?:\w+ )?costs?\b|"
    r"\b(?:quel(?:le)? (?:pourcentage|part)|quelle proportion) (?:des|du) co[uû]ts?\b|"
    r"\bwie viel prozent der kosten\b|\bqu[eé] (?:porcentaje|parte) de (?:los )?costes\b",
    re.IGNORECASE,
)
_COST_SHARE = re.compile(
    r"%\s+of\s+(?:the\s+|your\s+|its\s+|their\s+|our\s+)?(?:total\s+|eligible\s+|project\s+)*costs?\b|"
    r"\b(?:rate|co-?financ\w*|grant|funding|subsid\w*)\b[^.;]{0,40}?\d+\s?%",
    re.IGNORECASE,
)


# Asked how much something saves, the amount must be one saved: "invested DKK 65 million in a heat
# pump" does not say what the heat pump saves.
_SAVING_ASKED = re.compile(
    r"\bhow much\b[^?]*\b(?:save[sd]?|saving|cut|cuts|reduce[sd]?)\b|"
    r"\bcombien\b[^?]*\b(?:[ée]conomis\w*|[ée]pargn\w*)|\bwie ?viel\b[^?]*\b(?:ein)?spar\w*|"
    r"\bcu[aá]nto\b[^?]*\bahorr\w*",
    re.IGNORECASE,
)
_SAVING_SAID = re.compile(
    r"\b(?:sav(?:e|es|ed|ing|ings)|reduc\w*|cut(?:s|ting)?|avoid\w*|lower\w*|less|fewer|"
    r"decreas\w*|recycled|reused)\b",
    re.IGNORECASE,
)

# ... and asked how much someone invested, the amount must be one invested or spent: the
# tannery's savings and credit are not what it invested
_INVESTED_ASKED = re.compile(
    r"\bhow much\b[^?]*\b(?:invest(?:s|ed|ing|ment|ments)?|spen[dt]|spending)\b|"
    r"\bcombien\b[^?]*\binvesti\w*|\bwie ?viel\b[^?]*\binvestiert\w*|"
    r"\bcu[aá]nto\b[^?]*\binv(?:irti|ertid)\w*",
    re.IGNORECASE,
)
_INVESTED_SAID = re.compile(
    r"\b(?:invest(?:s|ed|ing|ment|ments)?|spen[dt]|spending|outlay|capital (?:cost|expenditure)|"
    r"paid|cost|costs)\b",
    re.IGNORECASE,
)

# ... and asked for a penalty, the figure must be one: "10 TJ" is the audit threshold, not what
# skipping the audit costs
_PENALTY_ASKED = re.compile(
    r"\b(?:fines?|penalt(?:y|ies)|sanctions?|amendes?|p[ée]nalit[ée]s?|sanktion(?:en)?|"
    r"strafen?|bu(?:ß|ss)gel(?:d|der)|sanci(?:o|ó)n(?:es)?|multas?|penalizaci(?:o|ó)n(?:es)?)\b",
    re.IGNORECASE,
)
_PENALTY_SAID = re.compile(
    r"\b(?:fine[sd]?|penalt(?:y|ies)|sanction\w*|punish\w*|infringement\w*)\b", re.IGNORECASE
)
#: Asked how much was saved or invested, or what the penalty is, a figure must say so: the
#: kinds it applies to, the question's words, the words the text must hold
_MUST_SAY = (
    (("amount",), _SAVING_ASKED, _SAVING_SAID),
    (("amount",), _INVESTED_ASKED, _INVESTED_SAID),
    (("amount", "value"), _PENALTY_ASKED, _PENALTY_SAID),
)


#: A numbered standard: "ISO 14001", "ISO 14001:2015", "EN 16247-1"
_STANDARD_RE = re.compile(r"\b([A-Z]{2,4})\s?(\d{3,5})\b")


def numbered_standards(text: str) -> dict[str, set[str]]:
    """The standards a text names by number, by series: {"ISO": {"14001", "14005"}}."""
    named: dict[str, set[str]] = {}
    for series, number in _STANDARD_RE.findall(text):
        named.setdefault(series, set()).add(number)
    return named


#: Acronyms nearly every passage names: not what a conversation is about
_COMMON_ACRONYMS = frozenset(["EU", "SME", "SMES", "UN", "CO2"])


def _carried_acronyms(topic: str) -> list[str]:
    """The acronyms of a carried topic ("I-GO", "LIFE", "SWITCH-Asia"), without the common ones."""
    found = [w.rstrip("s") for w in re.findall(r"[\w-]+", topic) if re.search(r"[A-Z]{2,}", w)]
    return [a for a in dict.fromkeys(found) if a.upper() not in _COMMON_ACRONYMS]


#: A date as written: "1 January 2025", "January 2025", "2025" (a year alone)
_DATE_SAID = re.compile(
    rf"\b(?:\d{{1,2}}\s+)?(?:{_MONTHS})(?:\s+\d{{4}})?\b|\b(?:19|20)\d{{2}}\b(?![.,]?\d|\s*%)"
)


def holds_kind(kind: str, text: str, question: str) -> bool:
    """True when ``text`` holds a fact of ``kind`` that the question does not already state."""
    asked = fold(question)
    if kind == "date" and _DEADLINE_ASKED.search(question):
        return bool(_PRECISE_DATE.search(text))
    if kind == "amount" and _PRICE_ASKED.search(question):
        return bool(_MONEY.search(text))
    if kind in ("amount", "value") and _SHARE_ASKED.search(question):
        return bool(_COST_SHARE.search(text))
    if kind == "amount" and _GRANT_ASKED.search(question):
        return bool(_SUM.search(text) or _COST_SHARE.search(text))
    for kinds, asks, says in _MUST_SAY:
        if kind in kinds and asks.search(question) and not says.search(text):
            return False
    if kind == "value":  # a date is no value: "by 1 January 2025" sets no target figure
        text = _DATE_SAID.sub(" ", text)
    for match in _HAS[kind].finditer(text):
        value = match.group(0).strip()
        if kind in ("date", "count", "value") and value.isdigit() and value in question:
            continue
        if kind == "name" and fold(value.removeprefix("the ").strip()) in asked:
            continue
        return True
    return False


@dataclass
class Question:
    """A question reduced to what the engine matches: key terms, asked kinds and anchors."""

    text: str
    language: str
    terms: list[str]
    kinds: list[str]
    years: list[str]
    acronyms: list[str]
    carried: set[str]  # terms only in the carried-over topic: context, so they weigh less
    # English stems a term may be found as (lexicon.py): a translation, or an English alias
    aliases: dict[str, set[str]] = field(default_factory=dict)
    enumerates: bool = False  # asks for several things (steps, sectors): lists answer it best
    # asks for so many things ("the seven project ideas"): their number, and what they are
    enumerated: tuple[int, tuple[str, ...]] | None = None
    focus: Focus | None = None  # the noun whose value is asked ("budget"), when there is one
    outcome: bool = False  # asks what actually came of something, not what was planned
    # the terms of what was to come of it ("carbon neutral"), when the question names it
    result: list[str] = field(default_factory=list)
    # runs of capitalised words in the asking sentence (English questions): ("Single", "Market",
    # "Programme"), ("Japan",)
    phrases: list[tuple[str, ...]] = field(default_factory=list)
    # terms only the scene-setting sentences hold ("12-person maker of kitchen appliances")
    scene: set[str] = field(default_factory=set)
    # asked what a term is ("What is industrial symbiosis?"): the term's stems, in order
    defined: tuple[str, ...] = ()
    # which meeting or edition the asking sentence names ("its fourth seminar"): [4]
    ordinals: list[int] = field(default_factory=list)
    # asks about what comes next ("When is the next call?")
    upcoming: bool = False
    applies: bool = False  # asks from when rules apply ("become mandatory", "take effect")
    ruled: tuple[str, ...] = ()  # the stems of what the asked rules are for ("mattress")
    average: bool = False  # asks for an average figure ("the average grant")
    # asks for a figure per something ("per litre of beer"): the words it must be given per
    per: tuple[str, ...] = ()
    # asks which one ranks first ("Which country recycles the most?"): the stems of what it is
    # ranked by ("recycl"), () for nothing named; None when it asks no ranking
    ranking: tuple[str, ...] | None = None
    # asks who does something ("Who manages the fund?"): the words that say the role
    role: tuple[str, ...] = ()
    # the name a figure is asked of ("the budget of SWITCH-Med, the Mediterranean version of
    # SWITCH-Asia"): SWITCH-Med, not any name the question gives
    subject: tuple[str, ...] = ()
    # compares two things ("LIFE or the EIC Accelerator", "the difference between A and B"):
    # the key terms are split between them, and a passage about one holds about half
    compares: bool = False
    # asks for examples ("examples of SMEs that saved money", "case studies"): the case-study
    # documents answer first
    examples: bool = False
    # asks how to get something ("How do I get an EU Ecolabel?"): the steps to apply answer it
    obtains: bool = False
    # the numbered standards it names ("ISO 14001"): {"ISO": {"14001"}}
    standards: dict[str, set[str]] = field(default_factory=dict)
    # the acronyms of a follow-up's carried topic ("Is it free? (about: I-GO Green)"): what the
    # conversation is about, which a passage must name to answer the follow-up
    carried_acronyms: list[str] = field(default_factory=list)

    def other_standard(self, text: str) -> bool:
        """Whether a text names another standard of a series the question asks about ("ISO
        14005", asked about ISO 14001) and not the one asked."""
        if not self.standards:  # most questions name none: no need to read the text
            return False
        named = numbered_standards(text)
        return any(
            named.get(series, set()) - numbers and not named.get(series, set()) & numbers
            for series, numbers in self.standards.items()
        )

    @property
    def names(self) -> list[str]:
        """The capitalised names, each once: "Japan", "Top", "Runner"."""
        return list(dict.fromkeys(w for phrase in self.phrases for w in phrase))

    def matches(self, found: set[str]) -> set[str]:
        """The question terms found in a set of stems, directly or through their aliases."""
        return {t for t in self.terms if t in found or self.aliases.get(t, set()) & found}


def content_terms(text: str, keep: frozenset[str] = frozenset()) -> list[str]:
    """Stemmed terms of the words that say what a text is about (no stop or generic words,
    but the generic words in ``keep``)."""
    skip = _ALL_STOP | (_GENERIC - keep)
    terms: list[str] = []
    for raw in WORD_RE.findall(text):
        word = fold_word(raw)
        if word in skip or (len(word) < 2 and not word.isdigit()):
            continue
        for term in terms_of(raw):
            if term not in terms and (term not in skip or word in keep):
                terms.append(term)
    return terms


def _aliases(text: str, language: str, terms: Sequence[str]) -> dict[str, set[str]]:
    """English stems each content term of ``text`` may be answered with (lexicon.py)."""
    aliases: dict[str, set[str]] = {}
    for raw in WORD_RE.findall(text):
        word = fold_word(raw)
        term = _stem(word)
        english = equivalents(word, language)
        if term in terms and english:
            stems = {s for e in english for s in terms_of(e)} - {term}
            aliases.setdefault(term, set()).update(stems)
    return aliases


def _focus(focus: Focus | None, kinds: Sequence[str]) -> Focus | None:
    """The focus phrase, tied to the measured kind the question asks (amount, count, value)."""
    if focus is not None and not needs_stating(focus):
        focus = named_share(focus)
    if focus is None:
        return None
    measured = [k for k in (focus.kind, "amount", "count", "value") if k in kinds]
    return replace(focus, kind=measured[0]) if measured else None


# The words that ask for a kind of fact are not what it is about: "how *often*" is answered by
# "every 4 years", which never says "often".
_KIND_WORDS = re.compile(
    r"\bhow (?:often|long|soon|frequently)\b|\b(?:last|run)\b(?=\s*[?,]|\s+and\b)|"
    r"\bwie (?:oft|lange)\b|"
    r"\bcombien de temps\b|\bcu[aá]nto tiempo\b|\bcon qu[eé] frecuencia\b|"
    r"\b[àa] quelle fr[ée]quence\b",
    re.IGNORECASE,
)


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
#: "Japan", "McKinsey", "SWITCH-Med"; not "EU-funded" nor an all-capitals acronym (checked apart)
_NAME_RE = re.compile(r"^(?=.*[a-z])[A-Z][A-Za-z]*(?:-[A-Z][A-Za-z]*)*$")
_NOT_NAMES = frozenset(
    fold(w)
    for w in f"{_MONTHS.replace('|', ' ')} Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec "
    "Monday Tuesday Wednesday Thursday Friday".split()
)


# "A client with 120 staff wants to know whether ...": the scene and the question in one sentence
_REPORTED = re.compile(
    r"\b(?:wants?|would like|needs?|asks?|asked|asking|wonders?|wondering)\s+(?:to\s+know\s+)?"
    r"(?=(?:whether|if|how|what|when|which|who|why)\b)",
    re.IGNORECASE,
)


# Words that name no particular result: "What results did the deal report?" is answered by
# whatever the deal's passage reports.
_ANY_RESULT = frozenset(
    terms_of(
        "result results outcome outcomes impact impacts effect effects goal goals target targets "
        "aim aims become yet far now date actually"
    )
)


def _result_terms(asking: str) -> list[str]:
    """The terms of what the question asks came of something ("become carbon neutral": carbon,
    neutral), without the words any result would fit, nor a year ("achieve by 2019": when)."""
    return [
        t
        for t in content_terms(asked_result(asking))
        if t not in _ANY_RESULT and not YEAR_RE.fullmatch(t)
    ]


# "Which seven project ideas ...?", "List the ten techniques ...": so many things, by a plural noun
_COUNTED = "three four five six seven eight nine ten eleven twelve".split()  # noqa: SIM905
_N_THINGS = re.compile(
    r"\b(?:the|which|what|list|name)\s+(?:main\s+|key\s+)?"
    rf"(?P<n>{'|'.join(_COUNTED)}|[3-9]|1\d)\s+"
    r"(?P<noun>(?:[\w-]+\s+){0,2}?[\w-]+s)(?=\s+(?:of|in|that|which|were|are|is|does|do|did|"
    r"has|have|had|for|under|at|to|from|by)\b|\s+\w+ed\b|\s*[?.,]|$)",
    re.IGNORECASE,
)
# Words for the parts of a whole that documents name in their own ways ("the three sides of
# sustainability" are its three dimensions): any list of as many answers
_PART_WORDS = frozenset(
    terms_of(
        "areas aspects approaches categories components dimensions elements fields groups kinds "
        "levels parts phases pillars principles priorities sides stages steps strands themes types"
    )
)


# ... in French, German and Spanish: "les sept projets", "die drei Säulen", "los cinco pasos"
_FOREIGN_COUNTED = {
    word: number
    for number, words in enumerate(
        [
            "trois drei tres",
            "quatre vier cuatro",
            "cinq funf cinco",
            "six sechs seis",
            "sept sieben siete",
            "huit acht ocho",
            "neuf neun nueve",
            "dix zehn diez",
        ],
        start=3,
    )
    for word in words.split()
}
_N_THINGS_FOREIGN = re.compile(
    r"\b(?:les|des|ces|die|den|welche|los|las|quels|quelles)\s+(?=(?P<n>[^\W\d_]+)\s+"
    r"(?P<noun>[\w-]+))",
    re.IGNORECASE,
)


def _english_stems(word: str, language: str) -> tuple[str, ...]:
    """The English stems of a question's word: its own in English, else its translations' (none
    for a word the lexicon does not know)."""
    if language == "en":
        return tuple(terms_of(word))
    english = equivalents(fold_word(word), language)
    return tuple(dict.fromkeys(t for e in english for t in terms_of(e)))


def _enumerated(asking: str, language: str) -> tuple[int, tuple[str, ...]] | None:
    """How many things the question asks to be named, and the (English) stems of what they are,
    none for a word any list's parts would fit ("steps", "sides") or with no known translation."""
    if language == "en":
        match = _N_THINGS.search(asking)
        if not match:
            return None
        word = match.group("n").lower()
        count = _COUNTED.index(word) + 3 if word in _COUNTED else int(word)
        named = match.group("noun").split()[-1]
    else:
        counted = (
            (_FOREIGN_COUNTED.get(fold(found.group("n"))), found.group("noun"))
            for found in _N_THINGS_FOREIGN.finditer(asking)
        )
        count, named = next(((n, w) for n, w in counted if n), (0, ""))
        if not count:
            return None
    noun = _english_stems(named, language)
    return count, () if set(noun) <= _PART_WORDS else noun


def _ruled(asking: str, language: str) -> tuple[str, ...]:
    """What the rules a question asks about are for: the English stems of the last word after
    "requirements for" (any one names it). A French, German or Spanish word with no known
    translation pins nothing down."""
    match = _RULES_FOR.search(asking)
    if not match:
        return ()
    return _english_stems((match.group("what") or match.group("was")).split()[-1], language)


# -- a figure per something ----------------------------------------------------------------------
# "How much water does a brewery use per litre of beer?", "What is the fee per TV set?": a figure
# answers only where it is given per that thing ("per litre", "a litre", "each set"); a brewery's
# yearly water bill is not it.
_PER_ASKED = re.compile(r"\bper\s+(?P<what>[a-z]+(?:\s+[a-z]+){0,2})", re.IGNORECASE)
#: How a text says "per" each of these without the word: "an annual fee", "monthly"
_PER_WORDS = {
    "year": ("annual", "annually", "yearly", "p.a", "year"),
    "month": ("monthly", "month"),
    "week": ("weekly", "week"),
    "day": ("daily", "day"),
    "hour": ("hourly", "hour"),
    "company": tuple(sorted(FIRM_WORDS)),
    "employee": ("employee", "person", "worker", "staff"),
    "person": ("person", "employee", "worker", "head", "capita", "participant"),
}


# ... in French, German and Spanish: "par an", "pro Mitarbeiter", "por empresa", "al año". Only
# these nouns: "par" without an article is also "by" ("financé par LIFE") and "par exemple"
_PER_FOREIGN_ASKED = re.compile(r"\b(?:par|pro|je|por|al|cada)\s+(?P<what>[\w-]+)", re.IGNORECASE)
_PER_FOREIGN = {
    word: english
    for english, words in {
        "year": "an ans annee jahr ano",
        "month": "mois monat mes",
        "week": "semaine woche semana",
        "day": "jour tag dia",
        "hour": "heure stunde hora",
        "company": "entreprise unternehmen firma betrieb empresa pme kmu",
        "employee": "salarie employe mitarbeiter mitarbeitende beschaftigten empleado trabajador",
        "person": "personne person persona habitant kopf",
        "project": "projet projekt proyecto",
        "product": "produit produkt producto",
        "litre": "litre liter litro",
        "tonne": "tonne tonelada",
        "leak": "fuite leck fuga",
    }.items()
    for word in words.split()
}


def _per(asking: str, language: str) -> tuple[str, ...]:
    """The words a figure must be given per, when the question asks one per something ("per
    litre", "per participating company": ("litre",), the firm words), else ()."""
    if language != "en":
        said = (fold_word(m.group("what")) for m in _PER_FOREIGN_ASKED.finditer(asking))
        english = next((_PER_FOREIGN[w] for w in said if w in _PER_FOREIGN), None)
        return _PER_WORDS.get(english, (english,)) if english else ()
    match = _PER_ASKED.search(asking)
    if not match:
        return ()
    # "per participating company in ...", "per TV set that ...": the noun before a stop word
    words = [fold_word(w) for w in match.group("what").split()]
    stop = next((i for i, w in enumerate(words) if w in STOP_WORDS["en"]), len(words))
    if not stop or words[0] in ("cent", "se"):  # "per cent", "per se"
        return ()
    noun = words[stop - 1]
    singular = noun[:-1] if noun.endswith("s") and not noun.endswith("ss") else noun
    return _PER_WORDS.get(singular, (singular,))


# "What is the average EIC grant?": an average answers, not the cap ("typical" asks less: "about
# six weeks" is how long a typical evaluation takes)
_AVERAGE_ASKED = re.compile(
    r"\b(?:average|mean|median|en moyenne|durchschnitt\w*|promedio|de media)\b|"
    # "le montant moyen", not "les moyennes entreprises"
    r"\b(?:montant|co[uû]t|prix|budget|taux|d[ée]lai|dur[ée]e|nombre|subvention)s?\s+moyen(?:ne)?s?\b",
    re.IGNORECASE,
)
# ... and asks for a figure where no other words do: "the average grant", "the mean turnover"
# (not "an average SME", "a typical audit")
_AVERAGE_FIGURE = re.compile(
    r"\b(?:average|mean|median)\s+(?P<next>(?:[\w-]+\s*){1,4})", re.IGNORECASE
)
_AVERAGED_NOUNS = frozenset(
    "turnover payback time size number rate consumption saving savings".split()  # noqa: SIM905
)


def _asks_average_figure(asking: str) -> bool:
    """Whether one of the four words after "average" is a figure's noun."""
    return any(
        fold_word(word) in _FIGURE_NOUNS | _AVERAGED_NOUNS
        for m in _AVERAGE_FIGURE.finditer(asking)
        for word in m.group("next").split()
    )


# -- who does something ---------------------------------------------------------------------------
# "Who manages the SME IPO Fund?", "Which organisation led ESEEC?", "Who is the director of
# ASEIC?": a name answers only where a passage says who does that. The words of one role, by
# family; a question whose word is in none ("Who can apply?": who is eligible) asks no role.
_ROLE_WORDS = {
    "run": "run runs ran manage manages managed manager management operate operates operated "
    "operator administer administers administered implement implements implemented "
    "secretariat host hosts hosted lead leads led coordinate coordinates coordinated "
    "coordinator",
    # a person's title: "Who is the director of ASEIC?", "Who chairs the working group?"
    "head": "head headed director directors leader chair chairs chaired chairman "
    "chairperson chairwoman president presides presided",
    "found": "found founds founded founder founders establish establishes established create "
    "creates created",
    "fund": "fund funds funded funding finance finances financed financing pay pays paid "
    "sponsor sponsors sponsored donor donors contribute contributes contributed",
    "own": "own owns owned owner owners ownership",
    "commission": "commission commissions commissioned order orders ordered",
    "win": "win wins won winner winners award awarded prize",
    "certify": "certify certifies certified certificate certificates issue issues issued "
    "accredit accredits accredited",
    "develop": "develop develops developed developer design designs designed",
}
_ROLE_OF = {word: role for role, words in _ROLE_WORDS.items() for word in words.split()}
# ... and words said of one role that do not say it in a passage: "launched" a product is
# not "founded" a company, "in charge" is not said of a fee
_ROLE_OF |= {"launch": "found", "launched": "found", "set": "found", "charge": "run"}
# "Who is behind it?": any of these says who
_BEHIND = ("run", "head", "found", "fund", "develop")
_ROLE_ASKED = re.compile(
    r"^\W*(?:and |so )?who(?:'s|\s+is|\s+are|\s+was|\s+were)?\s+"
    r"(?:(?:actually|really|currently|now|the|in|current|present|new)\s+)*(?P<who>\w+)|"
    r"\bwhich (?:\w+ )?(?:company|firm|organi[sz]ation|body|agency|institution|partner|"
    r"government|country)s?\s+(?:\w+ly\s+)?(?P<which>\w+)",
    re.IGNORECASE,
)


# ... in French, German and Spanish: "Qui dirige ...?", "Wer hat ... gegründet?", "¿Quién encargó
# ...?": the question's verb, for its role
_WHO_FOREIGN = re.compile(r"^\W*(?:et |und |y )?(?:qui|wer|qui[eé]n(?:es)?)\b", re.IGNORECASE)
_ROLE_FOREIGN = {
    "run": "dirige dirigent dirigeait g[eè]re g[eè]rent g[ée]r[ée]e? administre coordonne "
    "leitet leitete f[üu]hrt betreibt verwaltet koordiniert dirigi[oó] gestiona gestion[oó] "
    "administra coordina",
    "head": "pr[ée]side vorsitz\\w* preside presidi[oó]",
    "found": "fond[ée]e?s? cr[ée][ée]e?s? gegr[üu]ndet gr[üu]ndete fund[oó] fundad[oa] cre[oó]",
    "fund": "finance financent financ[ée]e? pay[ée]e? finanziert bezahlt finanzia financi[oó] "
    "pag[oó]",
    "own": "poss[eè]de poss[eè]dent besitzt geh[öo]rt posee",
    "commission": "command[ée]e? beauftragt\\w* encarg[oó]",
    "win": "gagn[ée] remport[ée] gewann gewonnen gan[oó]",
    "certify": "certifie d[ée]livre zertifiziert certifica emite",
    "develop": "d[ée]velopp[ée]e? con[çc]ue? entwickelt desarroll[oó]",
}
_ROLE_FOREIGN_RE = {
    role: re.compile(rf"\b(?:{'|'.join(words.split())})\b", re.IGNORECASE)
    for role, words in _ROLE_FOREIGN.items()
}


def _role(asking: str, language: str) -> tuple[str, ...]:
    """The (English) words that say the role asked about ("manages", "managed", "run by", ...),
    none when the question asks no one's role. Whole words, not stems: "Leaders at the summit"
    are not a chair, nor is a "women-led" company a leader."""
    if language != "en":
        if not _WHO_FOREIGN.search(asking):
            return ()
        role = next((r for r, found in _ROLE_FOREIGN_RE.items() if found.search(asking)), "")
        return tuple(_ROLE_WORDS[role].split()) if role else ()
    match = _ROLE_ASKED.search(asking)
    if not match:
        return ()
    word = fold(match.group("who") or match.group("which"))
    roles = _BEHIND if word == "behind" else (_ROLE_OF[word],) if word in _ROLE_OF else ()
    words = [w for role in roles for w in _ROLE_WORDS[role].split()]
    if roles and word not in ("charge", "behind"):
        words.append(word)  # "Who launched it?": "launched" says it too
    return tuple(dict.fromkeys(words))


# -- which one ranks first ------------------------------------------------------------------------
# "Which country recycles the most?", "What is the largest Ecolabel product group?": the answer
# is what a passage ranks first (or last) by what was asked; a passage on recycling that ranks
# nothing does not say which. Not "What is the most important step?" (advice, not a ranking),
# nor a figure asked ("How much is the highest grant?": its bound answers).
#: Superlatives of size and rank (evidence.py looks for them in passages too); "best" and
#: "worst" only after "which"/"who": "What is the best ...?" asks advice
SIZE_SUPERLATIVES = ("highest", "lowest", "largest", "biggest", "smallest", "greatest", "fewest")
SUPERLATIVES = frozenset(["most", "least", *SIZE_SUPERLATIVES, "best", "worst"])
_RANKING_ASKED = re.compile(
    rf"^\W*(?:and |so )?(?:which|who)\b(?P<which>[^?]*?)\b(?:the )?"
    # not "paid for most of it": most, not the most
    rf"(?:{'|'.join(sorted(SUPERLATIVES))})\b(?!\s+of\b)(?P<by>[^?]*)|"
    r"^\W*(?:and |so )?what(?:'s|\s+is|\s+are|\s+was|\s+were)\s+the\s+"
    rf"(?:{'|'.join(SIZE_SUPERLATIVES)})\b(?P<by2>[^?]*)",
    re.IGNORECASE,
)
_RANKED_BY_WORDS = 3  # the words before and after the superlative that say what it ranks by


#: What a superlative asks a figure of: "What is the highest grant?" is answered by its bound
_FIGURE_NOUNS = VALUE_NOUNS | frozenset(
    "grant grants subsidy subsidies loan loans funding investment investments".split()  # noqa: SIM905
)


# ... in French and German ("Quel pays a le plus d'enregistrements ?", "Welches Land hat die
# meisten ...?"), ranked by anything: the words around are not English
_RANKING_FOREIGN = re.compile(
    r"^\W*(?:quel(?:le)?s?|qui|welche[rsnm]?|wer)\b[^?]*\b(?:le plus|la plus|les plus|le moins|"
    r"am meisten|die meisten|am h[öo]chsten|h[öo]chste[nrs]?|gr[öo](?:ß|ss)te[nrs]?)\b",
    re.IGNORECASE,
)


def _ranking(asking: str, language: str, names: Sequence[str]) -> tuple[str, ...] | None:
    """What a question asking which one ranks first ranks by (the stems of the words around
    its superlative: "recycles", "water"), () when nothing; None when it asks no ranking."""
    if language != "en":
        return () if _RANKING_FOREIGN.search(asking) else None
    match = _RANKING_ASKED.search(asking)
    if not match:
        return None
    after = (match.group("by") or match.group("by2") or "").split()[:_RANKED_BY_WORDS]
    if match.group("by2") is not None and {fold_word(w) for w in after} & _FIGURE_NOUNS:
        return None
    skip = {fold_word(n) for n in names}
    words = (match.group("which") or "").split()
    # "Which EU country has ...": the thing asked for (and its names) is not what it is ranked by
    start = next(
        (i for i, w in enumerate(words) if not w.isupper() and fold_word(w) not in skip), 0
    )
    around = words[start + 1 :][-_RANKED_BY_WORDS:]
    return tuple(
        dict.fromkeys(
            t
            for w in [*around, *after]
            if fold_word(w.strip(",.;:")) not in skip
            for t in content_terms(w)
        )
    )


def asking_part(own: str) -> str:
    """The sentences that ask (ending in "?", else the last one), without the ones that set the
    scene ("We're a 30-person dyeing firm in Lyon.", "I advise SMEs at a CCI."), nor the words
    before a reported question ("A client with 120 staff wants to know whether ...")."""
    sentences = [s for s in _SENTENCE_END.split(own.strip()) if s]
    asking = [s for s in sentences if s.rstrip().endswith("?")] or sentences[-1:]
    asking = [_REPORTED.split(s, maxsplit=1)[-1] for s in asking]
    return " ".join(asking)


def _subject(
    asking: str, focus: Focus | None, phrases: Sequence[tuple[str, ...]]
) -> tuple[str, ...]:
    """The name phrase right after "<focus noun> of (the)": what the figure must be about."""
    if focus is None:
        return ()
    after = re.search(
        rf"\b{re.escape(focus.noun)}\s+(?:of|for)\s+(?:the\s+)?([^\W\d_][\w-]*)",
        asking,
        re.IGNORECASE,
    )
    if not after:
        return ()
    return next((p for p in phrases if p[0] == after.group(1)), ())


_ASKER = frozenset(["a", "an", "our", "my"])
# ... and what they are: "a Spanish micro-enterprise", "our Danish manufacturer"
_ASKER_NOUNS = FIRM_WORDS | frozenset(
    "manufacturer producer supplier start-up startup brand factory plant shop workshop".split()  # noqa: SIM905
)


def _demonym(folded: str) -> bool:
    """Whether a capitalised word may be a country's adjective ("German", "Chinese", "Danish")."""
    return folded.endswith(("an", "ese", "ish", "ch")) or folded in DEMONYMS


def _name_phrases(asking: str) -> list[tuple[str, ...]]:
    """Runs of capitalised words that are not a sentence's first word: "Single Market
    Programme", "Kalundborg Forsyning". Names the passages must hold."""
    phrases: list[tuple[str, ...]] = []
    for sentence in _SENTENCE_END.split(asking):
        words = [w.removesuffix("'s").removesuffix("’s") for w in WORD_RE.findall(sentence)]
        # each word after the first, with its neighbours; a last empty word ends the last run
        # (a one-word sentence, "Water?", has none)
        padded = [*words, "", ""]
        run: list[str] = []
        for before, word, after in zip(padded, padded[1:], padded[2:], strict=False):
            folded = fold(word)
            if (
                word
                and _NAME_RE.match(word)
                # "a German SME", "our Polish company": who asks, not what the documents must
                # name ("Which German SMEs ...?" asks about them)
                and not (
                    fold(before) in _ASKER
                    and _demonym(folded)
                    and fold(after).split("-")[-1] in _ASKER_NOUNS
                )
                and not word.removesuffix("s").isupper()  # "SMEs": an acronym, checked apart
                and folded not in STOP_WORDS["en"]
                and folded not in _NOT_NAMES
                # "French", "Danish": not how documents name them, unless known ("Sweden")
                and (not folded.endswith(("ch", "sh")) or folded in DEMONYMS)
            ):
                run.append(word)
            elif run:
                phrases.append(tuple(run))
                run = []
    return phrases


# A scene sentence that says who asks: "We're a 30-person manufacturer in Bavaria.", "I advise
# SMEs at a CCI.", "We run a campsite ...": its names are the user's, not what is asked about
_ASKER_SCENE = re.compile(
    r"^\W*(?:(?:we|i)(?:'re|'m|\s+are|\s+am|\s+run|\s+own|\s+make|\s+have|\s+work|"
    r"\s+advise|\s+manage|\s+sell|\s+produce)|our\s+(?:company|firm|business|shop|plant)\s+is)\b",
    re.IGNORECASE,
)


_NATIONAL_BODY = re.compile(
    r"\b(?P<country>(?-i:[A-Z][a-z]+))\s+(?:[\w-]+\s+){0,2}?(?:competent\s+bod(?:y|ies)|agency|"
    r"authority|ministry|government|administration|office)\b",
    re.IGNORECASE,
)


# ... which the asking sentence refers back to: "What fee would *they* charge?"
_REFERS_BACK = re.compile(r"\b(?:they|them|their|it|its)\b", re.IGNORECASE)


def _scene_national_names(own: str, asking: str) -> list[tuple[str, ...]]:
    """The country of a national body named in the sentences that set the scene, when the
    question asks about that body ("We'd apply through the German Competent Body. What fee would
    they charge?"): the passages must name its country, not only the EU-wide fee limits. Not
    the user's own country or place ("We're a small German consultancy.", "a shop in Bavaria")."""
    if not _REFERS_BACK.search(asking):  # "How often would we need an audit?" asks the rule
        return []
    scene = [
        sentence
        for sentence in _SENTENCE_END.split(own.strip())
        if sentence and sentence not in asking and not _ASKER_SCENE.search(sentence)
    ]
    return [
        (match.group("country"),)
        for sentence in scene
        for match in _NATIONAL_BODY.finditer(sentence)
        if _demonym(fold(match.group("country"))) and fold(match.group("country")) != "european"
    ]


# "What is industrial symbiosis?", "What does eco-innovation mean in EU policy?"
_DEFINITION_RE = re.compile(
    r"^\W*what(?:'s| is| are| does)\s+(?:an?\s+|the\s+)?(?P<term>[\w'-]+(?:\s+[\w'-]+){0,4}?)"
    r"(?:\s+\([^)]*\))?(?:\s+mean|\s+stand\s+for)?(?:\s+(?:in|for|under|of)\s+[^?]*)?"
    # "What is the EU Ecolabel and how do we get it?": what it is comes first
    r"(?:,?\s+and\s+(?:how|who|where|which|why|can|do|does|is|are|should)\b[^?]*)?\s*\?\s*$",
    re.IGNORECASE,
)
_DEFINES = frozenset(["is", "are", "means", "refers", "describes", "stands", ","])
#: A participle after "is": "is meant", "is used", "is based" say how, not what
_PARTICIPLE = re.compile(
    r"^(?:\w+ed|meant|made|done|given|known|seen|taken|found|run|set|held|paid|built|kept)$"
)


# "What is the definition of an SME?", "What's the EU's definition of eco-innovation?"
_DEFINITION_OF_RE = re.compile(
    r"^\W*what(?:'s| is| are)\s+(?:the\s+)?(?:[\w'’-]+\s+)?definitions?\s+of\s+"
    r"(?:an?\s+|the\s+)?(?P<term>[\w'-]+(?:\s+[\w'-]+){0,3}?)\s*\?\s*$",
    re.IGNORECASE,
)


# "Is my company an SME?", "Does a 40-person firm count as an SME?": what an SME is answers
_IS_A_RE = re.compile(
    r"^\W*(?:is|are|does|do)\s+(?:my|our|a|an|the|this)\s+[\w'-]+(?:\s+[\w'-]+)?\s+"
    r"(?:count\s+as\s+|qualify\s+as\s+)?(?:an?\s+)(?P<term>[\w'-]+)\s*\?\s*$",
    re.IGNORECASE,
)


# "Qu'est-ce que la symbiose industrielle ?", "Was ist ein Umweltzeichen?", "¿Qué es EMAS?"
_FOREIGN_TERM = r"(?P<term>[\w'-]+(?:\s+[\w'-]+){0,3}?)\s*\?\s*$"
_FOREIGN_DEFINITION_RE = {
    "fr": re.compile(
        r"^\W*(?:qu'est[- ]ce qu(?:e |')(?:c'est qu(?:e |'))?|c'est quoi |que (?:signifie|veut "
        r"dire) )(?:l'|le |la |les |un |une |des )?" + _FOREIGN_TERM,
        re.IGNORECASE,
    ),
    "de": re.compile(
        r"^\W*was (?:ist|sind|bedeutet|hei(?:ß|ss)t)\s+(?:eigentlich\s+)?"
        r"(?:ein |eine |der |die |das |den )?" + _FOREIGN_TERM,
        re.IGNORECASE,
    ),
    "es": re.compile(
        r"^\W*qu[ée] (?:es|son|significa|quiere decir)\s+(?:el |la |los |las |un |una |lo )?"
        + _FOREIGN_TERM,
        re.IGNORECASE,
    ),
}


def _defined_term(own: str, language: str) -> tuple[str, ...]:
    """The stems of the term a question asks to define, in English: a French, German or Spanish
    term word by word through the lexicon ("symbiose industrielle": symbiosis, industrial)."""
    if language == "en":
        match = _DEFINITION_OF_RE.match(own) or _DEFINITION_RE.match(own) or _IS_A_RE.match(own)
        words = match.group("term").split() if match else []
        # "What is the (EU) SME definition?" asks what an SME is
        if len(words) > 1 and words[-1].casefold() in ("definition", "definitions"):
            words = words[:-1]
            if len(words) > 1 and words[0].casefold() in ("eu", "eu's", "european"):
                words = words[1:]
        return tuple(_stem(w) for w in words)
    pattern = _FOREIGN_DEFINITION_RE.get(language)
    match = pattern.match(own.strip()) if pattern else None
    if not match:
        return ()
    stems: list[str] = []
    for word in re.split(r"[\s-]+", match.group("term")):  # "EU-Umweltzeichen": EU, ecolabel
        folded = fold_word(word)
        english = equivalents(folded, language)
        stems.extend(terms_of(english[0]) if english else [_stem(folded)])
    return tuple(stems)


_BRACKETED = re.compile(r"\s*\([^)]*\)")
# "Resource Efficient and Cleaner Production (RECP) is ...": an acronym defined by its expansion
_EXPANDED = re.compile(r"^\W*(?:the\s+)?[^().;:]{3,120}?\((?P<acronym>[^()]+)\)\s*(?P<verb>,|\w+)")


def defines(term: Sequence[str], text: str) -> bool:
    """Whether a unit opens by defining the term: "In an industrial symbiosis, companies ...",
    '"Eco-innovation" is any kind of innovation', "An MFCA is ..."."""
    # an aside in brackets may stand between the term and its verb: "Material flow cost
    # accounting (MFCA) is", "Eco-design (ecodesign) means"; another word may not: "Ecodesign
    # requirements are set ..." defines the requirements, not ecodesign
    expanded = _EXPANDED.match(fold(text.replace("**", "")))
    if expanded and [_stem(expanded.group("acronym").strip())] == list(term):
        return expanded.group("verb") in _DEFINES
    plain = _BRACKETED.sub(" ", text.replace("**", ""))
    words = re.findall(r"[\w'-]+|,", fold(plain))[: len(term) + 6]
    while words and words[0] in ("in", "a", "an", "the"):
        words.pop(0)
    # in any order: a French or Spanish term puts its adjective after the noun; "eco-design"
    # is "ecodesign"
    opening = words[: len(term)]
    as_written = sorted(map(_stem, opening)) == sorted(term)
    unhyphenated = sorted(_stem(w.replace("-", "")) for w in opening) == sorted(
        t.replace("-", "") for t in term
    )
    if not (as_written or unhyphenated):
        return False
    rest = words[len(term) :]
    # "EREK is also a network of ...": more about it, after the definition; "MFCA is meant
    # for internal decision-making": how it is used, not what it is
    return (
        bool(rest)
        and rest[0] in _DEFINES
        and rest[1:2] != ["also"]
        and not (rest[0] in ("is", "are") and _PARTICIPLE.match("".join(rest[1:2])))
    )


# what a heading may add to the term it is named after: "End-of-waste status"
_SECTION_OF_TERM = frozenset(["status", "definition", "definitions", "concept", "meaning"])


def names_section(term: Sequence[str], heading: str) -> bool:
    """Whether a section heading is named after a term: "End-of-waste status (Article 6)" for
    end-of-waste, not "The EREK network" or "From cleaner production centres to RECP"."""
    words = re.findall(r"[\w'-]+", fold(_BRACKETED.sub(" ", heading)))
    while words and words[0] in ("a", "an", "the"):
        words.pop(0)
    named = [_stem(w) for w in words[: len(term)]] == list(term)
    return named and set(words[len(term) :]) <= _SECTION_OF_TERM


def analyse(question: str) -> Question:
    """Reduce a question to its language, stemmed content terms, asked kinds and anchors."""
    topic = CARRIED_RE.search(question)
    own = CARRIED_RE.sub("", question)
    terms = content_terms(_KIND_WORDS.sub(" ", own))
    language = detect_language(own)
    if not terms:  # "What is an SME?", "Qu'est-ce qu'une PME ?": the size words are all it asks
        terms = content_terms(_KIND_WORDS.sub(" ", own), keep=_SIZE_WORDS)
    focus = find_focus(own, language == "en")
    if focus and said_by_figure(focus):  # "what share", "what limit": "42%", "< 50" say it
        figure = terms_of(focus.share or focus.noun)
        # ... unless the noun is all the question names: "What are the SME thresholds?"
        terms = [t for t in terms if t not in figure] or (
            content_terms(_KIND_WORDS.sub(" ", own), keep=_SIZE_WORDS)
            if language == "en"
            else terms
        )
    asking = asking_part(own)
    kinds = _kinds(question, focus)
    if not kinds and language == "en" and _asks_average_figure(asking):
        kinds = ["value"]
    defined = _defined_term(own, language) if not kinds else ()
    word = _stem("definition")
    if defined and word in terms and word not in defined:
        # "What is the SME definition?": the term is what the passages must hold, not the word
        # "definition" ("national definitions differ" does not answer it)
        terms = [t for t in terms if t != word] + [d for d in defined if d not in terms]
    if not content_terms(_KIND_WORDS.sub(" ", asking)):
        # "Is my company an SME? We have 45 employees.": the size word is what is asked
        terms += [t for t in content_terms(asking, keep=_SIZE_WORDS) if t not in terms]
    implied = [t for t in _BARRIER_TERMS if t not in terms] if _ASKS_BARRIERS.search(asking) else []
    # "Does it apply to small companies?": the size is what is asked
    if _ASKS_SCOPE.search(asking):
        sizes = [_stem(w) for w in _SIZE_ADJECTIVE.findall(fold(asking))]
        implied += [t for t in dict.fromkeys(sizes) if t not in terms and t not in implied]
    terms += implied
    carried = [t for t in content_terms(topic.group(1)) if t not in terms] if topic else []
    # the scene's acronyms ("I work at a CCI.") are the user's, not what the documents must name,
    # and so are a carried topic's (they may come from an earlier turn's scene)
    acronyms = [
        a.rstrip("s")
        for a in _ACRONYM_RE.findall(asking)
        if a not in {"I", "OK"} and not (any(c.isdigit() for c in a) and _FORMULA_RE.match(a))
    ]
    outcome = asks_outcome(own)
    if language == "en":
        phrases = _name_phrases(asking) + _scene_national_names(own, asking)
    else:  # a French, German or Spanish question's names: countries, and names written as
        # names in any language ("RECPnet", "InvestEU"), not its capitalised German nouns
        phrases = [tuple(name.split()) for name in named_countries(asking, language)]
        phrases += [(word,) for word in _MIXED_CASE_RE.findall(asking)]
    return Question(
        text=question,
        language=language,
        terms=terms + carried,
        kinds=kinds,
        # a follow-up naming something new ("something similar for the Mediterranean?") is
        # not pinned to the years of the topic it carries over ("the 2012-2013 call")
        years=YEAR_RE.findall(own if phrases else question),
        acronyms=acronyms,
        carried=set(carried),
        aliases=_aliases(own, language, terms),
        enumerates=bool(_ENUMERATES.search(own)),
        enumerated=_enumerated(asking, language),
        focus=_focus(focus, kinds),
        outcome=outcome,
        result=_result_terms(asking) if outcome else [],
        phrases=phrases,
        scene=set(terms)
        - set(content_terms(_KIND_WORDS.sub(" ", asking), keep=_SIZE_WORDS))
        - set(implied),
        defined=defined,
        ordinals=ordinals(asking),
        standards=numbered_standards(asking),
        carried_acronyms=_carried_acronyms(topic.group(1) if topic else ""),
        upcoming=bool(_UPCOMING_RE.search(asking)),
        applies=bool(_APPLIES_ASKED.search(asking)),
        ruled=_ruled(asking, language),
        role=_role(asking, language),
        per=_per(asking, language),
        average=bool(_AVERAGE_ASKED.search(asking)),
        ranking=None
        if set(kinds) - {"name"}
        else _ranking(asking, language, [w for p in phrases for w in p]),
        compares=bool(_COMPARES.search(own)),
        examples=asks_for_examples(asking),
        obtains=bool(_OBTAINS.search(asking)),
        subject=_subject(asking, focus, phrases) if language == "en" else (),
    )
