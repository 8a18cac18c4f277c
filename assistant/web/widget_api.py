"""POST /v1/widget/session (origin check, then a signed token), POST /v1/widget/chat/stream.

The widget's chat has its own endpoint so that what a site may search (its filters) and its
default style come from the server's site config, never from the host page.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Query, Request
from pydantic import BaseModel, ConfigDict
from sse_starlette.sse import EventSourceResponse
from starlette.concurrency import run_in_threadpool

from assistant.api.deps import AssistantDep, SettingsDep
from assistant.api.routes.chat import check_question, sse_events
from assistant.schemas import ConversationId, Question, Style
from assistant.service import StreamStart
from assistant.web.sites import SiteConfig, Sites
from assistant.web.tokens import TokenSigner, WidgetSession

router = APIRouter(prefix="/v1/widget", tags=["widget"])


class WidgetChatRequest(BaseModel):
    """Like ChatRequest without filters: the site's filters apply."""

    model_config = ConfigDict(extra="forbid")

    question: Question
    conversation_id: str | None = ConversationId
    style: Style | None = None


class WidgetSessionPublic(BaseModel):
    token: str
    expires_in: int
    config: dict[str, Any]


def _sites(request: Request) -> Sites:
    sites: Sites = request.app.state.web_sites
    return sites


@router.post(
    "/session",
    response_model=WidgetSessionPublic,
    summary="A short-lived token and the public config of a site, for an allowed origin",
)
def session(
    request: Request, site: str = Query(pattern=r"^[a-z0-9][a-z0-9-]{0,62}$")
) -> WidgetSessionPublic:
    config = _sites(request).get(site)
    if config is None:
        raise HTTPException(404, f"No widget site {site!r} is configured on this server.")
    origin = request.headers.get("origin")
    if origin is None or origin not in config.allowed_origins:
        # "*" without credentials only lets the widget read this refusal's reason; it is never
        # sent with data, and an allowed origin gets its exact value from the gate instead.
        raise HTTPException(
            403,
            f"Origin {origin or '(none)'} is not allowed for site {site!r}; the site's "
            "administrator can add it to allowed_origins.",
            headers={"access-control-allow-origin": "*"},
        )
    signer: TokenSigner = request.app.state.web_signer
    return WidgetSessionPublic(
        token=signer.issue(site, origin), expires_in=signer.ttl_s, config=config.public()
    )


def _widget_site(request: Request) -> SiteConfig:
    session: WidgetSession | None = getattr(request.state, "widget_session", None)
    site = _sites(request).get(session.site) if session else None
    if site is None:
        raise HTTPException(
            403, "This endpoint needs a widget session token (header X-Widget-Token)."
        )
    return site


@router.post(
    "/chat/stream",
    summary="The widget's chat as Server-Sent Events, with the site's filters and style",
    response_class=EventSourceResponse,
)
async def widget_chat_stream(
    body: WidgetChatRequest, request: Request, assistant: AssistantDep, settings: SettingsDep
) -> EventSourceResponse:
    site = _widget_site(request)
    check_question(body.question, settings)
    steps = assistant.stream(
        body.question,
        conversation_id=body.conversation_id,
        style=body.style or site.style,
        filters=site.filters.as_filters() if site.filters else None,
        site=site.id,
    )
    first = await run_in_threadpool(next, steps)
    assert isinstance(first, StreamStart)
    return EventSourceResponse(sse_events(first, steps, request), ping=15)
