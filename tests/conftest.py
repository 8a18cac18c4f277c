"""Shared fixtures: real files, the real embedder, one small index built once per session."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from assistant.config import Settings
from assistant.embeddings import Embedder, get_embedder
from ingestion.indexing import Ingestor, IngestSummary
from ingestion.store import Index

FIXTURE_CORPUS = Path(__file__).parent / "fixtures" / "corpus"
REPO_ROOT = Path(__file__).resolve().parent.parent

# The tests never reach the network: model files come from installed packages.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("RAGAS_DO_NOT_TRACK", "true")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")


def make_pdf(
    path: Path,
    pages: list[str],
    title: str = "Test PDF",
    header: str | None = "Fixture Report 2026",
    table: list[list[str]] | None = None,
) -> Path:
    """Write a real PDF with fpdf2: one string per page, an optional table on page 1."""
    from fpdf import FPDF

    class _PDF(FPDF):
        def header(self) -> None:
            if header:
                self.set_font("helvetica", size=8)
                self.cell(0, 6, header, new_x="LMARGIN", new_y="NEXT")

        def footer(self) -> None:
            self.set_y(-12)
            self.set_font("helvetica", size=8)
            self.cell(0, 6, f"Page {self.page_no()}", align="C")

    pdf = _PDF()
    pdf.set_title(title)
    for number, text in enumerate(pages):
        pdf.add_page()
        pdf.set_font("helvetica", size=11)
        pdf.multi_cell(0, 6, text)
        if table and number == 0:
            pdf.ln(4)
            with pdf.table() as tbl:
                for row in table:
                    cells = tbl.row()
                    for value in row:
                        cells.cell(value)
    pdf.output(str(path))
    return path


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    """The real default embedder, loaded once."""
    return get_embedder("minilm", Settings())


@pytest.fixture
def make_settings(tmp_path: Path) -> Callable[..., Settings]:
    """Settings for a fresh data directory under this test's tmp_path."""

    def build(**overrides: Any) -> Settings:
        overrides.setdefault("data_dir", tmp_path / "data")
        return Settings(_env_file=None, **overrides)  # type: ignore[call-arg]

    return build


def ingest(
    settings: Settings, paths: list[Path], embedder: Embedder, prune: bool = True
) -> IngestSummary:
    """Run a real ingest in-process with an already-loaded embedder."""
    return Ingestor(settings, Index(settings), embedder_factory=lambda: embedder).run(
        paths, prune=prune
    )


@pytest.fixture(scope="session")
def fixture_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture corpus plus a generated multi-page PDF, in a folder of its own."""
    root = tmp_path_factory.mktemp("corpus")
    shutil.copytree(FIXTURE_CORPUS, root, dirs_exist_ok=True)
    make_pdf(
        root / "energy-audit-report.pdf",
        [
            "Energy audit summary. Compressed air leaks were the largest single loss found.",
            "Lighting. Replacing fluorescent tubes with LED fittings cut lighting demand.",
            "Heat recovery. Waste heat from the compressors now warms the assembly hall.",
        ],
        title="Energy audit report (fixture)",
        table=[["Measure", "Payback"], ["Fix air leaks", "under 1 year"], ["LED", "3 years"]],
    )
    return root


@pytest.fixture(scope="session")
def small_index(
    tmp_path_factory: pytest.TempPathFactory, fixture_corpus: Path, embedder: Embedder
) -> tuple[Settings, Index]:
    """The fixture corpus ingested once per session; tests must not write to it."""
    data_dir = tmp_path_factory.mktemp("small-index")
    settings = Settings(_env_file=None, data_dir=data_dir)  # type: ignore[call-arg]
    summary = ingest(settings, [fixture_corpus], embedder)
    assert not summary.skipped, summary.skipped
    return settings, Index(settings)
