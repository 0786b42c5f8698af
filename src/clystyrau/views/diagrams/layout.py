"""A diagram as Graphviz input: the boxes set on a grid of rows, the lines left to Graphviz.

`layout_rows` puts the higher body above (at most four boxes a row for a
computer's column and two for a phone's); `graph_of` writes the Graphviz graph
with each box at its place, so `dot -Kneato -n2` only routes the lines.
"""

from __future__ import annotations

import shutil
import textwrap

from ...model.paths import page_url
from ...model.records import Site
from .engine import MISSING_DOT, DiagramEngineMissing
from .model import EDGE_LOOK, UPWARD_KINDS, WEAK_BASES, Diagram, edge_bases, node_href, node_id, node_label

# Two layouts of every diagram, both top to bottom: one for a computer's text
# column (up to WIDE boxes a row) and one for a phone (up to NARROW boxes a
# row, labels wrapped shorter); CSS shows the one that fits.
LAYOUTS = {"wide": {"per_row": 4, "box": 130.0, "wrap": 17}, "narrow": {"per_row": 2, "box": 116.0, "wrap": 15}}
# Every box has the same width, so a row of four fits a 688 px column and a row
# of two a 358 px one with 11-point labels at 12 px or more (tests/test_diagrams.py).
COLUMN_GAP = 18.0
ROW_GAP = 34.0
LINE_HEIGHT = 13.5
FONT = "DejaVu Sans"
FONT_STACK = "DejaVu Sans, Verdana, Arial, sans-serif"  # same metrics family first
ROOT = "@@CC-ROOT@@"  # stands for the language folder's URL until the SVG is placed


def _ends(kind: str, source: str, target: str) -> tuple[str, str]:
    """(upper, lower): the box drawn above and the one below."""
    return (target, source) if kind in UPWARD_KINDS else (source, target)


def layout_rows(diagram: Diagram, per_row: int) -> list[list[str]]:
    """The rows of boxes, top to bottom: each box one level below the lowest
    box drawn above it (relations that would close a loop are ignored for
    this), and a level with more than `per_row` boxes split over several rows,
    so a drawing is never wider than `per_row` boxes. Deterministic: record
    and relation order only."""
    keys = [node.key for node in diagram.nodes]
    below: dict[str, list[str]] = {key: [] for key in keys}

    def reaches(start: str, goal: str) -> bool:
        seen, stack = set(), [start]
        while stack:
            key = stack.pop()
            if key == goal:
                return True
            if key not in seen:
                seen.add(key)
                stack.extend(below[key])
        return False

    for source, kind, target in diagram.edges:
        upper, lower = _ends(kind, source, target)
        if lower not in below[upper] and not reaches(lower, upper):
            below[upper].append(lower)
    level = {key: 0 for key in keys}
    changed = True
    while changed:  # longest path from the top; the graph has no loops, so this ends
        changed = False
        for upper in keys:
            for lower in below[upper]:
                if level[lower] < level[upper] + 1:
                    level[lower] = level[upper] + 1
                    changed = True
    # A box nothing is drawn above sits just above the highest box below it (not
    # on the top row beside the Senedd); a box with no line at all goes last.
    has_upper = {lower for lowers in below.values() for lower in lowers}
    bottom = max(level.values(), default=0) + 1
    for key in keys:
        if key not in has_upper:
            level[key] = min(level[lower] for lower in below[key]) - 1 if below[key] else bottom
    rows = []
    for value in sorted(set(level.values())):
        boxes = [key for key in keys if level[key] == value]
        rows += [boxes[start:start + per_row] for start in range(0, len(boxes), per_row)]
    return rows


def graph_of(site: Site, diagram: Diagram, lang: str, layout: str = "wide"):
    """The Graphviz graph of a diagram in one layout, labels in one language."""
    try:
        # Imported here, not at the top: a missing package then stops the build with this
        # clear message when a diagram is drawn, instead of failing every import of views/.
        import graphviz
    except ImportError as error:  # pragma: no cover - the package is a pinned dependency
        raise DiagramEngineMissing("the Python package 'graphviz' is missing: run ./run setup") from error
    if shutil.which("dot") is None:
        raise DiagramEngineMissing(MISSING_DOT)
    spec = LAYOUTS[layout]
    graph = graphviz.Digraph(f"{diagram.name}--{layout}", graph_attr={
        "splines": "true", "bgcolor": "transparent", "pad": "0.1", "fontname": FONT,
    }, node_attr={"shape": "box", "style": "rounded,filled", "fontname": FONT, "fontsize": "11",
                  "margin": "0.08,0.04", "fixedsize": "true"}, edge_attr={"arrowsize": "0.8"})
    suffix = "" if layout == "wide" else f"--{layout}"
    nodes = {node.key: node for node in diagram.nodes}
    lines = {key: textwrap.wrap(node_label(site, node, lang), spec["wrap"], break_on_hyphens=False) or [key]
             for key, node in nodes.items()}
    rows = layout_rows(diagram, spec["per_row"])
    box = spec["box"]
    widest = max((len(row) for row in rows), default=0) * (box + COLUMN_GAP) - COLUMN_GAP
    top = 0.0
    for row in rows:
        height = max(len(lines[key]) for key in row) * LINE_HEIGHT + 10
        left = (widest - (len(row) * (box + COLUMN_GAP) - COLUMN_GAP)) / 2  # each row centred
        for column, key in enumerate(row):
            node = nodes[key]
            classes = ["cc-node", f"cc-type-{site.bodies[node.body_id]['type'] if node.body_id else node.body_type}"]
            if node.body_type:
                classes.append("cc-node--group")
            if node.key == diagram.focus:
                classes.append("cc-node--focus")
            x = left + column * (box + COLUMN_GAP) + box / 2
            # graphviz.escape: a name ending in a backslash or shaped like <...> stays
            # text (unescaped, dot would read it as an escape or an HTML label).
            graph.node(key, label=graphviz.escape("\n".join(lines[key])), URL=ROOT + page_url(node_href(node)),
                       tooltip=graphviz.escape(node_label(site, node, lang)), pos=f"{x:.1f},{-top - height / 2:.1f}!",
                       width=f"{box / 72:.3f}", height=f"{height / 72:.3f}",
                       id=node_id(diagram, node) + suffix, **{"class": " ".join(classes)})
        top += height + ROW_GAP
    bases = edge_bases(site, diagram)
    for source, kind, target in diagram.edges:
        look = EDGE_LOOK.get(kind, {"arrowhead": "normal"})
        attributes = {"class": f"cc-edge cc-edge--{kind}", "arrowhead": look["arrowhead"],
                      "style": "dashed" if bases.get((source, kind, target)) in WEAK_BASES else "solid",
                      "id": f"cc-edge__{diagram.name}__{source}__{kind}__{target}"}
        if "penwidth" in look:
            attributes["penwidth"] = look["penwidth"]
        graph.edge(source, target, **attributes)
    return graph
