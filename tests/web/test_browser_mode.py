"""Browser mode end to end: `wallet-tui web` in a real headless Chromium, offline, logging
in to the embedded sandbox. Chromium comes from Debian's packages, which `.ci/run` installs; without it the test skips."""

from __future__ import annotations

import struct

import pytest

from .browser import BrowserUnavailable, chromium_page, find_chromium, free_port, web_server

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def chromium():
    try:
        return find_chromium()
    except BrowserUnavailable as error:
        pytest.skip(f"no headless Chromium: {error}")


def _png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(PNG_SIGNATURE)
    return struct.unpack(">II", data[16:24])


def test_the_desk_runs_in_a_browser_with_no_internet_and_logs_in(chromium, tmp_path):
    from selenium.webdriver.common.keys import Keys

    home = tmp_path / "home"
    home.mkdir()
    with web_server(home, free_port()) as url, chromium_page(tmp_path / "chromium") as page:
        page.driver.get(url)
        assert page.driver.title == "wallet-tui"
        page.wait_for_text("demo-client")  # the login form, pre-filled for the sandbox
        page.wait_until_quiet()
        form = page.screenshot(tmp_path / "login.png")

        page.press(Keys.ENTER)
        page.wait_for_text("token ok")  # the status line, logged in to the sandbox
        page.wait_until_quiet()
        picture = page.screenshot(tmp_path / "browser-mode.png")
        page.drain()

        assert page.foreign_urls() == []
        assert any(u.startswith("ws://127.0.0.1") for u in page.urls), "the terminal connected"
        assert any(u.endswith("/static/js/textual.js") for u in page.urls)
        assert any(u.endswith(".ttf") for u in page.urls), "the font came from this server"

    for shot in (form, picture):
        assert _png_size(shot.read_bytes()) == (1280, 720)
