"""Rules about the handbook pages: twins in both languages, markers that name real things, safe markup,
known sources, and (a warning only) names inserted unmutated after a word that mutates them."""

from __future__ import annotations

import re
from itertools import zip_longest

from ..model.grammar import MUTATING_WORDS, would_mutate
from ..model.markers import BLOCK_MARKERS, LINK_KINDS, MUTATION_FORMS, link_options
from ..model.pagetext import _AUTOLINK, _INLINE_LINK, _REFERENCE, line_column, markup_problems, mask_code, tokens
from ..model.problems import Problem
from ..model.schemas import body_types
from ..model.text import text_problem
from .context import Context
from .record_rules import _close_ids, _other_alphabet
from .text_rules import url_problem


def handbook_pairs(context: Context) -> list[Problem]:
    """Every authored page exists in both languages at the same path."""
    problems = []
    languages = list(context.pages)
    for lang in languages:
        for other in languages:
            if other == lang:
                continue
            for path in sorted(set(context.pages[lang]) - set(context.pages[other])):
                page = context.pages[lang][path]
                problems.append(Problem(page.display, 0, 0, "", "",
                                        f"this page has no twin in docs/{other}/",
                                        f"add docs/{other}/{path} (every page exists in Welsh and English)"))
    return problems


_ATX_HEADING = re.compile(r"^(#{2,6})[ \t]+\S", re.MULTILINE)


def _outline(page) -> list[tuple[int, int]]:
    """(level, line of the file) of each h2-h6 heading in the page's Markdown, code left out."""
    body = mask_code(page.body)
    return [(len(match[1]), page.body_line + body.count("\n", 0, match.start()))
            for match in _ATX_HEADING.finditer(body)]


def _describe(heading: tuple[int, int] | None, page) -> str:
    if heading is None:
        return f"no heading in {page.display}"
    return f"a level-{heading[0]} heading at {page.display}:{heading[1]}"


def handbook_outlines(context: Context) -> list[Problem]:
    """Twin pages have the same outline of headings, so a heading's place names the same one in both.

    The language link carries a reader at a heading to the heading in the same place of the
    twin page (`views.places`); with different outlines it would land somewhere else.
    """
    problems = []
    welsh, english = (context.pages.get(lang, {}) for lang in ("cy", "en"))
    for path in sorted(set(welsh) & set(english)):
        cy, en = _outline(welsh[path]), _outline(english[path])
        for index, (cy_heading, en_heading) in enumerate(zip_longest(cy, en)):
            if cy_heading and en_heading and cy_heading[0] == en_heading[0]:
                continue
            page, heading = (english[path], en_heading) if en_heading else (welsh[path], cy_heading)
            problems.append(Problem(page.display, heading[1], 0, "", "",
                                    f"the Welsh and English pages' headings differ at heading {index + 1}: "
                                    f"{_describe(cy_heading, welsh[path])}, {_describe(en_heading, english[path])}",
                                    "give both languages the same headings at the same levels (## and ###), "
                                    "so the language link keeps the reader's place"))
            break
    return problems


def handbook_markers(context: Context) -> list[Problem]:
    """[[body:..]] / [[term:..]] links and <!-- ...: ... --> placeholders name things that exist.

    Read with `pagetext.tokens`, the tokeniser the build expands with.
    """
    problems = []
    known = {"body": context.ids("bodies.yaml"), "term": context.ids("glossary.yaml"), "type": _body_types(context),
             "source": context.ids("sources.yaml")}
    # A data file that could not be read is already reported; don't bury that under its links.
    unreadable = {kind
                  for kind, name in (("body", "bodies.yaml"), ("term", "glossary.yaml"), ("source", "sources.yaml"))
                  if context.loaded.get(name) is None}
    types = _body_types(context)
    for pages in context.pages.values():
        for page in pages.values():
            def report(token, message, hint, page=page, problems=problems):
                line, column = line_column(page.body, token.start)
                problems.append(Problem(page.display, line + page.body_line - 1, column, "", "", message, hint))

            for token in tokens(page.body):
                match = token.match
                if token.kind == "near-link":
                    report(token,
                           f"'{token.text}' looks like a link marker but is not one, so it would be shown as it is",
                           "write [[body:ID]], [[term:ID]] or [[type:TYPE]] in lower case, on one line "
                           "(put it in `backticks` to show the brackets on purpose)")
                elif token.kind == "near-block":
                    report(token,
                           f"'{token.text}' looks like a placeholder but is not one, so nothing would be filled in",
                           "write <!-- chart: ID -->, <!-- diagram: NAME --> or <!-- bodies: TYPE --> "
                           "in lower case, on one line")
                elif token.kind == "link":
                    kind, target, form = match["kind"], match["id"].strip(), match["form"]
                    if kind not in LINK_KINDS:
                        report(token, f"unknown link kind '{kind}' in {match[0]}",
                               "use [[body:ID]], [[term:ID]], [[type:TYPE]] or [[source:ID]]")
                    elif kind in unreadable:
                        continue
                    elif target not in known[kind]:
                        close = _close_ids(target, known[kind])
                        where = {"body": "data/bodies.yaml", "term": "data/glossary.yaml",
                                 "type": "the list of body types in the schema", "source": "data/sources.yaml"}[kind]
                        message = f"{match[0]} links to '{target}', which is not an id in {where}"
                        message += _other_alphabet(target)
                        report(token, message, f"did you mean {close}?" if close else f"check the id in {where}")
                    elif kind == "source":
                        continue  # the form is the part cited, free text
                    elif link_options(form) is None or (kind == "term" and link_options(form) & MUTATION_FORMS):
                        report(token, f"unknown link form '|{form}' in {match[0]}",
                               "use [[body:ID]] for the name, [[body:ID|short]] for the acronym, "
                               "[[body:ID|lower]] mid-sentence, or [[body:ID|soft]], |nasal, |aspirate "
                               "(alone or as |lower,soft) for a mutated name")
                else:
                    name, argument = match["name"], match["arg"]
                    if name not in BLOCK_MARKERS:
                        report(token, f"unknown placeholder <!-- {name}: ... -->",
                               "known placeholders: " + ", ".join(sorted(BLOCK_MARKERS)))
                    elif name == "chart" and context.report is None:
                        report(token, f"<!-- chart: {argument} --> needs data/self_reflection.yaml, which is missing",
                               "restore data/self_reflection.yaml from git")
                    elif name == "chart" and argument not in _chart_ids(context):
                        report(token, f"<!-- chart: {argument} --> names no chart in data/self_reflection.yaml",
                               "check the chart id in data/self_reflection.yaml")
                    elif name == "diagram" and argument not in _diagram_names(context):
                        report(token, f"<!-- diagram: {argument} --> names no diagram",
                               "use one of: " + ", ".join(sorted(_diagram_names(context))))
                    elif name == "bodies" and argument not in types:
                        report(token, f"<!-- bodies: {argument} --> names no body type",
                               "use one of: " + ", ".join(sorted(types)))
            problems += _page_source_problems(context, page)
    return problems


def _page_source_problems(context: Context, page) -> list[Problem]:
    """A page's sources are known documents or safe https addresses (the schema checks their shape)."""
    problems = []
    front = page.front
    documents = context.ids("sources.yaml")
    for number, source in enumerate(page.sources):
        if not isinstance(source, dict):
            continue
        if "doc" in source and documents and source["doc"] not in documents:
            problems.append(front.problem(("sources", number, "doc"),
                                          "this source is not one of the documents in data/sources.yaml",
                                          'write e.g. - doc: "001" with the section heading'))
        if isinstance(source.get("url"), str):
            found = url_problem(source["url"])
            if found:
                problems.append(front.problem(("sources", number, "url"), *found))
    return problems


def page_markup(context: Context) -> list[Problem]:
    """Raw HTML in pages stays inside the allow-list, and every link address is safe (pagetext)."""
    problems = []
    for pages in context.pages.values():
        for page in pages.values():
            found = markup_problems(page.body)
            masked = mask_code(page.body)
            for pattern in (_INLINE_LINK, _REFERENCE, _AUTOLINK):
                for match in pattern.finditer(masked):
                    url = match["url"]
                    if url[:8].lower() == "https://":
                        problem = url_problem(url)
                        if problem:
                            found.append((match.start("url"),) + problem)
            for number, text_line in enumerate(page.body.splitlines()):
                problem = text_problem(text_line)
                if problem:
                    offset = sum(len(line) + 1 for line in page.body.splitlines()[:number])
                    found.append((offset,) + problem)
            for offset, message, hint in found:
                line, column = line_column(page.body, offset)
                problems.append(Problem(page.display, line + page.body_line - 1, column, "", "", message, hint))
    return problems


def unmutated_insertions(context: Context) -> list[Problem]:
    """Warnings (the build goes on) where a Welsh page inserts a body's name after a word that mutates it,
    without asking for the mutated form ("o [[body:primary-care-one]]" -> "o Gofal ...")."""
    bodies = {record.get("id"): record for _, record in context.records("bodies.yaml")}
    warnings = []
    for page in context.pages.get("cy", {}).values():
        # The same tokens the build expands: a marker inside code is no insertion.
        for match in (token.match for token in tokens(page.text) if token.kind == "link"):
            if match["kind"] != "body":
                continue
            options = link_options(match["form"]) or set()
            body = bodies.get(match["id"].strip())
            before = re.search(r"([^\s\[\]()]+)\s+$", page.text[max(0, match.start() - 80):match.start()])
            if body is None or "short" in options or options & MUTATION_FORMS or before is None:
                continue
            word = before[1].lower().replace("’", "'")
            mutation = MUTATING_WORDS.get(word)
            try:
                mutates = mutation is not None and would_mutate(body, mutation)
            except (KeyError, TypeError, AttributeError):  # a malformed record, reported elsewhere
                continue
            if mutates:
                line = page.text.count("\n", 0, match.start()) + 1
                column = match.start() - page.text.rfind("\n", 0, match.start())
                form = f"{match['form']},{mutation}" if match["form"] == "lower" else mutation
                warnings.append(Problem(page.display, line, column, "", "",
                                        f"'{before[1]} {match[0]}' prints the name unmutated after '{before[1]}'",
                                        f"write [[body:{match['id'].strip()}|{form}]] for the {mutation} mutation, "
                                        "or mark the record `mutate: false` if the name keeps its form"))
    return warnings


def _chart_ids(context: Context) -> set[str]:
    charts = (context.report or {}).get("charts") if isinstance(context.report, dict) else None
    return {chart.get("id") for chart in charts or [] if isinstance(chart, dict)}


def _diagram_names(context: Context) -> set[str]:
    """The fixed diagrams' ids (data/diagrams.yaml); an entry without one is the schema's to report."""
    return {diagram["id"] for _, diagram in context.records("diagrams.yaml") if isinstance(diagram.get("id"), str)}


def _body_types(context: Context) -> set[str]:
    return set(body_types())
