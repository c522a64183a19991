"""AttentiveChrome's attention maps (gdlbench.evaluation.attention) as a figure."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from gdlbench.figures.style import plt, save_figure


def plot_attention(
    maps: dict[str, tuple[np.ndarray, np.ndarray]],
    mark_names: list[str],
    class_titles: dict[str, str],
    title: str,
    paths: list[Path],
    position_label: str = "position",
) -> None:
    """Per class a heat map of position attention (channels x positions: AttentiveChrome's
    marks x bins) beside a bar chart of channel attention."""
    fig, axes = plt.subplots(
        len(maps), 2, figsize=(10, 2.3 * len(maps)), squeeze=False,
        gridspec_kw={"width_ratios": [4, 1]},
    )  # fmt: skip
    top = max(float(b.max()) for b, _ in maps.values())
    for row, (name, (bins, marks)) in enumerate(maps.items()):
        heat = axes[row][0].imshow(bins, aspect="auto", cmap="Greys", vmin=0, vmax=top)
        axes[row][0].set_yticks(range(len(mark_names)), mark_names, fontsize=7)
        axes[row][0].set_title(f"{class_titles.get(name, name)}: position attention", fontsize=9)
        axes[row][0].set_xlabel(position_label)
        fig.colorbar(heat, ax=axes[row][0], fraction=0.03)
        axes[row][1].barh(range(len(mark_names)), marks, color="0.4")
        axes[row][1].set_yticks(range(len(mark_names)), [])
        axes[row][1].invert_yaxis()
        axes[row][1].set_xlabel("channel attention")
    fig.suptitle(title, fontsize=10)
    save_figure(fig, paths)
