"""The wire and nothing else: paths, headers, models, money, phones, levels, error codes,
which hosts are this machine (where plain http may go).

Imports no other room of wallet_tui.

Every name is loaded when first asked for (`from wallet_tui.protocol import X` works as
before): the pydantic models cost more than a tenth of a second to build, and the desk's
login screen needs only `wire` and the error classes before its first paint."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from . import errors, hosts, levels, models, money, phone, tariffs, wire
    from .errors import *  # noqa: F403
    from .errors import ApiError, ErrorName, error_from_body
    from .hosts import is_loopback
    from .levels import LIMITS, Identification, LevelLimits, limits_of
    from .models import *  # noqa: F403
    from .money import (
        MAX_OPERATION_AMOUNT,
        Amount,
        AmountError,
        Money,
        format_rub,
        format_wire,
        parse_amount,
        quantize,
    )
    from .phone import Phone, PhoneError, format_phone, parse_phone
    from .tariffs import payment_fee, withdrawal_fee

SUBMODULES = ("wire", "errors", "hosts", "levels", "models", "money", "phone", "tariffs")
# Names taken from a module by name (the rest of `errors` and `models` is taken whole).
NAMED: dict[str, str] = {
    **dict.fromkeys(("LIMITS", "Identification", "LevelLimits", "limits_of"), "levels"),
    **dict.fromkeys(
        ("MAX_OPERATION_AMOUNT", "Amount", "AmountError", "Money", "format_rub", "format_wire",
         "parse_amount", "quantize"),
        "money",
    ),
    **dict.fromkeys(("Phone", "PhoneError", "format_phone", "parse_phone"), "phone"),
    **dict.fromkeys(("payment_fee", "withdrawal_fee"), "tariffs"),
    "is_loopback": "hosts",
}
WHOLE = ("errors", "models")  # the light one first: an error class must not load pydantic


def _submodule(name: str) -> Any:
    return importlib.import_module(f"{__name__}.{name}")


def _public(module: Any) -> list[str]:
    return [name for name in vars(module) if not name.startswith("_")]


def __getattr__(name: str) -> Any:
    if name == "__all__":
        names = sorted({*SUBMODULES, *NAMED, *(n for m in WHOLE for n in _public(_submodule(m)))})
        globals()["__all__"] = names
        return names
    if name.startswith("__"):
        raise AttributeError(name)
    if name in SUBMODULES:
        value = _submodule(name)
    elif name in NAMED:
        value = getattr(_submodule(NAMED[name]), name)
    else:
        for module_name in WHOLE:
            module = _submodule(module_name)
            if not name.startswith("_") and name in vars(module):
                value = vars(module)[name]
                break
        else:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return [*globals(), *__getattr__("__all__")]
