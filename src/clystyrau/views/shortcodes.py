"""Expand the short syntax of authored pages into Markdown.

- `[[body:ID]]` -> a link to the record, with the body's name in the page's language
- `[[body:ID|short]]` -> the same link, showing the acronym (full name as its title)
- `[[body:ID|lower]]` -> the name with a small first letter, for mid-sentence use
  (proper names such as "Llywodraeth Cymru" keep their capitals)
- `[[source:ID]]` -> a citation: the document's short title, linked to its page;
  `[[source:ID|Appendix 2]]` adds the part cited ("Engagement guidance, Appendix 2")
- `[[term:ID]]` -> a link to the glossary entry, showing the acronym or term
- `[[type:TYPE]]` -> a link to the index of a type of body ("Health boards");
  `[[type:TYPE|lower]]` starts it with a small letter, for mid-sentence use
- `[[body:ID|soft]]`, `|nasal`, `|aspirate` (alone or with `lower`: `|lower,soft`)
  -> the Welsh name mutated after the word before it (grammar.py); the same for types
- `<!-- chart: ID -->` -> a chart of the self-reflection report, with its table
- `<!-- bodies: TYPE -->` -> a list of every body of that type
Unknown ids were already reported, with file and line, by `rules.handbook_markers`
before the build started; here an unknown id is a programming error.
"""

from __future__ import annotations

from ..model.grammar import mutate_word
from ..model.markers import MUTATION_FORMS, link_options
from ..model.pagetext import expand
from ..model.paths import GLOSSARY, diagram_file, relative_link, type_path
from ..model.records import Site
from . import diagrams
from .charts import render_chart
from .markdown import PageContext, escape_text, lower_first, pick, plain


def expand_markers(site: Site, lang: str, path: str, markdown: str) -> str:
    """Replace every marker in one authored page (path inside its language folder)."""
    page = PageContext(site, lang, path)

    def link(match) -> str:
        kind, target, form = match["kind"], match["id"].strip(), match["form"] or "name"
        if kind == "body":
            return page.body_link(target, form)
        if kind == "source":
            return page.cite(target, (match["form"] or "").strip())
        if kind == "type":
            label = site.label(f"type.{target}.many", lang)
            options = link_options(form) or set()
            mutation = next((option for option in options if option in MUTATION_FORMS), None)
            if mutation and lang == "cy":
                first, _, rest = label.partition(" ")
                label = mutate_word(first, mutation) + (" " + rest if rest else "")
            if "lower" in options:
                label = lower_first(label)
            return f"[{escape_text(label)}]({relative_link(path, type_path(target))})"
        entry = site.glossary[target]
        acronym = entry.get("acronym", {}).get(lang)
        # A term in the other language (cy_lang: en) is marked with its language.
        label = escape_text(acronym) if acronym else pick(entry["term"], lang)
        return f'[{label}]({relative_link(path, GLOSSARY)}#{target} "{plain(entry["term"], lang)}")'

    def block(match) -> str:
        name, argument = match["name"], match["arg"].strip()
        if name == "chart":
            return "\n" + render_chart(site.report, argument, lang, site.label) + "\n"
        if name == "diagram":
            return "\n" + diagrams.render_figure(site, diagrams.fixed_diagram(site, argument), lang, path,
                                                 diagram_file(argument)) + "\n"
        if name == "bodies":
            ids = page.sorted_ids(body_id for body_id, body in site.bodies.items() if body["type"] == argument)
            return "\n".join(f"- {page.body_link(body_id)}" for body_id in ids)
        raise KeyError(f"unknown placeholder {name}")

    # The same tokeniser as the check (rules.handbook_markers): code is left alone.
    return expand(markdown, link, block)


def sources_section(site: Site, lang: str, path: str, sources: list[dict]) -> str:
    """The "Sources for this page" section appended to every authored page."""
    if not sources:
        return ""
    page = PageContext(site, lang, path)
    lines = ["", "", f"## {page.t('page.sources')} {{ .cc-sources }}", ""]
    lines += [f"- {page.source(source)}" for source in sources]
    return "\n".join(lines) + "\n"


def authored_page(site: Site, lang: str, path: str, markdown: str, sources: list[dict]) -> str:
    """An authored page as the build hands it to MkDocs: markers expanded, its sources cited."""
    return expand_markers(site, lang, path, markdown) + sources_section(site, lang, path, sources)
