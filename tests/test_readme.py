"""README.md cannot rot: every shell command it shows is run here, as a reader would paste it.

The two opening commands install things and open the desk, so they are not run; instead they are
checked to install from the committed locks, and the test command to be the one `.ci/run` runs.
Every other command runs in a private HOME against a sandbox served on a free loopback port (the
README's 8080 is swapped for it), in README order, in one bash session so that `TOKEN=…` carries
over; each must exit 0. Commands that open the desk (`wallet-tui`, `--profile local`, `demo`
without `--auto`) are listed as skipped, never run."""

from __future__ import annotations

import os
import re
import shlex
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
README_PORT = "8080"
# Sub-commands that finish by themselves without a terminal; anything else would open the desk.
FINISHING = {"paths", "profile", "check"}
FINISHING_WITH = {"web": "--help", "demo": "--help"}


def shell_blocks(markdown: str) -> list[str]:
    return re.findall(r"^```(?:sh|bash|shell)\n(.*?)^```", markdown, flags=re.M | re.S)


def commands(block: str) -> list[str]:
    """One entry per command: continuation lines joined, comments and blank lines dropped."""
    joined = re.sub(r"\\\n\s*", " ", block)
    found = []
    for line in joined.splitlines():
        line = re.sub(r"\s+#.*$", "", line).strip()
        if line and not line.startswith("#"):
            found.append(line)
    return found


def _wallet_tui_args(command: str) -> list[str] | None:
    words = shlex.split(command)
    if not words or not words[0].endswith("wallet-tui"):
        return None
    return words[1:]


def opens_the_desk(command: str) -> bool:
    args = _wallet_tui_args(command)
    if args is None:
        return False
    # `--profile local` takes a value: the first word that is not an option's value is the verb.
    options_with_values = {"--profile", "--config"}
    verbs = [w for i, w in enumerate(args) if not w.startswith("-")
             and not (i and args[i - 1] in options_with_values)]
    if not verbs:
        return True
    verb = verbs[0]
    if verb in FINISHING or (verb == "sandbox"):
        return False
    needed = FINISHING_WITH.get(verb)
    return needed is None or needed not in args


def is_serve(command: str) -> bool:
    args = _wallet_tui_args(command) or []
    return args[:2] == ["sandbox", "serve"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def script_for(readme_commands: list[str], bin_dir: Path, port: int) -> tuple[str, list[str]]:
    """A bash script running every command that does not open the desk; and the skipped ones."""
    lines = ["set -euo pipefail", 'trap \'[ -n "${SERVED:-}" ] && kill "$SERVED"\' EXIT']
    skipped = []
    for command in readme_commands:
        if opens_the_desk(command):
            skipped.append(command)
            continue
        command = command.replace(".venv/bin/", f"{bin_dir}/").replace(README_PORT, str(port))
        lines.append(f"echo '$ '{shlex.quote(command)}")
        if is_serve(command):
            lines.append(f"{command} & SERVED=$!")
            lines.append(
                f"for _ in $(seq 300); do curl -s -o /dev/null http://127.0.0.1:{port}/ && break; "
                "sleep 0.1; done"
            )
        else:
            lines.append(command)
    return "\n".join(lines) + "\n", skipped


def test_the_opening_commands_install_from_the_locks_and_ci_runs_the_same_tests():
    blocks = shell_blocks(README.read_text(encoding="utf-8"))
    start, tests = commands(blocks[0]), commands(blocks[1])
    assert len(start) == 1 and len(tests) == 1
    assert "requirements/app.lock" in start[0] and start[0].endswith(".venv/bin/wallet-tui")
    assert "requirements/test.lock" in tests[0] and "pytest" in tests[0]
    for lock in ("app.lock", "test.lock"):
        text = (ROOT / "requirements" / lock).read_text(encoding="utf-8")
        assert "--hash=sha256:" in text and "textual==" in text
    assert tests[0] in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_the_readme_classifies_what_it_runs():
    assert opens_the_desk(".venv/bin/wallet-tui")
    assert opens_the_desk(".venv/bin/wallet-tui --profile local")
    assert opens_the_desk(".venv/bin/wallet-tui demo")
    assert not opens_the_desk(".venv/bin/wallet-tui --profile local paths")
    assert not opens_the_desk(".venv/bin/wallet-tui web --help")
    assert not opens_the_desk("curl -sS http://127.0.0.1:8080/")
    assert is_serve(".venv/bin/wallet-tui sandbox serve --port 8080")


def test_every_readme_command_that_does_not_open_the_desk_exits_0(tmp_path):
    blocks = shell_blocks(README.read_text(encoding="utf-8"))
    readme_commands = [command for block in blocks[2:] for command in commands(block)]
    bin_dir = Path(sys.executable).parent
    if not (bin_dir / "wallet-tui").exists():
        pytest.skip(f"no wallet-tui script beside {sys.executable}: install the project first")
    script, skipped = script_for(readme_commands, bin_dir, free_port())
    assert any(is_serve(c) for c in readme_commands), "the README no longer shows sandbox serve"
    assert any("sandbox/faults" in c and "Bearer" in c for c in readme_commands)
    home = tmp_path / "home"
    home.mkdir()
    env = {
        "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '/usr/bin:/bin')}",
        "HOME": str(home), "LANG": "C.UTF-8",
        "XDG_CONFIG_HOME": str(home / ".config"), "XDG_DATA_HOME": str(home / ".local/share"),
        "XDG_CACHE_HOME": str(home / ".cache"), "XDG_STATE_HOME": str(home / ".local/state"),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }
    done = subprocess.run(["bash", "-c", script], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=180)
    assert done.returncode == 0, f"a README command failed:\n{done.stdout}\n{done.stderr}"
    ran = done.stdout.count("$ ")
    assert ran == len(readme_commands) - len(skipped) and ran >= 8, done.stdout
    assert skipped == [c for c in readme_commands if opens_the_desk(c)]
