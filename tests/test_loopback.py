"""One rule for "this machine": the profile's base URL, the client's transport and
`wallet-tui web` all ask `protocol.hosts.is_loopback`, so a trick that fools one fools none."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from wallet_tui.client import InsecureUrl
from wallet_tui.client.transport import remote_transport_options
from wallet_tui.config import Profile
from wallet_tui.protocol import is_loopback
from wallet_tui.cli import build_parser
from wallet_tui.web.command import web_command

LOOPBACK = ["127.0.0.1", "127.0.0.2", "127.255.255.254", "localhost", "LocalHost", "::1",
            "[::1]", "[::1]".upper()]
NOT_LOOPBACK = [
    "0.0.0.0", "::", "192.168.1.5", "10.0.0.1", "128.0.0.1", "wallet.example.ru",
    "127.0.0.1.evil.example", "localhost.evil.example", "evil.localhost", "127.1",
    "127.0.0.1@evil.example", "", "::ffff:127.0.0.1", "0x7f000001", "2130706433",
]


@pytest.mark.parametrize("host", LOOPBACK)
def test_the_loopback_in_every_spelling_is_this_machine(host):
    assert is_loopback(host)


@pytest.mark.parametrize("host", NOT_LOOPBACK)
def test_names_that_only_look_local_are_not(host):
    assert not is_loopback(host)


def _profile(base_url: str) -> Profile:
    return Profile(name="local", kind="remote", base_url=base_url, client_id="c",
                   partner_id="1", allow_plain_http=True)


@pytest.mark.parametrize("url", ["http://127.0.0.2:8080", "http://[::1]:8080", "http://localhost:1"])
def test_plain_http_to_this_machine_is_allowed_by_the_profile_and_the_client(url):
    assert _profile(url).base_url == url
    assert remote_transport_options(url, allow_plain_http=True) is True


@pytest.mark.parametrize("url", ["http://127.0.0.1.evil.example:8080",
                                 "http://localhost.evil.example", "http://evil.localhost:8080"])
def test_plain_http_to_a_look_alike_is_refused_by_the_profile_and_the_client(url):
    with pytest.raises(ValidationError):
        _profile(url)
    with pytest.raises(InsecureUrl):
        remote_transport_options(url, allow_plain_http=True)


def test_web_refuses_to_listen_on_a_look_alike_name(capsys):
    args = build_parser().parse_args(["web", "--host", "127.0.0.1.evil.example", "--port", "1"])
    assert web_command(args) == 2
    assert "--allow-remote" in capsys.readouterr().err
