"""Verified, atomic, resumable, retried downloads into the cache (SPEC §5, §8).

A file is streamed to `<dest>.part`, resumed with an HTTP Range request after a broken transfer
(also one left by an earlier, killed run), retried with exponential backoff on connection errors,
timeouts, broken transfers and HTTP 5xx, checked against its sha256 and only then renamed onto
`dest`. Checksums are keyed by the canonical URL, also when the bytes come from a mirror. A URL
with no known checksum has the one of its first download recorded in a lock file, which later
runs verify, so a file that changes upstream is an error instead of a silent change of data.
An HTML page served instead of the data (a portal's error or login page) is an error too.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import sys
import tempfile
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

import requests
import urllib3

from gdlbench.errors import DownloadError

CHUNK = 1 << 16
# Files smaller than this get only the start and end lines; larger ones one per 10 %.
PROGRESS_MIN_BYTES = 8 << 20
# With no Content-Length, one progress line per this many bytes.
PROGRESS_UNKNOWN_STEP = 50_000_000
LOCK_HEADER = "# sha256  url -- recorded on first download, verified on every later one"
SHA256 = re.compile(r"[0-9a-f]{64}")
CONTENT_RANGE = re.compile(r"bytes (\d+)-(\d+)/(\d+|\*)")
GZIP_MAGIC = b"\x1f\x8b"
# What an HTML page starts with (after a byte-order mark and white space), lower-cased.
HTML_STARTS = (b"<!doctype html", b"<html", b"<head")
HTML_TITLE = re.compile(rb"<title[^>]*>\s*(.*?)\s*</title>", re.IGNORECASE | re.DOTALL)
SNIFF_BYTES = 4096

Log = Callable[[str], None]


def _stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- URLs -----------------------------------------------------------------------------------


def _host_and_segments(url: str) -> tuple[str, list[str]]:
    """The host (with port) and path segments of an http(s) URL that can name a cache file."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise DownloadError(f"{url}: only http and https URLs can be downloaded")
    if not parts.netloc or "@" in parts.netloc:
        raise DownloadError(f"{url}: a download URL needs a host (and no user name or password)")
    segments = [segment for segment in parts.path.split("/") if segment]
    if not segments:
        raise DownloadError(f"{url}: a download URL needs a file path after the host")
    for segment in segments:
        decoded = unquote(segment)
        if decoded in (".", "..") or any(char in decoded for char in "/\\\0"):
            raise DownloadError(f"{url}: path segment {segment!r} could leave the download cache")
    return parts.netloc, segments


def mirrored_url(url: str, mirror: str | None) -> str:
    """`{mirror}/host/path` for `scheme://host/path?query` (query dropped); `url` if no mirror."""
    if not mirror:
        return url
    if urlsplit(mirror).scheme not in ("http", "https"):
        raise DownloadError(f"mirror {mirror!r}: only an http or https URL can be a mirror")
    host, segments = _host_and_segments(url)
    return "/".join([mirror.rstrip("/"), host, *segments])


def cache_path(url: str, cache: str | Path) -> Path:
    """Where a URL's file lives in the download cache: `{cache}/{host}/{path}` (query dropped)."""
    host, segments = _host_and_segments(url)
    return Path(cache, host, *segments)


# --- content -------------------------------------------------------------------------------


def html_page(path: str | Path) -> str | None:
    """What an HTML page saved where data was expected says about itself (its `<title>`, else
    its first line), or None when `path` does not start like one. Portals answer errors,
    logins and moved files with such pages, sometimes with status 200 and sometimes gzipped;
    a gzip file is sniffed by its decompressed start."""
    with open(path, "rb") as handle:
        head = handle.read(SNIFF_BYTES)
    if head.startswith(GZIP_MAGIC):
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, SNIFF_BYTES)
        except zlib.error:
            return None  # not valid gzip: the readers report the corrupt stream
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if not text.lower().startswith(HTML_STARTS):
        return None
    title = HTML_TITLE.search(text)
    said = title[1] if title else text.split(b"\n", 1)[0]
    return " ".join(said.decode("utf-8", "replace").split())[:120]


# --- checksums and the lock file ----------------------------------------------------------


def _hash_prefix(path: Path, size: int) -> hashlib._Hash:
    """A sha256 fed with the first `size` bytes of `path`, ready for the bytes that follow."""
    digest = hashlib.sha256()
    if size <= 0:
        return digest
    with open(path, "rb") as handle:
        while size > 0:
            block = handle.read(min(CHUNK * 16, size))
            if not block:
                break
            digest.update(block)
            size -= len(block)
    return digest


def sha256_of(path: str | Path) -> str:
    """The sha256 (hex) of a whole file."""
    path = Path(path)
    return _hash_prefix(path, path.stat().st_size).hexdigest()


def _normalise_sha256(value: str, where: str) -> str:
    digest = value.strip().lower()
    if not SHA256.fullmatch(digest):
        raise DownloadError(f"{where}: {value!r} is not a sha256 (64 hexadecimal digits)")
    return digest


def _parse_lock(path: Path) -> tuple[list[str], dict[str, str]]:
    """The comment lines and url -> sha256 entries of a lock file (missing file: none)."""
    if not path.exists():
        return [], {}
    comments: list[str] = []
    entries: dict[str, str] = {}
    for line_no, line in enumerate(path.read_text().splitlines(), start=1):
        where = f"{path}:{line_no}"
        if line.startswith("#"):
            comments.append(line)
            continue
        if not line.strip():
            continue
        digest, separator, url = line.rstrip().partition("  ")
        if not separator or not url.strip():
            raise DownloadError(f"{where}: expected '<sha256>  <url>', got {line!r}")
        digest, url = _normalise_sha256(digest, where), url.strip()
        if entries.get(url, digest) != digest:
            raise DownloadError(f"{where}: {url} is listed twice with different sha256")
        entries[url] = digest
    return comments, entries


def read_lock(lockfile: str | Path) -> dict[str, str]:
    """url -> sha256 from a lock file of `sha256  url` lines (a missing file has none)."""
    return _parse_lock(Path(lockfile))[1]


@contextmanager
def _exclusive(lockfile: Path) -> Iterator[None]:
    """Hold an flock on `<lockfile>.flock`: Snakemake jobs may record checksums at once."""
    lockfile.parent.mkdir(parents=True, exist_ok=True)
    with open(lockfile.with_name(lockfile.name + ".flock"), "a") as guard:
        fcntl.flock(guard, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(guard, fcntl.LOCK_UN)


def _write_atomically(path: Path, text: str) -> None:
    """Write via a temporary file and a rename: readers never see a half-written file."""
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w") as handle:
            os.fchmod(handle.fileno(), mode)
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(name, path)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise


def record_checksum(lockfile: str | Path, url: str, digest: str) -> None:
    """Add `url`'s sha256 to the lock file (sorted, comments kept); concurrent-writer safe.

    A different sha256 already recorded for `url` is an error: the upstream file changed between
    two downloads.
    """
    path = Path(lockfile)
    digest = _normalise_sha256(digest, url)
    with _exclusive(path):
        comments, entries = _parse_lock(path)
        known = entries.get(url)
        if known == digest:
            return
        if known is not None:
            raise DownloadError(
                f"{path} already records sha256 {known} for {url}, but the download has "
                f"{digest}: the upstream file changed; delete its line from {path} to accept it"
            )
        entries[url] = digest
        lines = (comments or [LOCK_HEADER]) + [f"{entries[key]}  {key}" for key in sorted(entries)]
        _write_atomically(path, "\n".join(lines) + "\n")


# --- one transfer -----------------------------------------------------------------------------


class _Retryable(Exception):
    """A failure worth another attempt: connection, timeout, broken transfer, HTTP 5xx."""


class _Progress:
    """Logs bytes done at every 10 % of a known size, or every `unknown_step` bytes."""

    def __init__(
        self,
        log: Log,
        done: int,
        total: int | None,
        *,
        min_bytes: int = PROGRESS_MIN_BYTES,
        unknown_step: int = PROGRESS_UNKNOWN_STEP,
    ) -> None:
        self.log, self.done, self.total = log, done, total
        self.quiet = total is not None and total < min_bytes
        self.step = unknown_step
        self.mark = self._mark()

    def _mark(self) -> int:
        if self.total is None:
            return self.done // self.step
        return 10 * self.done // max(self.total, 1)

    def advance(self, size: int) -> None:
        self.done += size
        mark = self._mark()
        if mark <= self.mark:
            return
        self.mark = mark
        if self.quiet:
            return
        if self.total is None:
            self.log(f"  {self.done:,} bytes")
        else:
            self.log(f"  {self.done:,} / {self.total:,} bytes ({min(mark, 10) * 10}%)")


def _request(session: requests.Session, source: str, offset: int, timeout: float):
    # identity: lengths and ranges then count the file's own bytes, which are stored unchanged
    headers = {"Accept-Encoding": "identity"}
    if offset:
        headers["Range"] = f"bytes={offset}-"
    return session.get(source, headers=headers, stream=True, timeout=timeout)


def _content_length(response: requests.Response) -> int | None:
    value = response.headers.get("Content-Length")
    if value is None:
        return None
    if not value.strip().isdigit():
        raise _Retryable(f"invalid Content-Length {value!r}")
    return int(value)


def _body_span(response: requests.Response, offset: int, part: Path) -> tuple[int, int | None]:
    """(first byte, file size or None) of the body; raises for statuses that bring no file."""
    status = f"{response.status_code} {response.reason}"
    if response.status_code >= 500:
        raise _Retryable(f"HTTP {status}")
    if response.status_code >= 400:
        raise DownloadError(f"HTTP {status}")
    length = _content_length(response)
    if response.status_code == 200:
        return 0, length
    if response.status_code != 206:
        raise DownloadError(f"unexpected HTTP {status}")
    found = CONTENT_RANGE.fullmatch(response.headers.get("Content-Range", "").strip())
    if not found:
        part.unlink(missing_ok=True)
        raise _Retryable("206 answer without a valid Content-Range; restarting from zero")
    first, last, size = int(found[1]), int(found[2]), found[3]
    total = None if size == "*" else int(size)
    consistent = (
        first == offset
        and (length is None or length == last - first + 1)
        and (total is None or last == total - 1)
    )
    if not consistent:
        part.unlink(missing_ok=True)
        raise _Retryable(
            f"Content-Range {found[0]!r} (Content-Length {length}) does not continue the "
            f"{offset} bytes already there; restarting from zero"
        )
    return first, total


def _stream(response: requests.Response, part: Path, start: int, total: int | None, log: Log):
    """Write the body to `part` from byte `start`; the sha256 of the whole file on success."""
    digest = _hash_prefix(part, start)
    progress = _Progress(log, start, total)
    done = start
    with open(part, "ab" if start else "wb") as handle:
        # raw bytes: a .gz served with Content-Encoding: gzip must stay compressed
        for block in response.raw.stream(CHUNK, decode_content=False):
            handle.write(block)
            digest.update(block)
            done += len(block)
            progress.advance(len(block))
        handle.flush()
        os.fsync(handle.fileno())
    if total is not None and done < total:
        raise _Retryable(f"transfer broken: got {done:,} of {total:,} bytes")
    if total is not None and done > total:
        part.unlink()
        raise _Retryable(f"got {done:,} bytes, more than the announced {total:,}; restarting")
    return digest.hexdigest()


def _attempt(session: requests.Session, source: str, part: Path, timeout: float, log: Log) -> str:
    """One try: resume `part` where it stops (or restart from zero); the file's sha256."""
    offset = part.stat().st_size if part.exists() else 0
    try:
        response = _request(session, source, offset, timeout)
        if offset and response.status_code == 416:
            response.close()
            log(f"the server cannot resume at byte {offset:,}; restarting from zero")
            part.unlink()
            offset = 0
            response = _request(session, source, offset, timeout)
        with response:
            start, total = _body_span(response, offset, part)
            if offset and not start:
                log(f"the server ignored the range request; restarting from zero ({total} bytes)")
            elif start:
                log(f"resuming at byte {start:,} of {total if total is not None else '?'}")
            return _stream(response, part, start, total, log)
    except (requests.ConnectionError, requests.Timeout) as error:
        raise _Retryable(f"{type(error).__name__}: {error}") from error
    except (requests.exceptions.ChunkedEncodingError, urllib3.exceptions.HTTPError) as error:
        raise _Retryable(f"transfer broken: {type(error).__name__}: {error}") from error


def _download(source: str, part: Path, retries: int, backoff: float, timeout: float, log: Log):
    """Attempts with exponential backoff; the sha256 of the complete `part`."""
    with requests.Session() as session:
        for attempt in range(retries + 1):
            try:
                return _attempt(session, source, part, timeout, log)
            except _Retryable as error:
                if attempt == retries:
                    raise
                wait = backoff * 2**attempt
                log(f"attempt {attempt + 1} failed ({error}); retrying in {wait:.2f} s")
                time.sleep(wait)
    raise DownloadError(f"{source}: retries must be at least 0, not {retries}")


# --- the public entry point -------------------------------------------------------------------


def _expected_sha256(url: str, sha256: str | None, lockfile: str | Path | None) -> str | None:
    if sha256:
        return _normalise_sha256(sha256, f"sha256 given for {url}")
    return read_lock(lockfile).get(url) if lockfile else None


def _mismatch(
    named: str, url: str, dest: Path, expected: str, actual: str, lockfile: str | Path | None
) -> DownloadError:
    """The checksum error; `lockfile` is where `expected` came from, if from one."""
    accept = (
        f"; if the new upstream version is wanted, delete the line of {url} from {lockfile}"
        " and rerun"
        if lockfile is not None
        else ""
    )
    return DownloadError(
        f"{named}: the downloaded file for {dest} has sha256 {actual}, expected {expected}: "
        f"the upstream file changed or the transfer is corrupt; nothing was kept{accept}"
    )


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
    log: Log = _stderr,
) -> Path:
    """Download `url` (from `mirror` when set) to `dest`, verified and atomically; returns `dest`.

    The expected checksum is `sha256`, else the lock file's entry for `url`; with neither, the
    checksum of this download is recorded in the lock file (when one is given). A `dest` that
    already has the expected checksum is returned without any request.
    """
    dest = Path(dest)
    _host_and_segments(url)
    expected = _expected_sha256(url, sha256, lockfile)
    if expected and dest.is_file() and sha256_of(dest) == expected:
        log(f"{dest} is already downloaded and verified (sha256 {expected})")
        return dest
    source = mirrored_url(url, mirror)
    named = source if source == url else f"{source} (mirror of {url})"
    part = dest.with_name(dest.name + ".part")
    dest.parent.mkdir(parents=True, exist_ok=True)
    log(f"fetching {named} -> {dest}")
    try:
        actual = _download(source, part, retries, backoff, timeout, log)
    except _Retryable as error:
        kept = f"the partial file {part} is kept" if part.exists() else "no partial file was left"
        raise DownloadError(
            f"{named}: failed after {retries + 1} attempts; last error: {error} "
            f"({kept}; a rerun resumes it)"
        ) from error
    except DownloadError as error:
        raise DownloadError(f"{named}: {error}") from error
    except requests.RequestException as error:
        raise DownloadError(f"{named}: {type(error).__name__}: {error}") from error
    except OSError as error:
        raise DownloadError(f"{named}: cannot write {part}: {error}") from error
    page = html_page(part)
    if page is not None:
        part.unlink()
        raise DownloadError(
            f"{named}: the server sent an HTML page ({page!r}) instead of the data file for "
            f"{dest}: an error, login or moved-file page of the portal; nothing was kept"
        )
    if expected and actual != expected:
        part.unlink()
        raise _mismatch(named, url, dest, expected, actual, None if sha256 else lockfile)
    if not expected and lockfile is not None:
        try:
            record_checksum(lockfile, url, actual)
        except DownloadError:
            part.unlink()
            raise
    os.replace(part, dest)
    log(f"downloaded {dest} ({dest.stat().st_size:,} bytes, sha256 {actual})")
    return dest
