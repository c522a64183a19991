"""`results/summary.md`: a short human-readable digest of a run -- per dataset the best model
of each family on the primary metric (test mean and 95% CI), the paired comparisons with the
best baseline, the win rates over targets, the published numbers' verdicts, and what the
interpreted models learned."""

from __future__ import annotations

import pandas as pd

from gdlbench.aggregate.compare import best_models
from gdlbench.aggregate.interpretation import INTERPRETED, seed_summary
from gdlbench.kinds import primary_metric


def _ci(row) -> str:
    if pd.isna(row["ci_low"]):
        return f"{row['mean']:.3f}"
    return f"{row['mean']:.3f} [{row['ci_low']:.3f}, {row['ci_high']:.3f}]"


def _comparison_line(row) -> str:
    """One comparisons.tsv row as comparisons.tsv has it: the seed-mean difference, its
    two-level interval, raw and Holm-adjusted p and the label the adjusted value gives."""
    kind = "ensembles of seeds" if row["comparison"] == "ensemble" else "seed means"
    line = (f"- {row['family']} ({row['model']}) vs {row['baseline']}, {kind}: difference "
            f"{row['difference']:+.3f} [{row['ci_low']:+.3f}, {row['ci_high']:+.3f}], "
            f"p = {row['p_value']:.3g}, Holm p = {row['p_holm']:.3g} ({row['label']})")  # fmt: skip
    chance = [f"{row[side]} seeds {row[f'{side}_seeds_at_chance']} at chance"
              for side in ("family", "baseline")
              if str(row[f"{side}_seeds_at_chance"]) not in ("", "nan")]  # fmt: skip
    if chance:
        verb = "left out" if row["at_chance"] == "exclude" else "averaged in"
        line += f"; {'; '.join(chance)} ({verb})"
    return line


def digest(
    summary: pd.DataFrame,
    metrics: pd.DataFrame,
    comparisons: pd.DataFrame,
    published: pd.DataFrame,
    win_rates: pd.DataFrame,
    interpretation: pd.DataFrame | None = None,
) -> str:
    """The digest; each family's best model is chosen on validation (`metrics`' validation
    rows, as comparisons.tsv chooses), never on the test numbers it then shows."""
    lines = ["# genomic-dl-bench: run digest", ""]
    lines += ["Test metrics are means over seeds with 95% CIs (bootstrap over test examples and",
              "seeds); the model shown for a family is its best on validation (seed-mean",
              "validation value of the primary metric), as in comparisons.tsv. Comparisons",
              "are differences of seed means with two-level bootstrap intervals; labels follow",
              "Holm-adjusted p-values (within each task, 0.05).", ""]  # fmt: skip
    for (task, dataset), rows in summary.groupby(["task", "dataset"], sort=True):
        metric = primary_metric(task)[0]
        rows = rows[rows["metric"] == metric].set_index("model")
        chosen = best_models(metrics, task, dataset)
        lines += [f"## {task} / {dataset} ({metric})", "",
                  "| family | model | test | tuning budget |", "|---|---|---|---|"]  # fmt: skip
        for family, model in sorted(chosen.items()):
            if model in rows.index:
                row = rows.loc[model]
                budget = int(row["tuning_budget"]) if "tuning_budget" in row else 1
                lines.append(f"| {family} | {model} | {_ci(row)} | {budget} |")
        rows = rows.reset_index()
        for _, row in rows[rows["seeds_at_chance"].fillna("").astype(str) != ""].iterrows():
            lines.append(f"- **at chance**: {row['model']} seeds {row['seeds_at_chance']} of "
                         f"{row['seeds']} never left the chance loss in training (averaged in "
                         "above)")  # fmt: skip
        paired = comparisons[comparisons["dataset"] == dataset]
        for _, row in paired.iterrows():
            lines.append(_comparison_line(row))
        lines.append("")
    if len(win_rates):
        lines += ["## Win rates over targets", "",
                  "| task | over | family (models) vs | wins / decided | sign p | Wilcoxon p "
                  "| better / worse (BH 0.05) of tested |",
                  "|---|---|---|---|---|---|---|"]  # fmt: skip
        for _, row in win_rates.iterrows():
            decided, unit = row["wins"] + row["losses"], row["unit"].replace("_", " ")
            tested = (f"{int(row['better_bh'])} / {int(row['worse_bh'])} of "
                      f"{int(row['n_tested'])}" if row["n_tested"] else "")  # fmt: skip
            lines.append(f"| {row['task']} | {row['n_targets']} {unit}s of {row['group']} "
                         f"| {row['family']} ({row['models']}) vs {row['baseline']} "
                         f"| {row['wins']} / {decided} | {row['sign_p']:.3g} "
                         f"| {row['wilcoxon_p']:.3g} | {tested} |")  # fmt: skip
        lines.append("")
    lines += ["## Published numbers", "", "| number | published | reproduced | verdict |",
              "|---|---|---|---|"]  # fmt: skip
    for _, row in published.iterrows():
        value = "" if pd.isna(row["reproduced"]) else f"{row['reproduced']:.4f}"
        lines.append(f"| {row['id']} | {row['published']} | {value} | {row['verdict']} |")
    if interpretation is not None and len(interpretation):
        lines += ["", *_interpretation_lines(interpretation)]
    return "\n".join(lines) + "\n"


def _interpretation_lines(table: pd.DataFrame) -> list[str]:
    """Per interpreted model, its `seed_summary` of INTERPRETED (blank where a measure does not
    apply: no filters, one motif planted)."""
    lines = ["## What the models learned (interpretation.tsv)", "",
             "Against the planted truth, mean over seeds [95% CI]; docs/interpretation.md says",
             "what each measure means.", "",
             f"| dataset | family (model) | {' | '.join(INTERPRETED)} |",
             f"|---|---|{'---|' * len(INTERPRETED)}"]  # fmt: skip
    summary = seed_summary(table).set_index(["dataset", "model", "measure"])
    for dataset, family, model in (
        table[["dataset", "family", "model"]]
        .drop_duplicates()
        .sort_values(["dataset", "family", "model"])
        .itertuples(index=False)
    ):
        cells = [_ci(summary.loc[(dataset, model, measure)])
                 if (dataset, model, measure) in summary.index else ""
                 for measure in INTERPRETED]  # fmt: skip
        lines.append(f"| {dataset} | {family} ({model}) | {' | '.join(cells)} |")
    return lines
