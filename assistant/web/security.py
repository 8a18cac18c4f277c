"""Security headers on every response: a strict Content-Security-Policy and its companions.

Answers and documents are untrusted text; the CSP is the second wall behind rendering them as
text: even if markup slipped through, no inline script, no handler attribute and no request to
another host would run. Our pages need nothing else: every asset is served by the app itself.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; font-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
    "form-action 'self'; object-src 'none'"
)

BASE_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
}

#: loaded by chamber pages from other origins (a host that sets COEP needs this to load them).
CROSS_ORIGIN_ASSETS = ("/widget.js", "/static/")


class SecurityHeaders:
    """ASGI middleware adding the headers; ``exempt`` paths keep their own CSP (API docs)."""

    def __init__(self, app: ASGIApp, exempt: tuple[str, ...] = ()) -> None:
        self.app = app
        self.exempt = exempt

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        strict = not (self.exempt and path.startswith(self.exempt))
        shared = path.startswith(CROSS_ORIGIN_ASSETS)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for key, value in BASE_HEADERS.items():
                    headers.setdefault(key, value)
                if strict:
                    headers.setdefault("content-security-policy", CSP)
                headers["cross-origin-resource-policy"] = "cross-origin" if shared else "same-site"
            await send(message)

        await self.app(scope, receive, send_with_headers)
