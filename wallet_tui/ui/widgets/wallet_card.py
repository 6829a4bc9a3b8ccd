"""A wallet at a glance: who, its status and level, the balance against its limit and the
month's outgoing turnover against its cap, drawn as bars of block characters with the
numbers. Every line is laid out for the card's width, so none wraps (80 columns and up)."""

from __future__ import annotations

from decimal import Decimal

from rich.text import Text
from textual import events
from textual.widgets import Static

from wallet_tui.protocol import Wallet, format_phone

from ..i18n import _, format_money
from .wallet_terms import level_term, wallet_status_term

BAR_WIDTH = 20
MIN_BAR_WIDTH = 5
# What fits inside the card on an 80-column screen: screen padding, border, card padding.
DEFAULT_WIDTH = 74
GAP = "  "


def bar(used: Decimal, limit: Decimal, width: int = BAR_WIDTH) -> Text:
    """`used` of `limit` as `width` cells; full and red at or past the limit."""
    share = Decimal(0) if limit <= 0 else min(used / limit, Decimal(1))
    filled = int((share * width).to_integral_value(rounding="ROUND_CEILING")) if used > 0 else 0
    style = "red" if share >= 1 else ("yellow" if share >= Decimal("0.8") else "green")
    text = Text()
    text.append("█" * filled, style=style)
    text.append("░" * (width - filled), style="dim")
    return text


def flow(pieces: list[Text], width: int) -> list[Text]:
    """Pieces side by side, `GAP` apart, a new line when the next does not fit; a piece
    wider than a whole line is cut with an ellipsis."""
    lines: list[Text] = []
    line = Text()
    for piece in pieces:
        if not piece.plain:
            continue
        if piece.cell_len > width:
            piece = piece.copy()
            piece.truncate(width, overflow="ellipsis")
        if line.plain and line.cell_len + len(GAP) + piece.cell_len > width:
            lines.append(line)
            line = Text()
        if line.plain:
            line.append(GAP)
        line.append_text(piece)
    if line.plain:
        lines.append(line)
    return lines


def _labelled(label: str, value: str, style: str) -> Text:
    text = Text(label + " ", style="dim")
    text.append(value, style=style)
    return text


def _bar_line(label: str, label_width: int, used: Decimal, limit: Decimal | None,
              numbers: str, width: int) -> Text:
    text = Text(label.ljust(label_width), style="dim")
    room = width - label_width - 1 - len(numbers)
    bar_width = max(MIN_BAR_WIDTH, min(BAR_WIDTH, room))
    text.append_text(bar(used, limit, bar_width) if limit is not None
                     else bar(Decimal(0), Decimal(1), bar_width))
    text.append(" " + numbers)
    return text


def card_text(wallet: Wallet, width: int = DEFAULT_WIDTH) -> Text:
    limits = wallet.limits
    active = wallet.status.value == "ACTIVE"
    lines = flow([
        Text(wallet.wallet_id, style="bold"),
        Text(format_phone(wallet.phone)),
        Text(wallet.display_name),
        Text(wallet.email or "", style="dim"),
    ], width)
    lines += flow([
        _labelled(_("Status"), wallet_status_term(wallet.status),
                  "bold green" if active else "bold red"),
        _labelled(_("Level"), level_term(wallet.identification), "bold"),
    ], width)
    # The two bar labels share one width, whatever the language.
    balance_label, month_label = _("Balance"), _("Month out")
    label_width = max(len(balance_label), len(month_label)) + 2
    lines.append(_bar_line(
        balance_label, label_width, wallet.balance, limits.balance_limit,
        _("{used} of {limit}").format(used=format_money(wallet.balance),
                                      limit=format_money(limits.balance_limit)),
        width,
    ))
    used, cap = limits.monthly_turnover_used, limits.monthly_turnover_limit
    if cap is None:
        numbers = _("{used} used, no monthly cap").format(used=format_money(used))
    else:
        numbers = _("{used} of {limit}").format(used=format_money(used), limit=format_money(cap))
    lines.append(_bar_line(month_label, label_width, used, cap, numbers, width))
    return Text("\n").join(lines)


class WalletCard(Static):
    """Shows one wallet; `show(None)` empties it. Drawn again for its width when resized."""

    DEFAULT_CSS = """
    WalletCard { height: auto; padding: 0 1; border: round $primary; display: none; }
    WalletCard.-shown { display: block; }
    """

    wallet: Wallet | None = None
    _drawn_width = 0

    def show(self, wallet: Wallet | None) -> None:
        self.wallet = wallet
        self.set_class(wallet is not None, "-shown")
        self._draw()

    def on_resize(self, event: events.Resize) -> None:
        # A new height (the lines were laid out again) needs no new drawing.
        if self.content_size.width != self._drawn_width:
            self._draw()

    def _draw(self) -> None:
        if self.wallet is None:
            self.update("")
            return
        self._drawn_width = self.content_size.width
        self.update(card_text(self.wallet, self._drawn_width or DEFAULT_WIDTH))
