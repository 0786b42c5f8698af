"""What the rules read: the parsed files with their marks, and the pages.

A rule takes a `Context` and returns `Problem`s; it changes nothing (the
context is frozen, and tests/test_pure_rules.py runs every rule on a
frozen model to prove it).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model import clock


@dataclass(frozen=True)
class Context:
    """What the rules read: the parsed files with their marks, and the pages."""

    root: Path
    loaded: dict[str, Any]  # data file name -> LoadedYaml | None
    data: dict[str, Any]  # data file name -> parsed data | None
    pages: dict[str, dict[str, Any]]  # lang -> path -> HandbookPage
    report: dict | None = None  # data/self_reflection.yaml, when present
    today: datetime.date = field(default_factory=clock.today)

    def records(self, name: str):
        """(index, record) pairs of a list file, skipping entries that are not mappings."""
        data = self.data.get(name)
        if not isinstance(data, list):
            return []
        return [(index, record) for index, record in enumerate(data) if isinstance(record, dict)]

    def ids(self, name: str) -> set[str]:
        return {record.get("id") for _, record in self.records(name) if isinstance(record.get("id"), str)}
