"""How ingestion shows itself: a progress bar on a terminal, plain log lines otherwise."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ingestion.indexing import FileEvent, IngestSummary, discover


class ProgressReporter:
    """Receives ``FileEvent``s; draws a bar on a TTY, writes one line per file elsewhere."""

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled
        self.err = Console(stderr=True, highlight=False)
        self.tty = sys.stderr.isatty()
        self._progress: Progress | None = None
        self._task: Any = None

    def __enter__(self) -> ProgressReporter:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()

    def start(self, paths: list[Path]) -> None:
        if not (self.enabled and self.tty):
            return
        total = len(discover(paths)[0])
        self._progress = Progress(
            TextColumn("[bold]ingesting"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.description}"),
            console=self.err,
            transient=True,
        )
        self._task = self._progress.add_task("", total=total)
        self._progress.start()

    def event(self, event: FileEvent) -> None:
        if not self.enabled:
            return
        if self._progress is not None:
            if event.status != "removed":
                self._progress.update(self._task, advance=1, description=event.source)
            if event.status == "skipped":
                self._progress.console.print(f"[yellow]skipped[/] {event.source}: {event.reason}")
            return
        detail = f" ({event.chunks} chunks)" if event.status in ("indexed", "removed") else ""
        reason = f": {event.reason}" if event.reason else ""
        print(f"{event.status} {event.source}{detail}{reason}", file=sys.stderr, flush=True)


def print_summary(summary: IngestSummary, stats: dict[str, Any]) -> None:
    out = Console(highlight=False)
    table = Table(title="Ingest summary", show_header=False, title_justify="left")
    table.add_column(style="bold")
    table.add_column(justify="right")
    rows = [
        ("files seen", summary.seen),
        ("indexed", len(summary.indexed)),
        ("unchanged", len(summary.unchanged)),
        ("skipped", len(summary.skipped)),
        ("removed", len(summary.removed)),
        ("chunks written (embedded)", summary.chunks_written),
        ("chunks reused", summary.chunks_reused),
        ("chunks deleted", summary.chunks_deleted),
        ("time taken", f"{summary.seconds:.2f} s"),
        ("index now holds", f"{stats['documents']} documents, {stats['chunks']} chunks"),
    ]
    if summary.orphans_cleaned:
        rows.insert(8, ("leftovers of an interrupted run cleaned", summary.orphans_cleaned))
    for label, value in rows:
        table.add_row(label, str(value))
    out.print(table)
    for source, reason in summary.skipped:
        out.print(f"  skipped {source}: {reason}")
    for source in summary.removed:
        out.print(f"  removed {source} (no longer on disk)")


def print_stats(stats: dict[str, Any]) -> None:
    out = Console(highlight=False)
    table = Table(title="Index", show_header=False, title_justify="left")
    table.add_column(style="bold")
    table.add_column()
    for key in (
        "collection",
        "location",
        "embedder",
        "dimension",
        "documents",
        "chunks",
        "last_ingest",
        "orphan_chunks",
        "missing_chunks",
    ):
        table.add_row(key.replace("_", " "), str(stats.get(key)))
    out.print(table)
