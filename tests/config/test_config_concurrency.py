"""Two processes saving the config at once never leave a torn file."""

from __future__ import annotations

import subprocess
import sys
import time
import tomllib
from pathlib import Path

from wallet_tui.config.store import settings_from_document

PROFILES_PER_SAVE = 15  # a file of ~4 KB: a non-atomic write is seen half-done
SAVES_PER_WRITER = 40

WRITER = r"""
import sys, time
from pathlib import Path
from wallet_tui.config import ConfigStore, Profile, Settings

path, writer, saves, go = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
profiles = int(sys.argv[5])
(go.parent / f"ready-{writer}").touch()
while not go.exists():
    time.sleep(0.001)
store = ConfigStore(path)
for i in range(saves):
    stamp = f"{writer}-{i}"
    settings = Settings()
    for n in range(profiles):
        settings.add_profile(Profile(name=f"p{n}", base_url="https://h.example",
                                     client_id=stamp, partner_id=str(n)))
    settings.theme = stamp
    store.save(settings)
print("done", flush=True)
"""


def check_complete(text: str) -> str:
    """The file is one whole save: every profile written by the same save as the theme."""
    document = tomllib.loads(text)
    settings = settings_from_document(document)
    stamp = settings.theme
    assert stamp is not None, "the file has no theme: it was read half-written"
    remote = [p for p in settings.profiles.values() if p.kind == "remote"]
    assert len(remote) == PROFILES_PER_SAVE
    assert {p.client_id for p in remote} == {stamp}
    return stamp


def test_two_processes_saving_at_once_never_leave_a_torn_file(tmp_path: Path):
    path = tmp_path / "cfg" / "config.toml"
    go = tmp_path / "go"
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), name, str(SAVES_PER_WRITER), str(go),
             str(PROFILES_PER_SAVE)],
            stdout=subprocess.PIPE,
            text=True,
        )
        for name in ("a", "b")
    ]
    deadline = time.monotonic() + 60
    while not all((tmp_path / f"ready-{n}").exists() for n in ("a", "b")):
        assert time.monotonic() < deadline, "the writers did not start"
        time.sleep(0.005)
    go.touch()
    seen: set[str] = set()
    reads = 0
    deadline = time.monotonic() + 120
    while any(w.poll() is None for w in writers) and time.monotonic() < deadline:
        try:
            text = path.read_text()
        except FileNotFoundError:
            continue
        seen.add(check_complete(text).split("-")[0])
        reads += 1
    for writer in writers:
        out, _ = writer.communicate(timeout=60)
        assert writer.returncode == 0 and "done" in out
    final = check_complete(path.read_text())
    assert final in {f"a-{SAVES_PER_WRITER - 1}", f"b-{SAVES_PER_WRITER - 1}"}
    assert reads > 0
    # Both writers were seen mid-run: the saves really did overlap with the reads.
    assert seen == {"a", "b"}
    assert sorted(p.name for p in path.parent.iterdir()) == ["config.toml"]
