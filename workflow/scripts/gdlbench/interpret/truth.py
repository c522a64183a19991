"""Interpretations scored against what the simulators planted: how well per-position
attributions single out the planted sites, and which planted motifs the model's motifs
recover."""

from __future__ import annotations

import numpy as np

from gdlbench import ranking


def site_ranking(attributions: np.ndarray, planted: np.ndarray) -> dict[str, float]:
    """AUROC and average precision of the per-position attributions (N, L) -- the larger,
    the more the position is called a site -- against the planted positions (N, L, bool),
    pooled over the sequences."""
    truth, scores = np.asarray(planted).reshape(-1), np.asarray(attributions).reshape(-1)
    return {"site_auroc": ranking.auroc(truth, scores),
            "site_auprc": ranking.average_precision(truth, scores)}  # fmt: skip


def motif_recovery(matched: set[str], planted: set[str]) -> dict[str, float]:
    """Recall of the planted motifs (JASPAR IDs, any version) among the IDs matched to the
    model's motifs, and the matched IDs that were not planted (false discoveries)."""
    base = {motif.split(".")[0] for motif in planted}
    found = {motif.split(".")[0] for motif in matched}
    return {"motif_recall": len(base & found) / len(base) if base else float("nan"),
            "false_motifs": float(len(found - base))}  # fmt: skip
