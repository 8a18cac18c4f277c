"""Rate limits kept in a real Redis (``redis_url``), as several uvicorn workers would share them.

Each "worker" is its own app object served by its own uvicorn on loopback; the Redis is a
``redis-server`` this module starts on 127.0.0.1 (Debian package ``redis-server``). The counted
request is ``POST /v1/widget/session``: it is rate limited like a chat but needs no model.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import httpx
import pytest
from live_server import free_port, refused_port, serve, server_process

from assistant.config import Settings
from assistant.errors import ConfigError
from assistant.main import create_app
from assistant.web.ratelimit import REDIS_TIMEOUT_S

pytestmark = pytest.mark.slow

ORIGIN = "https://chamber.example"
SITES = f"""
[sites.chamber]
name = "Test chamber"
allowed_origins = ["{ORIGIN}"]
"""


def redis_command(port: int, command: bytes) -> bytes:
    """Send one inline command to the test server and return its first reply line."""
    with socket.create_connection(("127.0.0.1", port), timeout=2) as sock:
        sock.sendall(command + b"\r\n")
        return sock.recv(1024).split(b"\r\n", 1)[0]


def _answers_ping(port: int) -> bool:
    try:
        return redis_command(port, b"PING") == b"+PONG"
    except OSError:
        return False


@pytest.fixture(scope="session")
def redis_port(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """A throw-away ``redis-server`` on loopback (no persistence), stopped after the session."""
    executable = shutil.which("redis-server")
    if executable is None:
        pytest.fail("redis-server is not installed: apt-get install -y redis-server")
    workdir = tmp_path_factory.mktemp("redis")
    port = free_port()
    command = [executable, "--port", str(port), "--bind", "127.0.0.1"]
    command += ["--save", "", "--appendonly", "no", "--dir", str(workdir)]
    with server_process(command, lambda: _answers_ping(port), workdir / "redis.log", timeout=30):
        yield port


@pytest.fixture
def redis_url(redis_port: int) -> str:
    """The test server, emptied first so that no earlier test's counters remain."""
    assert redis_command(redis_port, b"FLUSHALL") == b"+OK"
    return f"redis://127.0.0.1:{redis_port}/0"


def worker_settings(small_index, tmp_path: Path, name: str, **overrides: object) -> Settings:
    """Settings for one worker: its own conversation store, a sites file, a fixed secret."""
    settings, _index = small_index
    state = tmp_path / name
    state.mkdir()
    sites = state / "sites.toml"
    sites.write_text(SITES, encoding="utf-8")
    values = {
        "database_url": f"sqlite:///{(state / 'c.sqlite3').as_posix()}",
        "sites_file": sites,
        "widget_token_secret": "test-only-widget-secret",
    }
    return settings.model_copy(update={**values, **overrides})


def ask_session(base: str, source: str = "127.0.0.1", timeout: float = 10) -> httpx.Response:
    """``POST /v1/widget/session`` from the given loopback address (127.0.0.0/8 is all local)."""
    transport = httpx.HTTPTransport(local_address=source)
    with httpx.Client(transport=transport, timeout=timeout) as client:
        return client.post(
            f"{base}/v1/widget/session", params={"site": "chamber"}, headers={"origin": ORIGIN}
        )


@pytest.fixture
def two_workers(small_index, tmp_path) -> Iterator[Callable[..., tuple[str, str]]]:
    """Serve two separate apps built from settings; call it with the settings' overrides."""
    with ExitStack() as stack:

        def start(**overrides: object) -> tuple[str, str]:
            urls = []
            for name in ("worker-a", "worker-b"):
                settings = worker_settings(small_index, tmp_path, name, **overrides)
                urls.append(stack.enter_context(serve(create_app(settings, warm=False))))
            return urls[0], urls[1]

        yield start


def assert_is_429_problem(response: httpx.Response) -> None:
    assert response.status_code == 429, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert 1 <= int(response.headers["retry-after"]) <= 60
    body = response.json()
    assert body["status"] == 429 and body["retry_after"] == int(response.headers["retry-after"])
    assert "from your network address" in body["detail"]


# -- shared counters --------------------------------------------------------------------------


def test_two_workers_on_one_redis_share_one_per_ip_budget(two_workers, redis_url):
    a, b = two_workers(redis_url=redis_url, rate_limit_per_ip="3/minute")
    statuses = [ask_session(url).status_code for url in (a, b, a)]
    assert statuses == [200, 200, 200]
    # The budget of 3 is spent across both workers: each one now refuses this address.
    for url in (b, a):
        assert_is_429_problem(ask_session(url))
    # Another client address still has its own budget, on either worker.
    assert ask_session(b, source="127.0.0.2").status_code == 200


def test_two_workers_with_in_process_counters_each_have_their_own_budget(two_workers):
    a, b = two_workers(redis_url=None, rate_limit_per_ip="3/minute")
    statuses = [ask_session(url).status_code for url in (a, b, a, b, a, b)]
    assert statuses == [200] * 6  # 6 requests from one address, twice the budget
    assert_is_429_problem(ask_session(a))
    assert_is_429_problem(ask_session(b))


def test_a_new_worker_on_the_same_redis_inherits_the_spent_budget(small_index, tmp_path, redis_url):
    limits = {"redis_url": redis_url, "rate_limit_per_ip": "2/minute"}
    first = worker_settings(small_index, tmp_path, "first", **limits)
    with serve(create_app(first, warm=False)) as url:
        assert [ask_session(url).status_code for _ in range(2)] == [200, 200]
    # The first worker is gone (a restart, a redeploy): its counts are not.
    second = worker_settings(small_index, tmp_path, "second", **limits)
    with serve(create_app(second, warm=False)) as url:
        assert_is_429_problem(ask_session(url))


# -- a Redis that is missing, silent or misspelt ---------------------------------------------


@pytest.mark.parametrize(
    ("redis_url", "message"),
    [
        ("memory://", "is not a Redis URL"),
        ("http://cache.internal:6379", "is not a Redis URL"),
        ("127.0.0.1:6379", "is not a Redis URL"),
        ("redis://127.0.0.1:port/0", "cannot use"),
        ("redis://:s3cret-pass@[::1/0", "is not a valid URL"),
    ],
)
def test_a_malformed_redis_url_stops_start_up_with_a_message_naming_the_setting(
    tmp_path, redis_url, message
):
    settings = Settings(_env_file=None, data_dir=tmp_path, redis_url=redis_url)  # type: ignore[call-arg]
    with pytest.raises(ConfigError, match=r"^redis_url: ") as info:
        create_app(settings, warm=False)
    assert message in str(info.value)
    assert "redis://host:6379/0" in str(info.value)  # says what to write instead
    assert "s3cret-pass" not in str(info.value)


def assert_is_503_problem(response: httpx.Response) -> None:
    assert response.status_code == 503, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["title"] == "Rate limiting unavailable"
    assert "cannot reach the store that counts requests (Redis)" in body["detail"]


def test_an_unreachable_redis_answers_a_503_problem_and_logs_why(small_index, tmp_path, caplog):
    with refused_port() as closed:
        settings = worker_settings(
            small_index, tmp_path, "w", redis_url=f"redis://127.0.0.1:{closed}/0"
        )
        with serve(create_app(settings, warm=False)) as url:
            started = time.monotonic()
            response = ask_session(url)
            assert_is_503_problem(response)
            assert time.monotonic() - started < 10
            # Pages are not rate limited, so they do not need Redis.
            assert httpx.get(url + "/", timeout=10).status_code == 200
    logged = [r.getMessage() for r in caplog.records if r.name == "eco_advisor.web"]
    assert any("Redis (redis_url) did not answer" in m and "refused" in m for m in logged), logged


def test_a_redis_url_pointing_at_a_silent_server_gives_a_503_instead_of_hanging(
    small_index, tmp_path
):
    # Something listens on the port but never answers (a wrong service, a hung Redis).
    silent = socket.create_server(("127.0.0.1", 0))
    silent.settimeout(0.1)
    stop = threading.Event()
    accepted: list[socket.socket] = []

    def accept_and_hold() -> None:
        while not stop.is_set():
            try:
                accepted.append(silent.accept()[0])
            except TimeoutError:
                continue

    holder = threading.Thread(target=accept_and_hold, daemon=True)
    holder.start()
    port = silent.getsockname()[1]
    settings = worker_settings(small_index, tmp_path, "w", redis_url=f"redis://127.0.0.1:{port}/0")
    try:
        with serve(create_app(settings, warm=False)) as url:
            started = time.monotonic()
            assert_is_503_problem(ask_session(url, timeout=60))
            # one timeout, not a retried one: coredis's default retries made it 6 to 10 s
            assert time.monotonic() - started < 2 * REDIS_TIMEOUT_S + 2
    finally:
        stop.set()
        holder.join(timeout=5)
        silent.close()
        for conn in accepted:
            conn.close()
