"""The web layer over HTTP: origin gate, widget tokens, CORS, CSP and rate limits, on loopback."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text

from assistant.config import Settings
from assistant.errors import ConfigError
from assistant.main import create_app
from assistant.service import Assistant
from assistant.web.sites import load_sites, normalise_origin
from assistant.web.tokens import TokenSigner
from tests.live_server import serve

ALLOWED = "https://chamber.example"
OTHER_ALLOWED = "http://members.chamber.example:8080"
EVIL = "https://evil.example"
SECRET = "test-only-widget-secret"
REPO = Path(__file__).resolve().parent.parent
QUESTION = "How can a dairy save water?"

SITES = f"""
[sites.chamber]
name = "Test chamber"
greeting = "Hello from the test chamber"
starters = ["How can a dairy save water?"]
allowed_origins = ["{ALLOWED}"]
contact_url = "mailto:advisors@chamber.example"

[sites.dk-chamber]
name = "Danish members"
allowed_origins = ["{OTHER_ALLOWED}"]
style = "advisor"
[sites.dk-chamber.filters]
countries = ["DK"]

[sites.limited]
name = "Small quota"
allowed_origins = ["{ALLOWED}"]
rate_limit = "2/minute"
"""


def _settings(small_index, tmp_path_factory, **overrides) -> Settings:
    settings, _index = small_index
    state = tmp_path_factory.mktemp("web-state")
    sites = state / "sites.toml"
    sites.write_text(SITES, encoding="utf-8")
    values = {
        "database_url": f"sqlite:///{(state / 'c.sqlite3').as_posix()}",
        "sites_file": sites,
        "widget_token_secret": SECRET,
        "rate_limit_per_ip": "1000/minute",
    }
    return settings.model_copy(update={**values, **overrides})


@pytest.fixture(scope="module")
def web(small_index, embedder, tmp_path_factory) -> Iterator[tuple[str, Assistant]]:
    settings = _settings(small_index, tmp_path_factory)
    assistant = Assistant(settings)
    assistant.__dict__["embedder"] = embedder  # share the session's loaded model
    with serve(create_app(settings, assistant)) as url:
        yield url, assistant


@pytest.fixture(scope="module")
def api(web) -> str:
    return web[0]


def get_session(api: str, site: str = "chamber", origin: str | None = ALLOWED) -> httpx.Response:
    headers = {"origin": origin} if origin is not None else {}
    return httpx.post(
        f"{api}/v1/widget/session", params={"site": site}, headers=headers, timeout=10
    )


def token_for(api: str, site: str = "chamber", origin: str = ALLOWED) -> str:
    response = get_session(api, site, origin)
    assert response.status_code == 200, response.text
    return str(response.json()["token"])


def widget_chat(api: str, token: str | None, origin: str | None, body: object) -> httpx.Response:
    headers = {}
    if token is not None:
        headers["x-widget-token"] = token
    if origin is not None:
        headers["origin"] = origin
    return httpx.post(f"{api}/v1/widget/chat/stream", json=body, headers=headers, timeout=60)


def sse_events(response: httpx.Response) -> list[tuple[str, dict]]:
    events, name = [], None
    for line in response.text.splitlines():
        if line.startswith("event:"):
            name = line.split(":", 1)[1].strip()
        elif line.startswith("data:") and name:
            events.append((name, json.loads(line.split(":", 1)[1])))
            name = None
    return events


# -- sessions and the origin allowlist ---------------------------------------------------------


def test_allowed_origin_gets_a_short_lived_token_and_only_the_public_config(api):
    r = get_session(api)
    assert r.status_code == 200, r.text
    assert r.headers["access-control-allow-origin"] == ALLOWED
    assert "Origin" in r.headers["vary"]
    body = r.json()
    assert body["token"].startswith("v1.") and body["expires_in"] == 900
    config = body["config"]
    assert config["name"] == "Test chamber" and config["greeting"] == "Hello from the test chamber"
    assert config["contact_url"] == "mailto:advisors@chamber.example"
    assert "allowed_origins" not in config and "filters" not in config
    assert "rate_limit" not in config


def test_unlisted_origin_is_refused_with_a_reason_and_never_reflected(api):
    r = get_session(api, origin=EVIL)
    assert r.status_code == 403
    assert r.headers["content-type"].startswith("application/problem+json")
    assert "not allowed for site 'chamber'" in r.json()["detail"]
    assert r.headers.get("access-control-allow-origin") != EVIL
    assert "access-control-allow-credentials" not in r.headers
    # An origin listed by another site is still refused for this one.
    assert get_session(api, site="chamber", origin=OTHER_ALLOWED).status_code == 403


@pytest.mark.parametrize(
    ("origin", "reason"),
    [(None, "Origin (none) is not allowed"), ("null", "opaque origin")],
)
def test_missing_or_null_origin_gets_no_token(api, origin, reason):
    r = get_session(api, origin=origin)
    assert r.status_code == 403
    assert reason in r.json()["detail"]
    assert r.headers.get("access-control-allow-origin") != "null"


def test_unknown_site_is_a_404_problem(api):
    r = get_session(api, site="no-such-chamber")
    assert r.status_code == 404 and "no-such-chamber" in r.json()["detail"]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/v1/chat"),
        ("POST", "/v1/chat/stream"),
        ("POST", "/v1/widget/chat/stream"),
        ("POST", "/v1/feedback"),
        ("GET", "/v1/documents/sme-thresholds"),
    ],
)
def test_cross_origin_call_without_a_token_is_refused_before_the_handler(api, method, path):
    # The body is malformed: if the handler ran, the answer would be 422, not 403.
    r = httpx.request(
        method,
        api + path,
        content=b"{not json" if method == "POST" else None,
        headers={"origin": ALLOWED, "content-type": "text/plain"},
        timeout=10,
    )
    assert r.status_code == 403, r.text
    assert "need a widget session token" in r.json()["detail"]
    evil = httpx.request(method, api + path, headers={"origin": "null"}, timeout=10)
    assert evil.status_code == 403 and "null" in evil.json()["detail"]


def test_token_works_only_from_the_origin_it_was_issued_to(api):
    token = token_for(api)
    ok = widget_chat(api, token, ALLOWED, {"question": QUESTION})
    assert ok.status_code == 200, ok.text
    assert ok.headers["access-control-allow-origin"] == ALLOWED
    elsewhere = widget_chat(api, token, EVIL, {"question": QUESTION})
    assert elsewhere.status_code == 403
    assert f"issued to {ALLOWED}" in elsewhere.json()["detail"]
    assert "access-control-allow-origin" not in elsewhere.headers
    no_origin = widget_chat(api, token, None, {"question": QUESTION})
    assert no_origin.status_code == 403 and "no origin" in no_origin.json()["detail"]


def test_forged_tampered_and_expired_tokens_are_refused(api):
    forged = TokenSigner("another-secret", 900).issue("chamber", ALLOWED)
    good = token_for(api)
    head, payload, signature = good.split(".")
    tampered = f"{head}.{payload[:-2]}AA.{signature}"
    expired = TokenSigner(SECRET, 900).issue("chamber", ALLOWED, now=time.time() - 3600)
    for token, reason in [
        (forged, "signature is not valid"),
        (tampered, "signature is not valid"),
        (expired, "has expired"),
        ("garbage", "malformed"),
    ]:
        r = widget_chat(api, token, ALLOWED, {"question": QUESTION})
        assert r.status_code == 403, token
        assert reason in r.json()["detail"]


def test_a_widget_token_does_not_open_the_main_chat_endpoints(api):
    token = token_for(api)
    r = httpx.post(
        api + "/v1/chat",
        json={"question": QUESTION, "filters": {"countries": ["FR"]}},
        headers={"origin": ALLOWED, "x-widget-token": token},
        timeout=10,
    )
    assert r.status_code == 403 and "not open to the embedded widget" in r.json()["detail"]


def test_widget_chat_uses_the_sites_filters_and_style_and_refuses_client_filters(web):
    api, assistant = web
    token = token_for(api, site="dk-chamber", origin=OTHER_ALLOWED)
    r = widget_chat(
        api, token, OTHER_ALLOWED, {"question": "How do companies exchange residual heat?"}
    )
    assert r.status_code == 200, r.text
    done = next(data for name, data in sse_events(r) if name == "done")
    assert done["sources"] and {s["doc_id"] for s in done["sources"]} <= {"symbiosis-news"}
    assert done["style"] == "advisor"  # the site's default style
    # The site is stored with the conversation.
    engine = create_engine(assistant.settings.conversations_url)
    with engine.connect() as conn:
        site = conn.execute(
            text("SELECT site FROM conversations WHERE id = :id"), {"id": done["conversation_id"]}
        ).scalar_one()
    engine.dispose()
    assert site == "dk-chamber"
    sneaky = widget_chat(
        api, token, OTHER_ALLOWED, {"question": QUESTION, "filters": {"countries": ["EU"]}}
    )
    assert sneaky.status_code == 422


def test_preflight_is_answered_only_for_listed_origins(api):
    request_headers = {
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type, x-widget-token",
    }
    ok = httpx.options(
        api + "/v1/widget/chat/stream", headers={"origin": ALLOWED, **request_headers}, timeout=10
    )
    assert ok.status_code == 204
    assert ok.headers["access-control-allow-origin"] == ALLOWED
    assert "x-widget-token" in ok.headers["access-control-allow-headers"]
    assert "access-control-allow-credentials" not in ok.headers
    refused = httpx.options(
        api + "/v1/widget/chat/stream", headers={"origin": EVIL, **request_headers}, timeout=10
    )
    assert refused.status_code == 403
    assert "access-control-allow-origin" not in refused.headers


def test_same_origin_page_and_clients_without_origin_keep_working(api):
    same = httpx.post(
        api + "/v1/chat", json={"question": QUESTION}, headers={"origin": api}, timeout=60
    )
    assert same.status_code == 200, same.text
    plain = httpx.post(api + "/v1/chat", json={"question": QUESTION}, timeout=60)
    assert plain.status_code == 200
    assert "access-control-allow-origin" not in plain.headers


# -- headers and assets --------------------------------------------------------------------------


def test_our_pages_send_a_strict_content_security_policy(api):
    source = httpx.post(api + "/v1/chat", json={"question": QUESTION}, timeout=60).json()
    cited = source["sources"][0]
    pages = [
        httpx.get(api + "/", timeout=10),
        httpx.get(f"{api}/sources/{cited['doc_id']}", params={"chunk_id": cited["chunk_id"]}),
    ]
    for page in pages:
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        csp = page.headers["content-security-policy"]
        for directive in (
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self'",
            "frame-ancestors 'none'",
            "object-src 'none'",
            "base-uri 'none'",
        ):
            assert directive in csp
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert page.headers["x-content-type-options"] == "nosniff"
        assert page.headers["referrer-policy"] == "no-referrer"
    assert re.search(r"<mark id=\"cited\">", pages[1].text)


def test_widget_js_is_cacheable_javascript_that_loads_nothing_from_elsewhere(api):
    r = httpx.get(api + "/widget.js", timeout=10)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/javascript")
    assert "max-age" in r.headers["cache-control"]
    assert r.headers["cross-origin-resource-policy"] == "cross-origin"
    again = httpx.get(api + "/widget.js", headers={"if-none-match": r.headers["etag"]}, timeout=10)
    assert again.status_code == 304
    urls = set(re.findall(r"https?://[^\s\"'`)]+", r.text))
    assert urls <= {"http://www.w3.org/2000/svg"}, urls  # the SVG namespace, not a fetch
    assert "adoptedStyleSheets" in r.text and "innerHTML" not in r.text
    for part in ("/app.js", "/static/chat.css"):
        assert httpx.get(api + part, timeout=10).status_code == 200


# -- rate limits --------------------------------------------------------------------------------


def test_site_rate_limit_answers_429_with_a_retry_after_the_widget_can_read(api):
    token = token_for(api, site="limited")
    statuses = []
    for _ in range(3):
        r = widget_chat(api, token, ALLOWED, {"question": QUESTION})
        statuses.append(r.status_code)
    assert statuses == [200, 200, 429]
    assert 0 < int(r.headers["retry-after"]) <= 60
    assert r.headers["access-control-allow-origin"] == ALLOWED
    assert "Retry-After" in r.headers["access-control-expose-headers"]
    assert "on this website" in r.json()["detail"]
    # Another site is not affected.
    assert widget_chat(api, token_for(api), ALLOWED, {"question": QUESTION}).status_code == 200


def test_ip_rate_limit_answers_429_with_retry_after(small_index, tmp_path_factory):
    settings = _settings(small_index, tmp_path_factory, rate_limit_per_ip="3/minute")
    with serve(create_app(settings, warm=False)) as url:
        statuses = [get_session(url).status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
        last = get_session(url)
        assert last.status_code == 429 and int(last.headers["retry-after"]) >= 1
        assert "from your network address" in last.json()["detail"]
        # Pages and documents are not counted.
        assert httpx.get(url + "/", timeout=10).status_code == 200


# -- configuration ---------------------------------------------------------------------------


def test_the_built_in_demo_site_loads():
    sites = load_sites(None)
    demo = sites.get("demo-chamber")
    assert demo is not None and demo.allowed_origins
    assert all(o == normalise_origin(o) for o in demo.allowed_origins)


@pytest.mark.parametrize(
    ("origins", "message"),
    [
        ('["*"]', "is not an origin"),
        ('["null"]', "is not an origin"),
        ('["https://chamber.example/members"]', "has a path"),
        ('["https://*.chamber.example"]', "wildcards"),
        ('["ftp://chamber.example"]', "not an http(s) origin"),
    ],
)
def test_site_config_refuses_origins_that_are_not_exact(tmp_path, origins, message):
    file = tmp_path / "sites.toml"
    file.write_text(f'[sites.x]\nname = "X"\nallowed_origins = {origins}\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="site 'x'") as info:
        load_sites(file)
    assert message in str(info.value)


def test_origins_are_normalised_like_browsers_send_them():
    assert normalise_origin("HTTPS://Chamber.Example:443") == "https://chamber.example"
    assert normalise_origin("http://127.0.0.1:8080/") == "http://127.0.0.1:8080"


def test_bad_rate_limit_setting_names_the_key(tmp_path):
    settings = Settings(_env_file=None, data_dir=tmp_path, rate_limit_per_ip="lots")  # type: ignore[call-arg]
    with pytest.raises(ConfigError, match="rate_limit_per_ip"):
        create_app(settings, warm=False)


def test_no_machine_path_in_the_served_assets(api):
    for part in ("/", "/app.js", "/widget.js"):
        body = httpx.get(api + part, timeout=10).text
        assert str(Path.home()) not in body and str(REPO) not in body
