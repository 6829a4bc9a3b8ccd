"""`wallet-tui web` serves its owner only: the page and the websocket need this run's secret
and come from the served origin, or no desk is started.

The served app runs in this process on a free loopback port (aiohttp's test server) with a
desk command that only leaves a mark on disk, so "a desk was started" is a file existing."""

from __future__ import annotations

import asyncio
import gc
import shlex
import sys
from pathlib import Path

import aiohttp
import pytest
from aiohttp.test_utils import TestClient, TestServer

from wallet_tui.cli import build_parser
from wallet_tui.web.command import web_command
from wallet_tui.web.owner_only import mask_secret, origin_of
from wallet_tui.web.server import BindRefused, build_server, check_bind

from .browser import free_port

SECRET = "run-secret-0123456789"
EVIL = "http://evil.example"


def _marking_command(mark: Path) -> str:
    return shlex.join([sys.executable, "-c", f"open({str(mark)!r}, 'w').close()"])


@pytest.fixture
async def served(tmp_path):
    """(client, server, mark): the guarded app on 127.0.0.1:<free port>."""
    port = free_port()
    mark = tmp_path / "desk-started"
    server = build_server("127.0.0.1", port, secret=SECRET, command=_marking_command(mark))
    # `_make_app` is what textual-serve's own `serve()` runs; there is no public name for it.
    app = await server._make_app()
    async with TestClient(TestServer(app, host="127.0.0.1", port=port)) as client:
        yield client, server, mark
    # textual-serve never closes a desk's subprocess transport; collected after the loop has
    # closed, it would complain. Collect it while the loop still runs.
    gc.collect()


async def _refused_socket(client, **kwargs) -> int:
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        await client.ws_connect("/ws", **kwargs)
    return refused.value.status


async def _desk_started(mark: Path, timeout: float = 20.0) -> bool:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        if mark.exists():
            return True
        await asyncio.sleep(0.05)
    return False


async def test_a_foreign_page_without_the_secret_never_gets_a_desk(served):
    client, _, mark = served
    assert await _refused_socket(client, headers={"Origin": EVIL}) == 403
    assert not mark.exists()


async def test_a_foreign_page_is_refused_even_holding_the_secret(served):
    client, server, mark = served
    client.session.cookie_jar.update_cookies({server.cookie_name: SECRET})
    status = await _refused_socket(client, params={"secret": SECRET}, headers={"Origin": EVIL})
    assert status == 403
    for origin in ("null", f"http://127.0.0.1:{free_port()}", "http://localhost:1"):
        assert await _refused_socket(client, params={"secret": SECRET},
                                     headers={"Origin": origin}) == 403
    assert not mark.exists()


async def test_the_served_origin_without_the_secret_or_with_a_wrong_one_gets_no_desk(served):
    client, server, mark = served
    assert await _refused_socket(client, headers={"Origin": server.origin}) == 403
    client.session.cookie_jar.update_cookies({server.cookie_name: SECRET + "x"})
    assert await _refused_socket(client, params={"secret": "guess"},
                                 headers={"Origin": server.origin}) == 403
    assert not mark.exists()


async def test_the_owners_page_then_its_websocket_gets_a_desk(served):
    client, server, mark = served
    page = await client.get("/", params={"secret": SECRET})
    assert page.status == 200
    assert page.headers["X-Frame-Options"] == "DENY"
    cookie = page.cookies[server.cookie_name]
    assert cookie.value == SECRET and cookie["httponly"] and cookie["samesite"] == "Strict"
    # As the browser does: the cookie from the page, the Origin of the page, no query secret.
    socket = await client.ws_connect("/ws", headers={"Origin": server.origin})
    try:
        assert await _desk_started(mark)
    finally:
        await socket.close()


async def test_the_page_needs_the_secret_in_its_url(served):
    client, server, _ = served
    for params in ({}, {"secret": "guess"}, {"secret": ""}):
        response = await client.get("/", params=params)
        assert response.status == 403
        assert "secret" in await response.text()
        assert server.cookie_name not in response.cookies
    # A cookie from an earlier visit does not open the page: another site could frame it.
    client.session.cookie_jar.update_cookies({server.cookie_name: SECRET})
    assert (await client.get("/")).status == 403
    foreign = await client.get("/", params={"secret": SECRET}, headers={"Origin": EVIL})
    assert foreign.status == 403


async def test_every_route_but_the_static_files_is_refused_without_the_secret(served):
    client, server, _ = served
    app = client.server.app
    assert server.unguarded_routes(app) == []
    for path in ("/", "/ws", "/download/some-key"):
        assert (await client.get(path)).status == 403, path
    # textual-serve's own JS, CSS and fonts: nothing of the desk's.
    assert (await client.get("/static/js/textual.js")).status == 200


async def test_a_route_nobody_guards_stops_the_server_from_starting(tmp_path):
    from aiohttp import web

    server = build_server("127.0.0.1", free_port(), secret=SECRET, command="true")
    app = await server._make_app()

    async def open_door(request):
        return web.Response(text="desk")

    app.router.add_get("/open", open_door)
    with pytest.raises(RuntimeError, match="GET /open"):
        async with TestClient(TestServer(app)):
            pass


def test_the_printed_url_carries_the_secret_and_a_fresh_one_each_run():
    first = build_server("127.0.0.1", 8123)
    second = build_server("127.0.0.1", 8123)
    assert first.owner_url == f"http://127.0.0.1:8123/?secret={first.secret}"
    assert first.secret != second.secret and len(first.secret) >= 40
    assert build_server("::1", 8123, secret=SECRET).origin == "http://[::1]:8123"


def test_the_access_log_hides_the_secret():
    line = f'127.0.0.1 "GET /?secret={SECRET}&fontsize=20 HTTP/1.1" 200'
    assert SECRET not in mask_secret(line) and "fontsize=20" in mask_secret(line)


def test_origins_compare_as_browsers_write_them():
    assert origin_of("http://127.0.0.1:8000/") == "http://127.0.0.1:8000"
    assert origin_of("HTTP://LocalHost:80") == "http://localhost"
    assert origin_of("null") is None and origin_of("http://h:99999") is None


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "127.0.0.1.evil.example"])
def test_an_address_other_than_this_machine_is_refused_without_allow_remote(host, capsys):
    args = build_parser().parse_args(["web", "--host", host, "--port", str(free_port())])
    assert web_command(args) == 2
    error = capsys.readouterr().err
    assert "--allow-remote" in error and "not this machine" in error


def test_allow_remote_on_a_wildcard_needs_the_url_browsers_use():
    with pytest.raises(BindRefused, match="--public-url"):
        check_bind("0.0.0.0", allow_remote=True, public_url=None)
    check_bind("0.0.0.0", allow_remote=True, public_url="http://192.168.1.20:8000")
    check_bind("192.168.1.20", allow_remote=True, public_url=None)


async def test_a_remote_bind_still_needs_the_secret(tmp_path):
    port = free_port()
    mark = tmp_path / "desk-started"
    server = build_server("0.0.0.0", port, secret=SECRET, command=_marking_command(mark),
                          public_url=f"http://192.168.1.20:{port}")
    app = await server._make_app()
    async with TestClient(TestServer(app, host="127.0.0.1", port=port)) as client:
        assert (await client.get("/")).status == 403
        assert await _refused_socket(client, headers={"Origin": f"http://192.168.1.20:{port}"}) == 403
        assert (await client.get("/", params={"secret": SECRET})).status == 200
    assert not mark.exists()
