"""Rule tabulate_ensembles: per representation model, the gene sets its seeds' nodes cover one by
one, and those the eADAGE-style consensus of all seeds covers."""

import json
from pathlib import Path

import numpy as np
import pandas as pd
import torch

from gdlbench.enrichment import enrichment_table, pathways_covered
from gdlbench.ensemble import consensus_weights
from gdlbench.logs import log_to
from gdlbench.train import load_trained

log = log_to(snakemake.log[0])
rows = []
for (task, dataset, model), paths in zip(
    snakemake.params.runs, snakemake.params.models, strict=True
):
    meta = json.loads((Path(snakemake.params.prepared[dataset]) / "meta.json").read_text())
    weights = [load_trained(path, torch.device("cpu"))[0].gene_weights().numpy() for path in paths]
    single = [
        len(pathways_covered(enrichment_table(w, meta["genes"], meta["terms"]))) for w in weights
    ]
    consensus = consensus_weights(weights)
    covered = pathways_covered(enrichment_table(consensus, meta["genes"], meta["terms"]))
    rows.append(
        {"task": task, "dataset": dataset, "model": model, "n_models": len(weights),
         "n_nodes": len(consensus), "n_pathways_single_mean": float(np.mean(single)),
         "n_pathways_single_max": int(max(single)), "n_pathways_ensemble": len(covered)}
    )  # fmt: skip
    log(f"{dataset} {model}: ensemble covers {', '.join(covered) or 'nothing'}")
pd.DataFrame(rows).to_csv(snakemake.output[0], sep="\t", index=False)
