"""UI tests: each leaves the interface in English (HOME, XDG and keyring: tests/conftest.py)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def english_after_each_test():
    """The interface language is the process's: a test that switched it leaves English."""
    yield
    from wallet_tui.ui.i18n import set_language

    set_language("en")
