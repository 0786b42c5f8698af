"""Where each kind of generated page lives inside a language folder, and its URL (directory URLs).

Which pages exist is listed once, in views.registry.
"""

from __future__ import annotations

import posixpath


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


def relative_link(from_path: str, to_path: str) -> str:
    """Relative link between two pages given by their paths inside a language folder."""
    return posixpath.relpath(to_path, posixpath.dirname(from_path) or ".")


def body_path(body_id: str) -> str:
    return f"bodies/{body_id}.md"


def type_path(body_type: str) -> str:
    return f"types/{body_type}.md"


def source_path(doc_id: str) -> str:
    return f"sources/{doc_id}.md"


def area_path(body_id: str) -> str:
    return f"areas/{body_id}.md"


def diagram_file(name: str) -> str:
    return f"diagrams/{name}.svg"


AREAS_INDEX = "areas/index.md"
BODIES_INDEX = "bodies/index.md"
STRUCTURE = "structure/index.md"
SOURCES_INDEX = "sources/index.md"
GLOSSARY = "glossary/index.md"
OPEN_DATA = "open-data/index.md"
