"""GET /v1/documents/{doc_id}: metadata, and the text of one page or section in context."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Query

from assistant.api.deps import AssistantDep
from assistant.schemas import DocumentPart, DocumentPublic

router = APIRouter(prefix="/v1/documents", tags=["documents"])


def _live_chunks(assistant: Any, doc_id: str) -> tuple[Any, list[tuple[str, str, dict[str, Any]]]]:
    """The manifest entry of a document and its live chunks, in reading order."""
    entry = next((e for e in assistant.index.entries().values() if e.doc_id == doc_id), None)
    if entry is None:
        raise HTTPException(404, f"No document with id {doc_id!r} in this knowledge base.")
    got = assistant.index.chunks.get(ids=entry.chunk_ids, include=["documents", "metadatas"])
    rows = list(zip(got["ids"], got["documents"], got["metadatas"], strict=True))
    rows.sort(key=lambda row: int(row[2].get("start_char", 0)))
    return entry, rows


def _stitch(rows: list[tuple[str, str, dict[str, Any]]]) -> str:
    """Rebuild a page or section's text from its (possibly overlapping) chunks, by offsets."""
    text = ""
    end = int(rows[0][2].get("start_char", 0))
    for _cid, chunk_text, meta in rows:
        start, stop = int(meta["start_char"]), int(meta["end_char"])
        body = chunk_text[len(chunk_text) - (stop - start) :] if stop > start else chunk_text
        if stop <= end:
            continue
        if start >= end:
            text += ("\n\n" if text else "") + body
        else:
            text += body[end - start :]
        end = stop
    return text


@router.get("/{doc_id}", response_model=DocumentPublic, summary="A document's metadata and parts")
def document(doc_id: str, assistant: AssistantDep) -> DocumentPublic:
    entry, rows = _live_chunks(assistant, doc_id)
    sections = list(dict.fromkeys(str(m["section"]) for _, _, m in rows if m.get("section")))
    pages = sorted({int(m["page"]) for _, _, m in rows if m.get("page") is not None})
    return DocumentPublic(
        doc_id=entry.doc_id,
        source=entry.source,
        title=entry.title,
        metadata=entry.metadata,
        chunks=len(rows),
        sections=sections,
        pages=pages,
    )


@router.get(
    "/{doc_id}/part",
    response_model=DocumentPart,
    summary="The text of one page or section; with chunk_id, where that passage sits in it",
)
def document_part(
    doc_id: str,
    assistant: AssistantDep,
    page: int | None = Query(default=None, ge=1),
    section: str | None = Query(default=None, max_length=500),
    chunk_id: str | None = Query(default=None, max_length=64),
) -> DocumentPart:
    entry, rows = _live_chunks(assistant, doc_id)
    target = next((r for r in rows if r[0] == chunk_id), None) if chunk_id else None
    if chunk_id and target is None:
        raise HTTPException(404, f"No passage {chunk_id!r} in document {doc_id!r}.")
    if target is not None:
        page = target[2].get("page")
        section = target[2].get("section")
    if page is None and section is None and target is None:
        raise HTTPException(400, "Give page, section or chunk_id.")
    part = [
        r
        for r in rows
        if (page is None or r[2].get("page") == page)
        and (section is None or r[2].get("section") == section)
    ]
    if not part:
        raise HTTPException(404, f"Document {doc_id!r} has no such page or section.")
    text = _stitch(part)
    highlight = None
    if target is not None:
        start, stop = int(target[2]["start_char"]), int(target[2]["end_char"])
        body = target[1][len(target[1]) - (stop - start) :]
        at = text.find(body)
        highlight = [at, at + len(body)] if at >= 0 else None
    return DocumentPart(
        doc_id=entry.doc_id,
        title=entry.title,
        source_url=entry.metadata.get("source_url"),
        page=page,
        section=section,
        text=text,
        highlight=highlight,
    )
