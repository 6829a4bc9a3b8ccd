"""Profile validation, the settings' invariants and which profile the app starts with."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from wallet_tui.config import (
    Profile,
    ProfileError,
    Settings,
    UnknownProfileError,
    active_profile,
    first_error,
    system_language,
)
from wallet_tui.protocol import wire


def remote(**changes) -> Profile:
    fields = {
        "name": "test-host",
        "kind": "remote",
        "base_url": "https://wallet-test.example.ru",
        "client_id": "partner-7",
        "partner_id": "7007",
    }
    return Profile(**{**fields, **changes})


def refusal(**changes) -> str:
    with pytest.raises(ValidationError) as caught:
        remote(**changes)
    return first_error(caught.value)


@pytest.mark.parametrize("name", ["", "   ", "Prod", "prod host", "прод", "a/b", "x" * 41])
def test_bad_profile_names_are_refused(name):
    assert "profile name" in refusal(name=name)


@pytest.mark.parametrize("name", ["prod", "test-host", "stage_2", "0"])
def test_good_profile_names_are_accepted(name):
    assert remote(name=name).name == name


def test_https_is_required_for_a_remote_host():
    message = refusal(base_url="http://wallet.example.ru", allow_plain_http=True)
    assert "https://" in message and "loopback" in message


@pytest.mark.parametrize("host", ["127.0.0.1:8080", "localhost:8080", "[::1]:8080", "127.9.9.9"])
def test_plain_http_on_loopback_needs_the_switch(host):
    assert "allow_plain_http" in refusal(base_url=f"http://{host}")
    assert remote(base_url=f"http://{host}/", allow_plain_http=True).base_url == f"http://{host}"


@pytest.mark.parametrize(
    "url", ["wallet.example.ru", "ftp://wallet.example.ru", "https://", "https://h/?a=1", "https://u:p@h"]
)
def test_malformed_base_urls_are_refused(url):
    refusal(base_url=url)


def test_base_url_is_kept_without_a_trailing_slash():
    assert remote(base_url="https://h.example/api/").base_url == "https://h.example/api"


def test_a_remote_profile_needs_url_client_and_partner():
    assert "base URL" in refusal(base_url=None)
    assert "client id" in refusal(client_id=" ")
    assert "partner id" in refusal(partner_id="")


@pytest.mark.parametrize("seconds", [0, 0.5, 121, -1])
def test_timeout_outside_one_to_120_seconds_is_refused(seconds):
    assert "between 1 and 120 seconds" in refusal(timeout_seconds=seconds)


@pytest.mark.parametrize("seconds", [1, 15, 120])
def test_timeout_bounds_are_inclusive(seconds):
    assert remote(timeout_seconds=seconds).timeout_seconds == seconds


def test_ca_bundle_must_exist_when_given(tmp_path: Path):
    assert "does not exist" in refusal(ca_bundle=str(tmp_path / "missing.pem"))
    bundle = tmp_path / "ca.pem"
    bundle.write_text("-----BEGIN CERTIFICATE-----\n")
    profile = remote(ca_bundle=str(bundle))
    assert profile.verify == str(bundle)
    assert profile.file_problem() is None
    bundle.unlink()
    assert "does not exist" in profile.file_problem()


def test_verify_gives_httpx_what_it_wants(tmp_path):
    assert remote().verify is True
    assert "cannot be switched off" in refusal(verify_tls=False)


def test_sandbox_profiles_take_no_base_url_and_the_sandbox_name_is_reserved():
    with pytest.raises(ValidationError, match="takes no base URL"):
        Profile(name="sb2", kind="sandbox", base_url="https://x.example")
    with pytest.raises(ValidationError, match="kind must be 'sandbox'"):
        remote(name="sandbox")


def test_settings_always_have_the_sandbox_profile_with_demo_partner():
    sandbox = Settings().profiles["sandbox"]
    assert sandbox.kind == "sandbox"
    assert sandbox.client_id == wire.DEMO_CLIENT_ID
    assert sandbox.partner_id == wire.DEMO_PARTNER_ID
    assert Settings(profiles={"prod": remote(name="prod")}).profiles.keys() == {"sandbox", "prod"}


def test_the_sandbox_profile_cannot_be_removed_or_renamed():
    settings = Settings()
    with pytest.raises(ProfileError, match="cannot be removed"):
        settings.remove_profile("sandbox")
    with pytest.raises(ProfileError, match="cannot be renamed"):
        settings.rename_profile("sandbox", "sb")


def test_adding_a_profile_twice_is_refused():
    settings = Settings()
    settings.add_profile(remote())
    with pytest.raises(ProfileError, match="already exists"):
        settings.add_profile(remote())


def test_removing_the_default_profile_makes_the_sandbox_default():
    settings = Settings()
    settings.add_profile(remote())
    settings.set_default("test-host")
    settings.last_profile = "test-host"
    settings.remove_profile("test-host")
    assert settings.default_profile == "sandbox"
    assert settings.last_profile is None
    assert "test-host" not in settings.profiles


def test_renaming_carries_default_and_last_use():
    settings = Settings()
    settings.add_profile(remote())
    settings.set_default("test-host")
    settings.last_profile = "test-host"
    settings.rename_profile("test-host", "stage")
    assert settings.default_profile == "stage"
    assert settings.last_profile == "stage"
    assert settings.profiles["stage"].name == "stage"


def test_default_must_name_an_existing_profile():
    with pytest.raises(UnknownProfileError, match="no profile named 'prod'"):
        Settings().set_default("prod")
    with pytest.raises(ValidationError):
        Settings(default_profile="prod")


def test_a_last_profile_that_was_removed_is_forgotten():
    assert Settings(last_profile="gone").last_profile is None


def test_language_is_ru_en_or_unset():
    assert Settings(language="ru").language == "ru"
    with pytest.raises(ValidationError):
        Settings(language="de")


@pytest.mark.parametrize(
    ("env", "expected"),
    [({"LANG": "ru_RU.UTF-8"}, "ru"), ({"LC_ALL": "en_US.UTF-8", "LANG": "ru_RU"}, "en"), ({"LANG": "de_DE"}, "en")],
)
def test_unset_language_follows_the_system_locale(env, expected):
    assert system_language(env) == expected


class TestActiveProfile:
    @pytest.fixture
    def settings(self) -> Settings:
        settings = Settings()
        for name in ("prod", "stage", "test"):
            settings.add_profile(remote(name=name))
        settings.set_default("stage")
        return settings

    def test_command_line_wins_over_environment(self, settings):
        assert active_profile(settings, "prod", env={"WALLET_TUI_PROFILE": "test"}).name == "prod"

    def test_environment_wins_over_last_and_default(self, settings):
        settings.last_profile = "prod"
        assert active_profile(settings, None, env={"WALLET_TUI_PROFILE": "test"}).name == "test"

    def test_last_used_wins_over_default(self, settings):
        settings.last_profile = "prod"
        assert active_profile(settings, None, env={}).name == "prod"

    def test_default_when_nothing_else_is_said(self, settings):
        assert active_profile(settings, None, env={}).name == "stage"

    def test_choosing_a_default_overrides_the_last_used(self, settings):
        settings.last_profile = "prod"
        settings.set_default("test")
        assert active_profile(settings, None, env={}).name == "test"

    @pytest.mark.parametrize(
        ("cli", "env", "source"),
        [("prdo", {}, "--profile"), (None, {"WALLET_TUI_PROFILE": "prdo"}, "WALLET_TUI_PROFILE")],
    )
    def test_a_misspelt_name_is_an_error_naming_its_source(self, settings, cli, env, source):
        with pytest.raises(UnknownProfileError) as caught:
            active_profile(settings, cli, env=env)
        assert source in str(caught.value)
        assert "prod" in str(caught.value)  # the known names are listed
