"""LLM answer engines: any OpenAI-compatible chat endpoint (or Ollama's /v1) through LangChain.

The passages go to the model inside escaped ``<source id="n">`` blocks under a system prompt that
calls them data. The reply's markers are checked against the sources actually sent: markers that
point nowhere are removed ("citations_repaired"), claims their source does not support are
flagged ("citations_unverified"). A failing or slow endpoint raises ``UpstreamModelError`` /
``UpstreamTimeout`` within the configured timeout, or, if configured, the extractive answer is
given instead (flag "fallback_extractive").
"""

from __future__ import annotations

import html
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from assistant import prompts
from assistant.answering import (
    DECLINE_PREFIX,
    Answer,
    AnswerEngine,
    Turn,
    check_style,
    format_source_list,
    source_label,
)
from assistant.citations import MARKER_RE, check_citations, cited_numbers, renumber
from assistant.errors import ConfigError, UpstreamModelError, UpstreamTimeout
from assistant.retrieval import Hit

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel
    from langchain_core.messages import BaseMessage

    from assistant.config import Settings
    from assistant.embeddings import Embedder

OLLAMA_BASE_URL = "http://127.0.0.1:11434/v1"
#: Share of a claim's words its cited source must contain (an LLM paraphrases; quotes score 1).
MIN_SUPPORT = 0.6


def source_block(number: int, hit: Hit) -> str:
    """One passage as a delimited block; escaping keeps its text from closing the block."""
    attrs = {"id": str(number), "title": hit.title or hit.doc_id}
    label = source_label(hit)
    if label:
        attrs["where"] = label
    rendered = " ".join(f'{k}="{html.escape(v, quote=True)}"' for k, v in attrs.items())
    return f"<source {rendered}>\n{html.escape(hit.text, quote=False)}\n</source>"


def bounded_history(history: Sequence[Turn], max_tokens: int) -> list[Turn]:
    """The newest turns that fit in ``max_tokens`` (cl100k), oldest first; old markers dropped."""
    from ingestion.chunking import count_tokens

    kept: list[Turn] = []
    used = 0
    for turn in reversed(history):
        content = MARKER_RE.sub("", turn.content).strip()
        cost = count_tokens(content) + 4
        if used + cost > max_tokens:
            break
        kept.append(Turn(turn.role, content))
        used += cost
    while kept and kept[-1].role == "assistant":  # an answer whose question was cut goes too
        kept.pop()
    return kept[::-1]


def _text(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(
            part if isinstance(part, str) else str(part.get("text", ""))
            for part in content
            if isinstance(part, str | dict)
        )
    return ""


class LLMEngine(AnswerEngine):
    """Answers with a LangChain chat model, grounded in the given sources."""

    can_rewrite = True

    def __init__(
        self,
        name: str,
        model: BaseChatModel,
        *,
        timeout_s: float = 30.0,
        fallback: AnswerEngine | None = None,
        history_max_tokens: int = 1500,
    ) -> None:
        """Args:
        name: the config string, e.g. "openai:gpt-4o-mini"; recorded on every answer.
        model: the chat model (built with a timeout and few retries, so it cannot hang).
        timeout_s: the model's timeout, reported in UpstreamTimeout.
        fallback: answers instead when the endpoint fails (None: raise the error).
        history_max_tokens: conversation history sent along, newest turns first.
        """
        self.name = name
        self.model = model
        self.timeout_s = timeout_s
        self.fallback = fallback
        self.history_max_tokens = history_max_tokens

    # -- building the request ------------------------------------------------------------------

    def messages(
        self, question: str, hits: Sequence[Hit], style: str, history: Sequence[Turn]
    ) -> list[BaseMessage]:
        from langchain_core.messages import AIMessage, HumanMessage, SystemMessage

        style_rules = prompts.STYLE_ADVISOR if style == "advisor" else prompts.STYLE_SME
        out: list[BaseMessage] = [SystemMessage(f"{prompts.SYSTEM_RULES}\n{style_rules}")]
        for turn in bounded_history(history, self.history_max_tokens):
            out.append(
                HumanMessage(turn.content) if turn.role == "user" else AIMessage(turn.content)
            )
        blocks = "\n\n".join(source_block(n, hit) for n, hit in enumerate(hits, start=1))
        out.append(HumanMessage(prompts.USER_TEMPLATE.format(sources=blocks, question=question)))
        return out

    # -- answering -----------------------------------------------------------------------------

    def answer(
        self,
        question: str,
        hits: Sequence[Hit],
        *,
        style: str = "sme",
        history: Sequence[Turn] = (),
    ) -> Answer:
        final: Answer | None = None
        for item in self._run(question, hits, style, history, streaming=False):
            if isinstance(item, Answer):
                final = item
        assert final is not None
        return final

    def stream(
        self,
        question: str,
        hits: Sequence[Hit],
        *,
        style: str = "sme",
        history: Sequence[Turn] = (),
    ) -> Iterator[str | Answer]:
        """Deltas as the model writes them; the final Answer (renumbered) supersedes them."""
        yield from self._run(question, hits, style, history, streaming=True)

    def _run(
        self,
        question: str,
        hits: Sequence[Hit],
        style: str,
        history: Sequence[Turn],
        *,
        streaming: bool,
    ) -> Iterator[str | Answer]:
        check_style(style)
        if not hits:
            text = f"{DECLINE_PREFIX} this question: no passage in the knowledge base matched it."
            yield text
            yield Answer(text, [], True, self.name, style)
            return
        messages = self.messages(question, hits, style, history)
        parts: list[str] = []
        try:
            if streaming:
                for chunk in self.model.stream(messages):
                    delta = _text(chunk.content)
                    if delta:
                        parts.append(delta)
                        yield delta
            else:
                parts.append(_text(self.model.invoke(messages).content))
            raw = "".join(parts).strip()
            if not raw:
                raise UpstreamModelError(self.name, "the model returned an empty answer")
        except Exception as exc:
            error = self._typed(exc)
            if self.fallback is None:
                raise error from exc
            result = self.fallback.answer(question, hits, style=style, history=history)
            result.flags.append("fallback_extractive")
            if not streaming or not parts:
                yield result.text
            yield result
            return
        if not streaming:
            yield raw
        yield self._finish(raw, hits, style)

    def _typed(self, exc: Exception) -> UpstreamModelError:
        """Map client exceptions (openai, httpx, anything) to our two upstream errors."""
        import httpx
        import openai

        if isinstance(exc, UpstreamModelError):
            return exc
        if isinstance(exc, openai.APITimeoutError | httpx.TimeoutException | TimeoutError):
            return UpstreamTimeout(self.name, self.timeout_s)
        if isinstance(exc, openai.APIStatusError):
            return UpstreamModelError(self.name, f"HTTP {exc.status_code} from the endpoint")
        if isinstance(exc, openai.APIConnectionError | httpx.HTTPError | OSError):
            return UpstreamModelError(self.name, "cannot connect to the endpoint")
        return UpstreamModelError(self.name, f"{type(exc).__name__}: {str(exc)[:200]}")

    def _finish(self, raw: str, hits: Sequence[Hit], style: str) -> Answer:
        """Drop markers that point nowhere, renumber to the cited sources, flag the unsupported."""
        flags: list[str] = []
        valid = [n for n in cited_numbers(raw) if 1 <= n <= len(hits)]
        if len(valid) != len(cited_numbers(raw)):
            flags.append("citations_repaired")
        declined = raw.lstrip("*_ ").startswith(DECLINE_PREFIX)
        mapping = {old: new for new, old in enumerate(valid, start=1)}
        text = renumber(raw, mapping)
        sources = [hits[old - 1] for old in valid]
        if declined:
            return Answer(renumber(raw, {}), [], True, self.name, style, flags)
        if not sources:
            flags.append("uncited")
        elif check_citations(text, sources, min_support=MIN_SUPPORT):
            flags.append("citations_unverified")
        if style == "advisor" and sources:
            text = f"{text.rstrip()}\n\n{format_source_list(sources)}"
        return Answer(text, sources, False, self.name, style, flags)

    # -- follow-ups ----------------------------------------------------------------------------

    def rewrite_question(self, question: str, history: Sequence[Turn]) -> str:
        """Standalone version of a follow-up; raises UpstreamModelError when the model fails."""
        from langchain_core.messages import HumanMessage, SystemMessage

        turns = bounded_history(history, self.history_max_tokens)
        transcript = "\n".join(f"{t.role}: {' '.join(t.content.split())}" for t in turns)
        messages = [
            SystemMessage(prompts.REWRITE_SYSTEM),
            HumanMessage(prompts.REWRITE_TEMPLATE.format(history=transcript, question=question)),
        ]
        try:
            reply = _text(self.model.invoke(messages).content)
        except Exception as exc:
            raise self._typed(exc) from exc
        lines = [line.strip() for line in reply.strip().splitlines() if line.strip()]
        rewritten = lines[0].strip("\"'“”") if lines else ""
        return rewritten[:1000] or question


def chat_model(
    provider: str, model: str, *, base_url: str | None, api_key: str | None, timeout_s: float
) -> BaseChatModel:
    """A LangChain chat model for an OpenAI-compatible endpoint (Ollama speaks it on /v1)."""
    from langchain.chat_models import init_chat_model

    return init_chat_model(
        model,
        model_provider="openai",
        base_url=base_url or (OLLAMA_BASE_URL if provider == "ollama" else None),
        api_key=api_key or ("ollama" if provider == "ollama" else "not-needed"),
        timeout=timeout_s,
        max_retries=0,
        temperature=0,
    )


def from_settings(spec: str, settings: Settings, embedder: Embedder | None = None) -> LLMEngine:
    provider, _, model = spec.partition(":")
    if not model:
        raise ConfigError(f"The {provider} engine needs a model name: {provider}:<model>.")
    if provider == "openai" and not (settings.llm_api_key or settings.llm_base_url):
        raise ConfigError(
            f"Answer engine {spec!r} needs ECO_ADVISOR_LLM_API_KEY (or ECO_ADVISOR_LLM_BASE_URL "
            "for a local OpenAI-compatible server)."
        )
    fallback: AnswerEngine | None = None
    if settings.llm_fallback_extractive:
        from assistant.extractive import from_settings as extractive_engine

        fallback = extractive_engine("extractive", settings, embedder)
    return LLMEngine(
        spec,
        chat_model(
            provider,
            model,
            base_url=settings.llm_base_url,
            api_key=settings.llm_api_key,
            timeout_s=settings.llm_timeout_s,
        ),
        timeout_s=settings.llm_timeout_s,
        fallback=fallback,
        history_max_tokens=settings.history_max_tokens,
    )
