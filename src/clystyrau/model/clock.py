"""Today's date, from one place that tests and maintainers can set.

Review reminders, the "review date in the future" rule and the sitemap's
`lastmod` compare with today. Set CLYSTYRAU_TODAY=YYYY-MM-DD to run them as
on another day (the tests do, so that no result depends on when they run).
"""

from __future__ import annotations

import datetime
import os

from .problems import DataError, Problem

VARIABLE = "CLYSTYRAU_TODAY"


def today() -> datetime.date:
    """CLYSTYRAU_TODAY when it is set, otherwise the machine's date."""
    value = os.environ.get(VARIABLE, "").strip()
    if not value:
        return datetime.date.today()
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise DataError([Problem("environment", 0, 0, "", VARIABLE,
                                 f"{value!r} is not a date",
                                 f"set {VARIABLE} to a date written YYYY-MM-DD, "
                                 "or unset it to use today's date")]) from None
