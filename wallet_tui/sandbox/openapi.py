"""The sandbox's OpenAPI document: request bodies, answers and error answers as the contract
says, so that a client generator or a fuzzer (schemathesis) knows what to expect.

Routes read their own bodies (so the contract's order of checks holds: UNAUTHORIZED before
INVALID_REQUEST), which leaves FastAPI nothing to describe. Each route decorator passes
`**doc(...)` instead, and `install(app)` completes the document: the models' schemas as
components, the bearer scheme, and none of FastAPI's own 422 answers (the sandbox answers
every problem with the contract's error body)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from wallet_tui.protocol import ERROR_TABLE, ErrorName, wire
from wallet_tui.protocol.models import ErrorBody

JSON = wire.JSON_CONTENT_TYPE
BEARER_SCHEME = "bearerAuth"
_COMPONENT = "#/components/schemas/{model}"
# name -> (model, "validation" for request bodies or "serialization" for answers)
_MODELS: dict[str, tuple[type[BaseModel], str]] = {}

# Every /api/ call may answer these (faults, a broken body); authenticated ones also 401.
API_ERRORS = (ErrorName.INVALID_REQUEST, ErrorName.INTERNAL_ERROR, ErrorName.SERVICE_UNAVAILABLE)
KEYED_ERRORS = (ErrorName.IDEMPOTENCY_CONFLICT, ErrorName.REQUEST_IN_PROGRESS)
# Authenticated /api/ calls meet `rateLimitPerMinute` (the token call and /sandbox/ never do).
RATE_LIMITED = ErrorName.TOO_MANY_REQUESTS
RETRY_AFTER_HEADER = {
    wire.RETRY_AFTER: {
        "required": True,
        "description": "Whole seconds until the oldest call counted leaves the 60 s window",
        "schema": {"type": "integer", "minimum": 1},
    },
}
# What any call on an existing wallet may meet first.
WALLET_ERRORS = (ErrorName.WALLET_NOT_FOUND, ErrorName.WALLET_BLOCKED)

IDEMPOTENCY_KEY_PARAMETER = {
    "name": wire.IDEMPOTENCY_KEY, "in": "header", "required": False,
    "description": "Repeat it only to learn the outcome of a call that got no definite answer",
    "schema": {"type": "string", "minLength": 1, "maxLength": wire.IDEMPOTENCY_KEY_MAX_LENGTH},
}


def _ref(model: type[BaseModel], mode: str) -> dict[str, str]:
    _MODELS[model.__name__] = (model, mode)
    return {"$ref": _COMPONENT.format(model=model.__name__)}


def query(name: str, schema: dict[str, Any], *, required: bool = False) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": required, "schema": schema}


def doc(
    *,
    ok: type[BaseModel] | None,
    status: int = 200,
    body: type[BaseModel] | tuple[type[BaseModel], ...] | None = None,
    body_required: bool = True,
    errors: Iterable[ErrorName] = (),
    keyed: bool = False,
    authenticated: bool = True,
    api: bool = True,
    parameters: Iterable[dict[str, Any]] = (),
) -> dict[str, Any]:
    """Keyword arguments for a route decorator describing one call."""
    answers: dict[str, Any] = {str(status): {"description": "Done"}}
    if ok is not None:
        answers[str(status)] = {"description": ok.__name__,
                                "content": {JSON: {"schema": _ref(ok, "serialization")}}}
    names = list(API_ERRORS if api else (ErrorName.INVALID_REQUEST, ErrorName.INTERNAL_ERROR))
    names += [ErrorName.UNAUTHORIZED] if authenticated else []
    names += [RATE_LIMITED] if authenticated and api else []
    names += [*errors, *(KEYED_ERRORS if keyed else ())]
    by_status: dict[int, list[str]] = {}
    for name in names:
        by_status.setdefault(ERROR_TABLE[name][0], []).append(name.value)
    error_schema = _ref(ErrorBody, "serialization")
    for code, which in sorted(by_status.items()):
        answers[str(code)] = {"description": ", ".join(dict.fromkeys(which)),
                              "content": {JSON: {"schema": error_schema}}}
        if code == ERROR_TABLE[RATE_LIMITED][0]:
            answers[str(code)]["headers"] = RETRY_AFTER_HEADER
    extra: dict[str, Any] = {"responses": answers}
    if body is not None:
        models = body if isinstance(body, tuple) else (body,)
        refs = [_ref(model, "validation") for model in models]
        schema = refs[0] if len(refs) == 1 else {"oneOf": refs}
        extra["requestBody"] = {"required": body_required, "content": {JSON: {"schema": schema}}}
    extra_parameters = [*parameters, *([IDEMPOTENCY_KEY_PARAMETER] if keyed else [])]
    if extra_parameters:
        extra["parameters"] = extra_parameters
    if authenticated:
        extra["security"] = [{BEARER_SCHEME: []}]
    return {"status_code": status, "openapi_extra": extra}


def _drop_validation_answers(document: dict[str, Any]) -> None:
    for operations in document.get("paths", {}).values():
        for operation in operations.values():
            answer = operation.get("responses", {}).get("422", {})
            schema = answer.get("content", {}).get(JSON, {}).get("schema", {})
            if schema.get("$ref", "").endswith("/HTTPValidationError"):
                del operation["responses"]["422"]


def install(app: Any) -> None:
    """Makes `app.openapi()` build the completed document (once)."""
    from fastapi.openapi.utils import get_openapi

    from .routing import documented_routes

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            routes = documented_routes(app)
            document = get_openapi(title=app.title, version=app.version, summary=app.summary,
                                   routes=routes)
            _drop_validation_answers(document)
            _, definitions = models_json_schema(list(_MODELS.values()),
                                                ref_template=_COMPONENT)
            components = document.setdefault("components", {})
            components["schemas"] = definitions.get("$defs", {})
            components["securitySchemes"] = {BEARER_SCHEME: {"type": "http", "scheme": "bearer"}}
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = openapi
