"""Exact dinucleotide-preserving shuffle (Altschul & Erikson 1985) as a random Eulerian walk.

A sequence is an Eulerian path through the multigraph whose vertices are its letters and whose
edges are its dinucleotides. Every other Eulerian path from the same first letter spells a
sequence with the same dinucleotide counts and the same first and last letter. A uniformly
random one (Kandel et al. 1996): give every letter except the last a random "last exit" edge,
keep the choice only if those edges form a tree leading into the last letter (otherwise the
walk would strand itself), put each letter's remaining exits in random order before its last
exit, then walk from the first letter taking each letter's exits in that order.
"""

from __future__ import annotations

import numpy as np


def _leads_to(last_exit: dict[str, str], letter: str, last: str) -> bool:
    """Whether following last exits from `letter` reaches `last` (rather than a cycle)."""
    seen = set()
    while letter != last:
        if letter in seen:
            return False
        seen.add(letter)
        letter = last_exit[letter]
    return True


def dinucleotide_shuffle(sequence: str, rng: np.random.Generator) -> str:
    """A uniformly random sequence with exactly the dinucleotide counts, first letter and last
    letter of `sequence` (case-sensitive: every character is its own letter)."""
    if len(sequence) < 3:
        return sequence
    exits: dict[str, list[str]] = {}
    for a, b in zip(sequence[:-1], sequence[1:], strict=True):
        exits.setdefault(a, []).append(b)
    last = sequence[-1]
    # Rejection sampling of the last-exit tree; each try succeeds with a probability bounded
    # below for small alphabets, so this ends after a few tries for DNA.
    while True:
        chosen = {
            letter: int(rng.integers(len(targets)))
            for letter, targets in exits.items()
            if letter != last
        }
        last_exit = {letter: exits[letter][i] for letter, i in chosen.items()}
        if all(_leads_to(last_exit, letter, last) for letter in last_exit):
            break
    order: dict[str, list[str]] = {}
    for letter, targets in exits.items():
        if letter == last:
            order[letter] = [targets[i] for i in rng.permutation(len(targets))]
            continue
        rest = targets[: chosen[letter]] + targets[chosen[letter] + 1 :]
        order[letter] = [rest[i] for i in rng.permutation(len(rest))] + [last_exit[letter]]
    taken = dict.fromkeys(order, 0)
    walk = [sequence[0]]
    for _ in range(len(sequence) - 1):
        here = walk[-1]
        walk.append(order[here][taken[here]])
        taken[here] += 1
    return "".join(walk)
