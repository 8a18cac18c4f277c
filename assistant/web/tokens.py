"""Short-lived, HMAC-signed widget session tokens bound to a site and an origin.

A site id is public (it sits in the host page's script tag), so it cannot be the credential.
The token proves that this server checked the requesting origin against the site's allowlist a
few minutes ago; the gate then also requires the request's ``Origin`` to equal the token's.
Format: ``v1.<base64url JSON payload>.<base64url HMAC-SHA256 of "v1.<payload>">``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import logging
import secrets
import time
from dataclasses import dataclass

log = logging.getLogger("eco_advisor.web")

_VERSION = "v1"


class InvalidToken(Exception):
    """The token is malformed, forged or expired; the message says which, for the 403."""


@dataclass(frozen=True)
class WidgetSession:
    site: str
    origin: str
    expires: int


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class TokenSigner:
    """Issues and verifies tokens with one secret; every worker needs the same secret."""

    def __init__(self, secret: str | None, ttl_s: int) -> None:
        if not secret:
            log.warning(
                "ECO_ADVISOR_WIDGET_TOKEN_SECRET is not set: using a random per-process secret. "
                "Widget tokens will not survive a restart, and with several workers a token from "
                "one worker is refused by the others: set the secret."
            )
            secret = secrets.token_urlsafe(32)
        self._key = secret.encode("utf-8")
        self.ttl_s = ttl_s

    def _sign(self, message: str) -> str:
        return _b64(hmac.new(self._key, message.encode("ascii"), hashlib.sha256).digest())

    def issue(self, site: str, origin: str, now: float | None = None) -> str:
        expires = int((time.time() if now is None else now) + self.ttl_s)
        payload = _b64(json.dumps({"s": site, "o": origin, "e": expires}).encode("utf-8"))
        message = f"{_VERSION}.{payload}"
        return f"{message}.{self._sign(message)}"

    def verify(self, token: str, now: float | None = None) -> WidgetSession:
        parts = token.split(".")
        if len(parts) != 3 or parts[0] != _VERSION or len(token) > 1024:
            raise InvalidToken("The widget session token is malformed.")
        message = f"{parts[0]}.{parts[1]}"
        if not hmac.compare_digest(self._sign(message), parts[2]):
            raise InvalidToken("The widget session token's signature is not valid.")
        try:
            data = json.loads(_unb64(parts[1]))
            session = WidgetSession(str(data["s"]), str(data["o"]), int(data["e"]))
        except (ValueError, KeyError, TypeError, binascii.Error) as exc:
            raise InvalidToken("The widget session token is malformed.") from exc
        if session.expires < (time.time() if now is None else now):
            raise InvalidToken("The widget session token has expired; reload to get a new one.")
        return session
