"""Render the self-reflection report's numbers as accessible HTML charts.

Pure Python (standard library plus PyYAML). A chart becomes:

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
import math
import re
import textwrap
from pathlib import Path
from typing import Any

import yaml

LANGS = ("cy", "en")

# Colours with >= 3:1 contrast against white and against #1e2129.
LEVEL_COLOURS = {
    "pre-foundation": "#d0471f",
    "foundation": "#a86a00",
    "developing": "#3b7dd8",
    "mature": "#1f8a5a",
}
DEFAULT_COLOURS = ["#9a4fc0", "#0f8291", "#c0407a", "#6b7a00", "#2f6fbd", "#b85c00"]

# One pattern per series position, drawn over the colour (None = solid).
PATTERNS = [None, "diagonal", "dots", "cross", "horizontal", "vertical"]

UI = {
    "cy": {
        "unit_percent": "Canrannau (%)",
        "unit_score": "Sgôr gymedrig (1 = Cyn-sylfaenol, 4 = Aeddfed)",
        "unit_count": "Niferoedd",
        "counts_note": "Mae'r ffigurau mewn cromfachau yn dangos nifer y clystyrau.",
        "n_heading": "Nifer a ymatebodd (n)",
        "note": "Sylwch",
        "source": "Ffynhonnell",
        "report": "Adroddiad Hunanfyfyrio Clwstwr 2024/25",
        "legend": "Allwedd",
    },
    "en": {
        "unit_percent": "Percentages (%)",
        "unit_score": "Mean score (1 = Pre-foundation, 4 = Mature)",
        "unit_count": "Numbers",
        "counts_note": "Figures in brackets are numbers of clusters.",
        "n_heading": "Number responding (n)",
        "note": "Note",
        "source": "Source",
        "report": "Cluster self-reflection report 2024/25",
        "legend": "Key",
    },
}

# Layouts, in SVG user units. Each chart is drawn twice: a wide drawing (labels
# in a column on the left) and a narrow one (each label above its bars). The
# stylesheet shows the wide one only where the chart's column is at least
# WIDE_FROM CSS px wide (a container query), so text is drawn at no less than
# font x column / width: 14 x 640 / 720 = 12.4 px in the wide drawing and
# 13 x 358 / 360 = 12.9 px in the narrow one on a 390 px phone.
WIDE = {"name": "wide", "width": 720, "label_width": 230, "font": 15, "small": 14, "char_w": 7.9,
        "labels_above": False}
NARROW = {"name": "narrow", "width": 360, "label_width": 0, "font": 14, "small": 13, "char_w": 7.4,
          "labels_above": True}
WIDE_FROM = 640  # CSS px of column width (overrides/assets/stylesheets/clystyrau.css: .cc-chart)
LEGEND_AGAIN = 4  # charts with more rows than this repeat the key under the bars

def load_report(path: str | Path) -> dict:
    """Read the report data file and check the parts the renderer relies on.

    Raises ``ValueError`` if the file has no ``charts`` list, a chart has no
    id, or two charts share an id.
    """
    with open(path, encoding="utf-8") as handle:
        report = yaml.safe_load(handle)
    if not isinstance(report, dict) or not isinstance(report.get("charts"), list):
        raise ValueError(f"{path}: expected a mapping with a 'charts' list")
    seen: set[str] = set()
    for index, chart in enumerate(report["charts"]):
        chart_id = chart.get("id") if isinstance(chart, dict) else None
        if not isinstance(chart_id, str) or not chart_id:
            raise ValueError(f"{path}: chart #{index + 1} has no id")
        if chart_id in seen:
            raise ValueError(f"{path}: chart id {chart_id!r} is used twice")
        seen.add(chart_id)
    return report


def check_report(report: Any) -> list[tuple[tuple, str, str]]:
    """Every problem in the report data as (path, message, hint), for the site's data check."""
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
            _check_chart(chart)
            for lang in LANGS:
                _t(chart["title"], lang)
                for item in chart["categories"] + chart["series"]:
                    _t(item["label"], lang)
        except (ValueError, KeyError, TypeError) as error:
            problems.append((("charts", index), f"chart '{chart_id}': {error}",
                             "each chart needs a title, categories and series with labels in cy and en, "
                             "and one value per category"))
    return problems


def chart_ids(report: dict) -> list[str]:
    """The ids of all charts in a report, in file order."""
    return [chart["id"] for chart in report.get("charts", [])]


def render_chart(report: dict, chart_id: str, lang: str, uid: str | None = None) -> str:
    """Render one chart as an HTML fragment (figure with SVG, then a table).

    ``lang`` is ``"cy"`` or ``"en"``. ``uid`` overrides the prefix used for
    element ids (by default it is derived from the chart id and language, so
    each chart on a page gets its own ids).

    Raises ``ValueError`` for an unknown language and ``KeyError`` for an
    unknown chart id.
    """
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}: expected one of {', '.join(LANGS)}")
    chart = _find_chart(report, chart_id)
    _check_chart(chart)
    prefix = _slug(uid) if uid else f"cc-{_slug(chart_id)}-{lang}"
    parts = [
        f'<figure class="cc-chart" id="{_esc(prefix)}">',
        # Both drawings carry the same numbers; the stylesheet shows one, the other is display: none.
        f'<div class="cc-chart__wide">{_svg(chart, lang, prefix, WIDE)}</div>',
        f'<div class="cc-chart__narrow">{_svg(chart, lang, prefix + "-n", NARROW)}</div>',
        _figcaption(chart, lang),
        "</figure>",
        _table(chart, lang, prefix),
    ]
    return "\n".join(parts)


# --------------------------------------------------------------------------
# helpers


def _find_chart(report: dict, chart_id: str) -> dict:
    for chart in report.get("charts", []):
        if chart.get("id") == chart_id:
            return chart
    known = ", ".join(chart_ids(report)) or "none"
    raise KeyError(f"unknown chart id {chart_id!r} (known ids: {known})")


def _check_chart(chart: dict) -> None:
    """Fail early, with the chart id in the message, if the data is malformed."""
    cid = chart.get("id")
    categories = chart.get("categories") or []
    series = chart.get("series") or []
    if not categories or not series:
        raise ValueError(f"chart {cid!r} needs categories and series")
    if chart.get("kind", "grouped") not in ("stacked", "grouped"):
        raise ValueError(f"chart {cid!r}: kind must be 'stacked' or 'grouped'")
    for one in series:
        if len(one.get("values", [])) != len(categories):
            raise ValueError(f"chart {cid!r}: series {one.get('id')!r} needs one value per category")
        if "counts" in one and len(one["counts"]) != len(categories):
            raise ValueError(f"chart {cid!r}: series {one.get('id')!r} needs one count per category")
        for field_name in ("values", "counts"):
            for position, value in enumerate(one.get(field_name) or [], start=1):
                if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) \
                        or value < 0 or (field_name == "counts" and not float(value).is_integer()):
                    wanted = "a whole number" if field_name == "counts" else "a number of 0 or more"
                    raise ValueError(f"series {one.get('id')!r}: {field_name[:-1]} {position} is {value!r}, "
                                     f"not {wanted}")


def _esc(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-") or "chart"


def _t(obj: Any, lang: str) -> str:
    """The text of a bilingual object ({cy, en}) in one language."""
    if obj is None:
        return ""
    if isinstance(obj, dict):
        # No fallback to the other language: a missing translation is an error.
        text = obj.get(lang)
        if not isinstance(text, str) or not text.strip():
            raise KeyError(f"text missing in '{lang}' for {obj!r}"[:200])
        return text
    return str(obj)


def _fmt(value: float | int, unit: str) -> str:
    """Format a number for display: at most two decimals, no trailing zeros."""
    text = f"{float(value):.2f}".rstrip("0").rstrip(".")
    if text == "-0":
        text = "0"
    return f"{text}%" if unit == "percent" else text


def _colour(series: dict, index: int) -> str:
    return LEVEL_COLOURS.get(series.get("id"), DEFAULT_COLOURS[index % len(DEFAULT_COLOURS)])


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, max(width, 8)) or [""]


def _axis_range(chart: dict) -> tuple[float, float]:
    """(start, end) of the value axis: 0 to 100 for shares, the scale's own range for scores."""
    unit = chart.get("unit")
    start = 1.0 if unit == "score" else 0.0  # the maturity scale runs from 1 to 4
    if chart.get("kind") == "stacked":
        end = 100.0 if unit == "percent" else max(
            sum(s["values"][i] for s in chart["series"]) for i in range(len(chart["categories"]))
        )
        return start, end
    if chart.get("max"):
        return start, float(chart["max"])
    top = max(max(s["values"]) for s in chart["series"]) or 1
    if unit == "count":
        step = _count_step(top)
        return start, float(step * math.ceil(top / step))
    step = 10 ** max(len(str(int(top))) - 1, 0)
    return start, float(((int(top) // step) + 1) * step)


def _count_step(top: float) -> int:
    """A whole-number tick step giving at most five steps up to `top`."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if top / step <= 5:
            return step
    return 10 ** len(str(int(top)))


def _ticks(start: float, end: float, unit: str) -> list[float]:
    if unit == "percent" and (start, end) == (0, 100):
        return [0, 25, 50, 75, 100]
    if unit == "score":
        return [float(i) for i in range(int(start), int(end) + 1)]
    if unit == "count":
        step = _count_step(end)
        return [float(i) for i in range(0, int(end) + 1, step)]
    return [start + (end - start) * i / 4 for i in range(5)]


def _patterns(prefix: str, chart: dict) -> tuple[str, dict[int, str]]:
    """SVG <defs> with one pattern per series after the first; returns (defs, ids)."""
    defs, ids = [], {}
    for index, series in enumerate(chart["series"]):
        kind = PATTERNS[index % len(PATTERNS)]
        if kind is None:
            continue
        pid = f"{prefix}-pat{index}"
        ids[index] = pid
        colour = _colour(series, index)
        marks = {
            "diagonal": ('<path d="M-1,1 l2,-2 M0,8 l8,-8 M7,9 l2,-2" stroke="#ffffff" stroke-opacity="0.55" '
                         'stroke-width="1.5"/>'),
            "dots": '<circle cx="4" cy="4" r="1.4" fill="#ffffff" fill-opacity="0.6"/>',
            "cross": '<path d="M0,4 h8 M4,0 v8" stroke="#ffffff" stroke-opacity="0.5" stroke-width="1.2"/>',
            "horizontal": '<path d="M0,2 h8 M0,6 h8" stroke="#ffffff" stroke-opacity="0.5" stroke-width="1.2"/>',
            "vertical": '<path d="M2,0 v8 M6,0 v8" stroke="#ffffff" stroke-opacity="0.5" stroke-width="1.2"/>',
        }[kind]
        defs.append(
            f'<pattern id="{_esc(pid)}" width="8" height="8" patternUnits="userSpaceOnUse">'
            f'<rect width="8" height="8" fill="{colour}"/>{marks}</pattern>'
        )
    return ("<defs>" + "".join(defs) + "</defs>" if defs else ""), ids


def _fill(series_index: int, series: dict, pattern_ids: dict[int, str]) -> str:
    if series_index in pattern_ids:
        return f"url(#{pattern_ids[series_index]})"
    return _colour(series, series_index)


def _legend(chart: dict, lang: str, pattern_ids: dict[int, str], y: float, layout: dict) -> tuple[list[str], float]:
    """Legend items laid out in rows; returns (elements, height used)."""
    font, line = layout["font"], layout["font"] + 5
    out, x, row_y = [], 0.0, y
    for index, series in enumerate(chart["series"]):
        label = _t(series["label"], lang)
        item_w = 22 + len(label) * layout["char_w"] + 16
        if x > 0 and x + item_w > layout["width"]:
            x, row_y = 0.0, row_y + line + 4
        out.append(
            f'<rect x="{x:.1f}" y="{row_y:.1f}" width="15" height="15" rx="2" '
            f'fill="{_fill(index, series, pattern_ids)}" stroke="currentColor" stroke-opacity="0.4"/>'
        )
        out.append(
            f'<text x="{x + 21:.1f}" y="{row_y + 12:.1f}" font-size="{font}" fill="currentColor">{_esc(label)}</text>'
        )
        x += item_w
    return out, (row_y - y) + line + 10


def _value_chip(cx: float, y_mid: float, text: str, layout: dict) -> str:
    """A value printed on a bar, on a chip in the page background colour."""
    small = layout["small"]
    chip_w = len(text) * layout["char_w"] + 6
    return (
        f'<rect x="{cx - chip_w / 2:.1f}" y="{y_mid - small / 2 - 3:.1f}" width="{chip_w:.1f}" '
        f'height="{small + 6}" rx="3" '
        f'style="fill:var(--md-default-bg-color, Canvas)" fill-opacity="0.9"/>'
        f'<text x="{cx:.1f}" y="{y_mid + small * 0.36:.1f}" font-size="{small}" text-anchor="middle" '
        f'fill="currentColor">{_esc(text)}</text>'
    )


def _svg(chart: dict, lang: str, prefix: str, layout: dict = WIDE) -> str:
    unit = chart.get("unit", "percent")
    stacked = chart.get("kind") == "stacked"
    categories, all_series = chart["categories"], chart["series"]
    width, font, small, char_w = layout["width"], layout["font"], layout["small"], layout["char_w"]
    line = font + 4
    above = layout["labels_above"]
    plot_x = 0 if above else layout["label_width"]
    label_chars = int((width if above else plot_x - 10) / char_w)
    start, end = _axis_range(chart)
    widest_value = max(len(_fmt(v, unit)) for s in all_series for v in s["values"])
    right_pad = 12 if stacked else widest_value * char_w + 10
    plot_w = width - plot_x - right_pad
    scale = plot_w / (end - start) if end > start else 0
    ticks = _ticks(start, end, unit)

    defs, pattern_ids = _patterns(prefix, chart)
    body: list[str] = []
    legend, legend_h = _legend(chart, lang, pattern_ids, 0, layout)
    body.extend(legend)
    y = legend_h + 4

    bar_h = small + 10 if stacked else small + 4
    for ci, category in enumerate(categories):
        lines = _wrap(_t(category["label"], lang), label_chars)
        rows = 1 if stacked else len(all_series)
        bars_h = rows * bar_h + (rows - 1) * 3
        body.append('<g class="cc-row">')
        if above:
            tspans = "".join(
                f'<tspan x="0" y="{y + font + i * line:.1f}">{_esc(text)}</tspan>' for i, text in enumerate(lines)
            )
            bar_top = y + len(lines) * line + 4
            block_h = len(lines) * line + 4 + bars_h
        else:
            block_h = max(bars_h, len(lines) * line)
            label_y = y + (block_h - len(lines) * line) / 2 + font
            tspans = "".join(
                f'<tspan x="0" y="{label_y + i * line:.1f}">{_esc(text)}</tspan>' for i, text in enumerate(lines)
            )
            bar_top = y + (block_h - bars_h) / 2
        body.append(f'<text font-size="{font}" fill="currentColor">{tspans}</text>')
        for tick in ticks:  # grid lines behind this row's bars only
            tx = plot_x + (tick - start) * scale
            body.append(f'<line x1="{tx:.1f}" y1="{bar_top - 2:.1f}" x2="{tx:.1f}" y2="{bar_top + bars_h + 2:.1f}" '
                        f'stroke="currentColor" stroke-opacity="0.25"/>')
        if stacked:
            x, unlabelled = plot_x, []
            for si, series in enumerate(all_series):
                value = float(series["values"][ci])
                seg = value * scale
                if seg > 0:
                    text = _fmt(value, unit)
                    body.append(
                        f'<rect class="cc-bar" x="{x:.1f}" y="{bar_top:.1f}" width="{seg:.1f}" height="{bar_h}" '
                        f'fill="{_fill(si, series, pattern_ids)}"><title>{_esc(_t(series["label"], lang))}: '
                        f'{_esc(text)}</title></rect>'
                    )
                    if seg >= len(text) * char_w + 8:
                        body.append(_value_chip(x + seg / 2, bar_top + bar_h / 2, text, layout))
                    else:
                        unlabelled.append(f"{_t(series['label'], lang)} {text}")
                x += seg
            if unlabelled:
                # Segments too thin for their number: name them under the bar, so every value is on the chart.
                extra = _wrap(" · ".join(unlabelled), int((width - plot_x) / (char_w * small / font)))
                first = bar_top + bars_h + small + 3
                tspans = "".join(
                    f'<tspan x="{plot_x:.1f}" y="{first + i * (small + 4):.1f}">{_esc(text)}</tspan>'
                    for i, text in enumerate(extra)
                )
                body.append(f'<text class="cc-small" font-size="{small}" fill="currentColor">{tspans}</text>')
                grow = len(extra) * (small + 4) + 2
                block_h = max(block_h, bar_top - y + bars_h + grow)
        else:
            for si, series in enumerate(all_series):
                value = float(series["values"][ci])
                top = bar_top + si * (bar_h + 3)
                bar_w = max((value - start) * scale, 0)
                body.append(
                    f'<rect class="cc-bar" x="{plot_x:.1f}" y="{top:.1f}" width="{bar_w:.1f}" height="{bar_h}" '
                    f'fill="{_fill(si, series, pattern_ids)}"><title>{_esc(_t(series["label"], lang))}: '
                    f'{_esc(_fmt(value, unit))}</title></rect>'
                )
                body.append(
                    f'<text x="{plot_x + bar_w + 4:.1f}" y="{top + bar_h - 4:.1f}" font-size="{small}" '
                    f'fill="currentColor">{_esc(_fmt(value, unit))}</text>'
                )
        body.append("</g>")
        y += block_h + (14 if above else 10)

    axis_y = y + small - 4
    for tick in ticks:
        tx = plot_x + (tick - start) * scale
        label_w = len(_fmt(tick, unit)) * char_w
        anchor = "start" if tx - plot_x < 8 else "end" if tx + label_w / 2 > width else "middle"
        body.append(
            f'<text x="{tx:.1f}" y="{axis_y:.1f}" font-size="{small}" text-anchor="{anchor}" '
            f'fill="currentColor">{_esc(_fmt(tick, unit))}</text>'
        )
    height = axis_y + 8
    if len(categories) > LEGEND_AGAIN:
        again, again_h = _legend(chart, lang, pattern_ids, height + 6, layout)
        body.extend(again)
        height += 6 + again_h

    title = _t(chart.get("title"), lang)
    desc = _t(chart.get("description"), lang)
    return "".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{prefix}-title {prefix}-desc" '
            f'viewBox="0 0 {width} {height:.0f}" width="100%" preserveAspectRatio="xMinYMin meet" '
            f'style="height:auto;max-width:100%">',
            f'<title id="{prefix}-title">{_esc(title)}</title>',
            f'<desc id="{prefix}-desc">{_esc(desc)}</desc>',
            defs,
            "".join(body),
            "</svg>",
        ]
    )


def _figcaption(chart: dict, lang: str) -> str:
    """Title, description, any discrepancy note, and where in the report the numbers come from."""
    ui = UI[lang]
    parts = [f"<strong>{_esc(_t(chart.get('title'), lang))}</strong>"]
    description = _t(chart.get("description"), lang)
    if description:
        parts.append(_esc(description))
    if chart.get("discrepancy"):
        parts.append(f"<em>{_esc(ui['note'])}:</em> {_esc(_t(chart['discrepancy'], lang))}")
    where = [_esc(ui["report"])]
    figure = _t(chart.get("figure"), lang)
    if figure:
        where.append(_esc(figure))
    section = (chart.get("source") or {}).get("section")
    if section:
        # Section headings are quoted from the Welsh report.
        where.append(f'<span lang="cy">{_esc(section)}</span>' if lang != "cy" else _esc(section))
    parts.append(f"{_esc(ui['source'])}: {', '.join(where)}.")
    return "<figcaption>" + "<br>".join(parts) + "</figcaption>"


def _table(chart: dict, lang: str, prefix: str) -> str:
    ui = UI[lang]
    unit = chart.get("unit", "percent")
    categories, all_series = chart["categories"], chart["series"]
    has_counts = any("counts" in s for s in all_series)
    has_n = any("n" in c for c in categories)
    caption = f"{_t(chart.get('title'), lang)}."
    if "unit_" + unit in ui:
        caption += f" {ui['unit_' + unit]}."
    if has_counts:
        caption += f" {ui['counts_note']}"
    head = [f'<th scope="col">{_esc(_t(chart.get("category_heading"), lang))}</th>']
    head += [f'<th scope="col">{_esc(_t(s["label"], lang))}</th>' for s in all_series]
    if has_n:
        head.append(f'<th scope="col">{_esc(ui["n_heading"])}</th>')
    rows = []
    for ci, category in enumerate(categories):
        cells = [f'<th scope="row">{_esc(_t(category["label"], lang))}</th>']
        for series in all_series:
            text = _fmt(series["values"][ci], unit)
            if "counts" in series:
                text += f" ({series['counts'][ci]})"
            cells.append(f"<td>{_esc(text)}</td>")
        if has_n:
            cells.append(f"<td>{_esc(category.get('n', ''))}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (
        f'<table id="{prefix}-table">'
        f"<caption>{_esc(caption.strip())}</caption>"
        f"<thead><tr>{''.join(head)}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
