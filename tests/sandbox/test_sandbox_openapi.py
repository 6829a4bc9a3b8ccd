"""The OpenAPI document is as exact as the server (issue 12, item 4): schemathesis with every
check and its stateful links finds no difference beyond what the contract itself mandates, the
document names the address it was served from, and every example works."""

from __future__ import annotations

import base64
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from wallet_tui.protocol import ErrorName, wire
from wallet_tui.protocol.errors import ERROR_TABLE
from wallet_tui.sandbox.clock import ManualClock
from wallet_tui.sandbox.openapi import API_DOCUMENT_PATH as API_DOCUMENT
from wallet_tui.sandbox.openapi import CONTROLS_DOCUMENT_PATH as CONTROLS_DOCUMENT
from wallet_tui.sandbox.testing import connect, fresh_sandbox

from conftest import start_server, stop_server

SCHEMATHESIS = shutil.which("schemathesis", path=str(Path(sys.executable).parent)) or "schemathesis"
# What no document can rule out: a refresh token nobody issued (INVALID_GRANT, 400) and the
# business refusals the contract answers with 422 (schemathesis' positive_data_acceptance
# expects a well-formed request to get 2xx/401/403/404/409/429).
BUSINESS_422 = {code for name, (status, code) in ERROR_TABLE.items() if status == 422}
INVALID_GRANT = ERROR_TABLE[ErrorName.INVALID_GRANT][1]


def _mandated_by_the_contract(check: str, operation: str, answer: dict[str, Any]) -> bool:
    if check != "positive_data_acceptance":
        return False
    code = answer.get("code")
    if code in BUSINESS_422:
        return True
    return code == INVALID_GRANT and operation == f"POST {wire.TOKEN}"


def _failures(ndjson: Path) -> list[tuple[str, str, int, dict[str, Any]]]:
    """(check, operation, status, answer) of every failed check in a schemathesis report."""
    found = []
    for line in ndjson.read_text().splitlines():
        scenario = json.loads(line).get("ScenarioFinished")
        if not scenario:
            continue
        recorder = scenario["recorder"]
        for case_id, checks in recorder.get("checks", {}).items():
            for check in checks:
                if check["status"] != "failure":
                    continue
                failure = check.get("failure_info", {}).get("failure", {})
                operation = failure.get("operation") or recorder["label"]
                interaction = recorder.get("interactions", {}).get(case_id) or {}
                response = interaction.get("response") or {}
                content = base64.b64decode((response.get("content") or {}).get("$base64", ""))
                try:
                    answer = json.loads(content) if content else {}
                except ValueError:
                    answer = {"raw": content[:200].decode("latin-1")}
                found.append((check["name"], operation, response.get("status_code", 0), answer))
    return found


@pytest.mark.slow
def test_schemathesis_with_all_checks_and_links_finds_nothing_the_contract_does_not_mandate(
    tmp_path,
):
    process, url = start_server(tmp_path / "fuzzed.sqlite3", "--reset", "--token-ttl", "86400")
    try:
        login = httpx.post(url + wire.TOKEN, json={
            "grantType": wire.GRANT_CLIENT_CREDENTIALS, "clientId": wire.DEMO_CLIENT_ID,
            "clientSecret": wire.DEMO_CLIENT_SECRET, "partnerId": wire.DEMO_PARTNER_ID,
        })
        token = login.json()["accessToken"]
        # No configuration: the document of the partner API, every check, its links. The
        # sandbox's controls have a document of their own (they exist to make the server fail).
        runs = [_schemathesis(tmp_path, url, document, token, seconds)
                for document, seconds in ((API_DOCUMENT, 30), (CONTROLS_DOCUMENT, 10))]
    finally:
        stop_server(process)
    for run, report in runs:
        summary = run.stdout[run.stdout.find("SUMMARY"):]
        assert "Errors" not in summary, run.stdout[-3000:]
        unexplained = [failure for failure in _failures(report)
                       if not _mandated_by_the_contract(*failure[:2], failure[3])]
        assert unexplained == [], run.stdout[-6000:]
    api_run = runs[0][0].stdout
    assert "API Links:" in api_run and not re.search(r"API Links:\s+0 covered", api_run)


def _schemathesis(tmp_path: Path, url: str, document: str, token: str,
                  seconds: int) -> tuple[subprocess.CompletedProcess[str], Path]:
    report = tmp_path / f"report{document.replace('/', '-')}.ndjson"
    run = subprocess.run(
        [SCHEMATHESIS, "run", f"{url}{document}", "--checks", "all",
         "-H", f"{wire.AUTHORIZATION}: {wire.BEARER} {token}",
         "--max-examples", "10", "--max-time", str(seconds), "--seed", "1", "--no-color",
         "--report", "ndjson", "--report-ndjson-path", str(report)],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )
    return run, report


# --- the document itself -------------------------------------------------------------------

@pytest.fixture
async def client(tmp_path):
    async with connect(fresh_sandbox(tmp_path, ManualClock()),
                       base_url="http://sandbox.test:8123") as client:
        yield client


async def _document(client: httpx.AsyncClient, path: str = API_DOCUMENT) -> dict[str, Any]:
    response = await client.get(path)
    assert response.status_code == 200
    return response.json()


@pytest.mark.parametrize("path", [API_DOCUMENT, CONTROLS_DOCUMENT])
async def test_the_document_names_the_address_it_was_served_from(client, path):
    assert (await _document(client, path))["servers"][0]["url"] == "http://sandbox.test:8123"


async def test_the_partner_api_and_the_sandbox_controls_are_described_apart(client):
    """A client generated from the API document, or a fuzzer run on it, never meets the calls
    that make the sandbox fail or move its clock; each document says where the other is."""
    api, controls = await _document(client), await _document(client, CONTROLS_DOCUMENT)
    assert api["paths"] and all(path.startswith("/api/") for path in api["paths"])
    assert set(controls["paths"]) == {wire.SANDBOX_RESET, wire.SANDBOX_FAULTS,
                                      wire.SANDBOX_CLOCK}
    assert CONTROLS_DOCUMENT in api["info"]["description"]
    assert API_DOCUMENT in controls["info"]["description"]


@pytest.mark.parametrize("page", ["/docs", "/redoc", "/docs/oauth2-redirect"])
async def test_no_page_that_needs_a_cdn_is_offered(client, page):
    response = await client.get(page)
    assert response.status_code == 400 and response.json()["name"] == "INVALID_REQUEST"
    assert "cdn" not in response.text.lower()


async def test_the_document_says_the_rules_the_server_enforces(client):
    document = await _document(client)
    schemas = document["components"]["schemas"]
    amount = re.compile(schemas["RefillRequest"]["properties"]["amount"]["pattern"])
    assert [text for text in ("0", "0.00", "0.01", "600000.00", "600000.01", "1\u0660", "01", "1.")
            if amount.search(text)] == ["0.01", "600000.00"]
    assert "grantType" in schemas["LoginRequest"]["required"]
    assert "grantType" in schemas["RefreshRequest"]["required"]
    for body in ("RefillRequest", "PaymentInitRequest", "WithdrawalRequest"):
        assert "currency" in schemas[body]["required"]
    operations = document["paths"]
    level = next(p for p in operations[
        "/api/wallet/v1/account/{wallet_id}/identification/{level}"]["post"]["parameters"]
        if p["name"] == "level")
    assert level["schema"]["enum"] == ["ANONYMOUS", "SIMPLIFIED", "FULL"]
    refill = operations["/api/wallet/v1/account/{wallet_id}/refill"]["post"]
    key = next(p for p in refill["parameters"] if p["name"] == wire.IDEMPOTENCY_KEY)
    assert [k for k in ("k", " k", "k ", "ключ", "x" * 64, "x" * 65)
            if re.search(key["schema"]["pattern"], k)] == ["k", "x" * 64]
    assert set(refill["responses"]) == {"200", "400", "401", "404", "409", "413", "422", "429",
                                        "500", "503"}
    controls = await _document(client, CONTROLS_DOCUMENT)
    faults = controls["components"]["schemas"]["FaultsUpdate"]["properties"]["errorRate"]
    faults = faults["anyOf"][0]
    assert (faults["type"], faults["minimum"], faults["maximum"]) == ("number", 0, 1)
    for path, methods in [*operations.items(), *controls["paths"].items()]:
        for method, operation in methods.items():
            for status, answer in operation["responses"].items():
                assert wire.REQUEST_ID in answer["headers"], (method, path, status)
                assert status == "204" or _json_content(answer), (method, path, status)


def _json_content(answer: dict[str, Any]) -> dict[str, Any] | None:
    return answer.get("content", {}).get(wire.JSON_CONTENT_TYPE)


async def test_every_example_works_against_a_fresh_sandbox(client):
    """Each parameter and body example, sent as an operator would after pasting a token: the
    calls answer their success status, except those naming an id only a link can give."""
    document = await _document(client)
    login = document["paths"][wire.TOKEN]["post"]["requestBody"]["content"][
        wire.JSON_CONTENT_TYPE]["examples"]["login"]["value"]
    token = (await client.post(wire.TOKEN, json=login)).json()["accessToken"]
    needs_a_link = {"get_payment", "confirm_payment", "get_withdrawal"}
    answered = {}
    controls = await _document(client, CONTROLS_DOCUMENT)
    for path, methods in [*document["paths"].items(), *controls["paths"].items()]:
        for method, operation in methods.items():
            url, query, headers = path, {}, {wire.AUTHORIZATION: f"{wire.BEARER} {token}"}
            for parameter in operation.get("parameters", []):
                if parameter["name"] == wire.IDEMPOTENCY_KEY:
                    continue  # the one thing an operator adds: a new one for each operation
                assert "example" in parameter, (operation["operationId"], parameter["name"])
                value = str(parameter["example"])
                if parameter["in"] == "path":
                    url = url.replace("{" + parameter["name"] + "}", value)
                elif parameter["in"] == "query":
                    query[parameter["name"]] = value
                else:
                    headers[parameter["name"]] = value
            body = operation.get("requestBody", {}).get("content", {}).get(wire.JSON_CONTENT_TYPE)
            payload = None
            if body is not None:
                payload = body.get("example") or next(iter(body["examples"].values()))["value"]
            response = await client.request(method.upper(), url, params=query, headers=headers,
                                            json=payload)
            answered[operation["operationId"]] = response.status_code
            success = next(status for status in operation["responses"] if status < "300")
            if operation["operationId"] in needs_a_link:
                assert response.status_code == 404, response.text
                assert "links" in json.dumps(document)  # the id comes from the answer before
            else:
                assert str(response.status_code) == success, (operation["operationId"],
                                                              response.text)
    assert len(answered) == 17
