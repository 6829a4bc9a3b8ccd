"""Item 6 — the sandbox under fire.

schemathesis reads the sandbox's own OpenAPI document and throws valid and invalid requests at
every call (in-process, over ASGI): no answer is a 500, and every answer has a documented
status, content type and body schema. Then a load of refills and payments over real sockets
while the server process is killed with SIGKILL and started again on the same file: every
balance equals its ledger, nothing is half done, and every operation that was cut off is
completed exactly once by repeating it with its key."""

from __future__ import annotations

import asyncio
import sqlite3
import warnings
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from wallet_tui.protocol import ApiError, wire

from .support import DEMO

EXAMPLES = 15
FULL_WALLET = "100000000003"


def _schemathesis():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # starlette's testclient warns about httpx at import
        import schemathesis
        from schemathesis import GenerationMode
        from schemathesis import checks as c
    checks = [c.not_a_server_error, c.response_schema_conformance, c.status_code_conformance,
              c.content_type_conformance, c.response_headers_conformance]
    return schemathesis, GenerationMode, checks


def header(response, name: str) -> str | None:
    for key, value in response.headers.items():
        if key.lower() == name.lower():
            return value[0] if isinstance(value, list) else value
    return None


def request_id_check(ctx, response, case):
    """The contract's own rule: every answer is named, and an error body carries that name
    (a replayed answer is the first one byte for byte, its name included)."""
    request_id = header(response, wire.REQUEST_ID)
    assert request_id, f"no X-Request-Id: {response.headers}"
    if response.status_code >= 400 and header(response, wire.IDEMPOTENT_REPLAYED) is None:
        body = response.json()
        assert body.get("requestId") == request_id, (response.status_code, body, request_id)


@pytest.mark.slow
def test_schemathesis_finds_no_server_error_and_no_answer_off_the_document(tmp_path, figures):
    schemathesis, GenerationMode, checks = _schemathesis()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "install httpx2": the httpx it has works
        from starlette.testclient import TestClient

    from wallet_tui.sandbox.app import create_app

    app = create_app(tmp_path / "fuzzed.sqlite3", reset=True)
    state = app.state.sandbox
    client = TestClient(app)
    login = {"grantType": wire.GRANT_CLIENT_CREDENTIALS, "clientId": DEMO.client_id,
             "clientSecret": DEMO.client_secret, "partnerId": DEMO.partner_id}
    token = [""]

    def log_in() -> None:
        token[0] = client.post(wire.TOKEN, json=login).json()["accessToken"]

    log_in()
    documents = [schemathesis.openapi.from_asgi(path, app)
                 for path in ("/openapi.json", "/sandbox/openapi.json")]
    statuses: Counter[int] = Counter()
    cases = Counter()
    operations = 0
    try:
        for result in (result for schema in documents for result in schema.get_all_operations()):
            operation = result.ok()
            operations += 1
            variants = [{}]
            if "{wallet_id}" in operation.path:  # also at a real wallet: the success paths
                variants.append({"wallet_id": FULL_WALLET})
            if "{level}" in operation.path:
                variants.append({"wallet_id": FULL_WALLET, "level": "FULL"})
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                for fixed in variants:
                    strategy = operation.as_strategy(generation_mode=mode,
                                                     path_parameters=fixed or None)

                    @settings(max_examples=EXAMPLES, deadline=None, database=None,
                              suppress_health_check=list(HealthCheck))
                    @given(case=strategy)
                    def fire(case):
                        response = case.call(headers={
                            wire.AUTHORIZATION: f"{wire.BEARER} {token[0]}"})
                        try:
                            case.validate_response(response, checks=[*checks,
                                                                     request_id_check])
                        finally:
                            statuses[response.status_code] += 1
                            cases[operation.label] += 1
                            if operation.path.startswith("/sandbox/"):
                                # Faults or a moved clock must not spoil the next cases.
                                state.faults.reset()
                                log_in()

                    fire()
    finally:
        client.close()
        state.close()
    assert operations == 17
    assert statuses[200] and statuses[201], "success paths were reached"
    assert not [code for code in statuses if code >= 500]
    figures.update(operations=operations, cases=sum(cases.values()),
                   statuses=dict(sorted(statuses.items())))


FOUND_BY_FUZZING = [
    # A page far past the end once overflowed SQLite's integers: a 500.
    ("offset=5885588797778254888960", 200),
    ("offset=9223372036854775808", 200),
    # "²" passed isdigit() and then failed int(): a 500.
    ("offset=%C2%B2", 400),
    ("limit=%C2%B2", 400),
]


@pytest.mark.parametrize(("query", "status"), FOUND_BY_FUZZING)
async def test_history_paging_answers_odd_numbers_without_failing(sandbox, query, status):
    client = sandbox.client(DEMO)
    await client.login()
    reply = await client.send_raw("GET", f"{wire.operations(FULL_WALLET)}?{query}")
    assert reply.status == status, reply.text
    if status == 200:
        assert reply.json["items"] == [] and reply.json["total"] > 0


# --- SIGKILL under load ------------------------------------------------------------------------

LOAD_OPERATIONS = 300
KILLS = 3
WORKERS = 8


async def settle_after_restart(client, op) -> None:
    """What the desk does with an operation whose outcome is unknown: the same call again,
    with the same key, until a definite answer comes."""
    from .support import perform

    for _ in range(20):
        await perform(client, op)
        if op.done or isinstance(op.error, ApiError):
            return
        await asyncio.sleep(0.1)


def held_keys(db_path: Path) -> int:
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT COUNT(*) FROM idempotency WHERE state = 'RUNNING'").fetchone()[0]
    finally:
        conn.close()


@pytest.mark.slow
async def test_sigkill_under_load_leaves_every_ledger_whole(tmp_path, figures):
    from .ledger_audit import audit
    from .served import ServedSandbox
    from .support import LEDGER_TYPE, full_wallets, make_client, perform, script

    served = ServedSandbox(tmp_path / "killed.sqlite3", "--reset")
    url = served.start()
    port = served.port
    served.extra = ()  # restarts keep the data
    kill_codes = []
    try:
        async with make_client(None, base_url=url) as client:
            wallets = await full_wallets(client, 6, "500000")
            ops = script(wallets, LOAD_OPERATIONS, prefix="kill", seed=11,
                         kinds=("refill", "payment"))
            queue = list(ops)
            finished = 0
            kill_at = [LOAD_OPERATIONS * (n + 1) // (KILLS + 1) for n in range(KILLS)]

            async def worker() -> None:
                nonlocal finished
                while queue:
                    await perform(client, queue.pop(0))
                    finished += 1

            async def killer() -> None:
                for mark in kill_at:
                    while finished < mark:
                        await asyncio.sleep(0.005)
                    kill_codes.append(served.kill())  # mid-load: requests are in flight
                    await asyncio.sleep(0.2)
                    served.start(port)

            await asyncio.gather(killer(), *(worker() for _ in range(WORKERS)))
            cut_off = [op for op in ops if not op.done]
            outcome_kinds = Counter(type(op.error).__name__ for op in cut_off)
            for op in cut_off:
                await settle_after_restart(client, op)
            assert [(op.external_id, repr(op.error)) for op in ops if not op.done] == []
    finally:
        served.stop()

    assert kill_codes == [-9] * KILLS
    ledger = audit(served.db_path)
    assert ledger.problems == []
    assert [op.external_id for op in ops
            if ledger.count(op.external_id, LEDGER_TYPE[op.kind]) != 1] == []
    assert held_keys(served.db_path) == 0
    figures.update(operations=LOAD_OPERATIONS, kills=KILLS, workers=WORKERS,
                   cut_off_then_repeated=len(cut_off), how_they_ended=dict(outcome_kinds),
                   done_twice=0, half_done=0)
