"""The web chat and the chamber widget in a real headless Chromium (Debian's), on loopback.

Four loopback origins: the app (A), a chamber site embedding the widget with one script tag (B,
allowed), another site that is not allowed (C), and a canary that counts any request (D): Markdown
image exfiltration in a document must never reach it. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from assistant.answering import Answer, AnswerEngine, Turn, get_engine, register_engine
from assistant.config import Settings
from assistant.main import create_app
from assistant.retrieval import Hit
from assistant.service import Assistant
from ingestion.indexing import Ingestor
from ingestion.store import Index
from tests.live_server import refused_port, serve

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(
        "Debian's chromium is not installed (apt-get install -y chromium chromium-driver)",
        allow_module_level=True,
    )

from playwright.sync_api import Browser, Page, expect, sync_playwright  # noqa: E402

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
]
XSS_QUESTION = "How does composting coffee grounds cut canteen waste?"
WATER_QUESTION = "How can a dairy save water?"
TIMEOUT_MS = 30_000


# -- an engine that streams like a language model -------------------------------------------------


class PacedExtractive(AnswerEngine):
    """The extractive engine's real answers, streamed a few words at a time, as an LLM would."""

    name = "paced-extractive"

    def __init__(self, inner: AnswerEngine) -> None:
        self.inner = inner

    def answer(
        self,
        question: str,
        hits: Sequence[Hit],
        *,
        style: str = "sme",
        history: Sequence[Turn] = (),
    ) -> Answer:
        return self.inner.answer(question, hits, style=style, history=history)

    def stream(
        self,
        question: str,
        hits: Sequence[Hit],
        *,
        style: str = "sme",
        history: Sequence[Turn] = (),
    ) -> Iterator[str | Answer]:
        result = self.answer(question, hits, style=style, history=history)
        pieces = re.split(r"(?<=\s)", result.text)
        for start in range(0, len(pieces), 8):
            time.sleep(0.04)
            yield "".join(pieces[start : start + 8])
        yield result


register_engine(
    "paced-extractive",
    lambda _spec, settings, embedder: PacedExtractive(get_engine("extractive", settings, embedder)),
)


# -- loopback servers: chamber sites and a canary ---------------------------------------------


class _Site(ThreadingHTTPServer):
    pages: dict[str, tuple[str, str, dict[str, str]]]
    hits: list[str]


class _Handler(BaseHTTPRequestHandler):
    server: _Site

    def do_GET(self) -> None:
        self.server.hits.append(self.path)
        body, ctype, headers = self.server.pages.get(self.path, ("not found", "text/plain", {}))
        self.send_response(200 if self.path in self.server.pages else 404)
        self.send_header("content-type", ctype)
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body.encode("utf-8"))

    def log_message(self, *args: Any) -> None:
        pass


def _start(pages: dict[str, tuple[str, str, dict[str, str]]]) -> tuple[_Site, str]:
    server = _Site(("127.0.0.1", 0), _Handler)
    server.pages, server.hits = pages, []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def chamber_pages(app: str) -> dict[str, tuple[str, str, dict[str, str]]]:
    tag = f'<script src="{app}/widget.js" data-site="chamber" async></script>'
    strict_csp = (
        f"default-src 'none'; script-src {app}; connect-src {app}; img-src {app}; style-src 'self'"
    )
    html = "text/html; charset=utf-8"
    return {
        "/widget.html": (
            f"<!doctype html><title>Chamber</title><h1>Members' corner</h1>{tag}",
            html,
            {},
        ),
        "/strict.html": (
            "<!doctype html><html lang=en><head><title>Strict chamber</title>"
            '<link rel="stylesheet" href="/aggressive.css"></head><body>'
            "<h1>Chamber with a strict CSP</h1>"
            # One deliberate inline style: proves the page's CSP is enforced and reported.
            '<p style="color: blue">Our members page</p>'
            f"{tag}</body></html>",
            html,
            {"content-security-policy": strict_csp},
        ),
        "/aggressive.css": (
            "* { all: unset; font-size: 40px !important; color: red !important; display: block }",
            "text/css",
            {},
        ),
        "/inline.html": (
            "<!doctype html><title>Inline</title><h1>Ask us</h1><div id=advisor></div>"
            f'<script src="{app}/widget.js" data-site="limited" data-target="#advisor" async>'
            "</script>",
            html,
            {},
        ),
    }


# -- fixtures -------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def canary() -> Iterator[tuple[_Site, str]]:
    server, url = _start({})
    yield server, url
    server.shutdown()


@pytest.fixture(scope="module")
def web(tmp_path_factory, fixture_corpus, embedder, canary) -> Iterator[dict[str, Any]]:
    """The app over the fixture corpus plus one hostile document, and the chamber origins."""
    root = tmp_path_factory.mktemp("browser")
    hostile = root / "hostile"
    hostile.mkdir()
    (hostile / "untrusted-note.md").write_text(hostile_document(canary[1]), encoding="utf-8")
    data = root / "data"
    base = Settings(_env_file=None, data_dir=data)  # type: ignore[call-arg]
    summary = Ingestor(base, Index(base), embedder_factory=lambda: embedder).run(
        [fixture_corpus, hostile]
    )
    assert not summary.skipped, summary.skipped

    # The app's port is held while the two sites bind theirs, so neither can be handed it.
    with refused_port() as app_port:
        app = f"http://127.0.0.1:{app_port}"
        chamber, chamber_url = _start(chamber_pages(app))
        elsewhere, elsewhere_url = _start(chamber_pages(app))
    sites = root / "sites.toml"
    sites.write_text(
        f"""
[sites.chamber]
name = "Test Chamber of Commerce"
greeting = "Welcome, member! Ask about eco-innovation."
starters = ["{WATER_QUESTION}"]
logo = "/static/demo-chamber.svg"
language = "en"
contact_url = "mailto:advisors@chamber.example"
allowed_origins = ["{chamber_url}"]
[sites.chamber.colours]
primary = "#0b4f8a"

[sites.limited]
name = "Chambre test"
language = "fr"
rate_limit = "2/minute"
allowed_origins = ["{chamber_url}"]
""",
        encoding="utf-8",
    )
    settings = base.model_copy(
        update={
            "answer_engine": "paced-extractive",
            "database_url": f"sqlite:///{(root / 'c.sqlite3').as_posix()}",
            "sites_file": sites,
            "widget_token_secret": "test-only-browser-secret",
            "rate_limit_per_ip": "1000/minute",
        }
    )
    assistant = Assistant(settings)
    assistant.__dict__["embedder"] = embedder
    with serve(create_app(settings, assistant), port=app_port):
        yield {
            "app": app,
            "chamber": chamber_url,
            "elsewhere": elsewhere_url,
            "assistant": assistant,
            "canary": canary[0],
        }
    chamber.shutdown()
    elsewhere.shutdown()


def hostile_document(canary_url: str) -> str:
    return f"""---
id: untrusted-note
title: Composting note <script>window.pwned=1</script>
publisher: <img src=x onerror="window.pwned=1">
source_url: javascript:window.pwned=1
reviewed: 2026-01-01
---
# Composting coffee grounds <img src=x onerror=window.pwned=1>

Composting coffee grounds cuts canteen waste <script>window.pwned=1</script> by a third.

Composting coffee grounds works best with <img src=x onerror="window.pwned=1"> shredded cardboard.

Composting coffee grounds is explained in [the guide](javascript:window.pwned=1) for canteens.

Composting coffee grounds needs no machine ![x]({canary_url}/leak.png) in a canteen.
"""


VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(
  {directive: e.violatedDirective, blocked: e.blockedURI, source: e.sourceFile}));
"""


@pytest.fixture
def page(browser: Browser, request) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1100, "height": 800}, locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(VIOLATIONS)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    yield tab
    context.close()
    assert not errors, errors


def screenshot(page: Page, name: str, record_property) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path))
    record_property(f"screenshot:{name}", str(path.relative_to(ARTIFACTS.parent)))


def ask(page: Page, question: str) -> None:
    box = page.get_by_role("textbox", name=re.compile("Your question|Votre question"))
    box.fill(question)
    box.press("Enter")


def last_answer(page: Page):
    return page.locator("article.eco-msg--bot").last


def wait_answer(page: Page):
    answer = last_answer(page)
    expect(answer).to_have_attribute("aria-busy", "false")
    return answer


# -- the web chat -------------------------------------------------------------------------------


def test_page_shows_greeting_starters_and_a_thinking_state_then_streams_the_answer(
    page, web, record_property
):
    page.goto(web["app"] + "/")
    expect(page.get_by_role("heading", name="eco-advisor", level=1)).to_be_visible()
    expect(page.get_by_text("Every answer cites its sources")).to_be_visible()
    starter = page.get_by_role("button", name="How can a small company save water?")
    expect(starter).to_be_visible()
    held = []
    page.route("**/v1/chat/stream", lambda route: held.append(route))
    # Record what the answer looked like at every change, to see text arrive before the end.
    page.evaluate(
        """() => { window.__renders = [];
        new MutationObserver(() => { const a = document.querySelector("article.eco-msg--bot");
          if (a) window.__renders.push([a.getAttribute("aria-busy"),
            a.querySelector(".eco-answer").textContent.length]); })
        .observe(document.body, {subtree: true, childList: true, characterData: true}); }"""
    )
    starter.click()
    thinking = last_answer(page)
    expect(thinking).to_have_attribute("aria-busy", "true")
    expect(thinking.get_by_text("Thinking…")).to_be_visible()
    expect(page.get_by_role("status")).to_have_text("Thinking…")
    screenshot(page, "page-thinking", record_property)
    assert len(held) == 1
    held[0].continue_()
    page.unroute("**/v1/chat/stream")
    answer = wait_answer(page)
    renders = page.evaluate("window.__renders")
    final = max(length for _, length in renders)
    partial = [n for busy, n in renders if busy == "true" and 0 < n < final]
    assert partial, renders  # some text was shown while the answer was still streaming
    expect(answer.locator("a.eco-cite").first).to_have_text("[1]")
    screenshot(page, "page-answer", record_property)


def test_citations_link_to_the_source_shown_in_context_with_the_passage_highlighted(
    page, web, record_property
):
    page.goto(web["app"] + "/")
    ask(page, "What is the staff headcount limit of a small enterprise?")
    answer = wait_answer(page)
    cite = answer.locator("a.eco-cite").first
    assert "/sources/sme-thresholds?chunk_id=" in cite.get_attribute("href")
    expect(cite).to_have_attribute("aria-label", re.compile(r"Source 1: SME size thresholds"))
    source = answer.locator("li.eco-source").first
    expect(source).to_contain_text("SME size thresholds (test fixture)")
    expect(source).to_contain_text("Test fixture")  # publisher
    expect(source).to_contain_text("reviewed 2026-11-23")
    expect(source).to_contain_text("Thresholds")  # section
    # ... once: the section path's leading title is the title shown beside it
    expect(source.locator(".eco-source-meta")).to_have_text(
        "Test fixture · Thresholds · reviewed 2026-11-23"
    )
    cite.click()
    panel = page.get_by_role("dialog", name="SME size thresholds (test fixture)")
    expect(panel).to_be_visible()
    mark = panel.locator("mark")
    expect(mark).to_contain_text("Small")
    expect(mark).to_be_in_viewport()
    expect(panel.get_by_role("link", name="Open the original")).to_have_attribute(
        "href", "https://example.org/fixture/sme"
    )
    screenshot(page, "page-source-panel", record_property)
    # The same passage as a page of its own (for a new tab, or without script).
    with page.context.expect_page() as popup:
        panel.get_by_role("link", name="Open in a new tab").click()
    tab = popup.value
    tab.wait_for_load_state()
    expect(tab.locator("mark#cited")).to_contain_text("Small")
    expect(tab.get_by_role("heading", level=1)).to_have_text("SME size thresholds (test fixture)")
    tab.close()


def test_advisor_draft_copies_and_downloads_as_markdown_with_its_citations(page, web):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=web["app"])
    page.goto(web["app"] + "/")
    page.get_by_role("radio", name="Advisor draft").check()
    ask(page, WATER_QUESTION)
    answer = wait_answer(page)
    expect(answer.get_by_role("heading", name="Sources")).to_have_count(2)  # answer's + list
    answer.get_by_role("button", name="Copy as Markdown").click()
    expect(page.get_by_role("status")).to_have_text("Copied to the clipboard.")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert "## Sources" in copied and "[1]" in copied and "Water saving" in copied
    with page.expect_download() as download:
        answer.get_by_role("button", name="Download").click()
    assert download.value.suggested_filename == "eco-advisor-draft.md"
    assert Path(download.value.path()).read_text(encoding="utf-8") == copied


def test_thumbs_and_comment_are_stored_with_the_answer(page, web):
    page.goto(web["app"] + "/")
    ask(page, WATER_QUESTION)
    answer = wait_answer(page)
    message_id = int(answer.get_attribute("data-message-id"))
    answer.get_by_role("button", name="Not helpful").click()
    expect(answer.get_by_role("button", name="Not helpful")).to_have_attribute(
        "aria-pressed", "true"
    )
    answer.get_by_role("textbox", name="Comment (optional)").fill("Please mention costs.")
    answer.get_by_role("button", name="Send comment").click()
    expect(answer.get_by_text("Thank you for your feedback.")).to_be_visible()
    store = web["assistant"].conversations
    deadline = time.monotonic() + 5
    while len(store.feedback_for(message_id)) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert store.feedback_for(message_id) == [(-1, None), (-1, "Please mention costs.")]


def test_the_chat_works_with_the_keyboard_alone(page, web):
    page.goto(web["app"] + "/")
    question = page.get_by_role("textbox", name="Your question")
    expect(question).to_be_focused()
    # To the style switch and back, with keys only.
    page.keyboard.press("Shift+Tab")
    for _ in range(12):
        if page.evaluate("document.activeElement.type") == "radio":
            break
        page.keyboard.press("Shift+Tab")
    page.keyboard.press("ArrowRight")
    expect(page.get_by_role("radio", name="Advisor draft")).to_be_checked()
    page.keyboard.press("ArrowLeft")
    expect(page.get_by_role("radio", name="Short answer")).to_be_checked()
    question.focus()
    page.keyboard.type(WATER_QUESTION)
    page.keyboard.press("Enter")
    wait_answer(page)
    # Backwards from the input to the first citation, open it with Enter, close with Escape.
    for _ in range(30):
        page.keyboard.press("Shift+Tab")
        if page.evaluate("document.activeElement.classList.contains('eco-cite')"):
            break
    else:
        pytest.fail("no citation link is reachable with Tab")
    page.keyboard.press("Enter")
    panel = page.locator(".eco-panel")
    expect(panel).to_be_visible()
    expect(panel.locator(".eco-panel-title")).to_be_focused()
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    assert page.evaluate("document.activeElement.classList.contains('eco-cite')")
    # Every control has an accessible name.
    unnamed = page.evaluate(
        """() => [...document.querySelectorAll("button, input, textarea, a")]
        .filter(el => !(el.getAttribute("aria-label") || el.textContent.trim() ||
                        (el.labels && el.labels.length)))
        .map(el => el.outerHTML.slice(0, 80))"""
    )
    assert unnamed == []
    expect(page.get_by_role("log", name="Conversation")).to_be_visible()


def test_the_chat_is_usable_on_a_phone_sized_screen(browser, web, record_property):
    context = browser.new_context(viewport={"width": 375, "height": 667}, is_mobile=True)
    try:
        phone = context.new_page()
        phone.goto(web["app"] + "/")
        ask(phone, WATER_QUESTION)
        answer = wait_answer(phone)
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"page scrolls sideways: {width}px"
        expect(phone.get_by_role("button", name="Send")).to_be_in_viewport()
        screenshot(phone, "phone-answer", record_property)
        answer.locator("a.eco-cite").first.click()
        panel = phone.locator(".eco-panel")
        expect(panel.locator("mark")).to_be_visible()
        box = panel.bounding_box()
        assert box is not None and box["width"] >= 370  # the source covers the small screen
        screenshot(phone, "phone-source", record_property)
        panel.get_by_role("button", name="Close").click()
        expect(panel).to_be_hidden()
    finally:
        context.close()


# -- the chamber widget ---------------------------------------------------------------------


def open_widget(page: Page):
    launcher = page.get_by_role("button", name="Ask our eco-innovation advisor")
    launcher.click()
    expect(launcher).to_have_attribute("aria-expanded", "true")
    return page.locator("[data-eco-advisor]")


def test_widget_on_a_chamber_site_answers_with_citations(page, web, record_property):
    page.goto(web["chamber"] + "/widget.html")
    widget = open_widget(page)
    expect(widget.get_by_role("heading", name="Test Chamber of Commerce")).to_be_visible()
    expect(widget.get_by_text("Welcome, member!")).to_be_visible()
    expect(widget.get_by_role("link", name="Talk to an advisor")).to_have_attribute(
        "href", "mailto:advisors@chamber.example"
    )
    widget.get_by_role("button", name=WATER_QUESTION).click()
    answer = wait_answer(page)
    expect(answer.locator("li.eco-source")).not_to_have_count(0)
    screenshot(page, "widget-answer", record_property)
    answer.locator("a.eco-cite").first.click()
    panel = widget.locator(".eco-panel")
    expect(panel.locator("mark")).to_contain_text("leak")
    expect(panel.get_by_role("link", name="Open in a new tab")).to_have_attribute(
        "href", re.compile("^" + re.escape(web["app"] + "/sources/water-saving?chunk_id="))
    )
    screenshot(page, "widget-source", record_property)
    # Escape closes the source, then the panel; focus returns to the launcher.
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    page.keyboard.press("Escape")
    expect(page.get_by_role("button", name="Ask our eco-innovation advisor")).to_be_focused()
    assert web["assistant"].conversations is not None


def test_widget_works_under_a_strict_host_csp_and_aggressive_css(page, web, record_property):
    page.goto(web["chamber"] + "/strict.html")
    # The host's CSS applies to the host page...
    assert page.evaluate("getComputedStyle(document.querySelector('h1')).color") == "rgb(255, 0, 0)"
    widget = open_widget(page)
    box = widget.get_by_role("textbox", name="Your question")
    expect(box).to_be_visible()
    # ...but not inside the widget.
    style = box.evaluate("el => [getComputedStyle(el).fontSize, getComputedStyle(el).color]")
    assert style[0] == "15px" and style[1] != "rgb(255, 0, 0)", style
    header = widget.locator(".eco-head")
    assert header.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(11, 79, 138)"
    expect(widget.locator("img.eco-logo")).to_be_visible()
    ask(page, WATER_QUESTION)
    answer = wait_answer(page)
    answer.locator("a.eco-cite").first.click()
    expect(widget.locator(".eco-panel mark")).to_be_visible()
    screenshot(page, "widget-strict-csp", record_property)
    violations = page.evaluate("window.__violations")
    # Only the page's own deliberate inline style is reported: the CSP is on, and the widget
    # never needed 'unsafe-inline' nor anything the policy forbids.
    assert violations == [
        {
            "directive": "style-src-attr",
            "blocked": "inline",
            "source": web["chamber"] + "/strict.html",
        }
    ], violations


def test_widget_on_an_origin_that_is_not_allowed_says_so(page, web, record_property):
    page.goto(web["elsewhere"] + "/widget.html")
    widget = open_widget(page)
    alert = widget.get_by_role("alert")
    expect(alert).to_contain_text("This assistant is not enabled on this website.")
    expect(alert).to_contain_text(f"Origin {web['elsewhere']} is not allowed for site 'chamber'")
    expect(widget.get_by_role("textbox", name="Your question")).to_be_disabled()
    screenshot(page, "widget-refused", record_property)


def test_inline_widget_in_french_shows_the_rate_limit_politely(page, web, record_property):
    page.goto(web["chamber"] + "/inline.html")
    widget = page.locator("#advisor [data-eco-advisor]")
    box = widget.get_by_role("textbox", name="Votre question")
    expect(box).to_be_visible()  # inline: no launcher
    expect(page.get_by_role("button", name=re.compile("conseiller"))).to_have_count(0)
    for _ in range(2):
        ask(page, WATER_QUESTION)
        wait_answer(page)
    ask(page, WATER_QUESTION)
    refused = wait_answer(page)
    expect(refused.get_by_role("alert")).to_have_text(
        re.compile(r"Trop de questions en ce moment\. Merci de patienter \d+ secondes")
    )
    screenshot(page, "widget-inline-rate-limited", record_property)


# -- untrusted text --------------------------------------------------------------------------


def assert_inert(page: Page) -> None:
    assert page.evaluate("typeof window.pwned") == "undefined"
    # No markup from the document: no script, no img but our logo, no javascript: link,
    # in the page or inside any shadow root.
    found = page.evaluate(
        """() => {
        const roots = [document];
        for (const host of document.querySelectorAll("[data-eco-advisor]")) {
          if (host.shadowRoot) roots.push(host.shadowRoot);
        }
        const markup = [".eco-answer", ".eco-panel", ".eco-doc"]
          .map(area => `${area} script, ${area} img`).join(", ");
        const out = [];
        for (const root of roots) {
          root.querySelectorAll(markup).forEach(el => out.push(el.outerHTML));
          root.querySelectorAll("a").forEach(a => {
            if (!/^(https?:|mailto:)/.test(a.href)) out.push(a.outerHTML);
          });
        }
        return out; }"""
    )
    assert found == [], found


def test_hostile_answer_and_document_text_run_nothing_and_load_nothing(page, web, record_property):
    page.goto(web["app"] + "/")
    ask(page, XSS_QUESTION)
    answer = wait_answer(page)
    expect(answer.locator(".eco-answer")).to_contain_text("<script>window.pwned=1</script>")
    expect(answer.locator(".eco-answer")).to_contain_text("the guide")
    answer.locator("a.eco-cite").first.click()
    panel = page.locator(".eco-panel")
    expect(panel.locator("mark")).to_contain_text('<img src=x onerror="window.pwned=1">')
    expect(panel.get_by_role("link", name="Open the original")).to_have_count(0)  # javascript:
    screenshot(page, "xss-page", record_property)
    assert_inert(page)

    page.goto(f"{web['app']}/sources/untrusted-note")
    expect(page.locator(".eco-doc-text")).to_contain_text("<script>window.pwned=1</script>")
    expect(page.get_by_role("heading", level=1)).to_contain_text("<script>")
    assert_inert(page)

    # The widget on a host page without any CSP of its own: only our rendering protects it.
    page.goto(web["chamber"] + "/widget.html")
    widget = open_widget(page)
    ask(page, XSS_QUESTION)
    answer = wait_answer(page)
    expect(answer.locator(".eco-answer")).to_contain_text("<script>window.pwned=1</script>")
    answer.locator("a.eco-cite").first.click()
    expect(widget.locator(".eco-panel mark")).to_contain_text("onerror")
    screenshot(page, "xss-widget", record_property)
    assert_inert(page)
    page.wait_for_timeout(300)  # let any stray image request reach the canary
    assert web["canary"].hits == []
