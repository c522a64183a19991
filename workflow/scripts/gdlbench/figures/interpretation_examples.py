"""What one interpreted model learned, drawn from one seed's saved arrays
(gdlbench.interpret.run): attribution tracks of a few sampled test sequences -- each base's
attribution as a logo, the planted sites and the seqlets marked under it -- and the logos of
its best-matching first-layer filters and seqlets beside their JASPAR match (tangermeme's
logo plots); for a histone-mark model, the occlusion importance of each mark and block of
bins with the causal ones marked."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np

from gdlbench.data.motifs import MotifCollection
from gdlbench.data.protein import AMINO_ACIDS
from gdlbench.figures.style import plt, save_figure
from gdlbench.interpret.marks import BLOCK

TRACKS = 3  # sampled sequences drawn, those holding a planted site first
TRACK_METHODS = ("ism", "deep_lift_shap")  # the first saved is drawn: ISM is exact for any model
LOGOS = 3  # learned motifs of each kind (filters, seqlets) drawn beside their match


def plot_examples(
    saved: Mapping[str, np.ndarray], collection: MotifCollection, title: str, paths: list[Path]
) -> None:
    """One figure of a model's saved interpretation arrays (an attributions .npz), titled
    `title`."""
    if "occlusion_cells" in saved:
        fig = _marks_figure(saved)
    else:
        fig = _sequence_figure(saved, collection)
    fig.suptitle(title, fontsize=9)
    save_figure(fig, paths)


def _sequence_figure(saved: Mapping[str, np.ndarray], collection: MotifCollection):
    method = next((m for m in TRACK_METHODS if m in saved), None)
    tracks = _track_rows(saved) if method else []
    filters, seqlets = drawn_motifs(saved, "filters"), drawn_motifs(saved, f"seqlets_{method}")
    logo_rows = max(len(filters), len(seqlets))
    rows = len(tracks) + logo_rows or 1
    fig = plt.figure(figsize=(12, 1.9 * rows + 0.4))
    grid = fig.add_gridspec(rows, 4)
    for i, row in enumerate(tracks):
        ax = fig.add_subplot(grid[i, :])
        _track(ax, saved, method, row, collection)
    for column, learned in ((0, filters), (2, seqlets)):
        for i, motif in enumerate(learned):
            _logo_pair(fig.add_subplot(grid[len(tracks) + i, column]),
                       fig.add_subplot(grid[len(tracks) + i, column + 1]), motif, saved,
                       collection)  # fmt: skip
    if not tracks and not logo_rows:
        ax = fig.add_subplot(grid[0, :])
        ax.axis("off")
        ax.text(0.5, 0.5, "no attributions and no filter or seqlet matching JASPAR",
                ha="center", color="0.4")  # fmt: skip
    return fig


def _track_rows(saved: Mapping[str, np.ndarray]) -> list[int]:
    """The sampled rows drawn: those holding a planted site first, in sample order."""
    holding = saved["planted"].any(axis=1)
    order = np.concatenate([np.flatnonzero(holding), np.flatnonzero(~holding)])
    return [int(row) for row in order[:TRACKS]]


def _track(ax, saved: Mapping[str, np.ndarray], method: str, row: int, collection) -> None:
    """One sampled sequence's attributions by `method`, its planted sites and seqlets (with
    their JASPAR match, if any) marked under the logo (as bars: tangermeme's annotations
    leave out those touching either end, where signal peptides and KDEL sit)."""
    from tangermeme.plot import plot_logo

    marks = []  # (label, start, end, level: 0 planted, 1 seqlet)
    for motif, mask in zip(saved["planted_motifs"], saved["planted_each"], strict=True):
        for start, end in _runs(mask[row]):
            marks.append((f"planted {_motif_name(motif, collection)}", start, end, 0))
    matched = {index: name for kind, index, name
               in zip(saved["learned_kind"], saved["learned_index"], saved["learned_name"],
                      strict=True) if kind == f"seqlets_{method}"}  # fmt: skip
    for index, (seqlet_row, start, end) in enumerate(saved[f"seqlets_{method}"]):
        if seqlet_row == row:
            marks.append((f"seqlet {matched.get(index, '')}".strip(), start, end, 1))
    values = np.asarray(saved[method][row], dtype=np.float32)
    alphabet = list(AMINO_ACIDS) if len(values) == len(AMINO_ACIDS) else list("ACGT")
    plot_logo(values, ax=ax, alphabet=alphabet)
    low, high = ax.get_ylim()
    step = (high - low) * 0.18
    lanes = mark_lanes(marks)
    for (label, start, end, level), lane in zip(marks, lanes, strict=True):
        y, color = low - step * (0.5 + lane), ("0.1", "tab:blue")[level]
        ax.plot([start - 0.4, end - 0.6], [y, y], color=color, lw=2.5)
        ax.text(start, y - step * 0.1, label, fontsize=6, va="top", color=color)
    ax.set_ylim(low - step * (max(lanes, default=0) + 1.2), high)
    ax.set_ylabel(f"{method}\nsample {row}", fontsize=7)


def mark_lanes(marks: list[tuple]) -> list[int]:
    """A row under the track for each mark (label, start, end, level): planted sites first,
    then seqlets, a mark overlapping one already in a row going to the next."""
    lanes, ends = [], {}  # lane -> end of its last mark
    first_seqlet_lane = 0
    for level in (0, 1):
        for i, (_, start, end, of) in enumerate(marks):
            if of != level:
                continue
            lane = next(k for k in range(first_seqlet_lane if level else 0, len(marks) + 1)
                        if ends.get(k, -1) <= start)  # fmt: skip
            ends[lane] = end
            lanes.append((i, lane))
        first_seqlet_lane = max(ends, default=-1) + 1
    return [lane for _, lane in sorted(lanes)]


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """(start, end) of each run of True in a boolean vector."""
    edges = np.flatnonzero(np.diff(np.concatenate([[0], mask.astype(int), [0]])))
    return list(zip(edges[::2].tolist(), edges[1::2].tolist(), strict=True))


def _motif_name(motif: str, collection: MotifCollection) -> str:
    """A planted motif's TF name where it is a JASPAR ID of `collection`, else itself."""
    from gdlbench.interpret.truth import jaspar_base

    bases = {jaspar_base(found): name for found, name in zip(collection.ids, collection.names,
                                                              strict=True)}  # fmt: skip
    return bases.get(jaspar_base(motif), motif)


def drawn_motifs(saved: Mapping[str, np.ndarray], kind: str) -> list[dict]:
    """The LOGOS learned motifs of `kind` (`filters`, `seqlets_<method>`) drawn, each with
    its best JASPAR match: those matching a planted motif first, then by q-value."""
    from gdlbench.interpret.truth import jaspar_base

    if "learned_kind" not in saved or not len(saved["learned_kind"]):
        return []
    matrices = np.split(np.asarray(saved["learned_matrices"], dtype=float),
                        np.cumsum(saved["learned_widths"])[:-1], axis=1)  # fmt: skip
    planted = {jaspar_base(motif) for motif in saved["planted_motifs"]}
    found = [{"kind": kind, "index": int(index), "matrix": matrix, "target": target, "name": name,
              "q": float(q), "strand": strand}
             for kind_of, index, matrix, target, name, q, strand
             in zip(saved["learned_kind"], saved["learned_index"], matrices,
                    saved["learned_target"], saved["learned_name"], saved["learned_q"],
                    saved["learned_strand"], strict=True) if kind_of == kind]  # fmt: skip
    found.sort(key=lambda motif: (jaspar_base(motif["target"]) not in planted, motif["q"]))
    return found[:LOGOS]


def _logo_pair(left, right, motif: dict, saved: Mapping[str, np.ndarray], collection) -> None:
    """A learned motif's logo (information content) and its JASPAR match's, the match
    reverse-complemented where the learned motif matches that strand."""
    from tangermeme.plot import plot_pwm

    learned = motif["matrix"] / np.clip(motif["matrix"].sum(axis=0, keepdims=True), 1e-9, None)
    plot_pwm(learned, ax=left)
    if motif["kind"] == "filters":
        left.set_title(f"filter {saved['filters'][motif['index']]}", fontsize=7)
    else:
        row, start, end = saved[motif["kind"]][motif["index"]]
        left.set_title(f"seqlet: sample {row}, {start}-{end}", fontsize=7)
    match = collection.matrices[collection.ids.index(motif["target"])]
    if motif["strand"] == "-":
        match = match[::-1, ::-1]
    plot_pwm(np.ascontiguousarray(match), ax=right)
    right.set_title(f"{motif['target']} {motif['name']} ({motif['strand']}), q = {motif['q']:.1g}",
                    fontsize=7)  # fmt: skip
    for ax in (left, right):
        ax.set_xlabel("")
        ax.set_ylabel("bits", fontsize=7)


def _marks_figure(saved: Mapping[str, np.ndarray]):
    """Occlusion importance of each mark's blocks of BLOCK bins (causal blocks outlined) and
    of each whole mark (causal marks dark)."""
    from matplotlib.patches import Rectangle

    cells, marks = np.asarray(saved["occlusion_cells"], float), saved["marks"].tolist()
    causal = saved["causal"].reshape(len(marks), -1, BLOCK).any(axis=2)
    fig, (heat, bars) = plt.subplots(1, 2, figsize=(11, 0.45 * len(marks) + 1.6),
                                     gridspec_kw={"width_ratios": [3, 1]})  # fmt: skip
    image = heat.imshow(cells, aspect="auto", cmap="Greys")
    for mark, block in zip(*np.nonzero(causal), strict=True):
        heat.add_patch(Rectangle((block - 0.5, mark - 0.5), 1, 1, fill=False,
                                 edgecolor="tab:red", linewidth=1.2))  # fmt: skip
    heat.set_yticks(range(len(marks)), marks, fontsize=7)
    heat.set_xlabel(f"block of {BLOCK} bins (causal: outlined)", fontsize=7)
    fig.colorbar(image, ax=heat, label="mean |change| of the output")
    causal_marks = saved["causal"].any(axis=1)
    bars.barh(range(len(marks)), np.asarray(saved["occlusion_marks"], float),
              color=["0.2" if c else "0.75" for c in causal_marks], edgecolor="black")  # fmt: skip
    bars.set_yticks(range(len(marks)), marks, fontsize=7)
    bars.invert_yaxis()
    bars.set_xlabel("whole mark occluded (causal: dark)", fontsize=7)
    return fig
