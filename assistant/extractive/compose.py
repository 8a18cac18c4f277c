"""Writing the answer: verbatim quotes, each followed by the marker of the passage it comes from.

Sentences become paragraphs, list items a Markdown list under their lead-in, table rows a table
under their header row. Sources are numbered in order of first citation, so only cited passages
become sources. A decline says plainly that the documents do not cover the question and names the
related topics the retrieved documents are about.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.answering import DECLINE_PREFIX, Answer, format_source_list
from assistant.extractive.passages import ABBREV_RE, Unit, antecedents, row_cells
from assistant.extractive.question import Question, terms_of
from assistant.extractive.selection import reading_order
from assistant.retrieval import Hit

# Advice to the reader: an imperative opening a sentence or item ("Ask your Competent Body"),
# capitalised, so a requirement listed after "An energy audit shall:" ("review the energy use of
# buildings") is not taken for one; or a phrase of advice anywhere.
_ACTION_RE = re.compile(
    r"^(?:\*\*)?(?:Check|Contact|Apply|Submit|Read|Ask|Register|Prepare|Map|Start|Use|Visit|"
    r"Talk|Plan|Find|Consider|Identify|Choose|Join|Get|Book|Request|Look|Make|Set|Keep|"
    r"Document|Agree|Calculate|Compare|Review|Train|Measure|Install|Replace)\b|"
    r"(?i:\byou should\b|\bshould (?:first|start|contact|check)\b|\bwe recommend\b|"
    r"\bit is advisable\b)",
)


_NUMBERED_HEADING = re.compile(r"^\s*(?:\d+(?:\.\d+)*\.?|[A-Z]\.)\s+")


class Numbering:
    """Source numbers in order of first citation; only cited passages become sources."""

    def __init__(self, hits: Sequence[Hit]) -> None:
        self.hits = hits
        self.order: list[int] = []

    def marker(self, unit: Unit) -> str:
        if unit.hit_rank not in self.order:
            self.order.append(unit.hit_rank)
        return f"[{self.order.index(unit.hit_rank) + 1}]"

    @property
    def sources(self) -> list[Hit]:
        return [self.hits[rank] for rank in self.order]


def _cite_sentence(text: str, marker: str) -> str:
    """The marker goes right after the quoted words, before a closing full stop or the colon
    of a list's lead-in (as a list's own lead-in is cited: "in five places [1]:")."""
    if text.endswith(".") and not ABBREV_RE.search(text):
        return f"{text[:-1]} {marker}."
    if text.endswith(":"):
        return f"{text[:-1]} {marker}:"
    return f"{text} {marker}"


def render(units: Sequence[Unit], numbering: Numbering) -> list[str]:
    """Markdown blocks: sentences as paragraphs, items as lists, rows as tables with a header."""
    blocks: list[str] = []
    quoted_leads: set[str] = set()
    sentences: list[str] = []
    index = 0

    def flush() -> None:
        if sentences:
            blocks.append(" ".join(sentences))
            sentences.clear()

    while index < len(units):
        unit = units[index]
        if unit.kind == "sentence":
            quoted_leads.add(unit.text)
            sentences.append(_cite_sentence(unit.text, numbering.marker(unit)))
            index += 1
            continue
        flush()
        run = [unit]
        while (
            index + len(run) < len(units)
            and units[index + len(run)].kind == unit.kind
            and units[index + len(run)].group == unit.group
            and (units[index + len(run)].hit_rank == unit.hit_rank or unit.spans_passages)
        ):
            run.append(units[index + len(run)])
        before = units[index - 1] if index else None
        index += len(run)
        if unit.kind == "item" and before and before.kind == "item" and unit.lead == before.text:
            # a list nested under the item just quoted goes under it, indented
            blocks[-1] += "\n" + "\n".join(f"  {line}" for line in _items(run, numbering))
            continue
        blocks.append(
            _list(run, numbering, quoted_leads) if unit.kind == "item" else _table(run, numbering)
        )
    flush()
    return blocks


def _list(run: Sequence[Unit], numbering: Numbering, quoted_leads: set[str]) -> str:
    lines = []
    lead = run[0].lead
    if lead and lead not in quoted_leads:
        quoted_leads.add(lead)
        lines += [_cite_sentence(lead.rstrip(":"), numbering.marker(run[0])) + ":", ""]
    elif not lead:  # labelled by its headings instead: a label, not a claim, so no marker
        label = _section_label(numbering.hits[run[0].hit_rank], run[0])
        if label and label not in quoted_leads:
            quoted_leads.add(label)
            lines += [f"{label}:", ""]
    return "\n".join(lines + _items(run, numbering))


def _section_label(hit: Hit, unit: Unit) -> str:
    """For a list with no lead-in, its section headings in bold: "- Annual savings of almost
    USD 19,000" says whose savings only under "Metalexacto (Peru) – Results"."""
    if unit.spans_passages:  # a list of sub-section headings is led by their parent already
        return ""
    path = [_NUMBERED_HEADING.sub("", h) for h in hit.heading_path[1:]]
    return f"**{' – '.join(p for p in path if p)}**" if any(path) else ""


def _items(run: Sequence[Unit], numbering: Numbering) -> list[str]:
    """Markdown list lines. A numbered list keeps the source's numbers ("step 3" stays 3) when
    they run on one by one, as Markdown renders them; otherwise each item keeps its number in a
    bullet, so no step is renumbered."""
    numbers = [item.number for item in run]
    first = numbers[0]
    if first is not None and numbers == list(range(first, first + len(run))):
        marks = [f"{n}." for n in numbers]
    else:
        marks = ["-" if n is None else f"- {n}." for n in numbers]
    return [
        f"{mark} {item.text.rstrip(' ;,.')} {numbering.marker(item)}"
        for mark, item in zip(marks, run, strict=True)
    ]


def _table(run: Sequence[Unit], numbering: Numbering) -> str:
    header = run[0].lead
    columns = max(1, header.strip().strip("|").count("|") + 1)
    lines = [header, "|" + "---|" * columns]
    for row in run:
        body = row.text.rstrip().removesuffix("|").rstrip()
        lines.append(f"{body} {numbering.marker(row)} |")
    return "\n".join(lines)


#: What a decline with the nearest passages says is missing, by the kind of fact asked for.
_MISSING = {
    "amount": "the amount you asked for",
    "date": "the date you asked for",
    "count": "the number you asked for",
    "duration": "how long it takes or lasts",
    "value": "the figure you asked for",
    "name": "the name you asked for",
    "funding": "funding for this",
    "outcome": "what came of it, only what was planned",
    "result": "the result you asked about",
    "list": "the list you asked for",
    "ranking": "which one ranks first",
}


def decline(
    hits: Sequence[Hit],
    engine: str,
    style: str,
    reason: str,
    nearest: Sequence[Unit] = (),
    related: Sequence[Hit] = (),
    missing: str = "",
) -> Answer:
    """A plain decline that quotes, cited, what the passages do say on the topic (``nearest``:
    "ask your Competent Body about fees" when asked what EMAS costs) and names the related
    topics the retrieved documents cover (``related``, in the order to offer them)."""
    titles: list[str] = []
    for hit in related or hits:
        title = " ".join((hit.title or hit.doc_id).split())
        if title and title not in titles:
            titles.append(title)
    numbering = Numbering(hits)
    if nearest:
        what = _MISSING.get(missing, "exactly what you asked")
        text = f"{DECLINE_PREFIX} {what}, so I cannot give you a reliable answer."
        ordered = reading_order(nearest)
        text += "\n\nWhat they do say on the topic:\n\n" + "\n\n".join(render(ordered, numbering))
    else:
        text = f"{DECLINE_PREFIX} this question, so I cannot give you a reliable answer to it."
    if titles:
        text += "\n\nRelated topics I can help with:\n\n" + "\n".join(f"- {t}" for t in titles[:3])
    if style == "advisor" and numbering.sources:  # a draft names what it quotes, as any draft
        text += "\n\n" + format_source_list(numbering.sources)
    notes = [f"declined: {reason}"] if reason else []
    return Answer(text, numbering.sources, True, engine, style, notes)


#: A list is told inline in a summary when it is this short: items of at most so many words ...
_INLINE_WORDS = 8
#: ... and at most so many items.
_INLINE_ITEMS = 6
_LETTER_RE = re.compile(r"[^\W\d_]")
# an item that opens with its name in bold: "**Prevention** – measures taken before ...",
# "**Compressed air:** find and fix leaks", "**Regional ERDF programmes.** Regulation ..."
_ITEM_NAME_RE = re.compile(r"^\*\*([^*]+?)[.:]?\*\*[.:]?(?:\s|$)")


def _names(members: Sequence[Unit]) -> list[str]:
    """What a list's items or a table's rows are called: a row's first cell, an item's name in
    bold, else the item's words."""
    if members[0].kind == "row":
        return [row_cells(m.text)[0] for m in members]
    words = [m.text.rstrip(" ;,.") for m in members]
    named = [_ITEM_NAME_RE.match(w) for w in words]
    return [n.group(1) for n in named if n] if all(named) else words


def _inline_names(lead: Unit, units: Sequence[Unit]) -> list[str]:
    """What the list or table a lead-in introduces names, when short enough to tell inline
    ("Sustainable infrastructure", "SMEs", ...); else nothing."""
    members = sorted(
        (u for u in units if u.grouped and u.hit_rank == lead.hit_rank), key=lambda u: u.position
    )
    first = next((m for m in members if m.position == lead.position + 1), None)
    if first is None:
        return []
    names = _names([m for m in members if m.group_key == first.group_key])
    short = len(names) <= _INLINE_ITEMS and all(
        # names, not figures: a table of targets by year ("2025", "2030") names nothing
        0 < len(n.split()) <= _INLINE_WORDS and _LETTER_RE.search(n)
        for n in names
    )
    return names if short else []


def _lead_summary(lead: Unit, units: Sequence[Unit], numbering: Numbering) -> str:
    """A list's lead-in as a summary, never ending on a colon with nothing after it: with what
    the list names inline ("The programme has four policy windows: Sustainable infrastructure;
    ...; SMEs; ..."), else as a statement whose list follows under key points."""
    names = _inline_names(lead, units)
    if names:
        return f"{lead.text} {'; '.join(names)} {numbering.marker(lead)}."
    return _cite_sentence(lead.text.rstrip(" :") + ".", numbering.marker(lead))


def advisor_draft(
    asked: Question,
    chosen: Sequence[Unit],
    units: Sequence[Unit],
    hits: Sequence[Hit],
    numbering: Numbering,
) -> str:
    """Summary, key points by document, next steps the sources state, numbered sources.

    Chosen units that tell the reader to do something ("Ask your Competent Body ...") are the
    next steps, not key points; more come from the other passages when the answer has none.
    """
    # a list is advice when three in four of its items are ("Ask ...", "Choose ..."), and goes
    # whole under next steps ("Expect strong competition" among LIFE's tips with it); a list of
    # steps only some of which read as advice stays whole under key points
    lists: dict[tuple[int, int], list[Unit]] = {}
    for unit in chosen:
        if unit.grouped:
            lists.setdefault(unit.group_key, []).append(unit)
    advice = {
        key
        for key, members in lists.items()
        if sum(bool(_ACTION_RE.search(m.plain)) for m in members) >= 0.75 * len(members)
    }

    def advises(unit: Unit) -> bool:
        return unit.group_key in advice if unit.grouped else bool(_ACTION_RE.search(unit.plain))

    # the lead-in of a list of advice ("Tips for SMEs:") goes with it, and is not repeated
    leads = {
        id(u)
        for u in chosen
        for m in chosen
        if u.text.endswith(":")
        and m.grouped
        and m.group_key in advice
        and (m.hit_rank, m.position) == (u.hit_rank, u.position + 1)
    }
    best = max([u for u in chosen if id(u) not in leads] or chosen, key=lambda u: u.score)
    if best.number is not None:
        # one step of a procedure ("5. Contract and use") sums nothing up: the sentence of its
        # passage that introduces the steps does ("The Commission describes a 7-step process")
        start = min(u.position for u in units if u.group_key == best.group_key)
        framing = [
            u
            for u in chosen
            if u.kind == "sentence"
            and u.hit_rank == best.hit_rank
            and u.position < start  # before the list starts
            and not u.text.endswith(":")
        ]
        best = max(framing, key=lambda u: u.score, default=best)
    elif best.kind == "item" and not asked.matches(set(terms_of(_names([best])[0]))):
        # one item of a list, not named by the question, sums up less than the list's lead-in
        # with what the list names ("EU money for energy savings in a small firm mostly reaches
        # it through national and regional channels: Regional ERDF programmes; Loans and
        # guarantees through your bank; Support for energy audits"); asked what a linked
        # enterprise is, the item "Linked enterprise – ..." stays
        start = min(u.position for u in units if u.group_key == best.group_key)
        lead = next(
            (u for u in units if (u.hit_rank, u.position) == (best.hit_rank, start - 1)), None
        )
        if (
            lead is not None
            and lead.kind == "sentence"
            and lead.text.endswith(":")
            and len(lead.plain.split()) > 3  # not "Among other things:"
            and _inline_names(lead, units)
        ):
            best = lead
    # with the sentences "It ..." leans on, which selection chose with it
    said = [*antecedents(best, chosen), best]
    if best.kind == "item":  # quoted as a statement; its list stays whole under key points
        statement = best.text.rstrip(" ;,")
        statement += "" if statement.endswith((".", "!", "?")) else "."
        summary = _cite_sentence(statement, numbering.marker(best))
    elif best.text.endswith(":"):
        summary = "\n\n".join(
            [*render(said[:-1], numbering), _lead_summary(best, units, numbering)]
        )
    else:
        summary = "\n\n".join(render(said, numbering))
    parts = ["## Summary", "", summary, "", "## Key points", ""]
    # the summary's units are not repeated, unless it is one item of a list or table
    alone = set() if best.grouped or best.text.endswith(":") else {id(u) for u in said}
    actions = [u for u in chosen if id(u) not in alone and advises(u)]
    acting = {id(u) for u in actions}
    by_doc: dict[str, list[Unit]] = {}
    for unit in chosen:
        if id(unit) not in alone and id(unit) not in acting and id(unit) not in leads:
            hit = hits[unit.hit_rank]
            by_doc.setdefault(hit.title or hit.doc_id, []).append(unit)
    if not by_doc:
        parts += ["The summary above is what the sources say on this question.", ""]
    for title, doc_units in by_doc.items():
        body = "\n\n".join(render(doc_units, numbering))
        parts += [f"### {' '.join(title.split())}", "", body, ""]
    used = {id(u) for u in chosen}
    # the advice inside a list kept whole under key points ("1. Check ..., 2. The Commission
    # evaluates ..., 3. Register ..."), repeated here rather than saying the sources give none
    listed = [u for u in chosen if u.grouped and id(u) not in acting and _ACTION_RE.search(u.plain)]
    steps = (
        actions
        or listed[:5]
        or [
            u
            for u in sorted(units, key=lambda u: -u.score)
            if id(u) not in used and u.coverage > 0 and _ACTION_RE.search(u.plain)
        ][:3]
    )
    parts += ["## Suggested next steps", ""]
    if steps:
        steps.sort(key=lambda u: (u.hit_rank, u.position))
        for step in steps:
            text = step.plain if step.kind == "row" else step.text.rstrip(" ;,.")
            parts.append(f"- {text} {numbering.marker(step)}")
    else:
        parts.append("The sources do not set out next steps for this question.")
    parts += ["", format_source_list(numbering.sources)]
    return "\n".join(parts)
