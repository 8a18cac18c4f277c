"""The ``eco-advisor`` command: start, ingest, index, ask, serve, eval.

Settings are built once here from the environment, ``.env`` and command-line options, then
passed down. Exit codes: 0 success, 1 error, 2 usage error, 3 finished but some files skipped.
"""

from __future__ import annotations

import json
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import ValidationError

from assistant.config import Settings
from assistant.errors import EcoAdvisorError

EXIT_SKIPPED = 3

app = typer.Typer(
    name="eco-advisor",
    help="Cited answers on eco-innovation for SMEs, advisors and chambers of commerce.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain help text: "[env ECO_ADVISOR_...]" must print as written, not as rich markup.
    rich_markup_mode=None,
)
index_app = typer.Typer(help="Inspect the index.", no_args_is_help=True)
app.add_typer(index_app, name="index")

DataDir = Annotated[
    Path | None,
    typer.Option(
        "--data-dir", help="Where the index and all state live [env ECO_ADVISOR_DATA_DIR]."
    ),
]
Collection = Annotated[
    str | None,
    typer.Option(
        "--collection", help="Collection (knowledge base) name [env ECO_ADVISOR_COLLECTION]."
    ),
]
EmbedderOpt = Annotated[
    str | None,
    typer.Option(
        "--embedder",
        help="Embedder: minilm | e5-small | openai:<model> [env ECO_ADVISOR_EMBEDDER].",
    ),
]
ChromaUrl = Annotated[
    str | None,
    typer.Option(
        "--chroma-url",
        help="Use a Chroma server (http://host:port) instead of the embedded store "
        "[env ECO_ADVISOR_CHROMA_URL].",
    ),
]

REPO_CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def load_settings(**overrides: Any) -> Settings:
    """Settings from env/.env, with command-line values (those given) taking precedence."""
    given = {k: v for k, v in overrides.items() if v is not None}
    try:
        return Settings(**given)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']} (got {err.get('input')!r})"
            for err in exc.errors()
        )
        fail(f"invalid settings: {problems}")
        raise  # unreachable; fail() exits


def fail(message: str, code: int = 1) -> None:
    typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)
    raise typer.Exit(code)


def _lock(settings: Settings) -> AbstractContextManager[object]:
    """One ingest at a time per data directory (a Chroma server is shared: no local lock)."""
    if settings.chroma_url:
        return nullcontext()
    from filelock import FileLock, Timeout

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(settings.data_dir / "ingest.lock"))
    try:
        lock.acquire(timeout=5)
    except Timeout:
        fail(f"another ingest is running on {settings.data_dir} (lock held); try again later")
    return _Held(lock)


class _Held:
    def __init__(self, lock: Any) -> None:
        self.lock = lock

    def __enter__(self) -> object:
        return self

    def __exit__(self, *exc: object) -> None:
        self.lock.release()


def run_ingest(
    settings: Settings, paths: list[Path], prune: bool, as_json: bool, quiet: bool = False
) -> int:
    """Ingest paths and print the summary; returns the exit code."""
    from assistant.embeddings import get_embedder
    from ingestion.indexing import Ingestor
    from ingestion.progress import ProgressReporter
    from ingestion.store import Index

    with _lock(settings), ProgressReporter(enabled=not quiet) as reporter:
        index = Index(settings)
        ingestor = Ingestor(
            settings,
            index,
            embedder_factory=lambda: get_embedder(settings.embedder, settings),
            on_event=reporter.event,
        )
        reporter.start(paths)
        summary = ingestor.run(paths, prune=prune)
    if as_json:
        typer.echo(json.dumps(summary.as_dict(), indent=2))
    else:
        from ingestion.progress import print_summary

        print_summary(summary, index.stats())
    return EXIT_SKIPPED if summary.skipped else 0


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files and folders to index.")],
    data_dir: DataDir = None,
    collection: Collection = None,
    embedder: EmbedderOpt = None,
    chroma_url: ChromaUrl = None,
    chunk_tokens: Annotated[
        int | None, typer.Option(help="Chunk size in tokens [env ECO_ADVISOR_CHUNK_TOKENS].")
    ] = None,
    chunk_overlap: Annotated[
        int | None,
        typer.Option(help="Tokens repeated between chunks [env ECO_ADVISOR_CHUNK_OVERLAP]."),
    ] = None,
    max_file_mb: Annotated[
        float | None,
        typer.Option(help="Skip files larger than this many MB [env ECO_ADVISOR_MAX_FILE_MB]."),
    ] = None,
    batch_size: Annotated[
        int | None,
        typer.Option(help="Texts per embedding batch [env ECO_ADVISOR_EMBED_BATCH_SIZE]."),
    ] = None,
    prune: Annotated[
        bool,
        typer.Option(
            "--prune/--no-prune",
            help="Remove from the index the files that were deleted under the given folders "
            "(default: on; only files previously ingested from those same folders are touched).",
        ),
    ] = True,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No per-file progress.")] = False,
) -> None:
    """Index files and folders (PDF, HTML, Markdown, text, DOCX) into the vector store.

    Unchanged files are not re-embedded; changed files replace their chunks; files deleted from
    an ingested folder are removed (see --prune). Files that cannot be read are skipped with the
    reason, the rest is indexed, and the exit code is 3.
    """
    settings = load_settings(
        data_dir=data_dir,
        collection=collection,
        embedder=embedder,
        chroma_url=chroma_url,
        chunk_tokens=chunk_tokens,
        chunk_overlap=chunk_overlap,
        max_file_mb=max_file_mb,
        embed_batch_size=batch_size,
    )
    try:
        code = run_ingest(settings, paths, prune, as_json, quiet)
    except EcoAdvisorError as exc:
        fail(str(exc))
    raise typer.Exit(code)


@index_app.command("stats")
def index_stats(
    data_dir: DataDir = None,
    collection: Collection = None,
    chroma_url: ChromaUrl = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """What the index holds: documents, chunks, embedder, collection, last ingest."""
    from ingestion.progress import print_stats
    from ingestion.store import Index

    settings = load_settings(data_dir=data_dir, collection=collection, chroma_url=chroma_url)
    index = Index(settings)
    if not index.exists():
        fail(f"no index named {settings.collection!r} at {index.stats()['location']}: run ingest")
    stats = index.stats()
    if as_json:
        typer.echo(json.dumps(stats, indent=2))
    else:
        print_stats(stats)
    if stats["missing_chunks"]:
        raise typer.Exit(1)


@index_app.command("documents")
def index_documents(
    data_dir: DataDir = None,
    collection: Collection = None,
    chroma_url: ChromaUrl = None,
) -> None:
    """List the indexed documents with their ids, chunk counts and review dates."""
    from ingestion.store import Index

    settings = load_settings(data_dir=data_dir, collection=collection, chroma_url=chroma_url)
    index = Index(settings)
    for source, entry in sorted(index.entries().items()):
        reviewed = entry.metadata.get("reviewed", "-")
        typer.echo(f"{entry.doc_id}\t{len(entry.chunk_ids)} chunks\treviewed {reviewed}\t{source}")


Host = Annotated[
    str | None, typer.Option("--host", help="Interface to listen on [env ECO_ADVISOR_HOST].")
]
Port = Annotated[int | None, typer.Option("--port", help="Port [env ECO_ADVISOR_PORT].")]
Engine = Annotated[
    str | None,
    typer.Option(
        "--engine",
        help="Answer engine: extractive | openai:<model> | ollama:<model> "
        "[env ECO_ADVISOR_ANSWER_ENGINE].",
    ),
]


def quiet_library_loggers() -> None:
    """bm25s sets its own logger to DEBUG when imported, so every index build printed "DEBUG
    bm25s: Building index from tokens" in the service log: keep it at INFO like the rest."""
    import logging

    import bm25s  # noqa: F401  (imported first: importing it resets its level)

    logging.getLogger("bm25s").setLevel(logging.INFO)


def run_server(settings: Settings) -> None:
    """Serve the API until interrupted, printing the URL once the service is ready."""
    import logging

    import uvicorn

    from assistant.main import create_app

    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    app = create_app(settings)
    quiet_library_loggers()
    url = f"http://{settings.host}:{settings.port}"
    typer.echo(f"eco-advisor is starting on {url}  (API docs: {url}/docs; stop with Ctrl+C)")
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="info")


@app.command()
def serve(
    host: Host = None,
    port: Port = None,
    data_dir: DataDir = None,
    collection: Collection = None,
    chroma_url: ChromaUrl = None,
    engine: Engine = None,
) -> None:
    """Run the HTTP service on the index in the data directory."""
    settings = load_settings(
        host=host,
        port=port,
        data_dir=data_dir,
        collection=collection,
        chroma_url=chroma_url,
        answer_engine=engine,
    )
    run_server(settings)


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="Your question, in quotes.")],
    style: Annotated[
        str, typer.Option(help="sme (short, plain) or advisor (structured draft).")
    ] = "sme",
    doc_type: Annotated[
        list[str] | None, typer.Option("--doc-type", help="Only these document types.")
    ] = None,
    country: Annotated[
        list[str] | None, typer.Option("--country", help="Only documents for these countries.")
    ] = None,
    region: Annotated[
        list[str] | None, typer.Option("--region", help="Only documents for these regions.")
    ] = None,
    sector: Annotated[
        list[str] | None, typer.Option("--sector", help="Only documents for these sectors.")
    ] = None,
    language: Annotated[
        str | None, typer.Option("--language", help="Only documents in this language (en).")
    ] = None,
    data_dir: DataDir = None,
    collection: Collection = None,
    chroma_url: ChromaUrl = None,
    engine: Engine = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the full response as JSON.")
    ] = False,
) -> None:
    """Answer one question from the terminal, with its sources."""
    if style not in ("sme", "advisor"):
        fail(f"--style must be sme or advisor, got {style!r}", code=2)
    settings = load_settings(
        data_dir=data_dir, collection=collection, chroma_url=chroma_url, answer_engine=engine
    )
    from assistant.service import Assistant

    filters: dict[str, str | list[str]] = {}
    if doc_type:
        filters["doc_type"] = doc_type
    if country:
        filters["countries"] = country
    if region:
        filters["regions"] = region
    if sector:
        filters["sectors"] = sector
    if language:
        filters["language"] = language
    try:
        result = Assistant(settings).ask(
            question, style=style, filters=filters or None, store=False
        )
    except EcoAdvisorError as exc:
        fail(str(exc))
        return
    if as_json:
        from assistant.api.routes.chat import chat_response

        typer.echo(chat_response(result).model_dump_json(indent=2))
        return
    from rich.console import Console
    from rich.markdown import Markdown

    from assistant.answering import source_label

    out = Console()
    out.print(Markdown(result.answer.text))
    if result.answer.sources and result.answer.style != "advisor":
        out.print()
        for number, hit in enumerate(result.answer.sources, start=1):
            label = source_label(hit)
            where = f", {label}" if label else ""
            url = f" <{hit.source_url}>" if hit.source_url else ""
            out.print(f"[{number}] {hit.title}{where} ({hit.source}){url}", markup=False)


@app.command()
def start(
    corpus: Annotated[Path, typer.Option(help="Folder to ingest before starting.")] = REPO_CORPUS,
    host: Host = None,
    port: Port = None,
    data_dir: DataDir = None,
    no_serve: Annotated[
        bool, typer.Option("--no-serve", help="Only ingest; do not start the service.")
    ] = False,
) -> None:
    """The main job on embedded defaults: ingest the sample corpus if needed, then serve."""
    settings = load_settings(data_dir=data_dir, host=host, port=port)
    typer.echo(f"Ingesting {corpus} into {settings.data_dir} (collection {settings.collection})")
    try:
        code = run_ingest(settings, [corpus], prune=True, as_json=False)
    except EcoAdvisorError as exc:
        fail(str(exc))
        return
    if no_serve:
        raise typer.Exit(code)
    run_server(settings)


def _register_eval() -> None:
    """``eco-advisor eval`` lives with the harness in ``evals/``; the CLI only mounts it."""
    from evals.cli import eval_command

    app.command("eval", help="Score the assistant on a gold dataset beside the naive baseline.")(
        eval_command
    )


_register_eval()


def main() -> None:
    app(prog_name="eco-advisor")


if __name__ == "__main__":  # pragma: no cover
    main()
