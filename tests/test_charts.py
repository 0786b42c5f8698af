"""Tests for clystyrau.views.charts: the self-reflection report charts."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from clystyrau.checks.chart_rules import check_report
from clystyrau.views import charts
from clystyrau.views.charts import chart_ids

DATA = Path(__file__).resolve().parents[1] / "data" / "self_reflection.yaml"
STRINGS = yaml.safe_load((DATA.parent / "strings.yaml").read_text(encoding="utf-8"))
LANGS = ("cy", "en")


def _label(key: str, lang: str) -> str:
    return STRINGS[key][lang]


def render_chart(report: dict, chart_id: str, lang: str, **options) -> str:
    """The chart with the project's own labels (data/strings.yaml)."""
    return charts.render_chart(report, chart_id, lang, _label, **options)


def _read_report() -> dict:
    report = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    assert check_report(report) == []
    return report


@pytest.fixture(scope="module")
def report() -> dict:
    return _read_report()


def _all_ids() -> list[str]:
    return chart_ids(_read_report())


class _Collect(HTMLParser):
    """Collects table cells and SVG text, and checks ids are unique."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.ids: list[str] = []
        self.rows: list[list[str]] = []
        self.caption = ""
        self.svg_text: list[str] = []
        self.figcaption = ""
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        self.stack.append(tag)
        if tag == "tr":
            self.rows.append([])
        if tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell).strip())
            self._cell = None
        while self.stack and self.stack.pop() != tag:
            pass

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        if "caption" in self.stack:
            self.caption += data
        if "figcaption" in self.stack:
            self.figcaption += data
        if "svg" in self.stack:
            self.svg_text.append(data)


def _parse(fragment: str) -> _Collect:
    parser = _Collect()
    parser.feed(fragment)
    return parser


def _number(cell: str) -> float:
    match = re.match(r"-?\d+(?:\.\d+)?", cell)
    assert match, f"no number in table cell {cell!r}"
    return float(match.group(0))


def _fmt(value: float, unit: str) -> str:
    text = f"{float(value):.2f}".rstrip("0").rstrip(".")
    return text + ("%" if unit == "percent" else "")


def test_data_file_has_expected_charts(report):
    ids = chart_ids(report)
    assert len(ids) == len(set(ids))
    for expected in ["pcmw-levels-2023-24", "pcmw-levels-2024-25", "acd-levels-2023-24", "acd-levels-2024-25"]:
        assert expected in ids
    assert [f"pcmw-{i}" for i in range(1, 14)] == [i for i in ids if re.fullmatch(r"pcmw-\d+", i)]
    assert [f"acd-{i}" for i in range(1, 8)] == [i for i in ids if re.fullmatch(r"acd-\d+", i)]


def test_data_file_chart_shape(report):
    for chart in report["charts"]:
        for key in ("title", "description"):
            assert chart[key]["cy"] and chart[key]["en"], (chart["id"], key)
        assert chart["unit"] in ("percent", "score", "count")
        assert chart["source"]["doc"] == "003" and chart["source"]["section"]
        for item in chart["categories"] + chart["series"]:
            assert item["label"]["cy"] and item["label"]["en"]
        for series in chart["series"]:
            assert len(series["values"]) == len(chart["categories"])
        if "discrepancy" in chart:
            assert chart["discrepancy"]["cy"] and chart["discrepancy"]["en"]


def test_stacked_percentages_add_up(report):
    for chart in report["charts"]:
        if chart["kind"] == "stacked" and chart["unit"] == "percent":
            for i in range(len(chart["categories"])):
                total = sum(s["values"][i] for s in chart["series"])
                assert abs(total - 100) <= 0.3, (chart["id"], i, total)


def test_counts_match_percentages(report):
    for chart in report["charts"]:
        for series in chart["series"]:
            if "counts" not in series:
                continue
            for i, category in enumerate(chart["categories"]):
                n = category.get("n") or 53
                assert abs(series["counts"][i] / n * 100 - series["values"][i]) <= 0.6, (chart["id"], i)


@pytest.mark.parametrize("chart_id", _all_ids())
@pytest.mark.parametrize("lang", LANGS)
def test_every_chart_renders(report, chart_id, lang):
    html = render_chart(report, chart_id, lang)
    assert html.startswith('<figure class="cc-chart"')
    assert "<svg" in html and 'role="img"' in html and "aria-labelledby=" in html
    assert 'width="100%"' in html and "viewBox=" in html
    assert "<title" in html and "<desc" in html and "<figcaption>" in html
    assert html.index("</figure>") < html.index("<table")
    assert "<caption>" in html
    assert "\n\n" not in html  # no blank lines: stays one raw HTML block in Markdown
    parsed = _parse(html)
    assert len(parsed.ids) == len(set(parsed.ids)), "element ids must be unique"
    # aria-labelledby points at ids that exist
    labelled = re.search(r'aria-labelledby="([^"]+)"', html).group(1).split()
    assert all(i in parsed.ids for i in labelled)
    # all SVG text is drawn in currentColor
    for text_tag in re.findall(r"<text[^>]*>", html):
        assert 'fill="currentColor"' in text_tag


@pytest.mark.parametrize("chart_id", _all_ids())
@pytest.mark.parametrize("lang", LANGS)
def test_labels_in_page_language(report, chart_id, lang):
    chart = next(c for c in report["charts"] if c["id"] == chart_id)
    other = "en" if lang == "cy" else "cy"
    html = render_chart(report, chart_id, lang)
    parsed = _parse(html)
    title = re.search(r"<title id=[^>]*>(.*?)</title>", html).group(1)
    # The chart's own title, led by its finding where the data give one (issue 15).
    assert unescape(title) == charts.chart_title(chart, lang, _label)
    assert unescape(title).endswith(chart["title"][lang])
    header = parsed.rows[0]
    assert [h for h in header[1 : 1 + len(chart["series"])]] == [s["label"][lang] for s in chart["series"]]
    row_labels = [row[0] for row in parsed.rows[1:]]
    assert row_labels == [c["label"][lang] for c in chart["categories"]]
    svg_text = " ".join(parsed.svg_text)
    for item in chart["categories"] + chart["series"]:
        if item["label"][lang] != item["label"][other]:
            assert item["label"][other] not in row_labels + header
    for series in chart["series"]:
        assert series["label"][lang] in svg_text
    assert chart["title"][lang] in parsed.figcaption


@pytest.mark.parametrize("chart_id", _all_ids())
def test_table_numbers_equal_yaml(report, chart_id):
    chart = next(c for c in report["charts"] if c["id"] == chart_id)
    parsed = _parse(render_chart(report, chart_id, "en"))
    body = parsed.rows[1:]
    assert len(body) == len(chart["categories"])
    for ci, row in enumerate(body):
        for si, series in enumerate(chart["series"]):
            cell = row[1 + si]
            assert _number(cell) == pytest.approx(series["values"][ci]), (chart_id, ci, si)
            if "counts" in series:
                assert f"({series['counts'][ci]})" in cell


@pytest.mark.parametrize("chart_id", _all_ids())
def test_svg_values_match_yaml(report, chart_id):
    chart = next(c for c in report["charts"] if c["id"] == chart_id)
    html = render_chart(report, chart_id, "cy")
    svg = html[html.index("<svg") : html.index("</svg>")]
    for series in chart["series"]:
        for value in series["values"]:
            if chart["kind"] == "stacked" and value == 0:
                continue  # an empty segment is not drawn
            assert f">{_fmt(value, chart['unit'])}<" in svg or f": {_fmt(value, chart['unit'])}<" in svg, (
                chart_id,
                value,
            )


def test_bar_widths_are_proportional(report):
    html = render_chart(report, "survey-response-rate", "en")
    chart = next(c for c in report["charts"] if c["id"] == "survey-response-rate")
    values = [v for ci in range(len(chart["categories"])) for v in (s["values"][ci] for s in chart["series"])]
    drawings = re.findall(r"<svg.*?</svg>", html)
    assert len(drawings) == 2  # the wide and the narrow drawing (issue 15)
    for svg in drawings:
        widths = [float(w) for w in re.findall(r'<rect class="cc-bar" x="[\d.]+" y="[\d.]+" width="([\d.]+)"', svg)]
        assert len(widths) == len(values)
        full = max(w for w, v in zip(widths, values, strict=True) if v == 100)
        for width, value in zip(widths, values, strict=True):
            assert width == pytest.approx(full * value / 100, abs=0.2)


def test_unknown_chart_id_raises(report):
    with pytest.raises(KeyError, match="no-such-chart"):
        render_chart(report, "no-such-chart", "cy")


def test_unknown_language_raises(report):
    with pytest.raises(ValueError, match="fr"):
        render_chart(report, "pcmw-summary", "fr")


def test_ids_differ_between_charts_and_languages(report):
    a = _parse(render_chart(report, "pcmw-1", "cy")).ids
    b = _parse(render_chart(report, "pcmw-2", "cy")).ids
    c = _parse(render_chart(report, "pcmw-1", "en")).ids
    assert not set(a) & set(b)
    assert not set(a) & set(c)


TINY = {
    "charts": [
        {
            "id": "tiny",
            "title": {"cy": "Teitl <b>", "en": "Title & <b>"},
            "description": {"cy": "Disgrifiad", "en": "Description \"quoted\""},
            "kind": "stacked",
            "unit": "percent",
            "category_heading": {"cy": "Categori", "en": "Category"},
            "categories": [
                {"id": "a", "label": {"cy": "<script>alert(1)</script>", "en": "<script>alert(1)</script>"}},
            ],
            "series": [
                {"id": "x", "label": {"cy": "Cyfres <i>", "en": "Series <i>"}, "values": [60]},
                {"id": "y", "label": {"cy": "Arall", "en": "Other"}, "values": [40]},
            ],
            "source": {"doc": "003", "section": "Adran <x>"},
            "discrepancy": {"cy": "Nodyn <u>", "en": "Note <u>"},
        }
    ]
}


@pytest.mark.parametrize("lang", LANGS)
def test_text_is_escaped(lang):
    html = render_chart(TINY, "tiny", lang)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    for raw in ("<b>", "<i>", "<u>", "<x>"):
        assert raw not in html
    if lang == "en":
        assert "Title &amp; &lt;b&gt;" in html
        assert "&quot;quoted&quot;" in html


def test_uid_override():
    html = render_chart(TINY, "tiny", "en", uid="custom")
    assert 'id="custom"' in html and 'aria-labelledby="custom-title custom-desc"' in html


def test_check_report_rejects_duplicate_ids():
    problems = check_report(yaml.safe_load("charts:\n  - id: a\n  - id: a\n"))
    assert any(where == ("charts", 1, "id") and "twice" in message for where, message, _ in problems)
