"""The HTTP API, served for real on loopback over the session's small index."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from assistant.answering import AnswerEngine
from assistant.config import Settings
from assistant.main import create_app
from assistant.service import Assistant
from tests.live_server import serve


@pytest.fixture(scope="module")
def api(small_index, embedder, tmp_path_factory) -> Iterator[str]:
    settings, _index = small_index
    state = tmp_path_factory.mktemp("api-state")
    settings = settings.model_copy(
        update={
            "database_url": f"sqlite:///{(state / 'c.sqlite3').as_posix()}",
            # These tests are about the API, not the rate limiter (tests/test_web_security.py).
            "rate_limit_per_ip": "1000/minute",
        }
    )
    assistant = Assistant(settings)
    assistant.__dict__["embedder"] = embedder  # share the session's loaded model (cached_property)
    with serve(create_app(settings, assistant)) as url:
        yield url


def post(url: str, path: str, body: object, **kw) -> httpx.Response:
    return httpx.post(url + path, json=body, timeout=60, **kw)


def test_chat_answers_with_markers_that_point_into_its_sources(api):
    r = post(
        api, "/v1/chat", {"question": "What is the staff headcount limit of a small enterprise?"}
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert not body["declined"]
    assert body["sources"], body
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", body["answer"])}
    assert markers and markers <= {s["number"] for s in body["sources"]}
    first = body["sources"][0]
    assert first["doc_id"] == "sme-thresholds"
    assert first["source"] == "sme-thresholds.md"
    assert first["title"] and first["text"] and first["source_url"]
    assert "< 50" in body["answer"] or "50" in body["answer"]
    assert body["conversation_id"] and body["timing"]["total_ms"] > 0


def test_out_of_scope_question_is_declined_in_a_field(api):
    r = post(api, "/v1/chat", {"question": "Who won the football world cup in 1998?"})
    assert r.status_code == 200
    assert r.json()["declined"] is True
    assert "do not cover" in r.json()["answer"]


def test_follow_up_in_the_same_conversation_uses_its_topic(api):
    first = post(api, "/v1/chat", {"question": "How can a dairy save water?"}).json()
    second = post(
        api,
        "/v1/chat",
        {
            "question": "And what about reusing rinse water?",
            "conversation_id": first["conversation_id"],
        },
    )
    assert second.status_code == 200
    assert second.json()["conversation_id"] == first["conversation_id"]
    assert any(s["doc_id"] == "water-saving" for s in second.json()["sources"])


@pytest.mark.parametrize("question", ["Water? How can a dairy save it?", "EMAS? What is it?"])
def test_a_one_word_sentence_before_the_question_is_answered_not_a_500(api, question):
    r = post(api, "/v1/chat", {"question": question})
    assert r.status_code == 200, r.text
    assert r.json()["answer"], r.json()


class _BrokenEngine(AnswerEngine):
    """Faked on purpose: an engine with a bug, which the real engines should not have, to see
    what the user gets when one does."""

    name = "broken"

    def answer(self, question, hits, *, style="sme", history=()):
        raise RuntimeError("bug in /srv/eco-advisor/engine.py near passage text")


def test_an_unexpected_error_is_a_500_problem_that_leaks_nothing(small_index, embedder, tmp_path):
    settings = small_index[0].model_copy(
        update={"database_url": f"sqlite:///{(tmp_path / 'c.sqlite3').as_posix()}"}
    )
    assistant = Assistant(settings)
    assistant.__dict__["embedder"] = embedder
    assistant.__dict__["engine"] = _BrokenEngine()
    with serve(create_app(settings, assistant)) as url:
        r = post(url, "/v1/chat", {"question": "How can a dairy save water?"})
    assert r.status_code == 500
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["title"] == "Internal error"
    assert "/srv" not in r.text and "passage" not in r.text


def test_unknown_conversation_is_a_404_problem(api):
    r = post(api, "/v1/chat", {"question": "hello there", "conversation_id": "doesnotexist123"})
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("application/problem+json")
    assert "Unknown conversation" in r.json()["detail"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "question"),
        ({"question": "   "}, "question"),
        ({"question": "ok?", "style": "poem"}, "style"),
        ({"question": "ok?", "filters": {"colour": ["red"]}}, "filters"),
        ({"question": "ok?", "conversation_id": "../../etc"}, "conversation_id"),
    ],
)
def test_malformed_requests_get_422_naming_the_field(api, body, field):
    r = post(api, "/v1/chat", body)
    assert r.status_code == 422
    problem = r.json()
    assert problem["status"] == 422 and field in problem["detail"]


def test_oversized_body_and_question_get_413_with_a_reason(api):
    big = post(api, "/v1/chat", {"question": "x" * 70_000})
    assert big.status_code == 413 and "larger than" in big.json()["detail"]
    long_question = post(api, "/v1/chat", {"question": "why " * 600})
    assert long_question.status_code == 413 and "limit is 2000" in long_question.json()["detail"]


def test_non_json_body_is_a_4xx_not_a_crash(api):
    r = httpx.post(
        api + "/v1/chat", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert r.status_code == 422


def test_filters_restrict_the_sources(api):
    r = post(
        api,
        "/v1/chat",
        {"question": "How do companies exchange residual heat?", "filters": {"countries": ["DK"]}},
    )
    assert r.status_code == 200
    assert {s["doc_id"] for s in r.json()["sources"]} <= {"symbiosis-news"}


def _sse(response: httpx.Response) -> list[tuple[str, dict]]:
    events, name = [], None
    for line in response.iter_lines():
        if line.startswith("event:"):
            name = line.split(":", 1)[1].strip()
        elif line.startswith("data:") and name:
            events.append((name, json.loads(line.split(":", 1)[1])))
            name = None
    return events


def test_stream_sends_sources_first_then_answer_then_done(api):
    with httpx.stream(
        "POST",
        api + "/v1/chat/stream",
        json={"question": "How can a dairy save water?"},
        timeout=60,
    ) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        events = _sse(response)
    names = [n for n, _ in events]
    assert names[0] == "start" and names[-1] == "done" and "delta" in names
    assert events[0][1]["retrieved"]
    streamed = "".join(d["text"] for n, d in events if n == "delta")
    assert streamed == events[-1][1]["answer"]


def test_stream_errors_before_start_are_problem_responses(tmp_path):
    settings = Settings(_env_file=None, data_dir=tmp_path / "empty")  # type: ignore[call-arg]
    with serve(create_app(settings, warm=False)) as url:
        r = httpx.post(url + "/v1/chat/stream", json={"question": "anything?"}, timeout=60)
        assert r.status_code == 503
        assert "ingest" in r.json()["detail"]


def test_empty_index_gives_503_saying_to_run_ingestion(tmp_path):
    settings = Settings(_env_file=None, data_dir=tmp_path / "empty")  # type: ignore[call-arg]
    with serve(create_app(settings, warm=False)) as url:
        chat = httpx.post(url + "/v1/chat", json={"question": "What is EMAS?"}, timeout=60)
        ready = httpx.get(url + "/readyz", timeout=10)
        live = httpx.get(url + "/healthz", timeout=10)
    assert chat.status_code == 503 and "eco-advisor ingest" in chat.json()["detail"]
    assert ready.status_code == 503
    assert live.status_code == 200


def test_readiness_reports_the_index(api):
    r = httpx.get(api + "/readyz", timeout=10)
    assert r.status_code == 200
    assert r.json()["documents"] == 4 and r.json()["embedder"] == "minilm"


def test_document_endpoint_shows_the_cited_passage_in_its_page(api):
    answer = post(
        api, "/v1/chat", {"question": "How long is the payback of fixing air leaks?"}
    ).json()
    pdf_sources = [s for s in answer["sources"] if s["doc_id"] == "energy-audit-report"]
    assert pdf_sources, answer
    src = pdf_sources[0]
    meta = httpx.get(f"{api}/v1/documents/energy-audit-report", timeout=10).json()
    assert meta["pages"] == [1, 2, 3] and meta["title"]
    part = httpx.get(
        f"{api}/v1/documents/energy-audit-report/part",
        params={"chunk_id": src["chunk_id"]},
        timeout=10,
    ).json()
    assert part["page"] == src["page"]
    start, end = part["highlight"]
    assert part["text"][start:end].strip() in src["text"]


def test_document_part_by_section(api):
    r = httpx.get(
        f"{api}/v1/documents/sme-thresholds/part",
        params={"section": "SME size thresholds (test fixture) > Thresholds"},
        timeout=10,
    )
    assert r.status_code == 200 and "Medium-sized" in r.json()["text"]
    missing = httpx.get(f"{api}/v1/documents/no-such-doc", timeout=10)
    assert missing.status_code == 404


def test_feedback_is_stored_with_the_answer(api):
    answer = post(api, "/v1/chat", {"question": "How can a dairy save water?"}).json()
    ok = post(
        api,
        "/v1/feedback",
        {"message_id": answer["message_id"], "rating": -1, "comment": "too short"},
    )
    assert ok.status_code == 204
    bad = post(api, "/v1/feedback", {"message_id": 999999, "rating": 1})
    assert bad.status_code == 404
    wrong = post(api, "/v1/feedback", {"message_id": answer["message_id"], "rating": 5})
    assert wrong.status_code == 422


def test_official_openai_client_works_against_the_compatible_endpoint(api):
    from openai import OpenAI

    client = OpenAI(base_url=api + "/v1", api_key="not-needed", max_retries=0)
    completion = client.chat.completions.create(
        model="eco-advisor",
        messages=[
            {"role": "system", "content": "You are helpful."},
            {"role": "user", "content": "What is the staff headcount limit of a micro enterprise?"},
        ],
    )
    text = completion.choices[0].message.content
    assert text and "[1]" in text
    citations = completion.model_extra["citations"]
    assert citations[0]["doc_id"] == "sme-thresholds"

    stream = client.chat.completions.create(
        model="eco-advisor",
        messages=[{"role": "user", "content": "How can a dairy save water?"}],
        stream=True,
    )
    parts, last = [], None
    for chunk in stream:
        if chunk.choices and chunk.choices[0].delta.content:
            parts.append(chunk.choices[0].delta.content)
        last = chunk
    assert "".join(parts)
    assert last is not None and last.choices[0].finish_reason == "stop"
    assert last.model_extra["citations"]


def test_openai_endpoint_refuses_a_conversation_not_ending_with_a_user_message(api):
    r = post(
        api,
        "/v1/chat/completions",
        {"model": "x", "messages": [{"role": "assistant", "content": "hi"}]},
    )
    assert r.status_code == 400


def test_openapi_document_lists_the_routes(api):
    spec = httpx.get(api + "/openapi.json", timeout=10).json()
    for path in ("/v1/chat", "/v1/chat/stream", "/v1/chat/completions", "/v1/documents/{doc_id}"):
        assert path in spec["paths"]


def test_no_machine_path_leaks_into_responses(api):
    body = post(api, "/v1/chat", {"question": "How can a dairy save water?"}).text
    assert str(Path.home()) not in body and "/tmp/" not in body
