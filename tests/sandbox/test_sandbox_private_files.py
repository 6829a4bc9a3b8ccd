"""The sandbox's database holds names, phones and e-mails: it, its -wal and -shm are 0600 and
the directories it makes 0700, whatever the umask, served or in process."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from wallet_tui.protocol import wire
from wallet_tui.sandbox.inprocess import InProcessSandbox
from wallet_tui.sandbox.testing import connect

from conftest import Sandbox, stop_server, url_of

UMASKS = [0o022, 0o000]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def modes(paths) -> dict[str, str]:
    return {p.name: oct(mode(p)) for p in paths}


@pytest.fixture(params=UMASKS, ids=lambda m: f"umask-{m:03o}")
def umask(request):
    previous = os.umask(request.param)
    yield request.param
    os.umask(previous)


async def write_customer(sandbox: Sandbox) -> None:
    assert (await sandbox.login()).status_code == 200
    response = await sandbox.post(wire.REGISTRATION, {
        "phone": "+79161234500", "firstName": "Ирина", "lastName": "Петрова",
        "email": "irina@example.ru",
    }, key="private-files")
    assert response.status_code in (200, 201), response.text


def database_files(db: Path) -> list[Path]:
    return sorted(db.parent.glob(db.name + "*"))


async def test_in_process_the_database_and_its_journals_are_private(tmp_path, umask):
    db = tmp_path / "made" / "by" / "sandbox" / "desk.sqlite3"
    sandbox = Sandbox(connect(InProcessSandbox(db)), "inprocess")
    try:
        await write_customer(sandbox)
        files = database_files(db)  # while open: the -wal and -shm exist
        assert {p.name for p in files} >= {"desk.sqlite3", "desk.sqlite3-wal", "desk.sqlite3-shm"}
        assert set(modes(files).values()) == {"0o600"}, modes(files)
    finally:
        await sandbox.client.aclose()
    for made in (tmp_path / "made", tmp_path / "made/by", tmp_path / "made/by/sandbox"):
        assert mode(made) == 0o700, made


async def test_a_folder_the_operator_named_keeps_its_mode(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o755)
    sandbox = Sandbox(connect(InProcessSandbox(shared / "team.sqlite3")), "inprocess")
    try:
        await write_customer(sandbox)
    finally:
        await sandbox.client.aclose()
    assert mode(shared) == 0o755
    assert mode(shared / "team.sqlite3") == 0o600


async def test_an_existing_database_left_readable_is_tightened_with_its_journals(tmp_path):
    db = tmp_path / "old.sqlite3"
    sandbox = Sandbox(connect(InProcessSandbox(db)), "inprocess")
    await write_customer(sandbox)
    await sandbox.client.aclose()
    leftover = db.with_name("old.sqlite3-wal")
    leftover.write_bytes(b"")  # as after a killed run of an older version
    for file in (db, leftover):
        file.chmod(0o644)
    sandbox = Sandbox(connect(InProcessSandbox(db, reset=False)), "inprocess")
    try:
        assert (await sandbox.login()).status_code == 200
        assert set(modes(database_files(db)).values()) == {"0o600"}, modes(database_files(db))
    finally:
        await sandbox.client.aclose()


async def test_sandbox_serve_makes_its_default_data_dir_and_files_private(tmp_path, umask):
    home = tmp_path / "home"
    data_home = home / "xdg-data"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "WALLET_TUI_"))}
    env.update(HOME=str(home), XDG_DATA_HOME=str(data_home), PYTHONUNBUFFERED="1")
    process = subprocess.Popen(
        [sys.executable, "-m", "wallet_tui", "sandbox", "serve", "--host", "127.0.0.1",
         "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, umask=umask,
    )
    try:
        url = url_of(process)
        async with httpx.AsyncClient(base_url=url) as client:
            await write_customer(Sandbox(client, "served"))
            db = data_home / "wallet-tui" / "sandbox.sqlite3"
            files = database_files(db)
            assert {p.name for p in files} >= {"sandbox.sqlite3", "sandbox.sqlite3-wal"}
            assert set(modes(files).values()) == {"0o600"}, modes(files)
    finally:
        stop_server(process)
    for made in (home, data_home, data_home / "wallet-tui"):
        assert mode(made) == 0o700, made


async def test_sandbox_serve_tightens_a_data_dir_an_older_version_left_open(tmp_path):
    data_home = tmp_path / "xdg-data"
    own = data_home / "wallet-tui"
    own.mkdir(parents=True)
    own.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "WALLET_TUI_"))}
    env.update(HOME=str(tmp_path), XDG_DATA_HOME=str(data_home), PYTHONUNBUFFERED="1")
    process = subprocess.Popen(
        [sys.executable, "-m", "wallet_tui", "sandbox", "serve", "--host", "127.0.0.1",
         "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )
    try:
        url_of(process)
    finally:
        stop_server(process)
    assert mode(own) == 0o700
    assert mode(own / "sandbox.sqlite3") == 0o600
