"""Any terminal: `--ascii` draws every screen with ASCII only; 16 colours and NO_COLOR keep
idle fields and the focused one visible (wallet_tui/ui/terminal.py, docs/terminals.md).

Update the picture after a deliberate change of looks:
`pytest tests/ui/test_terminals.py --snapshot-update`."""

from __future__ import annotations

import unicodedata

import pytest
from rich.cells import cell_len
from rich.color import Color as RichColor
from rich.color import ColorSystem
from rich.segment import Segment
from rich.style import Style
from textual.widgets import Input

from wallet_tui.cli import build_parser
from wallet_tui.config import ConfigStore
from wallet_tui.sandbox.clock import ManualClock
from wallet_tui.ui.app import WalletApp
from wallet_tui.ui.screens.login import LoginScreen
from wallet_tui.ui.screens.modals import ConfirmModal
from wallet_tui.ui.terminal import AsciiFilter, TerminalTraits, ascii_for, ascii_key, detect_traits

from textual.binding import ActiveBinding, Binding

from wallet_tui.ui.i18n import set_language
from wallet_tui.ui.retranslate import retranslate
from wallet_tui.ui.widgets.footer import FooterItem, fit, key_ranges

from .helpers import drawn_cells, drawn_text, make_app, settle
from .screens_support import (
    SIMPLIFIED_WALLET, Sandbox, look_up, set_faults, show, type_into, withdraw,
)


def screen_text(app: WalletApp) -> str:
    """The screen as drawn, after every line filter (the ASCII one too)."""
    return drawn_text(app)


def cell(app: WalletApp, x: int, y: int) -> tuple[str, Style]:
    return drawn_cells(app)[y][x]


def marks_not_ascii(text: str) -> set[str]:
    """Non-ASCII characters that are not letters, digits or marks of the data (a Cyrillic
    name is the wallet's, not the desk's drawing)."""
    return {ch for ch in text if not ch.isascii() and unicodedata.category(ch)[0] not in "LMN"}


# -- detection and the glyph table -------------------------------------------------------------


@pytest.mark.parametrize(
    ("term", "colours", "no_color", "expected"),
    [
        ("xterm-256color", "truecolor", False, TerminalTraits()),
        ("xterm-256color", "256", False, TerminalTraits()),
        ("xterm", "standard", False, TerminalTraits(few_colours=True)),
        ("linux", "standard", False, TerminalTraits(ascii=True, few_colours=True)),
        ("xterm-256color", "truecolor", True, TerminalTraits(few_colours=True)),
        ("dumb", None, False, TerminalTraits(few_colours=True)),
    ],
)
def test_what_the_terminal_can_show_is_read_from_term_colours_and_no_color(
    term, colours, no_color, expected
):
    assert detect_traits(term, colours, no_color=no_color) == expected


def test_the_ascii_switch_wins_over_the_linux_default():
    assert detect_traits("linux", "standard", no_color=False, ascii=False).ascii is False
    assert detect_traits("xterm-256color", "truecolor", no_color=False, ascii=True).ascii is True


def test_command_line_ascii_switch():
    assert build_parser().parse_args([]).ascii is None
    assert build_parser().parse_args(["--ascii"]).ascii is True
    assert build_parser().parse_args(["--no-ascii"]).ascii is False


def test_the_app_reads_term_when_not_in_test_mode(monkeypatch):
    monkeypatch.delenv("COLORTERM", raising=False)
    monkeypatch.setenv("TERM", "linux")
    linux = WalletApp(lambda profile, **_: None, store=ConfigStore())  # type: ignore[arg-type]
    assert linux.terminal == TerminalTraits(ascii=True, few_colours=True)
    assert linux.has_class("-ascii") and linux.has_class("-few-colours")
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv("COLORTERM", "truecolor")
    rich = WalletApp(lambda profile, **_: None, store=ConfigStore())  # type: ignore[arg-type]
    assert rich.terminal == TerminalTraits()


@pytest.mark.parametrize(
    ("glyph", "ascii"),
    [("╭", "+"), ("─", "-"), ("│", "|"), ("┼", "+"), ("═", "="), ("━", "-"), ("▐", "["),
     ("▌", "]"), ("█", "#"), ("░", "."), ("⭘", "o"), ("…", "."), ("—", "-"), ("₽", "R"),
     ("→", ">"), ("↑", "^"), ("⏳", ".."), ("\u00a0", " ")],
)
def test_each_glyph_has_an_ascii_stand_in_as_wide_as_itself(glyph, ascii):
    assert ascii_for(glyph) == ascii
    assert cell_len(ascii) == cell_len(glyph)


def test_letters_of_the_data_are_kept_and_unplanned_glyphs_are_noted():
    ascii_filter = AsciiFilter()
    line = [Segment("Борис ★ ✈ 25 000,00 ₽")]
    [segment] = ascii_filter.apply(line, background=None)  # type: ignore[arg-type]
    assert segment.text == "Борис * ? 25 000,00 R"
    assert ascii_filter.table.unplanned == {"✈"}


def test_footer_keys_are_spelled_in_ascii():
    assert (ascii_key("⏎"), ascii_key("^r"), ascii_key("↑↓")) == ("Enter", "^r", "UpDown")


# -- every screen with --ascii -----------------------------------------------------------------


async def test_every_screen_is_drawn_with_ascii_only(tmp_path):
    app = make_app(Sandbox(tmp_path / "sandbox.sqlite3").connect, ascii=True)
    seen: dict[str, set[str]] = {}

    def look(name: str) -> None:
        seen[name] = marks_not_ascii(screen_text(app))

    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        app.notify("Saved to ~/exchanges.json", title="Saved", timeout=30)
        app.notify("The theme is broken", title="Theme", severity="error", timeout=30)
        await settle(pilot)
        look("login with notifications")
        app.clear_notifications()
        await pilot.press("ctrl+o")
        await settle(pilot)
        look("profile editor")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
        await pilot.press("enter")
        await settle(pilot)
        await look_up(pilot, SIMPLIFIED_WALLET)
        look("lookup")
        await pilot.press("ctrl+r")
        await settle(pilot)
        look("recent wallets")
        await pilot.press("escape")
        for name in ("registration", "identification", "withdrawal", "console", "demo"):
            await show(pilot, name)
            look(name)
        await show(pilot, "refill")
        await type_into(pilot, "refill-amount", "100")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        look("refill confirmation")
        await pilot.press("n")
        await show(pilot, "payment")
        await type_into(pilot, "pay-amount", "100")
        await pilot.press("enter")
        await settle(pilot)
        look("payment step 2")
        await show(pilot, "lookup")
        await pilot.press("f9")
        await settle(pilot)
        look("inspector")
        await pilot.press("ctrl+p")
        await settle(pilot)
        look("palette")
        unplanned = app.ascii_filter.table.unplanned
        await app.gateway.aclose()
    assert {name: marks for name, marks in seen.items() if marks} == {}
    assert unplanned == set(), "glyphs drawn as '?': give them a stand-in in terminal.GLYPHS"


def test_lookup_in_ascii_at_80x24(snap_compare, tmp_path):
    app = make_app(Sandbox(tmp_path / "sandbox.sqlite3", ManualClock()).connect, ascii=True)

    async def looked_up(pilot) -> None:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await look_up(pilot, SIMPLIFIED_WALLET)

    assert snap_compare(app, terminal_size=(80, 24), run_before=looked_up)


# -- the footer at 80 columns -------------------------------------------------------------------


def footer_text(app: WalletApp) -> str:
    return screen_text(app).split("\n")[-1]


# The screen's main key and its words, and what the inspector key says, in each language.
FOOTER_WORDS = {
    "en": {"login": "Log in", "profiles": "Save", "lookup": "Look up",
           "registration": "Register", "identification": "Set level", "refill": "Refill",
           "payment": "Initiate", "payment step 2": "Confirm", "withdrawal": "Withdraw",
           "withdrawal following": "Stop following", "console": "Send", "demo": "Send step",
           "inspector": "Inspector"},
    "ru": {"login": "Войти", "profiles": "Сохранить", "lookup": "Найти",
           "registration": "Регистрация", "identification": "Сменить уровень",
           "refill": "Пополнить", "payment": "Создать", "payment step 2": "Подтвердить",
           "withdrawal": "Вывести", "withdrawal following": "Не следить",
           "console": "Отправить", "demo": "Отправить шаг", "inspector": "Обмены"},
}


@pytest.mark.parametrize(
    ("ascii", "language"),
    [(False, "en"), (True, "en"), (True, "ru")],
    ids=["normal", "ascii", "ascii-russian"],
)
async def test_at_80x24_every_footer_keeps_f9_and_the_main_key(tmp_path, ascii, language):
    """Issue 3: nothing important may be cut at 80x24. Textual's footer cut "F9 Inspector"
    (and in ASCII mode, where Enter is five letters, more)."""
    app = make_app(Sandbox(tmp_path / "sandbox.sqlite3").connect, ascii=ascii)
    enter = "Enter" if ascii else "⏎"
    main_keys = {"login": "^s", "profiles": "^s", "console": "^s", "payment step 2": "y",
                 "withdrawal following": "esc"}
    words = FOOTER_WORDS[language]
    footers: dict[str, str] = {}

    async def look(name: str) -> None:
        if language != "en":
            retranslate([app.screen])
            await settle(pilot)
        footers[name] = footer_text(app)

    async with app.run_test(size=(80, 24)) as pilot:
        set_language(language)
        await settle(pilot)
        await look("login")
        await pilot.press("ctrl+o")
        await settle(pilot)
        await look("profiles")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await look_up(pilot, SIMPLIFIED_WALLET)
        await look("lookup")
        for name in ("registration", "identification", "refill", "payment", "withdrawal",
                     "console", "demo"):
            await show(pilot, name)
            await look(name)
        await show(pilot, "payment")
        await type_into(pilot, "pay-amount", "100")
        await pilot.press("enter")
        await settle(pilot)
        await look("payment step 2")
        await set_faults(app, withdrawal_settle_seconds=600)
        await show(pilot, "withdrawal")
        await withdraw(pilot, "100000000111", "100")
        await look("withdrawal following")
        await app.gateway.aclose()
    cut = {
        name: footer for name, footer in footers.items()
        if f"{main_keys.get(name, enter)} {words[name]}" not in footer
        or f"F9 {words['inspector']}" not in footer
    }
    assert cut == {}, "footers missing F9 or the screen's main key:\n" + "\n".join(
        f"{name}: {footer}" for name, footer in cut.items())


async def test_the_footer_fits_again_when_the_terminal_narrows(tmp_path):
    app = make_app(Sandbox(tmp_path / "sandbox.sqlite3").connect)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await look_up(pilot, SIMPLIFIED_WALLET)
        wide = footer_text(app)
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        narrow = footer_text(app)
        await app.gateway.aclose()
    assert "F2 F3 F4 F5 F6 F7 F8 F12 screens" in wide and "F9 Inspector" in wide
    assert "F2-F8 F12 screens" in narrow and "F9 Inspector" in narrow


def test_screen_keys_read_as_ranges():
    assert key_ranges(("F2", "F3", "F4", "F5", "F6", "F7", "F8", "F12")) == "F2-F8 F12"
    assert key_ranges(("F2", "F4", "F5")) == "F2 F4-F5"
    assert key_ranges(("^r", "F2")) == "^r F2"


def test_the_footer_gives_up_the_least_important_first():
    def item(key: str, words: str, role: str) -> FooterItem:
        active = ActiveBinding(None, Binding(key, "act", words), True)  # type: ignore[arg-type]
        return FooterItem((active,), (key,), words, role)

    screens = FooterItem(
        tuple(ActiveBinding(None, Binding(k, "go", ""), True)  # type: ignore[arg-type]
              for k in ("F2", "F3", "F4")), ("F2", "F3", "F4"), "screens", "screens")
    items = [item("Enter", "Withdraw", "main"), item("r", "Follow again", "screen"),
             item("n", "New withdrawal", "screen"), item("^q", "Quit", "quit"), screens,
             item("F9", "Inspector", "inspector")]
    palette = item("^p", "palette", "palette")

    def shown(width: int) -> str:
        kept, kept_palette = fit(items, palette, width)
        return " | ".join(f"{i.key_display} {i.description}".strip()
                          for i in [*kept, *([kept_palette] if kept_palette else [])])

    # Widths as Textual lays them out: " key words " each, the group "F2 F3 F4 screens ".
    assert shown(200) == ("Enter Withdraw | r Follow again | n New withdrawal | ^q Quit | "
                          "F2 F3 F4 screens | F9 Inspector | ^p palette")
    assert shown(100) == ("Enter Withdraw | r Follow again | n New withdrawal | ^q Quit | "
                          "F2-F4 screens | F9 Inspector | ^p palette")
    assert shown(91) == ("Enter Withdraw | r Follow again | n New withdrawal | "
                         "F2-F4 screens | F9 Inspector | ^p palette")
    assert shown(83) == ("Enter Withdraw | r Follow again | n New withdrawal | "
                         "F2-F4 screens | F9 Inspector | ^p")
    assert shown(75) == ("Enter Withdraw | r Follow again | n New withdrawal | F2-F4 | "
                         "F9 Inspector | ^p")
    assert shown(60) == "Enter Withdraw | r Follow again | F2-F4 | F9 Inspector | ^p"
    assert shown(40) == "Enter Withdraw | F2-F4 | F9 | ^p"
    assert shown(10) == "Enter Withdraw | F2-F4 | F9 | ^p"


# -- few colours and NO_COLOR --------------------------------------------------------------------


def in_16_colours(style: Style, *, background: bool = False) -> int | None:
    colour = style.bgcolor if background else style.color
    assert colour is not None
    return RichColor.from_triplet(colour.get_truecolor()).downgrade(ColorSystem.STANDARD).number


def top_edge(app: WalletApp, field: Input) -> Style:
    """The style of the middle of a field's top border."""
    region = field.region
    return cell(app, region.x + region.width // 2, region.y)[1]


def idle_and_focused_inputs(app: WalletApp) -> tuple[Input, Input]:
    focused = app.screen.focused
    assert isinstance(focused, Input)
    idle = next(i for i in app.screen.query(Input) if i is not focused and i.region.area)
    return idle, focused


@pytest.mark.parametrize("few_colours", [False, True])
async def test_in_16_colours_an_idle_field_keeps_an_edge(tmp_path, few_colours):
    """TERM=xterm: rich sends the nearest of 16 colours. The theme's idle edge is a shade of
    the surface and lands on the screen's own black; the few-colours edge does not."""
    app = make_app(Sandbox(tmp_path / "sandbox.sqlite3").connect, few_colours=few_colours)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        idle, _ = idle_and_focused_inputs(app)
        edge = in_16_colours(top_edge(app, idle))
        screen = in_16_colours(cell(app, 0, 12)[1], background=True)
    assert (edge != screen) is few_colours


async def test_no_color_keeps_the_focused_field_visible(tmp_path, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(Sandbox(tmp_path / "sandbox.sqlite3").connect)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.no_color and app.terminal.few_colours
        idle, focused = idle_and_focused_inputs(app)

        def text_style(field: Input) -> Style:
            region = field.content_region
            return cell(app, region.x + 1, region.y)[1]

        # Bold text in the focused field only: a cue that needs no colour at all.
        assert text_style(focused).bold and not text_style(idle).bold
        # And in 16 greys the two edges stay apart, neither on the screen's black.
        edges = {in_16_colours(top_edge(app, idle)), in_16_colours(top_edge(app, focused))}
        screen = in_16_colours(cell(app, 0, 12)[1], background=True)
        assert len(edges) == 2 and screen not in edges
