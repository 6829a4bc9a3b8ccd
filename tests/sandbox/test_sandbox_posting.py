"""`wallet-tui sandbox posting DIR` (issue 12, item 4): Posting's own OpenAPI importer leaves
path ids literal and bodies, queries and headers empty, so the sandbox writes its calls as a
Posting collection itself. Each request, read as Posting reads it (YAML, `${VARIABLE}`
templates, `:name` path parameters), succeeds against a fresh sandbox once a token is pasted
and, for a keyed call, an Idempotency-Key typed."""

from __future__ import annotations

import re
import uuid
from string import Template

import yaml

from wallet_tui.cli import main
from wallet_tui.protocol import wire
from wallet_tui.sandbox.clock import ManualClock
from wallet_tui.sandbox.posting import BASE_URL, ENV_FILE, TOKEN
from wallet_tui.sandbox.testing import connect, fresh_sandbox

SERVED_AT = "http://sandbox.test:8123"
# Ids only an earlier answer gives (a payment's, a withdrawal's): the operator pastes them.
NEEDS_AN_EARLIER_ANSWER = {"get_payment", "confirm_payment", "get_withdrawal"}


def _environment(text: str) -> dict[str, str]:
    pairs = (line.split("=", 1) for line in text.splitlines() if "=" in line)
    return {name: value.strip('"') for name, value in pairs}


def _as_posting_sends(request: dict, variables: dict[str, str],
                      ) -> tuple[str, str, dict, dict, str | None]:
    url = Template(request["url"]).substitute(variables)
    for parameter in request.get("path_params", []):
        url = re.sub(rf":{parameter['name']}\b", parameter["value"], url)
    headers = {h["name"]: Template(h["value"]).substitute(variables)
               for h in request.get("headers", [])}
    if wire.IDEMPOTENCY_KEY in headers:
        assert headers[wire.IDEMPOTENCY_KEY] == ""  # the operator's to type
        headers[wire.IDEMPOTENCY_KEY] = str(uuid.uuid4())
    if "auth" in request:
        token = Template(request["auth"]["bearer_token"]["token"]).substitute(variables)
        headers[wire.AUTHORIZATION] = f"{wire.BEARER} {token}"
    params = {p["name"]: p["value"] for p in request.get("params", [])}
    body = request.get("body", {}).get("content")
    return request["method"], url.removeprefix(SERVED_AT), headers, params, body


async def test_every_request_of_the_collection_runs_once_a_token_is_pasted(tmp_path, capsys):
    directory = tmp_path / "collection"
    assert main(["sandbox", "posting", str(directory), "--url", SERVED_AT]) == 0
    assert ENV_FILE in capsys.readouterr().out
    variables = _environment((directory / ENV_FILE).read_text())
    assert variables[BASE_URL] == SERVED_AT
    files = sorted(directory.glob("*/*.posting.yaml"))
    requests = {file.name.split("-", 1)[1].removesuffix(".posting.yaml"): yaml.safe_load(
        file.read_text()) for file in files}
    assert len(requests) == 17
    answered = {}
    async with connect(fresh_sandbox(tmp_path, ManualClock()), base_url=SERVED_AT) as client:
        method, url, headers, params, body = _as_posting_sends(requests["issue_token"], variables)
        login = await client.request(method, url, headers=headers, params=params, content=body)
        assert login.status_code == 200, login.text
        variables[TOKEN] = login.json()["accessToken"]  # pasted into the environment file
        for name, request in requests.items():
            method, url, headers, params, body = _as_posting_sends(request, variables)
            answer = await client.request(method, url, headers=headers, params=params,
                                          content=body)
            answered[name] = answer.status_code
    refused = {name: status for name, status in answered.items() if status >= 300}
    assert refused == dict.fromkeys(sorted(NEEDS_AN_EARLIER_ANSWER), 404), answered


def test_a_collection_is_not_written_over_unasked(tmp_path, capsys):
    (tmp_path / "mine.txt").write_text("kept")
    assert main(["sandbox", "posting", str(tmp_path)]) == 2
    assert "not empty" in capsys.readouterr().err
    assert (tmp_path / "mine.txt").read_text() == "kept"
    assert not list(tmp_path.glob("*/*.posting.yaml"))
