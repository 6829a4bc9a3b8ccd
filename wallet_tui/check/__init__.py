"""`wallet-tui check`: the contract's rules as rows of data, run through a WalletClient
against any profile's server. The same rows are the sandbox's contract tests
(tests/sandbox/test_contract_rows.py). Imports client, config, protocol and report."""

from .context import Broken, CheckContext, NotApplicable, Partner
from .rows import ROWS, Row
from .runner import RowResult, Verdict, passed, run_check, run_row

__all__ = ["ROWS", "Broken", "CheckContext", "NotApplicable", "Partner", "Row", "RowResult",
           "Verdict", "passed", "run_check", "run_row"]
