"""Render the self-reflection report's numbers as accessible HTML charts.

This module lays the drawing out; the markup is written by
``templates/chart.html.j2`` (autoescaped), the labels come from
``data/strings.yaml`` (``chart.*``) and the data is checked by ``checks/chart_rules.py``. A chart becomes:

* a ``<figure class="cc-chart">`` holding an inline SVG bar chart (horizontal
  bars, stacked or grouped) with a ``<title>`` and ``<desc>`` in the page's
  language, followed by a ``<figcaption>``; and
* straight after the figure, a ``<table>`` with a ``<caption>`` giving the
  same numbers, for screen readers, print and anyone who prefers a table.
  The table has no class, so the theme styles it (and makes it scroll
  sideways on narrow screens) like any other table.

Design choices:

* All text uses ``fill="currentColor"`` so it follows the page's text colour in
  light and dark palettes. Values printed on top of bars sit on a small chip
  painted with the page background colour, so they stay readable.
* Bar colours have at least 3:1 contrast against both white and ``#1e2129``;
  every series also has its own fill pattern and every value is printed, so
  the chart can be read without colour.
* Each chart is drawn twice, wide (labels on the left) and narrow (labels above
  the bars); the stylesheet shows the one that fits the column (a container
  query), so text is never drawn under 12 px (see ``WIDE`` and ``NARROW``).
  Each SVG has a ``viewBox`` and ``width="100%"``, so it takes the column's width.
* Every value is printed: on its bar, or, for a stacked segment too thin for
  its number, named under the bar. A score axis runs over the scale's own
  range (1 to 4); a count axis has whole-number ticks.

The data file format is described at the top of ``data/self_reflection.yaml``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from functools import lru_cache
from importlib import resources

import jinja2
from markupsafe import Markup

from ..checks.chart_rules import LANGS, check_chart
from ..checks.chart_rules import text_of as _t
from .chart_layout import NARROW, WIDE, drawing, fmt

# label(key, lang) -> text: the site's `Site.label`, so a chart label missing
# from data/strings.yaml fails the build like any other.
Label = Callable[[str, str], str]


def chart_ids(report: dict) -> list[str]:
    """The ids of all charts in a report, in file order."""
    return [chart["id"] for chart in report.get("charts", [])]


def render_chart(report: dict, chart_id: str, lang: str, label: Label, uid: str | None = None) -> str:
    """Render one chart as an HTML fragment (figure with SVG, then a table).

    ``lang`` is ``"cy"`` or ``"en"``; ``label`` gives the interface strings
    (``Site.label``). ``uid`` overrides the prefix used for element ids (by
    default it is derived from the chart id and language, so each chart on a
    page gets its own ids).

    Raises ``ValueError`` for an unknown language and ``KeyError`` for an
    unknown chart id.
    """
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}: expected one of {', '.join(LANGS)}")
    chart = _find_chart(report, chart_id)
    check_chart(chart)
    prefix = _slug(uid) if uid else f"cc-{_slug(chart_id)}-{lang}"
    title = chart_title(chart, lang, label)
    return _environment().get_template("chart.html.j2").render(
        prefix=prefix, lang=lang, label=lambda key: label(f"chart.{key}", lang),
        title=title, description=_t(chart.get("description"), lang),
        discrepancy=_t(chart["discrepancy"], lang) if chart.get("discrepancy") else "",
        figure=_t(chart.get("figure"), lang), section=(chart.get("source") or {}).get("section") or "",
        # Both drawings carry the same numbers; the stylesheet shows one, the other is display: none.
        wide=drawing(chart, lang, prefix, WIDE), narrow=drawing(chart, lang, prefix + "-n", NARROW),
        caption=_caption(chart, lang, title, label), table=_table(chart, lang, label),
    )


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    """The chart template's environment: autoescaped, a missing value fails loudly.

    `finalize` escapes each value with `html.escape` before autoescaping sees
    it (already-safe macro output passes through), so quotes are written
    `&quot;` and `&#x27;` as everywhere else on the site.
    """
    loader = jinja2.FunctionLoader(
        lambda name: (resources.files("clystyrau") / "templates" / name).read_text(encoding="utf-8"))
    return jinja2.Environment(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined,
                              finalize=lambda value: value if isinstance(value, Markup)
                              else Markup(html.escape(str(value), quote=True)))


def chart_title(chart: dict, lang: str, label: Label) -> str:
    """The chart's title in one language, led by its finding when the data state one."""
    title = _t(chart.get("title"), lang)
    if not chart.get("finding"):
        return title
    return label("chart.finding.title", lang).format(finding=_t(chart["finding"], lang), title=title)


# --------------------------------------------------------------------------
# helpers


def _find_chart(report: dict, chart_id: str) -> dict:
    for chart in report.get("charts", []):
        if chart.get("id") == chart_id:
            return chart
    known = ", ".join(chart_ids(report)) or "none"
    raise KeyError(f"unknown chart id {chart_id!r} (known ids: {known})")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-") or "chart"


def _caption(chart: dict, lang: str, title: str, label: Label) -> str:
    """The table's caption: the title, the unit, and what bracketed figures are."""
    unit = chart.get("unit", "percent")
    caption = f"{title}."
    if unit in ("percent", "score", "count"):
        caption += f" {label('chart.unit.' + unit, lang)}."
    if any("counts" in s for s in chart["series"]):
        caption += f" {label('chart.counts_note', lang)}"
    return caption.strip()


def _table(chart: dict, lang: str, label: Label) -> dict:
    """The same numbers as a table: headings, then one row per category."""
    unit = chart.get("unit", "percent")
    categories, all_series = chart["categories"], chart["series"]
    has_n = any("n" in c for c in categories)
    head = [_t(chart.get("category_heading"), lang)] + [_t(s["label"], lang) for s in all_series]
    if has_n:
        head.append(label("chart.n_heading", lang))
    rows = []
    for ci, category in enumerate(categories):
        cells = []
        for series in all_series:
            text = fmt(series["values"][ci], unit)
            if "counts" in series:
                text += f" ({series['counts'][ci]})"
            cells.append(text)
        if has_n:
            cells.append(category.get("n", ""))
        rows.append({"label": _t(category["label"], lang), "cells": cells})
    return {"head": head, "rows": rows}
