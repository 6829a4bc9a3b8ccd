"""The guided demo's story, free of any UI: log in, register a wallet, identify it, refill,
pay in two steps, list the banks, withdraw, wait for the bank, look the wallet up.

Imports the client and protocol rooms only; the demo screen (ui/screens/demo.py) shows it,
and a script or a test can run it on any WalletClient."""

from .runner import Scenario, StepRecord, StepStatus
from .plan import DemoSettings, Plan, PlannedRequest, ScenarioError, Step, Story, fresh_phone
from .steps import STEP_TYPES

__all__ = [
    "STEP_TYPES",
    "DemoSettings",
    "Plan",
    "PlannedRequest",
    "Scenario",
    "ScenarioError",
    "Step",
    "StepRecord",
    "StepStatus",
    "Story",
    "fresh_phone",
]
