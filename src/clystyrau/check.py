"""Check the data without building the site: `python -m clystyrau.check [PROJECT]`.

Prints the same messages as the build, exits 1 when there is any problem, and
lists records whose last review is more than a year old, grouped by file and
date (a reminder that never fails the check; CLYSTYRAU_TODAY sets the day to
compare with, see clock.py). In GitHub Actions (GITHUB_ACTIONS=true) each problem is also printed
as an error annotation, which a pull request shows beside the line it is about.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import textwrap
from pathlib import Path

from .checks.loader import load_site
from .model import clock
from .model.problems import DataError, unexpected_error

REVIEW_INTERVAL = datetime.timedelta(days=365)


def overdue_records(site, today: datetime.date) -> dict[tuple[str, str], list[str]]:
    """Records and glossary entries not reviewed for over a year, grouped by file and last review date.

    Each group maps (file, last review date) to the records in it, as "id (line N)" where the line is known.
    """
    groups: dict[tuple[str, str], list[str]] = {}
    for name, records, lines_of in (("data/bodies.yaml", site.bodies, site.body_lines),
                                    ("data/glossary.yaml", site.glossary, {})):
        for record_id, record in records.items():
            reviewed = datetime.date.fromisoformat(record["reviewed"])
            if today - reviewed > REVIEW_INTERVAL:
                label = f"{record_id} (line {lines_of[record_id]})" if record_id in lines_of else record_id
                groups.setdefault((name, record["reviewed"]), []).append(label)
    return dict(sorted(groups.items()))


def review_reminder(groups: dict[tuple[str, str], list[str]], today: datetime.date) -> str:
    """The reminder `check` prints: a warning that never fails the check."""
    count = sum(len(records) for records in groups.values())
    lines = [f"Reminder, not an error: {count} records were last reviewed over a year before "
             f"{today.isoformat()} and are due for review:"]
    for (name, reviewed), records in groups.items():
        lines.append(f"  {name}, last reviewed {reviewed} ({len(records)}):")
        # Each record stays whole on its line: wrap at the commas only.
        wrapped = textwrap.wrap(", ".join(record.replace(" ", "\0") for record in records), width=100,
                                initial_indent="    ", subsequent_indent="    ", break_on_hyphens=False)
        lines += [line.replace("\0", " ") for line in wrapped]
    lines.append('To mark a record reviewed: check it against its sources, then set `reviewed: "YYYY-MM-DD"` '
                 "on it to the day you checked it (quoted).")
    return "\n".join(lines)


def unplaced_records(site) -> list[str]:
    """Records with no relation either way: their pages have no diagram (issue 12)."""
    return [body_id for body_id in site.bodies if not site.outgoing.get(body_id) and not site.incoming.get(body_id)]


def unplaced_notice(records: list[str]) -> str:
    """The notice `check` prints for records no relation places: never a failure."""
    wrapped = textwrap.wrap(", ".join(records), width=100, initial_indent="    ", subsequent_indent="    ",
                            break_on_hyphens=False)
    return "\n".join([f"Notice, not an error: {len(records)} records have no relation to any other record, so "
                      "their pages show no diagram:", *wrapped,
                      "If a source places one of them, add the relation (with its source) to data/bodies.yaml; "
                      "if not, its page says the sources record none."])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m clystyrau.check", description=__doc__.splitlines()[0])
    parser.add_argument("project", nargs="?", default=".", help="folder holding data/ and docs/ (default: .)")
    arguments = parser.parse_args(argv)
    try:
        site = load_site(Path(arguments.project), use_cache=False)
    except DataError as error:
        print(error, file=sys.stderr)
        if os.environ.get("GITHUB_ACTIONS") == "true":
            print("\n".join(problem.github_annotation() for problem in error.problems))
        return 1
    except Exception as error:  # the catch-all: one clear line, never a traceback
        print(unexpected_error(error), file=sys.stderr)
        return 1
    print(f"OK: {len(site.bodies)} bodies, {len(site.glossary)} glossary entries, "
          f"{sum(len(pages) for pages in site.pages.values())} handbook pages checked.")
    if site.warnings:
        print(f"{len(site.warnings)} warning{'s' if len(site.warnings) != 1 else ''} (the build goes on):")
        print("\n".join(str(warning) for warning in site.warnings))
    unplaced = unplaced_records(site)
    if unplaced:
        print(unplaced_notice(unplaced))
    today = clock.today()
    overdue = overdue_records(site, today)
    if overdue:
        print(review_reminder(overdue, today))
    return 0


if __name__ == "__main__":
    sys.exit(main())
