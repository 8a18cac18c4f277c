"""Service latency benchmark: /v1/chat p50/p95 over HTTP, time to first streamed event, RSS.

Runs the real service (``eco-advisor serve``) as a subprocess on 127.0.0.1 over an index of the
sample corpus, sends the gold set's questions one at a time (bounded count), and writes medians
and percentiles to ``evals/reports/bench_service.{json,md}``. Speed lives here, not in tests.

    python -m evals.bench_service [--requests 200] [--data-dir DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "evals" / "reports"
TARGETS = {"answer_p95_ms": 250.0, "first_event_p95_ms": 100.0, "service_rss_mb": 1024.0}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _questions(limit: int) -> list[str]:
    path = ROOT / "evals" / "datasets" / "gold.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    questions = [r["question"] for r in rows if r.get("turn", 1) == 1]
    return (questions * (limit // max(1, len(questions)) + 1))[:limit]


def _fresh(asked: list[str], count: int) -> list[str]:
    """Questions the service has not seen: gold questions not asked yet, else reworded ones."""
    pool = _questions(10_000)
    seen = set(asked)
    fresh = [q for q in dict.fromkeys(pool) if q not in seen][:count]
    fresh += [f"Please tell me: {q}" for q in asked[: count - len(fresh)]]
    return fresh


def _rss_mb(pid: int) -> tuple[float, float]:
    """Current and peak resident set size of a process, from /proc (Linux)."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0]) / 1024
    return values.get("VmRSS", 0.0), values.get("VmHWM", 0.0)


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def run(requests: int, data_dir: Path) -> dict[str, Any]:
    cli = str(Path(sys.executable).with_name("eco-advisor"))
    env = {
        **os.environ,
        "ECO_ADVISOR_DATA_DIR": str(data_dir),
        "HF_HUB_OFFLINE": "1",
        # One client sends every request: measure latency, not the per-IP rate limiter.
        "ECO_ADVISOR_RATE_LIMIT_PER_IP": "100000/minute",
    }
    subprocess.run(
        [cli, "ingest", str(ROOT / "corpus"), "-q"], env=env, check=False, capture_output=True
    )
    port = _free_port()
    server = subprocess.Popen(
        [cli, "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                if httpx.get(url + "/readyz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError("service did not become ready")
            time.sleep(0.5)
        questions = _questions(requests)
        with httpx.Client(base_url=url, timeout=30) as client:
            for q in questions[:5]:  # warm-up, not measured
                client.post("/v1/chat", json={"question": q})
            answer_ms: list[float] = []
            for q in questions:
                started = time.perf_counter()
                response = client.post("/v1/chat", json={"question": q})
                answer_ms.append((time.perf_counter() - started) * 1000)
                response.raise_for_status()
            first_ms: list[float] = []
            total_stream_ms: list[float] = []
            # questions not asked yet: the service caches question vectors and passage units
            for q in _fresh(questions, max(20, requests // 4)):
                started = time.perf_counter()
                first = None
                with client.stream("POST", "/v1/chat/stream", json={"question": q}) as response:
                    for line in response.iter_lines():
                        if first is None and line.startswith("event:"):
                            first = (time.perf_counter() - started) * 1000
                total_stream_ms.append((time.perf_counter() - started) * 1000)
                first_ms.append(first if first is not None else float("nan"))
        rss, peak = _rss_mb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {
        "requests": len(answer_ms),
        "chat_p50_ms": round(statistics.median(answer_ms), 1),
        "chat_p95_ms": round(_pct(answer_ms, 0.95), 1),
        "first_event_p50_ms": round(statistics.median(first_ms), 1),
        "first_event_p95_ms": round(_pct(first_ms, 0.95), 1),
        "stream_total_p50_ms": round(statistics.median(total_stream_ms), 1),
        "service_rss_mb": round(rss, 1),
        "service_peak_rss_mb": round(peak, 1),
        "cpu_count": os.cpu_count(),
    }


def write_report(result: dict[str, Any]) -> None:
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / "bench_service.json").write_text(json.dumps(result, indent=2) + "\n")
    rows = [
        ("/v1/chat p50", f"{result['chat_p50_ms']} ms", ""),
        ("/v1/chat p95", f"{result['chat_p95_ms']} ms", "<= 250 ms"),
        ("first streamed event p50", f"{result['first_event_p50_ms']} ms", ""),
        ("first streamed event p95", f"{result['first_event_p95_ms']} ms", "<= 100 ms"),
        ("whole stream p50", f"{result['stream_total_p50_ms']} ms", ""),
        ("service RSS after the run", f"{result['service_rss_mb']} MB", "< 1024 MB"),
        ("service peak RSS", f"{result['service_peak_rss_mb']} MB", ""),
    ]
    lines = [
        "# Service latency benchmark",
        "",
        f"Extractive engine, sample corpus, {result['requests']} sequential requests over HTTP on "
        f"127.0.0.1, {result['cpu_count']} CPUs. Generated by `python -m evals.bench_service`.",
        "",
        "| measure | value | target |",
        "|---|---|---|",
        *[f"| {a} | {b} | {c} |" for a, b, c in rows],
        "",
    ]
    (REPORTS / "bench_service.md").write_text("\n".join(lines))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200, help="measured /v1/chat requests")
    parser.add_argument(
        "--data-dir", type=Path, default=None, help="reuse an index (default: temp)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        result = run(args.requests, args.data_dir or Path(tmp))
    write_report(result)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
