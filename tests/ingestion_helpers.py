"""Helpers for the ingestion tests: generated inputs, the installed scripts, a fake embedder."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from assistant.config import Settings
from assistant.embeddings import Embedder, Vectors, register_embedder

BIN = Path(sys.executable).parent


def script(name: str) -> str:
    """A console script installed next to this interpreter (``eco-advisor``, ``chroma``)."""
    return str(BIN / name)


def cli_env(**extra: str) -> dict[str, str]:
    """The environment for CLI subprocesses: offline, no telemetry, no inherited settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ECO_ADVISOR_")}
    env.update(HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", ANONYMIZED_TELEMETRY="False")
    env.update(extra)
    return env


def run_cli(args: list[str], cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run the real ``eco-advisor`` console script (cwd is a temp dir: no stray ``.env``)."""
    return subprocess.run(
        [script("eco-advisor"), *args],
        cwd=cwd,
        env=cli_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def parse_json_output(stdout: str) -> Any:
    """The JSON document printed on stdout (progress and warnings go to stderr)."""
    return json.loads(stdout)


class HashEmbedder(Embedder):
    """Deterministic vectors from a hash of the text.

    Faked on purpose where a test is about bookkeeping (which embedder built an index), not about
    meaning: it loads in no time and gives the same vector for the same text in every process.
    """

    def __init__(self, spec: str, dimension: int = 16) -> None:
        super().__init__(spec, dimension, batch_size=32)

    def _embed_batch(self, texts: list[str], *, is_query: bool) -> Vectors:
        rows = []
        for text in texts:
            seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "little")
            rows.append(np.random.default_rng(seed).standard_normal(self.dimension))
        arr = np.asarray(rows, dtype=np.float32)
        return np.asarray(arr / np.linalg.norm(arr, axis=1, keepdims=True), dtype=np.float32)


def register_hash_embedder() -> None:
    """Make ``hash:<name>`` a known embedder spec (idempotent)."""
    register_embedder("hash", lambda spec, _settings: HashEmbedder(spec))


def embedder_must_not_load() -> Embedder:
    """An embedder factory for runs that must embed nothing: loading at all fails the test."""
    raise AssertionError("the embedder was loaded although nothing needed embedding")


def write_docx(path: Path) -> Path:
    """A real .docx with a title, headings, a list and a table, written with python-docx."""
    import docx

    document = docx.Document()
    document.core_properties.title = "Eco-design checklist"
    document.add_heading("Eco-design checklist", level=0)
    document.add_paragraph("Use this checklist before a product redesign.")
    document.add_heading("Materials", level=1)
    document.add_paragraph("Prefer recycled aluminium for housings.", style="List Bullet")
    document.add_paragraph("Avoid mixed plastics that cannot be separated.", style="List Bullet")
    document.add_heading("Savings", level=1)
    table = document.add_table(rows=3, cols=2)
    for r, (a, b) in enumerate([("Measure", "Saving"), ("Lighter box", "12 %"), ("Reuse", "30 %")]):
        table.cell(r, 0).text = a
        table.cell(r, 1).text = b
    document.save(str(path))
    return path


def write_corpus(root: Path, count: int, paragraphs: int = 6) -> list[Path]:
    """Small Markdown files with distinct, realistic sentences (no two chunks alike)."""
    topics = ["energy", "water", "waste", "packaging", "transport", "solvents", "heat", "lighting"]
    root.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        topic = topics[n % len(topics)]
        lines = [f"# Case {n}: {topic} savings at firm {n}", ""]
        for p in range(paragraphs):
            lines += [
                f"Firm {n} reviewed its {topic} use in step {p}. The audit found {n + p + 3} "
                f"measures, of which {p + 1} paid back within {n % 5 + 1} years, and the team "
                f"reported the results to the board in meeting {n * 10 + p}.",
                "",
            ]
        path = root / f"case-{n:02d}.md"
        path.write_text("\n".join(lines), encoding="utf-8")
        paths.append(path)
    return paths


def settings_for(data_dir: Path, **overrides: Any) -> Settings:
    """Settings on a given data directory, never reading a ``.env``."""
    return Settings(_env_file=None, data_dir=data_dir, **overrides)  # type: ignore[call-arg]


Factory = Callable[[], Embedder]
