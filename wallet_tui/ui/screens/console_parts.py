"""The raw console's pieces: checking what was typed, the session's list of sent requests,
the reply as text, and the body's editor."""

from __future__ import annotations

import json
from dataclasses import dataclass
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

from rich.highlighter import JSONHighlighter
from rich.text import Text
from textual.widgets import TextArea

from wallet_tui.protocol import wire
from wallet_tui.ui.i18n import _

if TYPE_CHECKING:
    from wallet_tui.client import RawReply

METHODS = ("GET", "POST", "PUT", "DELETE")
# Methods whose body is sent; GET and DELETE go without one (the text stays for later).
METHODS_WITH_BODY = frozenset({"POST", "PUT"})
PATH_EXAMPLE = wire.BANKS

_json_highlighter = JSONHighlighter()


def path_problem(path: str) -> str | None:
    """Why `path` cannot be sent, or None. Only paths: a full URL could carry the token to
    another host."""
    if not path:
        return _("Type a path, e.g. {example}").format(example=PATH_EXAMPLE)
    if not path.startswith("/") or path.startswith("//"):
        return _("The path starts with a single '/', e.g. {example}").format(example=PATH_EXAMPLE)
    if any(ch.isspace() for ch in path):
        return _("The path has no spaces (write %20 for one)")
    return None


@dataclass(frozen=True)
class BodyProblem:
    message: str
    line: int  # 1-based, as the operator counts
    column: int

    def __str__(self) -> str:
        return _("Not valid JSON: {message} (line {line}, column {column})").format(
            message=self.message, line=self.line, column=self.column)


def parse_body(text: str) -> tuple[Any, BodyProblem | None]:
    """(the JSON value, None), or (None, the problem). Callers treat blank text as no body
    before asking (see `is_blank`)."""
    try:
        return json.loads(text), None
    except json.JSONDecodeError as error:
        return None, BodyProblem(error.msg, error.lineno, error.colno)
    except RecursionError:
        return None, BodyProblem("nested too deep", 1, 1)


def is_blank(text: str) -> bool:
    return not text.strip()


@dataclass(frozen=True)
class SentRequest:
    """One request the console sent this session, and what came of it."""

    method: str
    path: str
    body_text: str  # as typed
    idempotency_key: str | None
    reply: "RawReply | None" = None
    error: str | None = None

    def with_reply(self, reply: "RawReply") -> "SentRequest":
        return SentRequest(self.method, self.path, self.body_text, self.idempotency_key, reply)

    def with_error(self, error: str) -> "SentRequest":
        return SentRequest(self.method, self.path, self.body_text, self.idempotency_key,
                           None, error)

    @property
    def outcome(self) -> str:
        if self.reply is not None:
            return str(self.reply.status)
        return "—" if self.error else "…"

    def label(self) -> Text:
        """Two lines: method and status, then the path without the prefix every wallet
        path shares (the list is narrow; the tail is what tells calls apart)."""
        text = Text()
        text.append(f"{self.method:<6}", style="bold")
        text.append(f" {self.outcome}", style=_status_style(self.reply.status
                                                             if self.reply else None))
        path = self.path
        if path.startswith(wire.WALLET_PREFIX + "/"):
            path = "…" + path[len(wire.WALLET_PREFIX):]
        text.append(f"\n{path}", style="dim")
        return text


def _status_style(status: int | None) -> str:
    if status is None:
        return "bold red"
    return "green" if status < 300 else ("yellow" if status < 500 else "red")


def reason_of(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def describe_reply(reply: "RawReply") -> Text:
    """Status line, headers, then the body: pretty JSON when it is JSON."""
    text = Text()
    text.append(f"{reply.status} {reason_of(reply.status)}".rstrip(),
                style=f"bold {_status_style(reply.status)}")
    if reply.replayed:
        text.append("  " + _("replayed") + " (Idempotent-Replayed: true)", style="yellow")
    text.append("\n")
    if reply.request_id:
        text.append(f"requestId {reply.request_id}\n", style="dim")
    if reply.idempotency_key:
        text.append(f"Idempotency-Key {reply.idempotency_key}\n", style="dim")
    # The body first: at 80x24 it is what the operator came to read.
    text.append("\n" + _("Body") + "\n", style="bold underline")
    if reply.is_json:
        pretty = json.dumps(reply.json, ensure_ascii=False, indent=2)
        text.append_text(_json_highlighter(Text(pretty)))
    elif reply.text:
        text.append(reply.text)
    else:
        text.append(_("(empty)"), style="dim")
    if reply.truncated:
        text.append("\n" + _("(the body was cut: it is larger than the client keeps)"),
                    style="yellow")
    text.append("\n\n" + _("Headers") + "\n", style="bold underline")
    for name, value in reply.headers.items():
        text.append(f"{name}: ", style="bold")
        text.append(f"{value}\n")
    text.rstrip()
    return text


class BodyArea(TextArea):
    """The JSON body. TextArea takes F6 and F7 for selecting; here they keep switching
    screens like everywhere else (Shift+arrows and the mouse still select)."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("select_line", "select_all"):
            return False
        return super().check_action(action, parameters)
