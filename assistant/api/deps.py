"""FastAPI dependencies as ``Annotated`` aliases (the template's ``SessionDep`` pattern)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from assistant.config import Settings
from assistant.service import Assistant


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_assistant(request: Request) -> Assistant:
    assistant: Assistant = request.app.state.assistant
    return assistant


SettingsDep = Annotated[Settings, Depends(get_settings)]
AssistantDep = Annotated[Assistant, Depends(get_assistant)]
