"""Records in, Markdown out: how each generated page is rendered, for one language at a time.

No MkDocs here. Which pages exist, at which paths, is listed once in
`views.registry`; this module only knows how to render one of them.
"""

from __future__ import annotations

import html

from ..model.collation import initial_letter, sort_bodies, sort_key
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
    url_prefix,
)
from ..model.records import DEFAULT_LANGUAGE, Site
from ..model.schemas import body_types
from . import derived, diagrams, opendata
from .markdown import PageContext, basis_key, plain
from .markdown import render_template as _render


def body_relations(site: Site, body_id: str) -> list[tuple[str, list[tuple[str, dict | None, dict | None]]]]:
    """(label key, [(other id, note, basis)]) groups, outgoing first, in the schema's kind order.

    `basis` is None or {"key": label key, "source": where the source says so}.
    """
    def basis(relation):
        if not relation.basis:
            return None
        return {"key": basis_key(site, relation.kind, relation.basis), "source": relation.basis_source}

    groups: dict[str, list] = {}
    for relation in site.outgoing.get(body_id, []):
        groups.setdefault(f"relation.{relation.kind}.out", []).append((relation.target, relation.note, basis(relation)))
    for relation in site.incoming.get(body_id, []):
        groups.setdefault(f"relation.{relation.kind}.in", []).append((relation.source, relation.note, basis(relation)))
    return list(groups.items())


BODIES_FILE = "data/bodies.yaml"


def record_place(site: Site, body_id: str, edit_url: str | None) -> dict:
    """Where a record is kept, for its page's footer: file, line, and an edit link if a repository is known.

    `edit_url` has {file} and {line} fields (see hooks/generated_pages.py).
    """
    line = site.body_lines[body_id]
    return {"file": BODIES_FILE, "line": line,
            "link": edit_url.format(file=BODIES_FILE, line=line) if edit_url else None}


def render_body_page(site: Site, body_id: str, lang: str, edit_url: str | None = None) -> str:
    """A record's page; `edit_url` (with {file} and {line}) links to the record in the repository."""
    body = site.bodies[body_id]
    path = body_path(body_id)
    page = PageContext(site, lang, path)
    groups = []
    for key, items in body_relations(site, body_id):
        order = [body["id"] for body in sort_bodies([site.bodies[item[0]] for item in items], lang)]
        groups.append((key, sorted(items, key=lambda item: order.index(item[0]))))
    diagram = derived.neighbourhood(site, body_id)
    figure = diagrams.render_figure(site, diagram, lang, path, diagram_file(diagram.name)) if groups else ""
    return _render("body.md.j2", site, lang, path, body=body, groups=groups, figure=figure, gender=site.gender(body_id),
                   title=plain(body["name"], lang), mentions=site.mentions(body_id, lang),
                   type_link=page.link(type_path(body["type"])), jsonld=opendata.body_jsonld(site, body_id, lang),
                   place=record_place(site, body_id, edit_url))


def bodies_by_type(site: Site) -> dict[str, list[str]]:
    """Body ids grouped by type, types in the schema's order."""
    groups = {body_type: [] for body_type in body_types()}
    for body_id, body in site.bodies.items():
        groups[body["type"]].append(body_id)
    return {body_type: ids for body_type, ids in groups.items() if ids}


def render_type_index(site: Site, body_type: str, ids: list[str], lang: str) -> str:
    path = type_path(body_type)
    page = PageContext(site, lang, path)
    return _render("type_index.md.j2", site, lang, path, body_type=body_type, ids=page.sorted_ids(ids),
                   title=html.escape(site.label(f"type.{body_type}.many", lang)))


def render_bodies_index(site: Site, lang: str) -> str:
    groups = bodies_by_type(site)
    page = PageContext(site, lang, BODIES_INDEX)
    return _render("bodies_index.md.j2", site, lang, BODIES_INDEX,
                   groups=[(body_type, page.sorted_ids(ids)) for body_type, ids in groups.items()],
                   title=html.escape(site.label("body.all", lang)), type_path=type_path)


def render_source_page(site: Site, doc_id: str, lang: str) -> str:
    path = source_path(doc_id)
    document = site.sources[doc_id]
    pages = [page for _, page in sorted(site.pages[lang].items())
             if any(isinstance(s, dict) and s.get("doc") == doc_id for s in page.sources)]
    records = [body_id for body_id, body in site.bodies.items()
               if any(s.get("doc") == doc_id for s in body["sources"])]
    # The document's misprints, kept here rather than in the glossary's running text (issue 15).
    slips = [(slip, entry) for _, entry in sorted(site.glossary.items())
             for slip in entry.get("slips", []) if slip["doc"] == doc_id]
    page = PageContext(site, lang, path)
    return _render("source.md.j2", site, lang, path, doc_id=doc_id, document=document, pages=pages,
                   records=page.sorted_ids(records), title=plain(document["title"], lang), slips=slips,
                   glossary_link=page.link(GLOSSARY))


def render_sources_index(site: Site, lang: str) -> str:
    return _render("sources_index.md.j2", site, lang, SOURCES_INDEX, documents=list(site.sources.values()),
                   title=html.escape(site.label("source.all", lang)), source_path=source_path)


def render_glossary(site: Site, lang: str) -> str:
    """The A–Z glossary; Welsh pages file entries under Welsh letters (Ll after L)."""
    entries = sorted(site.glossary.values(), key=lambda entry: sort_key(_glossary_heading(entry, lang), lang))
    letters: dict[str, list[dict]] = {}
    for entry in entries:
        letters.setdefault(initial_letter(_glossary_heading(entry, lang), lang), []).append(entry)
    return _render("glossary.md.j2", site, lang, GLOSSARY, letters=letters,
                   title=html.escape(site.label("glossary.title", lang)), body_path=body_path)


def _glossary_heading(entry: dict, lang: str) -> str:
    """Entries file under their acronym in this language if they have one, else their term."""
    return entry.get("acronym", {}).get(lang) or entry["term"][lang]


def render_structure_page(site: Site, lang: str) -> str:
    figures = [diagrams.render_figure(site, diagrams.fixed_diagram(site, name), lang, STRUCTURE, diagram_file(name))
               for name in diagrams.fixed_names(site)]
    return _render("structure.md.j2", site, lang, STRUCTURE, figures=figures,
                   names=diagrams.fixed_names(site), title=html.escape(site.label("diagram.page", lang)))


def render_area_page(site: Site, body_id: str, lang: str, edit_url: str | None = None) -> str:
    path = area_path(body_id)
    area = derived.area_for(site, body_id)
    diagram = derived.area_diagram(site, body_id)
    figure = diagrams.render_figure(site, diagram, lang, path, diagram_file(diagram.name)) if diagram.edges else ""
    return _render("area.md.j2", site, lang, path, area=area, body=site.bodies[body_id], figure=figure,
                   body_path=body_path, place=record_place(site, body_id, edit_url),
                   title=html.escape(f"{site.label('area.title_prefix', lang)}: {site.bodies[body_id]['name'][lang]}"))


def render_areas_index(site: Site, lang: str) -> str:
    page = PageContext(site, lang, AREAS_INDEX)
    ids = derived.area_ids(site)
    return _render("areas_index.md.j2", site, lang, AREAS_INDEX, area_path=area_path,
                   local_authorities=page.sorted_ids(i for i in ids if site.bodies[i]["type"] == "local-authority"),
                   health_boards=page.sorted_ids(i for i in ids if site.bodies[i]["type"] == "health-board"),
                   title=html.escape(site.label("area.index_title", lang)))


def render_open_data_page(site: Site, lang: str, downloads: list[str] | None = None) -> str:
    """What the downloads hold, field by field, with links to the files at the site root
    (`downloads`: their paths, as the registry lists them)."""
    to_root = url_prefix(OPEN_DATA) + ("" if lang == DEFAULT_LANGUAGE else "../")
    names = opendata.open_data_paths() if downloads is None else downloads
    return _render("open_data.md.j2", site, lang, OPEN_DATA, downloads=[(name, to_root + name) for name in names],
                   counts={"bodies": len(site.bodies), "glossary": len(site.glossary)},
                   title=html.escape(site.label("data.title", lang)))
