"""The origin gate in front of every ``/v1/`` handler, and the only place CORS headers are made.

CORS headers alone only stop a browser from *reading* a response; a cross-origin POST that needs
no preflight still runs the endpoint. So cross-origin requests are decided here, before routing:

- no ``Origin`` (curl, SDKs, same-origin navigations) or the app's own origin: let through;
- ``Origin: null`` (sandboxed frames, ``file:``): refused;
- ``/v1/widget/session``: let through, the route checks the site's allowlist and issues a token;
- anything else cross-origin needs an ``X-Widget-Token`` whose signature and expiry hold, whose
  origin equals the request's, whose site still lists that origin, and only on widget endpoints.

CORS response headers echo an origin only when some site lists it exactly; never ``null``,
never an arbitrary reflection, never with credentials.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.api.problems import problem
from assistant.web.sites import Sites
from assistant.web.tokens import InvalidToken, TokenSigner

SESSION_PATH = "/v1/widget/session"
#: what a widget token opens: its chat stream, feedback on its answers, cited documents.
WIDGET_PATHS = ("/v1/widget/chat/stream", "/v1/feedback")
WIDGET_PREFIXES = ("/v1/documents/",)
TOKEN_HEADER = "x-widget-token"  # noqa: S105 - a header name, not a secret


def cors_headers(origin: str) -> dict[str, str]:
    return {
        "access-control-allow-origin": origin,
        "access-control-expose-headers": "Retry-After",
        "vary": "Origin",
    }


class WidgetGate:
    """ASGI middleware: refuse cross-origin calls that the site allowlist does not cover."""

    def __init__(self, app: ASGIApp, sites: Sites, signer: TokenSigner) -> None:
        self.app = app
        self.sites = sites
        self.signer = signer

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/v1/"):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        origin = headers.get("origin")
        allowed = origin if origin and self.sites.known_origin(origin) else None
        send = _with_cors(send, allowed, vary=origin is not None)
        if scope["method"] == "OPTIONS" and "access-control-request-method" in headers:
            await self._preflight(allowed, origin)(scope, receive, send)
            return
        refusal = self._check(scope, headers, origin)
        if refusal is not None:
            await problem(403, "Forbidden", refusal)(scope, receive, send)
            return
        await self.app(scope, receive, send)

    def _preflight(self, allowed: str | None, origin: str | None) -> Response:
        if allowed is None:
            return problem(403, "Forbidden", f"Origin {origin!r} is not allowed for any site.")
        return Response(
            status_code=204,
            headers={
                "access-control-allow-methods": "GET, POST",
                "access-control-allow-headers": f"content-type, {TOKEN_HEADER}",
                "access-control-max-age": "600",
            },
        )

    def _check(self, scope: Scope, headers: Headers, origin: str | None) -> str | None:
        """None to let the request through, else the reason for refusing it."""
        token = headers.get(TOKEN_HEADER)
        if token is not None:
            return self._check_token(scope, token, origin)
        if origin is None or _same_origin(origin, headers):
            return None
        if origin == "null":
            return "Requests from an opaque origin (Origin: null) are refused."
        if scope["path"] == SESSION_PATH:
            return None
        return (
            f"Cross-origin requests from {origin} need a widget session token: embed the "
            "assistant with /widget.js and list this origin in the site's allowed_origins."
        )

    def _check_token(self, scope: Scope, token: str, origin: str | None) -> str | None:
        try:
            session = self.signer.verify(token)
        except InvalidToken as exc:
            return str(exc)
        if origin != session.origin:
            return (
                f"This session token was issued to {session.origin}; the request comes from "
                f"{origin or 'no origin'}."
            )
        site = self.sites.get(session.site)
        if site is None or origin not in site.allowed_origins:
            return f"Origin {origin} is no longer allowed for site {session.site!r}."
        path = scope["path"]
        if path not in WIDGET_PATHS and not path.startswith(WIDGET_PREFIXES):
            return f"{path} is not open to the embedded widget."
        scope.setdefault("state", {})["widget_session"] = session
        return None


def _same_origin(origin: str, headers: Headers) -> bool:
    """The page that calls us was served by us (scheme aside: a TLS proxy may terminate)."""
    host = headers.get("host")
    return host is not None and urlsplit(origin).netloc.lower() == host.lower()


def _with_cors(send: Send, allowed: str | None, vary: bool) -> Send:
    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = MutableHeaders(scope=message)
            if allowed is not None:
                for key, value in cors_headers(allowed).items():
                    headers[key] = value
            elif vary:
                headers.append("vary", "Origin")
        await send(message)

    return wrapped
