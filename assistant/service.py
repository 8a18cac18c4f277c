"""The assistant as one object: follow-up resolution -> retrieval -> answer -> stored turn.

The HTTP routes, the CLI's ``ask`` and the evaluation harness all go through ``Assistant``, so
what is measured is what users get. Heavy parts (embedder, index, engine) load on first use.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from assistant.config import Settings
from assistant.conversations import ConversationStore
from assistant.errors import ConversationNotFound
from assistant.memory import release_memory

if TYPE_CHECKING:
    from assistant.answering import Answer, AnswerEngine, Turn
    from assistant.embeddings import Embedder
    from assistant.retrieval import Filters, Hit, Retriever
    from ingestion.store import Index


@dataclass
class ChatResult:
    answer: Answer
    hits: list[Hit]
    conversation_id: str
    standalone_question: str
    message_id: int | None = None
    timings: dict[str, float] = field(default_factory=dict)


@dataclass
class StreamStart:
    """First event of a stream: what retrieval found and the id of the conversation."""

    hits: list[Hit]
    conversation_id: str
    standalone_question: str


class Assistant:
    """One knowledge base, one answer engine, one conversation store."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._lock = threading.Lock()

    # -- parts, built once -----------------------------------------------------------------------

    @cached_property
    def index(self) -> Index:
        from ingestion.store import Index

        return Index(self.settings)

    @cached_property
    def embedder(self) -> Embedder:
        from assistant.embeddings import get_embedder

        # This process embeds questions, not batches: use the query thread count.
        query_settings = self.settings.model_copy(
            update={"embed_threads": self.settings.query_embed_threads}
        )
        return get_embedder(self.settings.embedder, query_settings)

    @cached_property
    def retriever(self) -> Retriever:
        from assistant.retrieval import Retriever

        return Retriever(self.index, self.embedder)

    @cached_property
    def engine(self) -> AnswerEngine:
        from assistant.answering import get_engine

        return get_engine(self.settings.answer_engine, self.settings, self.embedder)

    @cached_property
    def conversations(self) -> ConversationStore:
        self.settings.data_dir.mkdir(parents=True, exist_ok=True)
        return ConversationStore(
            self.settings.conversations_url,
            retention_days=self.settings.conversation_retention_days,
        )

    def warm_up(self) -> None:
        """Load the embedder, the engine and the lexical index before the first user waits."""
        self.index.check_embedder(self.settings.embedder)
        _ = self.engine
        self.retriever.search("warm up", k=1)

    def ready(self) -> dict[str, Any]:
        """Raises NotIndexed/EmbedderMismatch when the index cannot serve; else its stats."""
        self.index.check_embedder(self.settings.embedder)
        stats = self.index.stats()
        if not stats["chunks"]:
            from assistant.errors import NotIndexed

            raise NotIndexed(
                f"Collection {self.index.name!r} is empty: run `eco-advisor ingest PATH`."
            )
        return stats

    # -- asking ----------------------------------------------------------------------------------

    def _history(self, conversation_id: str | None) -> list[Turn]:
        from assistant.answering import Turn

        if conversation_id is None:
            return []
        if not self.conversations.exists(conversation_id):
            raise ConversationNotFound(
                f"Unknown conversation {conversation_id!r}: it may have expired; start a new one "
                "by leaving conversation_id out."
            )
        messages = self.conversations.history(
            conversation_id, limit=self.settings.max_history_messages
        )
        return [Turn(role=m.role, content=m.content) for m in messages]  # type: ignore[arg-type]

    def _prepare(
        self,
        question: str,
        conversation_id: str | None,
        filters: Filters | None,
        history: Sequence[Turn] | None,
        timings: dict[str, float],
    ) -> tuple[list[Turn], str, list[Hit]]:
        from assistant.conversation import standalone_question

        started = time.perf_counter()
        turns = list(history) if history is not None else self._history(conversation_id)
        rewriter = self.engine if getattr(self.engine, "can_rewrite", False) else None
        standalone = standalone_question(question, turns, rewriter=rewriter)
        timings["rewrite_ms"] = (time.perf_counter() - started) * 1000
        started = time.perf_counter()
        self.index.check_embedder(self.settings.embedder)
        hits = self.retriever.search(standalone, k=self.settings.retrieval_k, filters=filters)
        timings["retrieval_ms"] = (time.perf_counter() - started) * 1000
        return turns, standalone, hits

    def ask(
        self,
        question: str,
        *,
        conversation_id: str | None = None,
        style: str = "sme",
        filters: Filters | None = None,
        history: Sequence[Turn] | None = None,
        store: bool = True,
        site: str | None = None,
    ) -> ChatResult:
        """Answer one question; ``history`` (OpenAI-style clients) replaces the stored one."""
        timings: dict[str, float] = {}
        started = time.perf_counter()
        turns, standalone, hits = self._prepare(
            question, conversation_id, filters, history, timings
        )
        t_answer = time.perf_counter()
        answer = self.engine.answer(standalone, hits, style=style, history=turns)
        timings["answer_ms"] = (time.perf_counter() - t_answer) * 1000
        conversation_id, message_id = self._store(
            conversation_id, question, answer, store=store, site=site
        )
        timings["total_ms"] = (time.perf_counter() - started) * 1000
        release_memory()
        return ChatResult(answer, hits, conversation_id, standalone, message_id, timings)

    def stream(
        self,
        question: str,
        *,
        conversation_id: str | None = None,
        style: str = "sme",
        filters: Filters | None = None,
        history: Sequence[Turn] | None = None,
        store: bool = True,
        site: str | None = None,
    ) -> Iterator[StreamStart | str | ChatResult]:
        """Yields a StreamStart, then text deltas as the engine produces them, then the result.

        A consumer that stops iterating (a client that disconnected) stops the work: nothing
        further is generated and nothing is stored.
        """
        from assistant.answering import Answer

        timings: dict[str, float] = {}
        started = time.perf_counter()
        turns, standalone, hits = self._prepare(
            question, conversation_id, filters, history, timings
        )
        conversation_id = conversation_id or self.conversations.new_id()
        yield StreamStart(hits, conversation_id, standalone)
        t_answer = time.perf_counter()
        final: Answer | None = None
        for item in self.engine.stream(standalone, hits, style=style, history=turns):
            if isinstance(item, Answer):
                final = item
            else:
                yield item
        if final is None:  # pragma: no cover - every engine ends its stream with an Answer
            raise RuntimeError("answer engine stream ended without an Answer")
        timings["answer_ms"] = (time.perf_counter() - t_answer) * 1000
        conversation_id, message_id = self._store(
            conversation_id, question, final, store=store, site=site
        )
        timings["total_ms"] = (time.perf_counter() - started) * 1000
        release_memory()
        yield ChatResult(final, hits, conversation_id, standalone, message_id, timings)

    def _store(
        self,
        conversation_id: str | None,
        question: str,
        answer: Answer,
        *,
        store: bool,
        site: str | None,
    ) -> tuple[str, int | None]:
        conversation_id = conversation_id or self.conversations.new_id()
        if not store:
            return conversation_id, None
        cited = [
            {"chunk_id": h.chunk_id, "doc_id": h.doc_id, "title": h.title} for h in answer.sources
        ]
        ids = self.conversations.append(
            conversation_id,
            [("user", question, None, False), ("assistant", answer.text, cited, answer.declined)],
            site=site,
        )
        return conversation_id, ids[-1]
