"""The wire's JSON bodies as pydantic models; camelCase on the wire, snake_case in Python."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
)
from pydantic.alias_generators import to_camel

from . import wire
from .levels import Identification
from .money import Amount, Money
from .phone import Phone


def _to_utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


def format_utc(value: datetime) -> str:
    text = value.astimezone(UTC).isoformat()
    return text.replace("+00:00", "Z")


UtcDatetime = Annotated[
    AwareDatetime,
    AfterValidator(_to_utc),
    PlainSerializer(format_utc, return_type=str, when_used="always"),
]

Currency = Literal["RUB"]
# The bounds are wire.py's: the desk's forms check the same ones.
Name = Annotated[str, Field(min_length=1, max_length=wire.NAME_MAX_LENGTH)]
Email = Annotated[str, Field(max_length=wire.EMAIL_MAX_LENGTH, pattern=wire.EMAIL_PATTERN)]
OpaqueId = Annotated[str, Field(min_length=1, max_length=wire.ID_MAX_LENGTH)]
ExternalId = Annotated[str, Field(min_length=1, max_length=wire.EXTERNAL_ID_MAX_LENGTH)]
Description = Annotated[str, Field(max_length=wire.DESCRIPTION_MAX_LENGTH)]
ClientId = Annotated[str, Field(min_length=1, max_length=wire.CLIENT_ID_MAX_LENGTH)]


def _wire_required(schema: dict[str, Any], model: type[BaseModel]) -> None:
    required = getattr(model, "WIRE_REQUIRED", ())
    if required:
        aliases = [model.model_fields[name].alias or name for name in required]
        schema["required"] = list(dict.fromkeys([*schema.get("required", []), *aliases]))


class WireModel(BaseModel):
    model_config = ConfigDict(
        alias_generator=to_camel,
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
        extra="ignore",
        json_schema_extra=_wire_required,
    )

    # Fields a body on the wire must carry although the Python model has a default for them
    # (the desk builds its requests without spelling the only currency out). The sandbox
    # refuses a body without them (`missing_on_the_wire`); the JSON schema lists them required.
    WIRE_REQUIRED: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def missing_on_the_wire(cls, body: dict[str, Any]) -> list[str]:
        """The wire names of WIRE_REQUIRED fields `body` (a parsed JSON object) lacks."""
        missing = []
        for name in cls.WIRE_REQUIRED:
            alias = cls.model_fields[name].alias or name
            if alias not in body and name not in body:
                missing.append(alias)
        return missing

    def to_wire(self, *, keep_nulls: bool = False) -> dict[str, Any]:
        """The JSON-ready body: aliases, money as strings; requests drop unset optionals,
        responses keep meaningful nulls (``monthlyTurnoverLimit: null``)."""
        return self.model_dump(mode="json", by_alias=True, exclude_none=not keep_nulls)


# --- Authorization (provider section 4) ---------------------------------------------------


class LoginRequest(WireModel):
    WIRE_REQUIRED = ("grant_type",)

    grant_type: Literal["client_credentials"] = "client_credentials"
    client_id: ClientId
    client_secret: Annotated[str, Field(min_length=1, max_length=wire.CLIENT_SECRET_MAX_LENGTH)]
    partner_id: Annotated[str, Field(min_length=1, max_length=wire.PARTNER_ID_MAX_LENGTH)]


class RefreshRequest(WireModel):
    WIRE_REQUIRED = ("grant_type",)

    grant_type: Literal["refresh_token"] = "refresh_token"
    refresh_token: Annotated[str, Field(min_length=1, max_length=wire.REFRESH_TOKEN_MAX_LENGTH)]
    client_id: ClientId


class TokenResponse(WireModel):
    access_token: str
    refresh_token: str
    token_type: Literal["Bearer"] = "Bearer"
    expires_in: int
    refresh_expires_in: int


# --- Wallets (provider section 4.1) ---------------------------------------------------------


class WalletStatus(StrEnum):
    ACTIVE = "ACTIVE"
    BLOCKED = "BLOCKED"


class Limits(WireModel):
    balance_limit: Money
    monthly_turnover_limit: Money | None
    monthly_turnover_used: Money


class PersonData(WireModel):
    first_name: Name | None = None
    last_name: Name | None = None
    middle_name: Name | None = None
    email: Email | None = None


class RegistrationRequest(PersonData):
    phone: Phone


class IdentificationRequest(PersonData):
    """Optional person data sent with a change of identification level."""


class Wallet(WireModel):
    wallet_id: str
    phone: str
    first_name: str | None = None
    last_name: str | None = None
    middle_name: str | None = None
    email: str | None = None
    status: WalletStatus
    identification: Identification
    balance: Money
    currency: Currency = "RUB"
    limits: Limits
    created_at: UtcDatetime
    updated_at: UtcDatetime

    @property
    def display_name(self) -> str:
        parts = [self.first_name, self.middle_name, self.last_name]
        return " ".join(p for p in parts if p) or "—"


class OperationType(StrEnum):
    REFILL = "REFILL"
    PAYMENT = "PAYMENT"
    WITHDRAWAL = "WITHDRAWAL"
    WITHDRAWAL_REFUND = "WITHDRAWAL_REFUND"


class OperationStatus(StrEnum):
    PROCESSING = "PROCESSING"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"


class Operation(WireModel):
    operation_id: str
    wallet_id: str
    type: OperationType
    status: OperationStatus
    amount: Money
    fee: Money
    balance: Money
    external_id: str | None = None
    description: str | None = None
    payment_id: str | None = None
    withdrawal_id: str | None = None
    created_at: UtcDatetime


class OperationsPage(WireModel):
    items: list[Operation]
    total: int


class RefillRequest(WireModel):
    WIRE_REQUIRED = ("currency",)

    amount: Amount
    currency: Currency = "RUB"
    external_id: ExternalId | None = None
    description: Description | None = None


class PaymentInitRequest(WireModel):
    WIRE_REQUIRED = ("currency",)

    amount: Amount
    currency: Currency = "RUB"
    description: Description | None = None
    external_id: ExternalId | None = None


class PaymentStatus(StrEnum):
    CREATED = "CREATED"
    SUCCEEDED = "SUCCEEDED"
    EXPIRED = "EXPIRED"


class Payment(WireModel):
    payment_id: str
    wallet_id: str
    status: PaymentStatus
    amount: Money
    fee: Money
    total_amount: Money
    currency: Currency = "RUB"
    description: str | None = None
    external_id: str | None = None
    expires_at: UtcDatetime


class PaymentConfirmRequest(WireModel):
    payment_id: OpaqueId


class Bank(WireModel):
    bank_id: str
    name: str
    bic: str | None = None


class BankList(WireModel):
    banks: list[Bank]


class WithdrawalRequest(WireModel):
    WIRE_REQUIRED = ("currency",)

    bank_id: OpaqueId
    phone: Phone
    amount: Amount
    currency: Currency = "RUB"
    external_id: ExternalId | None = None


class WithdrawalStatus(StrEnum):
    PROCESSING = "PROCESSING"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"


class Withdrawal(WireModel):
    withdrawal_id: str
    wallet_id: str
    status: WithdrawalStatus
    amount: Money
    fee: Money
    total_amount: Money
    currency: Currency = "RUB"
    bank_id: str
    phone: str
    balance: Money
    external_id: str | None = None
    failure_reason: str | None = None
    created_at: UtcDatetime


# --- Errors (provider section 5.1) ---------------------------------------------------------


class FieldProblem(WireModel):
    field: str
    problem: str


class ErrorBody(WireModel):
    code: int
    name: str
    message: str
    details: dict[str, Any] | None = None
    request_id: str | None = None


# --- Sandbox extensions ---------------------------------------------------------------------

# Numbers on the wire are JSON numbers: strict, so "0.5", true and false are refused.
STRICT = Field(strict=True)
RATE_LIMIT_PER_MINUTE = Field(
    strict=True,
    ge=0, le=wire.RATE_LIMIT_PER_MINUTE_MAX,
    description="/api/ calls (token call excepted) a partner may make in any 60 s; "
    "0 = no limit. More are 429 TOO_MANY_REQUESTS with Retry-After.",
)
LatencyMs = Annotated[int, Field(ge=0, le=wire.LATENCY_MS_MAX)]
Rate = Annotated[float, Field(ge=0, le=1)]
TtlSeconds = Annotated[int, Field(ge=1, le=wire.TTL_SECONDS_MAX)]
SettleSeconds = Annotated[int, Field(ge=0, le=wire.WITHDRAWAL_SETTLE_SECONDS_MAX)]


class Faults(WireModel):
    latency_ms: LatencyMs = 0
    error_rate: Rate = 0.0
    drop_after_commit_rate: Rate = 0.0
    token_ttl_seconds: TtlSeconds = 300
    payment_ttl_seconds: TtlSeconds = 900
    withdrawal_settle_seconds: SettleSeconds = 2
    rate_limit_per_minute: Annotated[int, RATE_LIMIT_PER_MINUTE] = 0


class FaultsUpdate(WireModel):
    """PUT /sandbox/faults: fields given are changed, the others kept."""

    latency_ms: Annotated[LatencyMs, STRICT] | None = None
    error_rate: Annotated[Rate, STRICT] | None = None
    drop_after_commit_rate: Annotated[Rate, STRICT] | None = None
    token_ttl_seconds: Annotated[TtlSeconds, STRICT] | None = None
    payment_ttl_seconds: Annotated[TtlSeconds, STRICT] | None = None
    withdrawal_settle_seconds: Annotated[SettleSeconds, STRICT] | None = None
    rate_limit_per_minute: Annotated[int, RATE_LIMIT_PER_MINUTE] | None = None


class ClockAdvance(WireModel):
    """POST /sandbox/clock: moves the sandbox's clock forward (tests over HTTP)."""

    advance_seconds: Annotated[float, Field(strict=True, ge=0, le=wire.CLOCK_ADVANCE_SECONDS_MAX)]


class ClockState(WireModel):
    now: UtcDatetime
