"""Chunks follow the document's structure, fit the token budget and point back at their text."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
from ingestion_helpers import settings_for

from ingestion.chunking import chunk_document, count_tokens
from ingestion.documents import Document, Unit
from ingestion.indexing import discover, prepare
from ingestion.loaders import load_markdown


def _markdown_document(body: str) -> Document:
    extracted = load_markdown(body.encode())
    return Document(
        source="guide.md",
        doc_id="guide",
        title=extracted.title or "guide",
        metadata=extracted.metadata,
        units=extracted.units,
    )


def _sentence(n: int, topic: str) -> str:
    return (
        f"Measure {n} cuts {topic} use by {n % 7 + 2} percent and pays back within "
        f"{n % 4 + 1} years at site {n}."
    )


ITEMS = [f"- Step {i}: {_sentence(i, 'water')} {_sentence(i + 50, 'heat')}" for i in range(25)]
ROWS = [f"| Measure {i} | {i * 3} % | {i * 100} EUR | site {i} |" for i in range(50)]
GUIDE = "\n".join(
    [
        "---",
        "title: Savings guide",
        "doc_type: guide",
        "---",
        "# Savings guide",
        "",
        " ".join(_sentence(i, "energy") for i in range(6)),
        "",
        "## Steps",
        "",
        *ITEMS,
        "",
        "## Table of measures",
        "",
        "| Measure | Saving | Cost | Where |",
        "|---|---|---|---|",
        *ROWS,
        "",
        "## Long paragraph",
        "",
        " ".join(_sentence(i, "solvent") for i in range(60)),
        "",
    ]
)


@pytest.mark.parametrize(("size", "overlap"), [(48, 0), (64, 16), (128, 32), (256, 32)])
def test_chunk_body_is_exactly_the_text_at_its_offsets(size: int, overlap: int) -> None:
    doc = _markdown_document(GUIDE)
    chunks = chunk_document(doc, size, overlap)
    assert chunks
    for chunk in chunks:
        body = doc.text[chunk.start : chunk.end]
        assert body.strip() and chunk.text.endswith(body)
        if not chunk.text.startswith("| Measure | Saving"):
            assert chunk.text == body  # only a repeated table header is added in front


@pytest.mark.parametrize(("size", "overlap"), [(48, 0), (64, 16), (128, 32), (256, 32)])
def test_no_chunk_exceeds_the_token_budget(size: int, overlap: int) -> None:
    chunks = chunk_document(_markdown_document(GUIDE), size, overlap)
    for chunk in chunks:
        assert count_tokens(chunk.text) <= size, chunk.text
        assert chunk.tokens == count_tokens(chunk.text)


def test_smaller_budget_gives_more_chunks() -> None:
    doc = _markdown_document(GUIDE)
    assert len(chunk_document(doc, 64, 0)) > len(chunk_document(doc, 256, 0))


def test_list_items_and_table_rows_are_never_cut_in_the_middle() -> None:
    chunks = chunk_document(_markdown_document(GUIDE), 64, 16)
    items = set(ITEMS)
    rows = set(ROWS)
    for chunk in chunks:
        for line in chunk.text.split("\n"):
            if line.startswith("- Step"):
                assert line in items, line
            if line.startswith("| Measure ") and "Saving" not in line:
                assert line in rows, line


def test_a_table_split_over_chunks_repeats_its_header_row_in_each() -> None:
    chunks = chunk_document(_markdown_document(GUIDE), 64, 0)
    with_rows = [c for c in chunks if any(line in c.text for line in ROWS)]
    assert len(with_rows) > 3
    header = "| Measure | Saving | Cost | Where |\n|---|---|---|---|\n| Measure "
    for chunk in with_rows:
        assert chunk.text.count(header) == 1, chunk.text
        assert chunk.text.startswith(header) or chunk.text.startswith("## Table of measures")
    seen_rows = [line for c in with_rows for line in c.text.split("\n") if line in ROWS]
    assert sorted(set(seen_rows)) == sorted(ROWS)  # every row kept


def test_a_chunk_never_spans_two_sections_and_carries_its_heading_path() -> None:
    chunks = chunk_document(_markdown_document(GUIDE), 128, 16)
    for chunk in chunks:
        assert chunk.heading_path[0] == "Savings guide"
        if "- Step" in chunk.text:
            assert chunk.heading_path == ("Savings guide", "Steps")
        if "solvent" in chunk.text:
            assert chunk.heading_path == ("Savings guide", "Long paragraph")
            assert "| Measure" not in chunk.text


def test_overlap_repeats_the_end_of_a_chunk_at_the_start_of_the_next() -> None:
    doc = _markdown_document(GUIDE)
    # Each list item is 49 tokens: a 60-token overlap carries one whole item over.
    with_overlap = [c for c in chunk_document(doc, 256, 60) if c.heading_path[-1] == "Steps"]
    without = [c for c in chunk_document(doc, 256, 0) if c.heading_path[-1] == "Steps"]
    assert any(b.start < a.end for a, b in pairwise(with_overlap))
    assert all(b.start >= a.end for a, b in pairwise(without))


def test_an_oversized_paragraph_is_cut_at_sentence_ends() -> None:
    chunks = chunk_document(_markdown_document(GUIDE), 64, 0)
    long_para = [c for c in chunks if c.heading_path[-1] == "Long paragraph"]
    assert len(long_para) > 3
    for chunk in long_para:
        assert chunk.text.rstrip().endswith(".")


def test_one_huge_word_run_is_cut_into_windows_within_budget() -> None:
    doc = _markdown_document("# Data\n\n" + "x" * 5000)
    chunks = chunk_document(doc, 64, 0)
    assert len(chunks) > 2
    assert all(count_tokens(c.text) <= 64 for c in chunks)
    assert "".join(c.text for c in chunks if c.text.startswith("x")) == "x" * 5000


def test_chunk_metadata_names_source_document_title_section_offsets_and_front_matter(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "kb" / "guides"
    folder.mkdir(parents=True)
    (folder / "savings.md").write_text(GUIDE, encoding="utf-8")
    candidates, _ = discover([tmp_path / "kb"])
    prepared = prepare(candidates[0], settings_for(tmp_path / "data", chunk_tokens=64), None)
    assert prepared.document is not None and prepared.error is None
    text = prepared.document.text
    for meta, chunk in zip(prepared.metadatas, prepared.chunks, strict=True):
        assert meta["source"] == "guides/savings.md"  # relative to the ingested folder
        assert meta["doc_id"] == "guides-savings"
        assert meta["title"] == "Savings guide"
        assert meta["doc_type"] == "guide"
        assert meta["section"].startswith("Savings guide")
        assert chunk.text.endswith(text[meta["start_char"] : meta["end_char"]])
        assert "page" not in meta


def test_pdf_chunks_cite_their_page(fixture_corpus: Path, tmp_path: Path) -> None:
    candidates, _ = discover([fixture_corpus / "energy-audit-report.pdf"])
    prepared = prepare(candidates[0], settings_for(tmp_path / "data"), None)
    assert prepared.document is not None
    pages = {m["page"] for m in prepared.metadatas}
    assert pages == {1, 2, 3}
    for meta, chunk in zip(prepared.metadatas, prepared.chunks, strict=True):
        body = prepared.document.text[meta["start_char"] : meta["end_char"]]
        assert chunk.text == body
        assert "section" not in meta


def test_a_short_list_that_would_straddle_two_chunks_moves_whole_with_its_lead_in() -> None:
    filler = " ".join(f"Sentence {i} says something about energy audits." for i in range(12))
    objectives = [f"- objective number {n} for the regional programme;" for n in range(1, 6)]
    body = (
        "## Cohesion policy\n\n"
        + filler
        + "\n\nCohesion policy pursues five objectives:\n\n"
        + "\n".join(objectives)
        + "\n"
    )
    budget = count_tokens(filler) + 40  # room for the filler and a few items, not the whole list
    chunks = chunk_document(_markdown_document(body), budget, 16)
    holding = [c for c in chunks if "objective number 1 " in c.text]
    assert len(holding) == 1
    assert "pursues five objectives:" in holding[0].text
    assert all(item.lstrip("- ") in holding[0].text for item in objectives)


def test_a_pdf_page_chunk_carries_the_numbered_heading_it_falls_under() -> None:
    filler = " ".join(f"Sentence {i} is about the LIFE programme calls." for i in range(30))
    page = (
        f"## 3. LIFE\n\n{filler}\n\n## 7. InvestEU\n\n"
        "InvestEU brings EU financial instruments under one roof. " + filler
    )
    doc = Document("f.pdf", "f", "Funding", {}, [Unit(text=page, page=3)], kind="pdf")
    chunks = chunk_document(doc, 120, 16)
    assert len(chunks) > 2
    for chunk in chunks:
        before = doc.text[: chunk.start]
        expected = "7. InvestEU" if "## 7. InvestEU" in before + chunk.text[:20] else "3. LIFE"
        assert chunk.heading_path == (expected,), (chunk.text[:60], chunk.heading_path)
        assert chunk.page == 3


def test_each_section_of_a_pdf_page_is_a_chunk_of_its_own_even_when_both_would_fit() -> None:
    # our EMS guide's page 2: the ISO 14005 section shared the EMAS section's chunk, so it was
    # cited, and indexed, as "3. EMAS", and a question naming ISO 14005 missed it
    page = (
        "## 3. EMAS\n\nEMAS asks for a public environmental statement.\n\n"
        "## 4. ISO 14005\n\nISO 14005 builds an EMS in phases of six stages."
    )
    doc = Document("g.pdf", "g", "EMS guide", {}, [Unit(text=page, page=2)], kind="pdf")
    chunks = chunk_document(doc, 256, 32)
    assert [(c.heading_path, c.text.split("\n")[0]) for c in chunks] == [
        (("3. EMAS",), "## 3. EMAS"),
        (("4. ISO 14005",), "## 4. ISO 14005"),
    ]
    assert "EMAS asks" not in chunks[1].text  # no overlap carried across a heading


def test_a_pdf_page_that_opens_mid_section_cites_the_heading_of_an_earlier_page() -> None:
    pages = [
        Unit(text="Intro to the guide.\n\n## 8. Which option?\n\nA customer: ISO 14001.", page=3),
        Unit(text="You operate in Norway: Eco-Lighthouse.", page=4),
        Unit(text="## 9. Contacts\n\nAsk your chamber.", page=5),
    ]
    doc = Document("g.pdf", "g", "EMS guide", {}, pages, kind="pdf")
    paths = {c.text.split("\n")[0]: c.heading_path for c in chunk_document(doc, 256, 32)}
    assert paths == {
        "Intro to the guide.": (),
        "## 8. Which option?": ("8. Which option?",),
        "You operate in Norway: Eco-Lighthouse.": ("8. Which option?",),
        "## 9. Contacts": ("9. Contacts",),
    }
    # a page that ends with a heading makes no chunk of it: the next page's text cites it
    pages = [
        Unit(text="Intro to the guide.\n\n## 8. Which option?", page=3),
        Unit(text="A customer asks for ISO 14001.", page=4),
    ]
    doc = Document("g.pdf", "g", "EMS guide", {}, pages, kind="pdf")
    chunks = chunk_document(doc, 256, 32)
    assert [(c.text, c.heading_path) for c in chunks] == [
        ("Intro to the guide.", ()),
        ("A customer asks for ISO 14001.", ("8. Which option?",)),
    ]


def test_a_pdf_sub_section_cites_its_section_and_its_own_heading() -> None:
    pages = [
        Unit(
            text="## 3. EMAS\n\nEMAS asks for a statement.\n\n### Derogations\n\nFour years.",
            page=2,
        ),
        Unit(text="Only on request.\n\n## 4. ISO 14005\n\nPhases of six stages.", page=3),
    ]
    doc = Document("g.pdf", "g", "EMS guide", {}, pages, kind="pdf")
    paths = {c.text.split("\n")[0]: c.heading_path for c in chunk_document(doc, 256, 32)}
    assert paths == {
        "## 3. EMAS": ("3. EMAS",),
        "### Derogations": ("3. EMAS", "Derogations"),
        "Only on request.": ("3. EMAS", "Derogations"),  # the next page, still under both
        "## 4. ISO 14005": ("4. ISO 14005",),  # a section closes the sub-section before it
    }


def test_a_heading_opens_the_chunk_of_its_text_and_never_ends_the_chunk_before_it() -> None:
    filler = " ".join(f"Sentence {i} is about the LIFE programme calls." for i in range(8))
    after = "InvestEU brings EU financial instruments under one roof for small firms."
    page = f"## 3. LIFE\n\n{filler}\n\n## 7. InvestEU\n\n{after}"
    doc = Document("f.pdf", "f", "Funding", {}, [Unit(text=page, page=3)], kind="pdf")
    # room for the LIFE section and the next heading, not for the paragraph under it
    budget = count_tokens(f"## 3. LIFE\n\n{filler}\n\n## 7. InvestEU") + 2
    chunks = chunk_document(doc, budget, 0)
    assert [c.heading_path for c in chunks] == [("3. LIFE",), ("7. InvestEU",)]
    assert not chunks[0].text.rstrip().endswith("InvestEU")
    assert chunks[1].text == f"## 7. InvestEU\n\n{after}"


def test_a_section_that_is_only_a_heading_makes_no_chunk_and_heads_its_sub_sections() -> None:
    body = (
        "# SME strategy\n\nThe strategy has three pillars.\n\n## The three pillars\n\n"
        "### 1. Capacity-building\n\nAdvisors help SMEs go green.\n\n"
        "### 2. Less red tape\n\nAn SME Envoy flags heavy rules.\n"
    )
    chunks = chunk_document(_markdown_document(body), 256, 32)
    assert [c.text.split("\n")[0] for c in chunks] == [
        "# SME strategy",
        "### 1. Capacity-building",
        "### 2. Less red tape",
    ]
    assert [c.heading_path[1:] for c in chunks[1:]] == [
        ("The three pillars", "1. Capacity-building"),
        ("The three pillars", "2. Less red tape"),
    ]


def test_a_heading_with_no_room_for_the_block_under_it_makes_no_chunk_alone() -> None:
    # the survey item nearly fills a chunk: the heading used to be a chunk of its own
    item = "- **Survey** of sector SMEs. " + " ".join(
        f"Obstacle {i} was reported by many firms." for i in range(20)
    )
    body = f"# ESEEC\n\nIntro sentence.\n\n## First-year results\n\n{item}\n"
    budget = count_tokens(item) + 2
    chunks = chunk_document(_markdown_document(body), budget, 0)
    assert all(c.text.strip() != "## First-year results" for c in chunks)
    assert all(c.tokens <= budget for c in chunks)
    results = [c for c in chunks if c.heading_path[1:] == ("First-year results",)]
    assert [c.text for c in results] == [item]


def test_a_list_moved_to_the_next_chunk_takes_its_heading_along() -> None:
    items = "\n".join(f"- Obstacle {i} was reported by many firms in the survey." for i in range(6))
    body = f"# ESEEC\n\nIntro sentence.\n\n## First-year results\n\n{items}\n- One more item.\n"
    budget = count_tokens(f"## First-year results\n\n{items}") + 2
    chunks = chunk_document(_markdown_document(body), budget, 0)
    assert all(c.text.strip() != "## First-year results" for c in chunks)
    assert chunks[1].text.startswith("## First-year results\n\n- Obstacle 0")
