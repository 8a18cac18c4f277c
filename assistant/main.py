"""``create_app(settings)``: the FastAPI application, with its parts passed in, not imported."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi_offline import FastAPIOffline
from starlette.concurrency import run_in_threadpool

from assistant.api import problems
from assistant.api.limits import BodySizeLimit
from assistant.api.routes import chat, documents, health, openai_compat
from assistant.config import Settings
from assistant.errors import EcoAdvisorError
from assistant.service import Assistant
from assistant.web import install_web

log = logging.getLogger("eco_advisor")


def create_app(
    settings: Settings, assistant: Assistant | None = None, warm: bool = True
) -> FastAPI:
    """Build the app. ``warm`` loads models and the lexical index at start-up, not on request 1."""
    assistant = assistant or Assistant(settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if warm:
            try:
                await run_in_threadpool(assistant.warm_up)
            except EcoAdvisorError as exc:  # the service still starts; /readyz says why
                log.warning("not ready: %s", exc)
        await run_in_threadpool(assistant.conversations.prune)
        yield

    # Same as FastAPI(), but /docs and /redoc load Swagger UI and ReDoc from the package, not a CDN.
    app = FastAPIOffline(
        title="eco-advisor",
        summary="Cited answers on eco-innovation for SMEs, advisors and chambers of commerce.",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.assistant = assistant
    problems.install(app)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    for module in (health, chat, openai_compat, documents):
        app.include_router(module.router)
    install_web(app, settings)
    return app
