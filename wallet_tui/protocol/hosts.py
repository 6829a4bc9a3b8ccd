"""Which hosts are this machine: the one rule for plain http (a profile's base URL, the
client's transport) and for where `wallet-tui web` may listen without being asked.

A host counts only when it is literally the loopback: `localhost`, an address in
127.0.0.0/8 written in dotted decimal, or `::1` (bracketed or not). A name that merely starts
like one (`127.0.0.1.evil.example`, `localhost.evil.example`) is a name that DNS answers for,
so it is not; nor are `*.localhost` names, which the system's resolver may send anywhere, nor
other spellings (`0x7f000001`, `127.1`, `::ffff:127.0.0.1`) that some resolvers read one way
and others another: refusing them costs nobody anything."""

from __future__ import annotations

import ipaddress

LOCALHOST = "localhost"


def is_loopback(host: str) -> bool:
    host = host.strip()
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    host = host.lower()
    if host in (LOCALHOST, LOCALHOST + "."):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
