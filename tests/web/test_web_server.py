"""The page `wallet-tui web` serves needs nothing from outside this machine."""

from __future__ import annotations

import re
import shlex
import sys
from html.parser import HTMLParser
from urllib.parse import urlsplit

from aiohttp.test_utils import TestClient, TestServer

from wallet_tui.cli import build_parser
from wallet_tui.web.command import desk_arguments
from wallet_tui.web.server import TEMPLATES, build_server, desk_command

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
URL_IN_TEXT = re.compile(r"""(?:https?|wss?)://[^\s"'<>)]+""")


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for name, value in attrs:
            if name in {"src", "href", "data-session-websocket-url"} and value:
                self.urls.append(value)


def test_the_desk_command_is_this_python_with_the_profile_arguments():
    args = build_parser().parse_args(["--profile", "demo room", "web", "--reset"])
    command = desk_command(desk_arguments(args))
    assert shlex.split(command) == [sys.executable, "-m", "wallet_tui",
                                    "--profile", "demo room", "--reset"]


def test_profile_given_after_web_is_passed_on_too():
    args = build_parser().parse_args(["web", "--profile", "staging", "--port", "8123"])
    assert desk_arguments(args) == ["--profile", "staging"]
    assert (args.host, args.port) == ("127.0.0.1", 8123)


def test_our_template_links_nothing_on_the_internet():
    text = (TEMPLATES / "app_index.html").read_text(encoding="utf-8")
    assert URL_IN_TEXT.findall(text) == ["http://www.w3.org/2000/svg"]  # an XML namespace, never fetched
    assert "fonts.googleapis" not in text


async def test_the_served_page_and_its_files_are_all_local():
    server = build_server("127.0.0.1", 8765, ["--profile", "sandbox"], secret="s3cret")
    async with TestClient(TestServer(await server._make_app())) as client:
        index = await client.get("/?secret=s3cret")
        assert index.status == 200
        html = await index.text()
        links = Links()
        links.feed(html)
        assert "<title>wallet-tui</title>" in html
        assert links.urls, "the page references its script, style and websocket"
        for url in links.urls:
            assert url.startswith("data:") or urlsplit(url).hostname in LOOPBACK_HOSTS, url
        fetched = [u for u in links.urls if urlsplit(u).scheme in {"http", "https"}]
        assert any(u.endswith("textual.js") for u in fetched)
        assert any(u.endswith(".ttf") for u in fetched), "the font is served from here"
        for url in fetched:
            response = await client.get(urlsplit(url).path)
            assert response.status == 200, url
            if url.endswith((".js", ".css")):
                body = await response.text()
                # No code that loads a resource from an absolute URL (licence comments may name sites).
                assert not re.search(r"""(?:@import|url\(|src=|fetch\()\s*['"]?https?://""", body)
        # the font the CSS names is served too
        for font in re.findall(r'url\("([^"]+\.ttf)"\)', html):
            assert (await client.get(urlsplit(font).path)).status == 200
