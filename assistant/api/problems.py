"""Domain exceptions -> RFC 9457 problem responses, in one place.

Starlette looks handlers up along the exception's MRO, so one handler per family is enough.
Never a 200 that carries an error.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse

from assistant.errors import (
    ConfigError,
    ConversationNotFound,
    EcoAdvisorError,
    IndexUnavailable,
    UpstreamModelError,
    UpstreamTimeout,
)

PROBLEM_TYPE = "application/problem+json"

#: exception class -> (status, title); the most specific class wins (MRO order).
STATUS: dict[type[Exception], tuple[int, str]] = {
    ConversationNotFound: (404, "Conversation not found"),
    IndexUnavailable: (503, "Index not ready"),
    UpstreamTimeout: (504, "Language model timed out"),
    UpstreamModelError: (502, "Language model failed"),
    ConfigError: (500, "Server misconfigured"),
    EcoAdvisorError: (500, "Internal error"),
}


def problem(status: int, title: str, detail: str, **extra: Any) -> JSONResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    return JSONResponse(body, status_code=status, media_type=PROBLEM_TYPE)


def _status_for(exc: Exception) -> tuple[int, str]:
    for cls in type(exc).__mro__:
        if cls in STATUS:
            return STATUS[cls]
    return 500, "Internal error"


async def _domain(_request: Request, exc: Exception) -> JSONResponse:
    status, title = _status_for(exc)
    return problem(status, title, str(exc))


async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
    # A bug, not the user's fault: a problem response like every other error, and nothing of
    # the exception (paths, passage text) in it. Starlette re-raises it after this, so the
    # server logs the traceback.
    return problem(500, "Internal error", "The server failed to answer; the error is logged.")


async def _validation(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {
            "field": ".".join(str(p) for p in err.get("loc", ()) if p != "body"),
            "message": err.get("msg", ""),
        }
        for err in exc.errors()
    ]
    detail = "; ".join(f"{e['field'] or 'body'}: {e['message']}" for e in errors)
    return problem(422, "Invalid request", detail, errors=errors)


async def _http(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    response = problem(exc.status_code, _TITLES.get(exc.status_code, "Error"), str(exc.detail))
    for key, value in (exc.headers or {}).items():
        response.headers[key] = value
    return response


_TITLES = {
    400: "Bad request",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    413: "Request too large",
    415: "Unsupported media type",
    429: "Too many requests",
}


def install(app: FastAPI) -> None:
    app.add_exception_handler(EcoAdvisorError, _domain)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(Exception, _unexpected)
