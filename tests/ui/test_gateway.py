"""The gateway: one request per double submit, answers back to the asker's callbacks,
exchanges kept."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

from textual.app import App, ComposeResult
from textual.widgets import Static

from wallet_tui.protocol import InsufficientFundsError
from wallet_tui.ui.gateway import Gateway
from wallet_tui.ui.messages import ExchangeRecorded


class FakeClient:
    def __init__(self) -> None:
        self.on_exchange = None
        self.calls: list[str] = []
        self.release = asyncio.Event()

    async def login(self, credentials):
        self.calls.append("login")
        self.on_exchange(SimpleNamespace(path="/api/auth/v1/token", status=200))
        return "token"

    async def slow(self):
        self.calls.append("slow")
        await self.release.wait()
        return 42

    async def refuse(self):
        raise InsufficientFundsError("not enough", request_id="r-1")


class Asker(Static):
    def __init__(self) -> None:
        super().__init__(id="asker")
        self.got: list = []

    def logged_in(self, token: str) -> None:
        self.got.append(("ok", "login", token))

    def answered(self, value: int) -> None:
        self.got.append(("ok", "slow", value))

    def paid(self, value: object) -> None:
        self.got.append(("ok", "pay", value))

    def failed(self, error: Exception) -> None:
        self.got.append(("failed", error))

    def abandoned(self, idempotency_key: str | None) -> None:
        self.got.append(("abandoned", idempotency_key))

    def ask_slow(self, app: "GatewayApp", **options) -> bool:
        return app.gateway.call(self, lambda c: c.slow(), self.answered, self.failed,
                                on_abandon=self.abandoned, **options)


class GatewayApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.client = FakeClient()
        self.gateway = Gateway(self, self._connect)
        self.recorded: list = []

    def _connect(self, profile, *, on_exchange):
        self.client.on_exchange = on_exchange
        return self.client

    def compose(self) -> ComposeResult:
        yield Asker()

    def on_exchange_recorded(self, message: ExchangeRecorded) -> None:
        self.recorded.append(message.exchange)


async def _logged_in(pilot) -> tuple[GatewayApp, Asker]:
    app = pilot.app
    asker = app.query_one(Asker)
    assert app.gateway.login(asker, SimpleNamespace(name="p"), None, asker.logged_in,
                             asker.failed)
    await app.workers.wait_for_complete()
    await pilot.pause()
    return app, asker


async def test_login_sets_client_and_records_the_exchange():
    async with GatewayApp().run_test() as pilot:
        app, asker = await _logged_in(pilot)
        assert asker.got == [("ok", "login", "token")]
        assert app.gateway.client is app.client
        assert [e.path for e in app.gateway.exchanges] == ["/api/auth/v1/token"]
        assert app.recorded == app.gateway.exchanges


async def test_second_submit_while_in_flight_does_nothing():
    async with GatewayApp().run_test() as pilot:
        app, asker = await _logged_in(pilot)
        assert asker.ask_slow(app)
        assert not asker.ask_slow(app)
        await pilot.pause()
        assert app.gateway.in_flight(asker, asker.answered)
        app.client.release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.client.calls == ["login", "slow"]
        assert asker.got[-1] == ("ok", "slow", 42)
        assert not app.gateway.in_flight(asker, asker.answered)


async def test_api_error_goes_back_to_the_asker():
    async with GatewayApp().run_test() as pilot:
        app, asker = await _logged_in(pilot)
        app.gateway.call(asker, lambda c: c.refuse(), asker.paid, asker.failed)
        await app.workers.wait_for_complete()
        await pilot.pause()
        kind, error = asker.got[-1]
        assert kind == "failed"
        assert isinstance(error, InsufficientFundsError)


async def test_abandon_hands_back_the_key_and_drops_the_late_result():
    async with GatewayApp().run_test() as pilot:
        app, asker = await _logged_in(pilot)
        asker.ask_slow(app, idempotency_key="k-1")
        await pilot.pause()
        app.gateway.abandon(asker, asker.answered)
        await pilot.pause()
        assert asker.got[-1] == ("abandoned", "k-1")
        assert not app.gateway.in_flight(asker, asker.answered)
        # a new submit may start at once
        assert asker.ask_slow(app)
        app.client.release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [g[0] for g in asker.got].count("ok") == 2  # login + the new one only


async def test_another_call_of_the_same_asker_is_not_held_back():
    async with GatewayApp().run_test() as pilot:
        app, asker = await _logged_in(pilot)
        assert asker.ask_slow(app)
        # Another form of the same screen: its own answer method, its own call.
        assert app.gateway.call(asker, lambda c: c.refuse(), asker.paid, asker.failed)
        await pilot.pause()
        assert asker.got[-1][0] == "failed"
        assert app.gateway.in_flight(asker, asker.answered)
        app.client.release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert asker.got[-1] == ("ok", "slow", 42)


async def test_an_answer_after_the_asker_is_gone_goes_nowhere():
    async with GatewayApp().run_test() as pilot:
        app, asker = await _logged_in(pilot)
        assert asker.ask_slow(app)
        await pilot.pause()
        await asker.remove()
        app.client.release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert asker.got == [("ok", "login", "token")]
        assert app.client.calls == ["login", "slow"]
