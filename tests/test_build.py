"""Build the fixture site into a temporary folder and check the HTML it produces."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import yaml

from conftest import FIXTURE
from htmlcheck import find, parse

BODY_IDS = [record["id"] for record in yaml.safe_load((FIXTURE / "data" / "bodies.yaml").read_text(encoding="utf-8"))]


def page(site, lang, path):
    """The built HTML file of a page given by its path inside the language folder."""
    return site / ("" if lang == "cy" else "en") / path / "index.html"


def test_every_record_has_a_page_in_both_languages(fixture_site):
    for body_id in BODY_IDS:
        assert page(fixture_site, "cy", f"bodies/{body_id}").is_file()
        assert page(fixture_site, "en", f"bodies/{body_id}").is_file()


def test_pages_declare_their_language(fixture_site):
    for path in ["", "bodies/senedd", "glossary", "guide/planning", "types/health-board", "sources/001"]:
        assert parse(page(fixture_site, "cy", path)).tags[0] == ("html", {"lang": "cy", "class": "no-js"})
        assert parse(page(fixture_site, "en", path)).tags[0] == ("html", {"lang": "en", "class": "no-js"})


def test_the_one_404_page_is_welsh_first_with_an_english_part(fixture_site):
    """GitHub Pages serves only the root 404.html; the English build must not overwrite it."""
    page = (fixture_site / "404.html").read_text(encoding="utf-8")
    assert re.search(r'<html lang="cy"', page)
    assert "<title>Clystyrau Cymru" in page
    assert '<div lang="en">' in page and "Page not found (404)" in page
    assert not (fixture_site / "en" / "404.html").exists()


def test_language_link_on_generated_page_goes_to_its_twin(fixture_site):
    welsh = find(parse(page(fixture_site, "cy", "bodies/senedd")), "a", class_="cc-language__link")
    english = find(parse(page(fixture_site, "en", "bodies/senedd")), "a", class_="cc-language__link")
    assert welsh == [{"class": "cc-language__link", "href": "../../en/bodies/senedd/", "hreflang": "en", "lang": "en"}]
    assert english == [{"class": "cc-language__link", "href": "../../../bodies/senedd/",
                        "hreflang": "cy", "lang": "cy"}]
    text = page(fixture_site, "cy", "bodies/senedd").read_text(encoding="utf-8")
    assert re.search(r'class="cc-language__link"[^>]*>English</a>', text)


def test_language_link_on_authored_pages_and_home(fixture_site):
    planning_links = find(parse(page(fixture_site, "cy", "guide/planning")), "a", class_="cc-language__link")
    assert planning_links[0]["href"] == "../../en/guide/planning/"
    assert find(parse(page(fixture_site, "cy", "")), "a", class_="cc-language__link")[0]["href"] == "en/"
    assert find(parse(page(fixture_site, "en", "")), "a", class_="cc-language__link")[0]["href"] == "../"
    # <link rel="alternate"> carries the same relative addresses (no "/" that breaks sub-path hosting)
    alternates = find(parse(page(fixture_site, "en", "")), "link", rel="alternate")
    assert {a["hreflang"]: a["href"] for a in alternates} == {"cy": "../", "en": "./"}


def test_relations_show_both_directions(fixture_site):
    government = page(fixture_site, "cy", "bodies/welsh-government").read_text(encoding="utf-8")
    senedd = page(fixture_site, "en", "bodies/senedd").read_text(encoding="utf-8")
    assert "Yn atebol i" in government and 'href="../senedd/"' in government
    assert "Bodies accountable to it" in senedd and ">Welsh Government</a>" in senedd


def test_handbook_links_resolve_to_records_in_the_page_language(fixture_site):
    welsh = parse(page(fixture_site, "cy", ""))
    english = parse(page(fixture_site, "en", ""))
    assert find(welsh, "a", href="bodies/welsh-government/")
    assert find(english, "a", href="bodies/welsh-government/", title="Welsh Government")
    html = page(fixture_site, "cy", "").read_text(encoding="utf-8")
    assert ">Llywodraeth Cymru</a>" in html and ">LlC</a>" in html
    assert 'href="glossary/#rpb"' in html and ">BPRh</a>" in html


def test_record_pages_list_the_handbook_pages_that_mention_them(fixture_site):
    html = page(fixture_site, "en", "bodies/hb-powys").read_text(encoding="utf-8")
    assert 'href="../../guide/planning/">Planning</a>' in html


def test_authored_pages_cite_their_sources(fixture_site):
    html = page(fixture_site, "cy", "guide/planning").read_text(encoding="utf-8")
    assert "Ffynonellau'r dudalen hon" in html and 'href="../../sources/002/"' in html


def test_other_language_names_are_marked(fixture_site):
    html = page(fixture_site, "cy", "bodies/bevan-commission").read_text(encoding="utf-8")
    assert '<span lang="en">Bevan Commission</span>' in html
    senedd = page(fixture_site, "cy", "bodies/senedd").read_text(encoding="utf-8")
    assert '<span lang="en">Welsh Parliament</span>' in senedd


def test_hostile_text_is_shown_not_run(fixture_site):
    for lang in ("cy", "en"):
        parsed = parse(page(fixture_site, lang, "bodies/hostile-body"))
        html = page(fixture_site, lang, "bodies/hostile-body").read_text(encoding="utf-8")
        # Scripts the browser runs (not JSON-LD data blocks) hold nothing from the data.
        scripts = [body for attributes, body in re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.S)
                   if "application/ld+json" not in attributes and "application/json" not in attributes]
        assert scripts and not [body for body in scripts if "__pwned" in body]
        assert not [a for t, a in parsed.tags if any(k.startswith("on") for k in a)]
        assert not [a for t, a in parsed.tags if str(a.get("href", "")).startswith(("javascript:", "data:"))]
        assert not find(parsed, "img", src="x")
        assert "<script>window.__pwned" not in html
    welsh = parse(page(fixture_site, "cy", "bodies/hostile-body"))
    assert "<script>window.__pwned=1</script>" in welsh.h1  # shown as text


def test_indexes_list_every_record_in_both_languages(fixture_site):
    for lang in ("cy", "en"):
        html = page(fixture_site, lang, "bodies").read_text(encoding="utf-8")
        for body_id in BODY_IDS:
            assert f'href="{body_id}/"' in html, (lang, body_id)
    assert "Bwrdd Iechyd Addysgu Powys" in page(fixture_site, "cy", "types/health-board").read_text(encoding="utf-8")


def test_glossary_follows_the_welsh_alphabet(fixture_site):
    welsh = page(fixture_site, "cy", "glossary").read_text(encoding="utf-8")
    order = [welsh.index(f'id="{entry}"') for entry in ("rpb", "cymru", "chwarae", "lhb", "llais", "wg")]
    assert order == sorted(order), "Welsh: B, C, Ch, L, Ll (LlC files under Ll)"
    english = page(fixture_site, "en", "glossary").read_text(encoding="utf-8")
    order = [english.index(f'id="{entry}"') for entry in ("chwarae", "lhb", "llais", "rpb", "cymru", "wg")]
    assert order == sorted(order), "English: Fair play, High level, Llais, RPB, Wales, WG"
    assert '<span lang="en">Regional Partnership Board (RPB)</span>' in welsh


def _pagefind_pages(bundle: Path) -> list[dict]:
    """The pages a Pagefind bundle holds (its fragments: gzip, after a signature, JSON)."""
    return [json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
            for path in sorted((bundle / "fragment").glob("*.pf_fragment"))]


def test_search_indexes_are_split_by_language(fixture_site):
    welsh = json.loads((fixture_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    english = json.loads((fixture_site / "en" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert welsh["docs"] == [] and english["docs"] == [], "Material's index holds the settings only (Pagefind searches)"
    welsh_pages = _pagefind_pages(fixture_site / "pagefind")
    english_pages = _pagefind_pages(fixture_site / "en" / "pagefind")
    welsh_titles = {page["meta"]["title"] for page in welsh_pages}
    english_titles = {page["meta"]["title"] for page in english_pages}
    assert "Cynllunio" in welsh_titles and "Planning" not in welsh_titles
    assert "Planning" in english_titles and "Cynllunio" not in english_titles
    assert not any(page["url"].startswith("/en/") for page in english_pages + welsh_pages)
    for bundle, lang in ((fixture_site / "pagefind", "cy"), (fixture_site / "en" / "pagefind", "en")):
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        assert list(entry["languages"]) == [lang]
    assert welsh["config"]["pipeline"] == [], "Welsh words must not meet an English stop-word list or trimmer"
    assert "welsh_mutations" in welsh["config"] and "welsh_mutations" not in english["config"]


def test_no_third_party_requests_in_markup(fixture_site):
    for html_file in fixture_site.rglob("*.html"):
        text = html_file.read_text(encoding="utf-8")
        for match in re.finditer(r'(?:src|href)="(https?:)?//([^"/]+)', text):
            host = match.group(2)
            # Outbound links are fine (record websites, sources); loaded resources are not.
            loaded_from_host = rf'<(script|link|img)[^>]+(src|href)="(https?:)?//{re.escape(host)}'
            assert not re.search(loaded_from_host, text), (html_file, host)


def test_a_changed_relation_changes_the_diagrams_on_the_next_build(tmp_path, fixture_site):
    import shutil

    from conftest import run_build

    # The first build is the session's fixture build: a copy of its project, output included,
    # is what a maintainer has before the edit (the copy keeps the session's own untouched).
    project = tmp_path / "project"
    shutil.copytree(fixture_site.parent, project, symlinks=True)
    page = project / "site" / "bodies" / "la-powys" / "index.html"
    assert 'data-source="la-powys" data-kind="member-of" data-target="rpb-powys"' in page.read_text(encoding="utf-8")
    data = project / "data" / "bodies.yaml"
    member_of = ("    - kind: member-of\n      target: rpb-powys\n"
                 "  sources:\n    - doc: \"001\"\n  reviewed: \"2026-11-25\"\n- id: rpb-powys")
    works_with = ("    - kind: works-with\n      target: rpb-powys\n"
                  "  sources:\n    - doc: \"001\"\n  reviewed: \"2026-11-25\"\n- id: rpb-powys")
    data.write_text(data.read_text(encoding="utf-8").replace(member_of, works_with), encoding="utf-8")
    assert run_build(project).returncode == 0
    html = page.read_text(encoding="utf-8")
    assert 'data-source="la-powys" data-kind="works-with" data-target="rpb-powys"' in html
    assert 'data-kind="member-of" data-target="rpb-powys"' not in html.split('id="body-la-powys"')[1]


def test_missing_graphviz_stops_the_build_with_a_clear_message(tmp_path):
    import os
    import subprocess
    import sys

    from conftest import environment, make_project

    project = make_project(tmp_path)
    bin_dir = tmp_path / "bin"  # a PATH with python but without Graphviz's dot
    bin_dir.mkdir()
    (bin_dir / "python").symlink_to(sys.executable)
    env = dict(environment(), PATH=str(bin_dir))
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "out")],
                            cwd=project, capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 1
    assert "Graphviz's 'dot' program is not installed" in result.stderr
    assert "Traceback" not in result.stderr
    assert os.path.exists(tmp_path / "out") is False or not any((tmp_path / "out").rglob("*.html"))


def test_type_links_name_the_group_in_the_page_language(fixture_site):
    welsh = page(fixture_site, "cy", "").read_text(encoding="utf-8")
    english = page(fixture_site, "en", "").read_text(encoding="utf-8")
    assert '<a href="types/health-board/">byrddau iechyd</a>' in welsh
    assert '<a href="types/local-authority/">Awdurdodau lleol</a>' in welsh
    assert '<a href="types/health-board/">health boards</a>' in english
