"""Open data downloads, schema.org metadata, sitemap and "suggest a change" links."""

from __future__ import annotations

import csv
import json
import re

from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from conftest import FIXTURE, make_project, run_build


def test_downloads_validate_against_the_published_schemas(real_site):
    folder = real_site / "open-data"
    schemas = {name: json.loads((folder / f"{name}.schema.json").read_text(encoding="utf-8"))
               for name in ("common", "bodies", "glossary")}
    registry = Registry().with_resources((schema["$id"], Resource.from_contents(schema)) for schema in schemas.values())
    bodies = json.loads((folder / "bodies.json").read_text(encoding="utf-8"))
    glossary = json.loads((folder / "glossary.json").read_text(encoding="utf-8"))
    assert list(Draft202012Validator(schemas["bodies"], registry=registry).iter_errors(bodies)) == []
    assert list(Draft202012Validator(schemas["glossary"], registry=registry).iter_errors(glossary)) == []
    for lang in ("cy", "en"):
        rows = list(csv.DictReader((folder / f"bodies-{lang}.csv").read_text(encoding="utf-8").splitlines()))
        assert [row["id"] for row in rows] == [body["id"] for body in bodies]
        assert rows[0]["name"] == bodies[0]["name"][lang]
    # the open data page links to the files, from both languages
    assert 'href="bodies.json"' in (folder / "index.html").read_text(encoding="utf-8")
    english_page = (real_site / "en" / "open-data" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../open-data/bodies.json"' in english_page


def test_record_pages_carry_schema_org_metadata_that_cannot_break_out(fixture_site):
    page = (fixture_site / "en" / "bodies" / "hostile-body" / "index.html").read_text(encoding="utf-8")
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    assert data["@context"] == "https://schema.org" and data["identifier"] == "hostile-body"
    assert "<" not in blocks[0]
    government_page = (fixture_site / "bodies" / "welsh-government" / "index.html").read_text(encoding="utf-8")
    government = json.loads(re.search(r'application/ld\+json">(.*?)</script>', government_page).group(1))
    assert government["name"] == "Llywodraeth Cymru" and government["sameAs"] == "https://www.gov.wales/"
    assert government["parentOrganization"] == [{"@type": "Organization", "name": "Senedd Cymru"}]


def test_sitemap_lists_generated_pages_and_edit_links_point_at_the_record(tmp_path):
    project = make_project(tmp_path)
    result = run_build(project, SITE_URL="https://example.org/clystyrau/", GITHUB_SERVER_URL="https://github.com",
                       GITHUB_REPOSITORY="example/clystyrau", GITHUB_REF_NAME="main", CLYSTYRAU_TODAY="2026-12-01")
    assert result.returncode == 0, result.stderr
    sitemap = (project / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://example.org/clystyrau/bodies/senedd/</loc>" in sitemap
    assert "<loc>https://example.org/clystyrau/en/bodies/senedd/</loc>" in sitemap
    assert '<xhtml:link rel="alternate" hreflang="en" href="https://example.org/clystyrau/en/glossary/"/>' in sitemap
    assert "<lastmod>2026-12-01</lastmod>" in sitemap  # the build's day comes from the one clock
    fixture_lines = (FIXTURE / "data" / "bodies.yaml").read_text(encoding="utf-8").splitlines()
    line = next(number for number, text in enumerate(fixture_lines, 1) if text == "- id: senedd")
    page = (project / "site" / "bodies" / "senedd" / "index.html").read_text(encoding="utf-8")
    assert f'href="https://github.com/example/clystyrau/blob/main/data/bodies.yaml#L{line}"' in page
    assert "Awgrymu newid i&rsquo;r cofnod hwn" in page or "Awgrymu newid i'r cofnod hwn" in page
    # the place is the link's title, for maintainers; the reader sees only the link (issue 15)
    assert f'title="data/bodies.yaml, llinell {line}"' in page
    assert "Lle cedwir y cofnod" not in page


def _record_line(record_id: str) -> int:
    lines = (FIXTURE / "data" / "bodies.yaml").read_text(encoding="utf-8").splitlines()
    return next(number for number, text in enumerate(lines, 1) if text == f"- id: {record_id}")


def test_without_a_repository_record_and_area_pages_name_the_file_and_line(fixture_site):
    """No GitHub repository and no repo_url: no edit link, but the place is still reachable,
    in a closed "suggest a change" block under the footer rather than in the reader's view (issue 15).

    The fixture site is built without GitHub's variables even inside GitHub Actions (conftest.environment)."""
    senedd = (fixture_site / "en" / "bodies" / "senedd" / "index.html").read_text(encoding="utf-8")
    footer = re.search(r'<p class="cc-reviewed">(.*?)</p>', senedd, re.S).group(1)
    assert "Where the record is kept" not in footer and "bodies.yaml" not in footer
    place = re.search(r'<details class="cc-maintainers">(.*?)</details>', senedd, re.S).group(1)
    assert "Suggest a change to this record" in place
    assert "Where the record is kept" in place and "<code>data/bodies.yaml</code>" in place
    assert f"line {_record_line('senedd')}" in place and "github.com" not in place
    area_pages = sorted((fixture_site / "areas").glob("*/index.html"))
    assert area_pages, "the fixture has no area pages"
    area = area_pages[0]
    html = area.read_text(encoding="utf-8")
    footer = re.search(r'<p class="cc-reviewed">(.*?)</p>', html, re.S).group(1)
    assert '<time datetime="' in footer and "Lle cedwir y cofnod" not in footer
    place = re.search(r'<details class="cc-maintainers">(.*?)</details>', html, re.S).group(1)
    assert "Lle cedwir y cofnod" in place and f"llinell {_record_line(area.parent.name)}" in place


def test_no_sitemap_without_a_site_address(fixture_site):
    assert not (fixture_site / "sitemap.xml").exists()
