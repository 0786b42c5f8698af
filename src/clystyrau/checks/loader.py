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

from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from ..model.problems import DataError, Problem
from . import rules
from .yamlio import MAX_FILE_BYTES, LoadedYaml, load_yaml, load_yaml_text

LANGUAGES = ("cy", "en")
DEFAULT_LANGUAGE = "cy"

DATA_FILES = {
    # name in data/ -> schema file; each is required
    "sources.yaml": "sources.schema.json",
    "strings.yaml": "strings.schema.json",
    "bodies.yaml": "bodies.schema.json",
    "glossary.yaml": "glossary.schema.json",
}

# [[body:ID]], [[body:ID|short]], [[term:ID]] and <!-- name: argument -->: one
# tokeniser (clystyrau.pagetext) reads them for the check and the build.
from ..model.pagetext import BLOCK_MARKER, LINK_MARKER  # noqa: E402, F401  (re-exported for callers of clystyrau.site)

LINK_KINDS = {"body", "term", "type", "source"}
LINK_FORMS = {None, "", "short", "name", "lower"}
# Mutation forms of [[body:ID|soft]] (grammar.py); one may join `lower`: [[body:ID|lower,soft]].
MUTATION_FORMS = {"soft", "nasal", "aspirate"}


def link_options(form: str | None) -> set[str] | None:
    """The options of a link's form ("lower,soft" -> {"lower", "soft"}), or None when it is not valid."""
    if form in LINK_FORMS:
        return {form} if form else set()
    options = {part.strip() for part in form.split(",")}
    if len(options & MUTATION_FORMS) == 1 and options <= MUTATION_FORMS | {"lower"}:
        return options
    return None
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
    body: str = field(default="", repr=False)  # the Markdown after the front matter
    body_line: int = 1  # the file's line where `body` starts
    front: LoadedYaml | None = field(default=None, repr=False)  # the front matter, with its lines
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
    warnings: list[Problem] = field(default_factory=list)  # reported by the check; the build goes on

    def label(self, key: str, lang: str, gender: str | None = None) -> str:
        """An interface string in one language; unknown keys are a programming error.

        A label that refers back to a body has one form per gender (m, f, pl) of
        the body's Welsh name; the caller passes the body's `gender` for it.
        """
        try:
            value = self.strings[key][lang]
        except KeyError:
            raise KeyError(f"interface string '{key}' is missing from data/strings.yaml") from None
        if isinstance(value, dict):
            if gender is None:
                raise KeyError(f"interface string '{key}' has a form per gender; pass the body's gender")
            return value[gender]
        return value

    def gender(self, body_id: str) -> str:
        """m, f or pl: the grammatical gender of a body's Welsh name (grammar.py)."""
        from ..model.grammar import body_gender

        return body_gender(self.bodies[body_id])

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
    if validator == "pattern" and isinstance(value, str) and not value.isascii():
        from ..model.text import look_alikes

        return (f"{value!r} has letters from another alphabet: {look_alikes(value)}",
                (error.schema.get("description", "") + " ").lstrip()
                + "Retype it with the letters of the keyboard (a-z).")
    if validator == "pattern":
        description = error.schema.get("description", "")
        return (f"{value!r} is not in the expected form", description or f"it must match {error.validator_value}")
    if validator == "minItems":
        return ("the list is empty", "add at least one entry")
    if validator == "minProperties":
        return ("the block is empty", "add at least one language or remove the block")
    if validator == "oneOf" and list(error.absolute_path)[-1:] == ["website"]:
        if isinstance(value, dict) and not {"cy", "en"} <= set(value):
            missing = " and ".join(repr(lang) for lang in ("cy", "en") if lang not in value)
            return (f"a website per language needs both 'cy' and 'en'; {missing} is missing",
                    'write website: {cy: "https://...", en: "https://..."}, or one address for both: website: "https://..."')
        return ("the website is neither one https:// address nor one per language (cy, en)",
                'write website: "https://..." or website: {cy: "https://...", en: "https://..."}')
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
            # A source with `url` (or `doc`) meant that branch: report what it lacks.
            meant = [e for e in error.context if isinstance(error.instance, dict) and e.relative_schema_path
                     and e.relative_schema_path[0] == (1 if "url" in error.instance else 0)
                     and ("url" in error.instance or "doc" in error.instance)]
            # Otherwise the branch that got furthest, unless neither fits at all.
            best = max(error.context, key=lambda e: len(e.absolute_path))
            if meant:
                leaves = meant[:1]
            elif len(best.absolute_path) > len(error.absolute_path):
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


# MkDocs' own rule for front matter (mkdocs.utils.meta.YAML_RE), so the check
# reads exactly what the build will.
_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.UNICODE | re.DOTALL)


def _split_front_matter(text: str) -> tuple[str | None, str, int]:
    """(front matter text or None, body, line of the file where the body starts)."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return None, text, 1
    return match[1], text[match.end():], text[: match.end()].count("\n") + 1


def _load_pages(docs: Path, root: Path, problems: list[Problem],
                schema_problems: list[Problem]) -> dict[str, dict[str, HandbookPage]]:
    """Read every authored page of both languages and check its front matter against its schema."""
    registry, schemas = _schema_registry()
    validator = Draft202012Validator(schemas["page.schema.json"], registry=registry)
    pages: dict[str, dict[str, HandbookPage]] = {lang: {} for lang in LANGUAGES}
    for lang in LANGUAGES:
        folder = docs / lang
        for file in sorted(folder.rglob("*.md")) if folder.is_dir() else []:
            rel = file.relative_to(folder).as_posix()
            display = file.relative_to(root).as_posix()
            size = file.stat().st_size
            if size > MAX_FILE_BYTES:
                problems.append(Problem(display, 0, 0, "", "",
                                        f"the page is {size / 1e6:.1f} MB; "
                                        f"a page may be at most {MAX_FILE_BYTES / 1e6:.0f} MB",
                                        "split it into several pages, or remove what was pasted in by mistake"))
                continue
            try:
                text = file.read_text(encoding="utf-8-sig")
            except UnicodeDecodeError:
                problems.append(Problem(display, 0, 0, "", "", "the page is not UTF-8 text",
                                        "save it as UTF-8 in your editor"))
                continue
            front_text, body, body_line = _split_front_matter(text)
            front = None
            if front_text is None:
                problems.append(Problem(display, 1, 0, "", "", "the page has no front matter",
                                        "start the page with ---, a line `title: ...`, its `sources:`, and --- again"))
            else:
                front = load_yaml_text(front_text, file, display, problems, line_offset=1)
                if front is not None and not isinstance(front.data, dict):
                    problems.append(Problem(display, 2, 0, "", "", "the front matter is not a block of fields",
                                            "write it as `title: ...` and `sources:` lines between the --- lines"))
                    front = None
                elif front is not None:
                    schema_problems += _schema_problems(front, validator)
            meta = front.data if front is not None else {}
            title = meta.get("title")
            page_sources = meta.get("sources")
            page = HandbookPage(lang, rel, title if isinstance(title, str) else rel,
                                page_sources if isinstance(page_sources, list) else [],
                                text=text, display=display, body=body, body_line=body_line, front=front)
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
    from ..views.charts import check_report

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
    pages = _load_pages(root / "docs", root, problems, schema_problems)
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
    site.warnings = sorted(set(context.warnings))
    if report is not None:
        site.extra["report"] = report
    return site
