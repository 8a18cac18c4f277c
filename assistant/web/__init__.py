"""The web chat and the chamber widget: pages, scripts, origin gate, tokens, limits, headers.

``install_web(app, settings)`` adds all of it to an app built by ``create_app``.
"""

from __future__ import annotations

from fastapi import FastAPI
from starlette.staticfiles import StaticFiles

from assistant.config import Settings
from assistant.web import routes, widget_api
from assistant.web.assets import STATIC
from assistant.web.gate import WidgetGate
from assistant.web.ratelimit import RateLimit, make_limiter, parse_limit
from assistant.web.security import SecurityHeaders
from assistant.web.sites import load_sites
from assistant.web.tokens import TokenSigner

__all__ = ["install_web"]


def install_web(app: FastAPI, settings: Settings) -> None:
    """Routes, static files and middleware; call once, after the API routers are included.

    Middleware order, outermost first: security headers, origin gate (CORS, tokens), rate
    limits, then whatever ``create_app`` added (body size).
    """
    sites = load_sites(settings.sites_file)
    signer = TokenSigner(settings.widget_token_secret, settings.widget_token_ttl_s)
    per_ip = parse_limit("rate_limit_per_ip", settings.rate_limit_per_ip)
    default_site = parse_limit("rate_limit_per_site", settings.rate_limit_per_site)
    site_limits = {}
    for site_id in sites.ids():
        site = sites.get(site_id)
        if site is not None and site.rate_limit:
            site_limits[site_id] = parse_limit(f"sites.{site_id}.rate_limit", site.rate_limit)

    app.state.web_sites = sites
    app.state.web_signer = signer
    app.include_router(widget_api.router)
    app.include_router(routes.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_middleware(
        RateLimit,
        limiter=make_limiter(settings.redis_url),
        per_ip=per_ip,
        per_site=lambda site_id: site_limits.get(site_id, default_site),
    )
    app.add_middleware(WidgetGate, sites=sites, signer=signer)
    docs = tuple(url for url in (app.docs_url, app.redoc_url) if url)
    app.add_middleware(SecurityHeaders, exempt=docs)
