"""The registry of published numbers (resources/published_numbers.yaml) as a markdown page,
so the docs never keep a second copy of the numbers:

    python -m gdlbench.aggregate.registry_doc resources/published_numbers.yaml > docs/published.md

A unit test checks that docs/published.md is what this renders now. Torch-free (yaml only)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml

COMMAND = (
    "python -m gdlbench.aggregate.registry_doc resources/published_numbers.yaml > docs/published.md"
)

INTRO = f"""\
# Published numbers

Generated from the registry `resources/published_numbers.yaml` (schema:
`config/schema/published_numbers.schema.yaml`) by `{COMMAND}`;
edit the registry, not this page. `results/tables/published_vs_reproduced.tsv` sets each number
beside the reproduced one: a comparable number gets a verdict from the reproduced 95% CI
(consistent, better, worse, inconclusive, too few targets or error; the rules are in the
README's Methods), only in a run whose facts match the entry's `setting` (e.g. `scale:
full`); the others are `not comparable`, with the reason below. The
registry also gives, for each number, its published setting beside the route's here (data,
classes, examples, split, input, aggregation).
"""

COLUMNS = ("id", "number", "paper", "where it is printed", "reproduced by", "comparable")


def cell(text: Any) -> str:
    """One table cell: whitespace folded to single spaces, pipes escaped."""
    return " ".join(str(text).split()).replace("|", "\\|")


def number(entry: dict[str, Any]) -> str:
    """`metric = value`, with the aggregate and the number of cell types where there is one."""
    metric = entry["metric"]
    if entry.get("aggregate", "none") == "mean_over_cell_types":
        metric = f"{metric}, mean over {entry.get('n_targets', 'the')} cell types"
    return f"{metric} = {entry['value']}"


def verdict_column(entry: dict[str, Any]) -> str:
    """`yes` (with the run facts a verdict needs) or `no: <reason>`."""
    if entry["comparable"]:
        facts = ", ".join(f"{key}: {value}" for key, value in entry.get("setting", {}).items())
        return f"yes ({facts})" if facts else "yes"
    return f"no: {entry['reason']}"


def render_registry(entries: list[dict[str, Any]]) -> str:
    """The markdown page: the introduction and one table row per entry, in registry order."""
    lines = [INTRO, "| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for entry in entries:
        here = f"{entry['task']} / {entry['dataset']} / {entry['model']}"
        row = (f"`{entry['id']}`", number(entry), entry["citation"], entry["source"], here,
               verdict_column(entry))  # fmt: skip
        lines.append("| " + " | ".join(cell(value) for value in row) + " |")
    return "\n".join(lines) + "\n"


def read_entries(path: str | Path) -> list[dict[str, Any]]:
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))["entries"]


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        sys.stderr.write(f"usage: {COMMAND}\n")
        return 2
    sys.stdout.write(render_registry(read_entries(args[0])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
