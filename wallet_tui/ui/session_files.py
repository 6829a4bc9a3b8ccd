"""What the desk saves of a session, each where the operator is told: a screenshot, the
exchanges as JSON, the session report. A part of `WalletApp`."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .i18n import _, ngettext


class SessionFiles:
    """WalletApp's saving actions."""

    def action_screenshot(self, filename: str | None = None, path: str | None = None) -> None:
        # Textual's own saving leaves the picture to the umask; a screen shows customers.
        if self.is_web:
            super().action_screenshot(filename, path)  # the browser downloads it
            return
        from .screenshot import downloads_dir, save_private_svg
        from .widgets.exchange_text import path_for_notice

        try:
            saved = save_private_svg(self.export_screenshot(), Path(path or downloads_dir()),
                                     now=datetime.now(UTC), filename=filename)
        except OSError as error:
            self.notify(_("Could not save the screenshot: {error}").format(error=error),
                        severity="error", timeout=10)
            return
        self.notify(_("Screenshot saved to {path}").format(
                        path=path_for_notice(saved, self.size.width)),
                    title=_("Saved"), timeout=10, markup=False)

    def action_save_exchanges(self) -> None:
        from wallet_tui.client import exchanges_to_json
        from wallet_tui.config import atomic_write_text

        from .widgets.exchange_text import path_for_notice
        from .widgets.inspector import saved_name

        try:
            exchanges = self.gateway.exchanges.everything()  # the older ones from the log too
            path = self.paths.prepare_exchange_logs_dir() / saved_name()
            atomic_write_text(path, exchanges_to_json(exchanges))
        except (OSError, ValueError) as error:
            self.notify(_("Could not save the exchanges: {error}").format(error=error),
                        severity="error", timeout=10)
            return
        self.notify(ngettext("{count} exchange saved to {path}",
                             "{count} exchanges saved to {path}", len(exchanges)).format(
                        count=len(exchanges),
                        path=path_for_notice(path, self.size.width)),
                    title=_("Saved"), timeout=10, markup=False)
        self.last_saved_exchanges = path

    def action_save_report(self) -> None:
        # A snapshot taken here, on the UI thread (the kept exchanges, and how many lines of
        # the exchange log count); the log is read and the files written in a thread worker.
        snapshot = self.gateway.exchanges.snapshot()
        self.run_worker(
            lambda: self._write_report(snapshot), thread=True, group="report", exclusive=True
        )

    def _write_report(self, snapshot: Any) -> None:
        from wallet_tui.client.session_exchanges import read_snapshot
        from wallet_tui.report import save_report

        from .widgets.exchange_text import path_for_notice

        try:
            exchanges = read_snapshot(snapshot)
            markdown, html = save_report(
                exchanges, self.paths.prepare_exchange_logs_dir(),
                profile=self.profile.name, partner_id=self.profile.partner_id,
            )
        except (OSError, ValueError) as error:
            self.call_from_thread(
                self.notify, _("Could not save the report: {error}").format(error=error),
                severity="error", timeout=10,
            )
            return
        self.last_saved_report = markdown
        self.call_from_thread(
            self.notify, ngettext("{count} exchange: {markdown} and {html}",
                                  "{count} exchanges: {markdown} and {html}",
                                  len(exchanges)).format(
                count=len(exchanges), markdown=path_for_notice(markdown, self.size.width),
                html=html.name),
            title=_("Session report saved"), timeout=10, markup=False,
        )
