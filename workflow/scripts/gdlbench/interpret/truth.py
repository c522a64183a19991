"""Interpretations scored against what the simulators planted: how well per-position
attributions single out the planted sites, which planted motifs the model's motifs recover,
and whether a motif's attribution depends on its partner (or a seed-match site's on its
miRNA)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from gdlbench import ranking

if TYPE_CHECKING:
    import torch


def site_ranking(attributions: np.ndarray, planted: np.ndarray) -> dict[str, float]:
    """AUROC and average precision of the per-position attributions (N, L) -- the larger,
    the more the position is called a site -- against the planted positions (N, L, bool),
    pooled over the sequences; the share of the absolute attribution on planted positions
    (`site_mass`) and its chance level, the share of positions planted (`site_share`)."""
    truth, scores = np.asarray(planted).reshape(-1), np.asarray(attributions).reshape(-1)
    magnitude = np.abs(scores)
    total = magnitude.sum()
    return {"site_auroc": ranking.auroc(truth, scores),
            "site_auprc": ranking.average_precision(truth, scores),
            "site_mass": float(magnitude[truth].sum() / total) if total else float("nan"),
            "site_share": float(truth.mean())}  # fmt: skip


def jaspar_base(motif: str) -> str:
    """A JASPAR ID without its version (`MA0139.1` -> `MA0139`): versions of one matrix
    count as the same motif."""
    return motif.split(".")[0]


def motif_recovery(matched: set[str], planted: set[str]) -> dict[str, float]:
    """Recall of the planted motifs (JASPAR IDs, any version) among the IDs matched to the
    model's motifs, and the matched IDs that were not planted (false discoveries)."""
    base = {jaspar_base(motif) for motif in planted}
    found = {jaspar_base(motif) for motif in matched}
    return {"motif_recall": len(base & found) / len(base) if base else float("nan"),
            "false_motifs": float(len(found - base))}  # fmt: skip


def own_motifs(targets: list[str], motifs: dict[str, str]) -> dict[int, set[str]]:
    """Target index -> the motifs (ID -> TF name, `motifs`) whose TF is named in the
    target's name, letters and digits compared without case (ENCODE's
    `wgEncodeAwgTfbsBroadK562CtcfUniPk`, DeepSEA's `K562|CTCF|None`); a dimer's name
    (`FOS::JUN`) needs each partner. Targets naming none (DNase, histone marks) are left
    out."""
    found = {}
    for index, target in enumerate(targets):
        name = _letters(target)
        own = {motif for motif, tf in motifs.items()
               if all(_letters(part) in name for part in tf.split("::"))}  # fmt: skip
        if own:
            found[index] = own
    return found


def _letters(name: str) -> str:
    return "".join(c for c in name.lower() if c.isalnum())


def profile_motif_recall(
    influence: np.ndarray, own: dict[int, set[str]], matched: dict[int, set[str]], top: int
) -> float:
    """The share of the profiles in `own` (output -> its TF's motifs) whose own motif is
    among the JASPAR matches (`matched`: filter -> IDs) of the `top` filters its output
    relies on most (`influence`: (filters, outputs), filter_influence); NaN without such
    profiles."""
    hits = []
    for output, motifs in own.items():
        relied_on = np.argsort(-influence[:, output])[:top]
        found = {jaspar_base(m) for f in relied_on for m in matched.get(int(f), set())}
        hits.append(bool({jaspar_base(m) for m in motifs} & found))
    return float(np.mean(hits)) if hits else float("nan")


def partner_dependence(
    attributions: Callable[[torch.Tensor], np.ndarray],
    x: torch.Tensor,
    before: np.ndarray,
    first: np.ndarray,
    second: np.ndarray,
    seed: int = 0,
) -> float:
    """How much the attribution of one planted motif depends on its partner (the Deep Motif
    Dashboard's claim for hybrid models): over the one-hot sequences `x` holding both motifs
    (masks `first`, `second`: (N, L)), the relative drop of the attribution summed over one
    motif's positions (of the sequences where that sum is positive) when the other's bases
    are replaced by random ones, averaged both ways round. 0 for a model that scores the
    motifs independently (additively); 1 when one motif counts only beside the other.
    `attributions` maps sequences to (N, L) per-position attributions; `before` is theirs of
    `x`, computed already by the caller."""
    rng = np.random.default_rng(seed)
    drops = []
    for kept, replaced in ((first, second), (second, first)):
        mutated = x.clone()
        positions = np.nonzero(replaced)
        bases = rng.integers(0, 4, len(positions[0]))
        mutated[positions[0], :, positions[1]] = 0.0
        mutated[positions[0], bases, positions[1]] = 1.0
        drops.append(_relative_drop(before, attributions(mutated), kept))
    drops = [drop for drop in drops if not np.isnan(drop)]
    return float(np.mean(drops)) if drops else float("nan")


def mirna_dependence(
    attributions: Callable[[torch.Tensor], np.ndarray],
    mirnas: torch.Tensor,
    before: np.ndarray,
    planted: np.ndarray,
) -> float:
    """How much the attribution of a planted seed-match site depends on its own miRNA (a
    model of pairing, not of a site motif): over the miRNA-target pairs holding a site
    (`planted`: (N, L) of the site), the relative drop of the attribution summed over the
    site (of the pairs where that sum is positive) when each pair's miRNA (one-hot `mirnas`,
    (N, 4, L)) is replaced by the next pair's whose seed (nt 2-7) differs. 0: the site
    counts alone; 1: only beside its own miRNA. `attributions` maps miRNAs to the sites'
    (N, L) per-position attributions beside them; `before` is theirs beside their own.
    NaN where every miRNA shares one seed."""
    seeds = mirnas[:, :, 1:7].flatten(1)
    partners = []
    for i in range(len(seeds)):
        others = [(i + k) % len(seeds) for k in range(1, len(seeds))]
        other = next((j for j in others if not bool((seeds[j] == seeds[i]).all())), None)
        if other is None:
            return float("nan")
        partners.append(other)
    return _relative_drop(before, attributions(mirnas[partners]), planted)


def _relative_drop(before: np.ndarray, after: np.ndarray, kept: np.ndarray) -> float:
    """1 - (attribution summed over the `kept` positions after) / (the same before), over
    the sequences where the sum before is positive; NaN where there are none."""
    mass, mass_after = (before * kept).sum(axis=1), (after * kept).sum(axis=1)
    counted = mass > 0
    return (
        float(1 - mass_after[counted].sum() / mass[counted].sum())
        if counted.any()
        else float("nan")
    )
