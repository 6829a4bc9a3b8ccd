"""Identification: change the current wallet's level, seeing what the new level allows,
optionally with the person's data. Nothing is sent before a confirmation naming the wallet,
both levels and the new limits. A refusal says in words why and what to do."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from wallet_tui.journal import operations as journal_drafts
from wallet_tui.protocol import (
    ApiError,
    ErrorName,
    Identification,
    IdentificationRequest,
    Wallet,
    limits_of,
)
from wallet_tui.ui.i18n import N_, Later, _, format_money
from wallet_tui.ui.widgets.form import ErrorBanner, Field, show_api_field_errors
from wallet_tui.ui.widgets.wallet_terms import level_term

from . import field_checks
from .modals import ConfirmModal
from .operation_screen import OperationScreen
from .pending_key import PendingKey
from .texts import labels_width, unknown_outcome_text, wallet_line

LEVELS = (Identification.ANONYMOUS, Identification.SIMPLIFIED, Identification.FULL)
# The level's wire name, then what it means.
_LEVEL_MEANINGS = {
    Identification.ANONYMOUS: N_("no documents"),
    Identification.SIMPLIFIED: N_("passport checked remotely"),
    Identification.FULL: N_("identified in person"),
}


def level_option(level: Identification) -> str:
    return f"{level.value:<12}" + _(_LEVEL_MEANINGS[level])


def level_text(level: Identification) -> Text:
    limits = limits_of(level)
    labels = (_("Balance up to"), _("Outgoing a month"), _("Bank withdrawals"))
    width = labels_width(*labels)  # 80 columns: RUB 600,000.00 must fit the box
    text = Text()
    text.append(_("{level} allows").format(level=level_term(level.value)) + "\n", style="bold")
    text.append(labels[0].ljust(width), style="dim")
    text.append(format_money(limits.balance_limit) + "\n")
    text.append(labels[1].ljust(width), style="dim")
    if limits.monthly_outgoing_limit is None:
        text.append(_("no cap") + "\n")
    else:
        text.append(format_money(limits.monthly_outgoing_limit) + "\n")
    text.append(labels[2].ljust(width), style="dim")
    text.append(_("allowed") if limits.can_withdraw_to_bank else _("not allowed"))
    return text


def confirmation_text(
    wallet: Wallet, level: Identification, person: IdentificationRequest
) -> Text:
    """What the dialog before a level change says: the wallet, the level from and to, each
    limit from and to, the person data sent, and whether the service will refuse."""
    before, after = limits_of(wallet.identification), limits_of(level)
    labels = (_("Wallet"), _("Level"), _("Balance up to"), _("Outgoing a month"),
              _("Bank withdrawals"), _("Person data"))
    width = labels_width(*labels)

    def cap(limit: Any) -> str:
        return _("no cap") if limit is None else format_money(limit)

    def withdrawals(allowed: bool) -> str:
        return _("allowed") if allowed else _("not allowed")

    rows = (
        (labels[1], f"{level_term(wallet.identification.value)} → {level_term(level.value)}"),
        (labels[2], f"{format_money(before.balance_limit)} → {format_money(after.balance_limit)}"),
        (labels[3], f"{cap(before.monthly_outgoing_limit)} → {cap(after.monthly_outgoing_limit)}"),
        (labels[4], f"{withdrawals(before.can_withdraw_to_bank)} → "
                    f"{withdrawals(after.can_withdraw_to_bank)}"),
    )
    text = Text()
    text.append(labels[0].ljust(width), style="dim")
    text.append(wallet.wallet_id, style="bold")
    text.append(f"  {wallet.display_name}")
    for label, value in rows:
        text.append("\n" + label.ljust(width), style="dim")
        text.append(value, style="bold" if label == labels[1] else "")
    data = " ".join(part for part in (person.last_name, person.first_name, person.middle_name,
                                      person.email) if part)
    if data:
        text.append("\n" + labels[5].ljust(width), style="dim")
        text.append(data)
    if wallet.balance > after.balance_limit:
        text.append(
            "\n" + _("The balance {balance} is above the new limit: the service will refuse.")
            .format(balance=format_money(wallet.balance)),
            style="bold red",
        )
    return text


class LevelList(OptionList):
    """The levels, lowest first. ↑ and ↓ stop at the ends: going round from ANONYMOUS to
    FULL is one key press away from a change nobody meant."""

    def action_cursor_up(self) -> None:
        if self.highlighted is None or self.highlighted > 0:
            super().action_cursor_up()

    def action_cursor_down(self) -> None:
        if self.highlighted is None or self.highlighted < self.option_count - 1:
            super().action_cursor_down()


def refusal_text(error: ApiError, wallet: Wallet | None, level: Identification) -> Text | None:
    """The refusals an operator can act on, in words."""
    name = error.error_name
    text = Text()
    if name == ErrorName.BALANCE_LIMIT_EXCEEDED.value:
        limit = limits_of(level).balance_limit
        text.append(
            _("Cannot lower the level to {level}:").format(level=level.value) + " ", style="bold"
        )
        if wallet is not None:
            excess = wallet.balance - limit
            text.append(
                _("the balance {balance} is above its limit of {limit}. Pay or withdraw at "
                  "least {excess} first, then try again.").format(
                    balance=format_money(wallet.balance), limit=format_money(limit),
                    excess=format_money(excess))
            )
        else:
            text.append(
                _("the balance is above its limit of {limit}.").format(limit=format_money(limit))
            )
        return text
    if name == ErrorName.WALLET_BLOCKED.value:
        text.append(_("The wallet is blocked:") + " ", style="bold")
        text.append(
            _("its level cannot change and it moves no money. Only the provider can unblock it.")
        )
        return text
    return None


class IdentificationScreen(OperationScreen):
    SCREEN_NAME: ClassVar[str] = "identification"
    DESCRIPTION: ClassVar[str] = N_("Change the current wallet's identification level")
    SUBMIT_FROM = (Input, OptionList)
    BINDINGS: ClassVar[list[Any]] = [Binding("enter", "submit", N_("Set level"), priority=True,
        id="identification.submit", tooltip=N_("Check and ask to confirm the new level"))]
    FIELD_CHECKS: ClassVar[dict[str, Any]] = {
        "idn-last-name": field_checks.optional_name,
        "idn-first-name": field_checks.optional_name,
        "idn-middle-name": field_checks.optional_name,
        "idn-email": field_checks.optional_email,
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.key = PendingKey()
        self.requested: Identification | None = None
        self._filled_for: str | None = None
        self._limits_shown: Identification | None = None

    def compose_form(self) -> ComposeResult:
        yield Static("", id="idn-wallet", classes="wallet-line")
        with Horizontal(id="idn-choice"):
            with Vertical(id="idn-levels-box"):
                yield Static(_("New level (↑↓, Enter)"), classes="section-title")
                yield LevelList(
                    *[Option(level_option(level), id=level.value) for level in LEVELS],
                    id="idn-levels",
                )
            yield Static("", id="idn-limits")
        yield Static(_("Person data (optional)"), classes="section-title")
        with Horizontal(classes="form-row names"):
            yield Field(_("Last name"), id="idn-last-name", wire_name="lastName")
            yield Field(_("First name"), id="idn-first-name", wire_name="firstName")
            yield Field(_("Middle name"), id="idn-middle-name", wire_name="middleName")
            yield Field(_("Email"), id="idn-email", wire_name="email")
        yield ErrorBanner(id="idn-banner")
        yield Static("", id="idn-notice", classes="notice")
        yield Static("", id="idn-result", classes="outcome")

    def on_screen_resume(self) -> None:
        if self.wallet is not None:
            self.query_one("#idn-levels", OptionList).focus()

    def retranslate(self) -> None:
        super().retranslate()
        if self.wallet is not None:
            self._show_limits(self.chosen_level)

    def wallet_changed(self, wallet: Wallet | None) -> None:
        if wallet is None:
            return
        self.query_one("#idn-wallet", Static).update(wallet_line(wallet))
        if self._filled_for != wallet.wallet_id:
            # Another wallet: start from what it has.
            self._filled_for = wallet.wallet_id
            self.key.forget()
            self.show_message("#idn-result", None)
            self.show_message("#idn-notice", None)
            self.clear_messages()
            levels = self.query_one("#idn-levels", OptionList)
            levels.highlighted = LEVELS.index(wallet.identification)
            self.field("idn-last-name").value = wallet.last_name or ""
            self.field("idn-first-name").value = wallet.first_name or ""
            self.field("idn-middle-name").value = wallet.middle_name or ""
            self.field("idn-email").value = wallet.email or ""
            self._show_limits(wallet.identification)

    @on(OptionList.OptionHighlighted, "#idn-levels")
    def _level_highlighted(self) -> None:
        # The level is read from the list, not the message.
        level = self.chosen_level
        if level != self._limits_shown:
            self._show_limits(level)
            self._forget_refusal()

    @on(Input.Changed)
    def _person_edited(self) -> None:
        self._forget_refusal()

    def _forget_refusal(self) -> None:
        """Another level or other data: the banner and its explanation were about the
        request as it was sent. An unknown outcome stays said: it still has to be checked."""
        self.clear_messages()
        if not self.key.is_retry_pending:
            self.show_message("#idn-notice", None)

    @on(OptionList.OptionSelected, "#idn-levels")
    def _level_selected(self, event: OptionList.OptionSelected) -> None:
        # A mouse click; Enter is the screen's binding.
        self.action_submit()

    def _show_limits(self, level: Identification) -> None:
        self._limits_shown = level
        text = level_text(level)
        wallet = self.wallet
        if wallet is not None and wallet.balance > limits_of(level).balance_limit:
            text.append(
                "\n" + _("The balance {balance} is above this limit: the service will refuse.")
                .format(balance=format_money(wallet.balance)),
                style="bold red",
            )
        self.query_one("#idn-limits", Static).update(text)

    @property
    def chosen_level(self) -> Identification:
        option = self.query_one("#idn-levels", OptionList).highlighted_option
        return Identification(option.id) if option and option.id else Identification.ANONYMOUS

    # -- sending -----------------------------------------------------------------------------

    def submit(self) -> None:
        wallet = self.wallet
        if wallet is None:
            return
        self.clear_messages()  # the banner was about the previous submission
        check, values = self.check_fields()
        if not check.ok:
            return
        level = self.chosen_level
        person = IdentificationRequest(
            last_name=values["idn-last-name"],
            first_name=values["idn-first-name"],
            middle_name=values["idn-middle-name"],
            email=values["idn-email"],
        )
        unchanged = (
            person.last_name == wallet.last_name
            and person.first_name == wallet.first_name
            and person.middle_name == wallet.middle_name
            and person.email == wallet.email
        )
        self.show_message("#idn-result", None)
        if level == wallet.identification and unchanged:
            already = Text(
                _("The wallet is already {level}: nothing to change.").format(level=level.value)
            )
            self.show_message("#idn-notice", already)
            return
        self.show_message("#idn-notice", None)
        self.app.push_screen(
            ConfirmModal(_("Change this wallet's level?"),
                         Later(lambda: confirmation_text(wallet, level, person)),
                         yes=N_("Set level"), focus_yes=False),
            lambda yes: self._confirmed(wallet, level, person) if yes else None,
        )

    def _confirmed(self, wallet: Wallet, level: Identification,
                   person: IdentificationRequest) -> None:
        if self.busy:
            return
        self.requested = level
        draft = journal_drafts.identification(
            wallet.wallet_id, level, person if person.to_wire() else None)
        self.send_journalled(
            self.key, draft, journal_drafts.send_identification, self._identified,
            self._identify_failed, self._identify_abandoned,
            waiting=_("Setting {level}…").format(level=level.value),
        )

    # -- answers -----------------------------------------------------------------------------

    def _identified(self, wallet: Wallet) -> None:
        self.key.forget()
        before = self.wallet
        text = Text()
        text.append(_("Level is now") + " ", style="bold")
        text.append(level_term(wallet.identification.value), style="bold")
        if before is not None and before.identification != wallet.identification:
            text.append(" " + _("(was {level})").format(
                level=level_term(before.identification.value)))
        text.append("\n" + _("Balance limit") + " ", style="dim")
        text.append(format_money(wallet.limits.balance_limit))
        text.append("   " + _("Month outgoing") + " ", style="dim")
        cap = wallet.limits.monthly_turnover_limit
        text.append(_("no cap") if cap is None else format_money(cap))
        self._filled_for = wallet.wallet_id
        self.app.current_wallet = wallet
        self.show_message("#idn-result", text)

    def _identify_failed(self, error: Exception) -> None:
        self.key.settle(error)
        self.show_banner(error)
        if self.key.is_retry_pending:
            self.show_message("#idn-notice", unknown_outcome_text("level change", self.key.key))
        if isinstance(error, ApiError):
            show_api_field_errors(self, error)
            words = refusal_text(error, self.wallet, self.requested or self.chosen_level)
            if words is not None:
                self.show_message("#idn-notice", words)

    def _identify_abandoned(self, idempotency_key: str | None) -> None:
        self.key.mark_unknown()
        self.show_message("#idn-notice", unknown_outcome_text("level change", idempotency_key))
