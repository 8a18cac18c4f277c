"""Scoring functions: pure, one number from plain inputs, so each can be checked by hand.

Document-level retrieval (hit@k, MRR) looks at the doc ids of the ranked hits, deduplicated in
rank order: three chunks of the same document count as one document at its best rank.
"""

from __future__ import annotations

import math
import os
import re
import unicodedata
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

# -- retrieval at document level ---------------------------------------------------------------


def unique_in_order(values: Iterable[str]) -> list[str]:
    """Doc ids of ranked hits with repeats dropped, keeping the first (best) rank."""
    seen: set[str] = set()
    out: list[str] = []
    for value in values:
        if value and value not in seen:
            seen.add(value)
            out.append(value)
    return out


def hit_at_k(ranked_doc_ids: Sequence[str], gold_doc_ids: Iterable[str], k: int) -> float:
    """1.0 when one of the gold documents is among the first k distinct retrieved documents."""
    gold = set(gold_doc_ids)
    return 1.0 if gold & set(unique_in_order(ranked_doc_ids)[:k]) else 0.0


def reciprocal_rank(ranked_doc_ids: Sequence[str], gold_doc_ids: Iterable[str]) -> float:
    """1/rank of the first gold document among the distinct retrieved documents (0 if absent)."""
    gold = set(gold_doc_ids)
    for rank, doc_id in enumerate(unique_in_order(ranked_doc_ids), start=1):
        if doc_id in gold:
            return 1.0 / rank
    return 0.0


# -- text normalisation and key facts ----------------------------------------------------------

_DASHES = str.maketrans({"‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-"})
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "«": '"', "»": '"'})
_SPACE_RE = re.compile(r"\s+")
_EUR_WORD_RE = re.compile(r"\beur\b")
_EURO_SPACE_RE = re.compile(r"\s*€\s*")
_AMOUNT_BEFORE_EURO_RE = re.compile(r"(\d[\d.,]*)€")
_THOUSANDS_RE = re.compile(r"(?<=\d)[,.' ](?=\d{3}(?!\d))")


_MARKDOWN_MARKS_RE = re.compile(r"[*`]+|(?<!\w)__|__(?!\w)")


def normalise(text: str) -> str:
    """Case, spacing and number-format differences removed, so "EUR 2 000" matches "€2,000".

    NFKC turns non-breaking and narrow spaces into spaces; dashes and curly quotes are unified;
    thousand separators (comma, dot, apostrophe, space) are dropped; "EUR" becomes "€", written
    before the amount without a space. Markdown emphasis and code marks go: answers are
    Markdown, and "*small* enterprise" reads as "small enterprise".
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _MARKDOWN_MARKS_RE.sub("", text)
    text = text.translate(_DASHES).translate(_QUOTES)
    text = _SPACE_RE.sub(" ", text)
    text = _EUR_WORD_RE.sub("€", text)
    text = _EURO_SPACE_RE.sub("€", text)
    text = _AMOUNT_BEFORE_EURO_RE.sub(r"€\1", text)
    text = _THOUSANDS_RE.sub("", text)
    return text.strip()


def contains_fact(haystack_normalised: str, fact: str) -> bool:
    """Substring match on normalised text; numbers must not run on ("6 months" is not in "16")."""
    needle = normalise(fact)
    if not needle:
        return False
    pattern = re.escape(needle)
    if needle[0].isdigit():
        pattern = r"(?<![\d.,])" + pattern
    if needle[-1].isdigit():
        pattern += r"(?![\d])"
    return re.search(pattern, haystack_normalised) is not None


def key_fact_recall(answer: str, key_facts: Sequence[Sequence[str]]) -> float | None:
    """Share of key facts (each a list of alternatives) the answer states; None if none."""
    if not key_facts:
        return None
    haystack = normalise(answer)
    found = sum(1 for group in key_facts if any(contains_fact(haystack, alt) for alt in group))
    return found / len(key_facts)


# -- citations ---------------------------------------------------------------------------------

_MARKER_RE = re.compile(r"\[(\d{1,3})\]")
_BOUNDARY_RE = re.compile(r"(?:[.!?](?=\s)|\n)")
_QUOTED_RE = re.compile(r"[\"“«]([^\"”»]{8,})[\"”»]")
_DECORATION_RE = re.compile(r"^\s*(?:[-*+•]|\d{1,3}[.)])\s+|\*\*|__|`")


@dataclass
class CitationProblem:
    """A marker that points nowhere, or whose cited text is not in the source it names."""

    marker: int
    reason: str
    text: str = ""

    def __str__(self) -> str:
        return f"[{self.marker}] {self.reason}" + (f": {self.text[:80]!r}" if self.text else "")


def cited_text(answer: str, start: int) -> str:
    """The sentence or list item a marker at ``start`` closes, without markers or decoration."""
    head = _MARKER_RE.sub("", answer[:start]).rstrip()
    # A marker written after the full stop ("... 2015. [1]") cites the sentence before it.
    if head.endswith((".", "!", "?")):
        head = head[:-1]
    cut = max((m.end() for m in _BOUNDARY_RE.finditer(head)), default=0)
    sentence = _DECORATION_RE.sub("", head[cut:].strip()).strip()
    return sentence.rstrip(" :;,").strip()


def _source_text(source: Any) -> str:
    if isinstance(source, str):
        return source
    if isinstance(source, dict):
        return str(source.get("text", ""))
    return str(getattr(source, "text", ""))


def citation_problems_fallback(answer: str, sources: Sequence[Any]) -> list[CitationProblem]:
    """Our own rule, used until ``assistant.citations`` exists.

    Each marker ``[n]`` must name a source (1..len(sources)) and the text it closes must be found
    in that source's text, normalised; when the sentence quotes a passage, the quote is checked.
    """
    problems: list[CitationProblem] = []
    texts = [normalise(_source_text(s)) for s in sources]
    for match in _MARKER_RE.finditer(answer):
        number = int(match.group(1))
        if not 1 <= number <= len(sources):
            problems.append(CitationProblem(number, f"points nowhere ({len(sources)} sources)"))
            continue
        claim = cited_text(answer, match.start())
        quotes = _QUOTED_RE.findall(claim)
        pieces = quotes or [claim]
        for piece in pieces:
            if piece.strip() and normalise(piece) not in texts[number - 1]:
                problems.append(CitationProblem(number, "cited text not in the source", piece))
    return problems


def citation_problems(answer: str, sources: Sequence[Any]) -> list[str]:
    """Problems with an answer's citations: the answering module's checker when it exists."""
    try:
        from assistant.citations import check_citations  # type: ignore[import-not-found]
    except ImportError:
        return [str(p) for p in citation_problems_fallback(answer, sources)]
    return [str(p) for p in check_citations(answer, list(sources))]


def has_citations(answer: str) -> bool:
    return _MARKER_RE.search(answer) is not None


# -- aggregates --------------------------------------------------------------------------------


def mean(values: Iterable[float | None]) -> float | None:
    """Mean of the values that exist (None and NaN are "not applicable"); None if there are none."""
    kept = [v for v in values if v is not None and not math.isnan(v)]
    return sum(kept) / len(kept) if kept else None


def share(flags: Iterable[bool | None]) -> float | None:
    """Share of True among the flags that exist; None if there are none."""
    return mean(None if f is None else float(f) for f in flags)


def percentile(values: Sequence[float], q: float) -> float | None:
    """Linear-interpolated percentile (q in 0..100); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


# -- ragas ID-based context metrics (offline, no LLM) ------------------------------------------


@lru_cache(maxsize=1)
def _ragas_id_metrics() -> tuple[Any, Any]:
    # ragas sends usage analytics unless told not to; this must be set before the import.
    os.environ["RAGAS_DO_NOT_TRACK"] = "true"
    from ragas.dataset_schema import SingleTurnSample  # noqa: F401 - loads ragas once

    with warnings.catch_warnings():
        # ragas 0.4 points these names at ragas.metrics.collections, which does not have them.
        warnings.simplefilter("ignore", DeprecationWarning)
        from ragas.metrics import IDBasedContextPrecision, IDBasedContextRecall
    return IDBasedContextRecall(), IDBasedContextPrecision()


def ragas_id_context_scores(
    retrieved_ids: Sequence[str], reference_ids: Sequence[str]
) -> tuple[float | None, float | None]:
    """ragas' ID-based context recall and precision; None where ragas has no score (NaN)."""
    if not reference_ids:
        return None, None
    if not retrieved_ids:
        return 0.0, None
    from ragas.dataset_schema import SingleTurnSample

    recall_metric, precision_metric = _ragas_id_metrics()
    sample = SingleTurnSample(
        retrieved_context_ids=list(retrieved_ids), reference_context_ids=list(reference_ids)
    )
    recall = float(recall_metric.single_turn_score(sample))
    precision = float(precision_metric.single_turn_score(sample))
    return (None if math.isnan(recall) else recall), (None if math.isnan(precision) else precision)
