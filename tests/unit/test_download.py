"""Downloads against a real HTTP server on 127.0.0.1 (tests/helpers/portal_server.py), no mocks."""

import hashlib
import socket
import threading

import pytest
import requests
from portal_server import PortalServer

from gdlbench.data.download import (
    LOCK_HEADER,
    _Progress,
    cache_path,
    fetch,
    mirrored_url,
    read_lock,
    record_checksum,
)
from gdlbench.errors import DownloadError

PAYLOAD = bytes(range(256)) * 4096  # 1 MiB
DIGEST = hashlib.sha256(PAYLOAD).hexdigest()
PATH = "portal.example.org/data/file.bin"


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch):
    """A proxy set in the environment must not intercept the loopback server."""
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    monkeypatch.setenv("no_proxy", "127.0.0.1")


@pytest.fixture
def root(tmp_path):
    root = tmp_path / "www"
    (root / PATH).parent.mkdir(parents=True)
    (root / PATH).write_bytes(PAYLOAD)
    return root


@pytest.fixture
def server(root):
    with PortalServer(root) as running:
        yield running


@pytest.fixture
def lock(tmp_path):
    return tmp_path / "config" / "checksums.lock"


@pytest.fixture
def dest(tmp_path):
    return tmp_path / "cache" / PATH


def _fetch(url, dest, lock, **kwargs):
    """fetch with a tiny backoff, a lock file and the log lines collected; (path, lines)."""
    kwargs.setdefault("lockfile", lock)
    kwargs.setdefault("backoff", 0.01)
    lines = []
    return fetch(url, dest, log=lines.append, **kwargs), lines


def _gets(server):
    """The GET requests' (target, headers), in order."""
    return [(target, headers) for method, target, headers in server.requests if method == "GET"]


def _files(folder):
    return sorted(p.name for p in folder.rglob("*") if p.is_file())


# --- plain downloads and the cache ----------------------------------------------------------


def test_plain_download_writes_the_file_and_the_lock_line(server, dest, lock):
    url = f"{server.url}/{PATH}"
    path, lines = _fetch(url, dest, lock)
    assert path == dest
    assert dest.read_bytes() == PAYLOAD
    assert lock.read_text() == f"{LOCK_HEADER}\n{DIGEST}  {url}\n"
    assert read_lock(lock) == {url: DIGEST}
    assert _files(dest.parent) == ["file.bin"]  # no .part left
    assert lines[0] == f"fetching {url} -> {dest}"
    assert f"{len(PAYLOAD):,} bytes" in lines[-1] and DIGEST in lines[-1]
    assert len(lines) == 2  # a small file gets no progress lines
    assert _gets(server)[0][1]["Accept-Encoding"] == "identity"


def test_second_fetch_makes_no_request(server, dest, lock):
    url = f"{server.url}/{PATH}"
    _fetch(url, dest, lock)
    _, lines = _fetch(url, dest, lock)
    assert server.count(PATH) == 1 and len(server.requests) == 1
    assert "already downloaded" in lines[0]


def test_explicit_checksum_of_a_present_file_makes_no_request(server, dest):
    dest.parent.mkdir(parents=True)
    dest.write_bytes(PAYLOAD)
    _fetch(f"{server.url}/{PATH}", dest, None, sha256=DIGEST.upper())
    assert server.requests == []


def test_present_file_with_the_wrong_checksum_is_downloaded_again(server, dest, lock):
    dest.parent.mkdir(parents=True)
    dest.write_bytes(b"stale")
    _fetch(f"{server.url}/{PATH}", dest, lock, sha256=DIGEST)
    assert dest.read_bytes() == PAYLOAD
    assert server.count(PATH) == 1


def test_no_lockfile_records_nothing(server, dest, lock):
    _fetch(f"{server.url}/{PATH}", dest, lock, lockfile=None)
    assert dest.read_bytes() == PAYLOAD
    assert not lock.exists()


def test_explicit_checksum_is_not_recorded(server, dest, lock):
    _fetch(f"{server.url}/{PATH}", dest, lock, sha256=DIGEST)
    assert read_lock(lock) == {}


def test_mirror_rewrites_the_host_drops_the_query_and_keys_the_canonical_url(server, dest, lock):
    url = f"https://{PATH}?download=1"
    for mirror in (server.url, server.url + "/"):
        dest.unlink(missing_ok=True)
        _, lines = _fetch(url, dest, lock, mirror=mirror)
        assert dest.read_bytes() == PAYLOAD
        assert f"mirror of {url}" in lines[0]
    assert [target for target, _ in _gets(server)] == [f"/{PATH}"] * 2
    assert read_lock(lock) == {url: DIGEST}


def test_unknown_length_is_downloaded_to_the_end(server, dest, lock):
    server.omit_length(PATH)
    _fetch(f"{server.url}/{PATH}", dest, lock)
    assert dest.read_bytes() == PAYLOAD


def test_head_and_ranges_of_the_portal_server(server):
    response = requests.head(f"{server.url}/{PATH}", timeout=5)
    assert response.status_code == 200
    assert response.headers["Content-Length"] == str(len(PAYLOAD)) and response.content == b""
    response = requests.get(f"{server.url}/{PATH}", headers={"Range": "bytes=10-19"}, timeout=5)
    assert response.status_code == 206 and response.content == PAYLOAD[10:20]
    assert response.headers["Content-Range"] == f"bytes 10-19/{len(PAYLOAD)}"
    assert server.count(PATH, "HEAD") == 1 and server.count(PATH) == 1


# --- retries and resumption -----------------------------------------------------------------


def test_server_errors_are_retried(server, dest, lock):
    server.fail(PATH, 500)
    server.fail(PATH, 503)
    _, lines = _fetch(f"{server.url}/{PATH}", dest, lock)
    assert dest.read_bytes() == PAYLOAD
    assert server.count(PATH) == 3
    assert any("500 Internal Server Error" in line for line in lines)
    assert any("503 Service Unavailable" in line for line in lines)


def test_server_errors_until_retries_run_out(server, dest, lock):
    server.fail(PATH, 502, times=3)
    url = f"{server.url}/{PATH}"
    with pytest.raises(DownloadError, match=rf"{url}: failed after 3 attempts.*502 Bad Gateway"):
        _fetch(url, dest, lock, retries=2)
    assert server.count(PATH) == 3
    assert not dest.exists()


def test_truncated_transfer_is_resumed_with_a_range_request(server, dest, lock):
    server.truncate(PATH, 300_000)
    _, lines = _fetch(f"{server.url}/{PATH}", dest, lock)
    assert dest.read_bytes() == PAYLOAD
    first, second = _gets(server)
    assert "Range" not in first[1]
    assert second[1]["Range"] == "bytes=300000-"
    assert any("transfer broken" in line for line in lines)
    assert read_lock(lock) == {f"{server.url}/{PATH}": DIGEST}  # hash of the whole file


def test_broken_transfers_until_retries_run_out_keep_the_part_for_a_rerun(server, dest, lock):
    server.truncate(PATH, 100_000, times=2)
    url = f"{server.url}/{PATH}"
    with pytest.raises(DownloadError, match=r"failed after 2 attempts.*is kept"):
        _fetch(url, dest, lock, retries=1)
    part = dest.with_name("file.bin.part")
    assert part.read_bytes() == PAYLOAD[:200_000]  # both broken bodies are kept
    assert not dest.exists()
    assert _gets(server)[1][1]["Range"] == "bytes=100000-"
    _fetch(url, dest, lock)  # a later run
    assert dest.read_bytes() == PAYLOAD
    assert _gets(server)[2][1]["Range"] == "bytes=200000-"
    assert not part.exists()


def test_part_file_from_a_killed_run_is_resumed(server, dest, lock):
    part = dest.with_name("file.bin.part")
    part.parent.mkdir(parents=True)
    part.write_bytes(PAYLOAD[:1000])
    _, lines = _fetch(f"{server.url}/{PATH}", dest, lock, sha256=DIGEST)
    assert dest.read_bytes() == PAYLOAD
    assert _gets(server)[0][1]["Range"] == "bytes=1000-"
    assert any("resuming at byte 1,000" in line for line in lines)
    assert not part.exists()


def test_server_ignoring_the_range_restarts_from_zero(server, dest, lock):
    part = dest.with_name("file.bin.part")
    part.parent.mkdir(parents=True)
    part.write_bytes(b"x" * 5000)  # not a prefix of the file: appending would corrupt it
    server.ignore_range(PATH)
    _fetch(f"{server.url}/{PATH}", dest, lock, sha256=DIGEST)
    assert dest.read_bytes() == PAYLOAD
    assert server.count(PATH) == 1


def test_unsatisfiable_range_restarts_from_zero(server, dest, lock):
    part = dest.with_name("file.bin.part")
    part.parent.mkdir(parents=True)
    part.write_bytes(b"x" * (len(PAYLOAD) + 10))  # longer than the file
    _, lines = _fetch(f"{server.url}/{PATH}", dest, lock)
    assert dest.read_bytes() == PAYLOAD
    first, second = _gets(server)
    assert first[1]["Range"] == f"bytes={len(PAYLOAD) + 10}-"
    assert "Range" not in second[1]
    assert any("restarting from zero" in line for line in lines)


def test_read_timeout_is_retried(server, dest, lock):
    server.stall(PATH, 3.0)  # the timeout leaves room for a busy machine's answer
    _, lines = _fetch(f"{server.url}/{PATH}", dest, lock, timeout=1.0)
    assert dest.read_bytes() == PAYLOAD
    assert server.count(PATH) == 2
    assert any("Timeout" in line for line in lines)


def test_connection_refused_fails_after_retries(dest, lock):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/x/file.bin"
    with pytest.raises(DownloadError, match=rf"{url}: failed after 3 attempts.*ConnectionError"):
        _fetch(url, dest, lock, retries=2)
    assert not dest.exists()
    assert not lock.exists()


# --- errors that are not retried --------------------------------------------------------------


def test_not_found_names_the_url_and_is_not_retried(server, dest, lock):
    url = f"{server.url}/portal.example.org/missing.bin"
    with pytest.raises(DownloadError, match=rf"{url}: HTTP 404 Not Found"):
        _fetch(url, dest, lock)
    assert len(server.requests) == 1
    assert not dest.parent.exists() or _files(dest.parent) == []


def test_not_found_on_a_mirror_names_both_urls(server, dest, lock):
    url = "https://portal.example.org/missing.bin?x=1"
    mirrored = f"{server.url}/portal.example.org/missing.bin"
    with pytest.raises(DownloadError) as caught:
        _fetch(url, dest, lock, mirror=server.url)
    assert f"{mirrored} (mirror of {url})" in str(caught.value)
    assert "HTTP 404 Not Found" in str(caught.value)


def test_forbidden_is_not_retried(server, dest, lock):
    server.fail(PATH, 403)
    with pytest.raises(DownloadError, match="HTTP 403 Forbidden"):
        _fetch(f"{server.url}/{PATH}", dest, lock)
    assert server.count(PATH) == 1


def test_only_http_urls_are_fetched(dest, lock):
    for url in ("ftp://portal.example.org/a.txt", "file:///etc/passwd", "portal.example.org/a"):
        with pytest.raises(DownloadError, match="only http and https"):
            _fetch(url, dest, lock)


# --- checksums --------------------------------------------------------------------------------


def test_explicit_checksum_mismatch_leaves_nothing(server, dest, lock, tmp_path):
    url = f"{server.url}/{PATH}"
    with pytest.raises(DownloadError) as caught:
        _fetch(url, dest, lock, sha256="0" * 64)
    message = str(caught.value)
    for part in (url, str(dest), "0" * 64, DIGEST, "upstream file changed", "corrupt"):
        assert part in message
    assert _files(tmp_path / "cache") == []
    assert not lock.exists()


def test_lock_recorded_checksum_mismatch_says_how_to_accept_the_new_file(server, dest, lock):
    url = f"{server.url}/{PATH}"
    record_checksum(lock, url, "f" * 64)
    with pytest.raises(DownloadError) as caught:
        _fetch(url, dest, lock)
    message = str(caught.value)
    assert f"expected {'f' * 64}" in message and DIGEST in message
    assert f"delete the line of {url} from {lock}" in message
    assert _files(dest.parent) == []
    assert read_lock(lock) == {url: "f" * 64}


def test_resumed_file_is_hashed_whole(server, dest, lock):
    """A wrong prefix left by a previous run is caught: the hash covers the whole file."""
    part = dest.with_name("file.bin.part")
    part.parent.mkdir(parents=True)
    part.write_bytes(b"\0" * 1000)
    with pytest.raises(DownloadError, match="upstream file changed or the transfer is corrupt"):
        _fetch(f"{server.url}/{PATH}", dest, lock, sha256=DIGEST)
    assert _gets(server)[0][1]["Range"] == "bytes=1000-"
    assert _files(dest.parent) == []


def test_invalid_explicit_checksum(server, dest, lock):
    with pytest.raises(DownloadError, match="not a sha256"):
        _fetch(f"{server.url}/{PATH}", dest, lock, sha256="abc")
    assert server.requests == []


# --- progress ----------------------------------------------------------------------------------


def test_large_file_logs_every_ten_percent(root, dest, lock):
    big = bytes(range(256)) * (4096 * 12)  # 12 MiB
    (root / "portal.example.org" / "big.bin").write_bytes(big)
    with PortalServer(root) as server:
        _, lines = _fetch(f"{server.url}/portal.example.org/big.bin", dest, lock)
    progress = [line for line in lines if "%)" in line]
    assert [line.rsplit("(", 1)[1] for line in progress] == [f"{p}%)" for p in range(10, 101, 10)]
    assert progress[-1].strip() == f"{len(big):,} / {len(big):,} bytes (100%)"
    assert len(lines) == 12


def test_progress_of_unknown_length_every_step():
    lines = []
    progress = _Progress(lines.append, 0, None, unknown_step=100)
    for _ in range(25):
        progress.advance(30)
    assert lines == [f"  {n:,} bytes" for n in (120, 210, 300, 420, 510, 600, 720)]


def test_progress_of_a_resumed_file_starts_where_it_was():
    lines = []
    progress = _Progress(lines.append, 450, 1000, min_bytes=0)
    progress.advance(100)
    progress.advance(450)
    assert lines == ["  550 / 1,000 bytes (50%)", "  1,000 / 1,000 bytes (100%)"]


# --- URLs ----------------------------------------------------------------------------------------


def test_mirrored_url():
    url = "https://zenodo.org/record/2652278/files/data.tar.gz?download=1"
    expected = "http://127.0.0.1:9/zenodo.org/record/2652278/files/data.tar.gz"
    assert mirrored_url(url, "http://127.0.0.1:9/") == expected
    assert mirrored_url(url, "http://127.0.0.1:9") == expected
    assert mirrored_url(url, "http://127.0.0.1:9/mirror//") == expected.replace(":9/", ":9/mirror/")
    assert mirrored_url("http://h.org:8080//a//b.txt", "http://m") == "http://m/h.org:8080/a/b.txt"
    assert mirrored_url(url, None) == url
    assert mirrored_url(url, "") == url
    with pytest.raises(DownloadError, match="mirror"):
        mirrored_url(url, "/local/folder")


def test_cache_path():
    url = "https://zenodo.org/record/2652278/files/data.tar.gz?download=1#frag"
    path = cache_path(url, "cache")
    assert path.as_posix() == "cache/zenodo.org/record/2652278/files/data.tar.gz"
    assert cache_path("http://h.org/a.txt", "/c").as_posix() == "/c/h.org/a.txt"


@pytest.mark.parametrize(
    "bad",
    [
        "https://host/../etc/passwd",
        "https://host/a/../../b",
        "https://host/a/%2e%2e/b",
        "https://host/a/%2F/b",
        "https://host/./a",
        "https://host/",
        "https://host",
        "https:///a.txt",
        "https://user:secret@host/a.txt",
        "ftp://host/file",
    ],
)
def test_cache_path_rejects(bad):
    with pytest.raises(DownloadError):
        cache_path(bad, "cache")
    with pytest.raises(DownloadError):
        mirrored_url(bad, "http://m")


# --- the lock file -----------------------------------------------------------------------------


def test_lock_file_is_sorted_and_keeps_its_comments(lock):
    lock.parent.mkdir(parents=True)
    lock.write_text(f"# my header\n\n{'b' * 64}  https://h/b\n")
    record_checksum(lock, "https://h/a", "A" * 64)
    record_checksum(lock, "https://h/c", "c" * 64)
    record_checksum(lock, "https://h/a", "a" * 64)  # the same again: no change
    assert lock.read_text() == (
        f"# my header\n{'a' * 64}  https://h/a\n{'b' * 64}  https://h/b\n{'c' * 64}  https://h/c\n"
    )


def test_recording_a_different_checksum_is_an_error(lock):
    record_checksum(lock, "https://h/a", "a" * 64)
    with pytest.raises(DownloadError, match="upstream file changed"):
        record_checksum(lock, "https://h/a", "b" * 64)
    assert read_lock(lock) == {"https://h/a": "a" * 64}


def test_read_lock(lock):
    assert read_lock(lock) == {}
    lock.parent.mkdir(parents=True)
    lock.write_text(f"# c\n{'a' * 64}  https://h/a\n")
    assert read_lock(lock) == {"https://h/a": "a" * 64}
    for bad in ("nonsense", f"{'a' * 64} https://h/a", f"{'g' * 64}  https://h/a"):
        lock.write_text(bad + "\n")
        with pytest.raises(DownloadError, match=r"checksums.lock:1"):
            read_lock(lock)


def test_concurrent_lock_writers_lose_no_entry(lock):
    urls = {f"https://h/{i}": f"{i:064x}" for i in range(32)}
    start = threading.Barrier(8)

    def write(share):
        start.wait()
        for url in share:
            record_checksum(lock, url, urls[url])

    threads = [threading.Thread(target=write, args=(list(urls)[i::8],)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert read_lock(lock) == urls
    # no temporary file is left behind
    assert _files(lock.parent) == ["checksums.lock", "checksums.lock.flock"]


def test_concurrent_fetches_record_every_url(root, tmp_path, lock):
    names = [f"f{i}.bin" for i in range(8)]
    for i, name in enumerate(names):
        (root / "portal.example.org" / name).write_bytes(bytes([i]) * 50_000)
    errors = []

    def get(name):
        try:
            fetch(
                f"{server.url}/portal.example.org/{name}",
                tmp_path / "cache" / name,
                lockfile=lock,
                backoff=0.01,
                log=lambda _: None,
            )
        except DownloadError as error:
            errors.append(error)

    with PortalServer(root) as server:
        threads = [threading.Thread(target=get, args=(name,)) for name in names]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == []
    recorded = read_lock(lock)
    assert len(recorded) == 8
    for i, name in enumerate(names):
        digest = hashlib.sha256(bytes([i]) * 50_000).hexdigest()
        assert recorded[f"{server.url}/portal.example.org/{name}"] == digest
