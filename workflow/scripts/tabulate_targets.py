"""Rule tabulate_targets: per-target test metrics of every multi-target model (MAE per gene,
AUROC and AUPRC per chromatin profile), and win rates against the reference model."""

import json
from pathlib import Path

import pandas as pd

from gdlbench.aggregate.compare import read_manifests
from gdlbench.aggregate.targets import run_values, target_table, target_types, win_rates
from gdlbench.logs import log_to

log = log_to(snakemake.log[0])
types = pd.concat([target_types(json.loads(Path(p).read_text())) for p in snakemake.input.meta])
values = run_values(read_manifests(snakemake.input.manifests))
table = target_table(values, types)
table.to_csv(snakemake.output.targets, sep="\t", index=False)
wins = win_rates(table, snakemake.params.reference)
wins.to_csv(snakemake.output.wins, sep="\t", index=False)
log(wins.to_string(index=False))
