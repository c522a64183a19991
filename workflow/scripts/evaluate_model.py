"""Rule evaluate_model: score a model's every seed on validation and test (the only test
scoring), and the bootstrap intervals of its test metrics over examples and seeds."""

from pathlib import Path

import pandas as pd

from gdlbench.data.dataset import PreparedDataset
from gdlbench.evaluate import evaluate_model
from gdlbench.logs import log_to
from gdlbench.stats import bootstrap_intervals, interval_table

log = log_to(snakemake.log[0])
structure = snakemake.params.model.get("structure", False)
data = PreparedDataset.load(Path(snakemake.input.prepared[0]).parent, structure)
task, dataset, model = (snakemake.wildcards[k] for k in ("task", "dataset", "model"))
tables, test_scores = [], []
for seed, model_path, predictions_path in zip(
    snakemake.params.seeds, snakemake.input.models, snakemake.output.predictions, strict=True
):
    evaluation = evaluate_model(data, model=model, path=Path(model_path), seed=seed)
    evaluation.predictions.to_csv(predictions_path, sep="\t", index=False)
    tables.append(evaluation.metrics)
    test_scores.append(evaluation.test_scores)
metrics = pd.concat(tables, ignore_index=True)
metrics.to_csv(snakemake.output.metrics, sep="\t", index=False)
log(metrics.to_string(index=False))

n_bootstrap, seed = snakemake.params.bootstrap["n_bootstrap"], snakemake.params.bootstrap["seed"]
intervals = bootstrap_intervals(task, evaluation.test_y, test_scores, n_bootstrap, seed)
table = interval_table(task, dataset, model, intervals, n_bootstrap)
table.to_csv(snakemake.output.intervals, sep="\t", index=False)
