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


def type_groups(types: list[str] | None) -> dict[str, list[int]]:
    """Target type -> the columns of its targets (profile types in PROFILE_TYPES' order, any
    other type after them); none without types."""
    present = [t for t in PROFILE_TYPES if t in (types or [])]
    present += [t for t in dict.fromkeys(types or []) if t not in present]
    return {kind: [i for i, t in enumerate(types) if t == kind] for kind in present}
