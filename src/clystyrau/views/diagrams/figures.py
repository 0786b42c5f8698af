"""Diagrams drawn in batches and placed on pages: the figure, its text equivalent, the download.

`prerender` lays many diagrams out in a few `dot` runs (one per core) and
caches the SVGs for the build (views/context.py); `render_figure` places one
on a page with both layouts, its key and a text equivalent.
"""

from __future__ import annotations

import html
import os
import re
import textwrap
from concurrent.futures import ThreadPoolExecutor

from ...model.paths import url_prefix
from ...model.records import Site
from ..context import GRAPHVIZ_SVGS, context_for
from ..markdown import PageContext, basis_key, escape_text
from .engine import run_dot
from .layout import LAYOUTS, ROOT, graph_of
from .model import Diagram, diagram_title, edge_bases, node_href, node_label
from .svg import accessible_svg, render_key


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
    cache = context_for(site).svgs
    todo = [(diagram, layout) for diagram in diagrams for layout in LAYOUTS
            if diagram.edges and (diagram.name, lang, layout) not in cache]
    if not todo:
        return
    sources = [graph_of(site, diagram, lang, layout).source for diagram, layout in todo]
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
        cache[(diagram.name, lang, layout)] = accessible_svg(svg, site, diagram, lang, layout)


def _draw(site: Site, diagram: Diagram, lang: str, layout: str) -> str:
    """One diagram laid out by its own `dot` run (or as laid out before, for the same dot source)."""
    source = graph_of(site, diagram, lang, layout).source
    svg = GRAPHVIZ_SVGS.get(("neato", source))
    if svg is None:
        svg = run_dot(source, "neato")
    GRAPHVIZ_SVGS.put(("neato", source), svg)
    return accessible_svg(svg, site, diagram, lang, layout)


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


def render_text_equivalent(site: Site, diagram: Diagram, lang: str, page_path: str) -> str:
    """The same relationships as a nested Markdown list with the same links."""
    page = PageContext(site, lang, page_path)
    lines = []
    bases = edge_bases(site, diagram)
    for node in diagram.nodes:
        link = f"[{escape_text(node_label(site, node, lang))}]({page.link(node_href(node))})"
        outgoing = [(kind, target) for source, kind, target in diagram.edges if source == node.key]
        lines.append(f"- {link}")
        for kind, target in outgoing:
            other = next(n for n in diagram.nodes if n.key == target)
            # A group of every body of a type ("Byrddau iechyd") is plural.
            gender = site.gender(node.body_id) if node.body_id else "pl"
            basis = bases.get((node.key, kind, target))
            strength = f" — {page.t(basis_key(site, kind, basis))}" if basis else ""
            lines.append(f"    - {page.t(f'relation.{kind}.out', gender)}: "
                         f"[{escape_text(node_label(site, other, lang))}]({page.link(node_href(other))}){strength}")
    return "\n".join(lines)


def render_figure(site: Site, diagram: Diagram, lang: str, page_path: str, download_path: str) -> str:
    """Markdown block: the SVG in both layouts (CSS shows the one that fits), its key,
    caption, the text equivalent and a download link."""
    page = PageContext(site, lang, page_path)
    views = "".join(
        f'<div class="cc-diagram__scroll cc-diagram__view cc-diagram__view--{layout}">'
        f'{render_svg(site, diagram, lang, layout).replace(ROOT, url_prefix(page_path))}</div>'
        for layout in LAYOUTS)
    title = escape_text(diagram_title(site, diagram, lang))
    return "\n".join([
        f'<figure class="cc-diagram" id="{diagram.name}" markdown>',
        views,
        render_key(site, diagram, lang),
        f"<figcaption>{title} · <a href=\"{url_prefix(page_path)}{download_path}\" download>"
        f"{page.t('diagram.download')}</a></figcaption>",
        "</figure>",
        "",
        *([page.t(diagram.note_key), ""] if diagram.note_key else []),
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
