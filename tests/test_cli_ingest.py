"""The ``eco-advisor`` console script as a user runs it: help, summaries, exit codes, stats."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer.main
from conftest import make_pdf
from ingestion_helpers import (
    parse_json_output,
    register_hash_embedder,
    run_cli,
    settings_for,
    write_corpus,
    write_docx,
)

from assistant.cli import app
from assistant.embeddings import get_embedder
from ingestion.indexing import Ingestor
from ingestion.store import Index


def _ingest_options() -> list[tuple[list[str], str | None]]:
    command = typer.main.get_command(app).commands["ingest"]  # type: ignore[attr-defined]
    options = [p for p in command.params if p.param_type_name == "option"]
    return [(p.opts + p.secondary_opts, p.help) for p in options]


def test_ingest_help_documents_every_option(tmp_path: Path) -> None:
    result = run_cli(["ingest", "--help"], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert "PDF, HTML, Markdown, text, DOCX" in text
    options = _ingest_options()
    assert len(options) >= 11
    for opts, help_text in options:
        assert help_text and len(help_text) > 10, f"{opts} has no help"
        for opt in opts:
            assert opt in text, f"{opt} missing from --help"
    for expected in ("--data-dir", "--no-prune", "--json", "--max-file-mb", "--chroma-url"):
        assert expected in text


def test_ingest_help_names_the_environment_variable_of_each_setting(tmp_path: Path) -> None:
    text = run_cli(["ingest", "--help"], cwd=tmp_path).stdout
    for var in ("ECO_ADVISOR_DATA_DIR", "ECO_ADVISOR_CHUNK_TOKENS", "ECO_ADVISOR_MAX_FILE_MB"):
        assert var in text


def _mixed_folder(root: Path) -> dict[str, str]:
    """Good files and bad ones; returns the bad file names and a word their reason must hold."""
    kb = root / "kb"
    write_corpus(kb, 2, paragraphs=1)
    write_docx(kb / "checklist.docx")
    french = (
        "L'atelier a réduit sa facture d'électricité de 18 % grâce à l'éclairage LED. "
        "Les économies ont été réinvesties dans l'isolation."
    )
    (kb / "atelier.txt").write_bytes(french.encode("cp1252"))
    good_pdf = make_pdf(root / "good.pdf", ["Solar panels on the roof.", "Heat pumps."])
    good = good_pdf.read_bytes()
    (kb / "truncated.pdf").write_bytes(good[: len(good) // 3])
    (kb / "garbage.pdf").write_bytes(b"garbage, not a PDF " * 40)
    from fpdf import FPDF

    locked = FPDF()
    locked.set_encryption(owner_password="owner", user_password="user")
    locked.add_page()
    locked.set_font("helvetica", size=11)
    locked.multi_cell(0, 6, "Secret prices.")
    locked.output(str(kb / "locked.pdf"))
    (kb / "empty.txt").write_bytes(b"")
    (kb / "binary.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    (kb / "big.txt").write_text("Heat recovery pays back fast. " * 2000, encoding="utf-8")
    (kb / "plan.dwg").write_bytes(b"AC1032 drawing")
    return {
        "truncated.pdf": "PDF",
        "garbage.pdf": "corrupt",
        "locked.pdf": "encrypted",
        "empty.txt": "empty",
        "binary.md": "binary",
        "big.txt": "too large",
        "plan.dwg": "unsupported file type",
    }


@pytest.mark.slow
def test_bad_files_are_skipped_with_reasons_the_rest_indexed_and_the_exit_code_is_3(
    tmp_path: Path,
) -> None:
    bad = _mixed_folder(tmp_path)
    data = tmp_path / "data"
    args = ["ingest", "kb", "--data-dir", str(data), "--max-file-mb", "0.05", "--json"]
    result = run_cli(args, cwd=tmp_path)
    assert result.returncode == 3, result.stderr
    summary = parse_json_output(result.stdout)
    assert summary["files_seen"] == 4 + len(bad)
    assert summary["indexed"] == 4 and summary["unchanged"] == 0 and summary["removed"] == 0
    assert summary["chunks_written"] > 0 and summary["seconds"] > 0
    reasons = {s["file"]: s["reason"] for s in summary["skipped"]}
    assert set(reasons) == set(bad)
    for name, word in bad.items():
        assert word in reasons[name], (name, reasons[name])
        assert f"skipped {name}: " in result.stderr  # one log line per file, naming it

    french = Index(settings_for(data)).chunks.get(where={"source": "atelier.txt"})["documents"]
    assert french and "réduit sa facture d'électricité" in french[0]


@pytest.mark.slow
def test_clean_ingest_exits_0_and_summarises_then_stats_and_reruns_report_the_index(
    tmp_path: Path,
) -> None:
    paths = write_corpus(tmp_path / "kb", 3, paragraphs=2)
    data = ["--data-dir", str(tmp_path / "data")]
    first = run_cli(["ingest", "kb", *data], cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    for label in (
        "files seen",
        "indexed",
        "unchanged",
        "skipped",
        "removed",
        "chunks written",
        "time taken",
    ):
        assert label in first.stdout, label
    assert "indexed case-00.md (" in first.stderr

    paths[2].unlink()
    second = run_cli(["ingest", "kb", *data, "--json"], cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    summary = parse_json_output(second.stdout)
    assert summary["unchanged"] == 2 and summary["removed"] == 1
    assert summary["chunks_written"] == 0 and summary["skipped"] == []

    stats = run_cli(["index", "stats", *data], cwd=tmp_path)
    assert stats.returncode == 0, stats.stderr
    for label in ("collection", "eco-advisor", "embedder", "minilm", "documents", "chunks"):
        assert label in stats.stdout
    assert "last ingest" in stats.stdout

    as_json = run_cli(["index", "stats", *data, "--json"], cwd=tmp_path)
    parsed = parse_json_output(as_json.stdout)
    assert parsed["documents"] == 2 and parsed["embedder"] == "minilm"
    assert parsed["chunks"] > 0 and parsed["missing_chunks"] == 0 and parsed["last_ingest"]


def test_cli_refuses_to_ingest_into_an_index_built_by_another_embedder(tmp_path: Path) -> None:
    # Built in-process with a registered fake (fast, deterministic); the CLI knows only minilm.
    register_hash_embedder()
    write_corpus(tmp_path / "kb", 1, paragraphs=1)
    settings = settings_for(tmp_path / "data", embedder="hash:a")
    Ingestor(settings, Index(settings), lambda: get_embedder("hash:a", settings)).run(
        [tmp_path / "kb"]
    )
    result = run_cli(["ingest", "kb", "--data-dir", str(tmp_path / "data")], cwd=tmp_path)
    assert result.returncode == 1
    assert "built with embedder 'hash:a'" in result.stderr
    assert "configured embedder is 'minilm'" in result.stderr


def test_usage_errors_exit_2_and_invalid_settings_exit_1_naming_the_setting(
    tmp_path: Path,
) -> None:
    assert run_cli(["ingest"], cwd=tmp_path).returncode == 2
    bad = run_cli(["ingest", "kb", "--chunk-tokens", "64", "--chunk-overlap", "64"], cwd=tmp_path)
    assert bad.returncode == 1
    assert "chunk_overlap" in bad.stderr


def test_index_stats_on_a_missing_index_fails_with_a_hint(tmp_path: Path) -> None:
    result = run_cli(["index", "stats", "--data-dir", str(tmp_path / "nothing")], cwd=tmp_path)
    assert result.returncode == 1
    assert "run ingest" in result.stderr
