"""Rate limits per client IP and per widget site on the endpoints that cost an answer.

Uses the ``limits`` library (moving window): counters live in process by default, or in Redis
when ``redis_url`` is set so that several workers share them. A refusal is a 429 problem with
``Retry-After``; it sits inside the origin gate, so a widget can read it and say so politely.
The client IP is the socket peer: behind a reverse proxy, run uvicorn with ``--proxy-headers``
and ``--forwarded-allow-ips`` so that this is the visitor and not the proxy.
If Redis cannot be reached, a limited request gets a 503 problem within a few seconds (and the
log says why) rather than a bare 500 or a hung request: it is not let through uncounted.
"""

from __future__ import annotations

import logging
import math
import re
import time
from collections.abc import Callable
from typing import Any

from limits import RateLimitItem, parse
from limits.aio.strategies import MovingWindowRateLimiter
from limits.errors import ConfigurationError, StorageError
from limits.storage import storage_from_string
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from assistant.api.problems import problem
from assistant.errors import ConfigError
from assistant.web.gate import SESSION_PATH

log = logging.getLogger("eco_advisor.web")

#: POST endpoints that run retrieval and an answer engine (or hand out widget sessions).
LIMITED_PATHS = frozenset(
    {"/v1/chat", "/v1/chat/stream", "/v1/chat/completions", "/v1/widget/chat/stream"}
)


def parse_limit(key: str, value: str) -> RateLimitItem:
    """``"30/minute"`` -> a limit item; a ConfigError naming the setting otherwise."""
    try:
        return parse(value)
    except ValueError as exc:
        raise ConfigError(
            f"{key}: {value!r} is not a rate limit; write it as N/second, N/minute, N/hour or "
            "N/day (for example 30/minute)"
        ) from exc


#: Seconds to wait for Redis to connect, and to answer, before a request is refused with a 503
#: (unset, a silent server hangs every request); ``?connect_timeout=&stream_timeout=`` in the URL
#: override them.
REDIS_TIMEOUT_S = 2.0
REDIS_SCHEMES = ("redis://", "rediss://", "redis+", "valkey://", "valkeys://", "valkey+")
REDIS_URL_HINT = "write it as redis://host:6379/0 (or rediss://..., redis+unix:///path.sock)"


def redact(url: str) -> str:
    """The URL without its password (``user:secret@`` -> ``user:***@``), for error messages."""
    return re.sub(r"(://[^/@:]*:)[^/]*@", r"\1***@", url, count=1)


def _retry_options() -> dict[str, Any]:
    """Retry a dropped connection once, never a timeout: coredis's default retries both twice,
    so a silent Redis held every request for 6 to 10 seconds instead of one timeout."""
    try:
        from coredis.exceptions import ConnectionError as RedisConnectionError
        from coredis.retry import ConstantRetryPolicy
    except ImportError:  # no Redis client: storage_from_string says how to install it
        return {}
    return {"retry_policy": ConstantRetryPolicy((RedisConnectionError,), 1, 0.01)}


def make_limiter(redis_url: str | None) -> MovingWindowRateLimiter:
    """In-process counters, or Redis ones; a ConfigError naming ``redis_url`` if it is unusable."""
    if not redis_url:
        return MovingWindowRateLimiter(storage_from_string("async+memory://"))
    url = redis_url.removeprefix("async+")
    shown = redact(url)
    # Any other scheme ``limits`` knows (memory://, memcached://...) would not be Redis.
    if not url.startswith(REDIS_SCHEMES):
        raise ConfigError(f"redis_url: {shown!r} is not a Redis URL; {REDIS_URL_HINT}")
    try:
        storage = storage_from_string(
            "async+" + url,
            wrap_exceptions=True,
            connect_timeout=REDIS_TIMEOUT_S,
            stream_timeout=REDIS_TIMEOUT_S,
            **_retry_options(),
        )
    except ConfigurationError as exc:
        hint = (
            "install the Redis client with: pip install 'limits[async-redis]' (the project's "
            "'redis' extra)"
            if "prerequisite" in str(exc)
            else REDIS_URL_HINT
        )
        reason = str(exc).replace(url, shown)  # limits quotes the URL, password and all
        raise ConfigError(
            f"redis_url: cannot use {shown!r} for rate limits: {reason}; {hint}"
        ) from exc
    except ValueError as exc:  # urllib's own complaints, e.g. "Invalid IPv6 URL"
        raise ConfigError(
            f"redis_url: {shown!r} is not a valid URL ({exc}); {REDIS_URL_HINT}"
        ) from exc
    return MovingWindowRateLimiter(storage)


class RateLimit:
    """ASGI middleware: one counter per client IP, one per widget site."""

    def __init__(
        self,
        app: ASGIApp,
        limiter: MovingWindowRateLimiter,
        per_ip: RateLimitItem,
        per_site: Callable[[str], RateLimitItem | None],
    ) -> None:
        self.app = app
        self.limiter = limiter
        self.per_ip = per_ip
        self.per_site = per_site

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        limited = path in LIMITED_PATHS or path == SESSION_PATH
        if scope["type"] == "http" and scope["method"] == "POST" and limited:
            try:
                refusal = await self._refusal(scope, path)
            except StorageError as exc:
                refusal = self._unavailable(exc)
            if refusal is not None:
                await refusal(scope, receive, send)
                return
        await self.app(scope, receive, send)

    async def _refusal(self, scope: Scope, path: str) -> JSONResponse | None:
        client = scope.get("client")
        ip = client[0] if client else "unknown"
        if not await self.limiter.hit(self.per_ip, "ip", ip):
            return await self._too_many(self.per_ip, ("ip", ip), "from your network address")
        session = scope.get("state", {}).get("widget_session")
        if path != SESSION_PATH and session is not None:
            item = self.per_site(session.site)
            if item is not None and not await self.limiter.hit(item, "site", session.site):
                return await self._too_many(item, ("site", session.site), "on this website")
        return None

    async def _too_many(
        self, item: RateLimitItem, ids: tuple[str, str], where: str
    ) -> JSONResponse:
        stats = await self.limiter.get_window_stats(item, *ids)
        retry_after = max(1, math.ceil(stats.reset_time - time.time()))
        response = problem(
            429,
            "Too many requests",
            f"Too many questions {where} right now; try again in {retry_after} seconds.",
            retry_after=retry_after,
        )
        response.headers["retry-after"] = str(retry_after)
        return response

    def _unavailable(self, exc: StorageError) -> JSONResponse:
        """Redis is down or silent: say so (the visitor is not told where it lives; the log is)."""
        log.warning("rate limits: Redis (redis_url) did not answer: %s", exc.storage_error)
        return problem(
            503,
            "Rate limiting unavailable",
            "The server cannot reach the store that counts requests (Redis); try again shortly.",
        )
