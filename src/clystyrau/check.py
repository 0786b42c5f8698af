"""Check the data without building the site: `python -m clystyrau.check [PROJECT]`.

Prints the same messages as the build, exits 1 when there is any problem, and
lists records whose last review is more than a year old (a reminder, not an
error). In GitHub Actions (GITHUB_ACTIONS=true) each problem is also printed
as an error annotation, which a pull request shows beside the line it is about.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
from pathlib import Path

from .problems import DataError
from .site import load_site

REVIEW_INTERVAL = datetime.timedelta(days=365)


def overdue_records(site, today: datetime.date) -> list[str]:
    """Lines naming each record or glossary entry not reviewed for over a year."""
    lines = []
    for name, records, lines_of in (("data/bodies.yaml", site.bodies, site.body_lines),
                                    ("data/glossary.yaml", site.glossary, {})):
        for record_id, record in records.items():
            reviewed = datetime.date.fromisoformat(record["reviewed"])
            if today - reviewed > REVIEW_INTERVAL:
                where = f"{name}:{lines_of[record_id]}" if record_id in lines_of else name
                lines.append(f"{where}: record '{record_id}' was last reviewed on {record['reviewed']}")
    return lines


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
    print(f"OK: {len(site.bodies)} bodies, {len(site.glossary)} glossary entries, "
          f"{sum(len(pages) for pages in site.pages.values())} handbook pages checked.")
    if site.warnings:
        print(f"{len(site.warnings)} warning{'s' if len(site.warnings) != 1 else ''} (the build goes on):")
        print("\n".join(str(warning) for warning in site.warnings))
    overdue = overdue_records(site, datetime.date.today())
    if overdue:
        print(f"{len(overdue)} records are due for review (last reviewed over a year ago):")
        print("\n".join(overdue))
    return 0


if __name__ == "__main__":
    sys.exit(main())
