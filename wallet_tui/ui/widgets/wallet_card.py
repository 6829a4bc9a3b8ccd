"""A wallet at a glance: who, which level, the balance against its limit and the month's
outgoing turnover against its cap, drawn as bars of block characters with the numbers."""

from __future__ import annotations

from decimal import Decimal

from rich.text import Text
from textual.widgets import Static

from wallet_tui.protocol import Wallet, format_phone

from ..i18n import _, format_money

BAR_WIDTH = 20


def bar(used: Decimal, limit: Decimal, width: int = BAR_WIDTH) -> Text:
    """`used` of `limit` as `width` cells; full and red at or past the limit."""
    share = Decimal(0) if limit <= 0 else min(used / limit, Decimal(1))
    filled = int((share * width).to_integral_value(rounding="ROUND_CEILING")) if used > 0 else 0
    style = "red" if share >= 1 else ("yellow" if share >= Decimal("0.8") else "green")
    text = Text()
    text.append("█" * filled, style=style)
    text.append("░" * (width - filled), style="dim")
    return text


def card_text(wallet: Wallet) -> Text:
    limits = wallet.limits
    text = Text()
    text.append(wallet.wallet_id, style="bold")
    text.append(f"  {format_phone(wallet.phone)}  ")
    text.append(wallet.display_name)
    text.append("   ")
    text.append(
        wallet.status.value, style="bold green" if wallet.status.value == "ACTIVE" else "bold red"
    )
    text.append("\n")
    text.append(_("Level") + " ", style="dim")
    text.append(wallet.identification.value, style="bold")
    text.append("   " + _("Balance") + " ", style="dim")
    text.append(format_money(wallet.balance), style="bold")
    if wallet.email:
        text.append(f"   {wallet.email}", style="dim")
    text.append("\n")
    # The two bar labels share one width, whatever the language.
    balance_label, month_label = _("Balance"), _("Month out")
    width = max(len(balance_label), len(month_label)) + 3
    text.append(balance_label.ljust(width), style="dim")
    text.append_text(bar(wallet.balance, limits.balance_limit))
    text.append(" " + _("{used} of {limit}").format(
        used=format_money(wallet.balance), limit=format_money(limits.balance_limit)))
    text.append("\n")
    text.append(month_label.ljust(width), style="dim")
    used = limits.monthly_turnover_used
    if limits.monthly_turnover_limit is None:
        text.append_text(bar(Decimal(0), Decimal(1)))
        text.append(" " + _("{used} used, no monthly cap").format(used=format_money(used)))
    else:
        text.append_text(bar(used, limits.monthly_turnover_limit))
        text.append(" " + _("{used} of {limit}").format(
            used=format_money(used), limit=format_money(limits.monthly_turnover_limit)))
    return text


class WalletCard(Static):
    """Shows one wallet; `show(None)` empties it."""

    DEFAULT_CSS = """
    WalletCard { height: auto; padding: 0 1; border: round $primary; display: none; }
    WalletCard.-shown { display: block; }
    """

    def show(self, wallet: Wallet | None) -> None:
        self.wallet = wallet
        self.set_class(wallet is not None, "-shown")
        self.update(card_text(wallet) if wallet is not None else "")
