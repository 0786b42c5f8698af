"""Records in, Markdown out: every generated page, for one language at a time.

No MkDocs here. `generated_pages(site, lang)` is the registry of every page
the build adds (GOV.UK's "one data model, many views"): the hooks turn its
entries into virtual files, and the tests and the benchmark call it directly.

Record text is untrusted (it arrives by pull request), so it is passed
through `escape_text` before it becomes Markdown: every character Markdown,
HTML or a template could act on becomes a numeric character reference, which
browsers show as the character itself and Markdown leaves alone.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from collections.abc import Callable
from functools import lru_cache
from importlib import resources

import jinja2

from ..checks.loader import LANGUAGES, MUTATION_FORMS, Site, body_types, link_options
from ..model.collation import initial_letter, sort_bodies, sort_key
from ..model.grammar import mutated_name
from ..model.paths import url_prefix
from . import areas, diagrams, opendata

# Characters that start Markdown, HTML or attribute-list syntax anywhere in a line.
_MARKDOWN_ACTIVE = re.compile(r"[\\`*_{}\[\]<>&#|~!]")
# ...and those that only act at the start of a line (lists, quotes, definitions).
_LINE_START = re.compile(r"^(\s*)([-+:=>]|\d+[.)])", re.MULTILINE)


def escape_text(text: str) -> str:
    """Make text inert in Markdown and HTML while it still reads the same.

    Each active character becomes a numeric character reference, which
    Markdown passes through untouched and the browser shows as the character.
    """
    text = _MARKDOWN_ACTIVE.sub(lambda match: f"&#{ord(match.group())};", str(text))
    return _LINE_START.sub(lambda match: match[1] + "".join(f"&#{ord(c)};" for c in match[2]), text)


# [[en:Public Service Boards]] inside record text: a phrase in the other
# language, shown as <span lang="en">...</span> so screen readers switch voice.
LANGUAGE_RUN = re.compile(r"\[\[(?P<lang>cy|en):(?P<text>[^\[\]]+)\]\]")
# [[source:000]] or [[source:000|Atodiad 2]] inside record text (and handbook pages, through
# pagetext): a citation shown as the document's short title, linked to its page (issue 15).
SOURCE_MARK = re.compile(r"\[\[source:(?P<id>[^\]|\n]*)(?:\|(?P<part>[^\]\n]*))?\]\]")
_MARKS = re.compile(LANGUAGE_RUN.pattern + "|" + SOURCE_MARK.pattern)


def escape_marked(text: str, source_link=None) -> str:
    """`escape_text`, with each [[en:...]] / [[cy:...]] run marked with its language and each
    [[source:ID|part]] citation made by `source_link(id, part)` (plain "ID, part" without one)."""
    text, parts, position = str(text), [], 0
    for match in _MARKS.finditer(text):
        parts.append(escape_text(text[position:match.start()]))
        if match["lang"]:
            parts.append(f'<span lang="{match["lang"]}">{escape_text(match["text"])}</span>')
        elif source_link is not None:
            parts.append(source_link(match["id"].strip(), (match["part"] or "").strip()))
        else:
            parts.append(escape_text(source_plain(match, None)))
        position = match.end()
    parts.append(escape_text(text[position:]))
    return "".join(parts)


def source_plain(match, labels: dict | None) -> str:
    """A [[source:...]] citation as plain text: the short title (or the id) and the part."""
    doc_id, part = match["id"].strip(), (match["part"] or "").strip()
    label = (labels or {}).get(doc_id, doc_id)
    return f"{label}, {part}" if part else label


def unmarked(text: str, labels: dict | None = None) -> str:
    """Record text without its marks, for places that are not HTML (titles, CSV); `labels`
    maps a document id to the short title a citation shows."""
    text = SOURCE_MARK.sub(lambda match: source_plain(match, labels), str(text))
    return LANGUAGE_RUN.sub(lambda match: match["text"], text)


def safe_url(url: str) -> str:
    """A validated https address made safe inside a Markdown link target and an attribute."""
    for char, code in (("(", "%28"), (")", "%29"), (" ", "%20"), ("<", "%3C"), (">", "%3E"), ('"', "%22"),
                       ("'", "%27")):
        url = url.replace(char, code)
    return html.escape(url, quote=True)


def lower_first(text: str) -> str:
    """A name for mid-sentence use: a small first letter, unless the name is proper
    (another word is capitalised, as in "Byrddau Partneriaeth Rhanbarthol")."""
    words = text.split()
    if len(words) > 1 and any(word[:1].isupper() for word in words[1:]):
        return text
    return text[:1].lower() + text[1:]


def other_language(lang: str) -> str:
    return next(code for code in LANGUAGES if code != lang)


def pick(value: dict, lang: str, source_link=None) -> str:
    """Escaped text of a bilingual field, marked with `lang` when it is in the other language."""
    text = escape_marked(value[lang], source_link)
    marked = value.get(f"{lang}_lang")
    return f'<span lang="{marked}">{text}</span>' if marked else text


def paragraphs(value: dict, lang: str, source_link=None) -> str:
    """A bilingual field written as paragraphs separated by blank lines."""
    marked = value.get(f"{lang}_lang")
    parts = [escape_marked(part.strip(), source_link) for part in re.split(r"\n\s*\n", value[lang]) if part.strip()]
    if marked:
        parts = [f'<span lang="{marked}">{part}</span>' for part in parts]
    return "\n\n".join(" ".join(part.split("\n")) for part in parts)


def plain(value: dict, lang: str) -> str:
    """Text for places that are not Markdown (titles, attributes): HTML-escaped only."""
    return html.escape(unmarked(value[lang]), quote=True)


def relative_link(from_path: str, to_path: str) -> str:
    """Relative link between two pages given by their paths inside a language folder."""
    return posixpath.relpath(to_path, posixpath.dirname(from_path) or ".")


# Where each kind of generated page lives inside a language folder.
def body_path(body_id: str) -> str:
    return f"bodies/{body_id}.md"


def type_path(body_type: str) -> str:
    return f"types/{body_type}.md"


def source_path(doc_id: str) -> str:
    return f"sources/{doc_id}.md"


def area_path(body_id: str) -> str:
    return f"areas/{body_id}.md"


AREAS_INDEX = "areas/index.md"


def diagram_file(name: str) -> str:
    return f"diagrams/{name}.svg"


BODIES_INDEX = "bodies/index.md"
STRUCTURE = "structure/index.md"
SOURCES_INDEX = "sources/index.md"
GLOSSARY = "glossary/index.md"


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    """Templates for Markdown output; StrictUndefined makes a missing field fail loudly."""
    loader = jinja2.FunctionLoader(
        lambda name: (resources.files("clystyrau") / "templates" / name).read_text(encoding="utf-8")
    )
    environment = jinja2.Environment(loader=loader, undefined=jinja2.StrictUndefined,
                                     autoescape=False, keep_trailing_newline=True,
                                     trim_blocks=True, lstrip_blocks=True)
    environment.filters["md"] = escape_text
    environment.filters["attr"] = lambda text: html.escape(str(text), quote=True)
    environment.filters["url"] = safe_url
    return environment


class PageContext:
    """Helpers a template gets for one page in one language."""

    def __init__(self, site: Site, lang: str, path: str):
        self.site, self.lang, self.path = site, lang, path
        self.other = other_language(lang)

    def t(self, key: str, gender: str | None = None) -> str:
        """An interface label, escaped; `gender` (m, f, pl) picks the form of one that refers back to a body."""
        return escape_text(self.site.label(key, self.lang, gender))

    def website(self, body: dict) -> str:
        """The body's website in this page's language (one address, or one per language)."""
        website = body["website"]
        return website[self.lang] if isinstance(website, dict) else website

    def text(self, value: dict) -> str:
        return pick(value, self.lang, self.cite)

    def paragraphs(self, value: dict) -> str:
        return paragraphs(value, self.lang, self.cite)

    def date(self, value: str) -> str:
        """An ISO date with the month named in the page's language ("Hydref 2009"), escaped."""
        from ..model.dates import human_date

        return escape_text(human_date(value, self.site.label("date.months", self.lang).split()))

    def cite(self, doc_id: str, part: str = "") -> str:
        """A citation in running text: the document's short title, and the part cited, linked to
        the document's page, with the full title on hover (issue 15: no bare document numbers)."""
        document = self.site.sources[doc_id]
        label = pick(document["short"], self.lang) + (f", {escape_text(part)}" if part else "")
        return f'[{label}]({self.link(source_path(doc_id))} "{plain(document["title"], self.lang)}")'

    def link(self, to_path: str) -> str:
        return relative_link(self.path, to_path)

    def body_name(self, body_id: str) -> str:
        return pick(self.site.bodies[body_id]["name"], self.lang)

    def body_link(self, body_id: str, form: str = "name") -> str:
        body = self.site.bodies[body_id]
        if form == "short" and "short" in body:
            label = pick(body["short"], self.lang)
            title = plain(body["name"], self.lang)
            return f'[{label}]({self.link(body_path(body_id))} "{title}")'
        options = link_options(form) or set()
        name = dict(body["name"])
        mutation = next((option for option in options if option in MUTATION_FORMS), None)
        if mutation and self.lang == "cy":
            name["cy"] = mutated_name(body, mutation)
        if "lower" in options:
            name[self.lang] = lower_first(name[self.lang])
        return f"[{pick(name, self.lang)}]({self.link(body_path(body_id))})"

    def as_at(self, fact: dict) -> str:
        """When a figure was true: the fact's own `as_at`, else its source document's date."""
        if fact.get("as_at"):
            return pick(fact["as_at"], self.lang, self.cite)
        source = fact.get("source") or {}
        if "doc" in source:
            return pick(self.site.sources[source["doc"]]["date"], self.lang)
        return self.t("body.fact_as_at_unknown")

    def source(self, source: dict) -> str:
        """One citation: the document (linked) and its section, or a web page."""
        if "doc" in source:
            document = self.site.sources[source["doc"]]
            text = f"[{pick(document['title'], self.lang)}]({self.link(source_path(source['doc']))})"
            if source.get("section"):
                # Section headings are quoted from the Welsh documents. One that names itself
                # ("Adran A: ...") needs no "adran" before it.
                section = source["section"]
                # On English pages the heading is given in English, with the Welsh in brackets (issue 15).
                english = document.get("sections", {}).get(section) if self.lang == "en" else None
                shown = english or section
                word = self.site.label("source.section", self.lang)
                named = shown.split(maxsplit=1)[0].casefold() == word.casefold() if shown.split() else False
                prefix = "" if named else f"{self.t('source.section')} "
                if english:
                    text += f', {prefix}<q>{escape_text(english)}</q> (<q lang="cy">{escape_text(section)}</q>)'
                else:
                    text += f', {prefix}<q lang="cy">{escape_text(section)}</q>'
            return text
        # A public web page: say so, so a reader knows the fact is not from the handbooks (issue 13).
        return f"[{pick(source['title'], self.lang)}]({safe_url(source['url'])}) ({self.t('source.web')})"

    def sorted_ids(self, ids) -> list[str]:
        ordered = sort_bodies([self.site.bodies[body_id] for body_id in ids], self.lang)
        return [body["id"] for body in ordered]

    def front_matter(self, title: str, **extra) -> str:
        """YAML front matter; the title is HTML-escaped because themes print it unescaped."""
        lines = ["---", f"title: {json.dumps(title, ensure_ascii=False)}"]
        for key, value in extra.items():
            lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
        return "\n".join(lines + ["---", ""])


def _render(template: str, site: Site, lang: str, path: str, **values) -> str:
    page = PageContext(site, lang, path)
    return _environment().get_template(template).render(page=page, site=site, lang=lang, **values)


# ---------------------------------------------------------------------------
# The pages


def basis_key(site: Site, kind: str, basis: str) -> str:
    """The label saying how binding a relation is: 'Should consult' for consults, 'Should' for other kinds."""
    specific = f"basis.{kind}.{basis}"
    return specific if specific in site.strings else f"basis.{basis}"


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
    diagram = diagrams.neighbourhood(site, body_id)
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
               for name in diagrams.FIXED_DIAGRAMS]
    return _render("structure.md.j2", site, lang, STRUCTURE, figures=figures,
                   names=list(diagrams.FIXED_DIAGRAMS), title=html.escape(site.label("diagram.page", lang)))


def render_area_page(site: Site, body_id: str, lang: str, edit_url: str | None = None) -> str:
    path = area_path(body_id)
    area = areas.area_for(site, body_id)
    diagram = diagrams.area_diagram(site, area)
    figure = diagrams.render_figure(site, diagram, lang, path, diagram_file(diagram.name)) if diagram.edges else ""
    return _render("area.md.j2", site, lang, path, area=area, body=site.bodies[body_id], figure=figure,
                   body_path=body_path, place=record_place(site, body_id, edit_url),
                   title=html.escape(f"{site.label('area.title_prefix', lang)}: {site.bodies[body_id]['name'][lang]}"))


def render_areas_index(site: Site, lang: str) -> str:
    page = PageContext(site, lang, AREAS_INDEX)
    ids = areas.area_ids(site)
    return _render("areas_index.md.j2", site, lang, AREAS_INDEX, area_path=area_path,
                   local_authorities=page.sorted_ids(i for i in ids if site.bodies[i]["type"] == "local-authority"),
                   health_boards=page.sorted_ids(i for i in ids if site.bodies[i]["type"] == "health-board"),
                   title=html.escape(site.label("area.index_title", lang)))


def generated_files(site: Site, lang: str) -> dict[str, str]:
    """Every non-page file the build generates for one language (SVG downloads)."""
    files = {}
    for name in diagrams.FIXED_DIAGRAMS:
        fixed = diagrams.fixed_diagram(site, name)
        files[diagram_file(name)] = diagrams.standalone_svg(site, fixed, lang, diagram_file(name))
    for body_id in site.bodies:
        diagram = diagrams.neighbourhood(site, body_id)
        if diagram.edges:
            files[diagram_file(diagram.name)] = diagrams.standalone_svg(site, diagram, lang, diagram_file(diagram.name))
    for body_id in areas.area_ids(site):
        diagram = diagrams.area_diagram(site, areas.area_for(site, body_id))
        if diagram.edges:
            files[diagram_file(diagram.name)] = diagrams.standalone_svg(site, diagram, lang, diagram_file(diagram.name))
    return files


OPEN_DATA = "open-data/index.md"


def render_open_data_page(site: Site, lang: str) -> str:
    """What the downloads hold, field by field, with links to the files at the site root."""
    from ..checks.loader import DEFAULT_LANGUAGE

    to_root = url_prefix(OPEN_DATA) + ("" if lang == DEFAULT_LANGUAGE else "../")
    downloads = [(name, to_root + name) for name in opendata.open_data_files(site)]
    return _render("open_data.md.j2", site, lang, OPEN_DATA, downloads=downloads,
                   counts={"bodies": len(site.bodies), "glossary": len(site.glossary)},
                   title=html.escape(site.label("data.title", lang)))


def page_renderers(site: Site, lang: str, edit_url: str | None = None) -> dict[str, Callable[[], str]]:
    """The registry of generated pages: path inside the language folder -> how to render it.

    Listing a path costs nothing; rendering happens when the callable is called.
    """
    from functools import partial

    renderers: dict[str, Callable[[], str]] = {
        BODIES_INDEX: partial(render_bodies_index, site, lang),
        SOURCES_INDEX: partial(render_sources_index, site, lang),
        GLOSSARY: partial(render_glossary, site, lang),
        STRUCTURE: partial(render_structure_page, site, lang),
        OPEN_DATA: partial(render_open_data_page, site, lang),
        AREAS_INDEX: partial(render_areas_index, site, lang),
    }
    for body_type, ids in bodies_by_type(site).items():
        renderers[type_path(body_type)] = partial(render_type_index, site, body_type, ids, lang)
    for body_id in site.bodies:
        renderers[body_path(body_id)] = partial(render_body_page, site, body_id, lang, edit_url)
    for doc_id in site.sources:
        renderers[source_path(doc_id)] = partial(render_source_page, site, doc_id, lang)
    for body_id in areas.area_ids(site):
        renderers[area_path(body_id)] = partial(render_area_page, site, body_id, lang, edit_url)
    return renderers


def generated_pages(site: Site, lang: str, edit_url: str | None = None) -> dict[str, str]:
    """Every page the build generates for one language: path inside the language folder -> Markdown."""
    diagrams.prerender(site, all_diagrams(site), lang)
    return {path: render() for path, render in page_renderers(site, lang, edit_url).items()}


def all_diagrams(site: Site) -> list:
    """Every diagram the pages show: the fixed ones, each record's and each area's."""
    return ([diagrams.fixed_diagram(site, name) for name in diagrams.FIXED_DIAGRAMS]
            + [diagrams.neighbourhood(site, body_id) for body_id in site.bodies]
            + [diagrams.area_diagram(site, areas.area_for(site, body_id)) for body_id in areas.area_ids(site)])
