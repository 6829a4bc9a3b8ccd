"""WalletClient: one typed async method per operation of the wallet API."""

from __future__ import annotations

import json
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from types import TracebackType
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel

from wallet_tui.protocol import (
    Bank,
    BankList,
    Faults,
    FaultsUpdate,
    Identification,
    IdentificationRequest,
    Operation,
    OperationsPage,
    Payment,
    PaymentConfirmRequest,
    PaymentInitRequest,
    RefillRequest,
    RegistrationRequest,
    TokenResponse,
    Wallet,
    Withdrawal,
    WithdrawalRequest,
    wire,
)
from wallet_tui.protocol.paths import DEFAULT_PATHS, PathTable

from .auth import TokenAuth
from .clock import ClientClock, SystemClock
from .errors import BadResponse, OutcomeUnknown
from .exchange import Exchange
from .raw import RawReply
from .recording import RecordingTransport
from .replies import expect_success, model_of
from .retry import RetryPolicy, Safety
from .sender import AttemptHook, Sender, check_idempotency_key, new_idempotency_key
from .tokens import Credentials, TokenSession, TokenState
from .transport import remote_transport

ModelT = TypeVar("ModelT", bound=BaseModel)
_RAW_METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE"})
try:
    _USER_AGENT = f"wallet-tui/{version('wallet-tui')}"
except PackageNotFoundError:  # running from a source tree that was not installed
    _USER_AGENT = "wallet-tui"


def _network_transport(base_url: str, verify: bool | str) -> httpx.AsyncBaseTransport:
    # Plain http only to this machine (a sandbox served locally); TLS checks always on.
    return remote_transport(
        base_url,
        verify_tls=verify is not False,
        ca_bundle=verify if isinstance(verify, str) else None,
        allow_plain_http=True,
    )


def _json_bytes(payload: Any) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


class WalletClient:
    def __init__(
        self,
        *,
        base_url: str,
        transport: httpx.AsyncBaseTransport | None = None,
        credentials: Credentials | None = None,
        timeout: float = 15.0,
        verify: bool | str = True,
        on_exchange: Callable[[Exchange], None] | None = None,
        max_attempts: int = 4,
        retry_budget_seconds: float = 20.0,
        clock: ClientClock | None = None,
        paths: PathTable | None = None,
        on_attempt: AttemptHook | None = None,
    ) -> None:
        self._clock = clock or SystemClock()
        # The profile's path table: the seed's paths unless the profile respells some.
        self._paths = paths or DEFAULT_PATHS
        inner = transport if transport is not None else _network_transport(base_url, verify)
        self._http = httpx.AsyncClient(
            base_url=base_url,
            transport=RecordingTransport(inner, clock=self._clock, on_exchange=on_exchange),
            timeout=timeout,
            headers={"User-Agent": _USER_AGENT},
            follow_redirects=False,  # a redirect would carry the bearer token elsewhere
        )
        policy = RetryPolicy(max_attempts=max_attempts, budget_seconds=retry_budget_seconds)
        self._sender = Sender(self._http, policy=policy, clock=self._clock)
        self._sender.on_attempt = on_attempt
        self._session = TokenSession(self._sender, self._clock, credentials,
                                     token_path=self._paths.template("token"))
        self._auth = TokenAuth(self._session, before_resend=self._sender.announce)

    async def __aenter__(self) -> WalletClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    @property
    def base_url(self) -> str:
        return self._sender.server

    @property
    def paths(self) -> PathTable:
        """The path of each operation this client sends to."""
        return self._paths

    @property
    def on_attempt(self) -> AttemptHook | None:
        """Awaited with (Idempotency-Key, X-Request-Id) just before each attempt of a keyed
        call (a wallet POST) is sent, retries and the resend after a 401 included: the caller
        can record the request id the server will see before anything leaves. What it raises
        stops that request unsent."""
        return self._sender.on_attempt

    @on_attempt.setter
    def on_attempt(self, hook: AttemptHook | None) -> None:
        self._sender.on_attempt = hook

    # --- session ---------------------------------------------------------------------------

    @property
    def credentials(self) -> Credentials | None:
        return self._session.credentials

    @credentials.setter
    def credentials(self, credentials: Credentials | None) -> None:
        self._session.credentials = credentials

    @property
    def token_state(self) -> TokenState:
        return self._session.state

    async def login(self, credentials: Credentials | None = None) -> TokenResponse:
        """Logs in (again) with ``credentials``, or with those already set."""
        return await self._session.login(credentials)

    def logout(self) -> None:
        """Forgets the tokens; the next call logs in again with the stored credentials."""
        self._session.forget()

    # --- wallets ---------------------------------------------------------------------------

    async def get_wallet(self, wallet_id: str) -> Wallet:
        return await self._get(Wallet, self._paths.path("wallet", walletId=wallet_id))

    async def find_wallet_by_phone(self, phone: str) -> Wallet:
        """``phone`` in E.164 (+79161234567); the '+' travels as %2B."""
        return await self._get(Wallet, self._paths.path("wallet_by_phone"),
                               params={wire.QUERY_PHONE: phone})

    async def list_operations(
        self, wallet_id: str, *, limit: int = wire.OPERATIONS_LIMIT_DEFAULT, offset: int = 0
    ) -> OperationsPage:
        if not wire.OPERATIONS_LIMIT_MIN <= limit <= wire.OPERATIONS_LIMIT_MAX:
            raise ValueError(
                f"limit is {wire.OPERATIONS_LIMIT_MIN} to {wire.OPERATIONS_LIMIT_MAX}, not {limit}"
            )
        if offset < 0:
            raise ValueError(f"offset is 0 or more, not {offset}")
        params = {wire.QUERY_LIMIT: limit, wire.QUERY_OFFSET: offset}
        return await self._get(OperationsPage, self._paths.path("operations", walletId=wallet_id),
                               params=params)

    async def register_wallet(
        self, request: RegistrationRequest, *, idempotency_key: str | None = None
    ) -> Wallet:
        return await self._wallet_post(Wallet, self._paths.path("registration"), request.to_wire(),
                                       operation="registration", idempotency_key=idempotency_key)

    async def set_identification(
        self,
        wallet_id: str,
        level: Identification,
        person: IdentificationRequest | None = None,
        *,
        idempotency_key: str | None = None,
    ) -> Wallet:
        path = self._paths.path("identification", walletId=wallet_id,
                               Identified=Identification(level).value)
        body = person.to_wire() if person is not None else {}
        return await self._wallet_post(Wallet, path, body, operation="identification",
                                       idempotency_key=idempotency_key)

    async def refill(
        self, wallet_id: str, request: RefillRequest, *, idempotency_key: str | None = None
    ) -> Operation:
        return await self._wallet_post(Operation, self._paths.path("refill", walletId=wallet_id),
                                       request.to_wire(),
                                       operation="refill", idempotency_key=idempotency_key)

    async def init_payment(
        self, wallet_id: str, request: PaymentInitRequest, *, idempotency_key: str | None = None
    ) -> Payment:
        return await self._wallet_post(
            Payment, self._paths.path("payment_initialization", walletId=wallet_id),
            request.to_wire(),
            operation="payment initialization", idempotency_key=idempotency_key,
        )

    async def confirm_payment(
        self, wallet_id: str, payment_id: str, *, idempotency_key: str | None = None
    ) -> Operation:
        body = PaymentConfirmRequest(payment_id=payment_id).to_wire()
        return await self._wallet_post(
            Operation, self._paths.path("payment_confirmation", walletId=wallet_id), body,
            operation="payment confirmation", idempotency_key=idempotency_key,
        )

    async def get_payment(self, wallet_id: str, payment_id: str) -> Payment:
        return await self._get(
            Payment, self._paths.path("payment", walletId=wallet_id, paymentId=payment_id)
        )

    async def list_banks(self) -> list[Bank]:
        return (await self._get(BankList, self._paths.path("banks"))).banks

    async def withdraw(
        self, wallet_id: str, request: WithdrawalRequest, *, idempotency_key: str | None = None
    ) -> Withdrawal:
        return await self._wallet_post(
            Withdrawal, self._paths.path("withdrawal_create", walletId=wallet_id),
            request.to_wire(),
            operation="withdrawal", idempotency_key=idempotency_key,
        )

    async def get_withdrawal(self, wallet_id: str, withdrawal_id: str) -> Withdrawal:
        return await self._get(Withdrawal, self._paths.path(
            "withdrawal", walletId=wallet_id, withdrawalId=withdrawal_id))

    # --- the raw console -------------------------------------------------------------------

    async def send_raw(
        self, method: str, path: str, body: Any | None = None, *,
        idempotency_key: str | None = None,
    ) -> RawReply:
        """Sends one request as given and returns the answer, error answers included.

        ``path`` is relative to the base URL (a full URL could carry the token to another
        host). A ``str`` body is sent verbatim, anything else as JSON. POSTs carry an
        Idempotency-Key like every wallet POST. Sent once: never retried."""
        method = method.upper()
        if method not in _RAW_METHODS:
            raise ValueError(f"method is one of {', '.join(sorted(_RAW_METHODS))}, not {method}")
        if not path.startswith("/") or path.startswith("//"):
            raise ValueError(f"path must start with a single '/', e.g. {wire.BANKS}")
        key = None
        if method == "POST":
            key = check_idempotency_key(idempotency_key or new_idempotency_key())
        content = None if body is None else (
            body.encode() if isinstance(body, str) else _json_bytes(body)
        )
        # The token endpoint is where tokens come from; asking for one first is pointless.
        auth = None if path.split("?")[0] == self._paths.template("token") else self._auth
        response = await self._sender.send(method, path, safety=Safety.ONCE,
                                           operation=f"{method} {path}", body=content,
                                           idempotency_key=key, auth=auth)
        return RawReply.of(response, key)

    async def probe(
        self, method: str, path: str, *, params: dict[str, Any] | None = None,
        body: Any | None = None, content: bytes | None = None,
        headers: dict[str, str] | None = None, bearer: str | None = None,
        authorized: bool = True, idempotency_key: str | None = None,
    ) -> httpx.Response:
        """Sends one request exactly as asked, once, and hands back the whole answer, error
        answers included: what `wallet-tui check` needs to test a server against the
        contract. Recorded (and masked there) like every exchange.

        ``bearer`` sends that access token instead of the session's; ``authorized=False``
        sends none. ``content`` goes verbatim (a malformed body), ``body`` as JSON."""
        if not path.startswith("/") or path.startswith("//"):
            raise ValueError("path must start with a single '/'")
        if body is not None:
            content = _json_bytes(body)
        extra = dict(headers or {})
        auth: httpx.Auth | None = None
        if bearer is not None:
            extra[wire.AUTHORIZATION] = f"{wire.BEARER} {bearer}"
        elif authorized:
            auth = self._auth
        return await self._sender.send(
            method.upper(), path, safety=Safety.ONCE, operation=f"{method.upper()} {path}",
            params=params, body=content, idempotency_key=idempotency_key, auth=auth,
            headers=extra,
        )

    # --- sandbox extensions ----------------------------------------------------------------

    async def sandbox_reset(self) -> None:
        # Resetting twice leaves what resetting once does: safe to repeat.
        response = await self._sender.send("POST", wire.SANDBOX_RESET, safety=Safety.REPEATABLE,
                                           operation="sandbox reset", auth=self._auth)
        expect_success(response)

    async def get_faults(self) -> Faults:
        return await self._get(Faults, wire.SANDBOX_FAULTS)

    async def set_faults(self, update: FaultsUpdate) -> Faults:
        response = await self._sender.send(
            "PUT", wire.SANDBOX_FAULTS, safety=Safety.REPEATABLE, operation="faults update",
            body=_json_bytes(update.to_wire()), auth=self._auth,
        )
        return model_of(response, Faults)

    async def sandbox_advance_clock(self, seconds: float) -> None:
        """Moves the sandbox's clock forward (sandbox over HTTP only). Never repeated: a
        repeat would move it twice."""
        response = await self._sender.send(
            "POST", wire.SANDBOX_CLOCK, safety=Safety.ONCE, operation="sandbox clock",
            body=_json_bytes({"advanceSeconds": seconds}), auth=self._auth,
        )
        expect_success(response)

    # --- plumbing --------------------------------------------------------------------------

    async def _get(
        self, model: type[ModelT], path: str, *, params: dict[str, Any] | None = None
    ) -> ModelT:
        response = await self._sender.send("GET", path, safety=Safety.REPEATABLE,
                                           operation=f"GET {path}", params=params,
                                           auth=self._auth)
        return model_of(response, model)

    async def _wallet_post(
        self, model: type[ModelT], path: str, body: Any, *, operation: str,
        idempotency_key: str | None,
    ) -> ModelT:
        key = check_idempotency_key(idempotency_key or new_idempotency_key())
        response = await self._sender.send("POST", path, safety=Safety.KEYED,
                                           operation=operation, body=_json_bytes(body),
                                           idempotency_key=key, auth=self._auth)
        try:
            return model_of(response, model)
        except BadResponse as unreadable:
            if 200 <= response.status_code < 300:
                # It was done, but what was done cannot be read: ask again to learn it.
                raise OutcomeUnknown(idempotency_key=key, operation=operation,
                                     reason=unreadable.reason) from unreadable
            raise
