"""Make screenshots/browser-mode.png: `wallet-tui web` in headless Chromium, logged in to the
embedded sandbox and showing a demo wallet, driven as the browser-mode test drives it
(tests/web/browser.py).

Run from the repository root: .venv/bin/python screenshots/make_browser_screenshot.py
Chromium and chromedriver come from Debian's packages (installed when missing, as root)."""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from web.browser import log_in_and_screenshot  # noqa: E402

TARGET = ROOT / "screenshots" / "browser-mode.png"


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="wallet-tui-web-") as scratch:
        home = Path(scratch) / "home"
        home.mkdir()
        # The lookup screen comes first after login: show a demo wallet on it.
        page = log_in_and_screenshot(home, Path(scratch) / "browser-mode.png",
                                     look_up=("100000000003", "Кузнецова"))
        if page.foreign_urls():
            print(f"the page reached off this machine: {page.foreign_urls()}", file=sys.stderr)
            return 1
        shutil.copyfile(Path(scratch) / "browser-mode.png", TARGET)
    print(TARGET.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
