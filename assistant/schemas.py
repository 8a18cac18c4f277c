"""Request and response shapes of the HTTP API (the template's ``ItemCreate``/``ItemPublic``)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

Style = Literal["sme", "advisor"]
ConversationId = Field(default=None, pattern=r"^[A-Za-z0-9_-]{8,64}$")
FILTER_KEYS = ("doc_type", "countries", "regions", "sectors", "language")


def _non_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("question is blank")
    return value.strip()


#: A question as every chat endpoint takes it: stripped, never blank.
Question = Annotated[str, Field(min_length=1), AfterValidator(_non_blank)]


class ChatFilters(BaseModel):
    """Restrict retrieval by document metadata; each list means any-of."""

    model_config = ConfigDict(extra="forbid")

    doc_type: list[str] | None = Field(default=None, max_length=20)
    countries: list[str] | None = Field(default=None, max_length=50)
    regions: list[str] | None = Field(default=None, max_length=20)
    sectors: list[str] | None = Field(default=None, max_length=20)
    language: list[str] | None = Field(default=None, max_length=10)

    @field_validator("*")
    @classmethod
    def _short_values(cls, value: list[str] | None) -> list[str] | None:
        if value is not None:
            for item in value:
                if not item or len(item) > 64:
                    raise ValueError("filter values must be 1-64 characters")
        return value

    def as_filters(self) -> dict[str, str | list[str]]:
        return {k: v for k, v in self.model_dump().items() if v}


class ChatRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question: Question = Field(description="The user's question.")
    conversation_id: str | None = ConversationId
    style: Style = "sme"
    filters: ChatFilters | None = None


class SourcePublic(BaseModel):
    """One cited passage; the answer's marker [n] points at the source with number n."""

    number: int
    chunk_id: str
    source: str
    doc_id: str
    title: str
    source_url: str | None = None
    publisher: str | None = None
    reviewed: str | None = None
    doc_type: str | None = None
    page: int | None = None
    section: str | None = None
    start_char: int | None = None
    end_char: int | None = None
    text: str
    score: float


class ChatResponse(BaseModel):
    answer: str
    declined: bool
    style: Style
    engine: str
    conversation_id: str
    message_id: int | None = None
    standalone_question: str
    sources: list[SourcePublic]
    flags: list[str] = []
    timing: dict[str, float]


class FeedbackRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    message_id: int
    rating: Literal[1, -1]
    comment: str | None = Field(default=None, max_length=2000)


class DocumentPublic(BaseModel):
    doc_id: str
    source: str
    title: str
    metadata: dict[str, Any]
    chunks: int
    sections: list[str]
    pages: list[int]


class DocumentPart(BaseModel):
    """The text of one page or section, so a UI can show a citation in context."""

    doc_id: str
    title: str
    source_url: str | None
    page: int | None = None
    section: str | None = None
    text: str
    highlight: list[int] | None = None


# -- OpenAI-compatible ---------------------------------------------------------------------------


class OpenAIMessage(BaseModel):
    role: Literal["system", "user", "assistant", "tool", "developer"]
    content: str | list[dict[str, Any]] | None = None

    def text(self) -> str:
        if isinstance(self.content, str):
            return self.content
        if not self.content:
            return ""
        return " ".join(
            str(part.get("text", "")) for part in self.content if part.get("type") == "text"
        )


class OpenAIChatRequest(BaseModel):
    model_config = ConfigDict(extra="allow")

    model: str = "eco-advisor"
    messages: list[OpenAIMessage] = Field(min_length=1)
    stream: bool = False
    user: str | None = None
