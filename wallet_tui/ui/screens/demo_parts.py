"""The demo screen's text: the step list, what a step is about to send, what came back, and
why it stopped. No widgets here, only rich Text built from the scenario's records.

The story's own words (titles, explanations, result lines) are the scenario's sentences:
read here, when drawn, they come in the desk's language (wallet_tui.protocol.sentence)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from rich.highlighter import JSONHighlighter
from rich.text import Text

from wallet_tui.scenario import StepRecord, StepStatus
from wallet_tui.ui.i18n import _
from wallet_tui.ui.widgets.errors import describe_error

if TYPE_CHECKING:
    from wallet_tui.client import Exchange
    from wallet_tui.scenario import Scenario

_json_highlighter = JSONHighlighter()

_MARKS = {
    StepStatus.PENDING: ("  ", ""),
    StepStatus.RUNNING: ("… ", "bold yellow"),
    StepStatus.DONE: ("✓ ", "green"),
    StepStatus.FAILED: ("✗ ", "bold red"),
}


def step_list(scenario: "Scenario") -> Text:
    text = Text()
    for number, record in enumerate(scenario.records, start=1):
        mark, style = _mark(scenario, record)
        current = record is scenario.current
        text.append(f"{mark:<2}".replace("·", " "), style=style)
        text.append(f"{number:>2} {record.title}\n",
                    style="bold" if current else ("dim" if record.status is StepStatus.PENDING
                                                  else ""))
    text.rstrip()
    return text


def _mark(scenario: "Scenario", record: StepRecord) -> tuple[str, str]:
    mark, style = _MARKS[record.status]
    if record.status is StepStatus.FAILED and record.outcome_unknown:
        mark = "? "
    if record is scenario.current and record.status is StepStatus.PENDING:
        mark, style = "▶ ", "bold"
    return mark.strip() or "·", style


def step_strip(scenario: "Scenario", mode: Text) -> Text:
    """The step list in one line, for when the inspector takes the room."""
    text = Text()
    for record in scenario.records:
        mark, style = _mark(scenario, record)
        text.append(mark, style=style or "dim")
    done = sum(record.status is StepStatus.DONE for record in scenario.records)
    text.append(f" {done}/{len(scenario.records)}  ", style="dim")
    text.append_text(mode)
    return text


def heading(scenario: "Scenario", record: StepRecord) -> Text:
    number = scenario.records.index(record) + 1
    text = Text()
    text.append(
        _("Step {number} of {count}").format(number=number, count=len(scenario.records)) + " · ",
        style="dim",
    )
    text.append(str(record.title), style="bold")
    text.append(f"\n{record.step.why}", style="italic dim")
    return text


def about_to_send(record: StepRecord) -> Text:
    text = Text()
    if record.plan is None:
        return text
    label = _("Sends again (same body)") if record.outcome_unknown else _("About to send")
    text.append(f"{label}\n", style="bold underline")
    for request in record.plan.requests:
        text.append(f"{request.method} ", style="bold")
        text.append(f"{request.target}\n")
        body = request.body_text()
        if body:
            text.append_text(_json_highlighter(Text(body)))
            text.append("\n")
    if record.idempotency_key:
        text.append(f"Idempotency-Key {record.idempotency_key}\n", style="dim")
    if record.plan.note:
        text.append(f"({record.plan.note})\n", style="dim")
    text.rstrip()
    return text


def exchange_lines(exchanges: "list[Exchange]") -> Text:
    text = Text()
    for exchange in exchanges:
        status = str(exchange.status) if exchange.status is not None else _("no answer")
        style = "red" if exchange.status is None or exchange.status >= 400 else "green"
        text.append(f"{exchange.method} {exchange.path} → ")
        text.append(status, style=style)
        if exchange.replayed:
            text.append(" " + _("replayed"), style="yellow")
        text.append("\n")
    return text


def came_back(record: StepRecord, exchanges: "list[Exchange]") -> Text:
    text = Text()
    text.append(_("Reply") + "\n", style="bold underline")
    text.append_text(exchange_lines(exchanges))
    for line in record.lines:
        text.append(f"{line}\n", style="bold" if line == record.lines[0] else "")
    last_body = _last_json_body(exchanges)
    if last_body is not None:
        text.append_text(_json_highlighter(Text(last_body)))
    text.rstrip()
    return text


def _last_json_body(exchanges: "list[Exchange]") -> str | None:
    for exchange in reversed(exchanges):
        if exchange.response_body:
            try:
                return json.dumps(json.loads(exchange.response_body), ensure_ascii=False,
                                  indent=2)
            except ValueError:
                return exchange.response_body
    return None


def why_it_stopped(record: StepRecord, exchanges: "list[Exchange]") -> Text:
    text = Text()
    if record.error is None:
        text.append("STOPPED_WAITING", style="bold")
        text.append(": " + _("the step's outcome is unknown: it may or may not have been applied."))
    else:
        described = describe_error(record.error)
        text.append(described.name, style="bold")
        text.append(f": {described.message}")
        request_id = described.request_id or _last_request_id(exchanges)
        if request_id:
            text.append(f"\nrequestId {request_id}", style="dim")
    if exchanges:
        text.append("\n")
        text.append_text(exchange_lines(exchanges))
        text.rstrip()
    text.append("\n")
    if record.outcome_unknown and record.idempotency_key:
        text.append(_("Enter retries with the same Idempotency-Key") + " ")
        text.append(record.idempotency_key, style="bold")
        text.append(": " + _("the server replays what it did, or does it once."))
    elif record.outcome_unknown:
        text.append(_("Enter sends it again: it changes nothing on the server."))
    else:
        text.append(_("Enter tries the step again."))
    return text


def _last_request_id(exchanges: "list[Exchange]") -> str | None:
    for exchange in reversed(exchanges):
        if exchange.request_id:
            return exchange.request_id
    return None


def finale(scenario: "Scenario") -> Text:
    wallet = scenario.story.wallet
    text = Text()
    text.append(_("The story is told."), style="bold green")
    if wallet is not None:
        text.append(" " + _("Wallet {wallet_id} is now the current wallet: F2 shows it.").format(
            wallet_id=wallet.wallet_id))
    text.append("\n" + _("Enter runs it again with a new phone."), style="dim")
    return text
