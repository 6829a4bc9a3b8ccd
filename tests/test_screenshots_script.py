"""screenshots/make_screenshots.py runs on a fresh sandbox and writes one SVG per picture the
README names, each titled with its screen. About half a minute (the desk is driven through
sixteen pictures), hence `slow`."""

from __future__ import annotations

import html
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "screenshots" / "make_screenshots.py"


def load_script():
    spec = importlib.util.spec_from_file_location("make_screenshots", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks itself up there
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_the_script_writes_every_picture_and_the_readme(tmp_path):
    script = load_script()
    home = tmp_path / "home"  # were the script to miss a path, it would land here, not in ~
    home.mkdir()
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--out", str(tmp_path / "out")],
        capture_output=True, text=True, timeout=600, cwd=ROOT,
        env={"HOME": str(home), "PATH": "/usr/bin:/bin", "TERM": "xterm-256color",
             "LANG": "C.UTF-8"},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    out = tmp_path / "out"
    readme = (out / "README.md").read_text(encoding="utf-8")
    for picture in script.PICTURES:
        svg = (out / f"{picture.name}.svg").read_text(encoding="utf-8")
        assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>"), picture.name
        title = html.unescape(svg).replace("\xa0", " ")
        assert f"wallet-tui · {picture.screen}" in title, picture.name
        assert f"({picture.name}.svg)" in readme
    assert sorted(p.name for p in out.glob("*.svg")) == sorted(
        f"{p.name}.svg" for p in script.PICTURES
    )
    # Nothing the script did touched the home it was given.
    assert list(home.iterdir()) == []
