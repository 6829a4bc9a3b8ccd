"""`wallet-tui sandbox posting DIR`: the sandbox's calls as a Posting collection.

Posting (a Textual API client) imports OpenAPI, but its importer (2.11) takes a body only from
schema `default`s, leaves query and header values empty and path parameters as literal
`{wallet_id}`: every imported call fails until it is edited by hand. This collection is made
from the same two OpenAPI documents instead, with their working examples in place: each call
runs once a token is pasted into the environment file, and a keyed call once an
Idempotency-Key is typed (a new one per operation: that is the operator's to choose). Written as
JSON, which YAML readers (Posting's too) read as YAML."""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

from wallet_tui.protocol import wire

BASE_URL = "BASE_URL"
TOKEN = "BEARER_TOKEN"
ENV_FILE = "sandbox.env"
REQUEST_SUFFIX = ".posting.yaml"
TOKEN_PLACEHOLDER = "paste the accessToken of POST /api/auth/v1/token here"


def requests_of(document: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(file name, Posting request) for each operation of an OpenAPI document, in its order."""
    made = []
    for number, (path, method, operation) in enumerate(
        (path, method, operation)
        for path, methods in document["paths"].items()
        for method, operation in methods.items()
    ):
        made.append((f"{number + 1:02d}-{operation['operationId']}{REQUEST_SUFFIX}",
                     _request(path, method, operation)))
    return made


def _request(path: str, method: str, operation: dict[str, Any]) -> dict[str, Any]:
    # Posting names a path parameter `:name` in the URL and gives its value apart.
    url = "${" + BASE_URL + "}" + re.sub(r"\{(\w+)\}", r":\1", path)
    request: dict[str, Any] = {
        "name": operation["summary"],
        "description": operation.get("description", ""),
        "method": method.upper(),
        "url": url,
    }
    path_params, params, headers = [], [], []
    for parameter in operation.get("parameters", []):
        if parameter["name"] == wire.IDEMPOTENCY_KEY:
            # The one value the operator adds: a new key per operation, the same on a retry.
            headers.append({"name": wire.IDEMPOTENCY_KEY, "value": ""})
            request["description"] = (request["description"] + "\n\nType a new "
                                      f"{wire.IDEMPOTENCY_KEY} for each new operation; the same "
                                      "one again repeats it safely.").strip()
            continue
        value = str(parameter.get("example", ""))
        place = parameter["in"]
        target = path_params if place == "path" else params if place == "query" else headers
        target.append({"name": parameter["name"], "value": value})
    body = operation.get("requestBody", {}).get("content", {}).get(wire.JSON_CONTENT_TYPE)
    if body is not None:
        example = body.get("example")
        if example is None:
            example = next(iter(body["examples"].values()))["value"]
        request["body"] = {"content": json.dumps(example, ensure_ascii=False, indent=2)}
        headers.append({"name": "Content-Type", "value": wire.JSON_CONTENT_TYPE})
    if operation.get("security"):
        request["auth"] = {"type": "bearer_token",
                           "bearer_token": {"token": "${" + TOKEN + "}"}}
    for key, items in (("path_params", path_params), ("params", params), ("headers", headers)):
        if items:
            request[key] = items
    return request


def write_collection(directory: Path, server_url: str) -> list[Path]:
    """The collection under `directory`: `api/` (the partner API), `sandbox/` (its controls)
    and the environment file naming `server_url`. Returns the files written."""
    from . import openapi
    from .app import DOCUMENTS

    written = []
    for folder, path in (("api", openapi.API_DOCUMENT_PATH),
                         ("sandbox", openapi.CONTROLS_DOCUMENT_PATH)):
        calls, info = DOCUMENTS[path]
        target = directory / folder
        target.mkdir(parents=True, exist_ok=True)
        for name, request in requests_of(openapi.document(calls, server_url, info=info)):
            file = target / name
            file.write_text(json.dumps(request, ensure_ascii=False, indent=2) + "\n",
                            encoding="utf-8")
            written.append(file)
    env = directory / ENV_FILE
    env.write_text(f"{BASE_URL}={server_url}\n{TOKEN}=\"{TOKEN_PLACEHOLDER}\"\n",
                   encoding="utf-8")
    written.append(env)
    return written


def posting_command(args: argparse.Namespace) -> int:
    directory = Path(args.directory)
    if directory.exists() and any(directory.iterdir()) and not args.force:
        print(f"wallet-tui sandbox posting: {directory} is not empty (--force writes over)",
              file=sys.stderr)
        return 2
    written = write_collection(directory, args.url.rstrip("/"))
    print(f"{len(written) - 1} requests and {ENV_FILE} in {directory}\n"
          f"Paste a token into {directory / ENV_FILE}, then:\n"
          f"  posting --collection {directory} --env {directory / ENV_FILE}")
    return 0
