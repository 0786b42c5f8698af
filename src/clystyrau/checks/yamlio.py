"""Careful YAML reading: safe loading, line numbers, and YAML's traps reported.

PyYAML alone silently keeps the last of two duplicate keys, turns unquoted
dates into `date` objects and `no` into `False` (YAML 1.1's booleans). We compose the
node tree ourselves so every value keeps its line, and report those traps as
problems with a place instead of letting them through.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..model.problems import Problem
from ..model.text import text_problem

# Limits a hostile or careless edit could otherwise use to exhaust the check
# (issue 18): each is many times what the real data needs.
MAX_FILE_BYTES = 5_000_000  # the largest data file, bodies.yaml, is under 0.5 MB
MAX_DEPTH = 40  # blocks and lists inside each other; the data needs 6
MAX_TEXT = 5_000  # characters in one text; the longest real one has 1,300

Path_ = tuple  # a JSON path: keys and list indexes from the document root

_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_FLOAT = "tag:yaml.org,2002:float"
_STR = "tag:yaml.org,2002:str"
_NOT_NUMBERS = {".nan", ".inf", "+.inf", "-.inf"}
_BOOL = "tag:yaml.org,2002:bool"
_PLAIN_BOOLS = {"true", "false"}


@dataclass
class LoadedYaml:
    """A parsed file plus where each value starts (1-based line and column)."""

    path: Path
    display: str  # the path as shown in messages, relative to the project
    data: Any
    marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def mark(self, path: Path_) -> tuple[int, int]:
        """The closest known position for a path (falls back to its parents)."""
        path = tuple(path)
        while path not in self.marks and path:
            path = path[:-1]
        return self.marks.get(path, (1, 1))

    def record_id(self, path: Path_) -> str:
        """The id of the record a path points into (files are lists of records)."""
        if path and isinstance(path[0], int) and isinstance(self.data, list):
            if path[0] < len(self.data) and isinstance(self.data[path[0]], dict):
                value = self.data[path[0]].get("id")
                return value if isinstance(value, str) else f"#{path[0] + 1}"
        return ""

    def problem(self, path: Path_, message: str, hint: str = "", at: tuple[int, int] | None = None) -> Problem:
        """A problem placed at a path in this file, named by record and field."""
        line, column = at or self.mark(path)
        field_path = tuple(path[1:]) if path and isinstance(path[0], int) else tuple(path)
        return Problem(self.display, line, column, self.record_id(path), dotted(field_path), message, hint)


class _Loader(yaml.SafeLoader):
    """SafeLoader that never builds Python objects beyond plain data."""


# libyaml's parser (bundled in PyYAML's wheels) composes the node tree about
# ten times faster than the pure-Python one, which matters once the records
# grow (issue 7). Its error messages are terser, so a file it rejects is
# parsed again by the pure-Python loader, whose messages the tests pin.
_FastLoader = getattr(yaml, "CSafeLoader", _Loader)

# A plain (unquoted) scalar has style None from the Python parser and "" from libyaml.
_PLAIN_STYLES = (None, "")


def _compose(text: str) -> yaml.Node:
    """The document's node tree; raises yaml.MarkedYAMLError as the Python loader words it."""
    try:
        return yaml.compose(text, Loader=_FastLoader)
    except yaml.YAMLError:
        return yaml.compose(text, Loader=_Loader)


def _walk(root: yaml.Node, marks: dict, traps: list, line_offset: int = 0) -> None:
    """Record where every node starts, and collect YAML traps as (path, line, col, message, hint).

    Iterative, so no nesting reaches Python's recursion limit (the depth is
    also limited before this runs, by `_shape_problem`).
    """
    stack: list[tuple[yaml.Node, Path_]] = [(root, ())]
    while stack:
        node, path = stack.pop()
        line, column = node.start_mark.line + 1 + line_offset, node.start_mark.column + 1
        marks[path] = (line, column)
        if isinstance(node, yaml.MappingNode):
            seen: dict[Any, int] = {}
            for key_node, value_node in node.value:
                key = key_node.value
                if key in seen:
                    traps.append((
                        path + (key,), key_node.start_mark.line + 1 + line_offset, key_node.start_mark.column + 1,
                        f"the key '{key}' appears twice in the same block (first on line {seen[key]})",
                        "keep one of them; YAML would silently throw the first one away",
                    ))
                else:
                    seen[key] = key_node.start_mark.line + 1 + line_offset
                stack.append((value_node, path + (key,)))
        elif isinstance(node, yaml.SequenceNode):
            for index, child in enumerate(node.value):
                stack.append((child, path + (index,)))
        elif isinstance(node, yaml.ScalarNode):
            plain = node.style in _PLAIN_STYLES
            if plain and node.tag == _TIMESTAMP:
                traps.append((path, line, column, f"the date {node.value} is not in quotes",
                              f'write it as "{node.value}" so it stays text'))
            elif plain and node.tag == _BOOL and node.value.lower() not in _PLAIN_BOOLS:
                traps.append((path, line, column, f"'{node.value}' is read by YAML as true/false, not as text",
                              f'put it in quotes: "{node.value}"'))
            elif plain and node.tag == _FLOAT and node.value.lower() in _NOT_NUMBERS:
                traps.append((path, line, column,
                              f"'{node.value}' is not a number that readers of the open data can use",
                              "write the number itself, or leave the value out"))
            elif node.tag == _STR:
                if len(node.value) > MAX_TEXT:
                    traps.append((path, line, column,
                                  f"this text is {len(node.value):,} characters long; the limit is {MAX_TEXT:,}",
                                  "shorten it: a summary or note is a few sentences"))
                else:
                    found = text_problem(node.value)
                    if found:
                        traps.append((path, line, column) + found)


def _dotted(path: Path_) -> str:
    """Show a JSON path the way maintainers read it: name.cy, relations[2].target."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + str(part)
    return text


dotted = _dotted


def load_yaml(path: Path, display: str, problems: list[Problem]) -> LoadedYaml | None:
    """Read one YAML file; add problems and return None if it cannot be used."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        problems.append(Problem(display, 0, 0, "", "", "the file is missing", "restore it from git"))
        return None
    if size > MAX_FILE_BYTES:
        problems.append(Problem(display, 0, 0, "", "",
                                f"the file is {size / 1e6:.1f} MB; "
                                f"a data file may be at most {MAX_FILE_BYTES / 1e6:.0f} MB",
                                "look for a pasted document or a repeated block, and remove it"))
        return None
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        problems.append(
            Problem(
                display, line, 0, "", "",
                f"the file is not UTF-8 text (byte 0x{raw[error.start]:02x} cannot be read)",
                "save the file as UTF-8 in your editor (Welsh letters such as ŵ and ŷ need it)",
            )
        )
        return None
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        problems.append(
            Problem(display, 0, 0, "", "", "the file is empty", "it must hold a list of records")
        )
        return None
    return load_yaml_text(text, path, display, problems)


def _shape_problem(text: str, display: str, line_offset: int) -> Problem | None:
    """Aliases and deep nesting, found from the event stream before any tree is built.

    An alias (`*name`) lets 1 KB of YAML expand to gigabytes (a "billion
    laughs" bomb) or refer to itself; the data never needs one. Nesting
    deeper than MAX_DEPTH would make the tree builders recurse. Syntax
    errors are left for `_compose`, whose messages are clearer.
    """
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_FastLoader):
            if isinstance(event, yaml.AliasEvent):
                mark = event.start_mark
                return Problem(display, mark.line + 1 + line_offset, mark.column + 1, "", "",
                               f"the YAML alias '*{event.anchor}' is not allowed",
                               "write the value out in full; anchors and aliases (&name, *name) are refused "
                               "because they can repeat or loop a value without limit")
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    return _too_deep(display, event.start_mark, line_offset)
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.MarkedYAMLError as error:
        # libyaml stops at 1,000 levels before yielding an event for them.
        if "nesting depth" in str(error.problem) and error.problem_mark is not None:
            return _too_deep(display, error.problem_mark, line_offset)
        return None
    except yaml.YAMLError:
        return None
    return None


def _too_deep(display: str, mark, line_offset: int) -> Problem:
    return Problem(display, mark.line + 1 + line_offset, mark.column + 1, "", "",
                   f"the blocks and lists here are nested more than {MAX_DEPTH} deep",
                   "check the brackets and indentation: no record needs this much nesting")


def load_yaml_text(text: str, path: Path, display: str, problems: list[Problem],
                   line_offset: int = 0) -> LoadedYaml | None:
    """Parse YAML text (a file, or a page's front matter starting `line_offset` lines down)."""
    shape = _shape_problem(text, display, line_offset)
    if shape is not None:
        problems.append(shape)
        return None
    try:
        node = _compose(text)
    except RecursionError:  # the pure-Python parser on a deep document libyaml refused oddly
        problems.append(Problem(display, 0, 0, "", "", f"the blocks and lists are nested more than {MAX_DEPTH} deep",
                                "check the brackets and indentation: no record needs this much nesting"))
        return None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        reason = error.problem or "the YAML cannot be read"
        hint = "check the indentation, quotes and colons on this line and the line above"
        lines = text.splitlines()
        bad_line = lines[mark.line] if mark is not None and mark.line < len(lines) else ""
        if "\\t" in reason or bad_line[: len(bad_line) - len(bad_line.lstrip())].count("\t"):
            reason = "a tab character is used for indentation"
            hint = "YAML allows only spaces here: replace the tab with spaces"
        problems.append(
            Problem(display, mark.line + 1 + line_offset if mark else 0, mark.column + 1 if mark else 0,
                    "", "", f"YAML syntax error: {reason}", hint)
        )
        return None
    except yaml.YAMLError as error:
        problems.append(Problem(display, 0, 0, "", "", f"YAML error: {error}", "check the file's syntax"))
        return None
    marks: dict[Path_, tuple[int, int]] = {}
    traps: list = []
    if node is None:
        return LoadedYaml(path=path, display=display, data=None, marks=marks)
    _walk(node, marks, traps, line_offset)
    loaded = LoadedYaml(path=path, display=display, data=_Loader(text).construct_document(node), marks=marks)
    for trap_path, line, column, message, hint in traps:
        problems.append(loaded.problem(trap_path, message, hint, at=(line, column)))
    return loaded
