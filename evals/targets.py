"""What the harness can evaluate: anything that takes a question and returns hits and an answer.

    RetrievalTarget   our Retriever in-process; no answer (retrieval is scored, answers are not)
    AssistantTarget   assistant.service.Assistant in-process (retrieval, answer, declines)
    HttpTarget        a running service, over POST {url}/v1/chat
    BaselineTarget    the naive tutorial RAG of evals/baseline.py

A target never invents what it does not produce: a retrieval-only target returns ``answer=None``
and ``declined=None``, and the answer metrics are then reported as not measured.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from assistant.errors import EcoAdvisorError

if TYPE_CHECKING:
    import httpx

    from assistant.config import Settings
    from assistant.embeddings import Embedder
    from assistant.retrieval import Hit
    from evals.baseline import NaiveRag
    from ingestion.store import Index

#: Chunks retrieved per question by retrieval-only targets (the ranking hit@k and MRR look at).
RETRIEVAL_K = 8
#: Chunks counted as "context" for a retrieval-only target (what an answerer would be given).
CONTEXT_K = 4


class TargetError(EcoAdvisorError):
    """One question failed on the target (recorded in its row; the run goes on)."""


class TargetUnavailable(EcoAdvisorError):
    """The target cannot be reached at all (the run stops)."""


@dataclass
class TargetResult:
    """One question's outcome: ranked hits, and the answer when the target produces one."""

    hits: list[Hit]
    answer: str | None = None
    declined: bool | None = None
    sources: list[Hit] = field(default_factory=list)
    conversation_id: str | None = None
    timings: dict[str, float] = field(default_factory=dict)


class Target(Protocol):
    """Anything the harness can put a question to."""

    #: Short label for report columns ("assistant", "retrieval", "http", "baseline").
    name: str
    #: One line saying what was measured, printed in the report.
    description: str
    #: True when the target produces answers (and declines) that can be scored.
    answers: bool

    def warm_up(self) -> None:
        """Load models and indexes now, so the first question's latency is not a cold start."""

    def ask(self, question: str, conversation_id: str | None) -> TargetResult: ...


class RetrievalTarget:
    """Our retriever alone: scores retrieval, returns no answer."""

    name = "retrieval"
    answers = False

    def __init__(self, index: Index, embedder: Embedder, k: int = RETRIEVAL_K) -> None:
        from assistant.retrieval import Retriever  # type: ignore[attr-defined]

        self.retriever = Retriever(index, embedder)
        self.k = k
        self.description = f"assistant retriever in-process (top {k}; no answers yet)"

    def warm_up(self) -> None:
        self.retriever.search("warm up", k=1)

    def ask(self, question: str, conversation_id: str | None) -> TargetResult:
        hits = list(self.retriever.search(question, k=self.k))
        return TargetResult(hits=hits, sources=hits[:CONTEXT_K])


def assistant_available() -> bool:
    """True once the answering service (assistant.service.Assistant) exists."""
    try:
        from assistant.service import Assistant  # type: ignore[import-not-found]  # noqa: F401
    except ImportError:
        return False
    return True


class AssistantTarget:
    """The whole assistant in-process; follow-ups share the conversation id it returns."""

    name = "assistant"
    answers = True

    def __init__(
        self, settings: Settings, style: str = "sme", embedder: Embedder | None = None
    ) -> None:
        from assistant.service import Assistant

        self.assistant = Assistant(settings)
        if embedder is not None and embedder.spec == settings.embedder:
            self.assistant.embedder = embedder  # already loaded: do not load the model twice
        self.style = style
        self.description = (
            f"assistant in-process (engine {settings.answer_engine}, style {style}, "
            f"top {settings.retrieval_k})"
        )

    def warm_up(self) -> None:
        self.assistant.warm_up()

    def ask(self, question: str, conversation_id: str | None) -> TargetResult:
        result = self.assistant.ask(question, conversation_id=conversation_id, style=self.style)
        answer = result.answer
        return TargetResult(
            hits=list(result.hits),
            answer=str(answer.text),
            declined=bool(answer.declined),
            sources=list(answer.sources),
            conversation_id=result.conversation_id,
            timings=dict(result.timings or {}),
        )


def hit_from_source(source: dict[str, Any]) -> Hit:
    """A source of the HTTP response as a ``Hit`` (the API sends its metadata flat)."""
    from assistant.retrieval import Hit

    keys = ("doc_id", "title", "source", "page", "section", "source_url")
    metadata = {k: source[k] for k in keys if source.get(k) is not None}
    return Hit(
        chunk_id=str(source.get("chunk_id", "")),
        text=str(source.get("text", "")),
        metadata=metadata,
        score=float(source.get("score") or 0.0),
    )


class HttpTarget:
    """A running service. Its ranking is the order of the sources it returns."""

    name = "http"
    answers = True

    def __init__(self, url: str, client: httpx.Client | None = None, style: str = "sme") -> None:
        import httpx

        self.url = url.rstrip("/")
        self.client = client or httpx.Client(timeout=120.0)
        self.style = style
        self.description = f"service over HTTP at {self.url} (ranking = returned sources)"

    def warm_up(self) -> None:
        """Nothing to load here; a running service warms itself up."""

    def ask(self, question: str, conversation_id: str | None) -> TargetResult:
        import httpx

        payload = {
            "question": question,
            "conversation_id": conversation_id,
            "style": self.style,
            "filters": None,
        }
        try:
            response = self.client.post(f"{self.url}/v1/chat", json=payload)
        except httpx.TransportError as exc:
            raise TargetUnavailable(f"cannot reach {self.url}: {exc}") from exc
        if response.status_code != 200:
            raise TargetError(f"HTTP {response.status_code}: {response.text[:200]}")
        try:
            body = response.json()
            sources = [hit_from_source(s) for s in body.get("sources") or []]
            return TargetResult(
                hits=sources,
                answer=str(body.get("answer") or ""),
                declined=bool(body.get("declined")),
                sources=sources,
                conversation_id=body.get("conversation_id"),
                timings={k: float(v) for k, v in (body.get("timing") or {}).items()},
            )
        except (ValueError, TypeError, AttributeError) as exc:
            raise TargetError(f"unexpected response body: {exc}") from exc


class BaselineTarget:
    """The naive tutorial RAG: top 4 chunks, the top chunk's text as the answer, never declines."""

    name = "baseline"
    answers = True

    def __init__(self, rag: NaiveRag) -> None:
        self.rag = rag
        self.description = (
            "naive RAG: RecursiveCharacterTextSplitter(1000, 200), same embedder, Chroma cosine, "
            f"top {rag.k}, answer = top chunk, never declines ({rag.chunk_count} chunks)"
        )

    def warm_up(self) -> None:
        self.rag.search("warm up")

    def ask(self, question: str, conversation_id: str | None) -> TargetResult:
        # Ranked one deeper than its top 4, so "key facts in the top 5" compares like with like;
        # its answer and sources stay the top chunk and the top 4.
        hits = self.rag.search(question, k=max(self.rag.k, 5))
        sources = hits[: self.rag.k]
        answer = sources[0].text if sources else ""
        return TargetResult(hits=hits, answer=answer, declined=False, sources=sources)
