"""GET / (the web chat), /app.js, /widget.js, and /sources/{doc_id} (a cited passage in context).

The source page is rendered on the server with every value escaped: document text and metadata
are untrusted, and the page must work as a plain link (new tab, no script needed).
"""

from __future__ import annotations

from html import escape
from urllib.parse import urlsplit

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response

from assistant.api.deps import AssistantDep
from assistant.api.routes.documents import document, document_part
from assistant.schemas import DocumentPart, DocumentPublic
from assistant.web.assets import page, script_bundle

router = APIRouter(include_in_schema=False)

INDEX = page("index.html")
APP_JS = script_bundle("page.js")
WIDGET_JS = script_bundle("widget-boot.js")


@router.get("/")
def index(request: Request) -> Response:
    return INDEX.response(request)


@router.get("/app.js")
def app_js(request: Request) -> Response:
    return APP_JS.response(request)


@router.get("/widget.js")
def widget_js(request: Request) -> Response:
    return WIDGET_JS.response(request)


@router.get("/sources/{doc_id}", response_class=HTMLResponse)
def source_page(
    doc_id: str,
    assistant: AssistantDep,
    chunk_id: str | None = Query(default=None, max_length=64),
    page: int | None = Query(default=None, ge=1),
    section: str | None = Query(default=None, max_length=500),
) -> HTMLResponse:
    meta = document(doc_id, assistant)
    if chunk_id is None and page is None and section is None:
        if meta.pages:
            page = meta.pages[0]
        elif meta.sections:
            section = meta.sections[0]
        else:
            raise HTTPException(404, f"Document {doc_id!r} has no page or section to show.")
    try:
        part = document_part(doc_id, assistant, page=page, section=section, chunk_id=chunk_id)
    except HTTPException as exc:
        if exc.status_code != 400 or chunk_id is None:
            raise
        part = _lone_chunk(meta, assistant, chunk_id)  # a document without pages or sections
    return HTMLResponse(render_source(meta, part))


def _lone_chunk(meta: DocumentPublic, assistant: AssistantDep, chunk_id: str) -> DocumentPart:
    got = assistant.index.chunks.get(ids=[chunk_id], include=["documents", "metadatas"])
    if not got["ids"] or (got["metadatas"] or [{}])[0].get("doc_id") != meta.doc_id:
        raise HTTPException(404, f"No passage {chunk_id!r} in document {meta.doc_id!r}.")
    text = str((got["documents"] or [""])[0])
    return DocumentPart(
        doc_id=meta.doc_id,
        title=meta.title,
        source_url=meta.metadata.get("source_url"),
        text=text,
        highlight=[0, len(text)],
    )


def _http_url(value: object) -> str | None:
    if isinstance(value, str) and urlsplit(value).scheme in ("http", "https"):
        return value
    return None


def render_source(meta: DocumentPublic, part: DocumentPart) -> str:
    """The page or section holding the passage, the passage in <mark id="cited">."""
    text = part.text
    if part.highlight:
        start, end = part.highlight
        body = f'{escape(text[:start])}<mark id="cited">{escape(text[start:end])}</mark>'
        body += escape(text[end:])
    else:
        body = escape(text)
    facts = [
        ("Publisher", meta.metadata.get("publisher")),
        ("Reviewed", meta.metadata.get("reviewed")),
        ("Page", part.page),
        ("Section", part.section),
    ]
    rows = "".join(
        f"<dt>{label}</dt><dd>{escape(str(value))}</dd>" for label, value in facts if value
    )
    original = _http_url(part.source_url)
    link = (
        f'<p><a href="{escape(original)}" rel="noopener noreferrer nofollow">'
        "Open the original</a></p>"
        if original
        else ""
    )
    title = escape(part.title)
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}: cited passage (eco-advisor)</title>
<link rel="stylesheet" href="/static/chat.css">
</head>
<body class="eco-page-body">
<main class="eco-doc">
<p><a href="/">eco-advisor</a></p>
<h1>{title}</h1>
<dl class="eco-doc-meta">{rows}</dl>
{link}
<div class="eco-doc-text">{body}</div>
</main>
</body>
</html>
"""
