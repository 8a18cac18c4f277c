"""The two script bundles, built once at start from plain files in ``static/`` (no build step).

``/widget.js`` must be one file a chamber loads with one script tag, so the shared chat core, the
stylesheet (as a string for a constructable sheet: no inline style in the host page) and the
interface strings are concatenated into one function scope. ``/app.js`` is the same core for the
page served at ``/``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response

STATIC = Path(__file__).parent / "static"
JS_TYPE = "text/javascript; charset=utf-8"


@dataclass(frozen=True)
class Asset:
    body: bytes
    media_type: str
    cache_control: str

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha256(self.body).hexdigest()[:32] + '"'

    def response(self, request: Request) -> Response:
        headers = {"etag": self.etag, "cache-control": self.cache_control}
        if request.headers.get("if-none-match") == self.etag:
            return Response(status_code=304, headers=headers)
        return Response(self.body, media_type=self.media_type, headers=headers)


def script_bundle(boot: str) -> Asset:
    """core.js + ``boot`` in one strict-mode function, with CSS and I18N defined before them."""
    css = (STATIC / "chat.css").read_text(encoding="utf-8")
    strings = json.loads((STATIC / "i18n.json").read_text(encoding="utf-8"))
    parts = [
        "/* eco-advisor: served by the app itself; loads nothing from anywhere else. */",
        "(() => {",
        '"use strict";',
        f"const CSS = {json.dumps(css)};",
        f"const I18N = {json.dumps(strings)};",
        (STATIC / "core.js").read_text(encoding="utf-8"),
        (STATIC / boot).read_text(encoding="utf-8"),
        "})();",
        "",
    ]
    return Asset("\n".join(parts).encode("utf-8"), JS_TYPE, "public, max-age=300")


def page(name: str) -> Asset:
    return Asset((STATIC / name).read_bytes(), "text/html; charset=utf-8", "no-cache")
