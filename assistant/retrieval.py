"""Hybrid retrieval: dense (Chroma) and lexical (BM25) rankings fused into one list.

Dense search finds paraphrases; BM25 finds exact terms (programme names, acronyms, numbers). The
two rankings are fused by weighted reciprocal rank fusion, which needs no score calibration
between the sides. Dense search is exact cosine over the snapshot's vectors by default (read from
Chroma, ~1 ms for 10,000 chunks), or Chroma's own HNSW query with ``dense_in_memory=False``.

The default embedder is English-only, so a French, German or Spanish query is embedded with the
English words the lexicon gives for it (``lexical.english_words``), as BM25 scores them.

Consistency: the lexical index and the chunk texts are a snapshot of the *live* chunks (those
the manifest lists) read from Chroma itself, keyed by the index generation that every ingest
bumps. The generation is re-read at most every ``refresh_seconds``, so every process and every
host reading the same Chroma converges on the same state without a second copy on disk. Dense
results outside the snapshot (orphans of an interrupted ingest, chunks of an ingest still
running) are dropped, so both sides always answer from the same set of chunks.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import pairwise
from typing import Any

import numpy as np
import numpy.typing as npt

from assistant.embeddings import Embedder
from assistant.errors import EmbedderMismatch, NotIndexed
from assistant.language import asks_for_examples, fold, quoted_phrases
from assistant.lexical import LexicalIndex, with_english
from ingestion.indexing import embed_text
from ingestion.markup import LIST_ITEM_RE
from ingestion.store import Index

#: Request filter keys. Scalar fields match by equality, list fields if any value is contained.
SCALAR_FILTER_KEYS = ("doc_type", "language")
LIST_FILTER_KEYS = ("countries", "regions", "sectors")
FILTER_KEYS = SCALAR_FILTER_KEYS + LIST_FILTER_KEYS
#: The doc_type of documents about money (programmes, grants, loans): a question about funding
#: gets their passages (Retriever), and their passages speak of funding (the extractive engine).
FUNDING_DOC_TYPE = "funding"
CASE_STUDY_DOC_TYPE = "case_study"
#: A document tagged with one of these values applies to every value of the field.
DEFAULT_WILDCARDS: Mapping[str, tuple[str, ...]] = {"sectors": ("all",), "regions": ("Global",)}

STALE_EMBEDDED_WARNING = (
    "The embedded Chroma store was changed by another process and this process cannot read the "
    "new vectors until it restarts; dense search may miss new chunks meanwhile. Run several "
    "workers against a Chroma server (ECO_ADVISOR_CHROMA_URL) instead."
)

logger = logging.getLogger(__name__)

Filters = dict[str, str | list[str]]
Mask = npt.NDArray[np.bool_]


@dataclass
class Hit:
    """One retrieved chunk with its scores (higher is better)."""

    chunk_id: str
    text: str
    metadata: dict[str, Any]
    score: float
    dense_score: float | None = None
    lexical_score: float | None = None

    @property
    def doc_id(self) -> str:
        return str(self.metadata.get("doc_id", ""))

    @property
    def title(self) -> str:
        return str(self.metadata.get("title", ""))

    @property
    def source(self) -> str:
        return str(self.metadata.get("source", ""))

    @property
    def page(self) -> int | None:
        value = self.metadata.get("page")
        return int(value) if value is not None else None

    @property
    def section(self) -> str | None:
        value = self.metadata.get("section")
        return str(value) if value else None

    @property
    def heading_path(self) -> tuple[str, ...]:
        return heading_path(self.metadata)

    @property
    def source_url(self) -> str | None:
        value = self.metadata.get("source_url")
        return str(value) if value else None

    @property
    def start_char(self) -> int:
        """Where the chunk starts in its document's text (0 when the index does not say)."""
        return int(self.metadata.get("start_char") or 0)

    @property
    def end_char(self) -> int:
        return int(self.metadata.get("end_char") or 0)


def heading_path(metadata: Mapping[str, Any]) -> tuple[str, ...]:
    """A chunk's headings, outermost first, as stored in its ``heading_path`` list.

    Chunks of indexes built before that field existed only have the joined ``section``; it is
    split on " > " for them, which is wrong only for a heading that itself contains " > ".
    """
    stored = metadata.get("heading_path")
    if isinstance(stored, list | tuple):
        return tuple(str(h) for h in stored)
    section = str(metadata.get("section") or "")
    return tuple(section.split(" > ")) if section else ()


def lexical_text(text: str, metadata: Mapping[str, Any]) -> str:
    """What BM25 indexes: the same title-and-section prefix the dense side embeds."""
    return embed_text(str(metadata.get("title") or ""), heading_path(metadata), text)


def normalise_filters(
    filters: Filters | None, wildcards: Mapping[str, Sequence[str]] = DEFAULT_WILDCARDS
) -> dict[str, list[str]]:
    """Validate the keys and turn every value into a non-empty any-of list (wildcards added)."""
    out: dict[str, list[str]] = {}
    for key, value in (filters or {}).items():
        if key not in FILTER_KEYS:
            raise ValueError(f"Unknown filter {key!r}; known filters: {', '.join(FILTER_KEYS)}.")
        values = [value] if isinstance(value, str) else [str(v) for v in value]
        values = [v for v in values if v]
        if not values:
            continue
        out[key] = values + [w for w in wildcards.get(key, ()) if w not in values]
    return out


def chroma_where(filters: Mapping[str, list[str]]) -> dict[str, Any] | None:
    """The Chroma ``where`` clause for normalised filters (list fields also match a scalar)."""
    clauses: list[dict[str, Any]] = []
    for key, values in filters.items():
        if key in SCALAR_FILTER_KEYS:
            clauses.append({key: {"$in": values}})
            continue
        options: list[dict[str, Any]] = [{key: {"$contains": v}} for v in values]
        options.append({key: {"$in": values}})
        clauses.append({"$or": options})
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


@dataclass
class Snapshot:
    """The live chunks of one index generation, with the lexical index built over them."""

    generation: int
    collection: Any
    ids: list[str]
    texts: list[str]
    metadatas: list[dict[str, Any]]
    lexical: LexicalIndex
    #: Unit vectors of the chunks (row i is ids[i]), when dense search runs in memory.
    vectors: npt.NDArray[np.float32] | None = None
    #: Chunks Chroma holds outside this snapshot (orphans); dense search over-fetches by this.
    extra: int = 0
    position: dict[str, int] = field(init=False)
    #: (doc id, parent headings) -> the first chunk of each of its sub-sections, in text order.
    subsections: dict[tuple[str, tuple[str, ...]], list[int]] = field(init=False)
    #: chunk -> the chunk of the same section just before it, when a list runs on from one to
    #: the other (the list was too long for one chunk): the two answer together.
    list_before: dict[int, int] = field(init=False)
    #: key -> value -> positions holding it, to filter the lexical side without a scan.
    _postings: dict[str, dict[str, list[int]]] = field(init=False)

    @cached_property
    def folded(self) -> list[str]:
        """The chunk texts folded (case, accents), for finding a quoted phrase."""
        return [fold(text) for text in self.texts]

    def saying(self, phrases: Sequence[str], mask: Mask | None) -> list[int]:
        """The chunks (within the mask) whose text holds one of the folded phrases."""
        return [
            i
            for i, text in enumerate(self.folded)
            if (mask is None or mask[i]) and any(p in text for p in phrases)
        ]

    def __post_init__(self) -> None:
        self.position = {cid: i for i, cid in enumerate(self.ids)}
        firsts: dict[tuple[str, tuple[str, ...]], dict[str, tuple[int, int]]] = {}
        for i, meta in enumerate(self.metadatas):
            path = heading_path(meta)
            if len(path) >= 3:  # title > section > sub-section, at least
                children = firsts.setdefault((str(meta.get("doc_id", "")), path[:-1]), {})
                start = int(meta.get("start_char") or 0)
                if path[-1] not in children or start < children[path[-1]][0]:
                    children[path[-1]] = (start, i)
        self.subsections = {
            key: [i for _, i in sorted(children.values())] for key, children in firsts.items()
        }
        self.list_before = _split_lists(self.texts, self.metadatas)
        self._postings = {key: {} for key in FILTER_KEYS}
        for i, meta in enumerate(self.metadatas):
            for key in FILTER_KEYS:
                value = meta.get(key)
                values = value if isinstance(value, list) else [] if value is None else [value]
                for v in values:
                    self._postings[key].setdefault(str(v), []).append(i)

    def mask(self, filters: Mapping[str, list[str]]) -> Mask | None:
        """Chunks passing every filter (any-of within a key), or None when nothing filters."""
        if not filters:
            return None
        mask = np.ones(len(self.ids), dtype=bool)
        for key, values in filters.items():
            allowed = np.zeros(len(self.ids), dtype=bool)
            for v in values:
                allowed[self._postings[key].get(v, [])] = True
            mask &= allowed
        return mask


class Retriever:
    """Hybrid dense + BM25 search over one index, with metadata filters."""

    def __init__(
        self,
        index: Index,
        embedder: Embedder,
        *,
        rrf_k: float = 60.0,
        dense_weight: float = 1.0,
        lexical_weight: float = 1.25,
        depth: int = 40,
        dense_in_memory: bool = True,
        refresh_seconds: float = 1.5,
        wildcards: Mapping[str, Sequence[str]] = DEFAULT_WILDCARDS,
        funding_slots: int = 2,
        example_slots: int = 1,
    ) -> None:
        """Args:
        index: the knowledge base to search.
        embedder: must be the embedder the index was built with (else EmbedderMismatch).
        rrf_k: reciprocal rank fusion constant; lower trusts the top ranks more.
        dense_weight, lexical_weight: weight of each ranking in the fusion (0 disables a side).
            Defaults tuned on the gold set's tuning split (evals/tune_retrieval.py): a slight
            lexical lead helped MiniLM and did not hurt e5-small.
        depth: candidates taken from each side before fusion.
        dense_in_memory: search the snapshot's vectors (read from Chroma) exactly in memory
            rather than through Chroma's HNSW index. An embedded Chroma does not reload its
            HNSW index when another process writes, so a long-running worker would miss new
            chunks; the snapshot cannot. About 1.5 MB per 1,000 chunks (384 dimensions).
        refresh_seconds: how often the index generation is re-read to pick up a new ingest.
        wildcards: filter values that make a document match any requested value of a field.
        funding_slots: a question about money (funding, grants, loans) gets at least this many
            passages of FUNDING_DOC_TYPE documents, unless a doc_type filter is set.
        example_slots: ... and a question asking for examples this many of CASE_STUDY_DOC_TYPE.
        """
        self.index = index
        self.embedder = embedder
        self.rrf_k = rrf_k
        self.dense_weight = dense_weight
        self.lexical_weight = lexical_weight
        self.depth = depth
        self.dense_in_memory = dense_in_memory
        self.refresh_seconds = refresh_seconds
        self.wildcards = wildcards
        self.funding_slots = funding_slots
        self.example_slots = example_slots
        self._snapshot: Snapshot | None = None
        self._checked_at = float("-inf")
        self._lock = threading.Lock()

    # -- keeping in step with the index --------------------------------------------------------

    def _collection(self) -> Any:
        """A fresh handle: its metadata (generation, embedder) is read now, not when cached."""
        if not self.index.exists():
            raise NotIndexed(
                f"Collection {self.index.name!r} does not exist yet: run `eco-advisor ingest PATH`."
            )
        return self.index.client.get_collection(self.index.name, embedding_function=None)

    def _load(self, collection: Any, generation: int) -> Snapshot:
        ids = sorted(self.index.live_ids())
        texts: list[str] = []
        metadatas: list[dict[str, Any]] = []
        found: list[str] = []
        rows: list[Any] = []
        in_memory = self.dense_in_memory
        for start in range(0, len(ids), 2000):
            batch = ids[start : start + 2000]
            got = collection.get(ids=batch, include=["documents", "metadatas"])
            found.extend(got["ids"])
            texts.extend(got["documents"] or [])
            metadatas.extend(dict(m or {}) for m in got["metadatas"] or [])
            if in_memory and got["ids"]:
                try:
                    vecs = collection.get(ids=list(got["ids"]), include=["embeddings"])
                except Exception:  # noqa: BLE001 - chromadb's InternalError, by version
                    # An embedded Chroma whose vectors another process rewrote cannot read them
                    # until it restarts; serve with its (stale) HNSW query meanwhile.
                    logger.warning(STALE_EMBEDDED_WARNING)
                    in_memory = False
                    continue
                order = {cid: i for i, cid in enumerate(vecs["ids"])}
                block = np.asarray(vecs["embeddings"], dtype=np.float32)
                rows.append(block[[order[cid] for cid in got["ids"]]])
        vectors = None
        if in_memory:
            dim = self.embedder.dimension
            vectors = np.concatenate(rows) if rows else np.zeros((0, dim), dtype=np.float32)
            norms = np.linalg.norm(vectors, axis=1, keepdims=True)
            vectors = vectors / np.where(norms == 0, 1.0, norms)
        lexical = LexicalIndex([lexical_text(t, m) for t, m in zip(texts, metadatas, strict=True)])
        extra = max(0, int(collection.count()) - len(found))
        return Snapshot(generation, collection, found, texts, metadatas, lexical, vectors, extra)

    def snapshot(self) -> Snapshot:
        """The current snapshot, rebuilt if an ingest changed the index since it was taken."""
        now = time.monotonic()
        current = self._snapshot
        if current is not None and now - self._checked_at < self.refresh_seconds:
            return current
        # One thread refreshes; the others keep serving the snapshot they have.
        if not self._lock.acquire(blocking=current is None):
            return current  # type: ignore[return-value]
        try:
            current = self._snapshot
            if current is not None and time.monotonic() - self._checked_at < self.refresh_seconds:
                return current
            collection = self._collection()
            info = dict(collection.metadata or {})
            built_with = info.get("embedder")
            if built_with is None:
                raise NotIndexed(
                    f"Collection {self.index.name!r} is empty: run `eco-advisor ingest PATH`."
                )
            if built_with != self.embedder.spec:
                raise EmbedderMismatch(self.index.name, str(built_with), self.embedder.spec)
            generation = int(info.get("generation", 0))
            if current is None or current.generation != generation:
                current = self._load(collection, generation)
                self._snapshot = current
            self._checked_at = time.monotonic()
            return current
        finally:
            self._lock.release()

    # -- searching -----------------------------------------------------------------------------

    def _dense(
        self,
        snap: Snapshot,
        vector: npt.NDArray[np.float32],
        filters: Mapping[str, list[str]],
        mask: Mask | None,
        depth: int,
    ) -> list[tuple[int, float]]:
        if snap.vectors is not None:
            sims = snap.vectors @ vector
            if mask is not None:
                sims = np.where(mask, sims, -np.inf)
            k = min(depth, sims.size)
            best = np.argpartition(-sims, k - 1)[:k]
            best = best[np.argsort(-sims[best], kind="stable")]
            return [(int(i), float(sims[i])) for i in best if np.isfinite(sims[i])]
        where = chroma_where(filters)
        # Over-fetch: results outside the snapshot (orphans, a running ingest) are dropped below.
        n = min(depth + snap.extra + 8, len(snap.ids) + snap.extra)
        got = snap.collection.query(
            query_embeddings=[vector.tolist()], n_results=n, where=where, include=["distances"]
        )
        out: list[tuple[int, float]] = []
        for cid, distance in zip(got["ids"][0], (got["distances"] or [[]])[0], strict=True):
            pos = snap.position.get(cid)
            if pos is not None:
                out.append((pos, 1.0 - float(distance)))
        return out[:depth]

    def _fuse(
        self,
        snap: Snapshot,
        query: str,
        vector: npt.NDArray[np.float32] | None,
        filters: Mapping[str, list[str]],
        mask: Mask | None,
        scores: Scores,
        depth: int,
    ) -> list[tuple[int, float]]:
        """Both rankings fused by reciprocal rank, best first; each side's scores kept."""
        fused: dict[int, float] = {}
        if vector is not None:
            for rank, (pos, sim) in enumerate(self._dense(snap, vector, filters, mask, depth)):
                scores.dense[pos] = sim
                fused[pos] = fused.get(pos, 0.0) + self.dense_weight / (self.rrf_k + rank + 1)
        if self.lexical_weight > 0:
            for rank, (pos, bm25) in enumerate(snap.lexical.top(query, depth, mask)):
                scores.lexical[pos] = bm25
                fused[pos] = fused.get(pos, 0.0) + self.lexical_weight / (self.rrf_k + rank + 1)
            # words the user quotes ("still talks about 'legal requirements'") are what the user
            # saw: the chunks saying them are a third ranking, best fused first
            phrases = quoted_phrases(query)
            saying = snap.saying(phrases, mask) if phrases else []
            saying.sort(key=lambda pos: -fused.get(pos, 0.0))
            for rank, pos in enumerate(saying[:depth]):
                fused[pos] = fused.get(pos, 0.0) + self.lexical_weight / (self.rrf_k + rank + 1)
        return sorted(fused.items(), key=lambda item: (-item[1], snap.ids[item[0]]))

    def search(self, query: str, k: int = 8, filters: Filters | None = None) -> list[Hit]:
        """The k best live chunks for a query, fused from both rankings, best first."""
        snap = self.snapshot()
        wanted = normalise_filters(filters, self.wildcards)
        if not query.strip() or not snap.ids:
            return []
        mask = snap.mask(wanted)
        if mask is not None and not mask.any():
            return []
        vector = None
        if self.dense_weight > 0:
            vector = self.embedder.embed_query(self._dense_text(query))
        scores = Scores()
        best = self._fuse(snap, query, vector, wanted, mask, scores, max(self.depth, k))[:k]
        if self.funding_slots and "doc_type" not in wanted and asks_for_funding(query):
            best = self._with_type(
                FUNDING_DOC_TYPE, self.funding_slots, snap, query, vector, wanted, best, scores
            )
        if self.example_slots and "doc_type" not in wanted and asks_for_examples(query):
            best = self._with_type(
                CASE_STUDY_DOC_TYPE, self.example_slots, snap, query, vector, wanted, best, scores
            )
        best = complete_sections(snap, query, best, mask)
        best = complete_lists(snap, best, mask)
        return [
            Hit(
                chunk_id=snap.ids[pos],
                text=snap.texts[pos],
                metadata=dict(snap.metadatas[pos]),
                score=score,
                dense_score=scores.dense.get(pos),
                lexical_score=scores.lexical.get(pos),
            )
            for pos, score in best
        ]

    @staticmethod
    def _dense_text(query: str) -> str:
        """What the dense side embeds: a FR/DE/ES query with the English the lexicon gives for
        its words. The default embedder is English-only; on the tune split this took French
        questions' hit@3 from 0.86 to 1.00 (the query's own words stay, for names and numbers)."""
        return with_english(query)

    def _with_type(
        self,
        doc_type: str,
        slots: int,
        snap: Snapshot,
        query: str,
        vector: npt.NDArray[np.float32] | None,
        wanted: Mapping[str, list[str]],
        best: list[tuple[int, float]],
        scores: Scores,
    ) -> list[tuple[int, float]]:
        """Asked about money for a topic ("funding to reduce waste"), the topic's guides outrank
        every funding document and the answer can only say how to reduce waste; asked for
        examples ("Gibt es Beispiele?" after industrial symbiosis), the meeting reports outrank
        the case study. The best passages of documents of the type take the last ``slots``
        places (fewer when some are there already)."""
        typed = {**wanted, "doc_type": [doc_type]}
        mask = snap.mask(typed)
        if mask is None or not mask.any():
            return best
        there = sum(bool(mask[pos]) for pos, _ in best)
        wanted_more = min(slots - there, len(best) - 1)
        if wanted_more <= 0:
            return best
        chosen = {pos for pos, _ in best}
        extra = [
            (pos, best[-1][1])
            for pos, _ in self._fuse(snap, query, vector, typed, mask, scores, self.depth)
            if pos not in chosen
        ][:wanted_more]
        # room for them: the lowest-ranked passages of other documents go
        others = [pos for pos, _ in best if not mask[pos]]
        dropped = set(others[len(others) - len(extra) :])
        return [item for item in best if item[0] not in dropped] + extra


@dataclass
class Scores:
    """Each side's own score of the chunks it ranked (dense cosine, BM25), for the engine."""

    dense: dict[int, float] = field(default_factory=dict)
    lexical: dict[int, float] = field(default_factory=dict)


# Asking about money: funding, grants, subsidies, loans, in the four languages users ask in.
_FUNDING_RE = re.compile(
    r"\b(?:fund(?:s|ing|ed)?|grants?|subsid(?:y|ies|ise|ize)|financ(?:e|ing|ial support)|loans?|"
    r"co-?financ\w*|money|financement|subventions?|aides? financi\w+|argent|f[oö]rder\w*|"
    r"zusch[uü]ss\w*|finanzierung|geld|financiaci[oó]n|subvenci[oó]n\w*|ayudas?|dinero)\b",
    re.IGNORECASE,
)


def asks_for_funding(query: str) -> bool:
    """Whether a question is about money for something (not a figure: "how much does it cost")."""
    return bool(_FUNDING_RE.search(query))


def _split_lists(texts: Sequence[str], metadatas: Sequence[Mapping[str, Any]]) -> dict[int, int]:
    """Pairs of chunks of one section where a list runs on from the first into the second."""
    sections: dict[tuple[str, tuple[str, ...]], list[tuple[int, int]]] = {}
    for i, meta in enumerate(metadatas):
        key = (str(meta.get("doc_id", "")), heading_path(meta))
        sections.setdefault(key, []).append((int(meta.get("start_char") or 0), i))
    before: dict[int, int] = {}
    for chunks in sections.values():
        chunks.sort()
        for (_, first), (_, second) in pairwise(chunks):
            ends = [line for line in texts[first].split("\n") if line.strip()]
            opens = [line for line in texts[second].split("\n") if line.strip()]
            if ends and opens and LIST_ITEM_RE.match(ends[-1]) and LIST_ITEM_RE.match(opens[0]):
                before[second] = first
    return before


#: At most this many chunks are added per search to finish lists cut between chunks.
MAX_LIST_PARTS = 2


def complete_lists(
    snap: Snapshot, best: list[tuple[int, float]], mask: Mask | None
) -> list[tuple[int, float]]:
    """Add the other part of a list cut between two chunks, next to the part retrieved.

    "How do I get EMAS registered?" finds the chunk with the last step ("7. Registration"); the
    six steps before it are in the chunk before, which ranks low, and the answer gave one step
    of seven. The part missing comes in beside the part found (before it or after it), in place
    of the lowest-ranked passage, for the top passages first.
    """
    after = {first: second for second, first in snap.list_before.items()}
    out = list(best)
    added: set[int] = set()
    for pos, score in best[:3]:
        for other, offset in ((snap.list_before.get(pos), 0), (after.get(pos), 1)):
            if other is None or other in {p for p, _ in out} or len(added) >= MAX_LIST_PARTS:
                continue
            if mask is not None and not mask[other]:
                continue
            at = next(i for i, (p, _) in enumerate(out) if p == pos) + offset
            out.insert(at, (other, score))
            added.add(other)
            others = [i for i, (p, _) in enumerate(out) if p not in added and p != pos]
            if others and others[-1] > at:  # keep k: drop the lowest-ranked other passage
                del out[others[-1]]
    return out[: len(best)]


#: A section is completed only when this many of its sub-sections are retrieved already, and
#: when it has at most this many in all (a long series would push every other passage out).
MIN_SUBSECTIONS_FOUND = 2
MAX_SUBSECTIONS = 6
# a heading's count need not be asked: "its pillars" names "The three pillars"
_COUNT_WORDS = frozenset("two three four five six seven eight nine ten".split())  # noqa: SIM905


def complete_sections(
    snap: Snapshot, query: str, best: list[tuple[int, float]], mask: Mask | None
) -> list[tuple[int, float]]:
    """Add the missing sub-sections of a section the question names ("the three pillars").

    Such a question is answered by the headings of all the sub-sections, but a sub-section whose
    text is about something else ranks low and is cut, and the answer then lists two pillars of
    three. When the question holds every word of a section's heading and at least two of its
    sub-sections came back, the others come back too (their first chunk, ranked just after the
    family), in place of the lowest-ranked other passages.
    """
    analyzer = snap.lexical.analyzer
    asked = set(analyzer.query_terms(query, acronyms=False))  # "the life programme" names it too
    out = list(best)
    for pos, _ in best:
        path = heading_path(snap.metadatas[pos])
        if len(path) < 3:
            continue
        family = snap.subsections.get((str(snap.metadatas[pos].get("doc_id", "")), path[:-1]))
        named = {
            t
            for t in analyzer.document_terms(path[-2], acronyms=False)
            if t not in _COUNT_WORDS and not t.isdigit()
        }
        if not family or len(family) > MAX_SUBSECTIONS or not named or not named <= asked:
            continue
        got = {p for p, _ in out}
        if sum(p in got for p in family) < MIN_SUBSECTIONS_FOUND:
            continue
        missing = [p for p in family if p not in got and (mask is None or mask[p])]
        if not missing:
            continue
        members = [i for i, (p, _) in enumerate(out) if p in family]
        last = members[-1]
        score = out[last][1]
        out[last + 1 : last + 1] = [(p, score) for p in missing]
        for _ in missing:  # keep k: drop the lowest-ranked passages outside the family
            drop = max((i for i, (p, _) in enumerate(out) if p not in family), default=None)
            if drop is None or drop <= last:
                break
            del out[drop]
    return out
