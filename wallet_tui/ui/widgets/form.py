"""Form pieces every screen shares: a labelled field with its own error line, and a banner
for the error the API (or the network) gave."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Input, Label, Static

from wallet_tui.protocol import ApiError

from .errors import describe_error


class Field(Vertical):
    """A labelled input with an error line underneath. `wire_name` is the API's name of the
    field, so an INVALID_REQUEST's details.fields land under the right input."""

    DEFAULT_CSS = """
    Field { height: auto; margin-bottom: 0; }
    Field > .field--label { color: $text-muted; }
    Field > .field--error { color: $text-error; height: auto; display: none; }
    Field.-invalid > .field--error { display: block; }
    Field.-invalid > Input { border: tall $error; }
    """

    def __init__(
        self,
        label: str,
        *,
        id: str,
        placeholder: str = "",
        password: bool = False,
        value: str = "",
        wire_name: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.label = label
        self.wire_name = wire_name
        self._input = Input(
            value=value, placeholder=placeholder, password=password, id=f"{id}-input"
        )
        self._error = Static("", classes="field--error")

    def compose(self) -> ComposeResult:
        yield Label(self.label, classes="field--label")
        yield self._input
        yield self._error

    @property
    def input(self) -> Input:
        return self._input

    @property
    def value(self) -> str:
        return self._input.value

    @value.setter
    def value(self, text: str) -> None:
        self._input.value = text

    @property
    def error(self) -> str:
        return str(self._error.content) if self.has_class("-invalid") else ""

    def show_error(self, text: str) -> None:
        self._error.update(Text(text))
        self.add_class("-invalid")

    def clear_error(self) -> None:
        self._error.update("")
        self.remove_class("-invalid")

    def on_input_changed(self, event: Input.Changed) -> None:
        # Typing is the fix: the old complaint no longer describes the new text.
        if event.input is self._input and self.has_class("-invalid"):
            self.clear_error()


def show_api_field_errors(container: Widget, error: ApiError) -> bool:
    """Shows each `details.fields` problem under the Field whose wire_name matches (a nested
    name like `person.firstName` also matches `firstName`). True if any was placed."""
    problems = error.field_problems
    if not problems:
        return False
    placed = False
    for field in container.query(Field):
        if not field.wire_name:
            continue
        for name, problem in problems.items():
            if name == field.wire_name or name.rsplit(".", 1)[-1] == field.wire_name:
                field.show_error(problem)
                placed = True
                break
    return placed


class ErrorBanner(Static):
    """The API's error name, its message and requestId (to quote to the provider)."""

    DEFAULT_CSS = """
    ErrorBanner {
        display: none; height: auto; padding: 0 1;
        color: $text-error; background: $error-muted;
    }
    ErrorBanner.-shown { display: block; }
    """

    def show(self, error: BaseException) -> None:  # type: ignore[override]
        described = describe_error(error)
        text = Text()
        text.append(described.name, style="bold")
        text.append(f": {described.message}")
        if described.request_id:
            text.append(f"\nrequestId {described.request_id}", style="dim")
        if described.hint:
            text.append(f"\n{described.hint}")
        self.update(text)
        self.add_class("-shown")

    def show_text(self, text: str) -> None:
        self.update(Text(text))
        self.add_class("-shown")

    def clear(self) -> None:
        self.update("")
        self.remove_class("-shown")

    @property
    def shown(self) -> bool:
        return self.has_class("-shown")
