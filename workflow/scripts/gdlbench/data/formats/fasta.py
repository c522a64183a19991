"""A strict FASTA reader (plain or gzip) for the RNA, DNA and protein sets."""

from __future__ import annotations

from pathlib import Path

from gdlbench.data.encode import IUPAC
from gdlbench.data.formats.textio import numbered_lines
from gdlbench.errors import InputError

ALPHABET = set(IUPAC) | {c.lower() for c in IUPAC}


def read_fasta(
    path: str | Path, alphabet: set[str] = ALPHABET, letters: str = "nucleotide codes"
) -> list[tuple[str, str]]:
    """(header without '>', sequence) pairs; sequence lines are joined, case kept. Two
    records with one name (the header's first word) are an error, and so is a character
    outside `alphabet` (`letters` says what it holds)."""
    records: list[tuple[str, list[str], int]] = []
    seen: dict[str, int] = {}
    for line_no, line in numbered_lines(path, "a FASTA file"):
        if line.startswith(">"):
            if records and not records[-1][1]:
                raise InputError(f"{path}:{records[-1][2]}: record {records[-1][0]!r} is empty")
            header = line[1:].strip()
            name = header.split()[0] if header else ""
            if not name:
                raise InputError(f"{path}:{line_no}: a '>' header without a name")
            if name in seen:
                raise InputError(
                    f"{path}:{line_no}: record name {name!r} repeats the one of line "
                    f"{seen[name]}; expected unique names"
                )
            seen[name] = line_no
            records.append((header, [], line_no))
        elif line.strip():
            if not records:
                raise InputError(f"{path}:{line_no}: sequence before the first '>' header")
            bad = set(line.strip()) - alphabet
            if bad:
                raise InputError(f"{path}:{line_no}: characters {sorted(bad)} are no {letters}")
            records[-1][1].append(line.strip())
    if not records:
        raise InputError(f"{path}: no FASTA records")
    if not records[-1][1]:
        raise InputError(f"{path}:{records[-1][2]}: record {records[-1][0]!r} is empty")
    return [(name, "".join(parts)) for name, parts, _ in records]
