"""Structure diagrams that fit, explain every line and carry the lines a cluster lead needs (issue 12).

The browser tests open the real site at a computer's width (1280 px) and a
phone's (390 px), in both languages, and read every diagram as drawn: it fits
its column, no label is under 12 px on screen, and every line has an accessible
name naming both ends and a key entry drawn in the same style. The unit tests
read data/bodies.yaml itself for the relations the issue asks for.
"""

from __future__ import annotations

import re
from html import unescape as html_unescape
from pathlib import Path

import pytest
import yaml

from clystyrau.views import diagrams

ROOT = Path(__file__).resolve().parents[1]
HEALTH_BOARDS = ["hb-aneurin-bevan", "hb-betsi-cadwaladr", "hb-cardiff-vale", "hb-cwm-taf-morgannwg",
                 "hb-hywel-dda", "hb-powys", "hb-swansea-bay"]
COMMITTEES = ["local-medical-committees", "local-dental-committees", "local-optometric-committees",
              "local-pharmaceutical-committees"]

# The structure page, three kinds of record page and two area pages.
PAGES = {
    "structure": "structure/",
    "health-board": "bodies/hb-powys/",
    "government": "bodies/welsh-government/",
    "cluster-structure": "bodies/clusters/",
    "area-health-board": "areas/hb-betsi-cadwaladr/",
    "area-local-authority": "areas/la-cardiff/",
    "home": "",
}
WIDTHS = (1280, 390)
MIN_LABEL_PX = 12

MEASURE = """() => {
  const out = [];
  for (const figure of document.querySelectorAll('figure.cc-diagram')) {
    const column = figure.getBoundingClientRect();
    for (const svg of figure.querySelectorAll('svg.cc-diagram__svg')) {
      if (!svg.checkVisibility()) continue;
      const box = svg.getBoundingClientRect();
      const scroll = svg.parentElement;
      const scale = box.width / svg.viewBox.baseVal.width;
      const fonts = [...svg.querySelectorAll('text')].map(t => parseFloat(t.getAttribute('font-size')) * scale);
      const prefix = 'cc-' + figure.id.replace(/[^a-z0-9-]/g, '-') + '-';
      const nodeName = key => {
        const node = [...svg.querySelectorAll('g.node')].find(
          g => g.id.replace(/--narrow$/, '') === prefix + key.replace(/[^a-z0-9-]/g, '-'));
        const link = node && node.querySelector('a');
        return link ? link.getAttribute('aria-label') : null;
      };
      const edges = [...svg.querySelectorAll('g.edge')].map(g => {
        const path = g.querySelector('path');
        return {source: g.dataset.source, kind: g.dataset.kind, target: g.dataset.target,
                title: (g.querySelector(':scope > title') || {}).textContent || '',
                label: g.getAttribute('aria-label') || '',
                sourceName: nodeName(g.dataset.source || ''), targetName: nodeName(g.dataset.target || ''),
                dashed: !!(path && path.getAttribute('stroke-dasharray'))};
      });
      const key = [...figure.querySelectorAll('.cc-key__item')].map(li => {
        const path = li.querySelector('svg path');
        return {kind: li.dataset.kind, weak: li.dataset.weak === 'true', visible: li.checkVisibility(),
                dashed: !!(path && path.getAttribute('stroke-dasharray')),
                font: parseFloat(getComputedStyle(li).fontSize)};
      });
      out.push({figure: figure.id, svgWidth: box.width, columnWidth: column.width,
                left: box.left - column.left, right: column.right - box.right,
                scrollOverflow: scroll.scrollWidth - scroll.clientWidth,
                minFont: Math.min(...fonts), edges, key});
    }
  }
  return out;
}"""


@pytest.fixture(scope="module")
def drawn(browser, real_site, tmp_path_factory):
    """What every diagram on the chosen pages looks like, per (page, language, width)."""
    from browser import serve

    seen = {}
    with serve(real_site, tmp_path_factory.mktemp("serve-diagrams")) as base:
        for width in WIDTHS:
            context = browser.new_context(viewport={"width": width, "height": 900})
            page = context.new_page()
            for name, path in PAGES.items():
                for lang in ("cy", "en"):
                    page.goto(base + ("en/" if lang == "en" else "") + path)
                    seen[(name, lang, width)] = page.evaluate(MEASURE)
            context.close()
    return seen


CASES = [pytest.param(name, lang, width, id=f"{name}-{lang}-{width}")
         for name in PAGES for lang in ("cy", "en") for width in WIDTHS]


@pytest.mark.parametrize("name, lang, width", CASES)
def test_every_diagram_fits_its_column_with_readable_labels(drawn, name, lang, width):
    figures = drawn[(name, lang, width)]
    assert figures, f"no diagram shown on {name} ({lang}) at {width}px"
    for figure in figures:
        where = f"{figure['figure']} on {name} ({lang}) at {width}px"
        assert figure["svgWidth"] <= figure["columnWidth"] + 0.5, f"{where} is wider than its column: {figure}"
        assert figure["left"] >= -0.5 and figure["right"] >= -0.5, f"{where} sticks out of its column"
        assert figure["scrollOverflow"] <= 1, f"{where} has to be scrolled sideways"
        assert figure["minFont"] >= MIN_LABEL_PX, f"{where}: a label is {figure['minFont']:.1f}px on screen"


@pytest.mark.parametrize("name, lang, width", CASES)
def test_every_line_has_a_name_and_a_key_entry(drawn, name, lang, width):
    for figure in drawn[(name, lang, width)]:
        where = f"{figure['figure']} on {name} ({lang}) at {width}px"
        assert figure["edges"], f"{where} draws no line"
        key = {(entry["kind"], entry["weak"]): entry for entry in figure["key"]}
        for edge in figure["edges"]:
            assert edge["sourceName"] and edge["targetName"], f"{where}: a line's ends are not boxes: {edge}"
            assert edge["title"] and edge["title"] == edge["label"], f"{where}: a line has no accessible name"
            assert edge["sourceName"] in edge["title"] and edge["targetName"] in edge["title"], \
                f"{where}: the name '{edge['title']}' does not name both ends"
            entry = key.get((edge["kind"], edge["dashed"]))
            assert entry, f"{where}: no key entry for a {'dashed ' if edge['dashed'] else ''}{edge['kind']} line"
            assert entry["visible"] and entry["dashed"] == edge["dashed"], f"{where}: key entry {entry}"
            assert entry["font"] >= MIN_LABEL_PX
        drawn_kinds = {(edge["kind"], edge["dashed"]) for edge in figure["edges"]}
        assert set(key) == drawn_kinds, f"{where}: the key lists kinds not drawn: {set(key) - drawn_kinds}"


def test_the_key_states_one_arrow_rule_and_the_page_text_agrees(real_site):
    strings = yaml.safe_load((ROOT / "data" / "strings.yaml").read_text(encoding="utf-8"))
    for lang, prefix in (("cy", ""), ("en", "en/")):
        text = (real_site / prefix / "structure" / "index.html").read_text(encoding="utf-8")
        fixed = yaml.safe_load((ROOT / "data" / "diagrams.yaml").read_text(encoding="utf-8"))
        assert text.count('class="cc-key"') == len(fixed)
        rule = strings["diagram.key.rule"][lang]
        assert rule.replace("'", "&#x27;") in text or rule in text
        assert "higher up" not in text and "uwch yn y strwythur" not in text


def test_a_recommended_line_is_dashed_and_says_should(real_site):
    """001 only recommends that pan-cluster planning groups are health-board sub-groups."""
    text = (real_site / "en" / "structure" / "index.html").read_text(encoding="utf-8")
    acd = re.search(r'<figure class="cc-diagram" id="acd".*?</figure>', text, re.S).group(0)
    edge = re.search(r'<g class="edge[^"]*" role="img" aria-label="([^"]*)" data-source="pan-cluster-planning-groups" '
                     r'data-kind="part-of" data-target="type--health-board">(.*?)</g>', acd, re.S)
    assert edge, "the ACD diagram does not draw planning groups as part of health boards"
    assert "Should" in edge.group(1)
    assert "stroke-dasharray" in edge.group(2)


def test_print_keeps_the_records_own_box_legible():
    css = (ROOT / "overrides" / "assets" / "stylesheets" / "clystyrau.css").read_text(encoding="utf-8")
    printed = css[css.rindex("@media print"):]
    focus_text = re.search(r"\.cc-node--focus text \{([^}]*)\}", printed)
    assert focus_text and "#000" in focus_text.group(1)
    assert "break-after: avoid" in printed


def test_layout_rows_never_hold_more_than_their_share():
    diagram = diagrams.Diagram("t", "diagram.overview", [diagrams.Node(k, body_id=k) for k in "abcdefg"],
                               [(k, "accountable-to", "a") for k in "bcdefg"])
    rows = diagrams.layout_rows(diagram, 2)
    assert rows == [["a"], ["b", "c"], ["d", "e"], ["f", "g"]]
    assert diagrams.layout_rows(diagram, 4) == [["a"], ["b", "c", "d", "e"], ["f", "g"]]


# ---------------------------------------------------------------------------
# The lines a cluster lead needs, read from data/bodies.yaml itself.


@pytest.fixture(scope="module")
def site_data():
    from clystyrau.checks.loader import load_site

    return load_site(ROOT, use_cache=False)


@pytest.fixture(scope="module")
def relations():
    records = yaml.safe_load((ROOT / "data" / "bodies.yaml").read_text(encoding="utf-8"))
    return {record["id"]: {(r["kind"], r["target"]): r for r in record.get("relations", [])} for record in records}


def test_clusters_sit_within_each_health_board_sourced(relations):
    for board in HEALTH_BOARDS:
        relation = relations["clusters"].get(("part-of", board))
        assert relation, board
        assert relation["basis_source"]["doc"] == "001"
        assert "002" in relation["note"]["en"] and "002" in relation["note"]["cy"]


def test_clusters_and_health_boards_consult_each_representative_committee(relations):
    for committee in COMMITTEES:
        cluster = relations["clusters"][("consults", committee)]
        assert cluster["basis"] == "recommendation" and cluster["basis_source"]["doc"] == "000"  # 'dylid'
        for board in HEALTH_BOARDS:
            assert relations[board][("consults", committee)]["basis"] == "duty", (board, committee)


def test_planning_groups_relate_to_each_board_and_rpb_as_should(relations):
    groups = relations["pan-cluster-planning-groups"]
    for board in HEALTH_BOARDS:
        assert groups[("part-of", board)]["basis"] == "recommendation"
    rpbs = [target for kind, target in groups if target.startswith("rpb-")]
    assert len(rpbs) == 7


def test_every_health_board_and_its_local_authorities_sit_on_their_rpb(relations):
    for board in HEALTH_BOARDS:
        assert any(kind == "member-of" and target.startswith("rpb-") for kind, target in relations[board]), board


def test_the_accountability_chain_reaches_the_senedd(relations):
    for board in HEALTH_BOARDS:
        assert ("accountable-to", "welsh-government") in relations[board]
    assert ("accountable-to", "senedd") in relations["welsh-government"]


def test_local_medical_committees_place_the_general_medical_council(relations):
    assert ("works-with", "general-medical-council") in relations["local-medical-committees"]  # 000, Appendix 2


def test_check_lists_records_no_relation_places(site_data):
    from clystyrau.check import unplaced_notice, unplaced_records

    unplaced = unplaced_records(site_data)
    assert "bevan-commission" in unplaced and "clusters" not in unplaced and "general-medical-council" not in unplaced
    assert unplaced_notice(unplaced).startswith(f"Notice, not an error: {len(unplaced)} records")


def test_a_diagram_with_no_boxes_still_lays_out():
    """A project without the bodies a fixed diagram names (the test fixture) still builds."""
    assert diagrams.layout_rows(diagrams.Diagram("empty", "diagram.overview", []), 4) == []


# Figure 1 of 001 gives counts on its labels ("7 Health Boards", "22 Local Authorities"). The
# overview's type boxes give the records' own count, worked out here from the YAML itself.
FIGURE_1_COUNTS = {"health-board": 7, "nhs-trust": 3, "special-health-authority": 2,
                   "regional-partnership-board": 7, "local-authority": 22}


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_overview_type_boxes_give_the_records_count(real_site, lang):
    records = yaml.safe_load((ROOT / "data" / "bodies.yaml").read_text(encoding="utf-8"))
    spec = next(d for d in yaml.safe_load((ROOT / "data" / "diagrams.yaml").read_text(encoding="utf-8"))
                if d["id"] == "overview")
    strings = yaml.safe_load((ROOT / "data" / "strings.yaml").read_text(encoding="utf-8"))
    page = (real_site / ("" if lang == "cy" else "en") / "structure" / "index.html").read_text(encoding="utf-8")
    figure = page[page.index('<figure class="cc-diagram" id="overview"'):]
    figure = figure[: figure.index("</figure>")]
    drawn = html_unescape(" ".join(re.sub(r"<[^>]+>", " ", figure).split()))
    types = [key.split("--", 1)[1] for key in spec["nodes"] if key.startswith("type--")]
    assert len(types) >= 6
    for body_type in types:
        count = sum(1 for record in records if record["type"] == body_type
                    and "ended" not in record and record.get("counted", True))
        assert count == FIGURE_1_COUNTS.get(body_type, count), body_type
        assert f"{strings[f'type.{body_type}.many'][lang]} ({count})" in drawn, (body_type, count)
    # The sentence under the overview says what the numbers are.
    assert strings["diagram.overview_note"][lang] in html_unescape(page)


def test_figure_1_levels_of_service_are_on_the_overview_and_placed(relations):
    """Figure 1 of 001 shows primary, community, secondary and tertiary services."""
    spec = next(d for d in yaml.safe_load((ROOT / "data" / "diagrams.yaml").read_text(encoding="utf-8"))
                if d["id"] == "overview")
    for level in ("primary-care", "community-services", "secondary-services", "tertiary-services"):
        assert level in spec["nodes"], level
    for board in HEALTH_BOARDS:   # 001, Health boards: they plan, fund and provide both
        assert ("funds", "primary-care") in relations[board], board
        assert ("funds", "community-services") in relations[board], board
    assert ("plans", "tertiary-services") in relations["welsh-health-specialised-services-committee"]
