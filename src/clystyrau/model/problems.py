"""Problems found in the data, worded for the maintainer who has to fix them.

Every check in the package reports `Problem`s instead of raising, so one run
lists every mistake at once; the build and the `check` command print the same
text (see `format_report`).
"""

from __future__ import annotations

import os
import traceback
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake at one place: file, line, record and field."""

    file: str
    line: int  # 1-based; 0 when the problem is about the whole file
    column: int  # 1-based; 0 when unknown
    record: str  # record id, or "" when the problem is not inside a record
    field: str  # dotted path inside the record, e.g. "name.cy" or "relations[2].target"
    message: str
    hint: str = ""

    def __str__(self) -> str:
        place = self.file
        if self.line:
            place += f":{self.line}"
            if self.column:
                place += f":{self.column}"
        where = []
        if self.record:
            where.append(f"record '{self.record}'")
        if self.field:
            where.append(f"field '{self.field}'")
        text = f"{place}: {', '.join(where) + ': ' if where else ''}{self.message}"
        if self.hint:
            text += f"\n    how to fix: {self.hint}"
        return text


    def github_annotation(self) -> str:
        """The problem as a GitHub Actions workflow command, so a pull request shows it on the line.

        https://docs.github.com/actions/reference/workflow-commands-for-github-actions
        """
        properties = {"file": self.file}
        if self.line:
            properties["line"] = str(self.line)
            if self.column:
                properties["col"] = str(self.column)
        title = ", ".join(part for part in (f"record '{self.record}'" if self.record else "",
                                            f"field '{self.field}'" if self.field else "") if part)
        if title:
            properties["title"] = title
        message = self.message + (f" (how to fix: {self.hint})" if self.hint else "")
        listed = ",".join(f"{key}={_escape_property(value)}" for key, value in properties.items())
        return f"::error {listed}::{_escape_data(message)}"


# Workflow commands reserve these characters (the runner's own escaping rules).
def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


class DataError(Exception):
    """Raised once, after all checks ran, when any problem was found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__(format_report(self.problems))


# One text for the build and the CLI, so a maintainer sees the same words in both.
def format_report(problems: list[Problem]) -> str:
    count = len(problems)
    noun = "problem" if count == 1 else "problems"
    lines = [f"The data has {count} {noun}; nothing was published:"]
    lines += [str(problem) for problem in problems]
    lines.append(
        "Fix each one, then run `python -m clystyrau.check` (or ./run check) to check again."
    )
    return "\n".join(lines)


def unexpected_error(error: BaseException, doing: str = "checking the data") -> str:
    """One clear line for an error no check foresaw (a bug to report), never a traceback.

    Set CLYSTYRAU_TRACEBACK=1 to see the traceback when debugging.
    """
    where = ""
    frames = traceback.extract_tb(error.__traceback__)
    if frames:
        last = frames[-1]
        where = f" (in {os.path.basename(last.filename)}, line {last.lineno})"
    text = (f"Unexpected error while {doing}: {type(error).__name__}: {error}{where}. "
            "Nothing was published. This is a gap in the site's checks, not something you should have known: "
            "please report it as an issue, with the edit that caused it and this message.")
    if os.environ.get("CLYSTYRAU_TRACEBACK") == "1":
        text += "\n" + "".join(traceback.format_exception(error))
    return text
