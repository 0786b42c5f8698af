"""The geometry of a chart's drawing: where every bar, label, value and tick goes.

`drawing(chart, lang, prefix, layout)` returns plain shapes (kind plus
formatted coordinates and texts) that ``templates/chart.html.j2`` writes as
SVG; nothing here writes markup. See ``charts.py`` for the design choices.
"""

from __future__ import annotations

import math
import textwrap

from ..checks.chart_rules import text_of as _t

# Colours with >= 3:1 contrast against white and against #1e2129.
LEVEL_COLOURS = {
    "pre-foundation": "#d0471f",
    "foundation": "#a86a00",
    "developing": "#3b7dd8",
    "mature": "#1f8a5a",
}
DEFAULT_COLOURS = ["#9a4fc0", "#0f8291", "#c0407a", "#6b7a00", "#2f6fbd", "#b85c00"]

# One pattern per series position, drawn over the colour (None = solid; the marks are in the template).
PATTERNS = [None, "diagonal", "dots", "cross", "horizontal", "vertical"]

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


def fmt(value: float | int, unit: str) -> str:
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


def _fills(prefix: str, chart: dict) -> tuple[list[dict], list[str]]:
    """The patterns for <defs> (one per series after the first) and each series' fill."""
    patterns, fills = [], []
    for index, series in enumerate(chart["series"]):
        kind = PATTERNS[index % len(PATTERNS)]
        if kind is None:
            fills.append(_colour(series, index))
            continue
        pattern_id = f"{prefix}-pat{index}"
        patterns.append({"id": pattern_id, "colour": _colour(series, index), "kind": kind})
        fills.append(f"url(#{pattern_id})")
    return patterns, fills


def _legend(chart: dict, lang: str, fills: list[str], y: float, layout: dict) -> tuple[list[dict], float]:
    """Legend items laid out in rows; returns (shapes, height used)."""
    font, line = layout["font"], layout["font"] + 5
    out, x, row_y = [], 0.0, y
    for index, series in enumerate(chart["series"]):
        label = _t(series["label"], lang)
        item_w = 22 + len(label) * layout["char_w"] + 16
        if x > 0 and x + item_w > layout["width"]:
            x, row_y = 0.0, row_y + line + 4
        out.append({"kind": "swatch", "x": f"{x:.1f}", "y": f"{row_y:.1f}", "fill": fills[index]})
        out.append(_text(x + 21, row_y + 12, font, label))
        x += item_w
    return out, (row_y - y) + line + 10


def _text(x: float, y: float, size: int, text: str, anchor: str | None = None) -> dict:
    return {"kind": "text", "x": f"{x:.1f}", "y": f"{y:.1f}", "size": size, "text": text, "anchor": anchor}


def _lines(kind: str, x: float, first: float, step: float, texts: list[str], size: int) -> dict:
    """A multi-line text: one tspan per line, `step` apart."""
    return {"kind": kind, "x": f"{x:.1f}" if kind == "small" else "0", "size": size,
            "lines": [{"y": f"{first + i * step:.1f}", "text": text} for i, text in enumerate(texts)]}


def _value_chip(cx: float, y_mid: float, text: str, layout: dict) -> dict:
    """A value printed on a bar, on a chip in the page background colour."""
    small = layout["small"]
    chip_w = len(text) * layout["char_w"] + 6
    return {"kind": "chip", "x": f"{cx - chip_w / 2:.1f}", "y": f"{y_mid - small / 2 - 3:.1f}",
            "width": f"{chip_w:.1f}", "height": small + 6, "cx": f"{cx:.1f}",
            "text_y": f"{y_mid + small * 0.36:.1f}", "size": small, "text": text}


def _bar(x: float, y: float, width: float, height: int, fill: str, title: str) -> dict:
    return {"kind": "bar", "x": f"{x:.1f}", "y": f"{y:.1f}", "width": f"{width:.1f}", "height": height,
            "fill": fill, "title": title}


def drawing(chart: dict, lang: str, prefix: str, layout: dict) -> dict:
    """One drawing of a chart (wide or narrow), as shapes for the template."""
    unit = chart.get("unit", "percent")
    stacked = chart.get("kind") == "stacked"
    categories, all_series = chart["categories"], chart["series"]
    width, font, small, char_w = layout["width"], layout["font"], layout["small"], layout["char_w"]
    line = font + 4
    above = layout["labels_above"]
    plot_x = 0 if above else layout["label_width"]
    label_chars = int((width if above else plot_x - 10) / char_w)
    start, end = _axis_range(chart)
    widest_value = max(len(fmt(v, unit)) for s in all_series for v in s["values"])
    right_pad = 12 if stacked else widest_value * char_w + 10
    plot_w = width - plot_x - right_pad
    scale = plot_w / (end - start) if end > start else 0
    ticks = _ticks(start, end, unit)

    patterns, fills = _fills(prefix, chart)
    shapes, legend_h = _legend(chart, lang, fills, 0, layout)
    y = legend_h + 4

    bar_h = small + 10 if stacked else small + 4
    for ci, category in enumerate(categories):
        lines = _wrap(_t(category["label"], lang), label_chars)
        rows = 1 if stacked else len(all_series)
        bars_h = rows * bar_h + (rows - 1) * 3
        shapes.append({"kind": "row"})
        if above:
            shapes.append(_lines("label", 0, y + font, line, lines, font))
            bar_top = y + len(lines) * line + 4
            block_h = len(lines) * line + 4 + bars_h
        else:
            block_h = max(bars_h, len(lines) * line)
            shapes.append(_lines("label", 0, y + (block_h - len(lines) * line) / 2 + font, line, lines, font))
            bar_top = y + (block_h - bars_h) / 2
        for tick in ticks:  # grid lines behind this row's bars only
            shapes.append({"kind": "grid", "x": f"{plot_x + (tick - start) * scale:.1f}",
                           "y1": f"{bar_top - 2:.1f}", "y2": f"{bar_top + bars_h + 2:.1f}"})
        if stacked:
            x, unlabelled = plot_x, []
            for si, series in enumerate(all_series):
                value = float(series["values"][ci])
                seg = value * scale
                if seg > 0:
                    text = fmt(value, unit)
                    shapes.append(_bar(x, bar_top, seg, bar_h, fills[si], f"{_t(series['label'], lang)}: {text}"))
                    if seg >= len(text) * char_w + 8:
                        shapes.append(_value_chip(x + seg / 2, bar_top + bar_h / 2, text, layout))
                    else:
                        unlabelled.append(f"{_t(series['label'], lang)} {text}")
                x += seg
            if unlabelled:
                # Segments too thin for their number: name them under the bar, so every value is on the chart.
                extra = _wrap(" · ".join(unlabelled), int((width - plot_x) / (char_w * small / font)))
                shapes.append(_lines("small", plot_x, bar_top + bars_h + small + 3, small + 4, extra, small))
                grow = len(extra) * (small + 4) + 2
                block_h = max(block_h, bar_top - y + bars_h + grow)
        else:
            for si, series in enumerate(all_series):
                value = float(series["values"][ci])
                top = bar_top + si * (bar_h + 3)
                bar_w = max((value - start) * scale, 0)
                text = fmt(value, unit)
                shapes.append(_bar(plot_x, top, bar_w, bar_h, fills[si], f"{_t(series['label'], lang)}: {text}"))
                shapes.append(_text(plot_x + bar_w + 4, top + bar_h - 4, small, text))
        shapes.append({"kind": "end_row"})
        y += block_h + (14 if above else 10)

    axis_y = y + small - 4
    for tick in ticks:
        tx = plot_x + (tick - start) * scale
        label_w = len(fmt(tick, unit)) * char_w
        anchor = "start" if tx - plot_x < 8 else "end" if tx + label_w / 2 > width else "middle"
        shapes.append(_text(tx, axis_y, small, fmt(tick, unit), anchor))
    height = axis_y + 8
    if len(categories) > LEGEND_AGAIN:
        again, again_h = _legend(chart, lang, fills, height + 6, layout)
        shapes.extend(again)
        height += 6 + again_h
    return {"prefix": prefix, "width": width, "height": f"{height:.0f}", "patterns": patterns, "shapes": shapes}
