"""Headless Chromium for the tests: open a local page with the network cut
off, and see its DOM, a screenshot and every request the page made.

The requests come from Chromium's own network log (``--log-net-log``).
Chromium itself also tries to reach its update service, whatever the flags
say; those requests carry no initiator ("not an origin"), while anything a
page asks for carries the page's origin (``null`` for a file).  The network
is cut off all the same (``extract.convert.external`` runs it in an empty network
namespace), so nothing leaves the machine.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from esep.extract.convert.external import isolation, run

FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-extensions", "--disable-default-apps", "--no-pings", "--disable-domain-reliability",
    "--disable-client-side-phishing-detection", "--disable-breakpad", "--disable-dev-shm-usage",
    "--no-default-browser-check", "--hide-scrollbars",
)
BROWSER_INITIATED = "not an origin"


def chromium() -> str:
    """The Chromium binary; the test fails (never skips) when it is missing."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        pytest.fail("chromium is not installed: run ./setup.sh as root (it installs Debian's chromium package)")
    return found


@dataclass
class Visit:
    dom: str
    page_requests: list[str]      # URLs the page asked for
    browser_requests: list[str]   # URLs Chromium asked for on its own


def _requests(netlog: Path) -> tuple[list[str], list[str]]:
    log = json.loads(netlog.read_text(encoding="utf-8"))
    start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    page, browser = [], []
    for event in log["events"]:
        params = event.get("params") or {}
        if event["type"] == start and "url" in params:
            (browser if params.get("initiator") == BROWSER_INITIATED else page).append(params["url"])
    return page, browser


def visit(page: Path, *, screenshot: Path | None = None, size: tuple[int, int] = (1280, 2000)) -> Visit:
    """Open ``page`` in headless Chromium with the network cut off, in a
    fresh profile (a short temporary path: Chromium's sockets live there)."""
    binary = chromium()
    prefix, description = isolation()
    if not prefix:
        pytest.fail(f"cannot run chromium with the network cut off: {description}")
    with tempfile.TemporaryDirectory(prefix="esep-chromium-") as tmp:
        workdir = Path(tmp)
        netlog = workdir / "netlog.json"
        argv = [binary, *FLAGS, f"--user-data-dir={workdir / 'profile'}", f"--log-net-log={netlog}",
                f"--window-size={size[0]},{size[1]}", "--dump-dom"]
        if screenshot is not None:
            argv.append(f"--screenshot={screenshot.resolve()}")
        result = run([*argv, page.resolve().as_uri()], workdir=workdir, timeout=120, path=str(page),
                     what="chromium", memory=None)
        assert result.returncode == 0, result.stderr.decode("utf-8", "replace")[-2000:]
        page_requests, browser_requests = _requests(netlog)
    return Visit(result.stdout.decode("utf-8"), page_requests, browser_requests)
