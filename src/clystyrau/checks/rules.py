"""Checks a JSON Schema cannot make, one rule per function (like BCD's linters).

Each rule takes the loaded `Context` and returns a list of `Problem`s. Rules
must tolerate data that failed the schema (skip what they cannot read), since
every rule runs even when others found problems: the maintainer sees all
mistakes in one run.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..model import clock
from ..model.problems import Problem
from ..model.text import look_alikes, text_problem

CYCLE_KINDS = ("accountable-to", "part-of")
# Relations whose strength of obligation must be stated (issue 13): a reader
# acts on "must consult" differently from "should consult".
BASIS_KINDS = ("accountable-to", "consults")
BASIS_VALUES = ("duty", "guidance", "expectation", "recommendation", "proposal", "practice")
_UNSAFE_URL_CHARACTERS = re.compile(r"[\s\"'<>`\\{}|^]")


@dataclass
class Context:
    """What the rules read: the parsed files with their marks, and the pages."""

    root: Path
    loaded: dict[str, Any]  # data file name -> LoadedYaml | None
    data: dict[str, Any]  # data file name -> parsed data | None
    pages: dict[str, dict[str, Any]]  # lang -> path -> HandbookPage
    report: dict | None = None  # data/self_reflection.yaml, when present
    page_links: dict[str, dict[str, dict[str, set[str]]]] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)  # reported, but the build goes on
    today: datetime.date = field(default_factory=clock.today)

    def records(self, name: str):
        """(index, record) pairs of a list file, skipping entries that are not mappings."""
        data = self.data.get(name)
        if not isinstance(data, list):
            return []
        return [(index, record) for index, record in enumerate(data) if isinstance(record, dict)]

    def ids(self, name: str) -> set[str]:
        return {record.get("id") for _, record in self.records(name) if isinstance(record.get("id"), str)}


def unique_ids(context: Context) -> list[Problem]:
    """Each record id is used once per file (ids are URLs and link targets)."""
    problems = []
    for name in ("bodies.yaml", "glossary.yaml", "sources.yaml"):
        first: dict[str, int] = {}
        for index, record in context.records(name):
            record_id = record.get("id")
            if not isinstance(record_id, str):
                continue
            if record_id in first:
                loaded = context.loaded[name]
                line = loaded.mark((first[record_id],))[0]
                problems.append(loaded.problem((index, "id"),
                                               f"the id '{record_id}' is already used by the record on line {line}",
                                               "give this record a different id (ids must be unique)"))
            else:
                first[record_id] = index
    return problems


def relation_targets(context: Context) -> list[Problem]:
    """Every relation points at an existing record, not at itself, and only once."""
    problems = []
    ids = context.ids("bodies.yaml")
    loaded = context.loaded.get("bodies.yaml")
    for index, record in context.records("bodies.yaml"):
        seen = set()
        relations = record.get("relations")
        for number, relation in enumerate(relations if isinstance(relations, list) else []):
            if not isinstance(relation, dict) or not isinstance(relation.get("target"), str):
                continue
            target, kind = relation["target"], relation.get("kind")
            path = (index, "relations", number, "target")
            if target not in ids:
                close = _close_ids(target, ids)
                problems.append(loaded.problem(path, f"no record has the id '{target}'" + _other_alphabet(target),
                                               f"did you mean {close}?" if close
                                               else "check the id, or add that record"))
            elif target == record.get("id"):
                problems.append(loaded.problem(path, "the record points at itself", "remove this relation"))
            elif (kind, target) in seen:
                problems.append(loaded.problem(path, f"the relation '{kind}' to '{target}' is written twice",
                                               "remove the second one"))
            seen.add((kind, target))
    return problems


def accountability_cycles(context: Context) -> list[Problem]:
    """`accountable-to` and `part-of` never loop back (a body cannot answer to itself)."""
    return _cycles(context, CYCLE_KINDS, "accountability goes round in a circle: ",
                   "one of these accountable-to/part-of relations is wrong; remove or reverse it")


def replacement_cycles(context: Context) -> list[Problem]:
    """`replaces` never loops back (A replaces B and B replaces A cannot both be true)."""
    return _cycles(context, ("replaces",), "replacement goes round in a circle: ",
                   "a body replaces one that came before it: remove the replaces relation that points back")


def _cycles(context: Context, kinds, message: str, hint: str) -> list[Problem]:
    """The loops formed by relations of these kinds, each reported once."""
    graph: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
    for index, record in context.records("bodies.yaml"):
        relations = record.get("relations")
        for number, relation in enumerate(relations if isinstance(relations, list) else []):
            if isinstance(relation, dict) and relation.get("kind") in kinds and isinstance(relation.get("target"), str):
                graph[record.get("id")].append((relation["target"], index, number))
    problems, reported = [], set()
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    # Depth-first search with an explicit stack (a long part-of chain would
    # exceed Python's recursion limit): each frame is a node, its trail and
    # the position of the next edge to follow.
    for root in list(graph):
        if root in state:
            continue
        stack: list[tuple[str, list[tuple[str, int, int]], int]] = [(root, [], 0)]
        state[root] = 1
        while stack:
            node, trail, position = stack.pop()
            edges = graph.get(node, [])
            if position >= len(edges):
                state[node] = 2
                continue
            stack.append((node, trail, position + 1))
            target, index, number = edges[position]
            step = trail + [(node, index, number)]
            if state.get(target) == 1:
                start = next(i for i, (name, _, _) in enumerate(step) if name == target)
                loop = step[start:]
                names = [name for name, _, _ in loop] + [target]
                key = frozenset(names)
                if key not in reported:
                    reported.add(key)
                    _, at_index, at_number = loop[-1]
                    problems.append(context.loaded["bodies.yaml"].problem(
                        (at_index, "relations", at_number, "target"),
                        message + " → ".join(names), hint))
            elif state.get(target) is None:
                state[target] = 1
                stack.append((target, step, 0))
    return problems


def url_problem(value: str) -> tuple[str, str] | None:
    """(message, hint) when a web address is not a plain https:// address a reader can trust."""
    # Invisible and direction-changing characters are refused in every text already.
    parts = urlsplit(value)
    if parts.scheme.lower() != "https":
        return (f"the address {value!r} does not start with https://",
                "use the site's https:// address; other schemes (http, javascript, data) are not allowed")
    try:
        hostname, username, password = parts.hostname, parts.username, parts.password
    except ValueError:
        hostname, username, password = None, None, None
    if hostname and not hostname.isascii():
        return (f"the address {value!r} has letters from another alphabet in its host: {look_alikes(hostname)}",
                "type the host again in Latin letters; an international address is written in its xn-- form")
    if _UNSAFE_URL_CHARACTERS.search(value) or username or password or not hostname or "." not in hostname:
        return (f"the address {value!r} is not a plain web address",
                "remove spaces, quotes, angle brackets and user names; copy the address from the browser bar")
    return None


def safe_urls(context: Context) -> list[Problem]:
    """Web addresses are https, have a real host, and carry nothing a browser could run."""
    problems = []
    for name in ("bodies.yaml", "glossary.yaml"):
        loaded = context.loaded.get(name)
        for path, value in _walk_urls(context, name):
            if not isinstance(value, str):
                continue
            found = url_problem(value)
            if found:
                problems.append(loaded.problem(path, *found))
    return problems


def _walk_urls(context: Context, name: str):
    """(path, url) for every website and source url in a file."""
    for index, record in context.records(name):
        website = record.get("website")
        if isinstance(website, dict):
            for lang, url in website.items():
                yield (index, "website", lang), url
        elif website is not None:
            yield (index, "website"), website
        sources = record.get("sources")
        for number, source in enumerate(sources if isinstance(sources, list) else []):
            if isinstance(source, dict) and "url" in source:
                yield (index, "sources", number, "url"), source["url"]
        facts = record.get("facts")
        for number, fact in enumerate(facts if isinstance(facts, list) else []):
            if isinstance(fact, dict) and isinstance(fact.get("source"), dict) and "url" in fact["source"]:
                yield (index, "facts", number, "source", "url"), fact["source"]["url"]


def sensible_dates(context: Context) -> list[Problem]:
    """Dates exist on the calendar, reviews are not in the future, and nothing ends before it starts."""
    problems = []
    for name in ("bodies.yaml", "glossary.yaml"):
        loaded = context.loaded.get(name)
        for index, record in context.records(name):
            parsed = {}
            for key in ("established", "ended", "reviewed"):
                value = record.get(key)
                if isinstance(value, str) and re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
                    parts = [int(p) for p in value.split("-")] + [1, 1]
                    try:
                        parsed[key] = datetime.date(*parts[:3])
                    except ValueError:
                        problems.append(loaded.problem((index, key), f"{value} is not a real date",
                                                       "check the day and month"))
            if "reviewed" in parsed and parsed["reviewed"] > context.today:
                problems.append(loaded.problem((index, "reviewed"),
                                               f"the review date {record['reviewed']} is in the future",
                                               "use the date you checked the record "
                                               f"(today is {context.today.isoformat()})"))
            if "established" in parsed and parsed["established"] > context.today:
                problems.append(loaded.problem((index, "established"),
                                               f"the body is established in the future ({record['established']})",
                                               "give the date it was set up; "
                                               "a body that is only proposed is described in its summary"))
            # "2009-10" then "2009": the end may be any day of 2009, so compare the
            # latest day the end can mean with the earliest the start can.
            if "established" in parsed and "ended" in parsed and _latest(record["ended"]) < parsed["established"]:
                problems.append(loaded.problem((index, "ended"), "the body ends before it was established",
                                               "check both dates"))
    return problems


def _latest(value: str) -> datetime.date:
    """The last day a "YYYY", "YYYY-MM" or "YYYY-MM-DD" date can mean."""
    parts = [int(part) for part in value.split("-")]
    if len(parts) == 1:
        return datetime.date(parts[0], 12, 31)
    if len(parts) == 2:
        following = datetime.date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
        return following - datetime.timedelta(days=1)
    return datetime.date(*parts)


def glossary_acronyms(context: Context) -> list[Problem]:
    """An acronym belongs to one glossary entry per language (each links to one entry)."""
    problems = []
    loaded = context.loaded.get("glossary.yaml")
    first: dict[tuple[str, str], int] = {}
    for index, entry in context.records("glossary.yaml"):
        acronyms = entry.get("acronym")
        for lang, acronym in (acronyms.items() if isinstance(acronyms, dict) else []):
            if lang not in ("cy", "en") or not isinstance(acronym, str):
                continue
            key = (lang, acronym.strip())
            if key in first:
                other = context.data["glossary.yaml"][first[key]]
                problems.append(loaded.problem((index, "acronym", lang),
                                               f"the acronym '{acronym}' is already used by the entry "
                                               f"'{other.get('id')}' (line {loaded.mark((first[key],))[0]}), "
                                               "so one of them would never be linked",
                                               "an acronym links to one entry: merge the two entries, "
                                               "or list the second meaning in the first one's definition"))
            else:
                first[key] = index
    return problems


def one_paragraph_notes(context: Context) -> list[Problem]:
    """Notes on a record or a relation are one paragraph each (they are shown inside a list)."""
    problems = []
    loaded = context.loaded.get("bodies.yaml")
    for index, record in context.records("bodies.yaml"):
        notes = record.get("notes")
        places = [((index, "notes", number), note)
                  for number, note in enumerate(notes if isinstance(notes, list) else [])]
        relations = record.get("relations")
        places += [((index, "relations", number, "note"), relation.get("note"))
                   for number, relation in enumerate(relations if isinstance(relations, list) else [])
                   if isinstance(relation, dict)]
        for path, note in places:
            for lang, text in (note.items() if isinstance(note, dict) else []):
                if isinstance(text, str) and re.search(r"\n[ \t]*\n", text.strip()):
                    problems.append(loaded.problem(path + (lang,), "a note has more than one paragraph",
                                                   "notes are shown as one item of a list: join the paragraphs, "
                                                   "or write a second note"))
    return problems


def glossary_references(context: Context) -> list[Problem]:
    """A glossary entry that names a body points at an existing body record."""
    problems = []
    ids = context.ids("bodies.yaml")
    loaded = context.loaded.get("glossary.yaml")
    for index, entry in context.records("glossary.yaml"):
        body = entry.get("body")
        if isinstance(body, str) and ids and body not in ids:
            close = _close_ids(body, ids)
            problems.append(loaded.problem((index, "body"),
                                           f"no body record has the id '{body}'" + _other_alphabet(body),
                                           f"did you mean {close}?" if close
                                           else "check the id in data/bodies.yaml, or remove `body:`"))
    return problems


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


def handbook_markers(context: Context) -> list[Problem]:
    """[[body:..]] / [[term:..]] links and <!-- ...: ... --> placeholders name things that exist.

    Read with `pagetext.tokens`, the tokeniser the build expands with.
    """
    from ..model.pagetext import line_column, tokens
    from .loader import BLOCK_MARKERS, LINK_KINDS, MUTATION_FORMS, link_options

    problems = []
    known = {"body": context.ids("bodies.yaml"), "term": context.ids("glossary.yaml"), "type": _body_types(context),
             "source": context.ids("sources.yaml")}
    # A data file that could not be read is already reported; don't bury that under its links.
    unreadable = {kind
                  for kind, name in (("body", "bodies.yaml"), ("term", "glossary.yaml"), ("source", "sources.yaml"))
                  if context.loaded.get(name) is None}
    types = _body_types(context)
    context.page_links = {lang: {} for lang in context.pages}
    for lang, pages in context.pages.items():
        for path, page in pages.items():
            links = {"body": set(), "term": set(), "type": set(), "source": set()}
            context.page_links[lang][path] = links

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
                        links[kind].add(target)  # the form is the part cited, free text
                    elif link_options(form) is None or (kind == "term" and link_options(form) & MUTATION_FORMS):
                        report(token, f"unknown link form '|{form}' in {match[0]}",
                               "use [[body:ID]] for the name, [[body:ID|short]] for the acronym, "
                               "[[body:ID|lower]] mid-sentence, or [[body:ID|soft]], |nasal, |aspirate "
                               "(alone or as |lower,soft) for a mutated name")
                    else:
                        links[kind].add(target)
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
                    elif name == "diagram" and argument not in _diagram_names():
                        report(token, f"<!-- diagram: {argument} --> names no diagram",
                               "use one of: " + ", ".join(sorted(_diagram_names())))
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
    from ..model.pagetext import _AUTOLINK, _INLINE_LINK, _REFERENCE, line_column, markup_problems, mask_code

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


def body_genders(context: Context) -> list[Problem]:
    """Every body's Welsh name has a grammatical gender: given, or inferred from its head noun."""
    from ..model.grammar import head_noun, infer_gender

    problems = []
    loaded = context.loaded.get("bodies.yaml")
    for index, record in context.records("bodies.yaml"):
        name = record.get("name")
        welsh = name.get("cy") if isinstance(name, dict) else None
        if "gender" in record or not isinstance(welsh, str) or not welsh.strip() or name.get("cy_lang") == "en":
            continue  # an English name in the Welsh slot is masculine unless the record says otherwise
        if infer_gender(welsh) is None:
            problems.append(loaded.problem(
                (index, "name"), f"the grammatical gender of the Welsh name '{welsh}' is not known "
                f"(its head noun '{head_noun(welsh)}' is not in the table of src/clystyrau/grammar.py)",
                "add `gender: m`, `gender: f` or `gender: pl` (a plural name) to the record; "
                "labels that refer back to the body agree with it"))
    return problems


def unmutated_insertions(context: Context) -> list[Problem]:
    """Warn (not fail) where a Welsh page inserts a body's name after a word that mutates it,
    without asking for the mutated form ("o [[body:primary-care-one]]" -> "o Gofal ...")."""
    from ..model.grammar import MUTATING_WORDS, would_mutate
    from ..model.pagetext import tokens
    from .loader import MUTATION_FORMS, link_options

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
    context.warnings += warnings
    return []


def language_marks(context: Context) -> list[Problem]:
    """A phrase marked [[en:...]] or [[cy:...]] in record text is closed and not empty, and a
    [[source:ID]] citation names a known document."""
    from ..views.pages import LANGUAGE_RUN, SOURCE_MARK

    documents = context.ids("sources.yaml")
    opening = re.compile(r"\[\[(?:en|cy):")
    problems = []
    for name in ("bodies.yaml", "glossary.yaml"):
        loaded = context.loaded.get(name)
        for index, record in context.records(name):
            for path, text in _strings(record, (index,)):
                if len(opening.findall(text)) != len(LANGUAGE_RUN.findall(text)):
                    problems.append(loaded.problem(path, "a [[en:...]] or [[cy:...]] mark is not closed, or is empty",
                                                   "write the phrase as [[en:the English words]]: "
                                                   "two brackets each side"))
                for match in SOURCE_MARK.finditer(text):
                    if match["id"].strip() not in documents:
                        problems.append(loaded.problem(
                            path, f"{match[0]} cites '{match['id'].strip()}', which is not an id in data/sources.yaml",
                            "cite one of the documents: "
                            + ", ".join(f"[[source:{doc}]]" for doc in sorted(documents))))
    return problems


def _strings(value, path: tuple):
    """(path, text) for every string inside a record."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, path + (key,))
    elif isinstance(value, list):
        for number, item in enumerate(value):
            yield from _strings(item, path + (number,))


def _chart_ids(context: Context) -> set[str]:
    charts = (context.report or {}).get("charts") if isinstance(context.report, dict) else None
    return {chart.get("id") for chart in charts or [] if isinstance(chart, dict)}


def relation_basis(context: Context) -> list[Problem]:
    """Consultation and accountability relations say how binding they are, and where the source says so."""
    problems = []
    loaded = context.loaded.get("bodies.yaml")
    choices = ", ".join(f"'{value}'" for value in BASIS_VALUES)
    for index, record in context.records("bodies.yaml"):
        relations = record.get("relations")
        for number, relation in enumerate(relations if isinstance(relations, list) else []):
            if not isinstance(relation, dict):
                continue
            kind, basis = relation.get("kind"), relation.get("basis")
            if kind in BASIS_KINDS and basis is None:
                problems.append(loaded.problem(
                    (index, "relations", number, "kind"),
                    f"this '{kind}' relation must say how binding it is (field 'basis')",
                    f"add 'basis:' ({choices}) as the source words it (rhaid = must, dylid/dylai = should, "
                    "disgwylir = is expected, cynigir = is proposed), "
                    "and 'basis_source: {doc: \"000\", section: \"...\"}' "
                    "naming where it says so"))
            elif basis is not None and "basis_source" not in relation:
                problems.append(loaded.problem(
                    (index, "relations", number, "basis"),
                    "the relation gives a 'basis' but not where the source says so",
                    "add 'basis_source: {doc: \"000\", section: \"...\"}' (or {url: ..., title: ...})"))
            elif basis is None and "basis_source" in relation:
                problems.append(loaded.problem(
                    (index, "relations", number, "basis_source"),
                    "the relation gives a 'basis_source' but no 'basis'",
                    f"add 'basis:' ({choices}), or remove 'basis_source'"))
    return problems


def _diagram_names() -> set[str]:
    from ..views.diagrams import FIXED_DIAGRAMS

    return set(FIXED_DIAGRAMS)


def _body_types(context: Context) -> set[str]:
    from .loader import body_types  # site imports this module

    return set(body_types())


def _other_alphabet(value: str) -> str:
    """" (it has letters from another alphabet: ...)" when an id that looks right is not ASCII."""
    return "" if value.isascii() else f" (it has letters from another alphabet: {look_alikes(value)})"


def _close_ids(value: str, ids: set[str]) -> str:
    """The nearest existing id, to suggest a fix for a typo."""
    import difflib

    matches = difflib.get_close_matches(value, sorted(i for i in ids if i), n=1, cutoff=0.75)
    if matches and not matches[0].isascii():
        return f"'{matches[0]}' (which has letters from another alphabet: {look_alikes(matches[0])})"
    return f"'{matches[0]}'" if matches else ""


def plain_labels(context: Context) -> list[Problem]:
    """Interface labels are plain text: the theme puts them into every page's HTML."""
    problems = []
    loaded = context.loaded.get("strings.yaml")
    strings = context.data.get("strings.yaml")
    if loaded is None or not isinstance(strings, dict):
        return problems
    for key, texts in strings.items():
        for lang, text in (texts.items() if isinstance(texts, dict) else []):
            if isinstance(text, str) and _MARKUP.search(text):
                problems.append(loaded.problem((key, lang), f"the label contains markup ({_MARKUP.search(text)[0]!r})",
                                               "labels are plain text: remove the < > or & (write 'and' for &)"))
    return problems


_MARKUP = re.compile(r"[<>]|&#?[A-Za-z0-9]+;")


def safe_config(context: Context) -> list[Problem]:
    """What mkdocs.yml hands the templates is plain text, and its links are pages or https.

    The theme prints `site_name`, `site_description`, `copyright`, each language's
    `name` and anything under `extra` into every page, mostly unescaped.
    """
    import yaml

    from .yamlio import load_yaml

    path = context.root / "mkdocs.yml"
    if not path.is_file():
        return []
    problems: list[Problem] = []
    try:
        loaded = load_yaml(path, "mkdocs.yml", problems)
    except yaml.YAMLError:  # a tag the safe loader does not know (!ENV ...): MkDocs reads it itself
        return []
    if loaded is None or not isinstance(loaded.data, dict):
        return problems
    config = loaded.data
    places: list[tuple[tuple, Any]] = [((key,), config.get(key))
                                       for key in ("site_name", "site_description", "site_author", "copyright")]
    places.append((("extra",), config.get("extra")))
    places.append((("nav",), config.get("nav")))
    for number, plugin in enumerate(config.get("plugins") or []):
        if isinstance(plugin, dict) and isinstance(plugin.get("i18n"), dict):
            places.append((("plugins", number, "i18n", "languages"), plugin["i18n"].get("languages")))
    stack = list(places)
    while stack:
        where, value = stack.pop()
        if isinstance(value, dict):
            stack += [(where + (key,), item) for key, item in value.items() if key != "theme"]
            # Section titles of nav and nav_translations are keys, printed like values.
            stack += [(where + (key,), key) for key in value if isinstance(key, str) and _MARKUP.search(key)]
        elif isinstance(value, list):
            stack += [(where + (index,), item) for index, item in enumerate(value)]
        elif isinstance(value, str):
            key = where[-1] if isinstance(where[-1], str) else ""
            if _MARKUP.search(value):
                problems.append(loaded.problem(where, f"'{value}' contains markup, which the theme would print as HTML",
                                               "write plain text here (no < > or &...;)"))
            elif key in ("link", "href", "url") or key.endswith("_url"):
                scheme = value.split(":", 1)[0].lower() if ":" in value.split("/", 1)[0] else None
                if scheme is not None and scheme != "https":
                    problems.append(loaded.problem(where, f"the address {value!r} does not start with https://",
                                                   "use a link inside the site (/en/) or an https:// address"))
    return problems


RULES: list[Callable[[Context], list[Problem]]] = [
    unique_ids,
    relation_targets,
    relation_basis,
    accountability_cycles,
    replacement_cycles,
    safe_urls,
    sensible_dates,
    glossary_references,
    glossary_acronyms,
    one_paragraph_notes,
    handbook_pairs,
    handbook_markers,
    page_markup,
    plain_labels,
    safe_config,
    body_genders,
    unmutated_insertions,
    language_marks,
]
