"""Reading generated Markdown back as mkdocs renders it: the text of its tables' cells,
and one `## heading` section of the docs index."""

from __future__ import annotations

from html.parser import HTMLParser

import markdown


class _Tables(HTMLParser):
    """The text of every table cell in an HTML document; <br> read back as a newline."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def tables_of(text: str) -> list[list[list[str]]]:
    """Render Markdown as mkdocs does (Python-Markdown, tables, Markdown in the matrix's
    div) and read the tables back."""
    parser = _Tables()
    parser.feed(markdown.markdown(text, extensions=["tables", "md_in_html"]))
    return parser.tables


def index_section(index: str, heading: str) -> str:
    """The text of one `## heading` section of the index."""
    return index.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]
