"""Passages cut into quotable units: sentences, list items and table rows.

The engine only ever quotes whole units verbatim, so the cut decides what an answer can say: a
list item keeps the sentence that introduces it (its lead), a table row keeps its header row, and
every unit remembers its passage and position so lists and tables can be put back together.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from assistant.extractive.question import terms_of
from assistant.retrieval import Hit
from ingestion.markup import HEADING_RE, LIST_ITEM_RE, MAX_ITEM_INDENT, TABLE_SEP_RE

_SENTENCE_RE = re.compile(r"(?<=[.!?])\s+(?=[\"'(\[“]?[A-Z0-9€$£])")
# Where a document comes from, not what it says: passage text, never quoted as an answer.
_ATTRIBUTION_RE = re.compile(
    r"^\W*(?:sources?|references?|bibliography|credits?|adapted from|based on|quelles?|"
    r"fuentes?|r[ée]f[ée]rences?)\b\W*(?::|this summary|the text of|information from)",
    re.IGNORECASE,
)
# A sentence opening with a word that points back at the one before it ("It offers a grant of
# ...", "That question was the theme of ..."): quoted alone, it leaves the reader guessing.
_REFERS_BACK_RE = re.compile(
    r"^(?:\*\*)?(?:This|That|These|Those|Such|It|Its|They|Their|Both|However|But|Therefore|"
    r"Thus|Hence|Otherwise|Moreover|Instead|In addition|As a result|The same|The latter|"
    r"The former)\b"
)
# ... or comparing with it anywhere: "Heated or treated water costs even more."
_COMPARES_BACK_RE = re.compile(
    r"\beven (?:more|less|higher|lower|greater|better|worse|further)\b", re.IGNORECASE
)
ABBREV_RE = re.compile(r"\b(?:e\.g|i\.e|No|Art|approx|cf|vs|etc|Nr|p|pp)\.$", re.IGNORECASE)


@dataclass
class Unit:
    """A quotable piece of a passage: a sentence, a list item or a table row."""

    hit_rank: int
    position: int
    kind: str  # sentence | item | row
    text: str  # verbatim from the passage (a row keeps its pipes)
    heading: str = ""
    group: int = -1  # list or table this unit belongs to
    lead: str = ""  # the sentence introducing a list, or a table's header row
    # ... with the sentence it leans on, when it does ("The ERN published a market study in
    # 2015. It estimated that:"): what the list is about, for scoring
    lead_context: str = ""
    terms: set[str] = field(default_factory=set)
    score: float = 0.0
    coverage: float = 0.0
    # the same without the terms only the sentences setting the user's scene hold
    asked_coverage: float = 0.0
    sim: float = 0.0  # meaning similarity to the question, when the engine has an embedder
    group_coverage: float = 0.0  # key-term coverage of an item's or row's whole list or table
    order: int = 0  # document order of a heading list's items (they come from several passages)
    number: int | None = None  # an item's number in a numbered list ("3. Check ..."), if any

    @property
    def attribution(self) -> bool:
        """A "Source: ..." line says where the document comes from: never an answer."""
        return bool(_ATTRIBUTION_RE.match(self.text))

    @property
    def refers_back(self) -> bool:
        """A sentence that leans on the sentence before it ("It offers ...", "These include",
        "... costs even more")."""
        return self.kind == "sentence" and bool(
            _REFERS_BACK_RE.match(self.text) or _COMPARES_BACK_RE.search(self.text)
        )

    @property
    def lead_in(self) -> str:
        """The lead with the sentence it leans on, if it does, else the lead."""
        return self.lead_context or self.lead

    @property
    def plain(self) -> str:
        """The unit's words: a table row's cells without the pipes, else the text itself."""
        return cells(self.text) if self.kind == "row" else self.text

    @property
    def heading_item(self) -> bool:
        """An item of a list of sub-section headings (heading_units), not of the text."""
        return self.position == -1

    @property
    def numbered(self) -> bool:
        """An item of a numbered list: steps, pillars, numbered headings."""
        return self.number is not None

    @property
    def spans_passages(self) -> bool:
        """A list of sub-section headings: its items come from several passages."""
        return self.group < -1

    @property
    def group_key(self) -> tuple[int, int]:
        """Which list or table the unit is in: group ids count per passage, except for a list
        spanning passages."""
        return (-1 if self.spans_passages else self.hit_rank, self.group)

    @property
    def grouped(self) -> bool:
        """List items and table rows answer together with their siblings."""
        return self.kind in ("item", "row")


def unit_before(unit: Unit, units: Sequence[Unit]) -> Unit | None:
    """The unit right before another in its passage, if any."""
    return next(
        (u for u in units if u.hit_rank == unit.hit_rank and u.position == unit.position - 1),
        None,
    )


def antecedents(unit: Unit, units: Sequence[Unit], most: int = 2) -> list[Unit]:
    """The sentences just before a unit that leans on them, in reading order: what "It" or
    "That question" points at. Only sentences of the same passage and section count; a list
    before "These ..." is not brought in (a whole list would swamp a short answer)."""
    before: list[Unit] = []
    current = unit
    while current.refers_back and len(before) < most:
        previous = unit_before(current, units)
        if previous is None or previous.kind != "sentence" or previous.heading != unit.heading:
            break
        before.insert(0, previous)
        current = previous
    return before


def row_cells(row: str) -> list[str]:
    """A table row's cells, each stripped, without the pipes."""
    return [c.strip() for c in row.strip().strip("|").split("|")]


def cells(row: str) -> str:
    """A table row's cell texts, without the pipes."""
    return " ".join(row_cells(row))


def sentences(paragraph: str) -> list[str]:
    """Split on sentence ends, but not after common abbreviations (e.g., No., Art.)."""
    pieces: list[str] = []
    for part in _SENTENCE_RE.split(paragraph):
        if pieces and ABBREV_RE.search(pieces[-1]):
            pieces[-1] = f"{pieces[-1]} {part}"
        else:
            pieces.append(part)
    out: list[str] = []
    for piece in pieces:
        if len(piece) > 450 and "\n" in piece:  # PDF tables flattened into lines
            out.extend(line for line in piece.split("\n") if line.strip())
        else:
            out.append(piece)
    return [" ".join(p.split()) for p in out if len(p.split()) >= 3]


def units_of(hit: Hit, rank: int) -> list[Unit]:
    """Cut one passage into sentences, list items and table rows, in reading order."""
    units: list[Unit] = []
    heading = hit.section or ""
    paragraph: list[str] = []
    last_sentence = last_context = ""
    group = 0
    in_table = False
    header = ""
    # the open lists, outermost first: (indent, group, lead). A list nested under an item is a
    # list of its own, led by that item ("Obstacles reported:"), as a paragraph leads a list.
    lists: list[tuple[int, int, str]] = []

    def flush() -> None:
        nonlocal last_sentence, last_context
        if paragraph:
            text = "\n".join(paragraph)
            said = sentences(text)
            for sentence in said:
                units.append(Unit(rank, len(units), "sentence", sentence, heading))
            last_sentence = " ".join(_SENTENCE_RE.split(text)[-1].split())
            leans = len(said) > 1 and _REFERS_BACK_RE.match(last_sentence)
            last_context = f"{said[-2]} {last_sentence}" if leans else last_sentence
            paragraph.clear()

    for line in hit.text.split("\n"):
        stripped = line.strip()
        item = LIST_ITEM_RE.match(line)
        if not stripped:
            flush()
            in_table = False
            lists.clear()
            continue
        if HEADING_RE.match(stripped):
            flush()
            heading = HEADING_RE.sub("", stripped)
            in_table = False
            lists.clear()
            last_sentence = last_context = ""
        elif stripped.startswith("|"):
            flush()
            lists.clear()
            if not in_table:
                group += 1
                in_table, header = True, stripped
            elif not TABLE_SEP_RE.match(stripped):
                units.append(Unit(rank, len(units), "row", stripped, heading, group, header))
        elif item and (lists or len(item.group(1)) <= MAX_ITEM_INDENT):
            flush()
            indent = len(item.group(1))
            while lists and indent < lists[-1][0] - 1:
                lists.pop()  # back to an outer list
            if not lists:
                group += 1
                lists.append((indent, group, last_sentence if last_sentence.endswith(":") else ""))
            elif indent > lists[-1][0] + 1 and units and units[-1].kind == "item":
                group += 1
                lists.append((indent, group, units[-1].text))
            units.append(
                Unit(rank, len(units), "item", LIST_ITEM_RE.sub("", line), heading, *lists[-1][1:])
            )
            if units[-1].lead and units[-1].lead == last_sentence:
                units[-1].lead_context = last_context
            units[-1].number = int(item.group(2)) if item.group(2) else None
        elif lists and units and units[-1].kind == "item" and not paragraph:
            units[-1].text += " " + stripped  # a wrapped list item
        else:
            in_table = False
            lists.clear()
            paragraph.append(stripped)
    flush()
    # A PDF's title, extracted as a paragraph, is a name, not a claim: never quoted as one.
    names = {_bare(h) for h in (hit.title, *hit.heading_path) if h}
    units = [u for u in units if u.kind != "sentence" or _bare(u.text) not in names]
    for unit in units:
        unit.terms = set(terms_of(unit.plain))
    return units


def _bare(text: str) -> str:
    return " ".join(text.casefold().split()).strip(" .:;")


#: Sibling sub-sections named in words make a list from this many; numbered ones from two.
_HEADING_LIST_MIN = 3


def heading_units(hits: Sequence[Hit]) -> list[Unit]:
    """Sibling sub-sections among the passages, as one list of their headings.

    "What are the three pillars?" is answered by the headings of the three sub-sections under
    "The three pillars", which come back as three passages. Each heading is cited to its own
    passage (whose text opens with it). Such a list spans passages, so its group id is negative.
    """
    parents: dict[tuple[str, tuple[str, ...]], list[tuple[int, int, str]]] = {}
    for rank, hit in enumerate(hits):
        path = [p.strip() for p in hit.heading_path if p.strip()]
        if len(path) < 3:  # title > section > sub-section, at least
            continue
        children = parents.setdefault((hit.doc_id, tuple(path[:-1])), [])
        if path[-1] not in {c for _, _, c in children}:
            children.append((hit.start_char, rank, path[-1]))
    units: list[Unit] = []
    group = -1
    for (_, parent), children in parents.items():
        # two sub-sections named in words ("How countries are grouped", "Selected results")
        # are parts of a text, not a list of things; numbered ones ("1. ...", "2. ...") are
        numbered_all = all(LIST_ITEM_RE.match(c) for _, _, c in children)
        if len(children) < 2 or (len(children) < _HEADING_LIST_MIN and not numbered_all):
            continue
        group -= 1
        for start, rank, child in sorted(children):
            unit = Unit(rank, -1, "item", child, parent[-1], group)
            numbered = LIST_ITEM_RE.match(child)
            if numbered and numbered.group(2):  # "1. Capacity-building": a numbered list
                unit.text, unit.number = child[numbered.end() :], int(numbered.group(2))
            unit.order = start
            unit.terms = set(terms_of(child))
            units.append(unit)
    return units


def _continues(first: Hit, second: Hit) -> bool:
    """Whether ``second`` is the chunk right after ``first`` in the same section."""
    if first.doc_id != second.doc_id or first.heading_path != second.heading_path:
        return False
    return first.start_char < second.start_char <= first.end_char + 2


def _join_split_lists(hits: Sequence[Hit], units: list[Unit]) -> None:
    """A list cut between two chunks answers as one list: "the seven steps" come back as two
    passages (retrieval.complete_lists), and the answer quotes them as one list, each item cited
    to its own passage. Such a list spans passages, so its group id is negative, like a heading
    list's, and its items keep document order."""
    by_rank: dict[int, list[Unit]] = {}
    for unit in units:
        if unit.position >= 0:  # not a heading list's item
            by_rank.setdefault(unit.hit_rank, []).append(unit)
    group = min([u.group for u in units if u.group < -1], default=-1)
    pairs = [
        (first.start_char, a, b)
        for a, first in enumerate(hits)
        for b, second in enumerate(hits)
        if a != b and _continues(first, second)
    ]
    for _, a, b in sorted(pairs):  # in document order, so a list over three chunks is one
        ends, opens = by_rank.get(a, []), by_rank.get(b, [])
        if not ends or not opens or ends[-1].kind != "item" or opens[0].kind != "item":
            continue
        first_line = next((line for line in hits[b].text.split("\n") if line.strip()), "")
        if not LIST_ITEM_RE.match(first_line):  # the second chunk opens with something else
            continue
        tail = [u for u in ends if u.kind == "item" and u.group == ends[-1].group]
        head = [u for u in opens if u.kind == "item" and u.group == opens[0].group]
        if tail[0].spans_passages:  # the list runs on from an earlier chunk already
            joined, target = head, tail[0].group
        else:
            group -= 1
            joined, target = tail + head, group
        for unit in joined:
            unit.order = hits[unit.hit_rank].start_char * 1000 + unit.position
            unit.group, unit.lead = target, tail[0].lead


def all_units(hits: Sequence[Hit]) -> list[Unit]:
    """Units of every passage in retrieval order, each distinct text once."""
    units: list[Unit] = []
    seen: set[str] = set()
    for rank, hit in enumerate(hits):
        for unit in units_of(hit, rank):
            key = " ".join(unit.text.casefold().split())
            if key not in seen:
                seen.add(key)
                units.append(unit)
    units += heading_units(hits)
    _join_split_lists(hits, units)
    return units
