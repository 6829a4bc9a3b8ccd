"""The path every /api/ call takes, in the contract's order:

auth (UNAUTHORIZED) → `rateLimitPerMinute` (TOO_MANY_REQUESTS) → body and parameters
(INVALID_REQUEST) → idempotency key (replay, 4001, 4002, or held) → `latencyMs` → one IMMEDIATE
transaction: settle due withdrawals, do the work (business refusals roll back to a savepoint),
keep the answer under the key → maybe drop the exchange after commit (`dropAfterCommitRate`)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from wallet_tui.protocol import ErrorName, wire
from wallet_tui.protocol.models import Limits, Wallet, WireModel

from . import paths
from .bodies import parse_json, read_body
from .errors import BODY, SandboxError, encode, invalid, problems_of
from .faults import Drop
from .idempotency import Held, IdempotencyStore, Replay, check_key, fingerprint
from .state import SandboxState
from .views import Ctx

ModelT = TypeVar("ModelT", bound=WireModel)

REQUEST_ID_STATE = "request_id"
BODY_METHODS = frozenset({"POST", "PUT"})
JSON = wire.JSON_CONTENT_TYPE
# The one response field whose null is meaningful ("no monthly cap"); other nulls are omitted.
LIMITS = Wallet.model_fields["limits"].alias or "limits"
NO_CAP = Limits.model_fields["monthly_turnover_limit"].alias or "monthlyTurnoverLimit"


def model_bytes(model: BaseModel) -> bytes:
    body = model.model_dump(mode="json", by_alias=True, exclude_none=True)
    if isinstance(model, Wallet):
        body[LIMITS].setdefault(NO_CAP, None)
    return encode(body)


def json_response(
    status: int, content: bytes, headers: dict[str, str] | None = None
) -> Response:
    return Response(content, status_code=status, media_type=JSON, headers=headers)


def error_response(error: SandboxError, request_id: str | None) -> Response:
    return json_response(error.status, error.body(request_id), error.headers)


class ConnectionCut(Exception):
    """Raised after half an answer was sent: the exchange ends like a dropped connection."""


class CutResponse(Response):
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send(
            {"type": "http.response.start", "status": self.status_code, "headers": self.raw_headers}
        )
        half = self.body[: len(self.body) // 2]
        await send({"type": "http.response.body", "body": half, "more_body": True})
        raise ConnectionCut("sandbox fault dropAfterCommitRate: connection cut after commit")


def request_id_of(request: Request) -> str | None:
    return request.scope.get("state", {}).get(REQUEST_ID_STATE)


def _limit_rate(state: SandboxState, partner_id: str) -> None:
    """Refuses the call before any work or key is touched, so a repeat runs afresh."""
    wait = state.faults.admit(partner_id, state.now())
    if wait is not None:
        limit = state.faults.current.rate_limit_per_minute
        raise SandboxError(
            ErrorName.TOO_MANY_REQUESTS,
            f"Sandbox fault rateLimitPerMinute: at most {limit} calls a minute; "
            f"retry in {wait} s",
            headers={wire.RETRY_AFTER: str(wait)},
        )


class ApiCall:
    """One /api/ request on its way through the pipeline."""

    def __init__(self, request: Request, state: SandboxState, partner_id: str | None) -> None:
        self.request = request
        self.state = state
        self.partner_id = partner_id
        self.request_id = request_id_of(request)
        self.json: Any = None
        self.response_headers: dict[str, str] = {}

    @classmethod
    async def start(cls, request: Request, *, authenticated: bool = True) -> ApiCall:
        state: SandboxState = request.app.state.sandbox
        partner_id = None
        if authenticated:
            partner_id = state.partner_of(request.headers.get(wire.AUTHORIZATION))
            if request.url.path.startswith(paths.API_PREFIX):
                _limit_rate(state, partner_id)
        call = cls(request, state, partner_id)
        await call._read_json()
        return call

    async def _read_json(self) -> None:
        if self.request.method not in BODY_METHODS:
            return  # a GET's body means nothing: it is neither read nor judged
        raw = await read_body(self.request)
        if not raw.strip():
            return
        self.json = parse_json(raw)

    def body(self, model: type[ModelT], *, optional: bool = False) -> ModelT | None:
        if self.json is None:
            if optional:
                return None
            raise invalid([(BODY, "a JSON object is required")])
        if not isinstance(self.json, dict):
            raise invalid([(BODY, "must be a JSON object")])
        # Fields the wire must carry though the model defaults them (currency, grantType).
        problems = [(name, "is required") for name in model.missing_on_the_wire(self.json)]
        try:
            value = model.model_validate(self.json)
        except ValidationError as error:
            problems += problems_of(error)
        if problems:
            raise invalid(problems)
        return value

    async def run(
        self,
        work: Callable[[Ctx], BaseModel],
        *,
        status: int = 200,
        keyed: bool = False,
        money_moving: bool = False,
        reads_only: bool = False,
    ) -> Response:
        """Runs `work` in one transaction; `reads_only` work takes a snapshot, not the write lock
        (unless withdrawals are due to be settled first)."""
        held = None
        if keyed:
            outcome = self._hold_key()
            if isinstance(outcome, Replay):
                headers = {wire.IDEMPOTENT_REPLAYED: "true"}
                return json_response(outcome.status, outcome.body, headers)
            held = outcome
        try:
            if self.state.faults.latency_seconds:
                await asyncio.sleep(self.state.faults.latency_seconds)
            answer_status, content = self._execute(work, status, held, reads_only)
        except BaseException:
            if held is not None:
                self.state.idempotency.release(held)
            raise
        if money_moving:
            drop = self.state.faults.draw_drop()
            if drop is Drop.SERVER_ERROR:
                raise SandboxError(
                    ErrorName.INTERNAL_ERROR,
                    "Sandbox fault dropAfterCommitRate: the answer was lost after the work was done",
                )
            if drop is Drop.CUT:
                return CutResponse(content, answer_status, media_type=JSON)
        return json_response(answer_status, content, self.response_headers)

    def _hold_key(self) -> Held | Replay | None:
        key = self.request.headers.get(wire.IDEMPOTENCY_KEY)
        if key is None or self.partner_id is None:
            return None
        check_key(key)
        print_ = fingerprint(self.request.method, self.request.url.path, self.json)
        return self.state.idempotency.begin(
            self.partner_id, key, print_, self.state.now(), self.state.faults.latency_seconds
        )

    def _execute(
        self, work: Callable[[Ctx], BaseModel], status: int, held: Held | None, reads_only: bool
    ) -> tuple[int, bytes]:
        database = self.state.database
        snapshot = reads_only and held is None and not self.state.settlement_due()
        with database.reading() if snapshot else database.transaction() as conn:
            ctx = self.state.context(self.partner_id or "", settle=not snapshot)
            try:
                with database.savepoint():
                    answer_status, content = status, model_bytes(work(ctx))
            except SandboxError as error:
                if not error.kept_for_idempotency:
                    raise
                answer_status, content = error.status, error.body(self.request_id)
            if held is not None and not IdempotencyStore.complete(
                conn, held, answer_status, content
            ):
                raise SandboxError(
                    ErrorName.REQUEST_IN_PROGRESS,
                    "Another request took over this Idempotency-Key",
                )
        return answer_status, content
