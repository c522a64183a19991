"""Downloads against a real HTTP server on 127.0.0.1 (tests/portal_server.py), no mocks."""

import hashlib
import socket
import threading

import pytest
from portal_server import PortalServer

from gdlbench.data.download import cache_path, fetch, mirrored_url, read_lock, record_checksum
from gdlbench.errors import DownloadError

PAYLOAD = bytes(range(256)) * 4096  # 1 MiB
DIGEST = hashlib.sha256(PAYLOAD).hexdigest()
PATH = "portal.example.org/data/file.bin"


@pytest.fixture
def server(tmp_path):
    root = tmp_path / "www"
    (root / "portal.example.org" / "data").mkdir(parents=True)
    (root / PATH).write_bytes(PAYLOAD)
    with PortalServer(root) as running:
        yield running


def _get(server, url, tmp_path, **kwargs):
    kwargs.setdefault("lockfile", tmp_path / "checksums.lock")
    messages = []
    dest = fetch(url, tmp_path / "cache" / "file.bin", backoff=0.01, log=messages.append, **kwargs)
    return dest, messages


def _gets(server):
    return [(path, headers) for method, path, headers in server.requests if method == "GET"]


def test_plain_download_records_checksum(server, tmp_path):
    url = f"{server.url}/{PATH}"
    dest, messages = _get(server, url, tmp_path)
    assert dest.read_bytes() == PAYLOAD
    assert read_lock(tmp_path / "checksums.lock") == {url: DIGEST}
    assert not dest.with_name("file.bin.part").exists()
    assert any(DIGEST in m for m in messages)


def test_second_fetch_makes_no_request(server, tmp_path):
    url = f"{server.url}/{PATH}"
    _get(server, url, tmp_path)
    _get(server, url, tmp_path)
    assert len(server.requests) == 1


def test_mirror_rewrites_host_and_drops_query(server, tmp_path):
    url = f"https://{PATH}?download=1"
    dest, _ = _get(server, url, tmp_path, mirror=server.url + "/")
    assert dest.read_bytes() == PAYLOAD
    assert _gets(server)[0][0] == f"/{PATH}"
    assert read_lock(tmp_path / "checksums.lock") == {url: DIGEST}


def test_server_error_then_success(server, tmp_path):
    server.fail(f"/{PATH}", 500, times=2)
    dest, messages = _get(server, f"{server.url}/{PATH}", tmp_path)
    assert dest.read_bytes() == PAYLOAD
    assert len(_gets(server)) == 3
    assert sum("HTTP 500" in m for m in messages) == 2


def test_truncated_transfer_is_resumed_with_a_range_request(server, tmp_path):
    server.truncate(f"/{PATH}", 300_000)
    dest, _ = _get(server, f"{server.url}/{PATH}", tmp_path, sha256=DIGEST)
    assert dest.read_bytes() == PAYLOAD
    first, second = _gets(server)
    assert "Range" not in first[1]
    assert second[1]["Range"] == "bytes=300000-"


def test_partial_file_from_a_killed_run_is_resumed(server, tmp_path):
    part = tmp_path / "cache" / "file.bin.part"
    part.parent.mkdir(parents=True)
    part.write_bytes(PAYLOAD[:1000])
    dest, _ = _get(server, f"{server.url}/{PATH}", tmp_path, sha256=DIGEST)
    assert dest.read_bytes() == PAYLOAD
    assert _gets(server)[0][1]["Range"] == "bytes=1000-"


def test_checksum_mismatch_leaves_nothing(server, tmp_path):
    with pytest.raises(DownloadError, match=r"sha256 .* expected 0{64}.*nothing was kept"):
        _get(server, f"{server.url}/{PATH}", tmp_path, sha256="0" * 64)
    assert list((tmp_path / "cache").iterdir()) == []


def test_changed_upstream_file_against_the_lock_is_an_error(server, tmp_path):
    url = f"{server.url}/{PATH}"
    record_checksum(tmp_path / "checksums.lock", url, "f" * 64)
    with pytest.raises(DownloadError, match="delete its line from"):
        _get(server, url, tmp_path)
    assert list((tmp_path / "cache").iterdir()) == []
    assert read_lock(tmp_path / "checksums.lock") == {url: "f" * 64}


def test_not_found_names_the_url_and_is_not_retried(server, tmp_path):
    url = f"{server.url}/portal.example.org/missing.bin"
    with pytest.raises(DownloadError, match=rf"{url}: HTTP 404"):
        _get(server, url, tmp_path)
    assert len(server.requests) == 1


def test_connection_refused_fails_after_retries(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/x/file.bin"
    with pytest.raises(DownloadError, match=rf"{url}: failed after 3 attempts"):
        _get(None, url, tmp_path, retries=2)


def test_url_mapping():
    url = "https://zenodo.org/record/2652278/files/data.tar.gz?download=1"
    assert mirrored_url(url, "http://127.0.0.1:9/") == (
        "http://127.0.0.1:9/zenodo.org/record/2652278/files/data.tar.gz"
    )
    assert mirrored_url(url, None) == url
    assert (
        cache_path(url, "cache").as_posix() == "cache/zenodo.org/record/2652278/files/data.tar.gz"
    )
    for bad in ("https://host/../etc/passwd", "ftp://host/file", "https://host/"):
        with pytest.raises(DownloadError):
            cache_path(bad, "cache")


def test_concurrent_lock_writers_lose_no_entry(tmp_path):
    lock = tmp_path / "checksums.lock"
    urls = [f"https://h/{i}" for i in range(16)]
    threads = [
        threading.Thread(target=record_checksum, args=(lock, u, f"{i:064x}"))
        for i, u in enumerate(urls)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert read_lock(lock) == {u: f"{i:064x}" for i, u in enumerate(urls)}
