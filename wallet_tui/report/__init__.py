"""Session reports: every exchange of a session as Markdown and HTML, secrets masked,
for the partner or the provider's support.

Imports only wallet_tui.client (for the Exchange type) and wallet_tui.protocol."""

from .files import DEFAULT_TITLE, save_report
from .html_page import render_html
from .markdown import render_markdown
from .views import ReportPage, Summary, build_views, read_report, summarize

__all__ = [
    "DEFAULT_TITLE",
    "ReportPage",
    "Summary",
    "build_views",
    "render_html",
    "read_report",
    "render_markdown",
    "save_report",
    "summarize",
]
