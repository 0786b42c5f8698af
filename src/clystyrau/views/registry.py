"""The registry of generated output: every page, diagram and download the build adds, listed once.

GOV.UK's "one data model, many views": the page hook turns `page_renderers`
into virtual pages, the diagram batch draws `diagrams`, `generated_files`
writes their downloads, the sitemap lists `page_paths` (without building a
renderer), the open-data page lists `downloads`, and the tests and the
benchmark call the same functions. To find where a generated page comes
from, read `page_renderers`: its path, and the function that renders it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from functools import partial

from ..model.paths import (
    AREAS_INDEX,
    BODIES_INDEX,
    GLOSSARY,
    OPEN_DATA,
    SOURCES_INDEX,
    STRUCTURE,
    area_path,
    body_path,
    diagram_file,
    source_path,
    type_path,
)
from ..model.records import Site
from . import derived, diagrams, opendata, pages
from .context import context_for


def _pages(site: Site, lang: str, edit_url: str | None):
    """(path inside the language folder, render function, its arguments) for every generated page."""
    yield BODIES_INDEX, pages.render_bodies_index, (site, lang)
    yield SOURCES_INDEX, pages.render_sources_index, (site, lang)
    yield GLOSSARY, pages.render_glossary, (site, lang)
    yield STRUCTURE, pages.render_structure_page, (site, lang)
    yield OPEN_DATA, pages.render_open_data_page, (site, lang, downloads(site))
    yield AREAS_INDEX, pages.render_areas_index, (site, lang)
    for body_type, ids in pages.bodies_by_type(site).items():
        yield type_path(body_type), pages.render_type_index, (site, body_type, ids, lang)
    for body_id in site.bodies:
        yield body_path(body_id), pages.render_body_page, (site, body_id, lang, edit_url)
    for doc_id in site.sources:
        yield source_path(doc_id), pages.render_source_page, (site, doc_id, lang)
    for body_id in derived.area_ids(site):
        yield area_path(body_id), pages.render_area_page, (site, body_id, lang, edit_url)


def page_renderers(site: Site, lang: str, edit_url: str | None = None) -> dict[str, Callable[[], str]]:
    """Every generated page: path inside the language folder -> how to render it (when called)."""
    return {path: partial(render, *arguments) for path, render, arguments in _pages(site, lang, edit_url)}


def page_paths(site: Site, lang: str) -> list[str]:
    """The path of every generated page, without preparing a renderer (for the sitemap)."""
    return [path for path, _, _ in _pages(site, lang, None)]


def diagrams_drawn(site: Site) -> list[diagrams.Diagram]:
    """Every diagram the pages show and the build offers as a download: the fixed ones, then each
    record's and each area's that has a line to draw. Worked out once per build."""
    context = context_for(site)
    if context.diagrams is None:
        fixed = diagrams.fixed_names(site)
        found = [diagrams.fixed_diagram(site, name) for name in fixed]
        found += [derived.neighbourhood(site, body_id) for body_id in site.bodies]
        found += [derived.area_diagram(site, body_id) for body_id in derived.area_ids(site)]
        context.diagrams = [diagram for diagram in found if diagram.edges or diagram.name in fixed]
    return context.diagrams


def generated_files(site: Site, lang: str) -> dict[str, str]:
    """Every non-page file the build generates for one language: each diagram's SVG download."""
    return {diagram_file(diagram.name): diagrams.standalone_svg(site, diagram, lang, diagram_file(diagram.name))
            for diagram in diagrams_drawn(site)}


def downloads(site: Site) -> list[str]:
    """The open-data files at the site root (opendata.open_data_files makes their content)."""
    return opendata.open_data_paths()


def generated_pages(site: Site, lang: str, edit_url: str | None = None) -> dict[str, str]:
    """Every page the build generates for one language: path inside the language folder -> Markdown."""
    diagrams.prerender(site, diagrams_drawn(site), lang)
    return {path: render() for path, render in page_renderers(site, lang, edit_url).items()}


def generated_signature(site: Site) -> str:
    """Everything in a loaded site that the generated pages and files read, as text: two loads
    with the same signature generate the same pages (a handbook page edit that changes no
    title, source or link to a record leaves it alone). Every field of the Site counts (a field
    added later too), but of the handbook pages only what the generated pages show of them.
    A part of `mkdocs serve`'s cache key."""
    parts = {item.name: getattr(site, item.name) for item in dataclasses.fields(site)
             if item.name not in ("pages", "warnings")}
    parts["pages"] = {lang: [(path, page.title, page.sources, sorted(page.body_ids))
                             for path, page in sorted(found.items())] for lang, found in site.pages.items()}
    return repr(sorted(parts.items()))
