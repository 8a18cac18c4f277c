"""POST /v1/chat (JSON), POST /v1/chat/stream (Server-Sent Events), POST /v1/feedback."""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator, Iterator
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from sse_starlette.sse import EventSourceResponse
from starlette.concurrency import iterate_in_threadpool, run_in_threadpool

from assistant.api.deps import AssistantDep, SettingsDep
from assistant.config import Settings
from assistant.retrieval import Hit
from assistant.schemas import ChatRequest, ChatResponse, FeedbackRequest, SourcePublic
from assistant.service import ChatResult, StreamStart

router = APIRouter(prefix="/v1", tags=["chat"])


def source_public(number: int, hit: Hit) -> SourcePublic:
    meta = hit.metadata
    return SourcePublic(
        number=number,
        chunk_id=hit.chunk_id,
        source=hit.source,
        doc_id=hit.doc_id,
        title=hit.title,
        source_url=hit.source_url,
        publisher=_opt_str(meta.get("publisher")),
        reviewed=_opt_str(meta.get("reviewed")),
        doc_type=_opt_str(meta.get("doc_type")),
        page=hit.page,
        section=hit.section,
        start_char=_opt_int(meta.get("start_char")),
        end_char=_opt_int(meta.get("end_char")),
        text=hit.text,
        score=round(float(hit.score), 6),
    )


def _opt_str(value: Any) -> str | None:
    return None if value is None else str(value)


def _opt_int(value: Any) -> int | None:
    return None if value is None else int(value)


def chat_response(result: ChatResult) -> ChatResponse:
    answer = result.answer
    return ChatResponse(
        answer=answer.text,
        declined=answer.declined,
        style=answer.style,  # type: ignore[arg-type]
        engine=answer.engine,
        conversation_id=result.conversation_id,
        message_id=result.message_id,
        standalone_question=result.standalone_question,
        sources=[source_public(n, hit) for n, hit in enumerate(answer.sources, start=1)],
        flags=list(answer.flags),
        timing={k: round(v, 2) for k, v in result.timings.items()},
    )


def check_question(question: str, settings: Settings) -> None:
    if len(question) > settings.max_question_chars:
        raise HTTPException(
            413,
            f"The question is {len(question)} characters long; the limit is "
            f"{settings.max_question_chars}. Shorten it or split it into several questions.",
        )


@router.post("/chat", response_model=ChatResponse, summary="Ask a question; get a cited answer")
def chat(body: ChatRequest, assistant: AssistantDep, settings: SettingsDep) -> ChatResponse:
    check_question(body.question, settings)
    result = assistant.ask(
        body.question,
        conversation_id=body.conversation_id,
        style=body.style,
        filters=body.filters.as_filters() if body.filters else None,
    )
    return chat_response(result)


@router.post(
    "/chat/stream",
    summary="The same as /v1/chat as Server-Sent Events: sources, answer deltas, done",
    response_class=EventSourceResponse,
)
async def chat_stream(
    body: ChatRequest, request: Request, assistant: AssistantDep, settings: SettingsDep
) -> EventSourceResponse:
    check_question(body.question, settings)
    steps = assistant.stream(
        body.question,
        conversation_id=body.conversation_id,
        style=body.style,
        filters=body.filters.as_filters() if body.filters else None,
    )
    # Retrieval runs before the response starts, so its errors still become problem responses.
    first = await run_in_threadpool(next, steps)
    assert isinstance(first, StreamStart)
    return EventSourceResponse(sse_events(first, steps, request), ping=15)


async def sse_events(
    first: StreamStart, steps: Iterator[StreamStart | str | ChatResult], request: Request
) -> AsyncIterator[dict[str, str]]:
    yield {
        "event": "start",
        "data": json.dumps(
            {
                "conversation_id": first.conversation_id,
                "standalone_question": first.standalone_question,
                "retrieved": [
                    source_public(n, h).model_dump() for n, h in enumerate(first.hits, start=1)
                ],
            }
        ),
    }
    try:
        async for item in iterate_in_threadpool(steps):
            if await request.is_disconnected():
                break
            if isinstance(item, str):
                yield {"event": "delta", "data": json.dumps({"text": item})}
            elif isinstance(item, ChatResult):
                yield {"event": "done", "data": chat_response(item).model_dump_json()}
    except Exception as exc:  # noqa: BLE001 - the status line is sent; report in-band, then end
        from assistant.api.problems import _status_for

        status, title = _status_for(exc)
        yield {
            "event": "error",
            "data": json.dumps({"status": status, "title": title, "detail": str(exc)}),
        }
    finally:
        close_quietly(steps)


def close_quietly(steps: Iterator[Any]) -> None:
    close = getattr(steps, "close", None)
    if close is not None:
        # ValueError: still running in a worker thread; it stops at its next yield.
        with contextlib.suppress(ValueError):
            close()


@router.post("/feedback", status_code=204, summary="Thumbs up or down on an answer")
def feedback(body: FeedbackRequest, assistant: AssistantDep) -> None:
    if not assistant.conversations.add_feedback(body.message_id, body.rating, body.comment):
        raise HTTPException(404, f"No answer with message_id {body.message_id}.")
