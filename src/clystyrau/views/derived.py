"""Data derived from the relations, worked out once per build (views.context) and shared by every view.

An area, a record's neighbourhood diagram and the list of areas are each
read by a page, its diagram download, the diagram batch and the sitemap;
asking here computes each once, however many ask.
"""

from __future__ import annotations

from . import areas, diagrams
from .context import context_for


def area_ids(site) -> list[str]:
    """Bodies that get an area page (areas.area_ids), once per build."""
    context = context_for(site)
    if context.area_ids is None:
        context.area_ids = areas.area_ids(site)
    return context.area_ids


def area_for(site, body_id: str) -> areas.Area:
    """The bodies around one area (areas.area_for), once per build."""
    found = context_for(site).areas
    if body_id not in found:
        found[body_id] = areas.area_for(site, body_id)
    return found[body_id]


def neighbourhood(site, body_id: str) -> diagrams.Diagram:
    """A record's neighbourhood diagram (diagrams.neighbourhood), once per build."""
    found = context_for(site).neighbourhoods
    if body_id not in found:
        found[body_id] = diagrams.neighbourhood(site, body_id)
    return found[body_id]


def area_diagram(site, body_id: str) -> diagrams.Diagram:
    """The diagram of one area page (diagrams.area_diagram), once per build."""
    found = context_for(site).area_diagrams
    if body_id not in found:
        found[body_id] = diagrams.area_diagram(site, area_for(site, body_id))
    return found[body_id]
