"""The sandbox's OpenAPI document, built from the route table and the protocol's models.

It says every rule the server enforces (patterns, bounds, enums, required fields, header
formats, every status with its body), names the address it was fetched from in `servers`, and
gives every parameter and body a working example (the demo data's), so that a fuzzer
(schemathesis) finds no difference between document and server and an imported collection
runs once a token is pasted."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from wallet_tui.protocol import ERROR_TABLE, ErrorName, Identification, wire
from wallet_tui.protocol.errors import is_business_refusal
from wallet_tui.protocol.models import (
    ClockAdvance,
    ErrorBody,
    FaultsUpdate,
    IdentificationRequest,
    LoginRequest,
    Operation,
    Payment,
    PaymentConfirmRequest,
    PaymentInitRequest,
    RefillRequest,
    RefreshRequest,
    RegistrationRequest,
    Wallet,
    Withdrawal,
    WithdrawalRequest,
)
from wallet_tui.protocol.phone import QUERY_PHONE_PATTERN

from . import paths
from .routing import Call

JSON = wire.JSON_CONTENT_TYPE
BEARER_SCHEME = "bearerAuth"
COMPONENT = "#/components/schemas/{model}"
VERSION = "1"
# Two documents: the partner API (what the provider serves too) and the sandbox's controls
# (what exists to make the server fail or move its clock: a fuzzer of the API must not reach
# them, and a client generated from the API must not offer them).
API_DOCUMENT_PATH = "/openapi.json"
CONTROLS_DOCUMENT_PATH = "/sandbox/openapi.json"
API_INFO = {
    "title": "wallet-tui sandbox",
    "summary": "The reference server of the wallet partner API (docs/protocol.md)",
    "description": "The sandbox's own controls (faults, clock, reset) are described apart, "
                   f"at {CONTROLS_DOCUMENT_PATH}.",
    "version": VERSION,
}
CONTROLS_INFO = {
    "title": "wallet-tui sandbox controls",
    "summary": "Faults, clock and reset of the sandbox (docs/sandbox.md)",
    "description": f"The partner API itself is described at {API_DOCUMENT_PATH}.",
    "version": VERSION,
}

# Every /api/ call may answer these (faults, a broken body); authenticated ones also 401.
API_ERRORS = (ErrorName.INVALID_REQUEST, ErrorName.INTERNAL_ERROR, ErrorName.SERVICE_UNAVAILABLE)
SANDBOX_ERRORS = (ErrorName.INVALID_REQUEST, ErrorName.INTERNAL_ERROR)
KEYED_ERRORS = (ErrorName.IDEMPOTENCY_CONFLICT, ErrorName.REQUEST_IN_PROGRESS)
# Authenticated /api/ calls meet `rateLimitPerMinute` (the token call and /sandbox/ never do).
RATE_LIMITED = ErrorName.TOO_MANY_REQUESTS
# What any call on an existing wallet may meet first.
WALLET_ERRORS = (ErrorName.WALLET_NOT_FOUND, ErrorName.WALLET_BLOCKED)

# The demo data's wallets the examples use: Вера Кузнецова's FULL wallet can do everything.
EXAMPLE_WALLET = "100000000003"
EXAMPLE_PHONE = "+79990000003"
EXAMPLE_PAYEE = "+79161234567"
EXAMPLE_BANK = "100000000111"
EXAMPLE_UUID = str(uuid.UUID(int=0x3F2504E04F8941D39A0C0305E82C3301))
EXAMPLE_AMOUNT = Decimal("100.50")


def _string(**rules: Any) -> dict[str, Any]:
    return {"type": "string", **rules}


REQUEST_ID_HEADER = {
    wire.REQUEST_ID: {
        "required": True,
        "description": "The client's own X-Request-Id (1-200 printable ASCII), else a new one",
        "schema": _string(minLength=1, maxLength=200),
    }
}
RETRY_AFTER = {
    "description": "Whole seconds to wait before trying again",
    "schema": {"type": "string", "pattern": "^[0-9]+$"},
}
# Answers whose name may carry Retry-After, and whether they always do.
RETRY_AFTER_ON: dict[ErrorName, bool] = {
    ErrorName.TOO_MANY_REQUESTS: True,
    ErrorName.SERVICE_UNAVAILABLE: False,
    ErrorName.REQUEST_IN_PROGRESS: False,
}

IDEMPOTENCY_KEY_PARAMETER = {
    "name": wire.IDEMPOTENCY_KEY, "in": "header", "required": False,
    "description": "A new one for each operation; repeat it only to learn the outcome of a "
    "call that got no definite answer",
    "schema": _string(minLength=1, maxLength=wire.IDEMPOTENCY_KEY_MAX_LENGTH,
                      pattern=wire.IDEMPOTENCY_KEY_PATTERN),
    # No example: a fixed one would be a trap (the next operation with it is a conflict).
}

PATH_PARAMETERS: dict[str, dict[str, Any]] = {
    paths.WALLET_ID.strip("{}"): {
        "description": "The wallet's id (the sandbox's are 12 digits); another is not found",
        "schema": _string(pattern=wire.SANDBOX_WALLET_ID_PATTERN),
        "example": EXAMPLE_WALLET,
    },
    paths.PAYMENT_ID.strip("{}"): {
        "description": "paymentId from step 1's answer",
        "schema": _string(format="uuid"),
        "example": EXAMPLE_UUID,
    },
    paths.WITHDRAWAL_ID.strip("{}"): {
        "description": "withdrawalId from the withdrawal's answer",
        "schema": _string(format="uuid"),
        "example": EXAMPLE_UUID,
    },
    paths.LEVEL.strip("{}"): {
        "description": "The identification level to set",
        "schema": _string(enum=[level.value for level in Identification]),
        "example": Identification.FULL.value,
    },
}


def query(name: str, schema: dict[str, Any], example: Any, *, required: bool = False,
          description: str = "") -> dict[str, Any]:
    return {"name": name, "in": "query", "required": required, "schema": schema,
            "example": example, **({"description": description} if description else {})}


PHONE_QUERY = query(wire.QUERY_PHONE, _string(pattern=QUERY_PHONE_PATTERN), EXAMPLE_PHONE,
                    required=True, description="E.164; send + as %2B (a leading space is read as +)")
PAGE_QUERIES = (
    query(wire.QUERY_LIMIT, {"type": "integer", "minimum": wire.OPERATIONS_LIMIT_MIN,
                             "maximum": wire.OPERATIONS_LIMIT_MAX,
                             "default": wire.OPERATIONS_LIMIT_DEFAULT}, 20),
    query(wire.QUERY_OFFSET, {"type": "integer", "minimum": 0, "default": 0}, 0),
)


def alias(model: type[BaseModel], name: str) -> str:
    return model.model_fields[name].alias or name


def body_pointer(model: type[BaseModel], name: str) -> str:
    return f"$response.body#/{alias(model, name)}"


@dataclass(frozen=True)
class Doc:
    """How one call is described: its success answer, its body, the errors it may meet."""

    ok: type[BaseModel] | None
    status: int = 200
    body: tuple[type[BaseModel], ...] = ()
    body_examples: dict[str, Any] = field(default_factory=dict)
    body_required: bool = True
    errors: tuple[ErrorName, ...] = ()
    keyed: bool = False
    authenticated: bool = True
    api: bool = True
    parameters: tuple[dict[str, Any], ...] = ()
    links: dict[str, dict[str, Any]] = field(default_factory=dict)
    ok_headers: dict[str, Any] = field(default_factory=dict)


def doc(
    *,
    ok: type[BaseModel] | None,
    status: int = 200,
    body: type[BaseModel] | tuple[type[BaseModel], ...] | None = None,
    example: BaseModel | dict[str, BaseModel] | None = None,
    body_required: bool = True,
    errors: Iterable[ErrorName] = (),
    keyed: bool = False,
    authenticated: bool = True,
    api: bool = True,
    parameters: Iterable[dict[str, Any]] = (),
    links: dict[str, dict[str, Any]] | None = None,
    ok_headers: dict[str, Any] | None = None,
) -> Doc:
    """The description of one call, for its route decorator. `example` is the body's working
    example (several, by name, for a body of several shapes); links name operations by their
    endpoint's name."""
    models = () if body is None else body if isinstance(body, tuple) else (body,)
    if isinstance(example, BaseModel):
        example = {"example": example}
    examples = {name: model.model_dump(mode="json", by_alias=True, exclude_none=True)
                for name, model in (example or {}).items()}
    return Doc(ok, status, models, examples, body_required, tuple(errors), keyed,
               authenticated, api, tuple(parameters), links or {}, ok_headers or {})


def link(operation: str, parameters: dict[str, str] | None = None,
         request_body: dict[str, str] | None = None) -> dict[str, Any]:
    found: dict[str, Any] = {"operationId": operation}
    if parameters:
        found["parameters"] = parameters
    if request_body:
        found["requestBody"] = request_body
    return found


def wallet_link(operation: str, model: type[BaseModel] = Wallet,
                **constants: str) -> dict[str, Any]:
    """A link handing the answer's walletId on to `operation`."""
    return link(operation, {paths.WALLET_ID.strip("{}"): body_pointer(model, "wallet_id"),
                            **constants})


class _Components:
    """The models a document refers to, each under its name, in the mode it is used."""

    def __init__(self) -> None:
        self.models: dict[str, tuple[type[BaseModel], str]] = {}

    def ref(self, model: type[BaseModel], mode: str) -> dict[str, str]:
        self.models[model.__name__] = (model, mode)
        return {"$ref": COMPONENT.format(model=model.__name__)}

    def schemas(self) -> dict[str, Any]:
        _, definitions = models_json_schema(list(self.models.values()), ref_template=COMPONENT)
        return definitions.get("$defs", {})


def _error_names(call: Call, spec: Doc) -> list[ErrorName]:
    names = list(API_ERRORS if spec.api else SANDBOX_ERRORS)
    names += [ErrorName.UNAUTHORIZED] if spec.authenticated else []
    names += [RATE_LIMITED] if spec.authenticated and spec.api else []
    return [*names, *spec.errors, *(KEYED_ERRORS if spec.keyed else ())]


def _error_answer(names: list[ErrorName], error_schema: dict[str, Any],
                  description: str | None = None) -> dict[str, Any]:
    unique = list(dict.fromkeys(names))
    schema = {"allOf": [error_schema, {"properties": {
        "code": {"enum": [ERROR_TABLE[name][1] for name in unique]},
        "name": {"enum": [name.value for name in unique]},
    }}]}
    headers = dict(REQUEST_ID_HEADER)
    retry = [RETRY_AFTER_ON[name] for name in unique if name in RETRY_AFTER_ON]
    if retry:
        headers[wire.RETRY_AFTER] = {**RETRY_AFTER, "required": all(retry) and len(retry) == len(unique)}
    return {"description": description or ", ".join(name.value for name in unique),
            "headers": headers, "content": {JSON: {"schema": schema}}}


def _operation(call: Call, components: _Components) -> dict[str, Any]:
    spec: Doc = call.doc
    endpoint = call.endpoint
    summary, _, description = (endpoint.__doc__ or endpoint.__name__).strip().partition("\n")
    operation: dict[str, Any] = {"operationId": endpoint.__name__, "summary": summary.strip()}
    if description.strip():
        operation["description"] = description.strip()
    parameters = [
        {"name": name, "in": "path", "required": True, **PATH_PARAMETERS[name]}
        for name in _path_names(call.path)
    ]
    parameters += [*spec.parameters, *([IDEMPOTENCY_KEY_PARAMETER] if spec.keyed else [])]
    if parameters:
        operation["parameters"] = parameters
    if spec.body:
        refs = [components.ref(model, "validation") for model in spec.body]
        media: dict[str, Any] = {"schema": refs[0] if len(refs) == 1 else {"oneOf": refs}}
        if len(spec.body_examples) == 1:
            media["example"] = next(iter(spec.body_examples.values()))
        elif spec.body_examples:
            media["examples"] = {name: {"value": value}
                                 for name, value in spec.body_examples.items()}
        operation["requestBody"] = {"required": spec.body_required, "content": {JSON: media}}
    ok: dict[str, Any] = {"description": spec.ok.__name__ if spec.ok else "Done",
                          "headers": {**REQUEST_ID_HEADER, **spec.ok_headers}}
    if spec.ok is not None:
        ok["content"] = {JSON: {"schema": components.ref(spec.ok, "serialization")}}
    if spec.links:
        ok["links"] = spec.links
    answers: dict[str, Any] = {str(spec.status): ok}
    error_schema = components.ref(ErrorBody, "serialization")
    by_status: dict[int, list[ErrorName]] = {}
    for name in _error_names(call, spec):
        by_status.setdefault(ERROR_TABLE[name][0], []).append(name)
    if call.method in ("POST", "PUT"):
        answers[str(wire.STATUS_BODY_TOO_LARGE)] = _error_answer(
            [ErrorName.INVALID_REQUEST], error_schema,
            f"INVALID_REQUEST: the body is over {wire.MAX_BODY_BYTES} bytes",
        )
    replayed = {wire.IDEMPOTENT_REPLAYED: {
        "description": "true on a replayed answer", "schema": _string(enum=["true"]),
    }}
    if spec.keyed:
        ok["headers"].update(replayed)
    for status, names in sorted(by_status.items()):
        answer = _error_answer(names, error_schema)
        if spec.keyed and any(is_business_refusal(ERROR_TABLE[name][1]) for name in names):
            answer["headers"].update(replayed)  # a refusal kept under the key, replayed
        answers[str(status)] = answer
    operation["responses"] = dict(sorted(answers.items()))
    operation["security"] = [{BEARER_SCHEME: []}] if spec.authenticated else []
    return operation


def _path_names(path: str) -> list[str]:
    return [part.strip("{}") for part in path.split("/") if part.startswith("{")]


def document(calls: Iterable[Call], server_url: str | None = None, *,
             info: dict[str, str] = API_INFO) -> dict[str, Any]:
    """The OpenAPI 3.1 document of `calls`; `server_url` is where it is served from."""
    components = _Components()
    described: dict[str, dict[str, Any]] = {}
    for call in calls:
        described.setdefault(call.path, {})[call.method.lower()] = _operation(call, components)
    result: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": info,
    }
    if server_url is not None:
        result["servers"] = [{"url": server_url, "description": "This sandbox"}]
    result["paths"] = described
    result["components"] = {
        "schemas": components.schemas(),
        "securitySchemes": {BEARER_SCHEME: {
            "type": "http", "scheme": "bearer",
            "description": f"accessToken from POST {wire.TOKEN}",
        }},
    }
    return result


# The examples' bodies, built from the models so that no field name is spelled here.
EXAMPLES: dict[str, Any] = {
    "login": LoginRequest(client_id=wire.DEMO_CLIENT_ID, client_secret=wire.DEMO_CLIENT_SECRET,
                          partner_id=wire.DEMO_PARTNER_ID),
    "refresh": RefreshRequest(refresh_token="refresh token from the login's answer",
                              client_id=wire.DEMO_CLIENT_ID),
    "registration": RegistrationRequest(phone=EXAMPLE_PAYEE, first_name="Анна",
                                        last_name="Смирнова", email="anna@example.com"),
    "identification": IdentificationRequest(first_name="Вера", last_name="Кузнецова"),
    "refill": RefillRequest(amount=EXAMPLE_AMOUNT, external_id="order-1001",
                            description="Top-up"),
    "payment": PaymentInitRequest(amount=EXAMPLE_AMOUNT, description="Order 1001"),
    "confirmation": PaymentConfirmRequest(payment_id=EXAMPLE_UUID),
    "withdrawal": WithdrawalRequest(bank_id=EXAMPLE_BANK, phone=EXAMPLE_PAYEE,
                                    amount=EXAMPLE_AMOUNT),
    "faults": FaultsUpdate(latency_ms=0),
    "clock": ClockAdvance(advance_seconds=60),
}

# Links: what an answer hands on to the next call (schemathesis' stateful phase follows them).
AFTER_REGISTRATION = {
    "GetWallet": wallet_link("get_wallet"),
    "ListOperations": wallet_link("list_operations"),
    "Refill": wallet_link("refill"),
    "InitPayment": wallet_link("init_payment"),
    "Withdraw": wallet_link("withdraw"),
    "SetIdentification": wallet_link("set_identification",
                                     level=Identification.SIMPLIFIED.value),
}
AFTER_REFILL = {"GetWallet": wallet_link("get_wallet", Operation),
                "ListOperations": wallet_link("list_operations", Operation)}
PAYMENT_ID = paths.PAYMENT_ID.strip("{}")
AFTER_PAYMENT_INIT = {
    "ConfirmPayment": link(
        "confirm_payment", {paths.WALLET_ID.strip("{}"): body_pointer(Payment, "wallet_id")},
        {alias(PaymentConfirmRequest, "payment_id"): body_pointer(Payment, "payment_id")},
    ),
    "GetPayment": link("get_payment", {
        paths.WALLET_ID.strip("{}"): body_pointer(Payment, "wallet_id"),
        PAYMENT_ID: body_pointer(Payment, "payment_id"),
    }),
}
AFTER_WITHDRAWAL = {
    "GetWithdrawal": link("get_withdrawal", {
        paths.WALLET_ID.strip("{}"): body_pointer(Withdrawal, "wallet_id"),
        paths.WITHDRAWAL_ID.strip("{}"): body_pointer(Withdrawal, "withdrawal_id"),
    }),
    "GetWallet": wallet_link("get_wallet", Withdrawal),
}
