"""`wallet-tui sandbox serve` as a child process on a loopback port, for tests over real
sockets: started, stopped (or killed) by the test, never left behind."""

from __future__ import annotations

import os
import re
import select
import signal
import subprocess
import sys
from pathlib import Path

START_TIMEOUT = 30


class ServedSandbox:
    def __init__(self, db_path: Path, *extra: str) -> None:
        self.db_path = db_path
        self.extra = extra
        self.process: subprocess.Popen[str] | None = None
        self.url = ""

    def start(self, port: int = 0) -> str:
        assert self.process is None or self.process.poll() is not None
        self.process = subprocess.Popen(
            [sys.executable, "-m", "wallet_tui", "sandbox", "serve", "--host", "127.0.0.1",
             "--port", str(port), "--db", str(self.db_path), *self.extra],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        ready, _, _ = select.select([self.process.stdout], [], [], START_TIMEOUT)
        line = self.process.stdout.readline() if ready else ""
        found = re.search(r"http://\S+", line)
        if not found:
            self.kill()
            raise RuntimeError(f"the sandbox did not start: {line!r}")
        self.url = found.group(0)
        return self.url

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1])

    def kill(self) -> int:
        """SIGKILL: no shutdown, no flush, no goodbye."""
        if self.process is None:
            return 0
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        code = self.process.wait(10)
        self.process.stdout.close()
        return code

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            if self.process is not None:
                self.process.stdout.close()
            return
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process.stdout.close()
