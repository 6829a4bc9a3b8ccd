"""The config file as the desk uses it: the settings and the profile in use (drawn from a
quick preview first, validated after the first paint), their saving, the user's keymap, and
the secret store. A part of `WalletApp`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from wallet_tui.config import ConfigError, UnknownProfileError

from .i18n import _

if TYPE_CHECKING:
    from wallet_tui.config import ConfigPreview, Profile, ProfileView, SecretStore, Settings


class Preferences:
    """WalletApp's settings, profile and secrets."""

    # -- secrets are loaded lazily: importing keyring costs a tenth of a second ----------------

    @property
    def secrets(self) -> "SecretStore":
        if self._secrets is None:
            from wallet_tui.config import SecretStore

            self._secrets = SecretStore()
        return self._secrets

    # -- settings: drawn from the preview first, validated after the first paint ------------

    @property
    def settings(self) -> "Settings":
        if self._settings is None:
            self._load_settings()
        assert self._settings is not None
        return self._settings

    @property
    def profile(self) -> "Profile":
        """The profile in use (the one logged in with, once logged in)."""
        if self._profile is None:
            self._load_settings()
        assert self._profile is not None
        return self._profile

    @profile.setter
    def profile(self, profile: "Profile") -> None:
        self._profile = profile

    @property
    def config_view(self) -> "Settings | ConfigPreview":
        """Profiles and preferences to draw: the settings once loaded, the preview before."""
        if self._settings is not None:
            return self._settings
        assert self._preview is not None
        return self._preview

    @property
    def profile_view(self) -> "Profile | ProfileView":
        if self._profile is not None:
            return self._profile
        assert self._start_view is not None
        return self._start_view

    def _load_settings(self) -> None:
        from wallet_tui.config import active_profile

        settings = self.store.load()
        try:
            profile = active_profile(settings, self._profile_name)
        except UnknownProfileError:
            if self._preview is None:
                raise
            # The file changed since the preview and the desk is up: start on the profile
            # the file chooses rather than fail.
            profile = active_profile(settings)
        self._settings, self._profile = settings, profile
        if settings.inspector_window is not None:
            self.gateway.set_exchange_window(settings.inspector_window)

    def _load_after_paint(self) -> None:
        """Validates the config file (pydantic) once the login is on the screen. The
        preview agrees with the validation on any file; if the file changed in between,
        the login and the theme follow what was loaded."""
        from wallet_tui.config.preview import view_of

        from .screens.login import LoginScreen

        for work in self.after_first_paint:
            work()
        self.use_keymap()
        preview, drawn_profile = self._preview, self._start_view
        settings, profile = self.settings, self.profile
        if self.store.warning:
            self.notify(self.store.warning, title=_("Config file"), severity="warning",
                        timeout=15)
        if preview is None:
            return
        self._preview = self._start_view = None
        drawn = (list(preview.profiles.values()), drawn_profile)
        if drawn != ([view_of(p) for p in settings.profiles.values()], view_of(profile)):
            for screen in self.screen_stack:
                if isinstance(screen, LoginScreen):
                    screen.profiles_reloaded()
            self.update_status()
        if preview.theme != settings.theme and not self.test_mode:
            self._theme_saved = False  # the file's own choice: nothing to save
            try:
                self._use_saved_theme()
            finally:
                self._theme_saved = True

    def save_settings(self) -> bool:
        warning_before = self.store.warning
        try:
            self.store.save(self.settings)
        except (ConfigError, OSError) as error:
            self.notify(str(error), title=_("Settings not saved"), severity="error", timeout=10)
            return False
        # A file broken since it was loaded is set aside by the save: say so, once.
        if self.store.warning and self.store.warning != warning_before:
            self.notify(self.store.warning, title=_("Config file"), severity="warning",
                        timeout=15)
        return True

    def use_keymap(self) -> None:
        """The user's `[keymap]` of the config file: binding ids to keys (docs/config.md)."""
        from wallet_tui.config.keymap import read_keymap

        reading = read_keymap(self.paths.config_file)
        if reading.keys:
            self.set_keymap(reading.keys)
        for problem in reading.problems:
            self.notify(str(problem), title=_("Keymap"), severity="warning", timeout=10)
