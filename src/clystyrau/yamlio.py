"""Careful YAML reading: safe loading, line numbers, and YAML's traps reported.

PyYAML alone silently keeps the last of two duplicate keys, turns unquoted
dates into `date` objects and `no` into `False` (STYLE.md V11). We compose the
node tree ourselves so every value keeps its line, and report those traps as
problems with a place instead of letting them through.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem

Path_ = tuple  # a JSON path: keys and list indexes from the document root

_TIMESTAMP = "tag:yaml.org,2002:timestamp"
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


def _walk(node: yaml.Node, path: Path_, marks: dict, traps: list) -> None:
    """Record where every node starts, and collect YAML traps as (path, line, col, message, hint)."""
    marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            if key in seen:
                traps.append((
                    path + (key,), key_node.start_mark.line + 1, key_node.start_mark.column + 1,
                    f"the key '{key}' appears twice in the same block (first on line {seen[key]})",
                    "keep one of them; YAML would silently throw the first one away",
                ))
            else:
                seen[key] = key_node.start_mark.line + 1
            _walk(value_node, path + (key,), marks, traps)
    elif isinstance(node, yaml.SequenceNode):
        for index, child in enumerate(node.value):
            _walk(child, path + (index,), marks, traps)
    elif isinstance(node, yaml.ScalarNode) and node.style in _PLAIN_STYLES:
        line, column = node.start_mark.line + 1, node.start_mark.column + 1
        if node.tag == _TIMESTAMP:
            traps.append((path, line, column, f"the date {node.value} is not in quotes",
                          f'write it as "{node.value}" so it stays text'))
        elif node.tag == _BOOL and node.value.lower() not in _PLAIN_BOOLS:
            traps.append((path, line, column, f"'{node.value}' is read by YAML as true/false, not as text",
                          f'put it in quotes: "{node.value}"'))


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
        raw = path.read_bytes()
    except FileNotFoundError:
        problems.append(Problem(display, 0, 0, "", "", "the file is missing", "restore it from git"))
        return None
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
    try:
        node = _compose(text)
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
            Problem(display, mark.line + 1 if mark else 0, mark.column + 1 if mark else 0,
                    "", "", f"YAML syntax error: {reason}", hint)
        )
        return None
    marks: dict[Path_, tuple[int, int]] = {}
    traps: list = []
    _walk(node, (), marks, traps)
    loaded = LoadedYaml(path=path, display=display, data=_Loader(text).construct_document(node), marks=marks)
    for trap_path, line, column, message, hint in traps:
        problems.append(loaded.problem(trap_path, message, hint, at=(line, column)))
    return loaded
