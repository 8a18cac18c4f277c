"""Build the sample PDFs of the knowledge base from Markdown sources.

Each source lives in ``corpus/_build/<name>.md`` and starts with the same YAML
front matter as the Markdown documents. For every source this script writes:

* ``corpus/<name>.pdf`` - rendered with fpdf2: running header (document title)
  and a "Page N of M" footer on every page, real tables via ``pdf.table()``;
* ``corpus/<name>.pdf.meta.yaml`` - the front matter as plain YAML (no ``---``).

Supported Markdown subset: ``#``/``##``/``###`` headings, paragraphs,
``-`` bullets, ``1.`` numbered items, ``|`` pipe tables, ``**bold**`` and
``*italic*``, and a ``<!-- pagebreak -->`` marker.

Usage:  python corpus/_build/make_pdfs.py            (builds all sources)
        python corpus/_build/make_pdfs.py NAME ...   (builds the named ones)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml
from fpdf import FPDF
from fpdf.fonts import FontFace

BUILD_DIR = Path(__file__).resolve().parent
CORPUS_DIR = BUILD_DIR.parent
SOURCES = ["eu-funding-programmes-overview", "environmental-management-options-for-smes"]

# The core PDF fonts only cover Latin-1: map the few typographic characters we use.
REPLACEMENTS = {
    "\u2013": "-", "\u2014": "-", "\u2018": "'", "\u2019": "'",
    "\u201c": '"', "\u201d": '"', "\u2026": "...", "\u00a0": " ",
}


def clean(text: str) -> str:
    for old, new in REPLACEMENTS.items():
        text = text.replace(old, new)
    return text.encode("latin-1", "replace").decode("latin-1")


def inline(text: str) -> str:
    """Convert Markdown emphasis to fpdf2's markdown markers (** bold, __ italic)."""
    text = re.sub(r"(?<!\*)\*(?!\*)([^*]+?)\*(?!\*)", r"__\1__", text)
    return clean(text)


def split_front_matter(raw: str) -> tuple[dict, str]:
    match = re.match(r"^---\n(.*?)\n---\n", raw, re.S)
    if not match:
        raise ValueError("source has no YAML front matter")
    return yaml.safe_load(match.group(1)), raw[match.end():]


class Doc(FPDF):
    def __init__(self, title: str):
        super().__init__(format="A4")
        self.doc_title = clean(title)
        self.set_margins(20, 22, 20)
        self.set_auto_page_break(True, margin=20)
        self.set_title(self.doc_title)
        self.set_author("eco-advisor sample knowledge base")

    def header(self):
        self.set_font("Helvetica", "I", 8)
        self.set_text_color(90, 90, 90)
        self.set_y(10)
        self.cell(0, 5, self.doc_title, align="L")
        self.ln(6)
        self.set_draw_color(170, 170, 170)
        self.line(20, 16, self.w - 20, 16)
        self.set_text_color(0, 0, 0)
        self.set_y(22)

    def footer(self):
        self.set_y(-14)
        self.set_font("Helvetica", "", 8)
        self.set_text_color(90, 90, 90)
        self.cell(0, 6, f"Page {self.page_no()} of {{nb}}", align="C")
        self.set_text_color(0, 0, 0)


def render_table(pdf: Doc, rows: list[str]) -> None:
    cells = [[c.strip() for c in r.strip().strip("|").split("|")] for r in rows]
    cells = [r for r in cells if not all(re.fullmatch(r":?-{3,}:?", c) for c in r)]
    ncols = len(cells[0])
    # wide enough between columns that text extraction sees the gap; 1.5 mm above and below
    side = 3.5
    # Column widths proportional to the longest text in each column (bounded), but never
    # narrower than the column's longest word: "14001:2015" must not break across lines.
    lengths = [max(len(r[i]) if i < len(r) else 0 for r in cells) for i in range(ncols)]
    weights = [min(max(n, 8), 60) for n in lengths]
    widths = [pdf.epw * w / sum(weights) for w in weights]
    pdf.set_font("Helvetica", "B", 9)  # the header row is bold, its words the widest
    floors = [
        max(pdf.get_string_width(clean(word)) for r in cells if i < len(r) for word in r[i].split() or [""])
        + 2 * side + 1
        for i in range(ncols)
    ]
    for _ in range(ncols):  # widen the narrow columns, taking the room from the others
        short = sum(max(0.0, f - w) for f, w in zip(floors, widths))
        if short <= 0.01:
            break
        spare = sum(w - f for f, w in zip(floors, widths) if w > f)
        widths = [f if w <= f else w - (w - f) * short / spare for f, w in zip(floors, widths)]
    pdf.set_font("Helvetica", "", 9)
    with pdf.table(
        col_widths=widths,
        text_align="LEFT",
        line_height=4.6,
        padding=(1.5, side, 1.5, side),
        headings_style=FontFace(emphasis="BOLD", fill_color=(225, 235, 225)),
        markdown=True,
    ) as table:
        for r in cells:
            row = table.row()
            for i in range(ncols):
                row.cell(inline(r[i]) if i < len(r) else "")
    pdf.ln(3)


def render(body: str, pdf: Doc) -> None:
    lines = body.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i].rstrip()
        if not line.strip():
            i += 1
            continue
        if line.strip() == "<!-- pagebreak -->":
            pdf.add_page()
        elif line.startswith("# "):
            pdf.set_font("Helvetica", "B", 17)
            pdf.multi_cell(0, 8, clean(line[2:]), new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)
        elif line.startswith("## "):
            pdf.ln(2)
            pdf.set_font("Helvetica", "B", 13)
            pdf.multi_cell(0, 7, clean(line[3:]), new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
        elif line.startswith("### "):
            pdf.set_font("Helvetica", "B", 11)
            pdf.multi_cell(0, 6, clean(line[4:]), new_x="LMARGIN", new_y="NEXT")
        elif line.startswith("|"):
            rows = []
            while i < len(lines) and lines[i].startswith("|"):
                rows.append(lines[i])
                i += 1
            render_table(pdf, rows)
            continue
        elif re.match(r"^(- |\d+\. )", line):
            marker, text = re.match(r"^(- |\d+\. )(.*)", line).groups()
            bullet = "-" if marker == "- " else marker.strip()
            pdf.set_font("Helvetica", "", 10.5)
            pdf.set_x(pdf.l_margin + 3)
            pdf.cell(6, 5.5, bullet)
            pdf.multi_cell(0, 5.5, inline(text), markdown=True, new_x="LMARGIN", new_y="NEXT")
            nxt = lines[i + 1] if i + 1 < len(lines) else ""
            pdf.ln(0.8 if re.match(r"^(- |\d+\. )", nxt) else 2.5)
        else:
            para = [line.strip()]
            i += 1
            while i < len(lines) and lines[i].strip() and not re.match(r"^(#|\||- |\d+\. |<!--)", lines[i]):
                para.append(lines[i].strip())
                i += 1
            pdf.set_font("Helvetica", "", 10.5)
            pdf.multi_cell(0, 5.5, inline(" ".join(para)), markdown=True, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2.5)
            continue
        i += 1


def build(name: str) -> Path:
    meta, body = split_front_matter((BUILD_DIR / f"{name}.md").read_text(encoding="utf-8"))
    if meta.get("id") != name:
        raise ValueError(f"{name}: front matter id {meta.get('id')!r} differs from file name")
    pdf = Doc(meta["title"])
    pdf.add_page()
    render(body, pdf)
    out = CORPUS_DIR / f"{name}.pdf"
    pdf.output(str(out))
    sidecar = CORPUS_DIR / f"{name}.pdf.meta.yaml"
    sidecar.write_text(yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, default_flow_style=None), encoding="utf-8")
    print(f"wrote {out.relative_to(CORPUS_DIR.parent)} ({pdf.pages_count} pages) and {sidecar.name}")
    return out


if __name__ == "__main__":
    for source in sys.argv[1:] or SOURCES:
        build(source)
