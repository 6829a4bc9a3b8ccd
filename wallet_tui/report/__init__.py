"""Session reports: every exchange of a session as Markdown and HTML, secrets masked,
for the partner or the provider's support.

Imports only wallet_tui.client (for the Exchange type) and wallet_tui.protocol."""

from .files import DEFAULT_TITLE, save_report
from .html_page import render_html
from .markdown import render_markdown
from .views import Summary, build_views, summarize

__all__ = [
    "DEFAULT_TITLE",
    "Summary",
    "build_views",
    "render_html",
    "render_markdown",
    "save_report",
    "summarize",
]
