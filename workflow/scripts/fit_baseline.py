"""Rule fit_baseline: per seed, tune a scikit-learn baseline on the validation split and save
the chosen fit."""

from gdlbench.baselines.fit import fit_seeds
from gdlbench.data.dataset import PreparedDataset
from gdlbench.logs import log_to

log = log_to(snakemake.log[0])
settings = snakemake.params.model
fit_seeds(
    PreparedDataset.load(snakemake.params.prepared, settings["structure"], snakemake.params.subset),
    settings,
    snakemake.params.seeds,
    snakemake.output.models,
    snakemake.output.tunings,
    snakemake.threads,
    log,
)
