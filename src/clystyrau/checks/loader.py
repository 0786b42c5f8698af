"""Load every data file and handbook page once, check them, and index them.

`load_site(root)` is the one entry point: the MkDocs hooks, the `check`
command and the tests all call it. It collects every problem before failing,
and it caches the result by the files' modification times so the two language
builds of one `mkdocs build` read and check the data only once. Each data
file's parse and schema check are also kept by the file's bytes, so a
`mkdocs serve` rebuild after a page edit (or an edit to one data file) parses
and validates only what changed (issue 17); the rules always run on the whole.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from ..model.memo import RecentCache
from ..model.problems import DataError, Problem
from ..model.records import Relation, Site
from ..model.schemas import validator
from . import rules
from .chart_rules import REPORT_FILE
from .handbook import load_pages
from .schema_errors import schema_problems
from .yamlio import LoadedYaml, load_yaml

DATA_FILES = {
    # name in data/ -> schema file; each is required
    "sources.yaml": "sources.schema.json",
    "strings.yaml": "strings.schema.json",
    "bodies.yaml": "bodies.schema.json",
    "glossary.yaml": "glossary.schema.json",
    "diagrams.yaml": "diagrams.schema.json",
}


def _load_report(root: Path, problems: list[Problem]) -> LoadedYaml | None:
    """The self-reflection report's numbers (optional file); the rule chart_rules.report_charts checks them."""
    path = root / "data" / "self_reflection.yaml"
    if not path.exists():
        return None
    return load_yaml(path, "data/self_reflection.yaml", problems)


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
    # Replace, never append: the cache holds one site, so a long `mkdocs serve` does not grow.
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


# data file -> (its bytes, (LoadedYaml | None, reading problems, schema problems)); one slot per file
_parsed = RecentCache()


def _file_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _read_data_file(path: Path, display: str, schema_name: str) -> tuple[LoadedYaml | None, list, list]:
    """One data file read and schema-checked, or what the last read of the same bytes found."""
    before = _file_bytes(path)
    kept = _parsed.get(str(path))
    if before is not None and kept is not None and kept[0] == before:
        return kept[1]
    reading: list[Problem] = []
    item = load_yaml(path, display, reading)
    result = (item, reading, schema_problems(item, validator(schema_name)) if item is not None else [])
    if before is not None and _file_bytes(path) == before:  # kept only if the file did not change meanwhile
        _parsed.put(str(path), (before, result))
    return result


def read_inputs(root: Path) -> tuple[rules.Context, list[Problem], list[Problem]]:
    """Every data file and page under `root`, read and schema-checked: (what the rules read,
    problems found reading the files, problems the schemas found)."""
    problems: list[Problem] = []
    schema_found: list[Problem] = []
    loaded: dict[str, LoadedYaml | None] = {}
    for name, schema_name in DATA_FILES.items():
        loaded[name], reading, schema = _read_data_file(root / "data" / name, f"data/{name}", schema_name)
        problems += reading
        schema_found += schema
    report_file = _load_report(root, problems)
    report = report_file.data if report_file is not None else None
    pages = load_pages(root / "docs", root, problems, schema_found)
    data = {name: (item.data if item else None) for name, item in loaded.items()}
    loaded[REPORT_FILE] = report_file  # for the rule chart_rules.report_charts
    return rules.Context(root=root, loaded=loaded, data=data, pages=pages, report=report), problems, schema_found


def _load_site_uncached(root: Path) -> Site:
    _parsed.new_generation()  # parses neither this load nor the last one used are let go
    context, problems, schema_found = read_inputs(root)
    problems += [problem for rule in rules.RULES for problem in rule(context)]
    warnings = [warning for rule in rules.WARNING_RULES for warning in rule(context)]
    # Where a rule or the YAML reader explains a value the schema also rejected
    # (an unquoted date, an http:// address), its words are clearer: keep only those.
    explained = {(p.file, p.line, p.column) for p in problems}
    problems += [p for p in schema_found if (p.file, p.line, p.column) not in explained]
    if problems:
        raise DataError(problems)
    return _indexed(context, warnings)


def _indexed(context: rules.Context, warnings: list[Problem]) -> Site:
    """The checked data as the views read it: records by id, relations both ways."""
    data, body_file = context.data, context.loaded["bodies.yaml"]
    bodies = {record["id"]: record for record in data["bodies.yaml"]}
    body_lines = {record["id"]: body_file.mark((index,))[0] for index, record in enumerate(data["bodies.yaml"])}
    outgoing: dict[str, list[Relation]] = defaultdict(list)
    incoming: dict[str, list[Relation]] = defaultdict(list)
    for record in data["bodies.yaml"]:
        for relation in record.get("relations", []):
            link = Relation(relation["kind"], record["id"], relation["target"], relation.get("note"),
                            relation.get("basis"), relation.get("basis_source"))
            outgoing[record["id"]].append(link)
            incoming[relation["target"]].append(link)
    return Site(
        root=context.root,
        bodies=bodies,
        body_lines=body_lines,
        glossary={entry["id"]: entry for entry in data["glossary.yaml"]},
        sources={source["id"]: source for source in data["sources.yaml"]},
        strings=data["strings.yaml"],
        outgoing=dict(outgoing),
        incoming=dict(incoming),
        pages=context.pages,
        report=context.report,
        diagrams=data["diagrams.yaml"],
        warnings=sorted(set(warnings)),
    )
