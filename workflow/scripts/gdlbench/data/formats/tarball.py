"""Reading chosen members of a portal tarball (DeepChrome release, UCI TCGA PANCAN) safely.

One streaming pass; only the wanted members are read, into memory (`read_members`), or, for
members too large for memory (DeepSEA's training bundle), copied into a folder under names the
caller chooses (`extract_members`); nothing else is unpacked to disk. Members with absolute
paths, `..` or links out of the archive make the whole archive an error, whichever member they
are, as does a corrupt or truncated stream.
"""

from __future__ import annotations

import tarfile
import zlib
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import IO

from gdlbench.data.formats.textio import check_not_html
from gdlbench.errors import InputError


def check_member_safe(member: tarfile.TarInfo, archive: Path) -> None:
    path = PurePosixPath(member.name)
    if path.is_absolute() or ".." in path.parts:
        raise InputError(f"{archive}: unsafe member path {member.name!r} (outside the archive)")
    if member.issym() or member.islnk():
        target = PurePosixPath(member.linkname)
        if target.is_absolute() or ".." in target.parts:
            raise InputError(
                f"{archive}: member {member.name!r} links outside the archive ({member.linkname})"
            )


def _wanted_members(
    archive: Path, key_of: Callable[[str], str | None], take: Callable[[str, IO[bytes]], None]
) -> list[str]:
    """One streaming pass: every member checked for safety, `take(key, stream)` called for
    each regular file `key_of(name)` keys (two with one key are an error); returns the names
    of every member (for error messages)."""
    check_not_html(archive, "a tar archive")
    names: list[str] = []
    keys: set[str] = set()
    try:
        with tarfile.open(archive, "r|*") as tar:
            for member in tar:
                check_member_safe(member, archive)
                names.append(member.name)
                key = key_of(member.name)
                if key is None or not member.isfile():
                    continue
                if key in keys:
                    raise InputError(f"{archive}: two members match {key!r} ({member.name})")
                keys.add(key)
                take(key, tar.extractfile(member))
    except _WriteError as error:
        raise error.args[0] from None
    except (tarfile.TarError, EOFError, OSError, zlib.error) as error:
        raise InputError(f"{archive}: corrupt or truncated tar archive ({error})") from error
    return names


def read_members(
    archive: Path, key_of: Callable[[str], str | None]
) -> tuple[dict[str, bytes], list[str]]:
    """The regular-file members for which `key_of(name)` gives a key, by key, and the names of
    every member (for error messages). Two members with one key are an error."""
    found: dict[str, bytes] = {}
    names = _wanted_members(
        archive, key_of, lambda key, stream: found.__setitem__(key, stream.read())
    )
    return found, names


class _WriteError(Exception):
    """An OSError while writing an extracted member: the disk's problem, not the archive's."""


def _copy_member(source: IO[bytes], target: Path) -> None:
    with open(target, "wb") as out:
        while chunk := source.read(1 << 20):
            try:
                out.write(chunk)
            except OSError as error:
                raise _WriteError(error) from error


def extract_members(archive: Path, key_of: Callable[[str], str | None], dest: Path) -> list[str]:
    """Stream the regular-file members for which `key_of(name)` gives a key to `dest / key`
    (a flat folder that must exist); returns the names of every member (for error messages).
    Two members with one key are an error. Errors writing to `dest` propagate as OSError."""
    return _wanted_members(archive, key_of, lambda key, stream: _copy_member(stream, dest / key))
