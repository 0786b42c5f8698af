"""Where a page path inside a language folder ends up as a URL (directory URLs)."""

from __future__ import annotations


def page_url(path: str) -> str:
    """The directory URL MkDocs gives a page path: bodies/x.md -> bodies/x/, types/index.md -> types/."""
    stem = path[:-3]
    if stem == "index":
        return ""
    return stem[: -len("index")] if stem.endswith("/index") else stem + "/"


def url_prefix(path: str) -> str:
    """From a page (or a plain file such as an SVG) inside a language folder, the relative way back to it."""
    url = page_url(path) if path.endswith(".md") else path
    return "../" * url.count("/")
