"""Results over the cell types of one collection (histone: Roadmap cell types), as DeepChrome
and AttentiveChrome report them: per model the mean and median over cell types of the
seed-averaged test metric (the figure: gdlbench.figures.cell_types)."""

from __future__ import annotations

import pandas as pd


def with_cell_types(summary: pd.DataFrame, cell_types: pd.DataFrame) -> pd.DataFrame:
    """Summary rows of cell-type datasets, with columns `collection` and `cell_type`
    (`cell_types` has columns dataset, collection, cell_type)."""
    return summary.merge(cell_types, on="dataset", how="inner")


def cell_type_table(summary: pd.DataFrame, cell_types: pd.DataFrame) -> pd.DataFrame:
    """Per (task, collection, model, family, metric): n_cell_types and the mean, median,
    min and max over cell types of the seed-mean test metric."""
    rows = with_cell_types(summary, cell_types)
    keys = ["task", "collection", "model", "family", "metric"]
    table = rows.groupby(keys, sort=True)["mean"].agg(
        n_cell_types="count", mean="mean", median="median", min="min", max="max"
    )
    return table.reset_index()
