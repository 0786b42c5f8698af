"""The per-outcome charts' titles state their finding (issue 15), in both languages, true to the numbers.

The findings are written in data/self_reflection.yaml (from the report's own reading of each
figure, doc 003); these tests hold them to the chart they lead: every percentage a finding
names is one of that chart's values, rounded as written, and the Welsh and the English name
the same numbers.
"""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
import yaml

from clystyrau.views import charts

DATA = Path(__file__).resolve().parents[1] / "data"
REPORT = yaml.safe_load((DATA / "self_reflection.yaml").read_text(encoding="utf-8"))
STRINGS = yaml.safe_load((DATA / "strings.yaml").read_text(encoding="utf-8"))
PER_OUTCOME = [chart for chart in REPORT["charts"] if re.fullmatch(r"(pcmw|acd)-\d+", chart["id"])]
PERCENT = re.compile(r"(\d+(?:\.\d+)?)%")


def _label(key: str, lang: str) -> str:
    return STRINGS[key][lang]


def test_every_per_outcome_chart_states_a_finding():
    assert len(PER_OUTCOME) == 20  # 13 PCMW outcomes and 7 ACD outcomes
    assert all(chart.get("finding", {}).get(lang) for chart in PER_OUTCOME for lang in ("cy", "en"))


@pytest.mark.parametrize("chart", PER_OUTCOME, ids=[chart["id"] for chart in PER_OUTCOME])
def test_a_finding_names_only_the_charts_own_numbers(chart):
    values = [value for series in chart["series"] for value in series["values"]]
    numbers = {lang: PERCENT.findall(chart["finding"][lang]) for lang in ("cy", "en")}
    assert numbers["cy"] == numbers["en"], "the Welsh and the English name different numbers"
    assert numbers["en"], "a finding names the numbers it rests on"
    for written in numbers["en"]:
        places = len(written.partition(".")[2])
        assert any(abs(value - float(written)) <= 0.5 * 10 ** -places + 1e-9 for value in values), written


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_the_title_leads_with_the_finding(lang):
    chart = PER_OUTCOME[0]
    html = charts.render_chart(REPORT, chart["id"], lang, _label)
    title = unescape(re.search(r"<title id=[^>]*>(.*?)</title>", html).group(1))
    assert title == f"{chart['finding'][lang]} — {chart['title'][lang]}"
    assert f"<strong>{title}</strong>" in unescape(html) and f"<caption>{title}." in unescape(html)


def test_a_chart_without_a_finding_keeps_its_title():
    chart = next(chart for chart in REPORT["charts"] if "finding" not in chart)
    assert charts.chart_title(chart, "en", _label) == chart["title"]["en"]


# The four charts of every outcome's levels in one year: what each title says is the most common
# level, checked against the chart's own values (a tie names both levels).
LEVEL_TITLES = {
    "pcmw-levels-2023-24": {"pre-foundation": [7, 12]},
    "pcmw-levels-2024-25": {"developing": [1, 2, 3, 4, 5, 6, 8, 9], "foundation": [10, 11, 12, 13]},
    "acd-levels-2023-24": {"pre-foundation": [1, 4], "pre-foundation/developing": [6]},
    "acd-levels-2024-25": {"developing": [2, 3, 4, 5], "foundation": [1, 6, 7]},
}


def _most_common(chart) -> dict[str, list[int]]:
    modes: dict[str, list[int]] = {}
    for index in range(len(chart["categories"])):
        values = [(series["values"][index], series["id"]) for series in chart["series"]]
        top = max(value for value, _ in values)
        modes.setdefault("/".join(level for value, level in values if value == top), []).append(index + 1)
    return modes


@pytest.mark.parametrize("chart_id", sorted(LEVEL_TITLES))
def test_level_chart_titles_state_the_most_common_levels(chart_id):
    chart = next(chart for chart in REPORT["charts"] if chart["id"] == chart_id)
    modes = _most_common(chart)
    for levels, outcomes in LEVEL_TITLES[chart_id].items():
        assert modes[levels] == outcomes, (levels, modes)
    for lang in ("cy", "en"):
        title = chart["title"][lang]
        labels = {series["id"]: series["label"][lang] for series in chart["series"]}
        for levels in LEVEL_TITLES[chart_id]:
            for level in levels.split("/"):
                assert labels[level] in title, (lang, level, title)
        values = {f"{value:.1f}" for series in chart["series"] for value in series["values"]}
        assert set(PERCENT.findall(title)) <= values, (lang, title)
