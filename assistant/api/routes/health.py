"""Liveness and readiness."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from assistant.api.deps import AssistantDep

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="The process is up")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz", summary="The index can answer (503 with the reason otherwise)")
def readyz(assistant: AssistantDep) -> dict[str, Any]:
    stats = assistant.ready()
    return {
        "status": "ready",
        "engine": assistant.settings.answer_engine,
        "documents": stats["documents"],
        "chunks": stats["chunks"],
        "embedder": stats["embedder"],
        "collection": stats["collection"],
        "last_ingest": stats["last_ingest"],
    }
