"""The exchange inspector hosted beside any screen (F9; the panel itself is
widgets/inspector.py, loaded when first shown). A part of `WalletApp`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .i18n import _

if TYPE_CHECKING:
    from textual.screen import Screen

    from .messages import ExchangeRecorded

WIDE_COLUMNS = 110  # from here on the inspector sits beside the screen, not over it


class InspectorHosting:
    """WalletApp's inspector panels, one per screen."""

    def action_toggle_inspector(self) -> None:
        from .widgets.inspector import InspectorPanel

        shown = any(panel.has_class("-open") for panel in self.screen.query(InspectorPanel))
        self.settings.inspector_open = not shown
        self.save_settings()
        self._apply_inspector(self.screen, is_open=not shown, focus=True)

    def _inspector_on_arrival(self, screen: Screen) -> None:
        # Beside a screen there is room only on a wide terminal; on a narrow one the panel
        # would hide the screen just switched to, so it waits for F9 there.
        wide = self.size.width >= WIDE_COLUMNS
        is_open = self.config_view.inspector_open and wide
        if not is_open and not screen.query("InspectorPanel"):
            return  # nothing to open or close: the inspector's module can wait
        self._apply_inspector(screen, is_open=is_open)

    def _apply_inspector(self, screen: Screen, *, is_open: bool, focus: bool = False) -> None:
        from textual.screen import ModalScreen

        from .widgets.inspector import InspectorPanel

        if isinstance(screen, ModalScreen) or getattr(screen, "COVERS_DESK", False):
            return
        panels = screen.query(InspectorPanel)
        if not panels and not is_open:
            return
        if panels:
            panel = panels.first()
            panel.fit()
            panel.sync()
        else:
            panel = InspectorPanel()
            screen.mount(panel)
        was_open = panel.has_class("-open")
        panel.set_class(is_open, "-open")
        panel.hide_covered()
        if is_open and focus and not was_open:
            panel.focus_before = screen.focused
            self.call_after_refresh(panel.focus_table)
        elif not is_open and was_open:
            panel.give_focus_back()

    def on_resize(self) -> None:
        # By the type's name: the resize at start must not import the inspector.
        for panel in self.screen.query("InspectorPanel"):
            panel.fit()

    def on_exchange_recorded(self, message: ExchangeRecorded) -> None:
        from .widgets.inspector import InspectorPanel

        if self.garbage is not None:
            self.garbage.exchange_recorded(self.gateway.exchanges.total)
        for panel in self.screen.query(InspectorPanel):
            panel.sync()

    def action_copy_exchange(self) -> None:
        from .widgets.inspector import InspectorPanel

        panels = self.screen.query(InspectorPanel).filter(".-open")
        if panels:
            panels.first().action_copy_curl()
        elif self.gateway.exchanges:
            self.copy_to_clipboard(self.gateway.exchanges[-1].as_curl())
            self.notify(_("curl for the last exchange copied (secrets masked)."), timeout=5)
