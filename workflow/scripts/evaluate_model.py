"""Rule evaluate_model: score a model's every seed on validation and test (the only test
scoring)."""

from pathlib import Path

import pandas as pd

from gdlbench.data.dataset import PreparedDataset
from gdlbench.evaluate import evaluate_model
from gdlbench.logs import log_to

log = log_to(snakemake.log[0])
structure = snakemake.params.model.get("structure", False)
data = PreparedDataset.load(Path(snakemake.input.prepared[0]).parent, structure)
tables = []
for seed, model_path, predictions_path in zip(
    snakemake.params.seeds, snakemake.input.models, snakemake.output.predictions, strict=True
):
    predictions, metrics = evaluate_model(
        data, model=snakemake.wildcards.model, path=Path(model_path), seed=seed
    )
    predictions.to_csv(predictions_path, sep="\t", index=False)
    tables.append(metrics)
metrics = pd.concat(tables, ignore_index=True)
metrics.to_csv(snakemake.output.metrics, sep="\t", index=False)
log(metrics.to_string(index=False))
