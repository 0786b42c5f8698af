"""Structure diagrams drawn from the records' relationships.

Records in, SVG out: a `Diagram` is a set of nodes (single bodies, or every
body of a type drawn as one box) and the edges the records imply between
them. The boxes are set on a grid of rows (layout_rows: the higher body
above, at most four boxes a row for a computer's column and two for a
phone's, so every drawing fits its column with readable labels), and
Graphviz routes the lines around them (`dot -Kneato -n2`, through the
`graphviz` package, installed by ./run); the SVG is then made accessible
and themable:

- every box is a link with an accessible name in the page's language;
- colours come from CSS classes, so Material's light and dark palettes and
  print all work (overrides/assets/stylesheets/clystyrau.css);
- the fixed width is dropped so the drawing scales to its column;
- every line has a title naming both ends and the relationship, and a key
  under the drawing lists the kinds of line it draws, in the same style;
- edges carry `data-source`, `data-kind` and `data-target`, so tests can
  compare a drawing with the records edge by edge.

Each diagram also has a text equivalent (a nested list with the same links).
"""

from __future__ import annotations

import html
import re
import shutil
import textwrap
from dataclasses import dataclass, field

from ..model.paths import body_path, page_url, type_path, url_prefix
from ..model.records import Site
from .context import GRAPHVIZ_SVGS, context_for
from .markdown import PageContext, basis_key, escape_text

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
}
WEAK_BASES = ("recommendation", "proposal")  # drawn dashed: "should" or "is proposed"
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


class DiagramEngineMissing(RuntimeError):
    """Graphviz's `dot` program is not installed."""


class DiagramEngineFailed(RuntimeError):
    """Graphviz's `dot` failed or did not finish in time; the message holds its own words."""


# Longest one `dot` run may take (a batch of many diagrams takes a few seconds);
# CLYSTYRAU_DOT_TIMEOUT overrides it, e.g. on a very slow machine.
DOT_TIMEOUT = 120.0


def _dot_timeout() -> float:
    import os

    try:
        return float(os.environ.get("CLYSTYRAU_DOT_TIMEOUT", DOT_TIMEOUT))
    except ValueError:
        return DOT_TIMEOUT


def run_dot(source: str, engine: str = "dot") -> str:
    """SVG from Graphviz's `dot`, with a time limit; its error text is kept, never thrown away."""
    import subprocess

    timeout = _dot_timeout()
    try:
        # dot -Kneato -n2 (Graphviz's neato engine): the boxes stay where _graph placed them (a grid, see layout_rows)
        # and Graphviz routes the lines around them; dot draws the key's samples.
        command = ["dot", "-Kneato", "-n2", "-Tsvg"] if engine == "neato" else ["dot", "-Tsvg"]
        result = subprocess.run(command, input=source.encode("utf-8"), capture_output=True, timeout=timeout)
    except FileNotFoundError:
        raise DiagramEngineMissing(_MISSING) from None
    except subprocess.TimeoutExpired:
        raise DiagramEngineFailed(
            f"Graphviz's 'dot' did not finish drawing the diagrams within {timeout:g} seconds and was stopped. "
            "Check that 'dot -V' works; if the machine is only slow, set CLYSTYRAU_DOT_TIMEOUT to more seconds"
        ) from None
    if result.returncode != 0:
        said = result.stderr.decode("utf-8", "replace").strip() or "(it printed nothing)"
        how = f"exit code {result.returncode}" if result.returncode > 0 else f"stopped by signal {-result.returncode}"
        raise DiagramEngineFailed(f"Graphviz's 'dot' failed ({how}) while drawing the diagrams. It said: {said[:2000]}")
    return result.stdout.decode("utf-8")


_MISSING = ("Graphviz's 'dot' program is not installed, so the structure diagrams cannot be drawn. "
            "Run ./run setup (it installs the Debian package 'graphviz'), or: apt-get install graphviz")


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


# The fixed diagrams: which bodies or types appear, and which kinds of relation.
FIXED_DIAGRAMS = {
    "overview": {
        "title": "diagram.overview",
        "nodes": ["senedd", "welsh-government", "minister-health-social-services", "director-general",
                  "nhs-wales-executive", "bevan-commission", "welsh-health-specialised-services-committee",
                  "type--special-health-authority", "type--nhs-trust", "type--health-board",
                  "type--regional-partnership-board", "type--public-services-board", "type--local-authority",
                  "pan-cluster-planning-groups", "clusters", "professional-collaboratives"],
        "kinds": ["accountable-to", "part-of", "member-of", "covers-area-of", "hosted-by", "supports", "works-with"],
    },
    # Who a cluster answers to: from the cluster up to the Welsh Government and the Senedd.
    "accountability": {
        "title": "diagram.accountability",
        "nodes": ["senedd", "welsh-government", "minister-health-social-services", "nhs-wales-executive",
                  "type--health-board", "pan-cluster-planning-groups", "clusters"],
        "kinds": ["accountable-to", "part-of"],
    },
    "acd": {
        "title": "diagram.acd",
        "nodes": ["professional-collaboratives", "clusters", "pan-cluster-planning-groups",
                  "type--regional-partnership-board", "type--health-board", "type--local-authority"],
        "kinds": None,
    },
    "sppc": {
        "title": "diagram.sppc",
        "nodes": ["primary-care-reference-group", "strategic-programme-primary-care",
                  "national-primary-care-board", "nhs-wales-leadership-board", "nhs-wales-executive"],
        "kinds": None,
    },
}


def _node(site: Site, key: str) -> Node | None:
    if key.startswith("type--"):
        body_type = key.split("--", 1)[1]
        return Node(key, body_type=body_type) if any(b["type"] == body_type for b in site.bodies.values()) else None
    return Node(key, body_id=key) if key in site.bodies else None


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


def _edge_bases(site: Site, diagram: Diagram) -> dict[tuple[str, str, str], str]:
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
    spec = FIXED_DIAGRAMS[name]
    nodes = [node for node in (_node(site, key) for key in spec["nodes"]) if node]
    return Diagram(name, spec["title"], nodes, _edges_between(site, nodes, spec["kinds"]))


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


# ---------------------------------------------------------------------------
# Drawing


def _label(site: Site, node: Node, lang: str) -> str:
    if node.body_id:
        body = site.bodies[node.body_id]
        return body["name"][lang]
    return site.label(f"type.{node.body_type}.many", lang)


def _title(site: Site, diagram: Diagram, lang: str) -> str:
    """A diagram's title; a record's diagram agrees with the gender of the record's name."""
    gender = site.gender(diagram.focus) if diagram.focus in site.bodies else None
    return site.label(diagram.title_key, lang, gender)


def _href(node: Node) -> str:
    return body_path(node.body_id) if node.body_id else type_path(node.body_type)


def _node_id(diagram: Diagram, node: Node) -> str:
    return "cc-" + re.sub(r"[^a-z0-9-]", "-", f"{diagram.name}-{node.key}")


ROOT = "@@CC-ROOT@@"  # stands for the language folder's URL until the SVG is placed


def render_svg(site: Site, diagram: Diagram, lang: str, layout: str = "wide") -> str:
    """The diagram as SVG in one layout, links starting with ROOT; cached per build and language."""
    cache = context_for(site).svgs
    key = (diagram.name, lang, layout)
    if key not in cache:
        cache[key] = _draw(site, diagram, lang, layout)
    return cache[key]


def prerender(site: Site, diagrams: list[Diagram], lang: str) -> None:
    """Draw many diagrams at once: a few `dot` runs, one per core, each laying
    out a share of the diagrams (the build's largest single cost otherwise)."""
    import os
    from concurrent.futures import ThreadPoolExecutor

    cache = context_for(site).svgs
    todo = [(diagram, layout) for diagram in diagrams for layout in LAYOUTS
            if diagram.edges and (diagram.name, lang, layout) not in cache]
    if not todo:
        return
    sources = [_graph(site, diagram, lang, layout).source for diagram, layout in todo]
    laid_out = [GRAPHVIZ_SVGS.get(("neato", source)) for source in sources]  # drawn before, for another load
    missing = [index for index, svg in enumerate(laid_out) if svg is None]
    workers = max(2, os.cpu_count() or 1)
    batches = [missing[start::workers] for start in range(workers)]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        drawn = pool.map(lambda batch: _lay_out_batch([sources[index] for index in batch]), batches)
        for batch, svgs in zip(batches, drawn, strict=True):
            for index, svg in zip(batch, svgs, strict=True):
                laid_out[index] = svg
    for (diagram, layout), source, svg in zip(todo, sources, laid_out, strict=True):
        GRAPHVIZ_SVGS.put(("neato", source), svg)
        cache[(diagram.name, lang, layout)] = _accessible_svg(svg, site, diagram, lang, layout)


def _draw(site: Site, diagram: Diagram, lang: str, layout: str) -> str:
    """One diagram laid out by its own `dot` run (or as laid out before, for the same dot source)."""
    source = _graph(site, diagram, lang, layout).source
    svg = GRAPHVIZ_SVGS.get(("neato", source))
    if svg is None:
        svg = run_dot(source, "neato")
    GRAPHVIZ_SVGS.put(("neato", source), svg)
    return _accessible_svg(svg, site, diagram, lang, layout)


def _lay_out_batch(sources: list[str]) -> list[str]:
    """Many diagrams laid out by one `dot` run: dot reads several graphs from
    one input and writes one SVG document after another, which saves a
    process start per diagram (the bulk of their cost)."""
    if not sources:
        return []
    documents = run_dot("\n".join(sources), "neato").split("<?xml")[1:]
    if len(documents) != len(sources):  # pragma: no cover - dot changed its output format
        return [run_dot(source, "neato") for source in sources]
    return ["<?xml" + svg for svg in documents]


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


def _graph(site: Site, diagram: Diagram, lang: str, layout: str = "wide"):
    """The Graphviz graph of a diagram in one layout, labels in one language."""
    try:
        import graphviz
    except ImportError as error:  # pragma: no cover - the package is a pinned dependency
        raise DiagramEngineMissing("the Python package 'graphviz' is missing: run ./run setup") from error
    if shutil.which("dot") is None:
        raise DiagramEngineMissing(_MISSING)
    spec = LAYOUTS[layout]
    graph = graphviz.Digraph(f"{diagram.name}--{layout}", graph_attr={
        "splines": "true", "bgcolor": "transparent", "pad": "0.1", "fontname": FONT,
    }, node_attr={"shape": "box", "style": "rounded,filled", "fontname": FONT, "fontsize": "11",
                  "margin": "0.08,0.04", "fixedsize": "true"}, edge_attr={"arrowsize": "0.8"})
    suffix = "" if layout == "wide" else f"--{layout}"
    nodes = {node.key: node for node in diagram.nodes}
    lines = {key: textwrap.wrap(_label(site, node, lang), spec["wrap"], break_on_hyphens=False) or [key]
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
            graph.node(key, label=graphviz.escape("\n".join(lines[key])), URL=ROOT + page_url(_href(node)),
                       tooltip=graphviz.escape(_label(site, node, lang)), pos=f"{x:.1f},{-top - height / 2:.1f}!",
                       width=f"{box / 72:.3f}", height=f"{height / 72:.3f}",
                       id=_node_id(diagram, node) + suffix, **{"class": " ".join(classes)})
        top += height + ROW_GAP
    bases = _edge_bases(site, diagram)
    for source, kind, target in diagram.edges:
        look = EDGE_LOOK.get(kind, {"arrowhead": "normal"})
        attributes = {"class": f"cc-edge cc-edge--{kind}", "arrowhead": look["arrowhead"],
                      "style": "dashed" if bases.get((source, kind, target)) in WEAK_BASES else "solid",
                      "id": f"cc-edge__{diagram.name}__{source}__{kind}__{target}"}
        if "penwidth" in look:
            attributes["penwidth"] = look["penwidth"]
        graph.edge(source, target, **attributes)
    return graph


def edge_name(site: Site, diagram: Diagram, source: str, kind: str, target: str, lang: str) -> str:
    """What a line says, for its accessible name: both ends and the relationship (and how binding, if weak)."""
    nodes = {node.key: node for node in diagram.nodes}
    gender = site.gender(nodes[source].body_id) if nodes[source].body_id else "pl"
    name = (f"{_label(site, nodes[source], lang)} — {site.label(f'relation.{kind}.out', lang, gender)}: "
            f"{_label(site, nodes[target], lang)}")
    basis = _edge_bases(site, diagram).get((source, kind, target))
    if basis:
        name += f" ({site.label(basis_key(site, kind, basis), lang)})"
    return name


def _accessible_svg(svg: str, site: Site, diagram: Diagram, lang: str, layout: str = "wide") -> str:
    """Turn Graphviz's SVG into an inline, accessible, themable element."""
    svg = svg[svg.index("<svg"):].replace("&#45;", "-")  # Graphviz escapes every hyphen
    svg = re.sub(r"<!--.*?-->\n?", "", svg, flags=re.S)
    svg = re.sub(r"<title>.*?</title>\n?", "", svg)  # Graphviz titles are node ids, not names
    svg = re.sub(r'<g id="[^"]*graph0" class="graph"', '<g class="graph"', svg, count=1)  # same id in every drawing
    width = re.search(r'width="([\d.]+)pt"', svg)
    svg = re.sub(r'<svg width="[\d.]+pt" height="[\d.]+pt"', "<svg", svg, count=1)
    title_id = f"cc-{diagram.name}-title-{lang}" + ("" if layout == "wide" else f"-{layout}")
    title = html.escape(_title(site, diagram, lang))
    # Never wider than its column (it scales down), nor than 1.6 times its natural size.
    natural = float(width.group(1)) * 1.6 if width else 0
    style = f' style="max-width:{natural:.0f}px"' if width else ""
    svg = svg.replace("<svg", f'<svg class="cc-diagram__svg cc-diagram__svg--{layout}" role="group" '
                              f'aria-labelledby="{title_id}"{style}', 1)
    svg = re.sub(r"(<svg[^>]*>)", rf'\1\n<title id="{title_id}">{title}</title>', svg, count=1)
    svg = svg.replace("font-family=\"DejaVu Sans\"", f'font-family="{FONT_STACK}"')
    # Links: the accessible name is the box's label; keep the tooltip as <title>.
    svg = re.sub(r'<a xlink:href="([^"]*)" xlink:title="([^"]*)">',
                 r'<a href="\1" xlink:href="\1" aria-label="\2"><title>\2</title>', svg)
    # Edges: what they mean, for tests and styles (data-*) and for people (the title names both ends).

    def edge(match) -> str:
        name = html.escape(edge_name(site, diagram, match[1], match[2], match[3], lang))
        return (f'<g class="edge {match[4]}" role="img" aria-label="{name}" data-source="{match[1]}" '
                f'data-kind="{match[2]}" data-target="{match[3]}">\n<title>{name}</title>')

    svg = re.sub(r'<g id="cc-edge__[^"]*?__([^"_]+(?:_[^"_]+)*)__([a-z-]+)__([^"]*)" class="edge ([^"]*)">',
                 edge, svg)
    return svg.strip()


def _kinds_drawn(site: Site, diagram: Diagram) -> list[tuple[str, bool]]:
    """(kind, dashed) for every kind of line a diagram draws, in the key's order."""
    bases = _edge_bases(site, diagram)
    drawn = {(kind, bases.get((source, kind, target)) in WEAK_BASES) for source, kind, target in diagram.edges}
    return [(kind, weak) for kind in EDGE_LOOK for weak in (False, True) if (kind, weak) in drawn]


def _key_samples(site: Site) -> dict[tuple[str, bool], str]:
    """A short line of every kind and strength, drawn by `dot` exactly as the diagrams draw it."""
    context = context_for(site)
    samples = context.key_samples
    if samples is None:
        wanted = [(kind, weak) for kind in EDGE_LOOK for weak in (False, True)]
        graphs = []
        for number, (kind, weak) in enumerate(wanted):
            look = EDGE_LOOK[kind]
            extra = f', penwidth={look["penwidth"]}' if "penwidth" in look else ""
            graphs.append(f'digraph key{number} {{ rankdir=LR; ranksep=0.45; pad=0.02; bgcolor=transparent; '
                          f'node [shape=point, width=0.01, height=0.01, style=invis, label=""]; '
                          f'a -> b [arrowsize=0.8, arrowhead={look["arrowhead"]}, '
                          f'style={"dashed" if weak else "solid"}{extra}]; }}')
        documents = run_dot("\n".join(graphs)).split("<?xml")[1:]
        samples = {}
        for (kind, weak), document in zip(wanted, documents, strict=True):
            svg = document[document.index("<svg"):]
            svg = re.sub(r"<!--.*?-->\n?", "", svg, flags=re.S)
            svg = re.sub(r"<title>.*?</title>\n?", "", svg)
            svg = re.sub(r'\s(id|viewBox|xmlns:xlink)="[^"]*"', lambda m: "" if m[1] == "id" else m[0], svg)
            svg = svg.replace("<svg", '<svg class="cc-key__sample" aria-hidden="true" focusable="false"', 1)
            samples[(kind, weak)] = svg.strip()
        context.key_samples = samples
    return samples


def render_key(site: Site, diagram: Diagram, lang: str) -> str:
    """The key under a diagram: the arrow rule, then each kind of line it draws, in the same style."""
    samples = _key_samples(site)
    items = []
    for kind, weak in _kinds_drawn(site, diagram):
        text = html.escape(site.label(f"relation.{kind}.out", lang, "m"))
        if weak:
            text += " — " + html.escape(site.label("diagram.key.weak", lang))
        items.append(f'<li class="cc-key__item" data-kind="{kind}" data-weak="{str(weak).lower()}">'
                     f"{samples[(kind, weak)]}<span>{text}</span></li>")
    heading = html.escape(site.label("diagram.key", lang))
    return (f'<div class="cc-key"><p class="cc-key__title"><strong>{heading}</strong> '
            f'{html.escape(site.label("diagram.key.rule", lang))}</p>'
            f'<ul class="cc-key__list">{"".join(items)}</ul></div>')


def render_text_equivalent(site: Site, diagram: Diagram, lang: str, page_path: str) -> str:
    """The same relationships as a nested Markdown list with the same links."""
    page = PageContext(site, lang, page_path)
    lines = []
    bases = _edge_bases(site, diagram)
    for node in diagram.nodes:
        link = f"[{escape_text(_label(site, node, lang))}]({page.link(_href(node))})"
        outgoing = [(kind, target) for source, kind, target in diagram.edges if source == node.key]
        if not outgoing and not any(target == node.key for _, _, target in diagram.edges):
            lines.append(f"- {link}")
            continue
        lines.append(f"- {link}")
        for kind, target in outgoing:
            other = next(n for n in diagram.nodes if n.key == target)
            # A group of every body of a type ("Byrddau iechyd") is plural.
            gender = site.gender(node.body_id) if node.body_id else "pl"
            basis = bases.get((node.key, kind, target))
            strength = f" — {page.t(basis_key(site, kind, basis))}" if basis else ""
            lines.append(f"    - {page.t(f'relation.{kind}.out', gender)}: "
                         f"[{escape_text(_label(site, other, lang))}]({page.link(_href(other))}){strength}")
    return "\n".join(lines)


def render_figure(site: Site, diagram: Diagram, lang: str, page_path: str, download_path: str) -> str:
    """Markdown block: the SVG in both layouts (CSS shows the one that fits), its key,
    caption, the text equivalent and a download link."""
    page = PageContext(site, lang, page_path)
    views = "".join(
        f'<div class="cc-diagram__scroll cc-diagram__view cc-diagram__view--{layout}">'
        f'{render_svg(site, diagram, lang, layout).replace(ROOT, url_prefix(page_path))}</div>'
        for layout in LAYOUTS)
    title = escape_text(_title(site, diagram, lang))
    return "\n".join([
        f'<figure class="cc-diagram" id="{diagram.name}" markdown>',
        views,
        render_key(site, diagram, lang),
        f"<figcaption>{title} · <a href=\"{url_prefix(page_path)}{download_path}\" download>"
        f"{page.t('diagram.download')}</a></figcaption>",
        "</figure>",
        "",
        f'??? info "{html.escape(site.label("diagram.text", lang), quote=True)}"',
        "",
        textwrap.indent(render_text_equivalent(site, diagram, lang, page_path), "    "),
        "",
    ])


def standalone_svg(site: Site, diagram: Diagram, lang: str, svg_path: str) -> str:
    """A downloadable SVG file: links relative to where the file is served, light colours embedded."""
    svg = render_svg(site, diagram, lang).replace(ROOT, url_prefix(svg_path))
    if 'xmlns="http://www.w3.org/2000/svg"' not in svg:
        svg = svg.replace('<svg class="cc-diagram__svg',
                          '<svg xmlns="http://www.w3.org/2000/svg" class="cc-diagram__svg', 1)
    style = ("<style>text{fill:#1d1d1d}.node path,.node polygon{fill:#eef5f0;stroke:#1f5c3a}"
             ".cc-node--group path,.cc-node--group polygon{fill:#dceee3}"
             ".cc-node--focus path,.cc-node--focus polygon{fill:#1f5c3a}.cc-node--focus text{fill:#fff}"
             ".edge path{stroke:#4a4a4a}.edge polygon,.edge ellipse{stroke:#4a4a4a}"
             '.edge polygon:not([fill="none"]),.edge ellipse:not([fill="none"]){fill:#4a4a4a}</style>')
    svg = re.sub(r"(<svg[^>]*>)", rf"\1{style}", svg, count=1)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + svg + "\n"
