"""The ingestion pipeline: files -> documents -> chunks -> vectors -> the index.

Incremental and idempotent: a file whose bytes (and sidecar metadata, and chunking settings)
are unchanged is not read again; chunk ids are content hashes, so a changed file only embeds the
chunks that are new. Files are embedded in groups so small files still fill whole batches.
"""

from __future__ import annotations

import hashlib
import itertools
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from assistant.config import Settings
from assistant.embeddings import Embedder
from assistant.errors import DocumentError
from ingestion.chunking import Chunk, chunk_document
from ingestion.documents import Document, slugify
from ingestion.loaders import load_metadata_yaml, loader_for
from ingestion.store import Index, ManifestEntry, utc_now

IGNORE_FILE = ".ingestignore"
SIDECAR_SUFFIXES = (".meta.yaml", ".meta.yml")
# 2: line breaks count in the chunk budget; 3: PDF two-column tables; 4: lists kept whole;
# 5: chunks carry heading_path as a list (a re-chunk adds it; chunk ids, so vectors, are kept)
# 6: a heading opens the chunk of its text; a section that is only a heading makes no chunk;
#    a sentence cut by a PDF page break is finished on the page where it starts
# 7: a PDF table row whose cells wrap onto several lines is one row; a heading with no room for
#    the block under it makes no chunk alone (its chunk's heading path names it)
# 8: a PDF table of two columns keeps its wrapped rows too; a table cell is cut where two spaces
#    lead to a column's start
# 9: each section of a PDF page is a chunk of its own; a page that opens mid-section cites the
#    heading of an earlier page; a page ending with a heading makes no chunk of it
# 10: PDF lines set in a heading font (bold, or larger than the body) are headings, levelled by
#     size, and a PDF chunk cites its section and sub-section ("3. EMAS > Derogations")
# 11: an HTML table's caption is a lead-in paragraph before the table, not a header row
PIPELINE_VERSION = "11"
#: Metadata keys the pipeline owns; front matter cannot override them.
RESERVED_KEYS = {
    "source",
    "doc_id",
    "title",
    "page",
    "section",
    "heading_path",
    "start_char",
    "end_char",
}


@dataclass
class FileEvent:
    """One file's outcome, reported to the progress display as it happens."""

    source: str
    status: str  # indexed | unchanged | skipped | removed
    chunks: int = 0
    reason: str = ""


@dataclass
class IngestSummary:
    seen: int = 0
    indexed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    chunks_written: int = 0
    chunks_reused: int = 0
    chunks_deleted: int = 0
    orphans_cleaned: int = 0
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "files_seen": self.seen,
            "indexed": len(self.indexed),
            "unchanged": len(self.unchanged),
            "skipped": [{"file": s, "reason": r} for s, r in self.skipped],
            "removed": len(self.removed),
            "chunks_written": self.chunks_written,
            "chunks_reused": self.chunks_reused,
            "chunks_deleted": self.chunks_deleted,
            "orphans_cleaned": self.orphans_cleaned,
            "seconds": round(self.seconds, 3),
        }


@dataclass
class Candidate:
    """A file found under a root, before it is read.

    ``rel`` is its path relative to the root; ``source`` its name in the index, which is ``rel``
    unless another root's file already has that name (see ``assign_sources``).
    """

    path: Path
    root: Path
    source: str
    sidecar: Path | None = None
    rel: str = ""

    def __post_init__(self) -> None:
        if not self.rel:
            self.rel = self.source


@dataclass
class Prepared:
    """A file read, hashed and chunked, ready to embed."""

    candidate: Candidate
    file_hash: str
    document: Document | None = None
    #: The doc id came from front matter or a sidecar: it is the author's, never changed by us.
    explicit_id: bool = False
    chunks: list[Chunk] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    embed_texts: list[str] = field(default_factory=list)
    metadatas: list[dict[str, Any]] = field(default_factory=list)
    error: str | None = None


# -- discovery ---------------------------------------------------------------------------------


def _ignore_spec(root: Path) -> Any:
    import pathspec

    patterns: list[str] = []
    ignore_file = root / IGNORE_FILE
    if ignore_file.is_file():
        patterns = ignore_file.read_text(encoding="utf-8").splitlines()
    return pathspec.PathSpec.from_lines("gitwildmatch", patterns)


def discover(paths: list[Path]) -> tuple[list[Candidate], list[tuple[str, str]]]:
    """Files to ingest under the given files and folders, and the paths that are not usable."""
    found: list[Candidate] = []
    problems: list[tuple[str, str]] = []
    seen: set[Path] = set()  # a file reached twice (`kb kb/a.md`) is one document
    for given in paths:
        if not given.exists():
            problems.append((str(given), "no such file or folder"))
            continue
        if given.is_file():
            root = given.parent.resolve()
            files = [given.resolve()]
            spec = None
        else:
            root = given.resolve()
            spec = _ignore_spec(root)
            files = sorted(p for p in root.rglob("*") if p.is_file())
        for path in files:
            rel = path.relative_to(root).as_posix()
            if any(part.startswith(".") or part == "__pycache__" for part in rel.split("/")):
                continue
            if spec is not None and spec.match_file(rel):
                continue
            if rel.endswith(SIDECAR_SUFFIXES):
                continue
            if path in seen:
                continue
            seen.add(path)
            sidecar = next(
                (
                    path.with_name(path.name + s)
                    for s in SIDECAR_SUFFIXES
                    if path.with_name(path.name + s).is_file()
                ),
                None,
            )
            found.append(Candidate(path=path, root=root, source=rel, sidecar=sidecar, rel=rel))
    return found, problems


def _qualified_names(root: Path, rel: str) -> Iterator[str]:
    """Names for a file, plainest first: its relative path, then prefixed by its root's folders."""
    yield rel
    parts = root.parts[1:]  # without the anchor
    for depth in range(1, len(parts) + 1):
        yield "/".join((*parts[-depth:], rel))
    for n in itertools.count(2):
        yield f"{rel} ({n})"


def assign_sources(candidates: list[Candidate], entries: dict[str, ManifestEntry]) -> None:
    """Give each candidate a name in the index that no other file has.

    The name is the path relative to the folder given, so one root's names stay as they always
    were. When another root's file already has that name, the root's folder names are put in
    front (``b/guide.md``) instead of one file silently replacing the other. A file keeps the
    name it was indexed under, so names (and the doc ids derived from them) are stable; a name
    whose file no longer exists is free, so a moved folder keeps its names and its vectors.
    """
    # Keyed by the file itself, not (root, path): `ingest kb` then `ingest kb/sub` reaches the
    # same file from two roots, and it must stay one document.
    by_file = {Path(e.root) / e.path: e.source for e in entries.values()}
    taken: dict[str, tuple[str, str]] = {}
    new: list[Candidate] = []
    for candidate in candidates:
        name = by_file.get(candidate.path)
        if name is None:
            new.append(candidate)
        else:
            candidate.source = name
            taken[name] = (str(candidate.root), candidate.rel)
    for entry in entries.values():
        if entry.source not in taken and (Path(entry.root) / entry.path).is_file():
            taken[entry.source] = (entry.root, entry.path)
    for candidate in new:
        name = next(n for n in _qualified_names(candidate.root, candidate.rel) if n not in taken)
        candidate.source = name
        taken[name] = (str(candidate.root), candidate.rel)


# -- preparing one file ------------------------------------------------------------------------


def pipeline_fingerprint(settings: Settings) -> str:
    return f"v{PIPELINE_VERSION};tokens={settings.chunk_tokens};overlap={settings.chunk_overlap}"


def _file_hash(data: bytes, sidecar: bytes) -> str:
    digest = hashlib.sha256(data)
    digest.update(b"\x00sidecar\x00")
    digest.update(sidecar)
    return digest.hexdigest()


def embed_text(title: str, heading_path: tuple[str, ...], text: str) -> str:
    """What is embedded: the title and section put in front of the chunk's own text."""
    context = [title] + [h for h in heading_path if h and h != title]
    return " > ".join(context) + "\n\n" + text


def chunk_id(doc_id: str, text: str, occurrence: int) -> str:
    """Content-hash id: the same text in the same document keeps its id (and its vector)."""
    raw = f"{doc_id}\x1f{occurrence}\x1f{text}".encode()
    return hashlib.sha256(raw).hexdigest()[:32]


def name_document(prepared: Prepared, doc_id: str) -> None:
    """Set a prepared document's id, and so its chunk ids (they hash the doc id in)."""
    assert prepared.document is not None
    prepared.document.doc_id = doc_id
    seen: Counter[str] = Counter()
    prepared.ids = []
    for text, meta in zip(prepared.embed_texts, prepared.metadatas, strict=True):
        prepared.ids.append(chunk_id(doc_id, text, seen[text]))
        seen[text] += 1
        meta["doc_id"] = doc_id


def doc_id_choices(prepared: Prepared) -> list[str]:
    """The ids a document may take: an author's id only, else its name's slug, then that slug
    made unique by a hash of the name (two names can slug alike: ``x/guide.md``, ``x-guide.md``).
    """
    assert prepared.document is not None
    doc_id = prepared.document.doc_id
    if prepared.explicit_id:
        return [doc_id]
    digest = hashlib.sha256(prepared.candidate.source.encode()).hexdigest()[:8]
    return [doc_id, f"{doc_id}-{digest}"]


def _scalar_metadata(meta: dict[str, Any]) -> dict[str, Any]:
    """Chroma stores str/int/float/bool and lists of one of those; anything else becomes text."""
    out: dict[str, Any] = {}
    for key, value in meta.items():
        if key in RESERVED_KEYS or value is None:
            continue
        if isinstance(value, str | int | float | bool):
            out[key] = value
        elif isinstance(value, list) and value:
            items = [v if isinstance(v, str | int | float | bool) else str(v) for v in value]
            if len({type(v) for v in items}) > 1:
                items = [str(v) for v in items]
            out[key] = items
        elif not isinstance(value, list):
            out[key] = str(value)
    return out


def read_sidecar(path: Path) -> dict[str, Any]:
    try:
        meta = load_metadata_yaml(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise DocumentError(
            f"malformed sidecar metadata {path.name}: {exc}".splitlines()[0]
        ) from None
    if not isinstance(meta, dict):
        raise DocumentError(f"sidecar metadata {path.name} is not a YAML mapping")
    from ingestion.loaders import _plain_metadata

    return _plain_metadata(meta)


def prepare(candidate: Candidate, settings: Settings, known_hash: str | None) -> Prepared:
    """Read, hash and (if changed) load and chunk one file. Never raises for bad input."""
    loader = loader_for(candidate.path.suffix)
    if loader is None:  # decided by name alone: the file is never read
        return Prepared(
            candidate, "", error=f"unsupported file type {candidate.path.suffix or '(no suffix)'!r}"
        )
    try:
        size = candidate.path.stat().st_size
        if size > settings.max_file_bytes:
            return Prepared(
                candidate,
                "",
                error=f"file too large ({size / 1048576:.1f} MB > {settings.max_file_mb:g} MB cap)",
            )
        data = candidate.path.read_bytes()
        sidecar_bytes = candidate.sidecar.read_bytes() if candidate.sidecar else b""
    except OSError as exc:
        return Prepared(candidate, "", error=f"cannot read file ({exc.strerror or exc})")
    file_hash = _file_hash(data, sidecar_bytes)
    prepared = Prepared(candidate, file_hash)
    if known_hash == file_hash:
        return prepared  # unchanged: not parsed, not chunked, not embedded
    try:
        extracted = loader(data)
        meta = dict(extracted.metadata)
        if candidate.sidecar:
            meta.update(read_sidecar(candidate.sidecar))
    except DocumentError as exc:
        prepared.error = exc.reason
        return prepared
    stem = candidate.source.rsplit(".", 1)[0]
    prepared.explicit_id = bool(meta.get("id"))
    doc_id = slugify(str(meta.get("id") or stem))
    title = str(meta.get("title") or extracted.title or Path(stem).name)
    document = Document(
        source=candidate.source,
        doc_id=doc_id,
        title=title,
        metadata=meta,
        units=extracted.units,
        kind=extracted.kind,
    )
    if not document.units:
        prepared.error = "no text could be extracted"
        return prepared
    chunks = chunk_document(document, settings.chunk_tokens, settings.chunk_overlap)
    if not chunks:
        prepared.error = "no text to index (only headings)"
        return prepared
    base_meta = _scalar_metadata({k: v for k, v in meta.items() if k not in ("id",)})
    for chunk in chunks:
        text_for_vector = embed_text(title, chunk.heading_path, chunk.text)
        prepared.embed_texts.append(text_for_vector)
        chunk_meta = dict(base_meta)
        chunk_meta.update(
            source=candidate.source,
            doc_id=doc_id,
            title=title,
            file_type=extracted.kind,
            chunk_index=chunk.index,
            start_char=chunk.start,
            end_char=chunk.end,
            tokens=chunk.tokens,
        )
        if chunk.page is not None:
            chunk_meta["page"] = chunk.page
        if chunk.heading_path:
            # ``section`` is for people (citations); the list is for code, as a heading may itself
            # contain " > ". Chroma refuses an empty list, hence both only when there is a path.
            chunk_meta["section"] = " > ".join(chunk.heading_path)
            chunk_meta["heading_path"] = list(chunk.heading_path)
        prepared.metadatas.append(chunk_meta)
    prepared.document = document
    prepared.chunks = chunks
    name_document(prepared, doc_id)
    return prepared


# -- the run -----------------------------------------------------------------------------------


class Ingestor:
    """Runs one ingest against one index with one embedder (loaded only if something changed)."""

    def __init__(
        self,
        settings: Settings,
        index: Index,
        embedder_factory: Callable[[], Embedder],
        on_event: Callable[[FileEvent], None] | None = None,
    ) -> None:
        self.settings = settings
        self.index = index
        self._embedder_factory = embedder_factory
        self._embedder: Embedder | None = None
        self.on_event = on_event or (lambda event: None)

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = self._embedder_factory()
            self.index.claim_embedder(self._embedder.spec, self._embedder.dimension)
        return self._embedder

    def run(self, paths: list[Path], prune: bool = True) -> IngestSummary:
        started = time.perf_counter()
        summary = IngestSummary()
        info = self.index.info()
        if info.get("embedder") and info["embedder"] != self.settings.embedder:
            from assistant.errors import EmbedderMismatch

            raise EmbedderMismatch(self.index.name, str(info["embedder"]), self.settings.embedder)
        summary.orphans_cleaned = self.index.remove_orphans()
        entries = self.index.entries()
        candidates, problems = discover(paths)
        assign_sources(candidates, entries)
        for source, reason in problems:
            summary.skipped.append((source, reason))
            self.on_event(FileEvent(source, "skipped", reason=reason))
        summary.seen = len(candidates)
        fingerprint = pipeline_fingerprint(self.settings)
        # Entries about to be pruned keep their ids for this run: a new document taking one could
        # share chunk ids with it, and the prune would then delete live chunks.
        doc_owner = {e.doc_id: e.source for e in entries.values()}
        located = {e.source: Path(e.root) / e.path for e in entries.values()}
        located.update((c.source, c.path) for c in candidates)

        def known_hash(c: Candidate) -> str | None:
            entry = entries.get(c.source)
            if entry and entry.pipeline == fingerprint and Path(entry.root) / entry.path == c.path:
                return entry.file_hash
            return None

        group: list[Prepared] = []
        group_chunks = 0
        flush_at = max(self.settings.embed_batch_size * 4, 128)
        for prepared in self._prepare_ahead(candidates, known_hash):
            source = prepared.candidate.source
            if prepared.error:
                summary.skipped.append((source, prepared.error))
                self.on_event(FileEvent(source, "skipped", reason=prepared.error))
                continue
            if prepared.document is None:
                summary.unchanged.append(source)
                self.on_event(FileEvent(source, "unchanged"))
                continue
            choices = doc_id_choices(prepared)
            free = [d for d in choices if doc_owner.get(d, source) == source]
            if not free:
                owner = doc_owner[choices[0]]
                reason = (
                    f"duplicate document id {choices[0]!r} of {prepared.candidate.path}: "
                    f"already used by {located.get(owner, owner)}"
                )
                summary.skipped.append((source, reason))
                self.on_event(FileEvent(source, "skipped", reason=reason))
                continue
            current = entries.get(source)
            doc_id = current.doc_id if current is not None and current.doc_id in free else free[0]
            if doc_id != prepared.document.doc_id:
                name_document(prepared, doc_id)
            doc_owner[doc_id] = source
            group.append(prepared)
            group_chunks += len(prepared.ids)
            if group_chunks >= flush_at:
                self._write_group(group, entries, summary)
                group, group_chunks = [], 0
        self._write_group(group, entries, summary)

        if prune:
            # Only folders given on this run are pruned: a single file given means nothing about
            # its neighbours, so its parent folder is not a prune root. A document indexed from
            # that folder and not found (deleted or now ignored) is pruned; one indexed from
            # another root (`ingest kb/sub`, then `ingest kb`) only when its file is gone.
            roots = [p.resolve() for p in paths if p.is_dir()]
            present = {c.source for c in candidates}
            for source, entry in sorted(entries.items()):
                where = Path(entry.root) / entry.path
                gone = any(where.is_relative_to(r) for r in roots) and not where.is_file()
                if source not in present and (Path(entry.root) in roots or gone):
                    self.index.remove_entry(source)
                    summary.chunks_deleted += self.index.delete_chunks(entry.chunk_ids)
                    summary.removed.append(source)
                    self.on_event(FileEvent(source, "removed", chunks=len(entry.chunk_ids)))
        changed = bool(summary.indexed or summary.removed or summary.orphans_cleaned)
        if changed or not self.index.info().get("last_ingest"):
            self.index.mark_ingested(changed=changed)
        summary.seconds = time.perf_counter() - started
        return summary

    def _prepare_ahead(
        self, candidates: list[Candidate], known_hash: Callable[[Candidate], str | None]
    ) -> Iterator[Prepared]:
        """Read and chunk the next files on a worker thread while the main thread embeds."""
        ahead = 16  # bounded, so a large corpus is never held in memory all at once
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="prepare") as pool:
            pending: deque[Future[Prepared]] = deque()
            for candidate in candidates:
                pending.append(
                    pool.submit(prepare, candidate, self.settings, known_hash(candidate))
                )
                if len(pending) >= ahead:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()

    def _write_group(
        self, group: list[Prepared], entries: dict[str, ManifestEntry], summary: IngestSummary
    ) -> None:
        """Embed what is new in a group of files, then commit each file: add, commit, delete."""
        if not group:
            return
        all_ids = [cid for p in group for cid in p.ids]
        existing = self.index.existing(all_ids)
        to_embed = [(p, i) for p in group for i, cid in enumerate(p.ids) if cid not in existing]
        vectors = (
            self.embedder.embed_documents([p.embed_texts[i] for p, i in to_embed])
            if to_embed
            else None
        )
        if vectors is not None:
            # One write for the whole group (one upsert per file cost ~20 ms each). Until a file's
            # manifest record is committed below, its chunks are orphans: retrieval ignores them
            # and the next run removes them, so a crash here still leaves the index consistent.
            self.index.add_chunks(
                [p.ids[i] for p, i in to_embed],
                vectors,
                [p.chunks[i].text for p, i in to_embed],
                [p.metadatas[i] for p, i in to_embed],
            )
        for prepared in group:
            document = prepared.document
            assert document is not None
            new_idx = [i for i, cid in enumerate(prepared.ids) if cid not in existing]
            kept_idx = [i for i, cid in enumerate(prepared.ids) if cid in existing]
            if kept_idx:
                self.index.update_metadata(
                    [prepared.ids[i] for i in kept_idx], [prepared.metadatas[i] for i in kept_idx]
                )
            source = prepared.candidate.source
            entry = ManifestEntry(
                source=source,
                root=str(prepared.candidate.root),
                doc_id=document.doc_id,
                title=document.title,
                file_hash=prepared.file_hash,
                pipeline=pipeline_fingerprint(self.settings),
                chunk_ids=list(prepared.ids),
                indexed_at=utc_now(),
                metadata=_scalar_metadata(document.metadata),
                path=prepared.candidate.rel,
            )
            self.index.commit_entry(entry)
            old = entries.get(source)
            if old is not None:
                stale = set(old.chunk_ids) - set(prepared.ids)
                summary.chunks_deleted += self.index.delete_chunks(stale)
            entries[source] = entry
            summary.indexed.append(source)
            summary.chunks_written += len(new_idx)
            summary.chunks_reused += len(kept_idx)
            self.on_event(FileEvent(source, "indexed", chunks=len(prepared.ids)))
