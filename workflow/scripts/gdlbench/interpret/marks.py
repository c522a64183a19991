"""What a model of histone-mark profiles (modality `matrix`: marks x bins) learned, against
the cells the simulator made causal (gdlbench.data.simulate.planted.causal_cells): occlusion
-- each mark, and each block of BLOCK bins of a mark, replaced by its training mean -- and,
for AttentiveChrome, its own mark- and bin-level attention weights, each ranked against the
causal marks and blocks by AUROC."""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from gdlbench import ranking

BATCH = 4096  # occluded profiles scored at once
BLOCK = 10  # bins occluded together (1 kb of DeepChrome's 100 bp bins; the simulator's
# signal regions start and end on such blocks): a tenth of the forward passes of single bins


def _outputs(net: nn.Module, x: torch.Tensor) -> torch.Tensor:
    with torch.no_grad():
        return torch.cat([net(batch) for batch in x.split(BATCH)])[:, 0]


def occlusion(net: nn.Module, x: torch.Tensor, reference: torch.Tensor) -> dict[str, np.ndarray]:
    """Mean absolute change of the output over the profiles `x` (N, marks, bins) when a mark
    (`marks`: (marks,)) or a block of BLOCK bins of one (`cells`: (marks, bins / BLOCK)) is
    replaced by `reference` (marks, bins), the training mean."""
    net = net.eval().float().cpu()
    x, reference = x.float().cpu(), reference.float().cpu()
    n_marks, n_bins = x.shape[1:]
    before = _outputs(net, x)
    regions = [(m, slice(None)) for m in range(n_marks)]
    regions += [(m, slice(start, start + BLOCK)) for m in range(n_marks)
                for start in range(0, n_bins, BLOCK)]  # fmt: skip
    occluded = x.unsqueeze(0).repeat(len(regions), 1, 1, 1)  # (regions, N, marks, bins)
    for i, (m, bins) in enumerate(regions):
        occluded[i, :, m, bins] = reference[m, bins]
    after = _outputs(net, occluded.flatten(0, 1)).reshape(len(regions), -1)
    change = (after - before[None, :]).abs().mean(dim=1).numpy()
    return {"marks": change[:n_marks], "cells": change[n_marks:].reshape(n_marks, -1)}


def mark_measures(
    net: nn.Module, x: torch.Tensor, reference: torch.Tensor, causal: np.ndarray
) -> tuple[dict[str, float], dict[str, np.ndarray]]:
    """AUROC of the occlusion importance of marks (`mark_auroc_occlusion`: a mark is causal
    where any of its bins is) and of blocks of bins (`bin_auroc_occlusion`: a block is
    causal where any of its bins is) against the causal cells `causal` (marks, bins); for a
    model with attention weights over marks and bins (AttentiveChrome), the same of its
    weights averaged over the profiles, bin by bin (a bin's weight: its weight within the
    mark times the mark's). Also returns the occlusion importances (`occlusion_marks`,
    `occlusion_cells`), float16."""
    causal_marks = causal.any(axis=1)
    blocks = causal.reshape(len(causal), -1, BLOCK).any(axis=2)  # (marks, bins / BLOCK)
    found = occlusion(net, x, reference)
    measures = {
        "mark_auroc_occlusion": ranking.auroc(causal_marks, found["marks"]),
        "bin_auroc_occlusion": ranking.auroc(blocks.ravel(), found["cells"].ravel()),
    }
    if hasattr(net, "last_mark_attention"):
        with torch.no_grad():
            net(x.float().cpu())
        marks = net.last_mark_attention  # (N, marks)
        cells = net.last_bin_attention * marks[:, :, None]  # a cell's share of the attention
        marks, cells = marks.mean(dim=0).numpy(), cells.mean(dim=0).numpy()
        measures["mark_auroc_attention"] = ranking.auroc(causal_marks, marks)
        measures["bin_auroc_attention"] = ranking.auroc(causal.ravel(), cells.ravel())
    arrays = {f"occlusion_{name}": values.astype(np.float16) for name, values in found.items()}
    return measures, arrays
