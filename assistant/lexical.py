"""BM25 over chunk text, so exact terms (programme names, acronyms, numbers) find their passage.

Built in memory from what the ingest wrote (see ``assistant.retrieval``), never saved to a file of
its own: a second copy on disk could drift from Chroma.

Tokens are lower-cased, accent-folded and stemmed (Snowball English, the corpus language), and a
word written in capitals gets a term of its own too ("LIFE" the programme is not "life cycle"), as
does a hyphenated word as a whole ("by-product" is not just "product").
Numbers keep their inner separators ("2.5", "14001") and single digits survive, because figures
are what users quote. Queries also drop French, German and Spanish stop words, so a question in
those languages is scored on its content words (names, acronyms, numbers and cognates still match).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import bm25s
import numpy as np
import numpy.typing as npt
import Stemmer
from bm25s import stopwords as bm25s_stopwords

from assistant.language import detect_language, fold
from assistant.lexicon import ENGLISH_ALIASES, LEXICON

# "by-product", "end-of-waste": also one term of the whole, as "by" is a stop word and "product"
# is in every other passage
_COMPOUND_RE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)+")
_TOKEN_RE = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:\d+[^\W\d_]*)*")

Scores = npt.NDArray[np.float32]


@lru_cache(maxsize=1)
def _english_stopwords() -> frozenset[str]:
    return frozenset(_fold(w) for w in bm25s_stopwords.STOPWORDS_EN)


@lru_cache(maxsize=1)
def _query_stopwords() -> frozenset[str]:
    foreign = (
        bm25s_stopwords.STOPWORDS_FRENCH
        + bm25s_stopwords.STOPWORDS_GERMAN
        + bm25s_stopwords.STOPWORDS_SPANISH
    )
    return _english_stopwords() | frozenset(_fold(w) for w in foreign)


def _fold(text: str) -> str:
    """No case, no accents ("Éco-conception" and "eco-conception" are one token), and the
    engine's own folding, so "Maßnahmen" meets the lexicon's "massnahmen" on both sides."""
    return fold(text)


class Analyzer:
    """Text to BM25 terms; the same analysis on both sides, except the query's stop words."""

    def __init__(self, language: str = "english", translate: bool = True) -> None:
        self._stemmer = Stemmer.Stemmer(language)
        self.translate = translate

    def _terms(self, text: str, stop: frozenset[str]) -> list[str]:
        folded = _fold(text)
        compounds = [w.replace("-", "") for w in _COMPOUND_RE.findall(folded)]
        return self._stems(_TOKEN_RE.findall(folded), stop) + self._stems(compounds, stop)

    def _stems(self, tokens: list[str], stop: frozenset[str]) -> list[str]:
        words = [t.replace(",", ".") for t in tokens if t not in stop]
        words = [w for w in words if len(w) > 1 or w.isdigit()]
        return list(self._stemmer.stemWords(words))

    def document_terms(self, text: str, acronyms: bool = True) -> list[str]:
        """``acronyms``: also a term for each word in capitals (acronym_terms)."""
        terms = self._terms(text, _english_stopwords())
        return terms + acronym_terms(text) if acronyms else terms

    def query_terms(self, text: str, acronyms: bool = True) -> list[str]:
        """A French, German or Spanish query also gets its words' English translations
        (lexicon.py): the corpus is English, and "robinet" never meets "tap" otherwise. An
        English query gets the few English aliases the documents word otherwise ("cost" is
        written "fee" in the label's rules).

        Which queries are foreign is ``assistant.language``'s call, the same as the engine's.
        ``acronyms``: also a term for each word in capitals (acronym_terms).
        """
        terms = self._terms(text, _query_stopwords())
        if acronyms:
            terms += acronym_terms(text)
        if self.translate:
            english = english_words(text, aliases=True)
            terms += list(dict.fromkeys(self._terms(english, _english_stopwords())))
        return terms


_ACRONYM_RE = re.compile(r"\b[A-Z][A-Z0-9]{2,}\b")


def acronym_terms(text: str) -> list[str]:
    """A term of its own for each word written in capitals ("LIFE", "EMAS"): the programme
    LIFE is then told apart from "life cycle" and "end of life", which share its stem."""
    return [f"{word.lower()}!" for word in _ACRONYM_RE.findall(text)]


def english_words(text: str, aliases: bool = False) -> str:
    """The English words the lexicon gives for a FR/DE/ES text's content words ("Wasser
    sparen" -> "water save savings"), or, for English text with ``aliases``, its aliases."""
    foreign = detect_language(text) != "en"
    if not foreign and not aliases:
        return ""
    table = LEXICON if foreign else ENGLISH_ALIASES
    words = [w for w in _TOKEN_RE.findall(_fold(text)) if w not in _query_stopwords()]
    return " ".join(e for w in words for e in table.get(w, ()))


def with_english(query: str) -> str:
    """A FR/DE/ES query with the English words the lexicon gives for it, as an English-only
    embedder should see it (the query's own words stay, for names and numbers); else as is."""
    english = english_words(query)
    return f"{query} ({english})" if english else query


class LexicalIndex:
    """An immutable BM25 index over a list of texts, addressed by position."""

    def __init__(
        self,
        texts: Sequence[str],
        analyzer: Analyzer | None = None,
        k1: float = 1.2,
        b: float = 0.75,
    ) -> None:
        self.analyzer = analyzer or Analyzer()
        self.size = len(texts)
        self._bm25 = bm25s.BM25(k1=k1, b=b, method="lucene")
        corpus = [self.analyzer.document_terms(t) for t in texts]
        if self.size:
            self._bm25.index(corpus, show_progress=False)

    def scores(self, query: str, mask: npt.NDArray[np.bool_] | None = None) -> Scores:
        """BM25 score of every text for the query (0 where no term matches or masked out)."""
        if not self.size:
            return np.zeros(0, dtype=np.float32)
        terms = self.analyzer.query_terms(query)
        ids = self._bm25.get_tokens_ids(terms)
        if not ids:
            return np.zeros(self.size, dtype=np.float32)
        scores = np.asarray(self._bm25.get_scores_from_ids(ids), dtype=np.float32)
        if mask is not None:
            scores = np.where(mask, scores, np.float32(0.0))
        return scores

    def top(
        self, query: str, k: int, mask: npt.NDArray[np.bool_] | None = None
    ) -> list[tuple[int, float]]:
        """Positions and scores of the k best texts with a positive score, best first."""
        scores = self.scores(query, mask)
        if not scores.size:
            return []
        k = min(k, scores.size)
        best = np.argpartition(-scores, k - 1)[:k]
        best = best[np.argsort(-scores[best], kind="stable")]
        return [(int(i), float(scores[i])) for i in best if scores[i] > 0]
