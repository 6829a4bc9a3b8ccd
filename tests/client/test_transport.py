"""Connection settings that would expose secrets are refused with a clear message."""

import ssl

import certifi
import pytest

from wallet_tui.client import CaBundleError, InsecureUrl, WalletClient, remote_transport_options


def test_https_verifies_with_the_system_trust_store():
    assert remote_transport_options("https://api.wallet.example") is True


def test_a_ca_bundle_gives_a_tls_context_that_still_verifies():
    context = remote_transport_options("https://api.wallet.example", ca_bundle=certifi.where())
    assert isinstance(context, ssl.SSLContext)
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname


def test_an_unreadable_ca_bundle_is_reported(tmp_path):
    with pytest.raises(CaBundleError, match="missing.pem"):
        remote_transport_options("https://api.wallet.example", ca_bundle=tmp_path / "missing.pem")


@pytest.mark.parametrize("allow", [False, True])
def test_plain_http_to_another_host_is_always_refused(allow):
    with pytest.raises(InsecureUrl, match="api.wallet.example.*https://"):
        remote_transport_options("http://api.wallet.example", allow_plain_http=allow)


@pytest.mark.parametrize("url", ["http://127.0.0.1:8080", "http://localhost:8080", "http://[::1]:8080"])
def test_plain_http_to_this_machine_needs_the_profile_to_allow_it(url):
    with pytest.raises(InsecureUrl, match="allow_plain_http"):
        remote_transport_options(url)
    assert remote_transport_options(url, allow_plain_http=True) is True


def test_tls_verification_cannot_be_switched_off():
    with pytest.raises(InsecureUrl, match="cannot be switched off"):
        remote_transport_options("https://api.wallet.example", verify_tls=False)


@pytest.mark.parametrize("url", ["ftp://api.wallet.example", "api.wallet.example", "https://"])
def test_a_url_that_is_not_http_is_refused(url):
    with pytest.raises(InsecureUrl):
        remote_transport_options(url)


def test_the_client_refuses_plain_http_to_a_remote_host_on_its_own_transport():
    with pytest.raises(InsecureUrl):
        WalletClient(base_url="http://api.wallet.example")
    with pytest.raises(InsecureUrl):
        WalletClient(base_url="https://api.wallet.example", verify=False)


async def test_the_client_talks_plain_http_to_a_local_sandbox():
    async with WalletClient(base_url="http://127.0.0.1:8080") as client:
        assert client.base_url == "http://127.0.0.1:8080"
