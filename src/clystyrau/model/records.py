"""The checked records and pages, indexed: what every view reads.

`Site` is built by checks.loader once the data passed every check; nothing
changes it afterwards (per-build caches live in views.context.BuildContext).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .grammar import body_gender
from .problems import Problem

LANGUAGES = ("cy", "en")
DEFAULT_LANGUAGE = "cy"


@dataclass(frozen=True)
class Relation:
    """A typed link between two records, as written on the `source` record."""

    kind: str
    source: str
    target: str
    note: dict | None = None
    basis: str | None = None  # how binding: duty, guidance, expectation, recommendation, proposal, practice
    basis_source: dict | None = None


@dataclass
class HandbookPage:
    """An authored page in docs/<lang>/, with what the build needs from it."""

    lang: str
    path: str  # relative to docs/<lang>/, e.g. "policy-context/index.md"
    title: str
    sources: list[dict]
    text: str = field(default="", repr=False)
    display: str = ""  # path shown in messages, e.g. docs/cy/index.md
    body: str = field(default="", repr=False)  # the Markdown after the front matter
    body_line: int = 1  # the file's line where `body` starts
    front: Any = field(default=None, repr=False)  # the front matter (checks.yamlio.LoadedYaml), with its lines
    body_ids: set[str] = field(default_factory=set)  # bodies the page links to, set by the loader


# eq=False: a Site is one load of the data, compared (and hashed) by identity.
@dataclass(eq=False)
class Site:
    """Everything the generators need, checked and indexed."""

    root: Path
    bodies: dict[str, dict]
    body_lines: dict[str, int]
    glossary: dict[str, dict]
    sources: dict[str, dict]
    strings: dict[str, dict]
    outgoing: dict[str, list[Relation]]
    incoming: dict[str, list[Relation]]
    pages: dict[str, dict[str, HandbookPage]]  # lang -> path -> page
    report: dict | None = None  # data/self_reflection.yaml, when present (the charts)
    diagrams: list[dict] = field(default_factory=list)  # the fixed diagrams (data/diagrams.yaml), in order
    warnings: list[Problem] = field(default_factory=list)  # reported by the check; the build goes on

    def label(self, key: str, lang: str, gender: str | None = None) -> str:
        """An interface string in one language; unknown keys are a programming error.

        A label that refers back to a body has one form per gender (m, f, pl) of
        the body's Welsh name; the caller passes the body's `gender` for it.
        """
        try:
            value = self.strings[key][lang]
        except KeyError:
            raise KeyError(f"interface string '{key}' is missing from data/strings.yaml") from None
        if isinstance(value, dict):
            if gender is None:
                raise KeyError(f"interface string '{key}' has a form per gender; pass the body's gender")
            return value[gender]
        return value

    def labels(self, lang: str) -> dict:
        """Every interface string in one language (what the theme templates read as `config.extra.labels`)."""
        return {key: texts[lang] for key, texts in self.strings.items()}

    def gender(self, body_id: str) -> str:
        """m, f or pl: the grammatical gender of a body's Welsh name (grammar.py)."""
        return body_gender(self.bodies[body_id])

    def mentions(self, body_id: str, lang: str) -> list[HandbookPage]:
        """Handbook pages in one language that link to a body, in path order."""
        return [page for path, page in sorted(self.pages[lang].items()) if body_id in page.body_ids]
