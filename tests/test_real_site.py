"""The real site, built once: completeness, pairing, links, diagrams against the records."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml

from clystyrau.checks.loader import load_site
from clystyrau.views import areas
from conftest import ROOT

# The fixed diagrams as data/diagrams.yaml defines them, by id.
FIXED = {spec["id"]: spec for spec in yaml.safe_load((ROOT / "data" / "diagrams.yaml").read_text(encoding="utf-8"))}


@pytest.fixture(scope="module")
def site_data():
    return load_site(ROOT, use_cache=False)


def built(site: Path, lang: str, path: str) -> Path:
    return site / ("" if lang == "cy" else "en") / path / "index.html"


def test_every_record_and_area_has_a_page_in_both_languages(real_site, site_data):
    assert len(site_data.bodies) > 100
    for body_id in site_data.bodies:
        for lang in ("cy", "en"):
            assert built(real_site, lang, f"bodies/{body_id}").is_file(), (lang, body_id)
    area_ids = areas.area_ids(site_data)
    assert len([i for i in area_ids if i.startswith("la-")]) == 22
    assert len([i for i in area_ids if i.startswith("hb-")]) == 7
    for body_id in area_ids:
        for lang in ("cy", "en"):
            assert built(real_site, lang, f"areas/{body_id}").is_file(), (lang, body_id)


def test_every_authored_page_is_paired_and_links_to_its_twin(real_site, site_data):
    assert set(site_data.pages["cy"]) == set(site_data.pages["en"])
    for path in site_data.pages["cy"]:
        url = path[:-3].removesuffix("index").rstrip("/")
        welsh = built(real_site, "cy", url).read_text(encoding="utf-8")
        twin = re.search(r'<a class="cc-language__link" href="([^"]+)" hreflang="en" lang="en">English</a>', welsh)
        assert twin, path
        target = (built(real_site, "cy", url).parent / twin.group(1)).resolve() / "index.html"
        assert target == built(real_site, "en", url).resolve(), path


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.add(attributes["id"])
        for key in ("href", "src", "xlink:href"):
            value = attributes.get(key)
            if value and tag in ("a", "link", "script", "img"):
                self.hrefs.append(value)


def test_every_internal_link_resolves(real_site):
    """Raw HTML links (diagram boxes, acronyms, the language link) are not checked by MkDocs: check them here."""
    anchors: dict[Path, set[str]] = {}
    broken = []
    for html_file in real_site.rglob("*.html"):
        if html_file.name == "404.html":
            continue
        parser = _Links()
        parser.feed(html_file.read_text(encoding="utf-8"))
        anchors[html_file] = parser.ids
        for href in parser.hrefs:
            parts = urlsplit(href)
            if parts.scheme or href.startswith(("#", "mailto:", "//")):
                continue
            target = (html_file.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append((str(html_file.relative_to(real_site)), href))
    assert not broken, broken[:20]


def _drawn_edges(html_text: str, figure_id: str) -> set[tuple[str, str, str]]:
    figure = re.search(rf'<figure class="cc-diagram" id="{re.escape(figure_id)}".*?</figure>', html_text, re.S)
    assert figure, figure_id
    return set(re.findall(r'data-source="([^"]+)" data-kind="([^"]+)" data-target="([^"]+)"', figure.group(0)))


def test_neighbourhood_diagrams_match_the_records_edge_for_edge(real_site, site_data):
    checked = 0
    for body_id in site_data.bodies:
        relations = site_data.outgoing.get(body_id, []) + site_data.incoming.get(body_id, [])
        expected = {(r.source, r.kind, r.target) for r in relations}
        for lang in ("cy", "en"):
            html_text = built(real_site, lang, f"bodies/{body_id}").read_text(encoding="utf-8")
            if not expected:
                assert "cc-diagram" not in html_text
                continue
            assert _drawn_edges(html_text, f"body-{body_id}") == expected, (lang, body_id)
            checked += 1
    assert checked > 150


def _expected_fixed_edges(name: str) -> set[tuple[str, str, str]]:
    """A fixed diagram's edges worked out from data/bodies.yaml itself, not by clystyrau.views.diagrams:
    each record is drawn in its own box when the diagram names it, else in its type's box."""
    spec = FIXED[name]
    records = yaml.safe_load((ROOT / "data" / "bodies.yaml").read_text(encoding="utf-8"))
    current = {record["id"]: record for record in records}
    box = {}
    for record_id, record in current.items():
        if record_id in spec["nodes"]:
            box[record_id] = record_id
        elif f"type--{record['type']}" in spec["nodes"]:
            box[record_id] = f"type--{record['type']}"
    edges = set()
    for record in records:
        for relation in record.get("relations", []):
            if spec.get("kinds") is not None and relation["kind"] not in spec["kinds"]:
                continue
            ends = box.get(record["id"]), box.get(relation["target"])
            if None not in ends and ends[0] != ends[1]:
                edges.add((ends[0], relation["kind"], ends[1]))
    return edges


def test_structure_diagrams_match_the_records(real_site):
    for lang in ("cy", "en"):
        html_text = built(real_site, lang, "structure").read_text(encoding="utf-8")
        for name in FIXED:
            expected = _expected_fixed_edges(name)
            assert expected, name
            assert _drawn_edges(html_text, name) == expected, (lang, name)
        # the ACD architecture: professional collaboratives support clusters, which work with PCPGs
        acd = _drawn_edges(html_text, "acd")
        assert ("professional-collaboratives", "supports", "clusters") in acd


def test_diagram_boxes_are_named_links_in_the_page_language(real_site):
    welsh = built(real_site, "cy", "bodies/hb-powys").read_text(encoding="utf-8")
    english = built(real_site, "en", "bodies/hb-powys").read_text(encoding="utf-8")
    assert 'aria-label="Cyngor Sir Powys"' in welsh and 'href="../la-powys/"' in welsh
    assert 'aria-label="Powys County Council"' in english
    assert '<title id="cc-body-hb-powys-title-cy">' in welsh


def test_area_page_gathers_the_bodies_of_the_area(real_site, site_data):
    area = areas.area_for(site_data, "la-powys")
    assert area.health_boards == ["hb-powys"]
    assert area.regional_partnership_boards == ["rpb-powys"]
    assert area.public_services_boards == ["psb-powys"]
    assert "pan-cluster-planning-groups" in area.cluster_structures
    assert "local-medical-committees" in area.committees
    assert [fact["value"] for _, fact in area.cluster_facts] == [3]
    text = built(real_site, "en", "areas/la-powys").read_text(encoding="utf-8")
    for body_id in ("hb-powys", "rpb-powys", "psb-powys", "local-medical-committees"):
        assert f'href="../../bodies/{body_id}/"' in text, body_id
    board = areas.area_for(site_data, "hb-cwm-taf-morgannwg")
    assert {"la-bridgend", "la-merthyr-tydfil", "la-rhondda-cynon-taf"} <= set(board.local_authorities)


def test_area_pages_show_the_current_public_services_board_of_their_own_council(site_data):
    """Merged boards have `ended` and are left off; a council gets its own board, not its region's six."""
    assert areas.area_for(site_data, "la-caerphilly").public_services_boards == ["psb-gwent"]
    assert areas.area_for(site_data, "hb-aneurin-bevan").public_services_boards == ["psb-gwent"]
    assert areas.area_for(site_data, "la-bridgend").public_services_boards == ["psb-cwm-taf-morgannwg"]
    assert areas.area_for(site_data, "la-gwynedd").public_services_boards == ["psb-gwynedd"]
    assert "ended" in site_data.bodies["psb-caerphilly"]
    assert any(r.kind == "replaces" and r.target == "psb-caerphilly" for r in site_data.outgoing["psb-gwent"])


def test_areas_index_lists_every_area_in_welsh_order(real_site, site_data):
    text = built(real_site, "cy", "areas").read_text(encoding="utf-8")
    names = re.findall(r'<li><a href="[^"]+/">([^<]+)</a></li>', text)
    authorities = [n for n in names if n.startswith("Cyngor") or n.startswith("Dinas")]
    assert len(names) >= 29
    from clystyrau.model.collation import body_sort_key
    by_name = {body["name"]["cy"]: body for body in site_data.bodies.values()}
    first_block = names[:22]
    # By the place name, not by "Cyngor Bwrdeistref Sirol ..." (issue 14).
    assert first_block == sorted(first_block, key=lambda name: body_sort_key(by_name[name], "cy"))
    assert authorities


def test_acronyms_link_to_the_glossary_with_their_expansion(real_site):
    welsh = built(real_site, "cy", "planning").read_text(encoding="utf-8")
    assert re.search(r'<a class="cc-acronym" href="\.\./glossary/#acd" title="[^"]+"><abbr>DCC</abbr></a>', welsh)
    english = built(real_site, "en", "planning").read_text(encoding="utf-8")
    assert ('<a class="cc-acronym" href="../glossary/#acd" title="Accelerated Cluster Development">'
            '<abbr>ACD</abbr></a>') in english
    # later uses in the same section explain themselves without another link
    assert '<abbr title="Accelerated Cluster Development">ACD</abbr>' in english
