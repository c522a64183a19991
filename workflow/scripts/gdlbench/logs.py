"""Send a job's messages and tracebacks to its Snakemake log file."""

from __future__ import annotations

import sys
from collections.abc import Callable


def log_to(path: str | None) -> Callable[[str], None]:
    """Redirect stderr to `path` (when given) and return a line logger writing there."""
    if path:
        sys.stderr = open(path, "w", buffering=1)  # noqa: SIM115 - lives as long as the job

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    return log
