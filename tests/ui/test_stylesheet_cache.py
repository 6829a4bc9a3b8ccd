"""Parsed stylesheets kept between runs (ui/stylesheet_cache.py): a second start draws the
same login without parsing CSS again, and a broken, foreign or other-theme cache never
changes what is drawn."""

from __future__ import annotations

import argparse
import pickle

from wallet_tui.cli import run_app
from wallet_tui.config import AppPaths
from wallet_tui.ui.stylesheet_cache import CACHE_NAME


def start_once() -> tuple[str, int, int]:
    """One real start through `run_app`: the login as drawn, and how many rule lists were
    parsed and how many taken from the cache."""
    seen: dict[str, object] = {}

    async def operator(pilot):
        # Settled: the keyring probe after the first paint has reported.
        await pilot.pause(0.3)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause(0.3)
        parsed_rules = pilot.app.stylesheet.parsed_rules
        seen["parsed"], seen["reused"] = parsed_rules.parsed, parsed_rules.reused
        seen["screen"] = pilot.app.export_screenshot()
        pilot.app.exit()

    assert run_app(argparse.Namespace(profile=None, reset=False), auto_pilot=operator,
                   headless=True) == 0
    return str(seen["screen"]), int(seen["parsed"]), int(seen["reused"])


def cache_file():
    return AppPaths.from_env().cache_dir / CACHE_NAME


def set_theme(name: str) -> None:
    config = AppPaths.from_env().config_file
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(f'[preferences]\ntheme = "{name}"\n', encoding="utf-8")


def test_the_second_start_draws_the_same_login_from_the_cache():
    first_screen, first_parsed, first_reused = start_once()
    assert first_parsed > 0 and first_reused == 0
    assert cache_file().is_file()
    assert cache_file().stat().st_mode & 0o077 == 0, "the cache is the user's alone"

    second_screen, second_parsed, second_reused = start_once()
    assert second_parsed == 0, "a second start parsed CSS again"
    assert second_reused > 0
    assert second_screen == first_screen


def test_a_broken_cache_file_is_ignored_and_written_anew():
    reference, _, _ = start_once()
    cache_file().write_bytes(b"\x80\x05 not a pickle")

    screen, parsed, reused = start_once()
    assert screen == reference
    assert parsed > 0 and reused == 0
    _, parsed_after, _ = start_once()
    assert parsed_after == 0, "the broken file was not replaced by a good one"


def test_a_cache_made_by_another_textual_is_not_used():
    reference, _, _ = start_once()
    made_by, entries = pickle.loads(cache_file().read_bytes())
    cache_file().write_bytes(pickle.dumps((("another textual",), entries)))

    screen, parsed, reused = start_once()
    assert screen == reference
    assert reused == 0 and parsed > 0


def test_rules_cached_under_one_theme_are_not_drawn_under_another():
    dark_screen, _, _ = start_once()  # the default theme: wallet-dark
    set_theme("wallet-light")
    light_from_warm_cache, parsed, _ = start_once()
    assert parsed > 0, "the light theme's rules cannot have been in the cache"

    cache_file().unlink()
    light_from_cold_cache, _, _ = start_once()
    assert light_from_warm_cache == light_from_cold_cache
    assert light_from_warm_cache != dark_screen
