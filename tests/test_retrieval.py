"""Hybrid retrieval over a real Chroma index with the real embedder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from conftest import ingest

from assistant.embeddings import Embedder, Vectors, get_embedder, register_embedder
from assistant.errors import EmbedderMismatch, NotIndexed
from assistant.extractive import ExtractiveEngine
from assistant.extractive.passages import heading_units
from assistant.language import asks_for_examples
from assistant.lexical import Analyzer, LexicalIndex
from assistant.retrieval import (
    Hit,
    Retriever,
    asks_for_funding,
    chroma_where,
    complete_lists,
    complete_sections,
    lexical_text,
    normalise_filters,
)
from ingestion.store import Index


@pytest.fixture(scope="module")
def retriever(small_index, embedder) -> Retriever:
    _settings, index = small_index
    return Retriever(index, embedder)


def top_doc(retriever: Retriever, query: str, **kwargs) -> str:
    hits = retriever.search(query, k=5, **kwargs)
    assert hits, f"no hit for {query!r}"
    return hits[0].doc_id


# -- finding passages ---------------------------------------------------------------------------


def test_exact_number_finds_its_passage_through_the_lexical_side(retriever):
    hits = retriever.search("balance sheet total €43 million", k=5)
    assert hits[0].doc_id == "sme-thresholds"
    assert "43" in hits[0].text
    assert hits[0].lexical_score is not None and hits[0].lexical_score > 0


def test_exact_name_and_year_find_their_passage(retriever):
    hits = retriever.search("Kalundborg 1972", k=5)
    assert hits[0].doc_id == "symbiosis-news"
    assert "1972" in hits[0].text


def test_lexical_side_alone_finds_an_exact_term(small_index, embedder):
    _settings, index = small_index
    lexical_only = Retriever(index, embedder, dense_weight=0.0)
    hits = lexical_only.search("Kalundborg", k=3)
    assert hits and all(h.dense_score is None for h in hits)
    assert hits[0].doc_id == "symbiosis-news"


def test_paraphrase_without_shared_keywords_finds_its_passage(retriever):
    # No stemmed word of the query is in any fixture chunk: only the dense side can find it.
    hits = retriever.search("lowering H2O usage at a cheese factory", k=5)
    assert hits[0].doc_id == "water-saving"
    assert hits[0].lexical_score is None and hits[0].dense_score is not None


@pytest.mark.parametrize(
    "question",
    [
        "Comment réduire la consommation d'eau de notre laiterie ?",
        "Wie können wir in unserer Molkerei Wasser sparen?",
        "¿Cómo reducir el consumo de agua en nuestra quesería?",
    ],
)
def test_the_dense_side_reads_a_foreign_question_through_its_english_words(
    small_index, embedder, question
):
    # dense side only: the English-only embedder sees the lexicon's English ("water", "reduce")
    _settings, index = small_index
    dense_only = Retriever(index, embedder, lexical_weight=0.0)
    hits = dense_only.search(question, k=3)
    assert hits[0].doc_id == "water-saving"
    assert hits[0].dense_score is not None and hits[0].dense_score > 0.3


def test_hits_carry_citable_metadata_and_are_sorted_by_score(retriever):
    hits = retriever.search("replacing fluorescent tubes with LED fittings", k=6)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert len({h.chunk_id for h in hits}) == len(hits)
    pdf_hit = hits[0]
    assert pdf_hit.metadata["file_type"] == "pdf"
    assert pdf_hit.page == 2
    assert pdf_hit.source == "energy-audit-report.pdf"


def test_fixture_title_words_are_searchable_through_the_title_prefix(small_index, embedder):
    # "thresholds" appears in the title only, not in the chunk of the partner-enterprise list.
    _settings, index = small_index
    lexical_only = Retriever(index, embedder, dense_weight=0.0)
    hits = lexical_only.search("thresholds linked enterprise 50%", k=3)
    assert hits[0].doc_id == "sme-thresholds"
    assert "linked enterprise" in hits[0].text.lower()


# -- filters ------------------------------------------------------------------------------------


def test_doc_type_filter_restricts_both_sides(small_index, embedder):
    _settings, index = small_index
    for tuning in (
        {},
        {"dense_weight": 0.0},
        {"lexical_weight": 0.0},
        {"lexical_weight": 0.0, "dense_in_memory": False},  # the Chroma `where` clause
    ):
        hits = Retriever(index, embedder, **tuning).search(
            "water leaks and heat", k=8, filters={"doc_type": "case_study"}
        )
        assert hits, tuning
        assert {h.doc_id for h in hits} == {"symbiosis-news"}, tuning


def test_list_field_filter_matches_any_requested_value(retriever):
    hits = retriever.search("industrial symbiosis", k=8, filters={"countries": ["DK", "SE"]})
    assert {h.doc_id for h in hits} == {"symbiosis-news"}
    hits = retriever.search("industrial symbiosis", k=8, filters={"countries": "EU"})
    assert hits and {h.doc_id for h in hits} == {"sme-thresholds"}


def test_filters_on_several_fields_must_all_hold(retriever):
    hits = retriever.search(
        "enterprise", k=8, filters={"countries": "EU", "doc_type": ["case_study", "funding"]}
    )
    assert hits == []


def test_filter_matching_nothing_returns_no_hit(retriever):
    assert retriever.search("water", k=5, filters={"language": "fr"}) == []


def test_unknown_filter_key_is_refused_with_the_known_keys(retriever):
    with pytest.raises(ValueError, match="doc_type"):
        retriever.search("water", filters={"colour": "green"})


def test_a_sector_wildcard_document_matches_any_sector():
    wanted = normalise_filters({"sectors": "food", "doc_type": "funding"})
    assert wanted == {"sectors": ["food", "all"], "doc_type": ["funding"]}
    where = chroma_where(wanted)
    assert where == {
        "$and": [
            {
                "$or": [
                    {"sectors": {"$contains": "food"}},
                    {"sectors": {"$contains": "all"}},
                    {"sectors": {"$in": ["food", "all"]}},
                ]
            },
            {"doc_type": {"$in": ["funding"]}},
        ]
    }


# -- consistency with the index -----------------------------------------------------------------


def write_doc(folder, name: str, body: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(f"---\ntitle: {name}\ndoc_type: guideline\n---\n{body}\n")


def test_orphan_chunks_are_never_returned(make_settings, embedder, tmp_path):
    settings = make_settings()
    docs = tmp_path / "docs"
    write_doc(docs, "boilers.md", "Insulating boiler pipes saves heating energy.")
    ingest(settings, [docs], embedder)
    index = Index(settings)
    # What an ingest killed before its manifest commit leaves: a chunk no manifest record lists.
    orphan_text = "Quasarium grants pay boiler insulation for every workshop."
    index.add_chunks(
        ["orphan-chunk"],
        [embedder.embed_query("quasarium boiler insulation grant").tolist()],
        [orphan_text],
        [{"doc_id": "ghost", "title": "ghost", "source": "ghost.md"}],
    )
    index.mark_ingested(changed=True)  # even a refresh right after must not pick it up
    for in_memory in (True, False):  # Chroma's HNSW query does return the orphan: dropped
        retriever = Retriever(index, embedder, refresh_seconds=0.0, dense_in_memory=in_memory)
        hits = retriever.search("quasarium boiler insulation grant", k=10)
        assert hits, "the live chunk should still be found"
        assert all(h.chunk_id != "orphan-chunk" and h.doc_id != "ghost" for h in hits)


def test_lexical_side_sees_a_reingest_without_restart(make_settings, embedder, tmp_path):
    settings = make_settings()
    docs = tmp_path / "docs"
    write_doc(docs, "pumps.md", "Variable speed drives cut pump energy use.")
    ingest(settings, [docs], embedder)
    retriever = Retriever(Index(settings), embedder, dense_weight=0.0, refresh_seconds=0.0)
    assert retriever.search("zanthoxylum", k=3) == []

    # Another writer (its own Index object, as another process would have) re-ingests.
    write_doc(docs, "pumps.md", "Zanthoxylum dryers recover heat from pump motors.")
    ingest(settings, [docs], embedder)

    hits = retriever.search("zanthoxylum", k=3)
    assert [h.doc_id for h in hits] == ["pumps"]
    assert "Zanthoxylum" in hits[0].text
    assert retriever.search("variable speed drives", k=3) == []


@pytest.mark.slow
def test_an_ingest_by_another_process_is_seen_without_restart(make_settings, embedder, tmp_path):
    # The generation and the texts come from Chroma's SQLite, so the lexical side always sees
    # the other process's ingest. The dense side cannot: an embedded Chroma never reloads
    # vectors another process wrote (a known limit; several workers need a Chroma server).
    settings = make_settings()
    docs = tmp_path / "docs"
    write_doc(docs, "pumps.md", "Variable speed drives cut pump energy use.")
    ingest(settings, [docs], embedder)
    retriever = Retriever(Index(settings), embedder, refresh_seconds=0.0)
    assert retriever.search("zanthoxylum dryers", k=3)[0].text.startswith("Variable")

    write_doc(docs, "pumps.md", "Zanthoxylum dryers recover heat from pump motors.")
    cli = Path(sys.executable).with_name("eco-advisor")
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    done = subprocess.run(
        [str(cli), "ingest", str(docs), "--data-dir", str(settings.data_dir)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr

    hits = retriever.search("zanthoxylum dryers", k=3)
    assert [h.doc_id for h in hits] == ["pumps"]
    assert hits[0].text.startswith("Zanthoxylum")
    assert hits[0].lexical_score is not None


def test_snapshot_is_reused_until_the_generation_changes(make_settings, embedder, tmp_path):
    settings = make_settings()
    docs = tmp_path / "docs"
    write_doc(docs, "lights.md", "LED lighting pays back in three years.")
    ingest(settings, [docs], embedder)
    retriever = Retriever(Index(settings), embedder, refresh_seconds=0.0)
    first = retriever.snapshot()
    ingest(settings, [docs], embedder)  # nothing changed: same generation, same snapshot
    assert retriever.snapshot() is first
    write_doc(docs, "lights.md", "LED lighting pays back in two years.")
    ingest(settings, [docs], embedder)
    assert retriever.snapshot() is not first


class _HashEmbedder(Embedder):
    """Deterministic vectors from a hash: a second real model would take seconds to load, and
    the mismatch check only needs an embedder that announces another spec."""

    def __init__(self, spec: str) -> None:
        super().__init__(spec, 8)

    def _embed_batch(self, texts: list[str], *, is_query: bool) -> Vectors:
        rows = [np.random.default_rng(abs(hash(t)) % 2**32).random(8) for t in texts]
        arr = np.asarray(rows, dtype=np.float32)
        return arr / np.linalg.norm(arr, axis=1, keepdims=True)


register_embedder("test-hash", lambda spec, settings: _HashEmbedder(spec))


def test_querying_with_another_embedder_raises_embedder_mismatch(small_index):
    settings, index = small_index
    other = get_embedder("test-hash", settings)
    with pytest.raises(EmbedderMismatch, match="minilm"):
        Retriever(index, other).search("water")


def test_missing_collection_raises_not_indexed_and_creates_nothing(make_settings, embedder):
    settings = make_settings(collection="never-ingested")
    index = Index(settings)
    with pytest.raises(NotIndexed):
        Retriever(index, embedder).search("water")
    assert not index.exists()


def test_empty_collection_raises_not_indexed(make_settings, embedder):
    index = Index(make_settings())
    index.chunks  # noqa: B018 - creates the collection, with nothing ingested into it
    with pytest.raises(NotIndexed):
        Retriever(index, embedder).search("water")


def test_a_french_query_meets_english_text_through_the_lexicon_on_the_lexical_side():
    texts = [
        "A dripping tap can waste thousands of litres of water a year.",
        "Compressed air leaks cost energy in many workshops.",
    ]
    translating = LexicalIndex(texts)
    assert translating.top("Un robinet qui goutte, est-ce grave ?", 1)[0][0] == 0
    plain = LexicalIndex(texts, Analyzer(translate=False))
    assert not plain.scores("Un robinet qui goutte, est-ce grave ?").any()
    # an English query is left as it is ("pays" is French for countries, not a translation here)
    assert "countri" not in Analyzer().query_terms("Who pays the fee for the label?")


def test_a_hyphenated_term_is_matched_whole_not_only_by_its_parts():
    # "by" is a stop word, so "by-product" was only "product", which every passage has
    texts = [
        "Product labels: check the product's label and the product standards.",
        "A residue is a by-product, not waste, if all four conditions are met.",
        "Each product group has its own criteria.",
    ]
    assert LexicalIndex(texts).top("selling by-products", 1)[0][0] == 1
    # ... and the same whole term whether written with its hyphen or without
    assert "byproduct" in Analyzer().query_terms("byproducts")


def test_a_name_in_capitals_is_told_apart_from_the_common_word_it_spells():
    # "LIFE" the programme shares its stem with "life cycle" and "end of life"
    texts = [
        "Life cycle thinking follows a product's life to the end of life.",
        "The EU LIFE Programme supports green projects of companies.",
    ]
    best = LexicalIndex(texts).top("Tell me about LIFE", 2)
    assert best[0][0] == 1 and best[0][1] > best[1][1]
    # written in lower case, the word is just the word: the life-cycle text wins on frequency
    assert LexicalIndex(texts).top("what about life", 1)[0][0] == 0


def test_an_english_query_meets_the_documents_wording_through_its_english_aliases():
    # "cost" is how users ask, "fee" how the label's rules are written (lexicon.ENGLISH_ALIASES)
    texts = [
        "Application fee: between EUR 200 and EUR 2,000, set by each Competent Body.",
        "Not included: testing and third-party verification.",
    ]
    assert LexicalIndex(texts).top("How much does the label cost?", 1)[0][0] == 0
    assert not LexicalIndex(texts, Analyzer(translate=False)).scores("label cost").any()


def test_asking_how_to_save_water_meets_a_guide_on_reducing_water_use():
    # users ask how to "save"; guides write "reduce" and "efficiency" (lexicon.ENGLISH_ALIASES)
    texts = [
        "Water is metered at the site boundary.",
        "Reduce water use with aerators and low-flow fittings.",
    ]
    assert LexicalIndex(texts).top("How can we save water?", 1)[0][0] == 1
    # ... and ask what a firm "saved" as well
    assert LexicalIndex(texts).top("How much water was saved?", 1)[0][0] == 1


def test_asking_how_to_apply_meets_a_section_on_the_application_process():
    # the stemmer keeps "apply" and "application" apart (lexicon.ENGLISH_ALIASES joins them)
    texts = [
        "Who can take part: start-ups and SMEs.",
        "The three-step application process: a short proposal, a full proposal, an interview.",
    ]
    assert LexicalIndex(texts).top("How do I apply?", 1)[0][0] == 1


# -- heading paths ------------------------------------------------------------------------------

SEPARATOR_IN_HEADINGS = """# Water

Water use in small firms, and what it costs.

## Water > Energy: the trade-off

Pumping water costs electricity in every plant.

### Pumps

Oversized pumps waste a fifth of their power.

### Heat > cold

Cooling towers lose water to evaporation.

### Boilers

Blowdown water carries heat away.
"""


def test_a_heading_containing_the_separator_stays_whole_in_heading_lists_and_lexical_text(
    tmp_path: Path, make_settings, embedder
) -> None:
    (tmp_path / "kb").mkdir()
    (tmp_path / "kb" / "water.md").write_text(SEPARATOR_IN_HEADINGS, encoding="utf-8")
    settings = make_settings()
    ingest(settings, [tmp_path / "kb"], embedder)
    got = Index(settings).chunks.get(include=["documents", "metadatas"])
    rows = zip(got["ids"], got["documents"], got["metadatas"], strict=True)
    hits = sorted(
        (Hit(cid, text, dict(meta), score=1.0) for cid, text, meta in rows),
        key=lambda h: int(h.metadata["start_char"]),
    )
    pumps = hits[2]
    assert pumps.heading_path == ("Water", "Water > Energy: the trade-off", "Pumps")
    assert pumps.section == "Water > Water > Energy: the trade-off > Pumps"  # display unchanged
    assert hits[3].heading_path[-1] == "Heat > cold"
    # BM25 sees what was embedded; split on " > ", the repeated title word was dropped.
    assert lexical_text(pumps.text, pumps.metadata) == (
        "Water > Water > Energy: the trade-off > Pumps\n\n" + pumps.text
    )
    units = heading_units(hits)
    assert [(u.text, u.heading) for u in units] == [
        ("Pumps", "Water > Energy: the trade-off"),
        ("Heat > cold", "Water > Energy: the trade-off"),
        ("Boilers", "Water > Energy: the trade-off"),
    ]


PILLARS = """# SME strategy

The strategy helps small firms grow greener.

## The three pillars

### 1. Capacity-building

Advisors in the Enterprise Europe Network give sustainability advice.

### 2. Less red tape

An SME Envoy flags EU rules that weigh on small firms.

### 3. Access to finance

An IPO fund and InvestEU guarantees bring money to small firms.

## Governance

Member States and the EU deliver the actions together.
"""


@pytest.fixture
def pillars(tmp_path: Path, make_settings, embedder) -> Retriever:
    (tmp_path / "kb").mkdir()
    (tmp_path / "kb" / "strategy.md").write_text(PILLARS, encoding="utf-8")
    settings = make_settings()
    ingest(settings, [tmp_path / "kb"], embedder)
    return Retriever(Index(settings), embedder)


def _position(snap, heading: str) -> int:
    return next(i for i, m in enumerate(snap.metadatas) if m["heading_path"][-1] == heading)


def test_a_question_naming_a_section_gets_its_sub_sections_that_ranked_too_low(pillars):
    snap = pillars.snapshot()
    one, two, three, gov = (
        _position(snap, h)
        for h in ("1. Capacity-building", "2. Less red tape", "3. Access to finance", "Governance")
    )
    intro = _position(snap, "SME strategy")
    ranked = [(three, 0.9), (two, 0.8), (gov, 0.7), (intro, 0.6)]  # as if "1." ranked below k

    got = complete_sections(snap, "What are the three pillars of the strategy?", ranked, None)
    assert got == [(three, 0.9), (two, 0.8), (one, 0.8), (gov, 0.7)]  # k kept, the last dropped
    hits = [Hit(snap.ids[p], snap.texts[p], dict(snap.metadatas[p]), s) for p, s in got]
    items = sorted(heading_units(hits), key=lambda u: u.order)
    assert [(u.number, u.text) for u in items] == [
        (1, "Capacity-building"),
        (2, "Less red tape"),
        (3, "Access to finance"),
    ]


def test_a_section_named_without_its_count_gets_its_sub_sections_too(pillars):
    # "What are its pillars?" after a question on the strategy: "three" is not asked
    snap = pillars.snapshot()
    one, two, three, gov = (
        _position(snap, h)
        for h in ("1. Capacity-building", "2. Less red tape", "3. Access to finance", "Governance")
    )
    ranked = [(three, 0.9), (two, 0.8), (gov, 0.7)]
    got = complete_sections(snap, "What are its pillars? (about: strategy)", ranked, None)
    assert got == [(three, 0.9), (two, 0.8), (one, 0.8)]


def test_sub_sections_are_not_added_unless_the_question_names_their_section(pillars):
    snap = pillars.snapshot()
    two, three, gov = (
        _position(snap, h) for h in ("2. Less red tape", "3. Access to finance", "Governance")
    )
    ranked = [(three, 0.9), (two, 0.8), (gov, 0.7)]
    assert complete_sections(snap, "How do small firms get finance?", ranked, None) == ranked
    only_one = [(three, 0.9), (gov, 0.7)]  # one sub-section found is not a sign the list is asked
    assert complete_sections(snap, "What are the three pillars?", only_one, None) == only_one


def test_search_returns_every_pillar_for_a_question_naming_them(pillars):
    hits = pillars.search("What are the three pillars?", k=4)
    subsections = [h.heading_path[-1] for h in hits if len(h.heading_path) == 3]
    assert sorted(subsections) == [
        "1. Capacity-building",
        "2. Less red tape",
        "3. Access to finance",
    ]
    assert "The three pillars" not in [h.text for h in hits]  # a bare heading is no passage


STEPS = (
    "# EMAS\n\nEMAS is the EU eco-management scheme.\n\n## Steps to registration\n\n"
    + "\n".join(
        f"{n}. **Step {n}** – "
        + " ".join(f"detail {n}.{i} of the registration work." for i in range(9))
        for n in range(1, 8)
    )
)


@pytest.fixture
def steps(tmp_path: Path, make_settings, embedder) -> Retriever:
    (tmp_path / "kb").mkdir()
    (tmp_path / "kb" / "emas.md").write_text(STEPS + "\n", encoding="utf-8")
    settings = make_settings(chunk_tokens=256, chunk_overlap=0)
    ingest(settings, [tmp_path / "kb"], embedder)
    return Retriever(Index(settings), embedder)


def test_a_list_cut_between_chunks_comes_back_whole_and_is_answered_as_one_list(steps):
    snap = steps.snapshot()
    parts = sorted(
        (int(m["start_char"]), i)
        for i, m in enumerate(snap.metadatas)
        if m["heading_path"][-1] == "Steps to registration"
    )
    assert len(parts) >= 2  # the fixture's list is longer than one chunk
    (_, first), (_, second) = parts[0], parts[1]
    assert snap.list_before[second] == first
    intro = next(i for i, m in enumerate(snap.metadatas) if m["heading_path"][-1] == "EMAS")
    # the later part ranked first, the earlier one below k: it comes in before it
    assert complete_lists(snap, [(second, 0.9), (intro, 0.8)], None) == [
        (first, 0.9),
        (second, 0.9),
    ]
    hits = [
        Hit(snap.ids[p], snap.texts[p], dict(snap.metadatas[p]), s)
        for p, s in sorted((p, 1.0) for _, p in parts)
    ]
    answer = ExtractiveEngine().answer("What are the steps to EMAS registration?", hits[::-1])
    items = [line for line in answer.text.split("\n") if "**Step" in line]
    # one numbered list, in document order, each item cited to its own passage
    assert [line.split(" – ")[0] for line in items] == [f"{n}. **Step {n}**" for n in range(1, 8)]


WASTE_GUIDE = """---
doc_type: guideline
---
# Waste prevention guide

## Prevention

Reduce waste at the source: use less material and reduce scrap in every process.

## Reuse

Reduce waste by reusing packaging and offcuts before they become waste.

## Recycling

Separate waste streams so that recycling can reduce the waste sent to landfill.
"""

LIFE_CALL = """---
doc_type: funding
---
# LIFE programme

## Circular economy sub-programme

LIFE grants co-finance projects on the circular economy, usually up to 60% of the costs.
"""


def test_a_question_about_money_for_a_topic_gets_passages_of_funding_documents(
    tmp_path: Path, make_settings, embedder
):
    (tmp_path / "kb").mkdir()
    (tmp_path / "kb" / "waste.md").write_text(WASTE_GUIDE, encoding="utf-8")
    (tmp_path / "kb" / "life.md").write_text(LIFE_CALL, encoding="utf-8")
    settings = make_settings()
    ingest(settings, [tmp_path / "kb"], embedder)
    question = "What funding is there for a small company that wants to reduce waste?"
    plain = Retriever(Index(settings), embedder, funding_slots=0).search(question, k=3)
    assert [h.doc_id for h in plain] == ["waste"] * 3  # the topic's guide outranks the money
    hits = Retriever(Index(settings), embedder).search(question, k=3)
    # the funding passages take the last places; the best passage is still the topic's
    assert len(hits) == 3 and hits[0].doc_id == "waste" and hits[-1].doc_id == "life"
    # a doc_type filter is the user's own choice: left as it is
    only = Retriever(Index(settings), embedder).search(
        question, k=3, filters={"doc_type": "guideline"}
    )
    assert {h.doc_id for h in only} == {"waste"}
    assert not asks_for_funding("How much does the EU Ecolabel cost?")


SYMBIOSIS_CASE = """---
doc_type: case_study
---
# A harbour town's symbiosis

## History

The power station began selling steam to its neighbours in the 1970s.
"""


@pytest.mark.parametrize(
    "question", ["Any examples of waste reduction?", "Gibt es Beispiele für Abfallvermeidung?"]
)
def test_a_question_asking_for_examples_gets_a_passage_of_a_case_study(
    tmp_path: Path, make_settings, embedder, question: str
):
    (tmp_path / "kb").mkdir()
    (tmp_path / "kb" / "waste.md").write_text(WASTE_GUIDE, encoding="utf-8")
    (tmp_path / "kb" / "case.md").write_text(SYMBIOSIS_CASE, encoding="utf-8")
    settings = make_settings()
    ingest(settings, [tmp_path / "kb"], embedder)
    plain = Retriever(Index(settings), embedder, example_slots=0).search(question, k=3)
    assert [h.doc_id for h in plain] == ["waste"] * 3  # the guide says "waste" more often
    hits = Retriever(Index(settings), embedder).search(question, k=3)
    assert hits[0].doc_id == "waste" and hits[-1].doc_id == "case"
    assert not asks_for_examples("How do we reduce waste?")


@pytest.mark.parametrize(
    ("texts", "query"),
    [
        # "method" and "methodology" do not share a stem
        (
            [
                "Audits must be carried out by qualified or accredited experts.",
                "EN 16247-1 provides a common audit methodology.",
            ],
            "Is there a standard audit method?",
        ),
        # nor do "lead" and "leaders"
        (
            [
                "ESEEC: the groups are set by the score relative to the average.",
                "ESEEC: in 2018 the leaders were Luxembourg, Germany and Sweden.",
            ],
            "Which ESEEC countries lead?",
        ),
        # nor "led" and "lead": ESEEC's fact sheet ("Lead organisation") was missed
        (
            [
                "ESEEC trained 500 SMEs and twelve pilot companies.",
                "ESEEC | Lead organisation | Delegation of German Industry and Commerce Beijing |",
            ],
            "Who led ESEEC?",
        ),
        # nor "local" and "region": the EEN's "contact point in your region" was missed
        (
            [
                "EEN: contact points outside the EU.",
                "EEN: search the website for the contact point in your region, usually your "
                "chamber of commerce or development agency.",
            ],
            "Where do I find my local EEN contact?",
        ),
    ],
)
def test_a_query_meets_the_passage_worded_otherwise_through_an_english_alias(texts, query):
    assert LexicalIndex(texts).top(query, 1)[0][0] == 1


def test_a_chunk_saying_the_words_a_user_quotes_ranks_higher_for_the_quotes(retriever):
    # the question is about water; the quoted words are only in the energy audit report

    def rank(query: str) -> int:
        docs = [h.doc_id for h in retriever.search(query, k=10)]
        return docs.index("energy-audit-report")

    quoted = "Our auditor wrote 'largest single loss' about us. How can a dairy save water?"
    assert rank(quoted) == 0
    assert rank(quoted.replace("'", "")) > 0
