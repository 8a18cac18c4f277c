"""Answer engines behind one small protocol and a registry keyed by a config string.

Built-ins are registered exactly like extras would be:

    "extractive"        composes the answer from the retrieved passages (no model, no key)
    "openai:<model>"    any OpenAI-compatible chat-completions endpoint, through LangChain
    "ollama:<model>"    a local Ollama server, through its OpenAI-compatible /v1 endpoint

Every engine returns an ``Answer`` whose inline markers [1], [2] point into ``Answer.sources``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from assistant.errors import ConfigError
from assistant.retrieval import Hit

if TYPE_CHECKING:
    from assistant.config import Settings
    from assistant.embeddings import Embedder

STYLES = ("sme", "advisor")

#: How every decline starts, whichever engine produced it (UIs and evals look for it).
DECLINE_PREFIX = "The documents I have do not cover"


@dataclass
class Turn:
    """One message of a conversation, as the conversation store keeps it."""

    role: Literal["user", "assistant"]
    content: str


@dataclass
class Answer:
    """An engine's answer: Markdown text whose markers [n] point into ``sources`` (1-based)."""

    text: str
    sources: list[Hit]
    declined: bool
    engine: str
    style: str
    flags: list[str] = field(default_factory=list)


class AnswerEngine(ABC):
    """Turns a question and retrieved passages into a cited answer."""

    name: str
    #: True when ``rewrite_question`` works (an LLM); the service then uses it for follow-ups.
    can_rewrite: bool = False

    @abstractmethod
    def answer(
        self,
        question: str,
        hits: Sequence[Hit],
        *,
        style: str = "sme",
        history: Sequence[Turn] = (),
    ) -> Answer:
        """Answer from ``hits`` only; decline (``Answer.declined``) when they do not cover it."""

    def stream(
        self,
        question: str,
        hits: Sequence[Hit],
        *,
        style: str = "sme",
        history: Sequence[Turn] = (),
    ) -> Iterator[str | Answer]:
        """Yields text deltas as produced, then the final Answer last.

        The default yields the whole text at once, then the Answer.
        """
        result = self.answer(question, hits, style=style, history=history)
        yield result.text
        yield result

    def rewrite_question(self, question: str, history: Sequence[Turn]) -> str:
        """A standalone version of a follow-up question; only engines with a model can do this."""
        raise NotImplementedError(f"engine {self.name!r} cannot rewrite questions")


def check_style(style: str) -> str:
    """Reject unknown styles with a message naming the accepted ones."""
    if style not in STYLES:
        raise ConfigError(f"Unknown answer style {style!r}. Known: {', '.join(STYLES)}.")
    return style


def source_label(hit: Hit) -> str:
    """Where in the document a passage is: its page or section, for people and source lists."""
    parts: list[str] = []
    if hit.page is not None:
        parts.append(f"p. {hit.page}")
    section = hit.section or ""
    if hit.title and section.startswith(f"{hit.title} > "):
        section = section[len(hit.title) + 3 :]  # the title is already named beside it
    if section and section != hit.title:
        # "p. 2, section 3. LIFE": "p. 2, 3. LIFE" would read as pages 2 and 3
        parts.append(f"section {section}" if parts else section)
    return ", ".join(parts)


def format_source_list(sources: Sequence[Hit]) -> str:
    """The numbered ``## Sources`` list of the advisor style: title, place, publisher, link."""
    lines = ["## Sources", ""]
    for number, hit in enumerate(sources, start=1):
        title = _plain(hit.title or hit.source or hit.doc_id)
        entry = f"{number}. **{title}**"
        label = source_label(hit)
        if label:
            entry += f", {_plain(label)}"
        publisher = hit.metadata.get("publisher")
        if publisher:
            entry += f". {_plain(str(publisher))}"
        if hit.source_url and hit.source_url.startswith(("http://", "https://")):
            entry += f". <{hit.source_url}>"
        elif hit.source:
            entry += f". `{_plain(hit.source)}`"
        lines.append(entry)
    return "\n".join(lines)


def _plain(value: str) -> str:
    """Metadata is untrusted too: keep it on one line and out of Markdown link syntax."""
    return " ".join(value.replace("[", "(").replace("]", ")").replace("`", "'").split())


#: (config string, settings, the retriever's embedder or None) -> engine
EngineFactory = Callable[[str, "Settings", "Embedder | None"], AnswerEngine]

_REGISTRY: dict[str, EngineFactory] = {}


def register_engine(prefix: str, factory: EngineFactory) -> None:
    """Register an engine under a config-string prefix (``name`` or ``name:<model>``)."""
    _REGISTRY[prefix] = factory


def known_engines() -> list[str]:
    _register_builtins()
    return sorted(_REGISTRY)


def get_engine(spec: str, settings: Settings, embedder: Embedder | None = None) -> AnswerEngine:
    """Build the engine a config string names; unknown names list the known ones.

    ``embedder`` is the one the retriever uses: engines that score passages by meaning reuse it
    rather than load a second model.
    """
    _register_builtins()
    prefix = spec.split(":", 1)[0]
    factory = _REGISTRY.get(prefix)
    if factory is None:
        raise ConfigError(
            f"Unknown answer engine {spec!r}. Known: {', '.join(sorted(_REGISTRY))} "
            "(openai and ollama take a model name: openai:<model>, ollama:<model>)."
        )
    return factory(spec, settings, embedder)


def _register_builtins() -> None:
    # Imported late: the engine modules import this one for Answer and AnswerEngine.
    if "extractive" in _REGISTRY:
        return
    from assistant import extractive, llm

    register_engine("extractive", extractive.from_settings)
    register_engine("openai", llm.from_settings)
    register_engine("ollama", llm.from_settings)
