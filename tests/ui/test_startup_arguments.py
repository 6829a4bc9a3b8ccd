"""Plain `wallet-tui [options]` is parsed without building every command's parser (a
start-up cost), and means exactly what the full parser makes of it, mistakes included."""

from __future__ import annotations

import pytest

from wallet_tui.cli import build_parser, parse_arguments

SAME_MEANING = [
    [],
    ["--profile", "staging"],
    ["--profile=staging", "--reset"],
    ["--prof", "staging"],  # argparse's abbreviations
    ["--reset", "--profile", "paths"],  # a command's name as a value
    ["--profile", "x", "paths"],
    ["paths"],
    ["demo", "--auto"],
    ["--profile", "a", "web", "--port", "8123"],
]
MISTAKES = [
    ["--profile"],
    ["--nonsense"],
    ["stray"],
    ["--profile", "x", "extra"],
    ["-h"],
    ["--hel"],
]


@pytest.mark.parametrize("argv", SAME_MEANING)
def test_the_quick_parse_means_what_the_full_parser_means(argv):
    assert parse_arguments(argv) == build_parser().parse_args(argv)


@pytest.mark.parametrize("argv", MISTAKES)
def test_help_and_mistakes_are_answered_by_the_full_parser(argv, capsys):
    with pytest.raises(SystemExit) as full:
        build_parser().parse_args(argv)
    expected = capsys.readouterr()
    with pytest.raises(SystemExit) as quick:
        parse_arguments(argv)
    assert quick.value.code == full.value.code
    assert capsys.readouterr() == expected
    if argv[0].startswith("-h") or argv[0] == "--hel":
        assert "paths" in expected.out, "help lists the commands"
