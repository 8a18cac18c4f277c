"""Loaders turn each supported format into citable text; bad files are refused with a reason."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURE_CORPUS, REPO_ROOT, make_pdf
from ingestion_helpers import settings_for, write_docx

from assistant.errors import DocumentError
from ingestion.indexing import Candidate, discover, prepare
from ingestion.loaders import (
    _columns_as_cells,
    _mark_headings,
    decode_text,
    load_docx,
    load_html,
    load_markdown,
    load_pdf,
    load_text,
    loader_for,
)

PAGES = [
    "Energy audit summary. Compressed air leaks were the largest single loss found.",
    "Lighting. Replacing fluorescent tubes with LED fittings cut lighting demand.",
    "Heat recovery. Waste heat from the compressors now warms the assembly hall.",
]


# -- PDF ---------------------------------------------------------------------------------------


def test_pdf_gives_one_unit_per_page_with_its_page_number(tmp_path: Path) -> None:
    pdf = make_pdf(tmp_path / "audit.pdf", PAGES, title="Audit")
    extracted = load_pdf(pdf.read_bytes())
    assert [u.page for u in extracted.units] == [1, 2, 3]
    assert "Compressed air leaks" in extracted.units[0].text
    assert "LED fittings" in extracted.units[1].text
    assert "Waste heat" in extracted.units[2].text
    assert extracted.title == "Audit"


@pytest.mark.parametrize("pages", [PAGES, PAGES[:2]], ids=["three-pages", "two-pages"])
def test_pdf_running_header_and_page_number_footer_are_dropped(
    tmp_path: Path, pages: list[str]
) -> None:
    pdf = make_pdf(tmp_path / "report.pdf", pages, header="Fixture Report 2026")
    units = load_pdf(pdf.read_bytes()).units
    assert len(units) == len(pages)
    for unit in units:
        assert "Fixture Report" not in unit.text
        assert "Page " not in unit.text
        assert unit.text.strip()


def test_a_sentence_cut_by_a_page_break_is_finished_on_the_page_where_it_starts(
    tmp_path: Path,
) -> None:
    pages = [
        "EMAS started in 1993. It was revised in 2001 and is now",
        "governed by Regulation 1221/2009. It is open to firms outside the EU.",
        "Registration takes a few months.",  # a page opening a new sentence is left alone
    ]
    units = load_pdf(make_pdf(tmp_path / "emas.pdf", pages).read_bytes()).units
    assert units[0].text.endswith("and is now governed by Regulation 1221/2009.")
    assert units[1].text == "It is open to firms outside the EU."
    assert units[2].text == "Registration takes a few months."


def test_pdf_table_keeps_one_row_per_line_in_reading_order(tmp_path: Path) -> None:
    table = [["Measure", "Payback"], ["Fix air leaks", "under 1 year"], ["LED lighting", "3 years"]]
    pdf = make_pdf(tmp_path / "t.pdf", PAGES[:1], table=table, header=None)
    lines = load_pdf(pdf.read_bytes()).units[0].text.split("\n")
    for row in table:
        assert any(row[0] in line and row[1] in line for line in lines), (row, lines)


def test_pdf_two_column_table_becomes_table_rows_but_prose_does_not(tmp_path: Path) -> None:
    # Two columns have only one wide gap per line, like justified prose; the aligned run of
    # them is what makes a table, so the answer engine can quote a row with its header.
    table = [
        ["Policy window", "Indicative guarantee"],
        ["Sustainable infrastructure", "EUR 9.9 billion"],
        ["Research and digitisation", "EUR 6.6 billion"],
        ["SMEs", "EUR 6.9 billion"],
    ]
    pdf = make_pdf(tmp_path / "t.pdf", PAGES[:1], table=table, header=None)
    lines = load_pdf(pdf.read_bytes()).units[0].text.split("\n")
    rows = [line for line in lines if line.startswith("|")]
    assert len(rows) == len(table), lines
    assert rows[3].replace(" ", "") == "|SMEs|EUR6.9billion|"
    assert any(line.startswith("Energy audit summary") for line in lines)


def test_a_pdf_table_row_whose_cells_wrap_onto_several_lines_stays_one_row(
    tmp_path: Path,
) -> None:
    # Read line by line, a wrapped row became several rows of cell fragments, and the answer
    # engine quoted "| best-practice projects | 60% of costs) |" as if it were a row.
    table = [
        ["Instrument", "What it supports", "Budget", "Form of support"],
        [
            "LIFE",
            "environment and climate demonstration and best-practice projects",
            "EUR 5.4bn",
            "grants (standard projects usually up to 60% of costs)",
        ],
        [
            "Horizon Europe",
            "research and innovation, mostly in consortia",
            "EUR 95.5 billion",
            "grants",
        ],
    ]
    pdf = make_pdf(tmp_path / "t.pdf", PAGES[:1], table=table, header=None)
    lines = load_pdf(pdf.read_bytes()).units[0].text.split("\n")
    rows = [line for line in lines if line.startswith("|")]
    assert rows == ["| " + " | ".join(row) + " |" for row in table], lines
    assert any(line.startswith("Energy audit summary") for line in lines)  # prose stays prose


def test_a_two_column_pdf_table_with_wrapped_cells_keeps_its_rows() -> None:
    # pypdf's layout text of our EMS guide's last table: the first cell comes within five spaces
    # of the second column, and a second cell wraps. Read as prose, the answer said "You
    # operate in Wales Green Dragon, possibly as a route to ISO 14001" as one sentence.
    first = "You want maximum credibility and public transparency in the"
    at = len(first) + 5  # the second column's start

    def line(left: str, right: str = "") -> str:
        return f"{left:<{at}}{right}".rstrip()

    layout = "\n".join(
        [
            line("Situation", "Suggested route"),
            "",
            line(first, "EMAS"),
            line("EU"),
            "",
            line(
                "You are starting from scratch with few resources",
                "ISO 14005 phased approach, or a",
            ),
            line("", "national stepped scheme"),
            "",
            line("You operate in Wales", "Green Dragon"),
        ]
    )
    assert _columns_as_cells(layout).split("\n") == [
        "| Situation | Suggested route |",
        "| You want maximum credibility and public transparency in the EU | EMAS |",
        "| You are starting from scratch with few resources | ISO 14005 phased approach, or a "
        "national stepped scheme |",
        "| You operate in Wales | Green Dragon |",
    ]


def test_a_table_cell_that_comes_within_two_spaces_of_the_next_column_is_still_cut() -> None:
    # our EMS guide's EMAS row: "verifier; registration" fills its column, and layout text
    # leaves two spaces before the next column, where a cell normally ends at three
    columns = [0, 12, 36]

    def line(*cells: str) -> str:
        out = ""
        for at, text in zip(columns, cells, strict=False):
            out = f"{out:<{at}}{text}" if text else out
        return out.rstrip()

    layout = "\n".join(
        [
            line("Scheme", "Who checks it", "Public reporting"),
            "",
            line("", "environmental", "validated"),
            line("EMAS", "verifier; registration", "environmental"),
            line("", "by a Competent Body", "statement"),
            "",
            line("ISO 14005", "not a scheme", "not required"),
        ]
    )
    assert "registration  environmental" in layout  # two spaces only
    assert _columns_as_cells(layout).split("\n") == [
        "| Scheme | Who checks it | Public reporting |",
        "| EMAS | environmental verifier; registration by a Competent Body | validated "
        "environmental statement |",
        "| ISO 14005 | not a scheme | not required |",
    ]


@pytest.mark.parametrize(
    "name", ["eu-funding-programmes-overview", "environmental-management-options-for-smes"]
)
def test_every_table_row_of_our_pdfs_comes_out_as_its_source_wrote_it(name: str) -> None:
    # the corpus PDFs are built from Markdown (corpus/_build): each source row must come back
    # whole, no word broken by a narrow column ("ISO 14001:2 015"), no cells run together
    source = (REPO_ROOT / "corpus" / "_build" / f"{name}.md").read_text(encoding="utf-8")

    def cells(row: str) -> tuple[str, ...]:
        return tuple(c.strip().replace("*", "") for c in row.strip().strip("|").split("|"))

    written = [
        cells(line)
        for line in source.splitlines()
        if line.startswith("|") and not set(line) <= set("|-: ")
    ]
    pdf = load_pdf((REPO_ROOT / "corpus" / f"{name}.pdf").read_bytes())
    text = "\n".join(unit.text for unit in pdf.units)
    extracted = {cells(line) for line in text.splitlines() if line.startswith("|")}
    assert len(written) > 10
    assert [row for row in written if row not in extracted] == []


def test_table_rows_on_adjacent_lines_stay_one_row_per_line() -> None:
    # with no blank line anywhere, a wrapped cell and a new row look alike: nothing is merged
    layout = (
        "Measure          Cost          Payback\n"
        "Fix air leaks    low           under 1 year\n"
        "LED lighting     medium        3 years"
    )
    assert _columns_as_cells(layout).split("\n") == [
        "| Measure | Cost | Payback |",
        "| Fix air leaks | low | under 1 year |",
        "| LED lighting | medium | 3 years |",
    ]


def test_pdf_numbered_headings_become_sections_but_numbered_steps_do_not() -> None:
    lines = [
        "7. InvestEU",
        "InvestEU brings EU financial instruments under one roof. It has four windows:",
        "",
        "8. Practical steps",
        "",
        "1. Check that your company meets the SME definition.",
        "2. Register on the portal.",
    ]
    marked = _mark_headings(lines)
    assert [line for line in marked if line.startswith("## ")] == [
        "## 7. InvestEU",
        "## 8. Practical steps",
    ]
    assert "1. Check that your company meets the SME definition." in marked


def test_truncated_pdf_is_refused_as_corrupt(tmp_path: Path) -> None:
    data = make_pdf(tmp_path / "a.pdf", PAGES).read_bytes()
    with pytest.raises(DocumentError, match=r"corrupt|unreadable|no pages|no extractable"):
        load_pdf(data[: len(data) // 3])


def test_garbage_named_pdf_is_refused_as_corrupt() -> None:
    with pytest.raises(DocumentError, match="corrupt or unreadable PDF"):
        load_pdf(b"this is not a PDF at all, just words " * 20)


def test_encrypted_pdf_is_refused_as_needing_a_password(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_encryption(owner_password="owner-secret", user_password="user-secret")
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    pdf.multi_cell(0, 6, "Confidential supplier prices.")
    path = tmp_path / "locked.pdf"
    pdf.output(str(path))
    with pytest.raises(DocumentError, match="encrypted PDF"):
        load_pdf(path.read_bytes())


# -- HTML --------------------------------------------------------------------------------------


def test_html_keeps_main_content_and_drops_navigation_banner_footer_and_scripts() -> None:
    extracted = load_html((FIXTURE_CORPUS / "symbiosis-news.html").read_bytes())
    text = "\n".join(u.text for u in extracted.units)
    assert "residual heat, water or by-products" in text
    assert "Kalundborg in Denmark" in text
    assert "Map your waste streams" in text
    for boilerplate in ("About us", "Contact", "cookies", "All rights reserved", "Privacy"):
        assert boilerplate not in text
    assert "tracker" not in text and "console.log" not in text
    assert extracted.title == "Industrial symbiosis pays off for small firms"
    sections = [u.heading_path[-1] for u in extracted.units]
    assert "Kalundborg example" in sections and "Getting started" in sections
    assert extracted.metadata["description"] == "Test page"


# -- Markdown and text -------------------------------------------------------------------------


def test_markdown_headings_become_sections_and_front_matter_becomes_metadata() -> None:
    extracted = load_markdown((FIXTURE_CORPUS / "sme-thresholds.md").read_bytes())
    assert extracted.title == "SME size thresholds (test fixture)"
    assert extracted.metadata["doc_type"] == "definition"
    assert extracted.metadata["reviewed"] == "2026-11-23"  # a YAML date, kept as ISO text
    assert extracted.metadata["countries"] == ["EU"]
    paths = [u.heading_path for u in extracted.units]
    assert ("SME size thresholds (test fixture)", "Thresholds") in paths
    assert ("SME size thresholds (test fixture)", "Partner and linked enterprises") in paths
    assert all("doc_type:" not in u.text for u in extracted.units)


def test_markdown_heading_inside_a_code_fence_is_not_a_section() -> None:
    body = "# Guide\n\nIntro.\n\n```bash\n# not a heading\necho hi\n```\n\n## Real section\n\nText."
    units = load_markdown(body.encode()).units
    assert [u.heading_path for u in units] == [("Guide",), ("Guide", "Real section")]
    assert "# not a heading" in units[0].text


def test_malformed_front_matter_is_refused_with_the_reason() -> None:
    with pytest.raises(DocumentError, match="malformed YAML front matter"):
        load_markdown(b"---\ntitle: [unclosed\n---\n# Body\n\nText.")


def test_plain_text_is_one_unit_titled_by_its_first_line() -> None:
    extracted = load_text((FIXTURE_CORPUS / "water-saving.txt").read_bytes())
    assert len(extracted.units) == 1
    assert extracted.title == "Water saving in food processing (test fixture)"
    assert "clean-in-place" in extracted.units[0].text


# -- DOCX --------------------------------------------------------------------------------------


def test_docx_headings_list_items_and_table_rows_are_kept(tmp_path: Path) -> None:
    extracted = load_docx(write_docx(tmp_path / "checklist.docx").read_bytes())
    assert extracted.title == "Eco-design checklist"
    text = "\n".join(u.text for u in extracted.units)
    assert "- Prefer recycled aluminium for housings." in text
    assert "| Lighter box | 12 % |" in text
    sections = {u.heading_path[-1] for u in extracted.units if u.heading_path}
    assert {"Materials", "Savings"} <= sections


def test_corrupt_docx_is_refused_with_the_reason() -> None:
    with pytest.raises(DocumentError, match="corrupt or unreadable DOCX"):
        load_docx(b"PK\x03\x04 not really a zip")


# -- text decoding -----------------------------------------------------------------------------

FRENCH = (
    "L'entreprise a réduit sa consommation d'énergie de 20 % grâce à un audit énergétique. "
    "Les économies réalisées ont été réinvesties dans l'isolation des bâtiments."
)


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (FRENCH, "cp1252"),
        (FRENCH, "latin-1"),
        ("Café équitable à Noël : déjà réservé, coût 5 000 € – « raisonnable ».", "cp1252"),
        ("La pequeña compañía redujo su consumo de energía; además instaló paneles.", "cp1252"),
        ("Die Größe des Betriebs zählt für die Förderung; Maßnahmen prüfen.", "cp1252"),
        (FRENCH + " ✓", "utf-8"),
        (FRENCH, "utf-8-sig"),
        (FRENCH, "utf-16"),
        ("Przedsiębiorstwo zmniejszyło zużycie energii o dwadzieścia procent.", "cp1250"),
        ("Společnost snížila spotřebu energie o dvacet procent díky auditu.", "cp1250"),
        ("Предприятие сократило потребление энергии на двадцать процентов.", "cp1251"),
        ("Įmonė sumažino energijos suvartojimą dvidešimčia procentų. Lėšos į pastatų.", "cp1257"),
    ],
    ids=[
        "fr-cp1252",
        "fr-latin1",
        "fr-short-cp1252",
        "es-cp1252",
        "de-cp1252",
        "utf8",
        "utf8-bom",
        "utf16",
        "pl-cp1250",
        "cs-cp1250",
        "ru-cp1251",
        "lt-cp1257",
    ],
)
def test_text_in_a_legacy_or_unicode_encoding_decodes_to_the_original(
    text: str, encoding: str
) -> None:
    assert decode_text(text.encode(encoding)) == text


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b" \n\t\n", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary content"),
        (bytes(range(1, 32)) * 40, "binary content"),
    ],
    ids=["empty", "whitespace-only", "png-bytes", "control-bytes"],
)
def test_empty_or_binary_text_file_is_refused_with_the_reason(data: bytes, reason: str) -> None:
    with pytest.raises(DocumentError, match=reason):
        load_text(data)


# -- discovery: suffixes, sidecars, ignores ------------------------------------------------------


def test_unknown_suffix_is_reported_unsupported_without_reading_the_file(tmp_path: Path) -> None:
    path = tmp_path / "drawing.dwg"
    path.symlink_to(tmp_path / "does-not-exist")  # reading it would fail with "cannot read"
    assert loader_for(".dwg") is None
    assert loader_for(".PDF") is load_pdf
    candidate = Candidate(path=path, root=tmp_path, source="drawing.dwg")
    prepared = prepare(candidate, settings_for(tmp_path / "data"), None)
    assert prepared.error == "unsupported file type '.dwg'"


def test_file_over_the_size_cap_is_refused_naming_the_cap(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("Energy efficiency pays. " * 60_000, encoding="utf-8")  # ~1.4 MB
    candidate = Candidate(path=path, root=tmp_path, source="big.txt")
    prepared = prepare(candidate, settings_for(tmp_path / "data", max_file_mb=1), None)
    assert prepared.error is not None
    assert "too large" in prepared.error and "1 MB cap" in prepared.error


def test_sidecar_metadata_reaches_every_chunk_and_overrides_the_title(tmp_path: Path) -> None:
    (tmp_path / "note.txt").write_text("Old title line\n\nReuse pallets twice.", encoding="utf-8")
    (tmp_path / "note.txt.meta.yaml").write_text(
        "title: Pallet reuse note\npublisher: Chamber X\nreviewed: 2026-01-05\n", encoding="utf-8"
    )
    candidates, problems = discover([tmp_path])
    assert problems == []
    assert [c.source for c in candidates] == ["note.txt"]  # the sidecar is not a document
    prepared = prepare(candidates[0], settings_for(tmp_path / "data"), None)
    assert prepared.error is None and prepared.metadatas
    for meta in prepared.metadatas:
        assert meta["title"] == "Pallet reuse note"
        assert meta["publisher"] == "Chamber X"
        assert meta["reviewed"] == "2026-01-05"


def test_ingestignore_patterns_and_hidden_files_are_not_discovered(tmp_path: Path) -> None:
    for rel in [
        "keep.md",
        "sub/keep.txt",
        "drafts/wip.md",
        "notes.tmp.md",
        ".hidden.md",
        ".git/config.md",
        "sub/.cache/x.md",
    ]:
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("# Text\n\nSome words.", encoding="utf-8")
    (tmp_path / ".ingestignore").write_text("drafts/\n*.tmp.md\n", encoding="utf-8")
    candidates, problems = discover([tmp_path])
    assert problems == []
    assert sorted(c.source for c in candidates) == ["keep.md", "sub/keep.txt"]


def test_missing_path_is_reported_not_raised(tmp_path: Path) -> None:
    candidates, problems = discover([tmp_path / "nope"])
    assert candidates == []
    assert problems == [(str(tmp_path / "nope"), "no such file or folder")]


def test_front_matter_keeps_norways_country_code_as_text() -> None:
    """YAML 1.1 reads NO as False; our metadata loader follows YAML 1.2 booleans."""
    from ingestion.loaders import split_front_matter

    meta, body = split_front_matter("---\ncountries: [EU, NO, IS]\nfree: true\n---\nBody text.")
    assert meta["countries"] == ["EU", "NO", "IS"]
    assert meta["free"] is True
    assert body.strip() == "Body text."


def test_pdf_headings_set_in_a_heading_font_become_sections_by_size(tmp_path: Path) -> None:
    # Layout text keeps no fonts: "Derogations for small organisations" (bold, unnumbered) read
    # as a sentence of the EMAS section, and its text was cited under "3. EMAS" alone
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_title("Management Options for SMEs")
    pdf.add_page()

    def write(text: str, size: float, style: str = "", markdown: bool = False) -> None:
        pdf.set_font("helvetica", style, size)
        pdf.multi_cell(0, 6, text, markdown=markdown, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)

    write("Management Options for SMEs", 17, "B")
    write("An environmental management system is a structured way to run things well.", 10.5)
    write("EMAS in short", 13, "B")
    write("EMAS asks for a public statement, validated by a verifier, every year.", 10.5)
    write("Derogations for small organisations", 11, "B")
    write("The **Competent Body** can extend the cycle to four years on request.", 10.5, "", True)
    write("Registration follows once the statement is validated by the verifier.", 10.5)
    path = tmp_path / "ems.pdf"
    pdf.output(str(path))

    lines = load_pdf(path.read_bytes()).units[0].text.split("\n")
    assert "## EMAS in short" in lines
    assert "### Derogations for small organisations" in lines
    assert not any(line.startswith("#") and "Management Options" in line for line in lines)
    assert not any(line.startswith("#") and "Competent Body" in line for line in lines)


def test_a_table_caption_becomes_a_lead_in_not_a_header_row() -> None:
    # trafilatura wrote the caption as a header row of its own, above the real header
    page = b"""<html><head><title>EEN</title></head><body><main><h1>EEN</h1>
    <p>The Network is funded under the Single Market Programme in periods of a few years.</p>
    <table><caption>EEN funding periods</caption>
    <thead><tr><th>Period</th><th>Call budget</th></tr></thead>
    <tbody><tr><td>2022 to 2025</td><td>EUR 164.5 million</td></tr></tbody></table>
    </main></body></html>"""
    text = "\n".join(u.text for u in load_html(page).units)
    assert "EEN funding periods:\n\n| Period | Call budget |" in text, text
    assert "| EEN funding periods |" not in text
