"""What the terminal can show, and the ASCII mode for terminals that show little.

Two traits, decided once at start-up (cli.py passes `--ascii` / `--no-ascii`; the rest is read
from TERM, the colours rich detects, and NO_COLOR):

- `ascii`: borders, bars and marks drawn with ASCII only. On with `--ascii`, and by default on
  the Linux console (`TERM=linux`), whose fonts lack Textual's eighth blocks, rounded corners,
  the header's circle and the like. The app carries the CSS class `-ascii` (`ascii.tcss` turns
  the half-block borders of fields, lists and buttons into `+-|` boxes) and draws through
  `AsciiFilter`, which replaces every other non-ASCII glyph cell for cell.
- `few_colours`: 16 colours or fewer (`TERM=xterm`, `TERM=linux`) or NO_COLOR. The theme tells
  an idle field from the screen by shades that all land on black there; the app carries
  `-few-colours` (`few_colours.tcss`) and `terminal_variables` changes the idle edge and the
  highlight colours.

docs/terminals.md has what was seen in tmux and why each choice."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from rich.cells import cell_len
from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

RICH_COLOUR_SYSTEMS = ("256", "truecolor")  # rich's names of the systems that are not "few"


@dataclass(frozen=True)
class TerminalTraits:
    ascii: bool = False
    few_colours: bool = False


def detect_traits(
    term: str, colour_system: str | None, *, no_color: bool, ascii: bool | None = None
) -> TerminalTraits:
    """`colour_system` is rich's name for what the terminal shows (the app console's
    `color_system`); `ascii=None` means: on for the Linux console only."""
    if ascii is None:
        ascii = term == "linux"
    few = no_color or colour_system not in RICH_COLOUR_SYSTEMS
    return TerminalTraits(ascii=ascii, few_colours=few)


def terminal_variables(variables: Mapping[str, str], traits: TerminalTraits) -> dict[str, str]:
    """The theme's CSS variables this terminal needs changed (empty when none).

    ASCII or few colours: idle fields get an edge half-way between background and foreground,
    which lands on grey in 16 colours, never on the background's black (the theme's own is a
    shade of the surface, and vanishes). Few colours: the highlighted row of a table or list
    is drawn in foreground and background swapped, the bar every terminal can show; a list
    without focus keeps its row grey and underlined (the Linux console has no grey
    background, so the underline is what shows there)."""
    if not (traits.ascii or traits.few_colours):
        return {}
    background = Color.parse(variables["background"])
    foreground = Color.parse(variables["foreground"])
    idle = background.blend(foreground, 0.5).hex
    changes = {"border-blurred": idle}
    if traits.few_colours:
        changes |= {
            "block-cursor-background": foreground.hex,
            "block-cursor-foreground": background.hex,
            "block-cursor-text-style": "bold",
            "block-cursor-blurred-background": idle,
            "block-cursor-blurred-foreground": foreground.hex,
            "block-cursor-blurred-text-style": "underline",
        }
    return changes


# -- ASCII glyphs ---------------------------------------------------------------------------

# One replacement per glyph, as many cells wide as the glyph (the layout is already made).
GLYPHS: dict[str, str] = {
    # Textual's toggle buttons draw ▐X▌: a checkbox reads [X].
    "▐": "[", "▌": "]",
    # tall and key borders, vkey, scrollbar ends
    "▊": "|", "▋": "|", "▍": "|", "▎": "|", "▏": "|", "▕": "|", "▉": "|",
    "▔": "-", "▁": "_", "▀": "-", "▄": "_",
    # a scrollbar's thumb ends where it sits between cells: the colours show it
    "▂": " ", "▃": " ", "▅": " ", "▆": " ", "▇": " ",
    # quadrants: the corners of `outer` and `inner` borders
    "▖": "+", "▗": "+", "▘": "+", "▙": "+", "▚": "+", "▛": "+", "▜": "+", "▝": "+", "▞": "+",
    "▟": "+",
    # bars (wallet card, demo progress)
    "█": "#", "▓": "#", "▒": ":", "░": ".", "■": "#", "□": ".",
    # marks
    "⭘": "o", "●": "*", "○": "o", "◉": "*", "◆": "*", "◇": "o", "•": "*", "∙": ".",
    "▲": "^", "▼": "v", "△": "^", "▽": "v", "▶": ">", "►": ">", "▸": ">", "◀": "<",
    "◄": "<", "◂": "<", "✔": "v", "✓": "v", "✘": "x", "✗": "x", "✕": "x", "✖": "x",
    "★": "*", "☆": "*", "↺": "@", "↻": "@", "⏎": "<", "⏳": "..", "⌛": "..", "🔎": "> ",
    "🔍": "> ",
    # punctuation
    "…": ".", "·": ".", "—": "-", "–": "-", "−": "-", "‒": "-", "―": "-", "‐": "-",
    "‘": "'", "’": "'", "‚": ",", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"',
    "≈": "~", "×": "x", "÷": "/", "±": "+", "≤": "<", "≥": ">", "≠": "#", "°": "o",
    "№": "N", "₽": "R", "€": "E", "£": "L", "§": "S", "¶": "P", "©": "c", "®": "r",
}


def ascii_for(char: str) -> str | None:
    """The ASCII replacement of one non-ASCII character, or None to keep it: letters,
    digits and combining marks are the data's (a Cyrillic name stays Cyrillic)."""
    if char in GLYPHS:
        return GLYPHS[char]
    category = unicodedata.category(char)
    if category[0] in "LNM":
        return None
    width = max(cell_len(char), 1)
    if category == "Zs":
        return " " * width
    name = unicodedata.name(char, "")
    if name.startswith("BOX DRAWINGS"):
        return _box_drawing(name)
    if "ARROW" in name:
        for word, mark in (("LEFT", "<"), ("RIGHT", ">"), ("UP", "^"), ("DOWN", "v")):
            if word in name:
                return mark.ljust(width)
    if name.startswith("BRAILLE"):
        return ".".ljust(width)
    return "?" * width


def _box_drawing(name: str) -> str:
    words = set(name.replace("BOX DRAWINGS", "").split())
    if "DIAGONAL" in words:
        return "X" if "CROSS" in words else ("/" if "UPPER RIGHT" in name else "\\")
    across = bool(words & {"HORIZONTAL", "LEFT", "RIGHT"})
    along = bool(words & {"VERTICAL", "UP", "DOWN"})
    if across and not along:
        return "=" if "DOUBLE" in words else "-"
    if along and not across:
        return "|"
    return "+"


class AsciiTable(dict[int, str]):
    """A `str.translate` table filled on demand; `unplanned` collects the glyphs that had no
    chosen replacement and were drawn as `?` (the tests want it empty)."""

    def __init__(self) -> None:
        super().__init__()
        self.unplanned: set[str] = set()

    def __missing__(self, code: int) -> str:
        char = chr(code)
        replacement = char if char.isascii() else ascii_for(char)
        if replacement is None:
            replacement = char  # the data's letters stay
        elif replacement.strip("?") == "" and char not in GLYPHS:
            self.unplanned.add(char)
        self[code] = replacement
        return replacement


class AsciiFilter(LineFilter):
    """Draws every non-ASCII glyph cell for cell with ASCII; styles are kept."""

    def __init__(self, enabled: bool = True) -> None:
        super().__init__(enabled)
        self.table = AsciiTable()

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        table = self.table
        return [
            segment if segment.control or segment.text.isascii()
            else Segment(segment.text.translate(table), segment.style, segment.control)
            for segment in segments
        ]


KEY_WORDS = {"⏎": "Enter", "↑": "Up", "↓": "Down", "←": "Left", "→": "Right", "⇥": "Tab",
             "⌫": "Bksp", "⇞": "PgUp", "⇟": "PgDn"}


def ascii_key(display: str) -> str:
    """A footer key in ASCII: `⏎` → `Enter`, other glyphs as the filter draws them."""
    if display.isascii():
        return display
    return "".join(KEY_WORDS.get(ch) or (ch if ch.isascii() else (ascii_for(ch) or ch))
                   for ch in display)
