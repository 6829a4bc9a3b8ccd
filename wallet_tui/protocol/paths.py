"""Every operation's path template, and a table of them a profile may override.

The seed's spelling (`wifhdrawal` included) is the default. A partner whose provider spells
a path differently overrides that operation's template in a profile: same placeholders, a
path on the same host (no scheme, no host, no query), starting with `/`."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from urllib.parse import quote

# Placeholders, named as the provider's note names them.
WALLET_ID = "walletId"
LEVEL = "Identified"
PAYMENT_ID = "paymentId"
WITHDRAWAL_ID = "withdrawalId"

_PREFIX = "/api/wallet/v1/account"

# Operation names (the keys of a profile's [paths] table) and the seed's templates.
DEFAULT_TEMPLATES: Mapping[str, str] = MappingProxyType({
    "token": "/api/auth/v1/token",
    "registration": f"{_PREFIX}/registration",
    "wallet": f"{_PREFIX}/{{{WALLET_ID}}}",
    "wallet_by_phone": _PREFIX,
    "operations": f"{_PREFIX}/{{{WALLET_ID}}}/operations",
    "identification": f"{_PREFIX}/{{{WALLET_ID}}}/identification/{{{LEVEL}}}",
    "refill": f"{_PREFIX}/{{{WALLET_ID}}}/refill",
    "payment_initialization": f"{_PREFIX}/{{{WALLET_ID}}}/payment/initialization",
    "payment_confirmation": f"{_PREFIX}/{{{WALLET_ID}}}/payment",
    "payment": f"{_PREFIX}/{{{WALLET_ID}}}/payment/{{{PAYMENT_ID}}}",
    "banks": f"{_PREFIX}/wifhdrawal/bank",
    "withdrawal_create": f"{_PREFIX}/{{{WALLET_ID}}}/wifhdrawal",
    "withdrawal": f"{_PREFIX}/{{{WALLET_ID}}}/wifhdrawal/{{{WITHDRAWAL_ID}}}",
})
OPERATIONS = tuple(DEFAULT_TEMPLATES)

_PLACEHOLDER = re.compile(r"{([^{}]*)}")
# What a path may hold besides placeholders: RFC 3986 path characters, no '?' or '#'.
_PATH_TEXT = re.compile(r"^[A-Za-z0-9._~!$&'()*+,;=:@%/-]*$")


def placeholders(template: str) -> list[str]:
    return _PLACEHOLDER.findall(template)


class PathTemplateError(ValueError):
    """An override that is not a usable path template. `operation` names the one it is for,
    `kind` the rule it breaks (the config room says each kind in the desk's language), and
    the message says it in plain English."""

    def __init__(self, operation: str, kind: str, problem: str) -> None:
        super().__init__(f"{operation}: {problem}")
        self.operation = operation
        self.kind = kind
        self.problem = problem


def check_template(operation: str, template: object) -> str:
    """The template, stripped, when it may stand in for the operation's default one."""
    if operation not in DEFAULT_TEMPLATES:
        raise PathTemplateError(
            operation, "operation", "no such operation; known ones: " + ", ".join(OPERATIONS)
        )
    if not isinstance(template, str):
        raise PathTemplateError(operation, "type", "a path in quotes is expected")
    template = template.strip()
    default = DEFAULT_TEMPLATES[operation]
    expected = placeholders(default)
    if "://" in template or template.startswith("//"):
        raise PathTemplateError(operation, "host", "a path only, without a scheme or host")
    if not template.startswith("/"):
        raise PathTemplateError(operation, "slash", f"must start with /, like {default}")
    if "?" in template or "#" in template:
        raise PathTemplateError(operation, "query",
                                "must not carry a query (?...) or a fragment (#...)")
    found = placeholders(template)
    if sorted(found) != sorted(expected) or len(set(found)) != len(found):
        want = ", ".join(f"{{{name}}}" for name in expected) or "none"
        raise PathTemplateError(operation, "placeholders",
                                f"must hold exactly the placeholders {want}, as {default} does")
    literal = _PLACEHOLDER.sub("", template)
    if "{" in literal or "}" in literal or not _PATH_TEXT.match(literal) or "/../" in f"{literal}/":
        raise PathTemplateError(operation, "characters", "holds characters a path cannot carry")
    return template


def _segment(value: str) -> str:
    # Opaque ids go into the path; never let one smuggle a slash or a query in.
    return quote(value, safe="")


@dataclass(frozen=True)
class PathTable:
    """The path of each operation: the seed's, less what `overrides` respells."""

    overrides: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        checked = {name: check_template(name, value) for name, value in self.overrides.items()}
        object.__setattr__(self, "overrides", MappingProxyType(checked))

    def template(self, operation: str) -> str:
        return self.overrides.get(operation) or DEFAULT_TEMPLATES[operation]

    def is_overridden(self, operation: str) -> bool:
        return operation in self.overrides

    def path(self, operation: str, **values: str) -> str:
        """The operation's path with each placeholder filled, every value quoted as one
        segment."""
        template = self.template(operation)
        return _PLACEHOLDER.sub(lambda match: _segment(values[match.group(1)]), template)

    def rows(self) -> list[tuple[str, str, bool]]:
        """(operation, template, overridden) for every operation, in the contract's order."""
        return [(name, self.template(name), name in self.overrides) for name in OPERATIONS]


DEFAULT_PATHS = PathTable()
