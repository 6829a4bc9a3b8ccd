"""Drive `wallet-tui web` with a real headless Chromium: shared by the browser test and
screenshots/make_browser_screenshot.py.

The terminal is drawn on a canvas, so what the desk shows is read from the websocket frames
the page receives (Chromium's performance log), with the ANSI control sequences removed."""

from __future__ import annotations

import base64
import contextlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
NETWORK_SCHEMES = {"http", "https", "ws", "wss", "ftp"}
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
    # As on a projector laptop with no network: every name but the loopback fails to resolve.
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost",
)
OWNER_URL = re.compile(r"wallet-tui web: open (http://\S+)")
_CONTROL = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-_]")


class BrowserUnavailable(RuntimeError):
    """Chromium and its driver are not on this machine."""


def _chromium_paths() -> tuple[str, str] | None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    return (browser, driver) if browser and driver else None


def find_chromium() -> tuple[str, str]:
    """(chromium, chromedriver) from the PATH. Nothing is installed here: `.ci/run` provisions
    Debian's chromium and chromium-driver before the tests, and without them the tests skip."""
    found = _chromium_paths()
    if not found:
        raise BrowserUnavailable("chromium and chromedriver are not on the PATH")
    return found


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def isolated_env(home: Path) -> dict[str, str]:
    """An environment whose config, data, cache and keyring belong to this run only."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("WALLET_TUI_", "XDG_", "TEXTUAL"))}
    for name in ("config", "data", "cache", "state"):
        (home / name).mkdir(parents=True, exist_ok=True)
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CACHE_HOME=str(home / "cache"),
        XDG_STATE_HOME=str(home / "state"),
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
    )
    env.pop("NO_COLOR", None)
    return env


@contextlib.contextmanager
def web_server(home: Path, port: int, *extra: str) -> Iterator[str]:
    """`wallet-tui web` on 127.0.0.1:port; yields the URL it printed (with the secret);
    stops it (and only it) after."""
    log = (home / "web-server.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "wallet_tui", "web", "--host", "127.0.0.1", "--port", str(port),
         *extra],
        env=isolated_env(home), stdout=log, stderr=subprocess.STDOUT, cwd=home,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"wallet-tui web exited: {(home / 'web-server.log').read_text()}")
            # The URL it prints is the only way in: it carries this run's secret.
            printed = OWNER_URL.search((home / "web-server.log").read_text(errors="replace"))
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
                if printed:
                    break
            if time.monotonic() > deadline:
                raise TimeoutError("wallet-tui web did not start listening and print its URL")
            time.sleep(0.1)
        yield printed.group(1)
    finally:
        # The server's own session: its desk subprocesses go with it.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, 15)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, 9)
            process.wait(5)
        log.close()


@dataclass
class Page:
    """A Chromium page and everything its network log has shown so far."""

    driver: object
    urls: list[str] = field(default_factory=list)
    screen_text: str = ""
    last_frame_at: float = 0.0

    def drain(self) -> None:
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            method, params = message.get("method"), message.get("params", {})
            if method == "Network.requestWillBeSent":
                self.urls.append(params["request"]["url"])
            elif method == "Network.webSocketCreated":
                self.urls.append(params["url"])
            elif method == "Network.webSocketFrameReceived":
                frame = params["response"]
                data = frame["payloadData"]
                raw = base64.b64decode(data) if frame.get("opcode") == 2 else data.encode()
                self.screen_text += _CONTROL.sub("", raw.decode("utf-8", "replace"))
                self.last_frame_at = time.monotonic()

    def foreign_urls(self) -> list[str]:
        """Every request that went to the network for a host other than this machine
        (chrome://, data: and blob: never leave the browser)."""
        return [u for u in self.urls if urlsplit(u).scheme in NETWORK_SCHEMES
                and urlsplit(u).hostname not in LOOPBACK_HOSTS]

    def wait_for_text(self, *texts: str, timeout: float = 30) -> str:
        """Waits until the desk has drawn one of `texts`; returns the one it drew."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.drain()
            for text in texts:
                if text in self.screen_text:
                    return text
            time.sleep(0.1)
        tail = self.screen_text[-400:].replace("\n", " ")
        raise TimeoutError(f"the desk never showed {texts!r}; last drawn: {tail!r}")

    def wait_until_quiet(self, quiet: float = 0.3, timeout: float = 3) -> None:
        """Waits, at most `timeout`, until no frame came for `quiet` seconds: the picture is
        complete. Best effort: a blinking cursor and the token countdown never stop."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.drain()
            if time.monotonic() - self.last_frame_at >= quiet:
                return
            time.sleep(0.1)

    def press(self, *keys: str) -> None:
        from selenium.webdriver.common.by import By

        terminal_input = self.driver.find_element(By.CSS_SELECTOR, ".xterm-helper-textarea")
        terminal_input.send_keys(*keys)

    def screenshot(self, path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.driver.save_screenshot(str(path))
        return path


@contextlib.contextmanager
def chromium_page(profile_dir: Path, *, width: int = 1280, height: int = 720) -> Iterator[Page]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    browser, driver_path = find_chromium()
    os.environ.setdefault("SE_OFFLINE", "true")  # never let Selenium Manager download drivers
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile_dir}")
    options.add_argument(f"--window-size={width},{height}")
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=driver_path))
    # The page exactly this size, whatever the headless window's own chrome takes.
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
    try:
        yield Page(driver)
    finally:
        driver.quit()


def log_in_and_screenshot(home: Path, picture: Path, *, port: int | None = None,
                          look_up: tuple[str, str] | None = None) -> Page:
    """The whole demo: serve, open the page, log in to the sandbox, optionally look up a
    wallet (`(what to type, text to wait for)`), take the picture."""
    from selenium.webdriver.common.keys import Keys

    with web_server(home, port or free_port()) as url, chromium_page(home / "chromium") as page:
        page.driver.get(url)
        page.wait_for_text("demo-client")  # the login form, pre-filled for the sandbox
        page.wait_until_quiet()
        page.press(Keys.ENTER)
        page.wait_for_text("token ok")
        page.wait_until_quiet()
        if look_up:
            typed, shown = look_up
            page.press(typed, Keys.ENTER)
            page.wait_for_text(shown)
            page.wait_until_quiet()
        page.screenshot(picture)
        page.drain()
        return page
