"""Rule fit_baseline: tune a scikit-learn baseline on the validation split, save the chosen fit."""

from pathlib import Path

from gdlbench.baselines.fit import save_baseline, tune_baseline
from gdlbench.data.dataset import PreparedDataset
from gdlbench.logs import log_to

log = log_to(snakemake.log[0])
settings = snakemake.params.model
name = settings.get("model", snakemake.wildcards.model)
model, tuning = tune_baseline(
    PreparedDataset.load(Path(snakemake.input[0]).parent, settings.get("structure", False)),
    name=name,
    grid=settings.get("grid", {}),
    k=settings.get("k", 3),
    seed=int(snakemake.wildcards.seed),
    threads=snakemake.threads,
)
log(tuning.to_string(index=False))
tuning.to_csv(snakemake.output.tuning, sep="\t", index=False)
save_baseline(snakemake.output.model, model, name, settings.get("k", 3), tuning)
