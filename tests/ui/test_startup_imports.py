"""Up to the login screen the desk imports neither FastAPI nor the sandbox, nor even the HTTP
client (start-up cost: they load when the operator logs in)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import asyncio, json, sys
    from wallet_tui.cli import build_connect
    from wallet_tui.config import ConfigStore
    from wallet_tui.ui.app import WalletApp
    from wallet_tui.ui.screens.login import LoginScreen

    async def main():
        store = ConfigStore()
        app = WalletApp(build_connect(store.paths), store=store, test_mode=True)
        async with app.run_test(size=(80, 24)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            on_login = isinstance(app.screen, LoginScreen)
        heavy = ("fastapi", "wallet_tui.sandbox", "httpx", "wallet_tui.client")
        loaded = sorted(name for name in sys.modules
                        if name in heavy or name.startswith(tuple(h + "." for h in heavy)))
        print(json.dumps({"on_login": on_login, "loaded": loaded}))

    asyncio.run(main())
    """
)


def test_login_screen_needs_neither_fastapi_nor_the_sandbox_nor_the_client(home):
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120,
        env={"HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
             "XDG_DATA_HOME": str(home / ".local/share"), "XDG_CACHE_HOME": str(home / ".cache"),
             "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring", "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result == {"on_login": True, "loaded": []}
