"""Rule tabulate_targets: per-target test MAE of every regression model, and win rates against
the reference model."""

from gdlbench.aggregate.targets import run_errors, target_table, win_rates
from gdlbench.logs import log_to

log = log_to(snakemake.log[0])
table = target_table(run_errors(snakemake.params.runs, snakemake.params.predictions))
table.to_csv(snakemake.output.targets, sep="\t", index=False)
wins = win_rates(table, snakemake.params.reference)
wins.to_csv(snakemake.output.wins, sep="\t", index=False)
log(wins.to_string(index=False))
