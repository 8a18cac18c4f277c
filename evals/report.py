"""Write an evaluation as ``<name>.json`` (everything), ``<name>.md`` (for people) and PNG charts.

Every table puts the assistant beside the naive baseline of the same run, with their ratio: a
report without the baseline column would not say whether a change helps.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from evals.harness import METRICS, EvalRun, Row

REPORTS_DIR = Path(__file__).resolve().parent / "reports"
#: Columns of the per-group tables (split, kind, language).
GROUP_COLUMNS = ("hit_at_3", "mrr", "key_fact_recall", "out_of_scope_declined", "latency_p50")


def fmt(value: float | None, digits: int = 3) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def fmt_ratio(value: float | None) -> str:
    return "n/a" if value is None else f"×{value:.2f}"


def row_json(row: Row) -> dict[str, Any]:
    data = asdict(row)
    data.pop("contexts", None)
    return data


def run_json(run: EvalRun) -> dict[str, Any]:
    return {
        "name": run.name,
        "created": run.created,
        "dataset": run.dataset,
        "split": run.split,
        "target": run.target,
        "baseline": run.baseline,
        "answers_scored": run.answers,
        "notes": run.notes,
        "settings": run.settings,
        "metrics": {
            k: {"label": label, "higher_is_better": up, "needs_answers": needs}
            for k, (label, up, needs) in METRICS.items()
        },
        "results": run.results,
        "rows": {
            "assistant": [row_json(r) for r in run.assistant_rows],
            "baseline": [row_json(r) for r in run.baseline_rows],
        },
    }


def _aggregate_table(run: EvalRun) -> list[str]:
    overall = run.results["overall"]
    lines = ["| metric | assistant | baseline | ratio |", "|---|---:|---:|---:|"]
    for key, (label, higher_is_better, _needs) in METRICS.items():
        cell = overall[key]
        if cell["assistant"] is None and cell["baseline"] is None:
            continue
        direction = "" if higher_is_better else " (lower is better)"
        lines.append(
            f"| {label}{direction} | {fmt(cell['assistant'])} | {fmt(cell['baseline'])} "
            f"| {fmt_ratio(cell['ratio'])} |"
        )
    n = overall["n"]["assistant"] or 0
    errors = overall["errors"]
    lines.append(f"| questions | {n:.0f} | {overall['n']['baseline'] or 0:.0f} | |")
    if errors["assistant"] or errors["baseline"]:
        lines.append(
            f"| errors | {errors['assistant'] or 0:.0f} | {errors['baseline'] or 0:.0f} | |"
        )
    return lines


def _group_table(run: EvalRun, prefix: str) -> list[str]:
    header = ["| " + prefix + " | n |"]
    rule = ["|---|---:|"]
    for key in GROUP_COLUMNS:
        header.append(f" {key} A | {key} B | ratio |")
        rule.append("---:|---:|---:|")
    lines = ["".join(header), "".join(rule)]
    for group, cells in run.results.items():
        if not group.startswith(prefix + ":"):
            continue
        parts = [f"| {group.split(':', 1)[1]} | {cells['n']['assistant'] or 0:.0f} |"]
        for key in GROUP_COLUMNS:
            c = cells[key]
            parts.append(
                f" {fmt(c['assistant'])} | {fmt(c['baseline'])} | {fmt_ratio(c['ratio'])} |"
            )
        lines.append("".join(parts))
    return lines


def _cell(text: str, limit: int = 60) -> str:
    text = " ".join(text.split()).replace("|", "\\|")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _question_rows(run: EvalRun) -> list[str]:
    baseline = {r.id: r for r in run.baseline_rows}
    lines = [
        "| id | split | kind | lang | hit@3 A/B | RR A/B | key facts A/B | declined A | "
        "latency A (s) | top docs A | question |",
        "|---|---|---|---|---|---|---|---|---:|---|---|",
    ]
    for row in run.assistant_rows:
        b = baseline.get(row.id)
        declined = "n/a" if row.declined is None else ("yes" if row.declined else "no")
        error = f" **error: {_cell(row.error, 40)}**" if row.error else ""
        lines.append(
            f"| {row.id} | {row.split or '-'} | {row.kind} | {row.lang} "
            f"| {fmt(row.hit_at_3, 0)}/{fmt(b.hit_at_3 if b else None, 0)} "
            f"| {fmt(row.rr, 2)}/{fmt(b.rr if b else None, 2)} "
            f"| {fmt(row.key_fact_recall, 2)}/{fmt(b.key_fact_recall if b else None, 2)} "
            f"| {declined} | {row.latency:.3f} | {_cell(', '.join(row.retrieved_doc_ids[:3]), 70)} "
            f"| {_cell(row.question)}{error} |"
        )
    return lines


def markdown(run: EvalRun, charts: list[Path]) -> str:
    lines = [
        f"# Evaluation: {run.name}",
        "",
        f"- created: {run.created}",
        f"- dataset: `{run.dataset}`, split `{run.split}`, {len(run.assistant_rows)} questions",
        f"- assistant (A): {run.target}",
        f"- baseline (B): {run.baseline}",
        "- ratio = A / B, in the same run on the same questions",
    ]
    lines += [f"- note: {note}" for note in run.notes]
    lines += ["", "## Aggregate", "", *_aggregate_table(run)]
    for title, prefix in (("By split", "split"), ("By kind", "kind"), ("By language", "lang")):
        lines += ["", f"## {title}", "", *_group_table(run, prefix)]
    if charts:
        lines += ["", "## Charts", ""]
        lines += [f"![{c.stem}]({c.name})" for c in charts]
    lines += ["", "## Per question", "", *_question_rows(run), ""]
    return "\n".join(lines)


def charts(run: EvalRun, out_dir: Path) -> list[Path]:
    """Per-kind scores (assistant vs baseline) and the latency distribution, as PNG files."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    shown = ["hit_at_3", "key_fact_recall"] if run.answers else ["hit_at_3", "mrr"]
    fig, axes = plt.subplots(1, len(shown), figsize=(6 * len(shown), 4), squeeze=False)
    for ax, metric in zip(axes[0], shown, strict=True):
        kinds = [
            g
            for g in run.results
            if g.startswith("kind:")
            and (
                run.results[g][metric]["assistant"] is not None
                or run.results[g][metric]["baseline"] is not None
            )
        ]
        labels = [k.split(":", 1)[1] for k in kinds]
        ours = [run.results[k][metric]["assistant"] or 0.0 for k in kinds]
        theirs = [run.results[k][metric]["baseline"] or 0.0 for k in kinds]
        xs = range(len(labels))
        ax.bar([x - 0.2 for x in xs], ours, width=0.4, label="assistant")
        ax.bar([x + 0.2 for x in xs], theirs, width=0.4, label="baseline")
        ax.set_xticks(list(xs), labels, rotation=30, ha="right")
        ax.set_ylim(0, 1.05)
        ax.set_title(METRICS[metric][0])
        ax.legend()
    fig.suptitle(f"{run.name}: scores per question kind")
    fig.tight_layout()
    per_kind = out_dir / f"{run.name}-per-kind.png"
    fig.savefig(per_kind, dpi=100)
    plt.close(fig)

    fig, ax = plt.subplots(figsize=(6, 4))
    data = [[r.latency for r in run.assistant_rows], [r.latency for r in run.baseline_rows]]
    ax.boxplot(data, tick_labels=["assistant", "baseline"], showfliers=True)
    ax.set_ylabel("seconds per question")
    ax.set_title(f"{run.name}: latency distribution")
    fig.tight_layout()
    latency = out_dir / f"{run.name}-latency.png"
    fig.savefig(latency, dpi=100)
    plt.close(fig)
    return [per_kind, latency]


def write_report(run: EvalRun, out_dir: Path = REPORTS_DIR) -> dict[str, Path]:
    """Write json, md and the charts; returns the paths by kind."""
    out_dir.mkdir(parents=True, exist_ok=True)
    pictures = charts(run, out_dir)
    json_path = out_dir / f"{run.name}.json"
    json_path.write_text(
        json.dumps(run_json(run), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    md_path = out_dir / f"{run.name}.md"
    md_path.write_text(markdown(run, pictures), encoding="utf-8")
    return {"json": json_path, "md": md_path, "per_kind": pictures[0], "latency": pictures[1]}
