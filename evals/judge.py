"""ragas' LLM-judged metrics (faithfulness, answer relevancy), when a judge model is configured.

Any OpenAI-compatible endpoint works. Answer relevancy compares embeddings of generated questions
with the user's question; it uses our own embedder, so nothing is fetched by model name.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from assistant.errors import ConfigError

if TYPE_CHECKING:
    from assistant.embeddings import Embedder
    from evals.harness import Row


def _ragas_embeddings(embedder: Embedder) -> Any:
    """Our ``Embedder`` as ragas' modern embedding interface."""
    from ragas.embeddings.base import BaseRagasEmbedding

    class _OurEmbedder(BaseRagasEmbedding):  # type: ignore[misc]
        def embed_text(self, text: str, **kwargs: Any) -> list[float]:
            return [float(x) for x in embedder.embed_query(text)]

        async def aembed_text(self, text: str, **kwargs: Any) -> list[float]:
            return self.embed_text(text)

    return _OurEmbedder()


class Judge:
    """Scores answered rows with ragas faithfulness and answer relevancy through a judge LLM."""

    def __init__(
        self, model: str, base_url: str | None, api_key: str | None, embedder: Embedder
    ) -> None:
        if not model:
            raise ConfigError("a judge needs a model name (--judge-model)")
        # ragas sends usage analytics unless told not to; this must be set before the import.
        os.environ["RAGAS_DO_NOT_TRACK"] = "true"
        from openai import AsyncOpenAI
        from ragas.llms import llm_factory
        from ragas.metrics.collections import AnswerRelevancy, Faithfulness

        self.model = model
        client = AsyncOpenAI(base_url=base_url, api_key=api_key or "not-needed", max_retries=1)
        llm = llm_factory(model, client=client)
        self._faithfulness = Faithfulness(llm=llm)
        self._relevancy = AnswerRelevancy(llm=llm, embeddings=_ragas_embeddings(embedder))

    async def _score(self, row: Row) -> None:
        if not row.answer or row.declined:
            return
        if row.contexts:
            result = await self._faithfulness.ascore(
                user_input=row.question, response=row.answer, retrieved_contexts=row.contexts
            )
            row.faithfulness = float(result.value)
        relevancy = await self._relevancy.ascore(user_input=row.question, response=row.answer)
        row.answer_relevancy = float(relevancy.value)

    def score_rows(self, rows: Sequence[Row]) -> None:
        """Fill ``faithfulness`` and ``answer_relevancy`` on every answered, non-declined row."""

        async def run_all() -> None:
            for row in rows:
                await self._score(row)

        asyncio.run(run_all())
