"""Rule plot_cell_types: one model against another per histone cell type (test AUROC)."""

from pathlib import Path

import pandas as pd

from gdlbench.figures.cell_types import plot_model_pair
from gdlbench.logs import log_to

log = log_to(snakemake.log[0])
summary = pd.read_csv(snakemake.input[0], sep="\t")
cell_types = pd.DataFrame.from_dict(snakemake.params.cell_types, orient="index")
x_model, y_model = snakemake.params.pair
plot_model_pair(
    summary[summary["task"] == "histone"],
    cell_types.rename_axis("dataset").reset_index(),
    x_model,
    y_model,
    "auroc",
    [Path(snakemake.output.png), Path(snakemake.output.pdf)],
)
log(f"plotted {y_model} against {x_model}")
