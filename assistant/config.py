"""The one place settings live.

Read once at start (``Settings()`` reads ``ECO_ADVISOR_*`` variables and an optional ``.env``),
then passed down. Every default works offline with no key and no server.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Everything configurable, with offline defaults."""

    model_config = SettingsConfigDict(
        env_prefix="ECO_ADVISOR_",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        validate_default=True,
    )

    # Where the index and all state live; several knowledge bases can sit side by side.
    data_dir: Path = Path("data")
    # One collection per knowledge base (a chamber's private documents can live apart).
    collection: Annotated[str, Field(pattern=r"^[a-zA-Z0-9][a-zA-Z0-9._-]{1,60}[a-zA-Z0-9]$")] = (
        "eco-advisor"
    )
    # Empty: Chroma embedded in data_dir. Set (http://127.0.0.1:8000) to use a Chroma server.
    chroma_url: str | None = None

    # Embedder, by config string: "minilm" (fast default), "e5-small" (multilingual),
    # "openai:<model>" (an OpenAI-compatible embeddings endpoint).
    embedder: str = "minilm"
    embed_batch_size: Annotated[int, Field(ge=1, le=1024)] = 64
    # "auto" uses bf16 where the CPU has native bf16 (AVX512-BF16 / AMX), else fp32.
    embed_precision: str = "auto"
    # Threads for embedding; empty means all cores (what batch ingestion wants). The service embeds
    # one short question at a time, where more threads only fight retrieval's own threads on a
    # small machine (search p95 on 10k chunks: 100 ms with 2 threads, 14 ms with 1).
    embed_threads: Annotated[int, Field(ge=1, le=256)] | None = None
    query_embed_threads: Annotated[int, Field(ge=1, le=256)] = 1
    openai_base_url: str | None = None
    openai_api_key: str | None = None

    # Chunking, in tokens of the cl100k encoding.
    chunk_tokens: Annotated[int, Field(ge=32, le=4096)] = 256
    chunk_overlap: Annotated[int, Field(ge=0, le=1024)] = 32

    # Files larger than this are skipped with a message.
    max_file_mb: Annotated[float, Field(gt=0, le=2048)] = 25.0

    # Answering: "extractive" (no model, default), "openai:<model>", "ollama:<model>".
    answer_engine: str = "extractive"
    llm_base_url: str | None = None
    llm_api_key: str | None = None
    llm_timeout_s: Annotated[float, Field(gt=0, le=600)] = 30.0
    # On an LLM failure, answer with the extractive engine instead of an error.
    llm_fallback_extractive: bool = False
    # Tokens of conversation history sent to an LLM (newest first, then cut).
    history_max_tokens: Annotated[int, Field(ge=0, le=32000)] = 1500

    # Retrieval: passages handed to the answer engine.
    retrieval_k: Annotated[int, Field(ge=1, le=50)] = 8

    # The HTTP service.
    host: str = "127.0.0.1"
    port: Annotated[int, Field(ge=1, le=65535)] = 8000
    # Conversations: any SQLAlchemy URL; empty means SQLite in data_dir.
    database_url: str | None = None
    conversation_retention_days: Annotated[int, Field(ge=1, le=3650)] = 30
    max_question_chars: Annotated[int, Field(ge=10, le=20000)] = 2000
    max_history_messages: Annotated[int, Field(ge=0, le=500)] = 50
    max_body_bytes: Annotated[int, Field(ge=1024, le=10_000_000)] = 64_000

    # The web chat and the chamber widget (assistant/web/).
    # Site configs: a TOML file or a folder of them; empty means the built-in assistant/web/sites/.
    sites_file: Path | None = None
    # Signs widget session tokens. Empty: a random per-process secret (set it for several workers).
    widget_token_secret: str | None = None
    widget_token_ttl_s: Annotated[int, Field(ge=30, le=86400)] = 900
    # Rate limits on the chat endpoints ("N/second|minute|hour|day"); a site may set its own.
    rate_limit_per_ip: str = "60/minute"
    rate_limit_per_site: str = "300/minute"
    # Empty: rate-limit counters in process; redis://host:6379/0 shares them between workers.
    redis_url: str | None = None

    @field_validator("embed_precision")
    @classmethod
    def _known_precision(cls, value: str) -> str:
        allowed = {"auto", "fp32", "bf16"}
        if value not in allowed:
            raise ValueError(f"embed_precision must be one of {sorted(allowed)}, got {value!r}")
        return value

    @field_validator("chunk_overlap")
    @classmethod
    def _overlap_below_size(cls, value: int, info: object) -> int:
        size = getattr(info, "data", {}).get("chunk_tokens")
        if size is not None and value >= size:
            raise ValueError(f"chunk_overlap ({value}) must be smaller than chunk_tokens ({size})")
        return value

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def conversations_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'conversations.sqlite3').as_posix()}"

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)
