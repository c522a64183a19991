"""The prediction tasks of SPEC §3: what each predicts, its input modality and metrics."""

from __future__ import annotations

from dataclasses import dataclass

# Chromatin profile types (SPEC §3 `chromatin`): multi-label metrics are also reported per type
PROFILE_TYPES = ("tf", "dnase", "histone")


@dataclass(frozen=True)
class Task:
    name: str
    kind: str  # "binary" | "multiclass" | "multilabel" | "regression" | "representation"
    modality: str  # "sequence" | "protein" (N, L) codes | "pair" (N, 2, L) codes | "matrix"
    # (N, C, L) floats | "vector" (N, F)
    metrics: tuple[str, ...]
    description: str
    structure: bool = False  # RNA secondary structure is folded and offered to models
    primary: str = ""  # the metric models are selected and compared on (default: the first)

    @property
    def primary_metric(self) -> str:
        return self.primary or self.metrics[0]


TASKS: dict[str, Task] = {
    task.name: task
    for task in (
        Task("splice", "multiclass", "sequence", ("accuracy", "f1_macro", "auroc_macro"),
             "splice junction class EI/IE/N from 60 bp"),
        Task("tfbs", "binary", "sequence", ("auroc", "auprc", "accuracy"),
             "TF-bound vs unbound 101 bp sequence"),
        Task("premirna", "binary", "sequence",
             ("sensitivity", "specificity", "f1", "auroc", "auprc"),
             "pre-miRNA hairpin vs pseudo hairpin", structure=True, primary="auroc"),
        Task("histone", "binary", "matrix", ("auroc", "auprc", "accuracy"),
             "gene expressed high/low from 5 histone marks x 100 bins"),
        Task("dgex", "regression", "vector", ("mae",),
             "target-gene expression from landmark genes"),
        Task("tumor", "multiclass", "vector", ("accuracy", "f1_macro", "auroc_macro"),
             "tumour type from the transcriptome"),
        Task("compendium", "representation", "vector", ("reconstruction_mse", "n_pathways"),
             "unsupervised representation of an expression compendium"),
        Task("chromatin", "multilabel", "sequence",
             ("auroc_median", "auprc_median", "auroc_macro", "auprc_macro",
              *(f"{m}_median_{t}" for m in ("auroc", "auprc") for t in PROFILE_TYPES)),
             "presence of each chromatin profile (TF, DNase, histone) in a 1000 bp window"),
        Task("drug", "multilabel", "vector",
             ("auroc_median", "auprc_median", "auroc_macro", "auprc_macro"),
             "each drug's response (sensitive/resistant) from cell-line expression"),
        Task("mirtarget", "binary", "pair",
             ("auroc", "auprc", "f1", "accuracy", "sensitivity", "specificity"),
             "whether a miRNA targets a candidate site, from both sequences"),
        Task("localization", "multiclass", "protein", ("accuracy", "f1_macro", "auroc_macro"),
             "protein subcellular location (10 classes) from the amino-acid sequence"),
    )
}  # fmt: skip
