"""``eco-advisor eval`` (also ``python -m evals``): score the assistant beside the naive baseline.

The assistant side is, in order of preference: a running service (``--url``), the in-process
assistant, or the retriever alone (``--retrieval-only``, or when answering does not exist yet).
The baseline is always built in the same run from the same documents with the same embedder.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from assistant.errors import ConfigError, EcoAdvisorError
from evals.dataset import GOLD_PATH, REPO_CORPUS, GoldItem, conversations, load_dataset
from evals.dataset import select_split as pick_split
from evals.report import REPORTS_DIR, write_report

if TYPE_CHECKING:
    from assistant.config import Settings
    from assistant.embeddings import Embedder
    from evals.harness import EvalRun
    from evals.targets import Target


class Split(StrEnum):
    tune = "tune"
    held = "held"
    all = "all"


def display_path(path: Path) -> str:
    """A path as the user would write it: relative to the working directory when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.name


def ingest_folder(settings: Settings, folder: Path, embedder: Embedder) -> list[str]:
    """Ingest a foreign folder into the (fresh) index of ``settings``; returns notes."""
    from ingestion.indexing import Ingestor
    from ingestion.store import Index

    summary = Ingestor(settings, Index(settings), embedder_factory=lambda: embedder).run([folder])
    notes = [f"foreign dataset: ingested {len(summary.indexed)} files from a fresh index"]
    notes += [f"skipped {source}: {reason}" for source, reason in summary.skipped]
    return notes


def build_target(
    settings: Settings, embedder: Embedder, url: str | None, retrieval_only: bool
) -> tuple[Target, list[str]]:
    """The system under evaluation, and notes saying which one it is and why."""
    from evals.targets import (
        AssistantTarget,
        HttpTarget,
        RetrievalTarget,
        assistant_available,
    )

    if url:
        return HttpTarget(url), []
    from ingestion.store import Index

    index = Index(settings)
    index.check_embedder(embedder.spec)
    if retrieval_only:
        return RetrievalTarget(index, embedder), []
    if assistant_available():
        return AssistantTarget(settings, embedder=embedder), []
    note = (
        "assistant.service is not available yet: the assistant is evaluated on retrieval only "
        "(no answers are faked)."
    )
    return RetrievalTarget(index, embedder), [note]


def unknown_doc_ids(items: list[GoldItem], known: set[str]) -> list[str]:
    return sorted({d for item in items for d in item.doc_ids if d not in known})


def run_eval(
    settings: Settings,
    items: list[GoldItem],
    *,
    name: str,
    dataset_label: str,
    split: str,
    url: str | None = None,
    docs: Path | None = None,
    corpus: Path = REPO_CORPUS,
    retrieval_only: bool = False,
    judge_model: str | None = None,
    judge_base_url: str | None = None,
    reports_dir: Path = REPORTS_DIR,
    embedder: Embedder | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> tuple[EvalRun, dict[str, Path]]:
    """Everything ``eval`` does, callable in-process (tests pass an already-loaded embedder)."""
    from assistant.embeddings import get_embedder
    from evals.baseline import NaiveRag
    from evals.harness import evaluate
    from evals.targets import BaselineTarget

    model = embedder or get_embedder(settings.embedder, settings)
    settings = settings.model_copy(update={"embedder": model.spec})
    notes: list[str] = []
    with tempfile.TemporaryDirectory(prefix="eco-advisor-eval-") as scratch:
        if docs is not None:
            if not docs.is_dir():
                raise ConfigError(f"--docs must be a folder of documents, got {docs}")
            settings = settings.model_copy(
                update={"data_dir": Path(scratch) / "data", "chroma_url": None}
            )
            notes += ingest_folder(settings, docs, model)
        target, target_notes = build_target(settings, model, url, retrieval_only)
        notes += target_notes
        target.warm_up()  # fails fast, before the baseline is built, if the target is broken
        rag = NaiveRag.from_paths([docs or corpus], model, settings)
        try:
            known = set(rag.doc_ids)
            missing = unknown_doc_ids(items, known)
            if missing:
                notes.append(f"gold doc ids not among the documents: {missing[:10]}")
            judge = None
            if judge_model:
                from evals.judge import Judge

                judge = Judge(
                    judge_model,
                    judge_base_url or settings.openai_base_url,
                    settings.openai_api_key,
                    model,
                )
            run = evaluate(
                items,
                target,
                BaselineTarget(rag),
                name=name,
                dataset=dataset_label,
                split=split,
                notes=notes,
                judge=judge,
                settings={
                    "embedder": model.spec,
                    "collection": settings.collection,
                    "chunk_tokens": settings.chunk_tokens,
                    "chunk_overlap": settings.chunk_overlap,
                    "documents": display_path(docs or corpus),
                },
                progress=progress,
            )
        finally:
            rag.close()
    return run, write_report(run, reports_dir)


def default_name(dataset: Path, split: str, docs: Path | None, retrieval_only: bool) -> str:
    from ingestion.documents import slugify

    stem = f"{docs.name}-{dataset.stem}" if docs else f"{dataset.stem}-{split}"
    return slugify(stem + ("-retrieval" if retrieval_only else ""))


def eval_command(
    dataset: Annotated[
        Path,
        typer.Option(
            help="Questions file (gold JSONL shape).", show_default="evals/datasets/gold.jsonl"
        ),
    ] = GOLD_PATH,
    split: Annotated[Split, typer.Option(help="Which split to run.")] = Split.all,
    name: Annotated[
        str | None,
        typer.Option(help="Report name: evals/reports/<name>.json|.md (default: dataset-split)."),
    ] = None,
    url: Annotated[
        str | None, typer.Option(help="Evaluate a running service (POST {url}/v1/chat).")
    ] = None,
    docs: Annotated[
        Path | None,
        typer.Option(help="A folder of your own documents: ingested into a fresh temporary index."),
    ] = None,
    corpus: Annotated[
        Path,
        typer.Option(
            help="Documents the baseline is built from (when --docs is not given).",
            show_default="corpus",
        ),
    ] = REPO_CORPUS,
    retrieval_only: Annotated[
        bool, typer.Option("--retrieval-only", help="Score the retriever alone (no answers).")
    ] = False,
    embedder: Annotated[
        str | None, typer.Option(help="Embedder: minilm | e5-small | openai:<model>.")
    ] = None,
    data_dir: Annotated[
        Path | None, typer.Option(help="Where the index lives (env ECO_ADVISOR_DATA_DIR).")
    ] = None,
    collection: Annotated[
        str | None, typer.Option(help="Collection name (env ECO_ADVISOR_COLLECTION).")
    ] = None,
    judge_model: Annotated[
        str | None,
        typer.Option(
            help="Judge model for ragas faithfulness/answer relevancy (OpenAI-compatible)."
        ),
    ] = None,
    judge_base_url: Annotated[
        str | None,
        typer.Option(help="Judge endpoint base URL (default: ECO_ADVISOR_OPENAI_BASE_URL)."),
    ] = None,
    reports_dir: Annotated[
        Path, typer.Option(help="Where reports are written.", show_default="evals/reports")
    ] = REPORTS_DIR,
    limit: Annotated[
        int | None, typer.Option(min=1, help="Only the first N conversations (quick checks).")
    ] = None,
) -> None:
    """Score the assistant and the naive baseline on a question set; write json, md and charts."""
    from assistant.cli import fail, load_settings

    settings = load_settings(data_dir=data_dir, collection=collection, embedder=embedder)
    try:
        items = pick_split(load_dataset(dataset), split.value)
        if limit is not None:
            items = [i for conv in conversations(items)[:limit] for i in conv]
        if not items:
            fail(f"no questions in split {split.value!r} of {dataset}")
        run, paths = run_eval(
            settings,
            items,
            name=name or default_name(dataset, split.value, docs, retrieval_only),
            dataset_label=display_path(dataset),
            split=split.value,
            url=url,
            docs=docs,
            corpus=corpus,
            retrieval_only=retrieval_only,
            judge_model=judge_model,
            judge_base_url=judge_base_url,
            reports_dir=reports_dir,
            progress=_progress,
        )
    except EcoAdvisorError as exc:
        fail(str(exc))
        return
    typer.echo(summary(run))
    for kind, path in paths.items():
        typer.echo(f"{kind}: {display_path(path)}")


def _progress(target: str, done: int, total: int) -> None:
    if done == total or done % 20 == 0:
        typer.echo(f"  {target}: {done}/{total}", err=True)


def summary(run: EvalRun) -> str:
    """The overall table, as printed at the end of a run."""
    from evals.harness import METRICS
    from evals.report import fmt, fmt_ratio

    lines = [
        f"{run.name}: {len(run.assistant_rows)} questions",
        f"{'metric':44} A       B       A/B",
    ]
    for key, (label, _up, _needs) in METRICS.items():
        cell = run.results["overall"][key]
        if cell["assistant"] is None and cell["baseline"] is None:
            continue
        lines.append(
            f"{label:44} {fmt(cell['assistant']):7} {fmt(cell['baseline']):7} "
            f"{fmt_ratio(cell['ratio'])}"
        )
    lines += [f"note: {n}" for n in run.notes]
    return "\n".join(lines)
