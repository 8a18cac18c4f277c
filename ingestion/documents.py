"""What a loader hands to the chunker: a document as text units that citations can point at."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

#: Between two units in a document's extracted text; offsets count it.
UNIT_SEPARATOR = "\n\n"


@dataclass
class Unit:
    """A piece of a document a UI can open: a PDF page, or a section under a heading."""

    text: str
    page: int | None = None
    heading_path: tuple[str, ...] = ()
    #: Character offset of this unit in the document's extracted text (set by ``Document``).
    start: int = 0


@dataclass
class Document:
    """A loaded document. ``text`` is the extracted text every offset refers to."""

    source: str
    doc_id: str
    title: str
    metadata: dict[str, Any]
    units: list[Unit] = field(default_factory=list)
    kind: str = "text"

    def __post_init__(self) -> None:
        self.units = [u for u in self.units if u.text.strip()]
        offset = 0
        for unit in self.units:
            unit.start = offset
            offset += len(unit.text) + len(UNIT_SEPARATOR)

    @property
    def text(self) -> str:
        return UNIT_SEPARATOR.join(u.text for u in self.units)


@dataclass
class Extracted:
    """What a loader returns before the pipeline names the document."""

    units: list[Unit]
    title: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    kind: str = "text"


_SLUG_RE = re.compile(r"[^a-z0-9]+")


def slugify(value: str) -> str:
    """A stable, URL-safe document id from a path or title."""
    slug = _SLUG_RE.sub("-", value.lower()).strip("-")
    return slug or "document"
