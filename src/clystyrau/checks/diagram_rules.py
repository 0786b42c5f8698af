"""The rule for data/diagrams.yaml: every box of a fixed diagram names a record or a type that exists.

Pure: it reads the loaded files and returns problems (file, line, diagram,
field), like the other rules (listed in `rules.py`). The schema has already checked the
shape; this rule checks the references, so a diagram never loses a box
silently (the drawing code trusts what this rule checked).
"""

from __future__ import annotations

import difflib

from ..model.problems import Problem
from .context import Context

DIAGRAMS_FILE = "diagrams.yaml"
TYPE_PREFIX = "type--"  # type--<type>: one box for every body of that type


def diagram_references(context: Context) -> list[Problem]:
    """Unknown body ids, types and title keys in the fixed diagrams, and diagram ids used twice."""
    loaded = context.loaded.get(DIAGRAMS_FILE)
    diagrams = context.data.get(DIAGRAMS_FILE)
    if loaded is None or not isinstance(diagrams, list):
        return []
    bodies = [record for _, record in context.records("bodies.yaml")]
    # A data file that could not be read is already reported; don't bury that under its references.
    ids = {record.get("id") for record in bodies} if context.loaded.get("bodies.yaml") else None
    types = {record.get("type") for record in bodies}
    strings = context.data.get("strings.yaml")
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for index, diagram in enumerate(diagrams):
        if not isinstance(diagram, dict):
            continue
        name = diagram.get("id")
        if isinstance(name, str):
            if name in seen:
                line = loaded.mark((seen[name],))[0]
                problems.append(loaded.problem((index, "id"), f"the diagram id '{name}' is already used on line {line}",
                                               "give this diagram a different id"))
            seen.setdefault(name, index)
        for field in ("title", "note"):
            key = diagram.get(field)
            if isinstance(key, str) and isinstance(strings, dict) and key not in strings:
                problems.append(loaded.problem((index, field), f"data/strings.yaml has no label '{key}'",
                                               f"add the {field} to data/strings.yaml in Welsh and English, "
                                               "or use an existing key"))
        nodes = diagram.get("nodes")
        for number, key in enumerate(nodes if isinstance(nodes, list) and ids is not None else []):
            if isinstance(key, str):
                problem = _unknown_node(key, ids, types)
                if problem:
                    problems.append(loaded.problem((index, "nodes", number), *problem))
    return problems


def _unknown_node(key: str, ids: set, types: set) -> tuple[str, str] | None:
    """(message, hint) when a box names no record (or, for type--<type>, no record of that type)."""
    if key.startswith(TYPE_PREFIX):
        body_type = key[len(TYPE_PREFIX):]
        if body_type in types:
            return None
        close = _close(body_type, types)
        return (f"no record has the type '{body_type}'",
                f"did you mean '{TYPE_PREFIX}{close}'?" if close else "check the type, or remove this box")
    if key in ids:
        return None
    close = _close(key, ids)
    return f"no record has the id '{key}'", f"did you mean '{close}'?" if close else "check the id, or remove this box"


def _close(value: str, known: set) -> str:
    matches = difflib.get_close_matches(value, sorted(item for item in known if isinstance(item, str)), n=1,
                                        cutoff=0.75)
    return matches[0] if matches else ""
