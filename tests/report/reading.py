"""Reading a saved report back the way a person would: its tables as rows of cell texts."""

from __future__ import annotations

import re
from html.parser import HTMLParser

_CELL_SPLIT = re.compile(r"(?<!\\)\|")


def markdown_table(text: str, heading: str) -> list[list[str]]:
    """The rows (header row excluded) of the first table after `heading`."""
    lines = text.splitlines()
    start = lines.index(heading)
    rows: list[list[str]] = []
    for line in lines[start + 1:]:
        if not line.startswith("|"):
            if rows:
                break
            continue
        cells = [c.strip().replace("\\|", "|") for c in _CELL_SPLIT.split(line.strip())[1:-1]]
        rows.append(cells)
    return rows[2:]  # header and the ---|--- line


def fenced_blocks(text: str) -> list[str]:
    blocks, current, fence = [], [], None
    for line in text.splitlines():
        if fence is None:
            match = re.match(r"^(`{3,})", line)
            if match:
                fence, current = match.group(1), []
        elif line == fence:
            blocks.append("\n".join(current))
            fence = None
        else:
            current.append(line)
    return blocks


class TableReader(HTMLParser):
    """Collects the text of every cell of every <table>, by the table's class."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: dict[str, list[list[str]]] = {}
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self._table: str | None = None
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._in_body = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "table":
            self._table = dict(attrs).get("class") or ""
            self.tables[self._table] = []
        elif tag == "tbody":
            self._in_body = True
        elif tag == "tr" and self._in_body:
            self._row = []
        elif tag == "td" and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "td" and self._cell is not None and self._row is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None and self._table is not None:
            self.tables[self._table].append(self._row)
            self._row = None
        elif tag == "tbody":
            self._in_body = False
        elif tag == "table":
            self._table = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def html_tables(text: str) -> TableReader:
    reader = TableReader()
    reader.feed(text)
    reader.close()
    return reader
