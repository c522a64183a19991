"""Dinucleotide-preserving shuffle (Altschul & Erikson 1985), as a random Eulerian walk.

The sequence is a walk through the graph of its letters; choosing, for every letter but the
last, a random "last exit" edge such that these edges form a tree into the final letter, and
shuffling the other exits, gives a uniformly random sequence with exactly the same
dinucleotide counts, first letter and last letter.
"""

from __future__ import annotations

import numpy as np


def _reaches(last_exit: dict[str, str], start: str, target: str) -> bool:
    seen = set()
    while start != target:
        if start in seen:
            return False
        seen.add(start)
        start = last_exit[start]
    return True


def dinucleotide_shuffle(sequence: str, rng: np.random.Generator) -> str:
    if len(sequence) <= 2:
        return sequence
    exits: dict[str, list[str]] = {}
    for a, b in zip(sequence, sequence[1:], strict=False):
        exits.setdefault(a, []).append(b)
    first, last = sequence[0], sequence[-1]
    while True:
        last_exit = {
            letter: out[rng.integers(len(out))] for letter, out in exits.items() if letter != last
        }
        if all(_reaches(last_exit, letter, last) for letter in last_exit):
            break
    queues = {}
    for letter, out in exits.items():
        rest = list(out)
        if letter != last:
            rest.remove(last_exit[letter])
        order = [rest[i] for i in rng.permutation(len(rest))]
        queues[letter] = order + ([last_exit[letter]] if letter != last else [])
    walk, position = [first], {letter: 0 for letter in queues}
    for _ in range(len(sequence) - 1):
        current = walk[-1]
        walk.append(queues[current][position[current]])
        position[current] += 1
    return "".join(walk)
