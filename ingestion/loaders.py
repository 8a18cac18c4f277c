"""Loaders: one function per file type, looked up by suffix.

Each takes the file's bytes and returns ``Extracted`` units, or raises ``DocumentError`` with a
reason a person can act on. Nothing here knows about chunks or the index.
"""

from __future__ import annotations

import io
import itertools
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

import yaml

from assistant.errors import DocumentError
from ingestion.documents import Extracted, Unit

Loader = Callable[[bytes], Extracted]

# ---------------------------------------------------------------------------------------------
# Decoding text files
# ---------------------------------------------------------------------------------------------


#: Single-byte Latin code pages that charset detection confuses with cp1252 on short text.
_LATIN_LOOKALIKES = {
    "cp1250", "cp1254", "cp1257", "cp1258", "cp775", "cp850", "cp852", "cp858", "hp_roman8",
    "latin_1", "mac_latin2", "mac_roman", "mac_iceland", "mac_turkish", "iso8859_2",
    "iso8859_3", "iso8859_4", "iso8859_9", "iso8859_10", "iso8859_13", "iso8859_14",
    "iso8859_15", "iso8859_16",
}  # fmt: skip
#: How typical a character is of real text, where the two decodings of a byte disagree.
_TYPICAL = dict.fromkeys("éèàçêâôîûüöäßñáíóúœÉÈÀÇÊÂÔÜÖÄÑ€«»‘’“”–—…", 2)
_TYPICAL.update(dict.fromkeys("ëïÿùìòøåæãõýÆÅØŒ", 1))
_TYPICAL.update(dict.fromkeys("ąćęłńśźżčěřůňďťőűășțşţğıİŞĞľĺšžŁŚŻŹĆČŘŠŽĄĘĽŤĎŇŐŰ„", 2))
_TYPICAL.update(dict.fromkeys("ėųįūāēīķļņģĖŲĮŪĀĒĪĶĻŅĢ", 2))
_TYPICAL.update(dict.fromkeys("ŕŔ", 1))


def _prefer_western(data: bytes, guessed: str, guess: str) -> str:
    """cp1252 instead of a Latin look-alike when it reads at least as naturally.

    On short text charset_normalizer often ranks cp1250 or mac_latin2 first for French or
    Spanish; only bytes that decode differently tell the two apart, so score just those.
    """
    if guessed.lower().replace("-", "_") not in _LATIN_LOOKALIKES:
        return guess
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:
        return guess
    if len(western) != len(guess):
        return guess
    differing = [(w, g) for w, g in zip(western, guess, strict=True) if w != g]
    west_score = sum(_TYPICAL.get(w, 0) for w, _ in differing)
    guess_score = sum(_TYPICAL.get(g, 0) for _, g in differing)
    return western if west_score >= guess_score else guess


def decode_text(data: bytes) -> str:
    """UTF-8 first (with or without BOM), then a detected encoding; binary content is refused."""
    if not data.strip():
        raise DocumentError("empty file")
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DocumentError("binary content in a text file (NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None:
            raise DocumentError(
                "binary content or unrecognised text encoding (not UTF-8, no encoding fits)"
            ) from None
        text = _prefer_western(data, best.encoding, str(best))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    printable = sum(ch.isprintable() or ch in "\n\t" for ch in text[:8192])
    if printable < 0.9 * min(len(text), 8192):
        raise DocumentError("binary content in a text file (mostly unprintable characters)")
    if not text.strip():
        raise DocumentError("empty file")
    return text


# ---------------------------------------------------------------------------------------------
# Markdown: headings are structure, YAML front matter is metadata
# ---------------------------------------------------------------------------------------------

_HEADING_RE = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_FENCE_RE = re.compile(r"^\s*(```|~~~)")


def _plain_metadata(meta: dict[str, Any]) -> dict[str, Any]:
    """YAML dates become ISO strings so metadata survives JSON and Chroma unchanged."""
    out: dict[str, Any] = {}
    for key, value in meta.items():
        if isinstance(value, datetime | date):
            out[str(key)] = value.isoformat()
        elif isinstance(value, list):
            out[str(key)] = [v.isoformat() if isinstance(v, date) else v for v in value]
        else:
            out[str(key)] = value
    return out


class MetadataLoader(yaml.SafeLoader):
    """YAML 1.2 booleans: only true/false. YAML 1.1 also reads yes/no/on/off as booleans, which
    turns Norway's country code NO into False (the "Norway problem")."""


MetadataLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
MetadataLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def load_metadata_yaml(text: str) -> Any:
    return yaml.load(text, Loader=MetadataLoader)  # noqa: S506 - a SafeLoader subclass


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Split ``---`` YAML front matter from the body; malformed YAML is a clear error."""
    if not text.startswith("---"):
        return {}, text
    match = re.match(r"^---[ \t]*\n(.*?)\n---[ \t]*(?:\n|$)", text, flags=re.DOTALL)
    if match is None:
        return {}, text
    try:
        meta = load_metadata_yaml(match.group(1)) or {}
    except yaml.YAMLError as exc:
        raise DocumentError(f"malformed YAML front matter: {exc}".splitlines()[0]) from None
    if not isinstance(meta, dict):
        raise DocumentError("front matter is not a YAML mapping")
    return _plain_metadata(meta), text[match.end() :]


def markdown_units(body: str) -> tuple[list[Unit], str | None]:
    """Cut Markdown into sections at headings (outside code fences); return units and the H1."""
    units: list[Unit] = []
    path: list[tuple[int, str]] = []
    lines: list[str] = []
    title: str | None = None
    in_fence = False

    def flush() -> None:
        text = "\n".join(lines).strip("\n")
        if text.strip():
            units.append(Unit(text=text, heading_path=tuple(h for _, h in path)))
        lines.clear()

    for line in body.split("\n"):
        if _FENCE_RE.match(line):
            in_fence = not in_fence
        match = None if in_fence else _HEADING_RE.match(line)
        if match:
            flush()
            level, heading = len(match.group(1)), match.group(2).strip()
            if level == 1 and title is None:
                title = heading
            while path and path[-1][0] >= level:
                path.pop()
            path.append((level, heading))
        lines.append(line)
    flush()
    return units, title


def load_markdown(data: bytes) -> Extracted:
    meta, body = split_front_matter(decode_text(data))
    units, h1 = markdown_units(body)
    if not units:
        raise DocumentError("no text after the front matter")
    title = meta.get("title") or h1
    return Extracted(
        units=units, title=str(title) if title else None, metadata=meta, kind="markdown"
    )


def load_text(data: bytes) -> Extracted:
    text = decode_text(data).strip("\n")
    first_line = text.strip().split("\n", 1)[0].strip()
    return Extracted(units=[Unit(text=text)], title=first_line[:120] or None, kind="text")


# ---------------------------------------------------------------------------------------------
# HTML: main content only, through trafilatura, then treated as Markdown
# ---------------------------------------------------------------------------------------------

#: <meta name="..."> values read as metadata (the corpus schema's keys).
HTML_META_KEYS = ("description", "publisher", "published", "reviewed", "source_url", "doc_type")


def _captions_before_tables(tree: Any) -> bool:
    """Move each table's <caption> into a paragraph before it (in place); whether any moved.
    trafilatura writes a caption as a header row of its own (one cell and empty ones) above
    the real header, and the answer then quoted "| Period | Call budget |" as a row of data."""
    from lxml import html as lxml_html

    captions = tree.findall(".//table/caption")
    for caption in captions:
        table = caption.getparent()
        paragraph = lxml_html.Element("p")
        paragraph.text = " ".join(caption.text_content().split()).rstrip(":") + ":"
        table.addprevious(paragraph)
        table.remove(caption)
    return bool(captions)


def load_html(data: bytes) -> Extracted:
    import trafilatura
    from lxml import etree
    from lxml import html as lxml_html

    text = decode_text(data)
    try:  # one parse, for the captions and the metadata; trafilatura parses on its own
        tree = lxml_html.fromstring(text)
    except (ValueError, TypeError, etree.ParserError):
        tree = None
    if tree is not None and _captions_before_tables(tree):
        source = str(lxml_html.tostring(tree, encoding="unicode"))
    else:
        source = text
    markdown = trafilatura.extract(
        source,
        output_format="markdown",
        include_formatting=True,
        include_tables=True,
        include_links=False,
        include_images=False,
        include_comments=False,
        favor_recall=True,
        deduplicate=False,
    )
    if not markdown or not markdown.strip():
        raise DocumentError("no main content found in the HTML page")
    meta: dict[str, Any] = {}
    title: str | None = None
    if tree is not None:
        for element in tree.iter("meta"):
            name = (element.get("name") or "").strip().lower()
            if name in HTML_META_KEYS and element.get("content"):
                meta[name] = element.get("content")
        h1 = tree.findtext(".//h1")
        page_title = tree.findtext(".//title")
        title = (h1 or page_title or "").strip() or None
    units, md_title = markdown_units(markdown)
    return Extracted(units=units, title=title or md_title, metadata=meta, kind="html")


# ---------------------------------------------------------------------------------------------
# PDF: one unit per page, running headers and footers dropped
# ---------------------------------------------------------------------------------------------


def _edge_key(line: str) -> str:
    """Page numbers differ on every page; compare running lines without their digits."""
    return re.sub(r"\d+", "#", line.strip().lower())


def _drop_running_lines(pages: list[list[str]], edge: int = 3) -> list[list[str]]:
    """Drop lines near the top or bottom that repeat on most pages (running headers/footers)."""
    if len(pages) < 2:
        return pages  # one page: nothing repeats, so nothing can be told apart as running
    counts: Counter[str] = Counter()
    for lines in pages:
        edges = {_edge_key(x) for x in lines[:edge] + lines[-edge:] if x.strip()}
        counts.update(edges)
    threshold = max(2, int(0.6 * len(pages)))
    running = {key for key, n in counts.items() if n >= threshold}
    cleaned = []
    for lines in pages:
        keep = []
        for i, line in enumerate(lines):
            at_edge = i < edge or i >= len(lines) - edge
            if at_edge and _edge_key(line) in running:
                continue
            keep.append(line)
        cleaned.append(keep)
    return cleaned


_COLUMN_GAP_RE = re.compile(r"\S(\s{3,})\S")


_WIDE_GAP_RE = re.compile(r"\S(\s{6,})\S")


def _two_column_rows(lines: list[str]) -> set[int]:
    """Lines of a two-column table: three or more lines in a row (blank lines between allowed),
    each with one wide gap, whose second column starts at the same place on the page.

    One wide gap alone is common in prose laid out with justification; an aligned run of them is
    a table ("Sustainable infrastructure      EUR 9.9 billion").
    """
    rows: set[int] = set()
    run: list[int] = []
    start = -1

    def close() -> None:
        if len(run) >= 3:
            rows.update(run)
        run.clear()

    for i, line in enumerate(lines):
        if not line.strip():
            continue
        gaps = list(_WIDE_GAP_RE.finditer(line))
        second = (
            gaps[0].end(1)
            if len(gaps) == 1 and not _COLUMN_GAP_RE.findall(line[: gaps[0].start(1)].strip())
            else -1
        )
        if second >= 0 and run and abs(second - start) <= 2:
            run.append(i)
            continue
        close()
        if second >= 0:
            run.append(i)
            start = second
    close()
    return rows


#: A cell of layout text: words apart by one or two spaces (columns are three or more apart).
_CELL_RE = re.compile(r"\S+(?: {1,2}\S+)*")
_ALIGNED = 2  # columns a cell may start off its column's start


def _cells(line: str, starts: Sequence[int] = ()) -> list[tuple[int, str]]:
    """A line's cells and where they start. Given the columns' starts, a cell is also cut where
    two spaces lead to a column's start: a full column can come that close to the next."""
    cells: list[tuple[int, str]] = []
    for match in _CELL_RE.finditer(line):
        begin = match.start()
        for gap in re.finditer(r"  (?=\S)", match.group()):
            at = match.start() + gap.end()
            if any(abs(at - s) <= _ALIGNED for s in starts):
                cells.append((begin, line[begin : at - 2]))
                begin = at
        cells.append((begin, line[begin : match.end()]))
    return cells


def _table_lines(raw: list[str], starts: list[int], begin: int) -> list[int]:
    """The lines of the table whose header is ``raw[begin]``: blocks of lines (a blank line
    apart) whose cells all start at the header's column starts and fill two columns somewhere."""
    lines: list[int] = []
    end = begin
    while True:
        first = end
        while first < len(raw) and not raw[first].strip():
            first += 1
        last = first
        while last < len(raw) and raw[last].strip():
            last += 1
        cells = [_cells(raw[n]) for n in range(first, last)]
        aligned = all(
            any(abs(start - s) <= _ALIGNED for s in starts) for line in cells for start, _ in line
        )
        if not cells or not aligned or max(len(line) for line in cells) < 2:
            return lines
        lines.extend(range(first, last))
        end = last


def _rows_of(lines: list[int], labelled: set[int]) -> list[list[int]] | None:
    """Group a table's lines into rows around their first-column labels, or None when the text
    cannot tell rows from wrapped lines (no blank line anywhere, or fewer than two labels).

    When blank lines part the rows and each part has one label, the parts are the rows. Else a
    row's label (its first cell, which may wrap too) sits on its top or middle line; a line
    with no label belongs to the nearest label, the earlier one on a tie, and lines right under
    the header (no blank line between) continue the header.
    """
    parts: list[list[int]] = []
    for n in lines:
        if parts and n == parts[-1][-1] + 1:
            parts[-1].append(n)
        else:
            parts.append([n])

    def label_groups(part: list[int]) -> int:
        return sum(
            n in labelled and (k == 0 or part[k - 1] not in labelled) for k, n in enumerate(part)
        )

    if len(parts) < 2:
        return None
    if all(label_groups(part) == 1 for part in parts):
        return parts
    labels: list[list[int]] = []
    for n in lines:
        if n in labelled:
            if labels and n == labels[-1][-1] + 1:
                labels[-1].append(n)
            else:
                labels.append([n])
    if len(labels) < 2:
        return None
    rows = [list(group) for group in labels]
    following = labels[0][-1] + 1  # the header's own wrapped lines follow it with no blank
    while following in lines and following not in labelled:
        rows[0].append(following)
        following += 1
    for n in lines:
        if n in labelled or n in rows[0]:
            continue
        distance = [min(abs(n - m) for m in group) for group in labels]
        rows[min(range(1, len(labels)), key=lambda g: (distance[g], g))].append(n)
    return [sorted(row) for row in rows]


def _wrapped_rows(raw: list[str]) -> dict[int, str]:
    """Rows of a table of three or more columns whose cells wrap onto several lines.

    Layout text prints a wrapped row as several lines, each cell's text starting where its
    column starts. Read line by line, "LIFE | demonstration and | EUR 5.43 billion" lands in one
    row and "best-practice projects | 60% of costs)" in another, and neither says what the PDF
    says. A table starts at a line with three or more cells (its header, which may wrap too);
    its lines are grouped into rows (``_rows_of``) and each row's cells joined column by column.
    Returns, per line of a table, the merged row (on a row's first line) or "".
    """
    rows: dict[int, str] = {}
    i = 0
    while i < len(raw):
        header = _cells(raw[i])
        starts = [start for start, _ in header]
        tabular = len(header) >= 3 or (len(header) == 2 and bool(_WIDE_GAP_RE.search(raw[i])))
        lines = _table_lines(raw, starts, i) if tabular else []
        labelled = {n for n in lines if _cells(raw[n])[0][0] <= starts[0] + _ALIGNED}
        grouped = _rows_of(lines, labelled) if len(labelled) >= 2 else None
        if grouped is None:
            i += 1
            continue
        for row in grouped:
            columns: list[list[str]] = [[] for _ in starts]
            for n in row:
                for start, text in _cells(raw[n], starts):
                    column = max(c for c, s in enumerate(starts) if s <= start + _ALIGNED)
                    columns[column].append(text)
            rows[row[0]] = "| " + " | ".join(" ".join(c) for c in columns) + " |"
            rows.update(dict.fromkeys(row[1:], ""))
        i = lines[-1] + 1
    return rows


def _columns_as_cells(page_text: str) -> str:
    """Layout text aligns table columns with runs of spaces; make those runs cell separators.

    A line with two or more wide gaps reads as a table row ("a | b | c"), which the chunker keeps
    whole and the answer engine quotes as a row; other lines only lose their indentation. A
    row whose cells wrap onto several lines becomes one row (``_wrapped_rows``).
    """
    raw = page_text.split("\n")
    two_columns = _two_column_rows(raw)
    wrapped = _wrapped_rows(raw)
    lines = []
    for i, line in enumerate(raw):
        stripped = line.strip()
        if i in wrapped:
            if not wrapped[i]:
                continue
            stripped = wrapped[i]
        elif len(_COLUMN_GAP_RE.findall(stripped)) >= 2 or i in two_columns:
            stripped = "| " + re.sub(r"\s{3,}", " | ", stripped) + " |"
        else:
            stripped = re.sub(r"\s{2,}", " ", stripped)
        lines.append(stripped)
    # Layout mode puts a blank line between table rows; keep a table's rows together.
    kept = [
        line
        for i, line in enumerate(lines)
        if line
        or not (
            0 < i < len(lines) - 1 and lines[i - 1].startswith("|") and lines[i + 1].startswith("|")
        )
    ]
    return "\n".join(kept)


_NUMBERED_HEADING_RE = re.compile(r"^(?:\d{1,2}\.){1,3}\d{0,2}\s+[A-Z][^.:;,!?]*\??$")


def _mark_headings(lines: list[str], styled: Mapping[str, int] | None = None) -> list[str]:
    """Headings become Markdown headings: numbered ones ("7. InvestEU"), and the lines the page
    sets in a heading's font (``styled``: "Derogations for small organisations").

    Without the mark a numbered heading reads as a list item that swallows the paragraph under
    it. A heading is short, opens a block and has text (not a list item) right under it. A
    heading set on two lines is one heading.
    """
    styled = styled or {}
    out: list[str] = []
    skip = False
    for i, line in enumerate(lines):
        if skip:
            skip = False
            continue
        after = next((x.strip() for x in lines[i + 1 : i + 3] if x.strip()), "")
        two = f"{_plain(line)} {_plain(lines[i + 1])}" if i + 1 < len(lines) else ""
        if _plain(line) in styled and not line.lstrip().startswith("|"):
            out += [f"{'#' * styled[_plain(line)]} {line.strip()}", ""]
        elif line.strip() and two in styled:
            out += [f"{'#' * styled[two]} {two}", ""]
            skip = True
        elif (
            _NUMBERED_HEADING_RE.match(line.strip())
            and len(line.split()) <= 10
            and (i == 0 or not lines[i - 1].strip())
            and after
            and not after.startswith(("-", "•", "*"))
            and not _NUMBERED_HEADING_RE.match(after)
        ):
            out += [f"## {line.strip()}", ""]
        else:
            out.append(line)
    return out


def _plain(line: str) -> str:
    return " ".join(line.split())


_BOLD_FONT_RE = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
_LARGER = 1.15  # a heading's font is this much larger than the body text's, or bold
#: A piece of text as the page draws it: its height on the page (y), its words, its font size
#: and whether the font is bold.
_Run = tuple[float, str, float, bool]


def _runs(page: Any) -> list[_Run]:
    """The page's text runs with their fonts (layout text has none)."""
    found: list[_Run] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, size: float) -> None:
        if text.strip():
            scale = abs(tm[3] * cm[3]) or abs(tm[0] * cm[0]) or 1.0
            name = str(font.get("/BaseFont", "")) if font else ""
            y = round(tm[5] * cm[3] + cm[5], 1)
            found.append(
                (y, text.strip(), round(float(size) * scale, 1), bool(_BOLD_FONT_RE.search(name)))
            )

    page.extract_text(visitor_text=visit)
    return found


def _styled_headings(pages: Sequence[Any], title: str | None) -> list[dict[str, int]]:
    """Per page, the lines set apart by their font (bold, or larger than the body text), with
    their heading level: the largest heading font is level 2 ("##"), the next 3, then 4.

    Layout text keeps no fonts, so an unnumbered heading ("Derogations for small
    organisations") read as a sentence of the paragraph under it. A heading line is short,
    has no closing punctuation and is in one heading font all through (a bold word inside a
    sentence is not); two such lines in a row in one font are one heading. The document's
    title is left alone: it names the document, not a section.
    """
    runs = [_runs(page) for page in pages]
    chars: Counter[float] = Counter()
    for found in runs:
        for _, text, height, _ in found:
            chars[height] += len(text)
    if not chars:
        return [{} for _ in pages]
    body = chars.most_common(1)[0][0]
    skip = _plain(title or "").casefold()
    per_page: list[list[tuple[str, tuple[float, bool]]]] = []
    for found in runs:
        lines: dict[float, list[tuple[str, float, bool]]] = {}
        for y, text, height, bold in found:
            lines.setdefault(y, []).append((text, height, bold))
        styled: list[tuple[float, str, tuple[float, bool]]] = []
        for y, parts in lines.items():
            text = _plain(" ".join(t for t, _, _ in parts))
            styles = {(h, b) for _, h, b in parts}
            if (
                len(styles) == 1
                and all(b or h >= body * _LARGER for _, h, b in parts)
                and 3 <= len(text) <= 100
                and len(text.split()) <= 14
                and not text.endswith((".", ",", ";", ":"))
                and (text[0].isupper() or text[0].isdigit())
            ):
                styled.append((y, text, next(iter(styles))))
        headings: list[tuple[str, tuple[float, bool]]] = []
        for k, (y, text, style) in enumerate(styled):
            headings.append((text, style))
            before = styled[k - 1] if k else None
            if before and before[2] == style and 0 < before[0] - y <= 2 * style[0]:
                headings.append((f"{before[1]} {text}", style))  # a heading set on two lines
        per_page.append([(t, st) for t, st in headings if not skip or t.casefold() not in skip])
    # bigger is higher; at one size, bold is higher
    ranks = sorted({st for page in per_page for _, st in page}, reverse=True)
    return [{t: 2 + min(ranks.index(st), 2) for t, st in page} for page in per_page]


_SENTENCE_END_RE = re.compile(r"[.!?][\"'’”)\]]*(?=\s|$)")
_OPEN_LINE_RE = re.compile(r"^\s*(?:#|\||[-*+•]\s|\d{1,3}[.)]\s)")


def _mend_page_breaks(pages: list[list[str]], max_lines: int = 3) -> list[list[str]]:
    """A sentence cut by a page break is finished on the page where it starts.

    Each page is a unit and a chunk never spans two, so the two halves of such a sentence
    ("... and is now" / "governed by Regulation ...") would be quoted as two broken claims.
    The continuation (a page opening in lower case, up to its first sentence end, within a
    few lines) moves back to the end of the previous page, which the sentence is cited to.
    """
    for before, after in itertools.pairwise(pages):
        last = next((i for i in reversed(range(len(before))) if before[i].strip()), None)
        lead = next((i for i, line in enumerate(after) if line.strip()), None)
        if last is None or lead is None:
            continue
        tail = before[last]
        if (
            _OPEN_LINE_RE.match(tail)
            or re.search(r"[.!?:;][\"'’”)\]]*$", tail.rstrip())
            or not after[lead].lstrip()[:1].islower()
        ):
            continue
        for i in range(lead, min(lead + max_lines, len(after))):
            if not after[i].strip():
                break  # the paragraph ended without a sentence end: leave it
            end = _SENTENCE_END_RE.search(after[i])
            if end is None:
                continue
            moved = [line.strip() for line in after[lead:i]] + [after[i][: end.end()].strip()]
            before[last] = " ".join([tail.rstrip(), *moved])
            rest = after[i][end.end() :].strip()
            after[lead : i + 1] = [rest] if rest else []
            break
    return pages


def load_pdf(data: bytes) -> Extracted:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                opened = bool(reader.decrypt(""))
            except Exception:  # noqa: BLE001 - pypdf raises several types for unsupported crypto
                opened = False
            if not opened:
                raise DocumentError("encrypted PDF (needs a password)")
        # Layout mode keeps table columns apart (plain mode runs cells together).
        raw_pages = [
            _columns_as_cells(page.extract_text(extraction_mode="layout") or "")
            for page in reader.pages
        ]
        info = reader.metadata
        title = (str(info.title).strip() or None) if info is not None and info.title else None
        try:
            styled = _styled_headings(reader.pages, title)
        except Exception:  # noqa: BLE001 - fonts are a bonus: the text above is already read
            styled = [{} for _ in raw_pages]
    except DocumentError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise DocumentError(f"corrupt or unreadable PDF ({type(exc).__name__}: {exc})") from None
    except Exception as exc:  # noqa: BLE001 - a malformed PDF can fail anywhere inside pypdf
        raise DocumentError(f"corrupt or unreadable PDF ({type(exc).__name__})") from None
    if not raw_pages:
        raise DocumentError("PDF has no pages")
    pages = _drop_running_lines([p.split("\n") for p in raw_pages])
    pages = [_mark_headings(p, s) for p, s in zip(_mend_page_breaks(pages), styled, strict=True)]
    units = [
        Unit(text="\n".join(lines).strip(), page=number)
        for number, lines in enumerate(pages, start=1)
    ]
    if not any(u.text for u in units):
        raise DocumentError("PDF has no extractable text (scanned images need OCR first)")
    return Extracted(units=units, title=title, kind="pdf")


# ---------------------------------------------------------------------------------------------
# DOCX: paragraphs with heading styles become Markdown headings, tables become rows
# ---------------------------------------------------------------------------------------------


def load_docx(data: bytes) -> Extracted:
    import zipfile

    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise DocumentError(f"corrupt or unreadable DOCX ({type(exc).__name__})") from None
    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(child, document)
            text = paragraph.text.strip()
            if not text:
                continue
            style = (paragraph.style.name if paragraph.style is not None else "") or ""
            level = re.match(r"Heading (\d)", style)
            if style == "Title":
                lines += ["", f"# {text}", ""]
            elif level:
                lines += ["", f"{'#' * (int(level.group(1)) + 1)} {text}", ""]
            elif "List" in style:
                lines.append(f"- {text}")
            else:
                lines += [text, ""]
        elif tag == "tbl":
            table = Table(child, document)
            lines.append("")
            for r, row in enumerate(table.rows):
                cells = [c.text.strip().replace("\n", " ") for c in row.cells]
                lines.append("| " + " | ".join(cells) + " |")
                if r == 0:
                    lines.append("|" + "---|" * len(cells))
            lines.append("")
    units, h1 = markdown_units("\n".join(lines))
    if not units:
        raise DocumentError("DOCX has no text")
    title = (document.core_properties.title or "").strip() or h1
    return Extracted(units=units, title=title, kind="docx")


LOADERS: dict[str, Loader] = {
    ".md": load_markdown,
    ".markdown": load_markdown,
    ".txt": load_text,
    ".text": load_text,
    ".html": load_html,
    ".htm": load_html,
    ".pdf": load_pdf,
    ".docx": load_docx,
}


def loader_for(suffix: str) -> Loader | None:
    return LOADERS.get(suffix.lower())
