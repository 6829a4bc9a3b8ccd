"""The sandbox's own extensions under /sandbox/: reset, faults, clock. Any sandbox partner's
token opens them; faults never touch them."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from wallet_tui.protocol import wire
from wallet_tui.protocol.models import ClockAdvance, ClockState, Faults, FaultsUpdate

from .errors import invalid
from .openapi import EXAMPLES, doc
from .routing import Routes
from .pipeline import ApiCall, json_response, model_bytes

routes = Routes()

ADVANCE_SECONDS = ClockAdvance.model_fields["advance_seconds"].alias or "advanceSeconds"


@routes.post(wire.SANDBOX_RESET, doc(ok=None, status=204, api=False))
async def reset(request: Request) -> Response:
    """Wallets, operations and keys back to the demo data, faults to their defaults"""
    call = await ApiCall.start(request)
    call.state.reset()
    return Response(status_code=204)


@routes.get(wire.SANDBOX_FAULTS, doc(ok=Faults, api=False))
async def get_faults(request: Request) -> Response:
    """The faults in force"""
    call = await ApiCall.start(request)
    return json_response(200, model_bytes(call.state.faults.current))


@routes.put(wire.SANDBOX_FAULTS, doc(ok=Faults, body=FaultsUpdate, example=EXAMPLES["faults"],
                                     api=False))
async def put_faults(request: Request) -> Response:
    """Change the faults given, keep the others"""
    call = await ApiCall.start(request)
    change = call.body(FaultsUpdate)
    return json_response(200, model_bytes(call.state.faults.update(change)))


@routes.post(wire.SANDBOX_CLOCK, doc(ok=ClockState, body=ClockAdvance, example=EXAMPLES["clock"],
                                     api=False))
async def advance_clock(request: Request) -> Response:
    """Move the sandbox's clock forward"""
    call = await ApiCall.start(request)
    change = call.body(ClockAdvance)
    try:
        call.state.clock.advance(change.advance_seconds)
    except ValueError as error:
        raise invalid([(ADVANCE_SECONDS, str(error))]) from error
    return json_response(200, model_bytes(ClockState(now=call.state.clock.now())))
