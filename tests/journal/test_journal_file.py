"""The journal file: on disk before a request leaves, private, per profile and partner, a torn
last line tolerated, settled once."""

from __future__ import annotations

import json
import os
import stat
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from wallet_tui.journal import (
    OPEN,
    REFILL,
    REGISTRATION,
    SET_ASIDE,
    SETTLED,
    Draft,
    Journal,
    JournalError,
)
from wallet_tui.journal import operations
from wallet_tui.protocol import RefillRequest, RegistrationRequest

T0 = datetime(2026, 12, 4, 16, 50, tzinfo=UTC)


class Clock:
    def __init__(self, now: datetime = T0) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def refill_draft(amount: str = "777.77", external_id: str | None = None) -> Draft:
    return operations.refill("100000000001",
                             RefillRequest(amount=Decimal(amount), external_id=external_id))


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def journal(tmp_path, clock) -> Journal:
    return Journal(tmp_path / "data" / "journal", "sandbox", "1001", clock=clock)


def test_an_operation_is_on_disk_with_what_a_retry_and_a_check_need(journal):
    entry = journal.begin(refill_draft())
    lines = journal.path.read_text().splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert record["key"] == entry.key and record["op"] == "refill"
    assert record["walletId"] == "100000000001" and record["amount"] == "777.77"
    assert record["at"] == "2026-12-04T16:50:00+00:00"  # aware UTC
    # The desk always sends an externalId, generating one the operator left empty: the
    # outcome can then be found in the wallet's history.
    assert record["externalId"].startswith("desk-")
    assert record["body"] == {"amount": "777.77", "currency": "RUB",
                              "externalId": record["externalId"]}
    assert journal.open_entries() == [entry]


def test_an_external_id_typed_by_the_operator_is_kept(journal):
    entry = journal.begin(refill_draft(external_id="order-42"))
    assert entry.external_id == "order-42" and entry.body["externalId"] == "order-42"


def test_registration_has_no_external_id_on_the_wire(journal):
    entry = journal.begin(operations.registration(RegistrationRequest(phone="+79160000111")))
    assert entry.op == REGISTRATION and entry.external_id is None
    assert "externalId" not in entry.body and entry.subject == "+79160000111"


def test_file_0600_in_a_0700_dir(journal):
    journal.begin(refill_draft())
    assert stat.S_IMODE(journal.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(journal.path.parent.stat().st_mode) == 0o700


def test_no_secret_in_the_file(tmp_path, clock):
    journal = Journal(tmp_path, "prod", "1001", clock=clock)
    entry = journal.begin(refill_draft())
    journal.settle(entry.key, "SUCCEEDED", request_id="req-1")
    text = journal.path.read_text()
    for word in ("secret", "token", "Authorization", "Bearer", "password"):
        assert word.lower() not in text.lower()


def test_each_profile_and_partner_has_its_own_file(tmp_path, clock):
    first = Journal(tmp_path, "sandbox", "1001", clock=clock)
    second = Journal(tmp_path, "sandbox", "1002", clock=clock)
    other_profile = Journal(tmp_path, "prod", "1001", clock=clock)
    entry = first.begin(refill_draft())
    assert second.open_entries() == [] and other_profile.open_entries() == []
    assert first.open_entries() == [entry]
    assert len({first.path, second.path, other_profile.path}) == 3


def test_a_name_cannot_leave_the_journal_dir(tmp_path, clock):
    journal = Journal(tmp_path / "j", "../../etc/x", "1/2", clock=clock)
    journal.begin(refill_draft())
    assert journal.path.parent == tmp_path / "j"
    assert os.listdir(tmp_path / "j") == [journal.path.name]


def test_a_torn_last_line_is_skipped_and_the_next_write_starts_afresh(journal):
    kept = journal.begin(refill_draft("1.00"))
    with open(journal.path, "ab") as file:  # a power cut in the middle of a line
        file.write(b'{"event":"open","key":"torn-ke')
    assert journal.open_entries() == [kept]
    later = journal.begin(refill_draft("2.00"))
    assert [e.key for e in journal.open_entries()] == [kept.key, later.key]
    assert journal.settle(later.key, "SUCCEEDED")
    assert [e.key for e in journal.open_entries()] == [kept.key]


def test_settled_once_never_twice(journal):
    entry = journal.begin(refill_draft())
    assert journal.settle(entry.key, "SUCCEEDED operationId op-1",
                          result={"operationId": "op-1"}, request_id="req-1")
    assert not journal.settle(entry.key, "refused: INSUFFICIENT_FUNDS")
    assert not journal.set_aside(entry.key, "too late")
    settled = journal.get(entry.key)
    assert settled.state == SETTLED and settled.result == {"operationId": "op-1"}
    assert settled.request_id == "req-1" and journal.open_entries() == []


def test_set_aside_keeps_the_note(journal):
    entry = journal.begin(refill_draft())
    assert journal.set_aside(entry.key, "booked by hand, ticket 12")
    assert journal.get(entry.key).state == SET_ASIDE
    assert journal.get(entry.key).note == "booked by hand, ticket 12"


def test_the_same_request_while_open_gets_the_same_key_and_body(journal):
    first = journal.begin(refill_draft())
    again = journal.begin(refill_draft())
    assert again.key == first.key and again.body == first.body  # generated externalId too
    assert journal.get(first.key).attempts == 2
    journal.unknown(first.key, "timeout")
    assert journal.get(first.key).state == OPEN
    journal.settle(first.key, "SUCCEEDED")
    assert journal.begin(refill_draft()).key != first.key  # settled: a new operation


def test_no_retry_once_the_service_forgot_the_key(journal, clock):
    first = journal.begin(refill_draft())
    assert first.can_retry(clock.now + timedelta(hours=23))
    clock.now += timedelta(hours=24)
    assert not first.can_retry(clock.now)
    # The same form a day later is a new operation: the old key would not be recognised.
    assert journal.begin(refill_draft()).key != first.key


def test_a_journal_that_cannot_be_written_refuses(tmp_path, clock):
    blocker = tmp_path / "file"
    blocker.write_text("")
    journal = Journal(blocker / "journal", "sandbox", "1001", clock=clock)
    with pytest.raises(JournalError):
        journal.begin(refill_draft())


def test_the_history_column_leaves_out_an_external_id_the_desk_made_up(journal):
    from wallet_tui.protocol import Operation
    from wallet_tui.ui.screens.history import operation_row

    entry = journal.begin(refill_draft())

    def row(external_id):
        return operation_row(Operation.model_validate({
            "operationId": "op-1", "walletId": "100000000001", "type": "REFILL",
            "status": "SUCCEEDED", "amount": "777.77", "fee": "0.00", "balance": "800.00",
            "externalId": external_id, "createdAt": "2026-12-04T16:50:00Z"}))

    assert row(entry.external_id)[-1] == ""  # the detail view still shows it
    assert row("order-42")[-1] == "order-42"


def test_each_attempt_s_request_id_is_kept_and_the_last_one_is_shown(journal):
    entry = journal.begin(refill_draft())
    journal.sending(entry.key, "req-1")
    assert journal.get(entry.key).request_id == "req-1"  # before any answer
    journal.sending(entry.key, "req-2")  # the client's retry: a new id
    again = journal.get(entry.key)
    assert again.request_id == "req-2" and again.is_open and again.attempts == 1


def test_two_desks_of_one_profile_see_each_others_lines_as_they_come(tmp_path, clock):
    """Each write folds only the lines added since its last look (a day's file is not read
    whole at every operation): what the other desk wrote meanwhile is among them."""
    directory = tmp_path / "data" / "journal"
    first, second = (Journal(directory, "sandbox", "1001", clock=clock) for _ in range(2))
    mine = first.begin(refill_draft("1.00"))
    assert second.begin(refill_draft("1.00")).key == mine.key  # the same request, open
    assert second.settle(mine.key, "SUCCEEDED")
    assert not first.settle(mine.key, "refused: INSUFFICIENT_FUNDS")  # resolved once
    assert first.begin(refill_draft("1.00")).key != mine.key  # settled: a new operation
    assert first.get(mine.key).attempts == 2


def test_a_journal_file_replaced_meanwhile_is_read_afresh(journal, clock):
    old = journal.begin(refill_draft("1.00"))
    journal.path.unlink()  # moved away by hand while the desk runs
    other = Journal(journal.directory, "sandbox", "1001", clock=clock)
    replacing = other.begin(refill_draft("2.00"))
    again = journal.begin(refill_draft("1.00"))
    assert again.key != old.key  # the old entry went with the old file
    assert not journal.settle(old.key, "SUCCEEDED")
    assert journal.settle(replacing.key, "SUCCEEDED")
    assert [e.key for e in other.open_entries()] == [again.key]


def test_a_day_of_settled_operations_is_not_kept_in_memory(journal):
    """What a write needs is the open entries: a working day's settled ones stay on disk
    only (issue 15: they grew the desk by an entry per operation)."""
    import gc

    from wallet_tui.journal.entries import Entry

    def entries_alive() -> int:
        gc.collect()
        return sum(isinstance(thing, Entry) for thing in gc.get_objects())

    open_one = journal.begin(refill_draft("9.99"))
    before = entries_alive()
    for cents in range(1, 201):
        entry = journal.begin(refill_draft(f"{cents}.00"))
        assert journal.settle(entry.key, "SUCCEEDED")
    del entry
    assert journal.begin(refill_draft("9.99")).key == open_one.key  # the open one is still met
    assert entries_alive() - before <= 2
    assert len(journal.entries()) == 201  # and the file has them all
