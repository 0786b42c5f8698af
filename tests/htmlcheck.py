"""Small HTML readers for assertions (stdlib only)."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path


class Elements(HTMLParser):
    """Collects every start tag with its attributes, and the text inside <h1>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.h1 = ""
        self._in_h1 = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "h1":
            self._in_h1 = True

    def handle_endtag(self, tag):
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data):
        if self._in_h1:
            self.h1 += data


def parse(path: Path) -> Elements:
    parser = Elements()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def find(parsed: Elements, tag: str, **attrs) -> list[dict]:
    """Start tags of a kind whose attributes include the given values (class_ for class)."""
    wanted = {key.rstrip("_"): value for key, value in attrs.items()}
    return [a for t, a in parsed.tags if t == tag and all(a.get(k) == v for k, v in wanted.items())]
