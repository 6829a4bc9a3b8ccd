"""Rules of authorization (provider section 4): logging in, refreshing, rotation, refusals."""

from __future__ import annotations

from wallet_tui.protocol import ErrorName, wire

from .calls import NOT_A_TOKEN, fresh_tokens, login_body, refresh_body, token_call
from .context import Broken, CheckContext, expect_error, expect_status


async def auth_token(ctx: CheckContext) -> str:
    response = await token_call(ctx, login_body(ctx))
    body = expect_status(response, 200)
    for name in ("accessToken", "refreshToken"):
        if not isinstance(body.get(name), str) or not body[name]:
            raise Broken(f"the token answer has no {name}", response)
    if body.get("tokenType") != wire.TOKEN_TYPE:
        raise Broken(f"tokenType is {body.get('tokenType')!r}, not Bearer", response)
    for name in ("expiresIn", "refreshExpiresIn"):
        if not isinstance(body.get(name), int) or isinstance(body.get(name), bool) \
                or body[name] <= 0:
            raise Broken(f"{name} is {body.get(name)!r}: a number of seconds is expected",
                         response)
    if "no-store" not in response.headers.get(wire.CACHE_CONTROL, ""):
        raise Broken("the token answer lacks Cache-Control: no-store", response)
    return f"access {body['expiresIn']} s, refresh {body['refreshExpiresIn']} s"


async def auth_refresh(ctx: CheckContext) -> str:
    first = await fresh_tokens(ctx)
    client_id = ctx.partner.credentials.client_id
    response = await token_call(ctx, refresh_body(first["refreshToken"], client_id))
    second = expect_status(response, 200)
    if second.get("refreshToken") in (None, first["refreshToken"]):
        raise Broken("the refresh did not rotate the refresh token", response)
    works = await ctx.client.probe("GET", ctx.path("banks"), bearer=second.get("accessToken"))
    expect_status(works, 200)
    return "refreshed; the new access token is accepted"


async def auth_rotation(ctx: CheckContext) -> str:
    first = await fresh_tokens(ctx)
    client_id = ctx.partner.credentials.client_id
    second = expect_status(await token_call(ctx, refresh_body(first["refreshToken"], client_id)),
                           200)
    expect_error(await token_call(ctx, refresh_body(first["refreshToken"], client_id)),
                 ErrorName.INVALID_GRANT)
    revoked = await ctx.client.probe("GET", ctx.path("banks"), bearer=second["accessToken"])
    expect_error(revoked, ErrorName.UNAUTHORIZED)
    return "reuse refused; the tokens of that login stopped working"


async def auth_refresh_other_client(ctx: CheckContext) -> str:
    tokens = await fresh_tokens(ctx)
    client_id = ctx.partner.credentials.client_id
    expect_error(await token_call(ctx, refresh_body(tokens["refreshToken"], client_id + "-x")),
                 ErrorName.INVALID_GRANT)
    still = await token_call(ctx, refresh_body(tokens["refreshToken"], client_id))
    expect_status(still, 200)
    return "refused, and the refresh token stayed usable"


async def auth_bad_token(ctx: CheckContext) -> str:
    expect_error(await ctx.client.probe("GET", ctx.path("banks"), bearer=NOT_A_TOKEN),
                 ErrorName.UNAUTHORIZED)
    expect_error(await ctx.client.probe("GET", ctx.path("banks"), authorized=False),
                 ErrorName.UNAUTHORIZED)
    return "401 1002 UNAUTHORIZED both times"


async def auth_wrong_partner(ctx: CheckContext) -> str:
    partner_id = ctx.partner.credentials.partner_id
    wrong = "0" if partner_id != "0" else "1"
    expect_error(await token_call(ctx, login_body(ctx, partnerId=partner_id + wrong)),
                 ErrorName.INVALID_CLIENT)
    return f"partnerId {partner_id + wrong} refused"
