"""A provider that spells a path differently is met by a profile, not by code: the profile's
[paths] table is checked when read, the client sends to the respelled paths, and
`wallet-tui check` says which paths it used."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from wallet_tui.cli import build_connect, main
from wallet_tui.client import Credentials, WalletClient, remote_transport
from wallet_tui.config import AppPaths, ConfigStore, Profile
from wallet_tui.config.profiles import problems
from wallet_tui.protocol import InvalidRequestError, WithdrawalRequest, wire
from wallet_tui.protocol.paths import DEFAULT_TEMPLATES, PathTable

from .servers import RespelledPaths, sandbox_app, served
from .test_check_command import junit_rows, write_profile

RESPELLED = {
    "banks": "/api/wallet/v1/account/withdrawal/bank",
    "withdrawal_create": "/api/wallet/v1/account/{walletId}/withdrawal",
    "withdrawal": "/api/wallet/v1/account/{walletId}/withdrawal/{withdrawalId}",
}
PATHS_TABLE = "".join(f'{name} = "{template}"\n' for name, template in RESPELLED.items())


def remote(**changes) -> Profile:
    fields = dict(name="provider-test", base_url="https://wallet.example.ru",
                  client_id="partner-client", partner_id="2001")
    return Profile(**{**fields, **changes})


def test_the_seeds_paths_stay_the_default_misspelling_included():
    profile = remote()
    assert profile.path_table().path("withdrawal_create", walletId="1") == \
        "/api/wallet/v1/account/1/wifhdrawal"
    assert profile.path_table().template("banks") == wire.BANKS == \
        "/api/wallet/v1/account/wifhdrawal/bank"


def test_a_profile_may_respell_any_operation():
    table = remote(paths=RESPELLED).path_table()
    assert table.path("withdrawal", walletId="100000000002", withdrawalId="a/b") == \
        "/api/wallet/v1/account/100000000002/withdrawal/a%2Fb"  # ids stay one segment
    assert table.template("refill") == DEFAULT_TEMPLATES["refill"]
    assert [name for name, _, overridden in table.rows() if overridden] == [
        "banks", "withdrawal_create", "withdrawal"]


@pytest.mark.parametrize(("paths", "field", "words"), [
    ({"withdrawal_create": "/api/v1/{walletId}/{walletId}"}, "paths.withdrawal_create",
     "must hold exactly the placeholders {walletId}"),
    ({"payment": "/api/v1/{walletId}/payment"}, "paths.payment",
     "must hold exactly the placeholders {walletId}, {paymentId}"),
    ({"refill": "/api/v1/{wallet_id}/refill"}, "paths.refill", "placeholders {walletId}"),
    ({"refill": "https://evil.example/{walletId}/refill"}, "paths.refill",
     "without a scheme or host"),
    ({"refill": "//evil.example/{walletId}/refill"}, "paths.refill", "without a scheme or host"),
    ({"refill": "api/{walletId}/refill"}, "paths.refill",
     "must start with /, like /api/wallet/v1/account/{walletId}/refill"),
    ({"refill": "/api/{walletId}/refill?x=1"}, "paths.refill", "must not carry a query"),
    ({"refill": "/api/{walletId}/re fill"}, "paths.refill", "characters a path cannot carry"),
    ({"refil": "/api/{walletId}/refill"}, "paths.refil", "no such operation; known ones: token"),
])
def test_a_bad_override_is_refused_naming_the_field(paths, field, words):
    with pytest.raises(ValueError) as refused:
        remote(paths=paths)
    [(named, sentence)] = problems(refused.value)
    assert named == field
    assert str(sentence).startswith(f"{field}: ") and words in str(sentence)


def test_the_embedded_sandbox_takes_no_path_overrides():
    with pytest.raises(ValueError) as refused:
        Profile(name="sandbox", kind="sandbox", client_id="demo-client", partner_id="1001",
                paths=RESPELLED)
    assert problems(refused.value)[0][0] == "paths"


def test_the_config_file_carries_the_paths_table_and_says_which_one_is_wrong(home):
    config = write_profile("https://wallet.example.ru", name="provider-test",
                           extra="[profiles.provider-test.paths]\n" + PATHS_TABLE)
    store = ConfigStore()
    profile = store.load().profile("provider-test")
    assert profile.paths == RESPELLED
    store.save(store.load())  # written back as it was read
    assert ConfigStore().load().profile("provider-test").paths == RESPELLED

    config.write_text(config.read_text().replace('"/api/wallet/v1/account/withdrawal/bank"',
                                                 '"https://other.example/bank"'))
    broken = ConfigStore()
    broken.load()
    assert "paths.banks: a path only, without a scheme or host" in (broken.warning or "")


async def test_a_client_with_respelled_paths_withdraws_from_a_sandbox_that_spells_them_so(
    tmp_path: Path,
):
    with served(RespelledPaths(sandbox_app(tmp_path / "sandbox.sqlite3"))) as url:
        credentials = Credentials(wire.DEMO_CLIENT_ID, wire.DEMO_CLIENT_SECRET,
                                  wire.DEMO_PARTNER_ID)

        def client(paths: PathTable | None) -> WalletClient:
            return WalletClient(base_url=url, credentials=credentials, paths=paths,
                                transport=remote_transport(url, allow_plain_http=True))

        async with client(PathTable(RESPELLED)) as respelled:
            banks = await respelled.list_banks()
            made = await respelled.withdraw("100000000002", WithdrawalRequest(
                bank_id=banks[0].bank_id, phone="+79990000002", amount=Decimal("100.00")))
            status = await respelled.get_withdrawal("100000000002", made.withdrawal_id)
            assert status.withdrawal_id == made.withdrawal_id
            assert (await respelled.get_wallet("100000000002")).balance == Decimal("24890.00")
        async with client(None) as seed:  # the seed's spelling is not served there
            with pytest.raises(InvalidRequestError):
                await seed.list_banks()


def test_build_connect_hands_the_profiles_paths_to_the_client(home):
    connect = build_connect(AppPaths.from_env())
    client = connect(remote(paths=RESPELLED))
    assert client.paths.template("withdrawal_create") == RESPELLED["withdrawal_create"]
    assert connect(remote()).paths.template("withdrawal_create") == \
        DEFAULT_TEMPLATES["withdrawal_create"]


def test_check_uses_the_profiles_paths_and_says_which(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    monkeypatch.setenv("WALLET_TUI_CLIENT_SECRET", wire.DEMO_CLIENT_SECRET)
    with served(RespelledPaths(sandbox_app(tmp_path / "sandbox.sqlite3"))) as url:
        write_profile(url, extra="[profiles.local.paths]\n" + PATHS_TABLE)
        junit = tmp_path / "check.xml"
        code = main(["check", "--profile", "local", "--report", str(tmp_path), "--junit",
                     str(junit), "--wallet", "100000000002", "--money",
                     "--test-wallet", "100000000002", "--row", "banks", "--row",
                     "money.withdrawal", "--row", "money.cleanup"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert junit_rows(junit) == {"banks": "passed", "money.withdrawal": "passed",
                                 "money.cleanup": "passed"}
    assert "Paths overridden by the profile" in out
    assert "withdrawal_create: /api/wallet/v1/account/{walletId}/withdrawal" in out
    report = next(tmp_path.glob("wallet-tui-check-*.md")).read_text()
    assert "| withdrawal\\_create |" in report or "| withdrawal_create |" in report
    assert "| /api/wallet/v1/account/{walletId}/withdrawal | profile |" in report
    assert "| /api/wallet/v1/account/{walletId}/refill | seed |" in report


def test_the_profile_command_respells_a_path_and_puts_it_back(home, capsys):
    assert main(["profile", "add", "provider", "--base-url", "https://wallet.example.ru",
                 "--client-id", "c", "--partner-id", "1", "--path",
                 "banks=" + RESPELLED["banks"], "--check-wallet", "100000000002"]) == 0
    saved = ConfigStore().load().profile("provider")
    assert saved.paths == {"banks": RESPELLED["banks"]}
    assert saved.check_wallets == ["100000000002"]

    assert main(["profile", "edit", "provider", "--path", "refill=/x/{wallet}/refill"]) == 2
    assert "paths.refill: must hold exactly the placeholders {walletId}" in \
        capsys.readouterr().err
    assert main(["profile", "edit", "provider", "--path", "banks="]) == 0
    assert ConfigStore().load().profile("provider").paths == {}
    # A profile without overrides is written as before: no empty tables.
    assert "[profiles.provider.paths]" not in AppPaths.from_env().config_file.read_text()
    assert "[profiles.sandbox.paths]" not in AppPaths.from_env().config_file.read_text()
