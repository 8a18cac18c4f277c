"""Citation checking: every marker [n] must point at a given source that supports its claim.

Used by both engines (the LLM engine repairs or flags what fails) and by the eval harness. A claim
is the text between the previous marker (or the start of its sentence, list item or table row) and
the marker. ``support`` is the share of the claim's words found in the cited source after the same
light normalisation on both sides (Markdown emphasis, list bullets and table pipes dropped,
whitespace collapsed, case folded); a verbatim quote has support 1.0.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from assistant.retrieval import Hit

MARKER_RE = re.compile(r"\[(\d{1,3})\]")
_GROUP_RE = re.compile(r"(?:\s*\[\d{1,3}\])+")
_BULLET_RE = re.compile(r"^\s*(?:[-*+•]|\d{1,3}[.)])\s+", re.MULTILINE)
_EMPHASIS_RE = re.compile(r"\*\*|__|`|(?<!\w)[*_](?=\w)|(?<=\w)[*_](?!\w)")
_WORD_RE = re.compile(r"\w+(?:[.,'’-]\w+)*", re.UNICODE)
_CLAIM_START_RE = re.compile(r"(?:^|\n|(?<=[.!?:;])\s+|\|)")
_EDGE_PUNCT = " \t\n.,;:!?-–—|\"'“”()"
# Function words a paraphrase adds or drops freely; support is measured on the other words.
_STOP = frozenset(
    """a an the and or but of to in on at for by with from as is are was were be been being it
    its this that these those there their they them which who what when where how than then
    so such can could may might must shall should will would do does did has have had not no
    any all each most more much many per up out about into over under only also very""".split()  # noqa: SIM905
)


def normalise(text: str) -> str:
    """The form claims and sources are compared in (same on both sides)."""
    text = _BULLET_RE.sub("", text)
    text = re.sub(r"^#{1,6}\s+", "", text, flags=re.MULTILINE)
    text = _EMPHASIS_RE.sub("", text)
    text = text.replace("|", " ").replace("’", "'").replace("\u00a0", " ")
    return " ".join(text.split()).casefold()


def words(text: str) -> list[str]:
    return _WORD_RE.findall(normalise(text))


@dataclass
class Citation:
    """One marker and the claim it is attached to."""

    number: int
    claim: str
    group: int  # markers written in a row ("[1][2]") share one group and one claim


@dataclass
class CitationProblem:
    """A marker that points nowhere, or whose source does not support its claim."""

    kind: Literal["dangling", "unsupported"]
    number: int
    claim: str
    support: float = 0.0

    def __str__(self) -> str:
        if self.kind == "dangling":
            return f"[{self.number}] points at no source"
        return f"[{self.number}] does not support {self.claim[:80]!r} (support {self.support:.2f})"


def citations(text: str) -> list[Citation]:
    """Markers in reading order with the claim before each (markers in a row share a claim)."""
    found: list[Citation] = []
    cursor = 0
    for index, group in enumerate(_GROUP_RE.finditer(text)):
        claim = _last_claim(text[cursor : group.start()])
        for marker in MARKER_RE.finditer(group.group()):
            found.append(Citation(int(marker.group(1)), claim, index))
        cursor = group.end()
    return found


def _last_claim(before: str) -> str:
    """The claim a marker closes: text since the previous marker, within its line or table row."""
    line = before.rsplit("\n", 1)[-1]
    cells = [c for c in line.split("|") if c.strip()]
    if line.lstrip().startswith("|") and cells:
        return " | ".join(c.strip() for c in cells)
    claim = line.strip(_EDGE_PUNCT)
    return claim if claim else before.strip(_EDGE_PUNCT)


def support(claim: str, source_text: str) -> float:
    """1.0 for a verbatim (normalised) quote, else the share of the claim's words in the source."""
    claim_norm = normalise(claim).strip(_EDGE_PUNCT)
    source_norm = normalise(source_text)
    if not claim_norm or claim_norm in source_norm:
        return 1.0
    claim_words = [_stem(w) for w in _WORD_RE.findall(claim_norm) if w not in _STOP]
    if not claim_words:
        return 1.0
    source_words = {_stem(w) for w in _WORD_RE.findall(source_norm)}
    return sum(w in source_words for w in claim_words) / len(claim_words)


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    import Stemmer

    return Stemmer.Stemmer("english")


def _stem(word: str) -> str:
    return str(_stemmer().stemWord(word))


def check_citations(
    text: str, sources: Sequence[Hit], *, min_support: float = 1.0
) -> list[CitationProblem]:
    """Problems with the markers in ``text``; empty when every marker is valid.

    ``min_support`` 1.0 demands verbatim quotes (the extractive contract); an LLM's paraphrase is
    checked with a lower bar such as 0.6. Markers sharing a claim pass if any of them supports it.
    """
    problems: list[CitationProblem] = []
    groups: dict[int, list[Citation]] = {}
    for cite in citations(text):
        if not 1 <= cite.number <= len(sources):
            problems.append(CitationProblem("dangling", cite.number, cite.claim))
        else:
            groups.setdefault(cite.group, []).append(cite)
    for group in groups.values():
        scores = [support(c.claim, sources[c.number - 1].text) for c in group]
        if max(scores) < min_support:
            best = max(range(len(group)), key=lambda i: scores[i])
            problems.append(
                CitationProblem("unsupported", group[best].number, group[best].claim, scores[best])
            )
    return problems


def cited_numbers(text: str) -> list[int]:
    """Marker numbers in order of first appearance, without repeats."""
    seen: list[int] = []
    for match in MARKER_RE.finditer(text):
        number = int(match.group(1))
        if number not in seen:
            seen.append(number)
    return seen


def renumber(text: str, mapping: dict[int, int]) -> str:
    """Rewrite markers through ``mapping``; markers not in it are removed."""

    def swap(match: re.Match[str]) -> str:
        new = mapping.get(int(match.group(1)))
        return f"[{new}]" if new is not None else ""

    text = MARKER_RE.sub(swap, text)
    return re.sub(r"[ \t]+([.,;:!?])", r"\1", re.sub(r"[ \t]{2,}", " ", text))
