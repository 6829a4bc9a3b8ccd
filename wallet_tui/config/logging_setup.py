"""The rotating log file, and the masking that keeps secrets and customers' data out of it.

Masking is done twice on purpose: a filter rewrites each record's message (so any other
handler sees it masked too), and the formatter masks the final text (tracebacks and
`extra` fields are only rendered there)."""

from __future__ import annotations

import logging
import logging.handlers
import re
import threading
from pathlib import Path

from wallet_tui.protocol import wire

from .files import ensure_private_dir, open_private_append
from .paths import AppPaths

MASK = "****"
LOG_MAX_BYTES = 1_000_000
LOG_BACKUPS = 3
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# Values shorter than this are not masked by value: masking "1" everywhere helps no one.
MIN_REGISTERED_LENGTH = 4

_SECRET_NAMES = sorted(
    wire.SECRET_FIELDS | {"client_secret", "access_token", "refresh_token"}, key=len, reverse=True
)
_NAMES = "|".join(re.escape(name) for name in _SECRET_NAMES)
_PATTERNS = [
    # Authorization: Bearer <token>
    (re.compile(r"(?i)\b(bearer)\s+[A-Za-z0-9\-._~+/=]+"), rf"\1 {MASK}"),
    # JSON or a Python repr: "clientSecret": "value" / 'accessToken': 'value'
    (re.compile(rf"""(["']?(?:{_NAMES})["']?\s*[:=]\s*)(["'])(?:\\.|(?!\2).)*\2"""), rf"\1\2{MASK}\2"),
    # form bodies and queries: client_secret=value&...
    (re.compile(rf"\b((?:{_NAMES})=)[^&\s\"',;]+"), rf"\1{MASK}"),
]

# Customer data that may turn up in any line (an error that quotes a URL or a body): an
# E.164 phone, plain or percent-encoded (`%2B7…`), and an e-mail address, plain or encoded.
_CUSTOMER_PATTERNS = [
    (re.compile(r"(?:\+|%2[Bb])\d{10,15}\b"), MASK),
    (re.compile(r"[\w.+-]+(?:@|%40)[\w-]+(?:\.[\w-]+)+"), MASK),
]
# Their INFO and DEBUG lines carry full URLs (a lookup's `?phone=`); the client logs each
# exchange itself with what a support engineer needs (client/log_line.py).
QUIETED_LIBRARIES = ("httpx", "httpcore")

_registered: set[str] = set()
_registered_lock = threading.Lock()


def register_secret(value: str) -> None:
    """Mask this exact value wherever it appears in a log line from now on (the secret
    the operator typed may turn up inside an error message or a URL)."""
    if value and len(value) >= MIN_REGISTERED_LENGTH:
        with _registered_lock:
            _registered.add(value)


def mask_secrets(text: str) -> str:
    """The text with secrets, and the phones and e-mails of customers, masked."""
    for pattern, replacement in (*_PATTERNS, *_CUSTOMER_PATTERNS):
        text = pattern.sub(replacement, text)
    with _registered_lock:
        values = sorted(_registered, key=len, reverse=True)
    for value in values:
        text = text.replace(value, MASK)
    return text


class SecretMaskingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_secrets(message)
        if masked != message or record.args:
            record.msg = masked
            record.args = None
        return True


class LibraryChatterFilter(logging.Filter):
    """Keeps the HTTP libraries' own lines below WARNING out of the file (not by setting
    their loggers' levels: those are the process's, not this handler's)."""

    def filter(self, record: logging.LogRecord) -> bool:
        library = record.name.partition(".")[0]
        return record.levelno >= logging.WARNING or library not in QUIETED_LIBRARIES


class SecretMaskingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return mask_secrets(super().format(record))


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A RotatingFileHandler whose files are created 0600, the current one and each new
    one after a rollover (the stock handler uses the umask's mode)."""

    def _open(self):  # type: ignore[override]
        return open_private_append(Path(self.baseFilename))


_installed: PrivateRotatingFileHandler | None = None


def setup_logging(
    paths: AppPaths | None = None,
    *,
    level: int = logging.INFO,
    logger: logging.Logger | None = None,
) -> Path:
    """Send log records to the rotating file in the user log dir; returns its path.

    Attaches to the root logger by default so httpx and keyring records are masked and
    kept too; never to a stream, since stderr is under the Textual screen. Calling it
    again replaces the previous handler rather than doubling every line."""
    global _installed
    paths = paths or AppPaths.from_env()
    ensure_private_dir(paths.log_dir)
    target = logger or logging.getLogger()
    shutdown_logging()
    handler = PrivateRotatingFileHandler(
        paths.log_file, maxBytes=LOG_MAX_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8"
    )
    handler.addFilter(LibraryChatterFilter())
    handler.addFilter(SecretMaskingFilter())
    handler.setFormatter(SecretMaskingFormatter(LOG_FORMAT))
    handler.setLevel(level)
    target.addHandler(handler)
    if target.level == logging.NOTSET or target.level > level:
        target.setLevel(level)
    _installed = handler
    return paths.log_file


def shutdown_logging() -> None:
    """Detach and close the handler `setup_logging` installed (at exit, and in tests)."""
    global _installed
    if _installed is None:
        return
    for existing in (logging.getLogger(), *logging.Logger.manager.loggerDict.values()):
        if isinstance(existing, logging.Logger) and _installed in existing.handlers:
            existing.removeHandler(_installed)
    _installed.close()
    _installed = None
