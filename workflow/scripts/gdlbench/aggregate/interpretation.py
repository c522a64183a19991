"""Seed summaries of interpretation.tsv: per dataset, model and shown measure
(INTERPRETED), the mean over seeds and its 95% t-interval -- what the digest lists and the
interpretation figure draws. The intervals of AUROCs and recalls are clipped to [0, 1], as
the metrics' are; the relative drops (RELATIVE_DROPS) can leave it and are not."""

from __future__ import annotations

import numpy as np
import pandas as pd

from gdlbench.aggregate.stats import mean_ci

INTERPRETED = (
    "site_auroc_ism", "motif_recall", "seqlet_motif_recall_ism", "partner_dependence_ism",
    "mirna_dependence_ism",  # miRNA-target pairs: the site's attribution beside its miRNA
    "bin_auroc_occlusion",  # histone marks: occlusion against the causal marks' bins
)  # fmt: skip
RELATIVE_DROPS = ("partner_dependence_ism", "mirna_dependence_ism")  # a sign flip: outside [0, 1]
SUMMARY_COLUMNS = ["dataset", "family", "model", "measure", "mean", "ci_low", "ci_high"]


def seed_summary(table: pd.DataFrame) -> pd.DataFrame:
    """SUMMARY_COLUMNS rows of the INTERPRETED measures a model has (none where a measure
    does not apply: no filters, one motif planted)."""
    shown = table[table["measure"].isin(INTERPRETED)].dropna(subset=["value"])
    rows = []
    for key, group in shown.groupby(["dataset", "family", "model", "measure"]):
        mean, _, low, high = mean_ci(group["value"].to_numpy())
        if key[-1] not in RELATIVE_DROPS:  # a t-interval over a few seeds can overshoot
            low, high = np.clip([low, high], 0.0, 1.0)
        rows.append([*key, mean, low, high])
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)
