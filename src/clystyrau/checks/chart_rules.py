"""The rule for data/self_reflection.yaml: every chart can be drawn, or a placed problem says why.

Pure: it reads the loaded file and returns problems (file, line, record, field),
like the other rules (listed in `rules.py`). The chart renderer (`views/charts.py`) relies on what
this rule checks, so a chart that passes here always draws.
"""

from __future__ import annotations

import math
from typing import Any

from ..model.problems import Problem
from .context import Context

REPORT_FILE = "self_reflection.yaml"  # the name under which the loader hands the report to the rules
LANGS = ("cy", "en")
KINDS = ("stacked", "grouped")
_HINT = ("each chart needs a title, categories and series with labels in cy and en, "
         "and one value per category")


def report_charts(context: Context) -> list[Problem]:
    """Every problem in the report's charts, placed on its line (the file is optional)."""
    loaded = context.loaded.get(REPORT_FILE)
    if loaded is None:
        return []
    return [loaded.problem(where, message, hint) for where, message, hint in check_report(loaded.data)]


def check_report(report: Any) -> list[tuple[tuple, str, str]]:
    """Every problem in the report data as (path, message, hint)."""
    if not isinstance(report, dict) or not isinstance(report.get("charts"), list):
        return [((), "expected a block with a 'charts' list", "see the first chart for the layout")]
    problems = []
    seen: set[str] = set()
    for index, chart in enumerate(report["charts"]):
        chart_id = chart.get("id") if isinstance(chart, dict) else None
        if not isinstance(chart_id, str) or not chart_id:
            problems.append((("charts", index), "this chart has no id", "add `id: ...`"))
            continue
        if chart_id in seen:
            problems.append((("charts", index, "id"), f"the chart id '{chart_id}' is used twice", "give it another id"))
        seen.add(chart_id)
        try:
            check_chart(chart)
            for lang in LANGS:
                text_of(chart["title"], lang)
                text_of(chart.get("finding"), lang)
                for item in chart["categories"] + chart["series"]:
                    text_of(item["label"], lang)
        except (ValueError, KeyError, TypeError) as error:
            problems.append((("charts", index), f"chart '{chart_id}': {error}", _HINT))
    return problems


def check_chart(chart: dict) -> None:
    """Raise ValueError, with the chart id in the message, if the chart's shape cannot be drawn."""
    cid = chart.get("id")
    categories = chart.get("categories") or []
    series = chart.get("series") or []
    if not categories or not series:
        raise ValueError(f"chart {cid!r} needs categories and series")
    if chart.get("kind", "grouped") not in KINDS:
        raise ValueError(f"chart {cid!r}: kind must be 'stacked' or 'grouped'")
    for one in series:
        if len(one.get("values", [])) != len(categories):
            raise ValueError(f"chart {cid!r}: series {one.get('id')!r} needs one value per category")
        if "counts" in one and len(one["counts"]) != len(categories):
            raise ValueError(f"chart {cid!r}: series {one.get('id')!r} needs one count per category")
        for field_name in ("values", "counts"):
            for position, value in enumerate(one.get(field_name) or [], start=1):
                if not _is_amount(value, whole=field_name == "counts"):
                    wanted = "a whole number" if field_name == "counts" else "a number of 0 or more"
                    raise ValueError(f"series {one.get('id')!r}: {field_name[:-1]} {position} is {value!r}, "
                                     f"not {wanted}")


def _is_amount(value: Any, whole: bool) -> bool:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
        return False
    return not whole or float(value).is_integer()


def text_of(obj: Any, lang: str) -> str:
    """The text of a bilingual object ({cy, en}) in one language; a missing language is an error."""
    if obj is None:
        return ""
    if isinstance(obj, dict):
        # No fallback to the other language: a missing translation is an error.
        text = obj.get(lang)
        if not isinstance(text, str) or not text.strip():
            raise KeyError(f"text missing in '{lang}' for {obj!r}"[:200])
        return text
    return str(obj)
