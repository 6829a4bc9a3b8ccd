"""The `[keymap]` table of the config file (docs/config.md)."""

from __future__ import annotations

from wallet_tui.config.keymap import read_keymap


def test_valid_entries_are_kept_and_each_bad_one_is_said(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text(
        '[keymap]\n"lookup.recent" = "ctrl+y"\n"app.show.refill" = "F5, ctrl+f"\n'
        '"Not An Id" = "f11"\n"refill.submit" = 3\n'
    )
    reading = read_keymap(config)
    assert reading.keys == {"lookup.recent": "ctrl+y", "app.show.refill": "f5,ctrl+f"}
    problems = [str(problem) for problem in reading.problems]
    assert len(problems) == 2
    assert "'Not An Id'" in problems[0] and "refill.submit" in problems[1]


def test_no_file_no_table_or_a_broken_file_give_nothing(tmp_path):
    assert read_keymap(tmp_path / "missing.toml").keys == {}
    config = tmp_path / "config.toml"
    config.write_text('default_profile = "sandbox"\n')
    assert read_keymap(config).keys == {}
    config.write_text("[keymap\n")
    assert read_keymap(config).keys == {} and read_keymap(config).problems == []
    config.write_text('keymap = "ctrl+y"\n')
    assert len(read_keymap(config).problems) == 1
