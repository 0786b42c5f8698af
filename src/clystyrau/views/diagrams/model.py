"""What a structure diagram shows: its boxes (nodes) and the relations between them (edges).

Records in, a `Diagram` out: the fixed diagrams as data/diagrams.yaml lists
them (checked by checks/diagram_rules.py), each record's neighbourhood and each
area's bodies. Nothing here draws; see layout (the Graphviz input) and svg
(Graphviz's SVG made accessible).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...model.paths import body_path, type_path
from ...model.records import Site
from ..context import context_for

# Kinds where the target "contains" or "oversees" the source: the target is drawn above it.
UPWARD_KINDS = {"accountable-to", "part-of", "member-of", "hosted-by"}
# One rule for every kind: an arrow points from the record that holds the
# relation to its target, and reads "source <relation> target". The kind is
# told by its arrowhead (and accountability by a heavier line); the strength by
# the line: dashed when the sources only recommend or propose it ("should").
EDGE_LOOK = {
    "accountable-to": {"arrowhead": "normal", "penwidth": "2"},
    "part-of": {"arrowhead": "diamond"},
    "member-of": {"arrowhead": "odiamond"},
    "hosted-by": {"arrowhead": "box"},
    "covers-area-of": {"arrowhead": "obox"},
    "represents": {"arrowhead": "dot"},
    "consults": {"arrowhead": "vee"},
    "works-with": {"arrowhead": "onormal"},
    "replaces": {"arrowhead": "inv"},
    "supports": {"arrowhead": "tee"},
    "advises": {"arrowhead": "odot"},
    "regulates": {"arrowhead": "crow"},
    "funds": {"arrowhead": "curve"},
    "plans": {"arrowhead": "icurve"},
}
WEAK_BASES = ("recommendation", "proposal")  # drawn dashed: "should" or "is proposed"


@dataclass(frozen=True)
class Node:
    key: str  # a body id, or "type--<type>" for every body of a type
    body_id: str | None = None
    body_type: str | None = None


@dataclass
class Diagram:
    name: str
    title_key: str  # label key in data/strings.yaml
    nodes: list[Node]
    edges: list[tuple[str, str, str]] = field(default_factory=list)  # (source key, kind, target key)
    focus: str | None = None  # the record a neighbourhood diagram is about
    note_key: str | None = None  # label key of a sentence shown under a fixed diagram


def fixed_names(site: Site) -> list[str]:
    """The fixed diagrams' ids, in the order of data/diagrams.yaml (the structure page's order)."""
    return [spec["id"] for spec in site.diagrams]


def _node(key: str) -> Node:
    """A box: a body, or every body of a type (the rule diagram_references checked that it exists)."""
    if key.startswith("type--"):
        return Node(key, body_type=key.split("--", 1)[1])
    return Node(key, body_id=key)


def _owners(site: Site, nodes: list[Node]) -> dict[str, str]:
    """Which node draws each body: its own box, else its type's box."""
    owner: dict[str, str] = {}
    for node in nodes:  # single bodies win over their type's box
        if node.body_id:
            owner[node.body_id] = node.key
    for node in nodes:
        if node.body_type:
            for body_id, body in site.bodies.items():
                if body["type"] == node.body_type:
                    owner.setdefault(body_id, node.key)
    return owner


def edge_bases(site: Site, diagram: Diagram) -> dict[tuple[str, str, str], str]:
    """For each edge, the basis its relations share when that is weaker than a plain fact.

    An edge such as 'pan-cluster planning groups are part of health boards'
    stands for relations that 001 only recommends; the text equivalent then
    says "should" (issue 13). Edges whose relations have no basis, mixed
    bases, or 'practice'/'duty' are left as they are.
    """
    owner = _owners(site, diagram.nodes)
    found: dict[tuple[str, str, str], set] = {}
    for body_id, key in owner.items():
        for relation in site.outgoing.get(body_id, []):
            target = owner.get(relation.target)
            if target and target != key:
                found.setdefault((key, relation.kind, target), set()).add(relation.basis)
    return {edge: next(iter(bases)) for edge, bases in found.items()
            if len(bases) == 1 and next(iter(bases)) in ("guidance", "expectation", "recommendation", "proposal")}


def _edges_between(site: Site, nodes: list[Node], kinds) -> list[tuple[str, str, str]]:
    """Every relation in the records whose ends fall in two different nodes, once each.

    Only the relations of the bodies in the diagram are read, so an area
    diagram costs the same however many records there are (issue 7); they
    are taken in record order, as the records list them.
    """
    owner = _owners(site, nodes)
    position = _record_positions(site)
    edges: dict[tuple[str, str, str], None] = {}  # an ordered set
    for body_id in sorted(owner, key=position.__getitem__):
        for relation in site.outgoing.get(body_id, []):
            if kinds is not None and relation.kind not in kinds:
                continue
            source, target = owner[body_id], owner.get(relation.target)
            if target and source != target:
                edges.setdefault((source, relation.kind, target), None)
    return list(edges)


def _record_positions(site: Site) -> dict[str, int]:
    """Each record's place in data/bodies.yaml, worked out once per build (views.context)."""
    return context_for(site).record_positions


def fixed_diagram(site: Site, name: str) -> Diagram:
    """One of the named overview diagrams, built from the current records."""
    spec = next(spec for spec in site.diagrams if spec["id"] == name)
    nodes = [_node(key) for key in spec["nodes"]]
    return Diagram(name, spec["title"], nodes, _edges_between(site, nodes, spec.get("kinds")),
                   note_key=spec.get("note"))


def neighbourhood(site: Site, body_id: str) -> Diagram:
    """A record and the records directly related to it, with those relations."""
    keys = [body_id]
    edges = []
    for relation in site.outgoing.get(body_id, []) + site.incoming.get(body_id, []):
        for key in (relation.source, relation.target):
            if key not in keys:
                keys.append(key)
        edges.append((relation.source, relation.kind, relation.target))
    return Diagram(f"body-{body_id}", "body.diagram", [Node(key, body_id=key) for key in keys], edges, focus=body_id)


def area_diagram(site: Site, area) -> Diagram:
    """The bodies of an area page and the relations among them."""
    nodes = [Node(body_id, body_id=body_id) for body_id in area.all_ids() if body_id not in area.national_bodies]
    return Diagram(f"area-{area.body_id}", "area.diagram", nodes, _edges_between(site, nodes, None), focus=area.body_id)


def node_label(site: Site, node: Node, lang: str) -> str:
    """A body's name, or a type's plural name with how many of its bodies are in place: "Health boards (7)".

    The count is the records', so it follows the data; where Figure 1 of 001 gives another number
    (22 Public Services Boards, before several merged), the record says so.
    """
    if node.body_id:
        body = site.bodies[node.body_id]
        return body["name"][lang]
    return f"{site.label(f'type.{node.body_type}.many', lang)} ({type_count(site, node.body_type)})"


def type_count(site: Site, body_type: str) -> int:
    """How many bodies of a type are in place: records that have not ended, leaving out any that
    stands for the whole group rather than one body (`counted: false`)."""
    return sum(1 for body in site.bodies.values()
               if body["type"] == body_type and "ended" not in body and body.get("counted", True))


def diagram_title(site: Site, diagram: Diagram, lang: str) -> str:
    """A diagram's title; a record's diagram agrees with the gender of the record's name."""
    gender = site.gender(diagram.focus) if diagram.focus in site.bodies else None
    return site.label(diagram.title_key, lang, gender)


def node_href(node: Node) -> str:
    return body_path(node.body_id) if node.body_id else type_path(node.body_type)


def node_id(diagram: Diagram, node: Node) -> str:
    return "cc-" + re.sub(r"[^a-z0-9-]", "-", f"{diagram.name}-{node.key}")
