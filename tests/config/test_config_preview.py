"""The quick reading the login is first drawn from (`ConfigStore.preview()`) never says
anything the full pydantic validation would not: it either agrees with it or steps aside."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from wallet_tui.config import ConfigStore, UnknownProfileError, active_profile
from wallet_tui.config.preview import preview_document, view_of
from wallet_tui.config.store import settings_from_document

JUNK = st.one_of(st.integers(-1, 3), st.booleans(), st.just(["list"]), st.just({"a": 1}))


def mostly(good: st.SearchStrategy, bad: st.SearchStrategy = JUNK) -> st.SearchStrategy:
    """Good values nine times in ten, so that whole valid files come up often too."""
    return st.integers(0, 9).flatmap(lambda roll: good if roll else bad)


NAMES = mostly(st.sampled_from(["sandbox", "test-host", "local"]),
               st.sampled_from(["Bad Name", " local ", "x" * 41, ""]))
URLS = st.sampled_from([
    "https://wallet.example.ru", "https://wallet.example.ru/ ", " https://x.ru/api/",
    "http://127.0.0.1:8080", "http://localhost", "http://example.ru", "https://u:p@x.ru",
    "https://x.ru/?q=1", "ftp://x.ru", "", "  ",
])
IDS = st.sampled_from(["acme", " acme ", "4242", "demo-client", "other-client", "", " "])
PROFILE = st.fixed_dictionaries({}, optional={
    "name": NAMES,
    "kind": mostly(st.sampled_from(["sandbox", "remote"]), st.just("other")),
    "base_url": mostly(URLS),
    "client_id": mostly(IDS),
    "partner_id": mostly(IDS),
    "timeout_seconds": mostly(st.one_of(st.integers(0, 130), st.floats(0.5, 130)),
                              st.sampled_from([True, "30"])),
    "verify_tls": mostly(st.just(True), st.sampled_from([False, "yes"])),
    "ca_bundle": mostly(st.sampled_from(["", "/etc/ssl/nowhere.pem"]), st.just(5)),
    "allow_plain_http": mostly(st.booleans(), st.just(1)),
    "notes": st.text(max_size=3),
})
DOCUMENT = st.fixed_dictionaries({}, optional={
    "default_profile": mostly(NAMES),
    "profiles": mostly(st.dictionaries(NAMES, mostly(PROFILE), max_size=3)),
    "preferences": mostly(st.fixed_dictionaries({}, optional={
        "theme": mostly(st.sampled_from(["nord", " wallet-light ", "  "])),
        "language": mostly(st.sampled_from(["ru", "en"]), st.sampled_from(["de", 1])),
        "inspector_open": mostly(st.booleans(), st.just(1)),
        "last_profile": mostly(NAMES),
        "font": st.just("big"),
    })),
    "unknown": st.just({"kept": True}),
})


def full_reading(document: dict) -> tuple | None:
    try:
        loaded = settings_from_document(document)
    except ValueError:  # pydantic's ValidationError too: a broken file
        return None
    return ([view_of(p) for p in loaded.profiles.values()], loaded.default_profile,
            loaded.last_profile, loaded.theme, loaded.language, loaded.inspector_open)


REMOTE = {"kind": "remote", "base_url": "https://x.ru", "client_id": "c", "partner_id": "1"}


@settings(max_examples=400, deadline=None)
@given(DOCUMENT)
@example({"profiles": {"a": {**REMOTE, "verify_tls": False}}})
@example({"profiles": {"a": {**REMOTE, "base_url": "http://x.ru"}}})
@example({"profiles": {"a": {**REMOTE, "base_url": "http://127.0.0.1"}}})
@example({"profiles": {"a": {**REMOTE, "name": "b"}}})
@example({"profiles": {"a": {**REMOTE, "timeout_seconds": True}}})
@example({"profiles": {"a": {**REMOTE, "timeout_seconds": 121}}})
@example({"profiles": {"sandbox": {**REMOTE}}})
@example({"profiles": {"a": {**REMOTE, "partner_id": " "}}})
@example({"preferences": {"language": "de"}})
@example({"preferences": {"inspector_open": 1}})
@example({"default_profile": "a"})
def test_the_preview_agrees_with_the_validation_or_steps_aside(document):
    preview = preview_document(document)
    full = full_reading(document)
    if full is None:
        assert preview is None, "a broken file must be left to the full validation"
    if preview is not None:
        assert (list(preview.profiles.values()), preview.default_profile, preview.last_profile,
                preview.theme, preview.language, preview.inspector_open) == full


def test_the_documented_example_file_is_drawn_from_the_preview(tmp_path):
    (tmp_path / "ca.pem").write_text("not checked here")
    path = tmp_path / "config.toml"
    path.write_text(f"""
default_profile = "test-host"
[preferences]
theme = "nord"
language = "ru"
inspector_open = true
last_profile = "sandbox"
[profiles.sandbox]
kind = "sandbox"
client_id = "demo-client"
partner_id = "1001"
[profiles.test-host]
kind = "remote"
base_url = "https://wallet-test.example.ru/"
client_id = "acme"
partner_id = "4242"
timeout_seconds = 30.0
ca_bundle = "{tmp_path / 'ca.pem'}"
[profiles.local]
kind = "remote"
base_url = "http://127.0.0.1:8080"
client_id = "demo-client"
partner_id = "1001"
allow_plain_http = true
""")
    store = ConfigStore(path)
    preview = store.preview()
    settings_ = store.load()
    assert preview is not None
    assert list(preview.profiles.values()) == [view_of(p) for p in settings_.profiles.values()]
    assert preview.profiles["test-host"].describe() == "https://wallet-test.example.ru"
    assert preview.start_profile() == view_of(active_profile(settings_))
    assert preview.start_profile("local", env={}) == view_of(active_profile(settings_, "local"))
    with pytest.raises(UnknownProfileError, match="--profile"):
        preview.start_profile("nowhere")
    with pytest.raises(UnknownProfileError, match="WALLET_TUI_PROFILE"):
        preview.start_profile(env={"WALLET_TUI_PROFILE": "nowhere"})


def test_no_file_previews_the_defaults(tmp_path):
    store = ConfigStore(tmp_path / "config.toml")
    preview = store.preview()
    assert preview is not None
    assert list(preview.profiles.values()) == [view_of(p) for p in store.load().profiles.values()]


def test_a_broken_file_is_left_to_load_which_sets_it_aside(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text("default_profile = [unclosed")
    store = ConfigStore(path)
    assert store.preview() is None
    assert path.exists() and store.warning is None, "the preview moves nothing, says nothing"
    store.load()
    assert not path.exists() and store.broken_copy is not None and store.warning
