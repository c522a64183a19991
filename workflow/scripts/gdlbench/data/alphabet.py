"""One type for the alphabets sequences are stored in: 1-byte codes on disk, one-hot per batch.

An alphabet has `letters` (a one-hot channel each, codes 0..len-1), then `ambiguous` symbols
(their own codes, one-hot spread uniformly over the letters they stand for), then the padding
code past the end of a shorter sequence (all zeros in one-hot). `aliases` are read as another
symbol's code (U as T in DNA). DNA/RNA (gdlbench.data.encode), amino acids
(gdlbench.data.protein) and RNA secondary structure (gdlbench.data.fold) are instances.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # torch is imported where a batch is made: jobs without models start faster
    import torch

INVALID = 255  # the code of a byte outside the alphabet


@dataclass(frozen=True)
class Alphabet:
    name: str  # in error messages: "a character 'J' that is no IUPAC code"
    letters: str
    ambiguous: dict[str, str] = field(default_factory=dict)  # symbol -> letters it stands for
    aliases: dict[str, str] = field(default_factory=dict)  # symbol -> the symbol it reads as

    @property
    def symbols(self) -> str:
        """Every coded symbol, in code order."""
        return self.letters + "".join(self.ambiguous)

    @property
    def pad(self) -> int:
        return len(self.symbols)

    @cached_property
    def code_bytes(self) -> bytes:
        """Byte -> code (INVALID outside the alphabet), either case, for bytes.translate."""
        table = np.full(256, INVALID, dtype=np.uint8)
        for code, symbol in enumerate(self.symbols):
            table[ord(symbol)] = table[ord(symbol.lower())] = code
        for alias, symbol in self.aliases.items():
            table[ord(alias)] = table[ord(alias.lower())] = self.symbols.index(symbol)
        return table.tobytes()

    @cached_property
    def one_hot_table(self) -> np.ndarray:
        """(pad + 1, letters) float32: a row per code, the padding row all zeros."""
        table = np.zeros((self.pad + 1, len(self.letters)), dtype=np.float32)
        table[np.arange(len(self.letters)), np.arange(len(self.letters))] = 1.0
        for offset, meaning in enumerate(self.ambiguous.values()):
            for letter in meaning:
                table[len(self.letters) + offset, self.letters.index(letter)] = 1.0 / len(meaning)
        return table

    def encode(self, sequences: list[str], length: int | None = None) -> np.ndarray:
        """(N, L) uint8 codes; shorter sequences are right-padded up to `length`. All
        sequences go through one table lookup (joined, translated as bytes, then scattered
        into their rows). Raises ValueError naming the first offending sequence and
        character."""
        lengths = np.fromiter(map(len, sequences), dtype=np.int64, count=len(sequences))
        length = length if length is not None else int(lengths.max(initial=0))
        if (lengths > length).any():
            i = int(np.argmax(lengths > length))
            raise ValueError(f"sequence {i} has length {lengths[i]} > {length}")
        joined = "".join(sequences)
        translated = joined.encode("ascii", errors="replace").translate(self.code_bytes)
        flat = np.frombuffer(translated, dtype=np.uint8)
        if INVALID in translated:
            position = translated.index(INVALID)
            i = int(np.searchsorted(np.cumsum(lengths), position, side="right"))
            raise ValueError(
                f"sequence {i} has a character {joined[position]!r} that is no {self.name} code"
            )
        out = np.full((len(sequences), length), self.pad, dtype=np.uint8)
        out[np.arange(length) < lengths[:, None]] = flat
        return out

    def decode(self, codes: np.ndarray) -> list[str]:
        """Inverse of `encode` (padding dropped; an unknown code reads as '?')."""
        symbols = np.frombuffer((self.symbols + "?").encode(), dtype=np.uint8)
        top = len(self.symbols)
        return [symbols[np.minimum(row[row != self.pad], top)].tobytes().decode() for row in codes]

    def one_hot(self, codes: np.ndarray | torch.Tensor) -> torch.Tensor:
        """(N, L) codes -> (N, letters, L) float32 one-hot, the model input contract. Codes on
        a torch device are encoded there. Numpy codes: each letter's plane is one vectorised
        comparison written straight into its contiguous (N, L) slice (no index arrays, no
        transpose copy); the rare ambiguity codes are then filled in from the table."""
        import torch

        if isinstance(codes, torch.Tensor):
            table = torch.from_numpy(self.one_hot_table).to(codes.device)
            return table[codes.long()].permute(0, 2, 1).contiguous()
        codes = np.asarray(codes)
        n_letters = len(self.letters)
        out = np.empty((codes.shape[0], n_letters, codes.shape[1]), dtype=np.float32)
        for letter in range(n_letters):
            np.equal(codes, letter, out=out[:, letter, :], casting="unsafe")
        rows, columns = np.nonzero((codes >= n_letters) & (codes < self.pad))
        if len(rows):
            out[rows, :, columns] = self.one_hot_table[codes[rows, columns]]
        return torch.from_numpy(out)
