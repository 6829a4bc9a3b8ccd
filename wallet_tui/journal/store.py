"""The journal file: one per profile and partner, append-only JSON lines, each line written
and fsynced before the request it announces leaves (write-ahead). A power cut can leave the
last line torn: reading skips it, and the next write starts on a fresh line.

Every change is a line of its own ("open", "attempt", "unknown", "settled"); reading folds
them by key. Writes hold an exclusive lock on the file, so two desks of the same profile and
partner never settle one entry twice."""

from __future__ import annotations

import fcntl
import json
import logging
import os
import re
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from wallet_tui.config.files import FILE_MODE, ensure_private_dir, fsync_dir
from wallet_tui.config.paths import safe_file_name
from wallet_tui.protocol.sentence import say

from .entries import SET_ASIDE, SETTLED, WITH_EXTERNAL_ID, Draft, Entry

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
SUFFIX = ".jsonl"


def _utc_now() -> datetime:
    return datetime.now(UTC)


def file_name(profile: str, partner_id: str) -> str:
    """`profile@partner.jsonl`, every character outside [A-Za-z0-9._-] written as %XX."""

    return f"{safe_file_name(profile)}@{safe_file_name(partner_id)}{SUFFIX}"


GENERATED_EXTERNAL_ID = re.compile(r"desk-[0-9a-f]{32}")


def new_external_id() -> str:
    """An externalId for an operation the operator gave none: the journal can find the
    operation in the wallet's history by it."""
    return f"desk-{uuid.uuid4().hex}"


def is_generated_external_id(text: str) -> bool:
    return GENERATED_EXTERNAL_ID.fullmatch(text) is not None


class JournalError(OSError):
    """The journal could not be written: the operation must not be sent."""


class Journal:
    def __init__(self, directory: Path, profile: str, partner_id: str, *,
                 clock: Clock = _utc_now) -> None:
        self.directory = directory
        self.profile = profile
        self.partner_id = partner_id
        self.path = directory / file_name(profile, partner_id)
        self._clock = clock
        # The file's open entries as folded so far: writes read only the lines added since
        # (by this desk or another of the same profile), not the whole day's file each time,
        # and keep only what a write needs, the open entries (a closed one is never written
        # again): a working day's operations do not pile up in memory (issue 15).
        self._folded: dict[str, Entry] = {}
        self._folded_to = 0  # bytes of the file in _folded: whole lines only
        # The folded file: (device, inode) and its first line's start, which holds a key
        # (a file made anew can get the old one's inode and length).
        self._folded_file: tuple[int, int, bytes] | None = None

    def now(self) -> datetime:
        return self._clock()

    # -- reading ---------------------------------------------------------------------------

    def entries(self) -> list[Entry]:
        """Every entry, oldest first, as the file's lines leave it."""
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return []
        return _fold(data)

    def open_entries(self) -> list[Entry]:
        return [entry for entry in self.entries() if entry.is_open]

    def get(self, key: str) -> Entry | None:
        return next((entry for entry in self.entries() if entry.key == key), None)

    # -- writing ---------------------------------------------------------------------------

    def begin(self, draft: Draft) -> Entry:
        """The entry to send `draft` under, on disk before this returns. The same request
        again while an earlier one is open (and its key still kept by the service) gets that
        entry: the same key and body, so the service answers once. Raises JournalError."""
        now = self._clock()
        with self._locked() as handle:
            for entry in self._fold_new(handle).values():
                if entry.fingerprint == draft.fingerprint and entry.can_retry(now):
                    _append(handle, {"event": "attempt", "key": entry.key, "at": now.isoformat()})
                    return entry
            body = dict(draft.body)
            external_id = body.get("externalId")
            if draft.op in WITH_EXTERNAL_ID and not external_id:
                external_id = body["externalId"] = new_external_id()
            entry = Entry(
                key=str(uuid.uuid4()), op=draft.op, profile=self.profile,
                partner_id=self.partner_id, created_at=now, target=dict(draft.target),
                body=body, fingerprint=draft.fingerprint, amount=draft.amount,
                currency=draft.currency, subject=draft.subject, external_id=external_id,
            )
            _append(handle, entry.to_record())
            return entry

    def attempt(self, key: str) -> None:
        """The entry is about to be sent again with its key (written before it leaves)."""
        self._write({"event": "attempt", "key": key, "at": self._clock().isoformat()})

    def sending(self, key: str, request_id: str) -> None:
        """An attempt with the entry's key is about to leave with this X-Request-Id (the
        client makes one per attempt, retries included): on disk before it is sent."""
        self._write({"event": "request", "key": key, "at": self._clock().isoformat(),
                     "requestId": request_id})

    def unknown(self, key: str, reason: str, *, request_id: str | None = None) -> None:
        """The attempt ended without a definite answer: the entry stays open."""
        self._write({"event": "unknown", "key": key, "at": self._clock().isoformat(),
                     "reason": reason, "requestId": request_id})

    def settle(self, key: str, outcome: str, *, result: dict[str, str] | None = None,
               request_id: str | None = None) -> bool:
        """A definite answer, or the service's word when asked. False (and nothing written)
        when the entry is not open any more: an operation is resolved once."""
        return self._close(key, SETTLED, outcome=outcome, result=result, requestId=request_id)

    def set_aside(self, key: str, note: str) -> bool:
        """The operator closes the entry without an answer, saying why."""
        return self._close(key, SET_ASIDE, outcome=None, note=note)

    def _close(self, key: str, state: str, **fields: Any) -> bool:
        with self._locked() as handle:
            entry = self._fold_new(handle).get(key)
            if entry is None or not entry.is_open:
                return False
            record = {"event": "settled", "key": key, "at": self._clock().isoformat(),
                      "state": state}
            record.update({name: value for name, value in fields.items() if value is not None})
            _append(handle, record)
            return True

    def _fold_new(self, fd: int) -> dict[str, Entry]:
        """The open entries, the lines written since the last look folded in. A file
        replaced or cut short is folded again from its start; a torn last line waits for its
        end."""
        info = os.fstat(fd)
        file_id = (info.st_dev, info.st_ino, os.pread(fd, FIRST_BYTES, 0))
        if file_id != self._folded_file or info.st_size < self._folded_to:
            self._folded, self._folded_to, self._folded_file = {}, 0, file_id
        if info.st_size > self._folded_to:
            data = os.pread(fd, info.st_size - self._folded_to, self._folded_to)
            whole = data.rfind(b"\n") + 1
            _fold_into(self._folded, data[:whole])
            self._folded_to += whole
            for key in [key for key, entry in self._folded.items() if not entry.is_open]:
                del self._folded[key]
        return self._folded

    def _write(self, record: dict[str, Any]) -> None:
        with self._locked() as handle:
            _append(handle, record)

    @contextmanager
    def _locked(self) -> Iterator[int]:
        """The file open for reading and appending, locked, created 0600 in a 0700 dir; a
        new file's directory is fsynced so the file itself survives a power cut."""
        try:
            new_dir = not self.directory.exists()
            ensure_private_dir(self.directory)
            if new_dir:
                fsync_dir(self.directory.parent)
            created = not self.path.exists()
            fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, FILE_MODE)
        except OSError as error:
            raise JournalError(error.errno, str(say(
                "cannot open the journal {path}: {reason}", path=self.path,
                reason=error.strerror or error))) from error
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            if created:
                fsync_dir(self.directory)
            yield fd
        except OSError as error:
            if isinstance(error, JournalError):
                raise
            raise JournalError(error.errno, str(say(
                "cannot write the journal {path}: {reason}", path=self.path,
                reason=error.strerror or error))) from error
        finally:
            os.close(fd)  # closing releases the lock


FIRST_BYTES = 64  # {"event":"open","key":"<uuid4>"...: enough to tell two files apart


def _append(fd: int, record: dict[str, Any]) -> None:
    line = json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    size = os.fstat(fd).st_size
    # After a torn last line (a power cut mid-write) start on a line of our own.
    lead = b"\n" if size and os.pread(fd, 1, size - 1) != b"\n" else b""
    os.write(fd, lead + line + b"\n")
    os.fsync(fd)


def _fold(data: bytes) -> list[Entry]:
    entries: dict[str, Entry] = {}
    # A last line with no newline after it was torn by a crash mid-write, never finished.
    _fold_into(entries, data[: data.rfind(b"\n") + 1])
    return list(entries.values())


def _fold_into(entries: dict[str, Entry], data: bytes) -> None:
    """Folds whole lines into `entries`, by key."""
    for line in data.split(b"\n"):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            key = record["key"]
            if record.get("event") == "open":
                entries.setdefault(key, Entry.from_record(record))
            elif key in entries:
                entries[key] = entries[key].apply(record)
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            log.warning("journal line skipped: %s", error)
