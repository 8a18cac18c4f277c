"""Domain exceptions, raised from the core and mapped to user-facing messages at the edges.

EcoAdvisorError
├── ConfigError            a setting or config string is wrong (unknown embedder, bad URL)
├── IndexUnavailable       the index cannot serve the request
│   ├── NotIndexed         nothing has been ingested yet
│   └── EmbedderMismatch   the index was built by another embedder
├── DocumentError          one input file cannot be read (skipped, never fatal to a batch)
├── ConversationNotFound   a conversation id this service does not know (or that expired)
└── UpstreamModelError     the chat-model endpoint failed or answered garbage (HTTP 502)
    └── UpstreamTimeout    the chat-model endpoint did not answer in time (HTTP 504)
"""

from __future__ import annotations


class EcoAdvisorError(Exception):
    """Base of every error this project raises on purpose."""


class ConfigError(EcoAdvisorError):
    """A setting or config string is wrong; the message names it and the accepted values."""


class IndexUnavailable(EcoAdvisorError):
    """The index cannot serve the request."""


class NotIndexed(IndexUnavailable):
    """The collection is empty or missing: run ingestion first."""


class EmbedderMismatch(IndexUnavailable):
    """The collection was built with a different embedder than the one configured."""

    def __init__(self, collection: str, built_with: str, configured: str) -> None:
        self.collection = collection
        self.built_with = built_with
        self.configured = configured
        super().__init__(
            f"Collection {collection!r} was built with embedder {built_with!r}, but the "
            f"configured embedder is {configured!r}. Set ECO_ADVISOR_EMBEDDER={built_with} "
            f"(or --embedder {built_with}), or ingest into another collection."
        )


class ConversationNotFound(EcoAdvisorError):
    """A conversation id was given that this service does not know (or has expired)."""


class DocumentError(EcoAdvisorError):
    """One input file cannot be turned into text; the batch goes on without it."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


class UpstreamModelError(EcoAdvisorError):
    """The configured chat-model endpoint failed; the answer cannot be produced by it."""

    status_code = 502

    def __init__(self, engine: str, detail: str) -> None:
        self.engine = engine
        self.detail = detail
        super().__init__(
            f"The language model {engine!r} failed: {detail}. Check that the endpoint is "
            "running and reachable (ECO_ADVISOR_LLM_BASE_URL), or use the extractive engine."
        )


class UpstreamTimeout(UpstreamModelError):
    """The chat-model endpoint did not answer within the configured timeout."""

    status_code = 504

    def __init__(self, engine: str, timeout_s: float) -> None:
        self.timeout_s = timeout_s
        EcoAdvisorError.__init__(
            self,
            f"The language model {engine!r} did not answer within {timeout_s:g} s. Try again, "
            "raise ECO_ADVISOR_LLM_TIMEOUT_S, or use the extractive engine.",
        )
        self.engine = engine
        self.detail = f"timed out after {timeout_s:g} s"
