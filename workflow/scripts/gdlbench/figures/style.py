"""The figures' shared style: grey-scale shades, markers and line styles per family, and saving
PNG and PDF together."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

FAMILY_ORDER = ["baseline", "ann", "cnn", "rnn", "hybrid", "attention", "autoencoder"]
FAMILY_STYLE = {  # grey levels and markers, so the figure reads in grey-scale
    "baseline": ("0.75", "s"),
    "ann": ("0.55", "o"),
    "cnn": ("0.35", "^"),
    "rnn": ("0.2", "D"),
    "hybrid": ("0.45", "v"),
    "attention": ("0.1", "P"),
    "autoencoder": ("0.6", "X"),
}


LINE_STYLES = {  # ROC/PR and learning curves: line style and grey per family
    "baseline": ("-", "0.6"),
    "ann": ("--", "0.0"),
    "cnn": ("-", "0.0"),
    "rnn": (":", "0.0"),
    "hybrid": ("-.", "0.3"),
    "attention": ((0, (5, 1, 1, 1, 1, 1)), "0.2"),
    "autoencoder": ((0, (1, 2)), "0.4"),
}


def ci_error(mean: float, low: float, high: float) -> list | None:
    """Matplotlib error-bar extents of a CI around `mean` (None without a CI). A percentile
    bootstrap interval need not hold the estimate (a median over targets tied at 0.5 can lie
    beside it): the bar then stops at the estimate on that side."""
    return None if pd.isna(low) else [[max(mean - low, 0.0)], [max(high - mean, 0.0)]]


def save_figure(fig, paths: list[Path]) -> None:
    fig.tight_layout()
    for path in paths:
        fig.savefig(path, dpi=150)
    plt.close(fig)


MAX_DATASETS = 8  # panels per figure; many cell types have their own figure and table

TARGET_TYPE_STYLE = {  # per-target scatters: colour and marker per chromatin profile type
    "tf": ("tab:blue", "o"),
    "dnase": ("tab:orange", "s"),
    "histone": ("tab:green", "^"),
}
