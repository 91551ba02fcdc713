"""Open HTML files in headless Chromium for the tests that need a real browser.

Chromium 156 sends requests to Google services on start even with
--disable-background-networking, as its NetLog shows: network time, component and
extension updates, and the account list. So every host name and IP literal resolves to
nothing, and Chromium runs in an empty network namespace when ``unshare`` can create
one.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
INSTALL_HINT = "Chromium not installed: apt-get install chromium"

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-features=NetworkTimeServiceQuerying",
    "--host-resolver-rules=MAP * ~NOTFOUND",
]

browser = pytest.mark.browser
"""Marker of the tests that open a page in Chromium."""


def chromium_executable() -> Path | None:
    """Return the Chromium executable, or None when it is not installed."""
    if CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK):
        return CHROMIUM
    found = shutil.which("chromium")
    return Path(found) if found else None


def require_chromium() -> Path:
    """
    Return the Chromium executable, or skip the running test without it.

    When the environment variable ``CI`` is ``"true"`` a missing Chromium fails the
    test instead, so that CI cannot pass by skipping every browser test.
    """
    executable = chromium_executable()
    if executable is not None:
        return executable
    if os.environ.get("CI") == "true":
        pytest.fail(f"{INSTALL_HINT} (browser tests cannot be skipped when CI=true)")
    pytest.skip(INSTALL_HINT)


@functools.cache
def _network_namespace_prefix() -> tuple[str, ...]:
    """Return the unshare command that runs Chromium without network, if allowed."""
    unshare = shutil.which("unshare")
    if unshare is None:
        return ()
    command = [unshare, "--net"]
    if os.geteuid() != 0:
        command.append("--map-root-user")
    probe = subprocess.run([*command, "true"], capture_output=True, check=False)
    return tuple(command) if probe.returncode == 0 else ()


def _run_chromium(html_path: Path, flags: list[str], *, timeout: float) -> str:
    """Load a file in Chromium with --dump-dom and return the dumped DOM."""
    executable = require_chromium()
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        command = [
            *_network_namespace_prefix(),
            str(executable),
            *CHROMIUM_FLAGS,
            *flags,
            f"--user-data-dir={profile}",
            "--dump-dom",
            Path(html_path).resolve().as_uri(),
        ]
        # A session of its own, so a timeout can end Chromium's helper processes.
        process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise TimeoutError(
                f"Chromium timed out after {timeout} s on {html_path}"
            ) from None

    if process.returncode != 0 or not stdout.strip():
        raise RuntimeError(
            f"Chromium failed on {html_path} with exit code {process.returncode}. "
            f"End of its standard error:\n{stderr[-2000:]}"
        )
    return stdout


def render_dom(html_path: Path, *, timeout: float = 60.0) -> str:
    """
    Load a local HTML file in headless Chromium and return the DOM after scripts ran.

    Skips the test when Chromium is missing, or fails it when ``CI`` is ``"true"``.

    Parameters
    ----------
    html_path : Path
        HTML file to open through a ``file://`` URL.
    timeout : float
        Seconds before Chromium is killed.

    Returns
    -------
    str
        The serialized DOM that Chromium printed with ``--dump-dom``.

    Raises
    ------
    TimeoutError
        If Chromium runs longer than ``timeout``.
    RuntimeError
        If Chromium exits with an error or prints no DOM.
    """
    return _run_chromium(html_path, [], timeout=timeout)


def page_network_requests(html_path: Path, *, timeout: float = 60.0) -> list[str]:
    """
    Return the URLs that a local HTML page requested from the network stack.

    The page is loaded as in :func:`render_dom` with a NetLog. Only requests whose
    network isolation key is the ``file://`` site of the page are returned, which
    leaves out Chromium's own background services. ``data:`` URIs do not reach the
    network stack and are not listed.
    """
    with tempfile.TemporaryDirectory(prefix="chromium-netlog-") as folder:
        netlog = Path(folder) / "netlog.json"
        _run_chromium(html_path, [f"--log-net-log={netlog}"], timeout=timeout)
        log = json.loads(netlog.read_text(encoding="utf-8"))

    constants = log["constants"]["logEventTypes"]
    event_types = {number: name for name, number in constants.items()}
    urls = []
    for event in log["events"]:
        params = event.get("params", {})
        if event_types.get(event["type"]) != "URL_REQUEST_START_JOB":
            continue
        if str(params.get("network_isolation_key", "")).startswith("file://"):
            urls.append(params["url"])
    return urls
