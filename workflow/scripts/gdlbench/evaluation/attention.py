"""AttentiveChrome's attention, averaged over the test genes of each class: which marks and
which bins (positions around the TSS) the model looks at for high- and low-expression genes."""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from gdlbench.data.dataset import PreparedDataset
from gdlbench.training.devices import select_device
from gdlbench.training.train import load_trained


def attention_by_class(
    model: nn.Module, data: PreparedDataset, split: str, batch_size: int, device: torch.device
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Per class name: mean bin attention (marks, bins) and mean mark attention (marks,) over
    the `split` examples of that class."""
    model.eval()
    bins, marks, labels = [], [], []
    with torch.no_grad():
        for _, x, y in data.batches(split, batch_size):
            model(x.to(device))
            bins.append(model.last_bin_attention.cpu().numpy())
            marks.append(model.last_mark_attention.cpu().numpy())
            labels.append(y.numpy())
    bins, marks, labels = np.concatenate(bins), np.concatenate(marks), np.concatenate(labels)
    return {
        name: (bins[labels == k].mean(axis=0), marks[labels == k].mean(axis=0))
        for k, name in enumerate(data.meta["classes"])
        if (labels == k).any()
    }


def saved_attention_by_class(
    data: PreparedDataset, model_path: str
) -> tuple[dict[str, tuple[np.ndarray, np.ndarray]], dict]:
    """`attention_by_class` of a saved model over the test split, and its checkpoint dict."""
    device = select_device()
    model, saved = load_trained(model_path, device)
    return attention_by_class(model, data, "test", saved["training"]["batch_size"], device), saved
