"""Rule fit_baseline: per seed, tune a scikit-learn baseline on the validation split and save
the chosen fit."""

from pathlib import Path

from gdlbench.baselines.fit import save_baseline, tune_baseline
from gdlbench.data.dataset import PreparedDataset
from gdlbench.logs import log_to

log = log_to(snakemake.log[0])
settings = snakemake.params.model
name, k = settings.get("model", snakemake.wildcards.model), settings.get("k", 3)
data = PreparedDataset.load(Path(snakemake.input[0]).parent, settings.get("structure", False))
for seed, model_path, tuning_path in zip(
    snakemake.params.seeds, snakemake.output.models, snakemake.output.tunings, strict=True
):
    model, tuning = tune_baseline(
        data, name=name, grid=settings.get("grid", {}), k=k, seed=seed, threads=snakemake.threads
    )
    log(f"seed {seed}\n{tuning.to_string(index=False)}")
    tuning.to_csv(tuning_path, sep="\t", index=False)
    save_baseline(model_path, model, name, k, tuning)
