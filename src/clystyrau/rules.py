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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urlsplit

from .problems import Problem

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
    today: datetime.date = field(default_factory=datetime.date.today)

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
                problems.append(loaded.problem((index, "id"), f"the id '{record_id}' is already used by the record on line {line}",
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
                problems.append(loaded.problem(path, f"no record has the id '{target}'",
                                               f"did you mean {close}?" if close else "check the id, or add that record"))
            elif target == record.get("id"):
                problems.append(loaded.problem(path, "the record points at itself", "remove this relation"))
            elif (kind, target) in seen:
                problems.append(loaded.problem(path, f"the relation '{kind}' to '{target}' is written twice",
                                               "remove the second one"))
            seen.add((kind, target))
    return problems


def accountability_cycles(context: Context) -> list[Problem]:
    """`accountable-to` and `part-of` never loop back (a body cannot answer to itself)."""
    graph: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
    for index, record in context.records("bodies.yaml"):
        relations = record.get("relations")
        for number, relation in enumerate(relations if isinstance(relations, list) else []):
            if isinstance(relation, dict) and relation.get("kind") in CYCLE_KINDS and isinstance(relation.get("target"), str):
                graph[record.get("id")].append((relation["target"], index, number))
    problems, reported = [], set()
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done

    def visit(node: str, trail: list[tuple[str, int, int]]) -> None:
        state[node] = 1
        for target, index, number in graph.get(node, []):
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
                        "accountability goes round in a circle: " + " → ".join(names),
                        "one of these accountable-to/part-of relations is wrong; remove or reverse it"))
            elif state.get(target) is None:
                visit(target, step)
        state[node] = 2

    for node in list(graph):
        if node not in state:
            visit(node, [])
    return problems


def safe_urls(context: Context) -> list[Problem]:
    """Web addresses are https, have a real host, and carry nothing a browser could run."""
    problems = []
    for name in ("bodies.yaml", "glossary.yaml"):
        loaded = context.loaded.get(name)
        for path, value in _walk_urls(context, name):
            if not isinstance(value, str):
                continue
            parts = urlsplit(value)
            if parts.scheme != "https":
                problems.append(loaded.problem(path, f"the address {value!r} does not start with https://",
                                               "use the site's https:// address; other schemes (http, javascript, data) are not allowed"))
            elif _UNSAFE_URL_CHARACTERS.search(value) or parts.username or parts.password or not parts.hostname or "." not in parts.hostname:
                problems.append(loaded.problem(path, f"the address {value!r} is not a plain web address",
                                               "remove spaces, quotes, angle brackets and user names; copy the address from the browser bar"))
    return problems


def _walk_urls(context: Context, name: str):
    """(path, url) for every website and source url in a file."""
    for index, record in context.records(name):
        if "website" in record:
            yield (index, "website"), record["website"]
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
                problems.append(loaded.problem((index, "reviewed"), f"the review date {record['reviewed']} is in the future",
                                               f"use the date you checked the record (today is {context.today.isoformat()})"))
            if "established" in parsed and "ended" in parsed and parsed["ended"] < parsed["established"]:
                problems.append(loaded.problem((index, "ended"), "the body ends before it was established",
                                               "check both dates"))
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
            problems.append(loaded.problem((index, "body"), f"no body record has the id '{body}'",
                                           f"did you mean {close}?" if close else "check the id in data/bodies.yaml, or remove `body:`"))
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
    """[[body:..]] / [[term:..]] links and <!-- ...: ... --> placeholders name things that exist."""
    from .site import BLOCK_MARKER, BLOCK_MARKERS, LINK_FORMS, LINK_KINDS, LINK_MARKER

    problems = []
    known = {"body": context.ids("bodies.yaml"), "term": context.ids("glossary.yaml"), "type": _body_types(context)}
    # A data file that could not be read is already reported; don't bury that under its links.
    unreadable = {kind for kind, name in (("body", "bodies.yaml"), ("term", "glossary.yaml"))
                  if context.loaded.get(name) is None}
    types = _body_types(context)
    context.page_links = {lang: {} for lang in context.pages}
    for lang, pages in context.pages.items():
        for path, page in pages.items():
            links = {"body": set(), "term": set(), "type": set()}
            context.page_links[lang][path] = links
            for number, line in enumerate(page.text.splitlines(), start=1):
                for match in LINK_MARKER.finditer(line):
                    kind, target, form = match["kind"], match["id"].strip(), match["form"]
                    column = match.start() + 1
                    if kind not in LINK_KINDS:
                        problems.append(Problem(page.display, number, column, "", "", f"unknown link kind '{kind}' in {match[0]}",
                                                "use [[body:ID]], [[term:ID]] or [[type:TYPE]]"))
                    elif kind in unreadable:
                        continue
                    elif target not in known[kind]:
                        close = _close_ids(target, known[kind])
                        where = {"body": "data/bodies.yaml", "term": "data/glossary.yaml",
                                 "type": "the list of body types in the schema"}[kind]
                        problems.append(Problem(page.display, number, column, "", "",
                                                f"{match[0]} links to '{target}', which is not an id in {where}",
                                                f"did you mean {close}?" if close else f"check the id in {where}"))
                    elif form not in LINK_FORMS:
                        problems.append(Problem(page.display, number, column, "", "", f"unknown link form '|{form}' in {match[0]}",
                                                "use [[body:ID]] for the name or [[body:ID|short]] for the acronym"))
                    else:
                        links[kind].add(target)
                for match in BLOCK_MARKER.finditer(line):
                    name, argument = match["name"], match["arg"]
                    if name not in BLOCK_MARKERS:
                        problems.append(Problem(page.display, number, match.start() + 1, "", "", f"unknown placeholder <!-- {name}: ... -->",
                                                "known placeholders: " + ", ".join(sorted(BLOCK_MARKERS))))
                    elif name == "chart" and argument not in _chart_ids(context):
                        problems.append(Problem(page.display, number, match.start() + 1, "", "", f"<!-- chart: {argument} --> names no chart in data/self_reflection.yaml",
                                                "check the chart id in data/self_reflection.yaml"))
                    elif name == "diagram" and argument not in _diagram_names():
                        problems.append(Problem(page.display, number, match.start() + 1, "", "", f"<!-- diagram: {argument} --> names no diagram",
                                                "use one of: " + ", ".join(sorted(_diagram_names()))))
                    elif name == "bodies" and argument not in types:
                        problems.append(Problem(page.display, number, match.start() + 1, "", "", f"<!-- bodies: {argument} --> names no body type",
                                                "use one of: " + ", ".join(sorted(types))))
            sources = page.sources
            for number, source in enumerate(sources):
                if not isinstance(source, dict) or source.get("doc") not in context.ids("sources.yaml") and "url" not in source:
                    problems.append(Problem(page.display, 1, 0, "", f"sources[{number}]",
                                            "this source is not one of the documents in data/sources.yaml",
                                            'write e.g. - doc: "001" with the section heading'))
    return problems


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
                    "disgwylir = is expected, cynigir = is proposed), and 'basis_source: {doc: \"000\", section: \"...\"}' "
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
    from .diagrams import FIXED_DIAGRAMS

    return set(FIXED_DIAGRAMS)


def _body_types(context: Context) -> set[str]:
    from .site import body_types  # site imports this module

    return set(body_types())


def _close_ids(value: str, ids: set[str]) -> str:
    """The nearest existing id, to suggest a fix for a typo."""
    import difflib

    matches = difflib.get_close_matches(value, sorted(i for i in ids if i), n=1, cutoff=0.75)
    return f"'{matches[0]}'" if matches else ""


RULES: list[Callable[[Context], list[Problem]]] = [
    unique_ids,
    relation_targets,
    relation_basis,
    accountability_cycles,
    safe_urls,
    sensible_dates,
    glossary_references,
    handbook_pairs,
    handbook_markers,
]
