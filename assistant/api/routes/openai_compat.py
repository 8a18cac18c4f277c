"""POST /v1/chat/completions: OpenAI-compatible, so existing clients and tools work unchanged.

The last user message is the question; earlier user/assistant messages are the conversation.
System messages from clients are ignored: our own instructions are not negotiable. Citations
ride in an extra ``citations`` field (on the response, and on the last streamed chunk).
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse, StreamingResponse
from starlette.concurrency import iterate_in_threadpool, run_in_threadpool

from assistant.answering import Turn
from assistant.api.deps import AssistantDep, SettingsDep
from assistant.api.routes.chat import check_question, close_quietly, source_public
from assistant.schemas import OpenAIChatRequest
from assistant.service import ChatResult, StreamStart

router = APIRouter(prefix="/v1", tags=["openai-compatible"])


def _split(body: OpenAIChatRequest, max_history: int) -> tuple[str, list[Turn]]:
    turns = [
        Turn(role=m.role, content=m.text())  # type: ignore[arg-type]
        for m in body.messages
        if m.role in ("user", "assistant") and m.text().strip()
    ]
    if not turns or turns[-1].role != "user":
        raise HTTPException(400, "The last message must be a non-empty user message.")
    history = turns[:-1]
    if len(history) > max_history:
        raise HTTPException(
            413, f"{len(history)} earlier messages sent; the limit is {max_history}."
        )
    return turns[-1].content, history


def _usage(question: str, answer: str) -> dict[str, int]:
    from ingestion.chunking import count_tokens

    prompt, completion = count_tokens(question), count_tokens(answer)
    return {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
    }


def _citations(result: ChatResult) -> list[dict[str, Any]]:
    return [source_public(n, h).model_dump() for n, h in enumerate(result.answer.sources, 1)]


@router.post("/chat/completions", summary="OpenAI-compatible chat completions (stream or not)")
async def chat_completions(
    body: OpenAIChatRequest, request: Request, assistant: AssistantDep, settings: SettingsDep
) -> Any:
    question, history = _split(body, settings.max_history_messages)
    check_question(question, settings)
    completion_id = f"chatcmpl-{uuid.uuid4().hex}"
    created = int(time.time())
    if not body.stream:
        result: ChatResult = await run_in_threadpool(
            lambda: assistant.ask(question, history=history, store=False)
        )
        return JSONResponse(
            {
                "id": completion_id,
                "object": "chat.completion",
                "created": created,
                "model": body.model,
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": result.answer.text},
                        "finish_reason": "stop",
                    }
                ],
                "usage": _usage(question, result.answer.text),
                "citations": _citations(result),
                "declined": result.answer.declined,
            }
        )
    steps = assistant.stream(question, history=history, store=False)
    first = await run_in_threadpool(next, steps)
    assert isinstance(first, StreamStart)

    def chunk(delta: dict[str, Any], finish: str | None = None, **extra: Any) -> str:
        payload = {
            "id": completion_id,
            "object": "chat.completion.chunk",
            "created": created,
            "model": body.model,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
            **extra,
        }
        return f"data: {json.dumps(payload)}\n\n"

    async def events() -> AsyncIterator[str]:
        yield chunk({"role": "assistant", "content": ""})
        try:
            async for item in iterate_in_threadpool(steps):
                if await request.is_disconnected():
                    break
                if isinstance(item, str):
                    yield chunk({"content": item})
                elif isinstance(item, ChatResult):
                    yield chunk(
                        {},
                        "stop",
                        citations=_citations(item),
                        declined=item.answer.declined,
                    )
            yield "data: [DONE]\n\n"
        finally:
            close_quietly(steps)

    return StreamingResponse(events(), media_type="text/event-stream")
