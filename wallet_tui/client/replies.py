"""Turning an HTTP response into a protocol model or a typed error, whatever it holds."""

from __future__ import annotations

import json
import re
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from wallet_tui.protocol import ApiError, ErrorName, error_from_body, wire
from wallet_tui.protocol.errors import code_of, http_status_of

from .errors import BadResponse
from .exchange import mask_text
from .recording import BODY_TRUNCATED, MAX_BODY_BYTES

ModelT = TypeVar("ModelT", bound=BaseModel)

_EXCERPT_LENGTH = 120
_NO_BODY = object()


def request_id_of(response: httpx.Response) -> str | None:
    return response.headers.get(wire.REQUEST_ID)


def is_truncated(response: httpx.Response) -> bool:
    return bool(response.extensions.get(BODY_TRUNCATED))


def _excerpt(response: httpx.Response) -> str:
    # Masked: an error message travels further than an exchange record (logs, dialogs).
    text = re.sub(r"\s+", " ", mask_text(response.text) or "").strip()
    if len(text) > _EXCERPT_LENGTH:
        text = text[:_EXCERPT_LENGTH] + "…"
    return text


def _describe_content(response: httpx.Response) -> str:
    content_type = response.headers.get(wire.CONTENT_TYPE, "").split(";")[0].strip().lower()
    if "html" in content_type or response.text.lstrip()[:1] == "<":
        return "an HTML page instead of JSON"
    if not response.content:
        return "an empty body instead of JSON"
    if content_type and "json" not in content_type:
        return f"{content_type} instead of JSON"
    return "a body that is not valid JSON (truncated?)"


def bad_response(response: httpx.Response, reason: str) -> BadResponse:
    return BadResponse(reason, status=response.status_code, request_id=request_id_of(response))


def json_of(response: httpx.Response) -> Any:
    """The body as JSON, or BadResponse saying what came instead."""
    if is_truncated(response):
        raise bad_response(response, f"a body larger than {MAX_BODY_BYTES} bytes")
    try:
        return json.loads(response.content)
    except (ValueError, RecursionError):
        excerpt = _excerpt(response)
        reason = _describe_content(response)
        raise bad_response(response, f"{reason}: {excerpt}" if excerpt else reason) from None


def error_code_of(response: httpx.Response) -> int | None:
    """The numeric code of an error body, when there is a readable one."""
    if is_truncated(response):
        return None
    try:
        body = json.loads(response.content)
    except (ValueError, RecursionError):
        return None
    code = body.get("code") if isinstance(body, dict) else None
    return code if isinstance(code, int) and not isinstance(code, bool) else None


def is_request_in_progress(response: httpx.Response) -> bool:
    return (
        response.status_code == http_status_of(ErrorName.REQUEST_IN_PROGRESS)
        and error_code_of(response) == code_of(ErrorName.REQUEST_IN_PROGRESS)
    )


def error_of(response: httpx.Response) -> ApiError | BadResponse:
    """The typed error a non-2xx response stands for."""
    status = response.status_code
    if 300 <= status < 400:
        location = response.headers.get("location", "nowhere")
        return bad_response(response, f"a redirect to {location}; check the base URL")
    try:
        body = json_of(response)
    except BadResponse as error:
        return error
    if not isinstance(body, dict) or not (
        isinstance(body.get("code"), int) or isinstance(body.get("name"), str)
    ):
        return bad_response(response, f"an error without an API error body: {_excerpt(response)}")
    return error_from_body(
        code=body.get("code") if not isinstance(body.get("code"), bool) else None,
        name=body.get("name"),
        message=body.get("message"),
        details=body.get("details"),
        request_id=body.get("requestId") or request_id_of(response),
        http_status=status,
    )


def _first_problem(error: ValidationError) -> str:
    problem = error.errors()[0]
    where = ".".join(str(part) for part in problem["loc"]) or "the body"
    return f"{where}: {problem['msg']}"


def model_of(response: httpx.Response, model: type[ModelT]) -> ModelT:
    """The 2xx body as ``model``; any other answer raises its typed error."""
    if not 200 <= response.status_code < 300:
        raise error_of(response)
    body = json_of(response)
    try:
        return model.model_validate(body)
    except ValidationError as error:
        raise bad_response(
            response, f"not a valid {model.__name__} ({_first_problem(error)})"
        ) from None


def expect_success(response: httpx.Response) -> None:
    """A 2xx whose body does not matter; any other answer raises its typed error."""
    if not 200 <= response.status_code < 300:
        raise error_of(response)
