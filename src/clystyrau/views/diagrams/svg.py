"""Graphviz's SVG made accessible and themable, and the key under each diagram.

Every box becomes a link with an accessible name, every line gets a title
naming both ends and the relationship (and data-* attributes for tests), and
colours come from CSS classes (overrides/assets/stylesheets/clystyrau.css).
"""

from __future__ import annotations

import html
import re

from ...model.records import Site
from ..context import context_for
from ..markdown import basis_key
from .engine import run_dot
from .layout import FONT_STACK
from .model import EDGE_LOOK, WEAK_BASES, Diagram, diagram_title, edge_bases, node_label


def edge_name(site: Site, diagram: Diagram, source: str, kind: str, target: str, lang: str) -> str:
    """What a line says, for its accessible name: both ends and the relationship (and how binding, if weak)."""
    nodes = {node.key: node for node in diagram.nodes}
    gender = site.gender(nodes[source].body_id) if nodes[source].body_id else "pl"
    name = (f"{node_label(site, nodes[source], lang)} — {site.label(f'relation.{kind}.out', lang, gender)}: "
            f"{node_label(site, nodes[target], lang)}")
    basis = edge_bases(site, diagram).get((source, kind, target))
    if basis:
        name += f" ({site.label(basis_key(site, kind, basis), lang)})"
    return name


def accessible_svg(svg: str, site: Site, diagram: Diagram, lang: str, layout: str = "wide") -> str:
    """Turn Graphviz's SVG into an inline, accessible, themable element."""
    svg = svg[svg.index("<svg"):].replace("&#45;", "-")  # Graphviz escapes every hyphen
    svg = re.sub(r"<!--.*?-->\n?", "", svg, flags=re.S)
    svg = re.sub(r"<title>.*?</title>\n?", "", svg)  # Graphviz titles are node ids, not names
    svg = re.sub(r'<g id="[^"]*graph0" class="graph"', '<g class="graph"', svg, count=1)  # same id in every drawing
    width = re.search(r'width="([\d.]+)pt"', svg)
    svg = re.sub(r'<svg width="[\d.]+pt" height="[\d.]+pt"', "<svg", svg, count=1)
    title_id = f"cc-{diagram.name}-title-{lang}" + ("" if layout == "wide" else f"-{layout}")
    title = html.escape(diagram_title(site, diagram, lang))
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
    bases = edge_bases(site, diagram)
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
