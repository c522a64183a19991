"""Chromatin profile types (TF binding, DNase accessibility, histone marks) from the names the
portals and DeepSEA give profiles, and the per-type target groups multi-label metrics use."""

from __future__ import annotations

import re

from gdlbench.tasks import PROFILE_TYPES

_HISTONE = re.compile(r"^(H2A|H2B|H3|H4)[A-Z0-9.]*", re.IGNORECASE)
_ROADMAP = re.compile(r"^E\d{3}-(?P<mark>[^.]+)")  # E003-H3K4me3(.narrowPeak.gz)


def profile_type(name: str) -> str:
    """`tf`, `dnase` or `histone` for a profile named by its peak file (UCSC
    `wgEncodeAwgDnase...`, `wgEncodeAwgTfbs...`, Roadmap `E003-H3K4me3`) or by DeepSEA's
    feature name `Cell|Assay|Treatment`; `tf` for any other assay name."""
    if "|" in name:
        assay = name.split("|")[1].strip()
    elif match := _ROADMAP.match(name):
        assay = match["mark"]
    elif name.startswith("wgEncodeAwgDnase"):
        return "dnase"
    else:
        assay = name
    if assay.lower().startswith("dnase"):
        return "dnase"
    return "histone" if _HISTONE.match(assay) else "tf"


def target_groups(targets: list[str]) -> dict[str, list[int]]:
    """Profile type -> the columns of its targets, for the types present."""
    types = [profile_type(t) for t in targets]
    return {kind: [i for i, t in enumerate(types) if t == kind]
            for kind in PROFILE_TYPES if kind in types}  # fmt: skip
