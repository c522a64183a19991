"""Open a page in headless Chromium (Debian's `chromium`) the way a reader's browser would,
driven over the DevTools protocol on a pipe (`--remote-debugging-pipe`: JSON messages ending in
NUL, Chromium reading fd 3 and writing fd 4), so console errors, uncaught exceptions and failed
loads are caught with their level, and a screenshot is saved."""

from __future__ import annotations

import base64
import contextlib
import io
import json
import os
import select
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib.image
import numpy as np
import pytest

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--remote-debugging-pipe",
         "--window-size=1400,1000"]  # fmt: skip


@dataclass
class RenderedPage:
    text: str
    ink: float  # share of screenshot pixels unlike the page background
    console_errors: list[str] = field(default_factory=list)


def chromium_binary() -> str:
    """Debian's Chromium; CI (.ci/run) installs it, so there a missing one fails the test."""
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary is None:
        message = "headless Chromium is not installed (Debian package `chromium`)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return binary


class DevTools:
    """A DevTools-protocol session with a Chromium started on a pipe."""

    def __init__(self, binary: str, profile: Path):
        to_chromium, self._write = os.pipe()
        self._read, from_chromium = os.pipe()

        def as_fd3_fd4():
            os.dup2(to_chromium, 3)
            os.dup2(from_chromium, 4)

        self.process = subprocess.Popen(
            [binary, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            pass_fds=(3, 4), preexec_fn=as_fd3_fd4, start_new_session=True,
        )  # fmt: skip
        os.close(to_chromium)
        os.close(from_chromium)
        self._buffer, self._next_id, self.events = b"", 0, []

    def _message(self, deadline: float) -> dict:
        while b"\0" not in self._buffer:
            ready, _, _ = select.select([self._read], [], [], max(0.0, deadline - time.time()))
            if not ready:
                raise TimeoutError("Chromium did not answer in time")
            chunk = os.read(self._read, 1 << 20)
            if not chunk:
                raise RuntimeError("Chromium closed the DevTools pipe")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)

    def call(self, method: str, params: dict | None = None, session: str | None = None,
             timeout: float = 60) -> dict:  # fmt: skip
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._write, json.dumps(message).encode() + b"\0")
        deadline = time.time() + timeout
        while True:
            reply = self._message(deadline)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply["result"]
            self.events.append(reply)

    def wait_for(self, method: str, timeout: float = 60) -> None:
        deadline = time.time() + timeout
        while not any(event.get("method") == method for event in self.events):
            self.events.append(self._message(deadline))

    def pump(self, seconds: float) -> None:
        """Collect events for `seconds` (scripts rendering after the load event)."""
        deadline = time.time() + seconds
        try:
            while True:
                self.events.append(self._message(deadline))
        except TimeoutError:
            pass

    def close(self) -> None:
        try:
            self.call("Browser.close", timeout=10)
        except (RuntimeError, TimeoutError):
            pass
        finally:  # the browser's helpers (zygote, renderer, crash handler) go with it
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
            os.close(self._read)
            os.close(self._write)


def console_errors(events: list[dict]) -> list[str]:
    """Console errors, uncaught exceptions and error log entries (failed loads) of a page."""
    errors = []
    for event in events:
        method, params = event.get("method"), event.get("params", {})
        if method == "Runtime.consoleAPICalled" and params["type"] in ("error", "assert"):
            args = params["args"]
            errors.append(" ".join(str(a.get("value", a.get("description"))) for a in args))
        elif method == "Runtime.exceptionThrown":
            details = params["exceptionDetails"]
            errors.append(details.get("exception", {}).get("description", details["text"]))
        elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
            errors.append(f"{params['entry']['text']} {params['entry'].get('url', '')}")
    return errors


def screenshot_ink(png: bytes) -> float:
    """Share of pixels unlike the page background (the median colour): 0 for a blank page."""
    image = matplotlib.image.imread(io.BytesIO(png), format="png")[..., :3]
    background = np.median(image.reshape(-1, 3), axis=0)
    return float((np.abs(image - background).max(axis=2) > 0.1).mean())


def render_in_chromium(page: Path, screenshot: Path, settle: float = 3.0) -> RenderedPage:
    """Load `page` in headless Chromium, let its scripts run, save a PNG screenshot and return
    the visible text, how much of the screenshot is drawn and the console errors."""
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as profile:
        tools = DevTools(chromium_binary(), Path(profile))
        try:
            target = tools.call("Target.createTarget", {"url": "about:blank"})["targetId"]
            session = tools.call("Target.attachToTarget", {"targetId": target, "flatten": True})[
                "sessionId"
            ]
            for domain in ("Runtime", "Log", "Page"):
                tools.call(f"{domain}.enable", session=session)
            tools.call("Page.navigate", {"url": page.resolve().as_uri()}, session=session)
            tools.wait_for("Page.loadEventFired")
            tools.pump(settle)
            script = {"expression": "document.body.innerText", "returnByValue": True}
            text = tools.call("Runtime.evaluate", script, session=session)
            shot = tools.call("Page.captureScreenshot", {"format": "png"}, session=session)
        finally:
            tools.close()
    png = base64.b64decode(shot["data"])
    screenshot.write_bytes(png)
    return RenderedPage(text["result"].get("value", ""), screenshot_ink(png),
                        console_errors(tools.events))  # fmt: skip
