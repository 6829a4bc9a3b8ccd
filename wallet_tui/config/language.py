"""The interface language: the operator's choice, else the system locale's. No pydantic
here: the language is set before the login's first paint."""

from __future__ import annotations

import locale
import os
from collections.abc import Mapping
from typing import Any, Literal

Language = Literal["ru", "en"]
LANGUAGES: tuple[Language, ...] = ("ru", "en")


def system_language(env: Mapping[str, str] | None = None) -> Language:
    """The interface language when the operator has not chosen one: Russian for a
    Russian locale, English otherwise."""
    env = os.environ if env is None else env
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = env.get(variable, "")
        if value:
            return "ru" if value.lower().startswith("ru") else "en"
    try:
        code = locale.getlocale()[0] or ""
    except ValueError:
        code = ""
    return "ru" if code.lower().startswith("ru") else "en"


def effective_language(settings: Any, env: Mapping[str, str] | None = None) -> Language:
    """`settings`: the `Settings`, or the `ConfigPreview` the first paint is drawn from."""
    return settings.language or system_language(env)
