"""textual-serve's server for its owner only: a secret per run and the served origin.

textual-serve 1.1 checks no `Origin` and has no login, so any web page the owner visits
could open its websocket and be handed a desk. This subclass puts one check in front of
each of its request handlers, all public methods of `textual_serve.server.Server`:
- the page (`/`) needs `?secret=` from the URL the command printed; it answers with an
  HttpOnly, SameSite=Strict cookie holding the secret, because textual.js builds the
  websocket URL as `<url>?width=…&height=…` and a secret in that URL would be mangled;
- the websocket (`/ws`) and downloads (`/download/…`) need that cookie (or `?secret=`);
- any request whose `Origin` is not the served origin is refused, secret or not.
A refusal is a 403 before the handler runs: no desk process is started.

Fail closed: at start-up every route must be one of the guarded handlers or textual-serve's
static files (its JS, CSS and fonts, nothing of the desk's); a route a later textual-serve
adds stops the server from starting rather than being served unguarded."""

from __future__ import annotations

import logging
import re
import secrets
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from aiohttp import web
from textual_serve.server import Server

SECRET_PARAM = "secret"
SECRET_BYTES = 32  # token_urlsafe(32): 43 characters, 256 bits
DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443}
PAGE_HEADERS = {
    # Nobody frames the desk (a framed page could be clicked through by another site).
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "frame-ancestors 'none'",
    "Referrer-Policy": "no-referrer",  # the page's URL holds the secret
    "Cache-Control": "no-store",
}
# textual-serve's request handlers this class overrides; every other route must be static.
GUARDED = ("handle_index", "handle_websocket", "handle_download")
_SECRET_IN_TEXT = re.compile(rf"({SECRET_PARAM}=)[^&\s\"']+")


def new_secret() -> str:
    return secrets.token_urlsafe(SECRET_BYTES)


def origin_of(url: str) -> str | None:
    """`scheme://host[:port]` as a browser writes it in `Origin` (default port left out),
    or None for what is not an http(s) origin (`null`, garbage)."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    scheme, host = parts.scheme.lower(), parts.hostname
    if scheme not in ("http", "https") or not host:
        return None
    shown = f"[{host}]" if ":" in host else host
    if port is None or port == DEFAULT_PORTS[scheme]:
        return f"{scheme}://{shown}"
    return f"{scheme}://{shown}:{port}"


def mask_secret(text: str) -> str:
    return _SECRET_IN_TEXT.sub(r"\1****", text)


class _MaskSecret(logging.Filter):
    """aiohttp's access log prints each request line, the page's `?secret=` with it."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_secret(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


class OwnerOnlyServer(Server):
    def __init__(self, command: str, *, host: str, port: int, public_url: str, title: str,
                 templates_path: Path, secret: str) -> None:
        super().__init__(command, host=host, port=port, title=title, public_url=public_url,
                         templates_path=templates_path)
        self.secret = secret
        self.origin = origin_of(self.public_url)
        # Cookies ignore ports: two servers on one host must not overwrite each other's.
        self.cookie_name = f"wallet-tui-web-{port}"

    @property
    def owner_url(self) -> str:
        """The URL to open: the only way in."""
        return f"{self.public_url.rstrip('/')}/?{SECRET_PARAM}={self.secret}"

    # -- the check -------------------------------------------------------------------------

    def _is_secret(self, value: str | None) -> bool:
        return value is not None and secrets.compare_digest(value.encode(), self.secret.encode())

    def refusal(self, request: web.Request, *, cookie_counts: bool) -> str | None:
        """Why `request` is refused, or None to let it through."""
        origin = request.headers.get("Origin")
        if origin is not None and origin_of(origin) != self.origin:
            return "this server answers its own page only (foreign Origin)"
        given = [request.query.get(SECRET_PARAM)]
        if cookie_counts:
            given.append(request.cookies.get(self.cookie_name))
        if not any(self._is_secret(value) for value in given):
            return "open the URL `wallet-tui web` printed: it carries this run's secret"
        return None

    def _guard(self, request: web.Request, *, cookie_counts: bool) -> None:
        reason = self.refusal(request, cookie_counts=cookie_counts)
        if reason is not None:
            raise web.HTTPForbidden(text=f"403 Forbidden: {reason}\n")

    # -- textual-serve's handlers, guarded ---------------------------------------------------

    async def handle_index(self, request: web.Request) -> Any:
        # The page only with the secret in its own URL: a cookie alone would let another
        # site frame or navigate to it and reuse the owner's session.
        self._guard(request, cookie_counts=False)
        response = await super().handle_index(request)
        response.headers.update(PAGE_HEADERS)
        response.set_cookie(self.cookie_name, self.secret, httponly=True, samesite="Strict",
                            path="/")
        return response

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        self._guard(request, cookie_counts=True)
        return await super().handle_websocket(request)

    async def handle_download(self, request: web.Request) -> web.StreamResponse:
        self._guard(request, cookie_counts=True)
        return await super().handle_download(request)

    # -- start-up ----------------------------------------------------------------------------

    def unguarded_routes(self, app: web.Application) -> list[str]:
        """Routes of `app` served without the check (textual-serve's static files aside)."""
        guarded = {getattr(OwnerOnlyServer, name) for name in GUARDED}
        found = []
        for route in app.router.routes():
            if isinstance(route.resource, web.StaticResource):
                continue
            if getattr(route.handler, "__func__", None) not in guarded:
                found.append(f"{route.method} {route.resource.canonical if route.resource else '?'}")
        return found

    def initialize_logging(self) -> None:
        super().initialize_logging()
        logging.getLogger("aiohttp.access").addFilter(_MaskSecret())

    async def on_startup(self, app: web.Application) -> None:
        unguarded = self.unguarded_routes(app)
        if unguarded:
            raise RuntimeError(
                "textual-serve serves routes wallet-tui does not guard: "
                + ", ".join(unguarded) + "; refusing to serve"
            )
        print(f"wallet-tui web: open {self.owner_url}", flush=True)
        print("The secret in that URL is the only way in. Ctrl+C stops the server and every desk.",
              file=sys.stderr, flush=True)
