"""Choosing how to connect to a remote server without exposing secrets.

Tokens and the client secret travel in every exchange, so plain http is refused except
to this machine (and there only when asked for), and TLS verification is never off: a
private CA is trusted by naming its bundle, not by switching the check off."""

from __future__ import annotations

import ssl
from pathlib import Path

import httpx

from wallet_tui.protocol.hosts import is_loopback

from .errors import CaBundleError, InsecureUrl


def tls_context(ca_bundle: str | Path) -> ssl.SSLContext:
    path = Path(ca_bundle).expanduser()
    try:
        return ssl.create_default_context(cafile=str(path))
    except (OSError, ssl.SSLError) as error:
        raise CaBundleError(f"Cannot use the CA bundle {path}: {error}") from error


def remote_transport_options(
    base_url: str,
    *,
    verify_tls: bool = True,
    ca_bundle: str | Path | None = None,
    allow_plain_http: bool = False,
) -> bool | ssl.SSLContext:
    """What to pass as ``verify`` to an httpx transport for ``base_url``; raises
    InsecureUrl for a setting that would send secrets unprotected."""
    url = httpx.URL(base_url)
    if url.scheme not in ("http", "https") or not url.host:
        raise InsecureUrl(f"{base_url!r} is not an http(s) URL with a host")
    if not verify_tls:
        raise InsecureUrl(
            "TLS verification cannot be switched off: tokens and the client secret would be "
            "open to anyone in the middle. Name the server's CA bundle instead."
        )
    if url.scheme == "http":
        if not is_loopback(url.host):
            raise InsecureUrl(
                f"Plain http to {url.host} would send the client secret and tokens "
                "unencrypted; use https:// (plain http is allowed to this machine only)."
            )
        if not allow_plain_http:
            raise InsecureUrl(
                f"Plain http to {url.host} is refused unless the profile allows plain http "
                "(allow_plain_http), e.g. for a sandbox served on this machine."
            )
    if ca_bundle:
        return tls_context(ca_bundle)
    return True


def remote_transport(
    base_url: str,
    *,
    verify_tls: bool = True,
    ca_bundle: str | Path | None = None,
    allow_plain_http: bool = False,
) -> httpx.AsyncHTTPTransport:
    """A network transport for ``base_url`` after the checks above. Retries are the
    client's (it knows which calls are safe to repeat), so the transport makes none."""
    verify = remote_transport_options(
        base_url, verify_tls=verify_tls, ca_bundle=ca_bundle, allow_plain_http=allow_plain_http
    )
    return httpx.AsyncHTTPTransport(verify=verify, retries=0)
