"""Values kept by key across builds, for as long as recent builds still ask for them.

`mkdocs serve` rebuilds the whole site on each save; what a rebuild can take
from the one before (a Graphviz layout for the same dot source, a data file's
parse for the same bytes, a page's HTML for the same Markdown) is kept in a
`RecentCache`. Call `new_generation` when a new build (or a newly loaded site)
starts: an entry neither it nor the one before asked for is let go, so a long
session holds about one site's worth, not every version ever saved.
"""

from __future__ import annotations

from typing import Any


class RecentCache:
    """Values by key; entries unused for a whole generation are dropped."""

    def __init__(self) -> None:
        self._current: dict[Any, Any] = {}
        self._previous: dict[Any, Any] = {}

    def new_generation(self) -> None:
        self._previous, self._current = self._current, {}

    def get(self, key: Any) -> Any | None:
        if key in self._current:
            return self._current[key]
        if key in self._previous:
            self._current[key] = self._previous.pop(key)
            return self._current[key]
        return None

    def put(self, key: Any, value: Any) -> None:
        self._current[key] = value

    def __len__(self) -> int:
        return len(self._current) + len(self._previous)
