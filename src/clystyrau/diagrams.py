"""Structure diagrams drawn from the records' relationships.

Records in, SVG out: a `Diagram` is a set of nodes (single bodies, or every
body of a type drawn as one box) and the edges the records imply between
them. Graphviz lays it out (`dot`, through the `graphviz` package: a
well-kept engine with proper hierarchical layout, installed by ./run); the
SVG is then made accessible and themable:

- every box is a link with an accessible name in the page's language;
- colours come from CSS classes, so Material's light and dark palettes and
  print all work (overrides/assets/stylesheets/clystyrau.css);
- the fixed width is dropped so the drawing scales to a phone's width;
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

from .paths import page_url, url_prefix
from .site import Site

# Kinds where the target "contains" or "oversees" the source: drawn above it.
UPWARD_KINDS = {"accountable-to", "part-of", "member-of", "hosted-by"}
EDGE_STYLE = {
    "accountable-to": "solid",
    "part-of": "dashed",
    "member-of": "dashed",
    "hosted-by": "dashed",
}
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


def run_dot(source: str) -> str:
    """SVG from Graphviz's `dot`, with a time limit; its error text is kept, never thrown away."""
    import subprocess

    timeout = _dot_timeout()
    try:
        result = subprocess.run(["dot", "-Tsvg"], input=source.encode("utf-8"), capture_output=True, timeout=timeout)
    except FileNotFoundError:
        raise DiagramEngineMissing(_MISSING) from None
    except subprocess.TimeoutExpired:
        raise DiagramEngineFailed(
            f"Graphviz's 'dot' did not finish drawing the diagrams within {timeout:g} seconds and was stopped. "
            "Check that 'dot -V' works; if the machine is only slow, set CLYSTYRAU_DOT_TIMEOUT to more seconds") from None
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
        "nodes": ["senedd", "welsh-government", "minister-health-social-services", "nhs-wales-executive",
                  "type--special-health-authority", "type--nhs-trust", "type--health-board",
                  "type--regional-partnership-board", "type--public-services-board", "type--local-authority",
                  "pan-cluster-planning-groups", "clusters", "professional-collaboratives"],
        "kinds": ["accountable-to", "part-of", "member-of", "covers-area-of", "hosted-by", "supports", "works-with"],
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
    """Each record's place in data/bodies.yaml, worked out once per loaded site."""
    positions = site.extra.get("record_positions")
    if positions is None:
        positions = site.extra["record_positions"] = {body_id: index for index, body_id in enumerate(site.bodies)}
    return positions


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


def _render():
    # render imports this module; import it lazily to keep one direction at import time
    from . import render

    return render


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
    render = _render()
    return render.body_path(node.body_id) if node.body_id else render.type_path(node.body_type)


def _node_id(diagram: Diagram, node: Node) -> str:
    return "cc-" + re.sub(r"[^a-z0-9-]", "-", f"{diagram.name}-{node.key}")


ROOT = "@@CC-ROOT@@"  # stands for the language folder's URL until the SVG is placed


def render_svg(site: Site, diagram: Diagram, lang: str) -> str:
    """The diagram as SVG, links starting with ROOT; cached per site load and language."""
    cache = site.extra.setdefault("svg_cache", {})
    key = (diagram.name, lang)
    if key not in cache:
        cache[key] = _draw(site, diagram, lang)
    return cache[key]


def prerender(site: Site, diagrams: list[Diagram], lang: str) -> None:
    """Draw many diagrams at once: a few `dot` runs, one per core, each laying
    out a share of the diagrams (the build's largest single cost otherwise)."""
    import os
    from concurrent.futures import ThreadPoolExecutor

    cache = site.extra.setdefault("svg_cache", {})
    todo = [diagram for diagram in diagrams if diagram.edges and (diagram.name, lang) not in cache]
    if not todo:
        return
    _graph(site, todo[0], lang)  # fail early, with a clear message, if Graphviz is missing
    workers = max(2, os.cpu_count() or 1)
    batches = [todo[start::workers] for start in range(workers)]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for batch, svgs in zip(batches, pool.map(lambda b: _draw_batch(site, b, lang), batches)):
            for diagram, svg in zip(batch, svgs):
                cache[(diagram.name, lang)] = svg


def _draw(site: Site, diagram: Diagram, lang: str) -> str:
    """One diagram laid out by its own `dot` run."""
    svg = run_dot(_graph(site, diagram, lang).source)
    return _accessible_svg(svg, site, diagram, lang)


def _draw_batch(site: Site, diagrams: list[Diagram], lang: str) -> list[str]:
    """Many diagrams laid out by one `dot` run: dot reads several graphs from
    one input and writes one SVG document after another, which saves a
    process start per diagram (the bulk of their cost)."""
    if not diagrams:
        return []
    source = "\n".join(_graph(site, diagram, lang).source for diagram in diagrams)
    documents = run_dot(source).split("<?xml")[1:]
    if len(documents) != len(diagrams):  # pragma: no cover - dot changed its output format
        return [_draw(site, diagram, lang) for diagram in diagrams]
    return [_accessible_svg("<?xml" + svg, site, diagram, lang) for diagram, svg in zip(diagrams, documents)]


def _graph(site: Site, diagram: Diagram, lang: str):
    """The Graphviz graph of a diagram, labels in one language."""
    try:
        import graphviz
    except ImportError as error:  # pragma: no cover - the package is a pinned dependency
        raise DiagramEngineMissing("the Python package 'graphviz' is missing: run ./run setup") from error
    if shutil.which("dot") is None:
        raise DiagramEngineMissing(_MISSING)
    graph = graphviz.Digraph(diagram.name, graph_attr={
        # A record's neighbours stack top to bottom (narrow, fits a phone); the
        # overviews read top-down, the higher bodies above.
        "rankdir": "LR" if diagram.focus else "TB", "nodesep": "0.25", "ranksep": "0.45", "bgcolor": "transparent", "pad": "0.1",
        "fontname": FONT,
    }, node_attr={"shape": "box", "style": "rounded,filled", "fontname": FONT, "fontsize": "11",
                  "margin": "0.12,0.06"}, edge_attr={"arrowsize": "0.7"})
    for node in diagram.nodes:
        label = "\n".join(textwrap.wrap(_label(site, node, lang), 24)) or node.key
        classes = ["cc-node", f"cc-type-{site.bodies[node.body_id]['type'] if node.body_id else node.body_type}"]
        if node.body_type:
            classes.append("cc-node--group")
        if node.key == diagram.focus:
            classes.append("cc-node--focus")
        # graphviz.escape: a name ending in a backslash or shaped like <...> stays
        # text (unescaped, dot would read it as an escape or an HTML label).
        graph.node(node.key, label=graphviz.escape(label), URL=ROOT + page_url(_href(node)),
                   tooltip=graphviz.escape(_label(site, node, lang)),
                   id=_node_id(diagram, node), **{"class": " ".join(classes)})
    for source, kind, target in diagram.edges:
        attributes = {"class": f"cc-edge cc-edge--{kind}", "style": EDGE_STYLE.get(kind, "dotted"),
                      "id": f"cc-edge__{diagram.name}__{source}__{kind}__{target}"}
        if kind in UPWARD_KINDS:
            graph.edge(target, source, dir="back", **attributes)
        else:
            graph.edge(source, target, **attributes)
    return graph


def _accessible_svg(svg: str, site: Site, diagram: Diagram, lang: str) -> str:
    """Turn Graphviz's SVG into an inline, accessible, themable element."""
    svg = svg[svg.index("<svg"):].replace("&#45;", "-")  # Graphviz escapes every hyphen
    svg = re.sub(r"<!--.*?-->\n?", "", svg, flags=re.S)
    svg = re.sub(r"<title>.*?</title>\n?", "", svg)  # Graphviz titles are node ids, not names
    svg = re.sub(r'<g id="[^"]*graph0" class="graph"', '<g class="graph"', svg, count=1)  # same id in every drawing
    width = re.search(r'width="([\d.]+)pt"', svg)
    svg = re.sub(r'<svg width="[\d.]+pt" height="[\d.]+pt"', "<svg", svg, count=1)
    title_id = f"cc-{diagram.name}-title-{lang}"
    title = html.escape(_title(site, diagram, lang))
    # Natural size at most; on a narrow screen a large drawing keeps a readable
    # width (up to 40rem) and scrolls inside its own box instead of shrinking.
    natural = float(width.group(1)) * 1.6 if width else 0
    style = f' style="max-width:{natural:.0f}px;min-width:min({natural:.0f}px,40rem)"' if width else ""
    svg = svg.replace("<svg", f'<svg class="cc-diagram__svg" role="group" aria-labelledby="{title_id}"{style}', 1)
    svg = re.sub(r"(<svg[^>]*>)", rf'\1\n<title id="{title_id}">{title}</title>', svg, count=1)
    svg = svg.replace("font-family=\"DejaVu Sans\"", f'font-family="{FONT_STACK}"')
    # Links: the accessible name is the box's label; keep the tooltip as <title>.
    svg = re.sub(r'<a xlink:href="([^"]*)" xlink:title="([^"]*)">',
                 r'<a href="\1" xlink:href="\1" aria-label="\2"><title>\2</title>', svg)
    # Edges: expose what they mean to tests and styles, not to screen readers (the list does that).
    svg = re.sub(r'<g id="cc-edge__[^"]*?__([^"_]+(?:_[^"_]+)*)__([a-z-]+)__([^"]*)" class="edge ([^"]*)">',
                 lambda m: f'<g class="edge {m[4]}" aria-hidden="true" data-source="{m[1]}" '
                           f'data-kind="{m[2]}" data-target="{m[3]}">', svg)
    return svg.strip()


def render_text_equivalent(site: Site, diagram: Diagram, lang: str, page_path: str) -> str:
    """The same relationships as a nested Markdown list with the same links."""
    render = _render()
    page = render.PageContext(site, lang, page_path)
    lines = []
    bases = _edge_bases(site, diagram)
    for node in diagram.nodes:
        link = f"[{render.escape_text(_label(site, node, lang))}]({page.link(_href(node))})"
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
            strength = f" — {page.t(render.basis_key(site, kind, basis))}" if basis else ""
            lines.append(f"    - {page.t(f'relation.{kind}.out', gender)}: "
                         f"[{render.escape_text(_label(site, other, lang))}]({page.link(_href(other))}){strength}")
    return "\n".join(lines)


def render_figure(site: Site, diagram: Diagram, lang: str, page_path: str, download_path: str) -> str:
    """Markdown block: the SVG, its caption, the text equivalent and a download link."""
    page = _render().PageContext(site, lang, page_path)
    svg = render_svg(site, diagram, lang).replace(ROOT, url_prefix(page_path))
    title = _render().escape_text(_title(site, diagram, lang))
    return "\n".join([
        f'<figure class="cc-diagram" id="{diagram.name}" markdown>',
        f'<div class="cc-diagram__scroll">{svg}</div>',
        f"<figcaption>{title} · <a href=\"{url_prefix(page_path)}{download_path}\" download>{page.t('diagram.download')}</a></figcaption>",
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
    svg = svg.replace('<svg class="cc-diagram__svg"', '<svg xmlns="http://www.w3.org/2000/svg" class="cc-diagram__svg"', 1) \
        if 'xmlns="http://www.w3.org/2000/svg"' not in svg else svg
    style = ("<style>text{fill:#1d1d1d}.node path,.node polygon{fill:#eef5f0;stroke:#1f5c3a}"
             ".cc-node--group path,.cc-node--group polygon{fill:#dceee3}"
             ".cc-node--focus path,.cc-node--focus polygon{fill:#1f5c3a}.cc-node--focus text{fill:#fff}"
             ".edge path{stroke:#4a4a4a}.edge polygon{fill:#4a4a4a;stroke:#4a4a4a}</style>")
    svg = re.sub(r"(<svg[^>]*>)", rf"\1{style}", svg, count=1)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + svg + "\n"
