"""Dates as people write them (issue 15): "2009-10" is October 2009, not the financial year.

Records keep ISO dates ("2009-10", "2023-04-01", "2021"); pages show them with the month's
name in the page's language, from `date.months` in data/strings.yaml.
"""

from __future__ import annotations

import re

_ISO = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?$")


def human_date(value: str, months: list[str]) -> str:
    """"2009-10" -> "October 2009", "2026-11-25" -> "25 November 2026", "2021" -> "2021".

    `months` holds the twelve month names of one language. Anything that is not an ISO date
    is returned as it is (the schema has already checked the shape)."""
    match = _ISO.match(str(value).strip())
    if not match or (match["month"] and not 1 <= int(match["month"]) <= 12):
        return str(value)
    if not match["month"]:
        return match["year"]
    month = months[int(match["month"]) - 1]
    if match["day"]:
        return f"{int(match['day'])} {month} {match['year']}"
    return f"{month} {match['year']}"
