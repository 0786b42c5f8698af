"""Unit tests of the small pure functions: escaping, collation, acronyms, YAML traps."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from clystyrau.checks.yamlio import load_yaml
from clystyrau.model.collation import initial_letter, welsh_letters, welsh_sort_key
from clystyrau.model.records import Site
from clystyrau.views.acronyms import link_acronyms
from clystyrau.views.markdown import escape_text
from clystyrau.views.places import heading_places


@pytest.mark.parametrize("text", [
    "<script>alert(1)</script>", "[x](javascript:alert(1))", "![i](data:text/html,x)",
    "{: onclick=x }", "*[HTML]: Hyper", "`code`", "<img src=x onerror=alert(1)>", "a | b", "~~s~~", "&amp;",
])
def test_escape_text_leaves_no_active_markdown_or_html(text):
    escaped = escape_text(text)
    assert not any(char in escaped for char in "<>[]{}`*|~!")
    assert "<" not in escaped and "[" not in escaped and "`" not in escaped


@pytest.mark.parametrize("text", ["1. first", "- item", "+ item", "> quote", ": definition"])
def test_escape_text_defuses_line_start_syntax(text):
    assert escape_text(text)[0] == "&"


def test_welsh_digraphs_are_single_letters():
    assert welsh_letters("Llanelli") == ["ll", "a", "n", "e", "ll", "i"]
    assert welsh_letters("Rhondda") == ["rh", "o", "n", "dd", "a"]
    words = ["Llais", "Lywodraeth", "Cymru", "Chwilio", "Dinbych", "Ddraig", "ffordd", "Fflint", "Gwynedd", "Ngwynedd",
             "Hywel", "Thomas", "Taf"]
    ordered = sorted(words, key=welsh_sort_key)
    assert ordered.index("Lywodraeth") < ordered.index("Llais")
    assert ordered.index("Cymru") < ordered.index("Chwilio")
    assert ordered.index("Dinbych") < ordered.index("Ddraig")
    assert ordered.index("Fflint") < ordered.index("ffordd")  # ff,l before ff,o
    assert ordered.index("Gwynedd") < ordered.index("Ngwynedd") < ordered.index("Hywel")  # ng between g and h
    assert ordered.index("Taf") < ordered.index("Thomas")
    assert initial_letter("Llais", "cy") == "Ll" and initial_letter("Llais", "en") == "L"
    assert welsh_sort_key("Môn") == welsh_sort_key("Mon")


def _site_with_glossary() -> Site:
    glossary = {
        "rpb": {"term": {"cy": "Bwrdd Partneriaeth Rhanbarthol", "en": "Regional Partnership Board"},
                "acronym": {"cy": "BPRh", "en": "RPB"}},
        "gp": {"term": {"cy": "Meddyg <teulu>", "en": "General practitioner"}, "acronym": {"en": "GP"}},
    }
    return Site(root=Path("."), bodies={}, body_lines={}, glossary=glossary, sources={}, strings={},
                outgoing={}, incoming={}, pages={"cy": {}, "en": {}})


def test_acronyms_are_linked_once_per_section_outside_links_and_headings():
    site = _site_with_glossary()
    html = ('<h1>RPB</h1><p>The RPB meets. Every RPB plans.</p><p><a href="x">RPB</a> <code>RPB</code></p>'
            '<h2>Next</h2><p>RPBs and RPB-led work; the RPB again. GP.</p>')
    result = link_acronyms(html, site, "en", "planning/index.md")
    assert result.startswith("<h1>RPB</h1>")  # headings untouched
    assert result.count('class="cc-acronym" href="../glossary/#rpb"') == 2  # once per section
    assert '<abbr title="Regional Partnership Board">RPB</abbr>' in result
    assert '<a href="x">RPB</a> <code>RPB</code>' in result  # links and code untouched
    assert "RPBs and RPB-led" in result  # only whole words
    assert 'href="../glossary/#gp"' in result


def test_acronyms_use_the_page_language_and_escape_titles():
    site = _site_with_glossary()
    welsh = link_acronyms("<p>Mae'r BPRh yn cyfarfod. RPB.</p>", site, "cy", "index.md")
    assert 'href="glossary/#rpb" title="Bwrdd Partneriaeth Rhanbarthol"><abbr>BPRh</abbr>' in welsh
    assert "RPB." in welsh and "#rpb\" title=\"Bwrdd Partneriaeth Rhanbarthol\"><abbr>RPB" not in welsh
    english = link_acronyms("<p>GP</p>", site, "en", "index.md")
    assert 'title="General practitioner"' in english
    welsh_gp = link_acronyms("<p>GP</p>", _site_with_glossary(), "cy", "index.md")
    assert welsh_gp == "<p>GP</p>"  # no Welsh acronym: left alone


def test_yaml_traps_are_reported_with_places(tmp_path):
    file = tmp_path / "data.yaml"
    file.write_text('- id: a\n  reviewed: 2024-01-01\n  short: {cy: yes, en: "x"}\n  id: b\n', encoding="utf-8")
    problems = []
    loaded = load_yaml(file, "data.yaml", problems)
    assert loaded is not None
    messages = sorted(str(p).splitlines()[0] for p in problems)
    assert messages == [
        "data.yaml:2:13: record 'b', field 'reviewed': the date 2024-01-01 is not in quotes",
        "data.yaml:3:15: record 'b', field 'short.cy': 'yes' is read by YAML as true/false, not as text",
        "data.yaml:4:3: record 'b', field 'id': the key 'id' appears twice in the same block (first on line 1)",
    ]


def test_safe_url_keeps_markdown_link_targets_whole():
    from clystyrau.views.markdown import safe_url

    assert safe_url("https://en.example.org/wiki/NHS_(Wales)?a=1&b=2") == "https://en.example.org/wiki/NHS_%28Wales%29?a=1&amp;b=2"


def test_lower_first_keeps_proper_names():
    from clystyrau.views.markdown import lower_first

    assert lower_first("Clystyrau gofal sylfaenol") == "clystyrau gofal sylfaenol"
    assert lower_first("Health boards") == "health boards"
    assert lower_first("Byrddau Partneriaeth Rhanbarthol") == "Byrddau Partneriaeth Rhanbarthol"
    assert lower_first("Llywodraeth Cymru") == "Llywodraeth Cymru"


@pytest.mark.parametrize("path, url, prefix", [
    ("index.md", "", ""), ("glossary/index.md", "glossary/", "../"), ("bodies/x.md", "bodies/x/", "../../"),
    ("start-here.md", "start-here/", "../"), ("diagrams/acd.svg", None, "../"),
])
def test_page_urls_and_the_way_back(path, url, prefix):
    from clystyrau.model.paths import page_url, url_prefix

    if url is not None:
        assert page_url(path) == url
    assert url_prefix(path) == prefix


def test_github_annotation_escapes_the_runners_reserved_characters():
    from clystyrau.model.problems import Problem

    problem = Problem("data/a,b.yaml", 3, 0, "x:y", "", "50% done\nnext line", "")
    assert problem.github_annotation() == (
        "::error file=data/a%2Cb.yaml,line=3,title=record 'x%3Ay'::50%25 done%0Anext line")
    whole_file = Problem("data/bodies.yaml", 0, 0, "", "", "the file is empty")
    assert whole_file.github_annotation() == "::error file=data/bodies.yaml::the file is empty"


def test_copied_runs_finds_only_long_shared_runs():
    import importlib.util

    script = Path(__file__).parents[1] / "scripts" / "copied_runs.py"
    spec = importlib.util.spec_from_file_location("copied_runs", script)
    copied_runs = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(copied_runs)
    source = copied_runs.words("Mae'r clwstwr yn dod â gwasanaethau lleol ynghyd er mwyn cydlynu gofal yn well i bawb.")
    grams = {tuple(source[i:i + 5]) for i in range(len(source) - 4)}
    page = copied_runs.words("Yn ein geiriau ni: mae’r clwstwr yn dod â gwasanaethau lleol ynghyd, a dyna ni. "
                             "Cydlynu gofal yn well.")
    assert copied_runs.shared_runs(page, grams, 5) == [
        ["mae'r", "clwstwr", "yn", "dod", "â", "gwasanaethau", "lleol", "ynghyd"]]


def test_heading_places_follow_the_outline_and_count_headings_without_an_id():
    html = ('<h1 id="t">T</h1><h2 id="a">A</h2><h3 id="b">B</h3><h3>no id</h3><h3 class="x" id="c">C</h3>'
            '<h2 id="d">D</h2><h4 id="e">E</h4>')
    marked = heading_places(html)
    assert '<h1 id="t">T</h1>' in marked   # the page title is not part of the outline
    places = re.findall(r'<h[2-6][^>]* id="([^"]*)" data-cc-place="([^"]*)">', marked)
    assert places == [("a", "cc-1"), ("b", "cc-1-1"), ("c", "cc-1-3"), ("d", "cc-2"), ("e", "cc-2-0-1")]
    # Each marked heading carries an anchor with its place as id, for the browser to scroll to.
    assert marked.count('<span class="cc-place" id="cc-1-3"></span>C</h3>') == 1
    assert "<h3>no id</h3>" in marked
