"""Per-build state: one `BuildContext` per loaded site, holding every cache and derived index.

The loader hands both language builds of one `mkdocs build` (and a serve
rebuild whose inputs did not change) the same `Site`, so they share one
context: each neighbourhood, area and drawing is worked out once per build.
A new load (the data or pages changed) gets a new, empty context. The one
thing kept across loads is `GRAPHVIZ_SVGS`: Graphviz's output for a dot source is
the same whatever site asked for it, so a `mkdocs serve` rebuild after an
edit runs Graphviz only for the diagrams the edit changed (issue 17). The
model itself is never changed.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from ..model.memo import RecentCache
from ..model.records import Site


@dataclass(eq=False)
class BuildContext:
    """What the views work out once per loaded site and then reuse."""

    site: Site
    record_positions: dict[str, int] = field(default_factory=dict)  # body id -> place in data/bodies.yaml
    neighbourhoods: dict[str, Any] = field(default_factory=dict)  # body id -> diagrams.Diagram
    areas: dict[str, Any] = field(default_factory=dict)  # body id -> areas.Area
    area_diagrams: dict[str, Any] = field(default_factory=dict)  # body id -> its area page's diagrams.Diagram
    area_ids: list[str] | None = None  # bodies with an area page, in record order
    diagrams: list[Any] | None = None  # every diagram the build draws (views.registry)
    svgs: dict[tuple[str, str, str], str] = field(default_factory=dict)  # (diagram, lang, layout) -> SVG
    key_samples: dict[tuple[str, bool], str] | None = None  # the diagram key's line samples
    acronyms: dict[str, tuple] = field(default_factory=dict)  # lang -> (acronym table, pattern, the table as text)

    def __post_init__(self) -> None:
        self.record_positions = {body_id: index for index, body_id in enumerate(self.site.bodies)}


GRAPHVIZ_SVGS = RecentCache()  # (Graphviz engine, dot source) -> SVG as Graphviz wrote it


@functools.lru_cache(maxsize=1)
def context_for(site: Site) -> BuildContext:
    """The context of the site being built (one slot: a newly loaded site replaces the last)."""
    GRAPHVIZ_SVGS.new_generation()  # layouts neither this site nor the last one drew are let go
    return BuildContext(site)
