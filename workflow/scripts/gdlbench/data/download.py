"""Verified, atomic, resumable, retried downloads into the cache (SPEC §5, §8).

A file is streamed to `<dest>.part`, resumed with an HTTP Range request after a broken
transfer (also one from an earlier, killed run), retried with exponential backoff on connection
errors and HTTP 5xx, checked against its sha256 and only then renamed onto `dest`. Checksums
are keyed by the canonical URL, also when the bytes come from a mirror. A URL with no known
checksum has the one of its first download recorded in a lock file, which later runs verify.
pooch was considered and not used: it cannot resume a partial transfer.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

import requests
import urllib3

from gdlbench.errors import DownloadError

CHUNK = 1 << 20
LOCK_HEADER = "# sha256  url -- recorded on first download, verified on every later one\n"


def _stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _host_and_path(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise DownloadError(f"{url}: only http and https URLs can be downloaded")
    path = parts.path.strip("/")
    if not parts.netloc or not path or ".." in PurePosixPath(path).parts:
        raise DownloadError(f"{url}: a download URL needs a host and a file path without '..'")
    return parts.netloc, path


def mirrored_url(url: str, mirror: str | None) -> str:
    """`{mirror}/host/path` for `scheme://host/path?query` (query dropped); `url` if no mirror."""
    if not mirror:
        return url
    host, path = _host_and_path(url)
    return f"{mirror.rstrip('/')}/{host}/{path}"


def cache_path(url: str, cache: str | Path) -> Path:
    """Where a URL's file lives in the download cache: `{cache}/{host}/{path}`."""
    host, path = _host_and_path(url)
    return Path(cache) / host / path


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def read_lock(lockfile: str | Path) -> dict[str, str]:
    """url -> sha256 from a lock file of `sha256  url` lines (missing file: empty)."""
    path = Path(lockfile)
    if not path.exists():
        return {}
    entries = {}
    for line_no, line in enumerate(path.read_text().splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        digest, _, url = line.partition("  ")
        if len(digest) != 64 or not url:
            raise DownloadError(f"{path}:{line_no}: expected '<sha256>  <url>', got {line!r}")
        entries[url.strip()] = digest
    return entries


def record_checksum(lockfile: str | Path, url: str, digest: str) -> None:
    """Add `url`'s checksum to the lock file; safe with concurrent writers (flock + rename)."""
    path = Path(lockfile)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".flock"), "w") as guard:
        fcntl.flock(guard, fcntl.LOCK_EX)
        entries = read_lock(path)
        entries[url] = digest
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        lines = [f"{entries[key]}  {key}\n" for key in sorted(entries)]
        tmp.write_text(LOCK_HEADER + "".join(lines))
        os.replace(tmp, path)


class _Retryable(Exception):
    """A failure worth another attempt (connection, broken transfer, HTTP 5xx)."""


def _transfer(source: str, part: Path, timeout: float, log: Callable[[str], None]) -> None:
    """One attempt: append to `part` from where it stops (Range), or restart from zero."""
    done = part.stat().st_size if part.exists() else 0
    headers = {"Range": f"bytes={done}-"} if done else {}
    try:
        with requests.get(source, headers=headers, stream=True, timeout=timeout) as response:
            if response.status_code == 416 or (done and response.status_code == 200):
                done = 0  # range not honoured: start over
                if response.status_code == 416:
                    part.unlink()
                    raise _Retryable("server refused the range; restarting")
            if response.status_code >= 500:
                raise _Retryable(f"HTTP {response.status_code} {response.reason}")
            if response.status_code >= 400:
                raise DownloadError(f"HTTP {response.status_code} {response.reason}")
            length = response.headers.get("Content-Length")
            total = done + int(length) if length is not None else None
            if done:
                log(f"resuming at byte {done}")
            _stream(response, part, done, total, log)
    except (requests.ConnectionError, requests.Timeout) as error:
        raise _Retryable(str(error)) from error
    except (requests.exceptions.ChunkedEncodingError, urllib3.exceptions.HTTPError) as error:
        raise _Retryable(f"transfer broken: {error}") from error


def _stream(response, part: Path, done: int, total: int | None, log) -> None:
    step = total // 10 if total and total > 10 * CHUNK else None
    next_report = done + step if step else None
    mode = "ab" if done else "wb"
    with open(part, mode) as handle:
        # raw bytes: a .gz served with Content-Encoding: gzip must stay compressed
        for block in response.raw.stream(CHUNK, decode_content=False):
            handle.write(block)
            done += len(block)
            if next_report is not None and done >= next_report:
                log(f"  {done:,} / {total:,} bytes ({100 * done // total}%)")
                next_report += step
    if total is not None and done != total:
        raise _Retryable(f"transfer broken: got {done} of {total} bytes")


def fetch(
    url: str,
    dest: str | Path,
    *,
    sha256: str | None = None,
    mirror: str | None = None,
    lockfile: str | Path | None = None,
    retries: int = 4,
    backoff: float = 1.0,
    timeout: float = 60.0,
    log: Callable[[str], None] = _stderr,
) -> Path:
    """Download `url` (from `mirror` when set) to `dest`, verified; returns `dest`.

    The expected checksum is `sha256`, else the lock file's entry for `url`; with neither, the
    checksum of this download is recorded in the lock file.
    """
    dest = Path(dest)
    expected = sha256 or (read_lock(lockfile).get(url) if lockfile else None)
    if dest.exists() and expected and sha256_of(dest) == expected:
        log(f"{dest} is already downloaded and verified")
        return dest
    source = mirrored_url(url, mirror)
    named = source if source == url else f"{source} (mirror of {url})"
    part = dest.with_name(dest.name + ".part")
    dest.parent.mkdir(parents=True, exist_ok=True)
    log(f"fetching {named} -> {dest}")
    for attempt in range(retries + 1):
        try:
            _transfer(source, part, timeout, log)
            break
        except _Retryable as error:
            if attempt == retries:
                raise DownloadError(
                    f"{named}: failed after {retries + 1} attempts: {error} "
                    f"(the partial file {part} is kept; a rerun resumes it)"
                ) from error
            wait = backoff * 2**attempt
            log(f"attempt {attempt + 1} failed ({error}); retrying in {wait:.2f}s")
            time.sleep(wait)
        except DownloadError as error:
            raise DownloadError(f"{named}: {error}") from error
    actual = sha256_of(part)
    if expected and actual != expected:
        part.unlink()
        how = (
            f"; if the new upstream version is wanted, delete its line from {lockfile}"
            if not sha256
            else ""
        )
        raise DownloadError(
            f"{named}: sha256 of the downloaded file is {actual}, expected {expected}: the "
            f"upstream file changed or the transfer is corrupt; nothing was kept{how}"
        )
    os.replace(part, dest)
    if not expected and lockfile:
        record_checksum(lockfile, url, actual)
    log(f"downloaded {dest} ({dest.stat().st_size:,} bytes, sha256 {actual})")
    return dest
