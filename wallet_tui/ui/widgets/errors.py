"""Plain words for what went wrong, shared by the error banner and the login screen."""

from __future__ import annotations

from dataclasses import dataclass

from wallet_tui.protocol import ApiError

from ..i18n import _


@dataclass(frozen=True)
class ErrorText:
    name: str          # the API's error name, or the client's failure kind
    message: str       # what happened, for the operator
    request_id: str | None = None
    hint: str | None = None  # what to do next


def describe_error(error: BaseException) -> ErrorText:
    if isinstance(error, ApiError):
        hint = None
        if error.error_name == "INVALID_CLIENT":
            hint = _(
                "The server refused the credentials: check clientSecret, clientId, partnerId."
            )
        elif error.http_status == 429 or error.http_status >= 500:
            hint = _("Try again in a moment.")
        return ErrorText(error.error_name, error.message, error.request_id, hint)
    kind = type(error).__name__
    if kind == "ServerUnreachable":
        url = getattr(error, "url", None) or str(error)
        return ErrorText(
            "SERVER_UNREACHABLE",
            _("Cannot reach {url}: nothing was sent.").format(url=url),
            hint=_("Check the address and the network, then retry."),
        )
    if kind == "NoAnswer":
        url = getattr(error, "url", None) or str(error)
        reason = getattr(error, "reason", "")
        return ErrorText(
            "NO_ANSWER",
            (_("{url} did not answer ({reason}). Nothing was changed.") if reason
             else _("{url} did not answer. Nothing was changed.")).format(url=url, reason=reason),
            hint=_("Try again in a moment."),
        )
    if kind == "OutcomeUnknown":
        key = getattr(error, "idempotency_key", None)
        return ErrorText(
            "OUTCOME_UNKNOWN",
            _("No definite answer came: the operation may or may not have been applied."),
            hint=(_("Retry reuses Idempotency-Key {key} and tells what happened.").format(key=key)
                  if key else _("Check the wallet's history before repeating it.")),
        )
    if kind == "BadResponse":
        return ErrorText(
            "BAD_RESPONSE", _("The server sent something unreadable: {error}").format(error=error)
        )
    if kind == "JournalError":
        reason = getattr(error, "strerror", None) or error
        return ErrorText(
            "JOURNAL_NOT_WRITTEN",
            _("Not sent: the journal of money operations cannot be written ({error}).")
            .format(error=reason),
        )
    if kind == "SessionExpired":
        return ErrorText("SESSION_EXPIRED", _("The session ended: log in again."))
    return ErrorText(kind, str(error) or kind)
