"""Load every data file and handbook page once, check them, and index them.

`load_site(root)` is the one entry point: the MkDocs hooks, the `check`
command and the tests all call it. It collects every problem before failing,
and it caches the result by the files' modification times so the two language
builds of one `mkdocs build` read and check the data only once.
"""

from __future__ import annotations

import functools
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from . import rules
from .problems import DataError, Problem
from .yamlio import LoadedYaml, load_yaml

LANGUAGES = ("cy", "en")
DEFAULT_LANGUAGE = "cy"

DATA_FILES = {
    # name in data/ -> schema file; each is required
    "sources.yaml": "sources.schema.json",
    "strings.yaml": "strings.schema.json",
    "bodies.yaml": "bodies.schema.json",
    "glossary.yaml": "glossary.schema.json",
}

# [[body:ID]], [[body:ID|short]], [[term:ID]]: the short link syntax of handbook pages.
LINK_MARKER = re.compile(r"\[\[(?P<kind>[a-z]+):(?P<id>[^\]|]*)(?:\|(?P<form>[^\]]*))?\]\]")
# <!-- name: argument -->: placeholders filled by the build.
BLOCK_MARKER = re.compile(r"<!--\s*(?P<name>[a-z][a-z-]*)\s*:\s*(?P<arg>[^>]*?)\s*-->")
LINK_KINDS = {"body", "term", "type"}
LINK_FORMS = {None, "", "short", "name", "lower"}
BLOCK_MARKERS = {"chart", "bodies", "diagram"}


@dataclass(frozen=True)
class Relation:
    """A typed link between two records, as written on the `source` record."""

    kind: str
    source: str
    target: str
    note: dict | None = None
    basis: str | None = None  # how binding: duty, guidance, expectation, recommendation, proposal, practice
    basis_source: dict | None = None


@dataclass
class HandbookPage:
    """An authored page in docs/<lang>/, with what the build needs from it."""

    lang: str
    path: str  # relative to docs/<lang>/, e.g. "policy-context/index.md"
    title: str
    sources: list[dict]
    text: str = field(default="", repr=False)
    display: str = ""  # path shown in messages, e.g. docs/cy/index.md
    body_ids: set[str] = field(default_factory=set)


@dataclass
class Site:
    """Everything the generators need, checked and indexed."""

    root: Path
    bodies: dict[str, dict]
    body_lines: dict[str, int]
    glossary: dict[str, dict]
    sources: dict[str, dict]
    strings: dict[str, dict]
    outgoing: dict[str, list[Relation]]
    incoming: dict[str, list[Relation]]
    pages: dict[str, dict[str, HandbookPage]]  # lang -> path -> page
    extra: dict[str, Any] = field(default_factory=dict)  # e.g. the report data

    def label(self, key: str, lang: str) -> str:
        """An interface string in one language; unknown keys are a programming error."""
        try:
            return self.strings[key][lang]
        except KeyError:
            raise KeyError(f"interface string '{key}' is missing from data/strings.yaml") from None

    def mentions(self, body_id: str, lang: str) -> list[HandbookPage]:
        """Handbook pages in one language that link to a body, in path order."""
        return [page for path, page in sorted(self.pages[lang].items()) if body_id in page.body_ids]


# ---------------------------------------------------------------------------
# Schema validation


# The schemas ship with the package and never change while it runs: read and
# check them once, not for every caller (rules and renderers ask too).
@functools.cache
def _schema_registry() -> tuple[Registry, dict[str, dict]]:
    """Load the packaged JSON Schemas so `$ref`s between them resolve offline (callers must not change them)."""
    schemas = {}
    registry = Registry()
    folder = resources.files("clystyrau") / "schemas"
    for entry in folder.iterdir():
        if entry.name.endswith(".schema.json"):
            schema = json.loads(entry.read_text(encoding="utf-8"))
            Draft202012Validator.check_schema(schema)
            schemas[entry.name] = schema
            registry = registry.with_resource(schema["$id"], Resource.from_contents(schema))
    return registry, schemas


def _describe_schema_error(error) -> tuple[str, str]:
    """Turn a jsonschema error into a sentence and a hint a maintainer understands."""
    validator = error.validator
    value = error.instance
    if validator == "required":
        missing = error.message.split("'")[1]
        names = {"cy": "the Welsh text", "en": "the English text"}
        return (f"'{missing}' is missing{' (' + names[missing] + ')' if missing in names else ''}",
                f"add '{missing}:'" + (" so both languages are present" if missing in names else ""))
    if validator == "additionalProperties":
        extra = sorted(set(value) - set(error.schema.get("properties", {})))
        allowed = ", ".join(sorted(error.schema.get("properties", {})))
        return (f"unknown field{'s' if len(extra) > 1 else ''} {', '.join(repr(e) for e in extra)}",
                f"check the spelling; allowed fields here are: {allowed}")
    if validator == "enum":
        return (f"{value!r} is not one of the allowed values",
                "use one of: " + ", ".join(str(v) for v in error.validator_value))
    if validator == "type":
        wanted = {"string": "text", "object": "a block of fields", "array": "a list",
                  "number": "a number", "integer": "a whole number"}.get(error.validator_value,
                                                                       str(error.validator_value))
        return (f"expected {wanted}, found {type(value).__name__} {value!r}",
                "check the indentation and quotes of this value")
    if validator in {"minLength", "pattern"} and isinstance(value, str) and not value.strip():
        return ("the text is empty", "write the text, or remove the field if it is optional")
    if validator == "pattern":
        description = error.schema.get("description", "")
        return (f"{value!r} is not in the expected form", description or f"it must match {error.validator_value}")
    if validator == "minItems":
        return ("the list is empty", "add at least one entry")
    if validator == "minProperties":
        return ("the block is empty", "add at least one language or remove the block")
    if validator == "oneOf":
        return ("this is neither a source document reference (doc, section) nor a web source (url, title)",
                'write e.g. {doc: "001", section: "..."} or {url: "https://...", title: {cy: ..., en: ...}}')
    return (error.message, "")


def _schema_problems(loaded: LoadedYaml, validator: Draft202012Validator) -> list[Problem]:
    """Every schema error in one file, at the deepest useful place."""
    problems = []
    for error in validator.iter_errors(loaded.data):
        leaves = [error]
        if error.validator == "oneOf" and error.context:
            # Report the branch that got furthest, unless neither fits at all.
            best = max(error.context, key=lambda e: len(e.absolute_path))
            if len(best.absolute_path) > len(error.absolute_path):
                leaves = [best]
        for leaf in leaves:
            message, hint = _describe_schema_error(leaf)
            path = tuple(leaf.absolute_path)
            if leaf.validator == "additionalProperties" and isinstance(leaf.instance, dict):
                # Point at the first unknown key itself, not at the start of the record.
                extra = [key for key in leaf.instance if key not in leaf.schema.get("properties", {})]
                path += tuple(extra[:1])
            problems.append(loaded.problem(path, message, hint))
    return problems


# ---------------------------------------------------------------------------
# Handbook pages


def _read_front_matter(text: str) -> tuple[dict, int]:
    """The YAML front matter of a page and the line where its body starts."""
    if not text.startswith("---"):
        return {}, 1
    end = text.find("\n---", 3)
    if end < 0:
        return {}, 1
    meta = yaml.safe_load(text[3:end]) or {}
    return (meta if isinstance(meta, dict) else {}), text[:end].count("\n") + 2


def _load_pages(docs: Path, root: Path, problems: list[Problem]) -> dict[str, dict[str, HandbookPage]]:
    """Read every authored page of both languages and check its markers."""
    pages: dict[str, dict[str, HandbookPage]] = {lang: {} for lang in LANGUAGES}
    for lang in LANGUAGES:
        folder = docs / lang
        for file in sorted(folder.rglob("*.md")) if folder.is_dir() else []:
            rel = file.relative_to(folder).as_posix()
            display = file.relative_to(root).as_posix()
            try:
                text = file.read_text(encoding="utf-8-sig")
            except UnicodeDecodeError:
                problems.append(Problem(display, 0, 0, "", "", "the page is not UTF-8 text",
                                        "save it as UTF-8 in your editor"))
                continue
            try:
                meta, _ = _read_front_matter(text)
            except yaml.YAMLError as error:
                mark = getattr(error, "problem_mark", None)
                problems.append(Problem(display, (mark.line + 2) if mark else 1, 0, "", "front matter",
                                        "the front matter between the --- lines is not valid YAML",
                                        "check its indentation and quotes"))
                meta = {}
            title = meta.get("title")
            if not isinstance(title, str) or not title.strip():
                problems.append(Problem(display, 1, 0, "", "title", "the page has no title in its front matter",
                                        "add `title: ...` between the --- lines at the top"))
                title = rel
            page_sources = meta.get("sources") or []
            page = HandbookPage(lang, rel, title, page_sources if isinstance(page_sources, list) else [],
                                text=text, display=display)
            pages[lang][rel] = page
    return pages


def _load_report(root: Path, problems: list[Problem]) -> dict | None:
    """The self-reflection report's numbers (optional file), checked by the chart module."""
    path = root / "data" / "self_reflection.yaml"
    if not path.exists():
        return None
    loaded = load_yaml(path, "data/self_reflection.yaml", problems)
    if loaded is None:
        return None
    from .charts import check_report

    for where, message, hint in check_report(loaded.data):
        problems.append(loaded.problem(where, message, hint))
    return loaded.data


def body_types() -> list[str]:
    """Every type a body may have, in the schema's order (the schema owns the list)."""
    _, schemas = _schema_registry()
    return list(schemas["bodies.schema.json"]["$defs"]["body"]["properties"]["type"]["enum"])


# ---------------------------------------------------------------------------
# The whole site

_cache: dict[str, Any] = {"key": None, "site": None}


def _fingerprint(root: Path) -> tuple:
    """Paths, sizes and mtimes of every input, to know when the cache is stale."""
    entries = []
    for folder in (root / "data", root / "docs"):
        if folder.is_dir():
            for file in sorted(folder.rglob("*")):
                if file.is_file():
                    stat = file.stat()
                    entries.append((str(file), stat.st_size, stat.st_mtime_ns))
    return (str(root), tuple(entries))


def load_site(root: Path, *, use_cache: bool = True) -> Site:
    """Load, check and index the data under `root`; raise DataError listing every problem."""
    root = Path(root).resolve()
    key = _fingerprint(root)
    if use_cache and _cache["key"] == key:
        return _cache["site"]
    site = _load_site_uncached(root)
    # Replace, never append: the cache holds one site (STYLE.md §2.2 item 8).
    _cache["key"], _cache["site"] = key, site
    return site


def checked_site_for(root: Path) -> Site:
    """The site `load_site` last checked for `root`, without looking at the files again.

    A build (and each `mkdocs serve` rebuild) calls `load_site` first, in
    on_config; the per-page hooks that follow use this, because checking
    the fingerprint stats every input file and would do so for every page.
    """
    root = Path(root).resolve()
    key = _cache["key"]
    if key is not None and key[0] == str(root):
        return _cache["site"]
    return load_site(root)


def _load_site_uncached(root: Path) -> Site:
    problems: list[Problem] = []  # from reading files and from the rules
    schema_problems: list[Problem] = []
    registry, schemas = _schema_registry()
    loaded: dict[str, LoadedYaml | None] = {}
    for name, schema_name in DATA_FILES.items():
        item = load_yaml(root / "data" / name, f"data/{name}", problems)
        loaded[name] = item
        if item is not None:
            validator = Draft202012Validator(schemas[schema_name], registry=registry)
            schema_problems += _schema_problems(item, validator)

    report = _load_report(root, problems)
    pages = _load_pages(root / "docs", root, problems)
    data = {name: (item.data if item else None) for name, item in loaded.items()}
    context = rules.Context(root=root, loaded=loaded, data=data, pages=pages, report=report)
    problems += [problem for rule in rules.RULES for problem in rule(context)]
    # Where a rule or the YAML reader explains a value the schema also rejected
    # (an unquoted date, an http:// address), its words are clearer: keep only those.
    explained = {(p.file, p.line, p.column) for p in problems}
    problems += [p for p in schema_problems if (p.file, p.line, p.column) not in explained]
    if problems:
        raise DataError(problems)

    bodies = {record["id"]: record for record in data["bodies.yaml"]}
    body_file = loaded["bodies.yaml"]
    body_lines = {record["id"]: body_file.mark((index,))[0] for index, record in enumerate(data["bodies.yaml"])}
    outgoing: dict[str, list[Relation]] = defaultdict(list)
    incoming: dict[str, list[Relation]] = defaultdict(list)
    for record in data["bodies.yaml"]:
        for relation in record.get("relations", []):
            link = Relation(relation["kind"], record["id"], relation["target"], relation.get("note"),
                            relation.get("basis"), relation.get("basis_source"))
            outgoing[record["id"]].append(link)
            incoming[relation["target"]].append(link)
    for lang in LANGUAGES:
        for page in pages[lang].values():
            page.body_ids = context.page_links[lang][page.path]["body"]
    site = Site(
        root=root,
        bodies=bodies,
        body_lines=body_lines,
        glossary={entry["id"]: entry for entry in data["glossary.yaml"]},
        sources={source["id"]: source for source in data["sources.yaml"]},
        strings=data["strings.yaml"],
        outgoing=dict(outgoing),
        incoming=dict(incoming),
        pages=pages,
    )
    if report is not None:
        site.extra["report"] = report
    return site
