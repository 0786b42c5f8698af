"""What a page asks for at load (issue 17), on the real site in headless Chromium.

A reader who only reads downloads no search index and no search worker, and no
page requests a file that is missing (Material's sitemap.xml lookups beside each
language alternate were a 404 on every page). The index arrives once the reader
starts a search, and the search still answers. hreflang alternates are absolute
when the site's address is known (the real site is built with SITE_URL).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from browser import search_results, serve, watch_errors

PAGES = {"home": "", "glossary": "glossary/", "structure": "structure/", "record": "bodies/heiw/"}
LANGS = {"cy": "", "en": "en/"}
SEARCH_ASSETS = re.compile(r"/search/search_index\.json$|/workers/search\.[0-9a-f]+\.min\.js$|cc-search-worker\.js$")


@pytest.fixture(scope="module")
def site_url(real_site, tmp_path_factory):
    with serve(real_site, tmp_path_factory.mktemp("serve")) as url:
        yield url


def visit(browser, url: str):
    context = browser.new_context()
    page = context.new_page()
    errors = watch_errors(page)
    requests, failures = [], []
    context.on("request", lambda request: requests.append(request.url))
    context.on("requestfailed", lambda request: failures.append((0, request.url)))
    context.on("response", lambda response: response.status >= 400 and failures.append((response.status, response.url)))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return context, page, errors, requests, failures


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", PAGES)
def test_a_page_loads_no_search_and_misses_no_file(browser, site_url, name, lang):
    context, page, errors, requests, failures = visit(browser, site_url + LANGS[lang] + PAGES[name])
    try:
        assert failures == [], failures
        assert errors == [], errors
        assert not [url for url in requests if SEARCH_ASSETS.search(urlsplit(url).path)], requests
        assert not [url for url in requests if urlsplit(url).path.endswith("sitemap.xml")], requests
    finally:
        context.close()


@pytest.mark.parametrize("lang, query, found", [("cy", "fwrdd", "/clystyrau/bodies/"),
                                                ("en", "HEIW", "/clystyrau/en/bodies/heiw/")])
def test_the_index_comes_with_the_first_search_and_the_search_answers(browser, site_url, lang, query, found):
    context, page, errors, requests, failures = visit(browser, site_url + LANGS[lang] + "structure/")
    try:
        results = search_results(page, query)
        index = [url for url in requests if urlsplit(url).path.endswith("/search/search_index.json")]
        assert index == [site_url + LANGS[lang] + "search/search_index.json"], index
        assert any(path.startswith(found) for path in results), results
        assert failures == [] and errors == [], (failures, errors)
    finally:
        context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_hreflang_alternates_are_absolute_twins(real_site, lang):
    html = (real_site / LANGS[lang] / "structure" / "index.html").read_text(encoding="utf-8")
    alternates = dict((code, href) for href, code in
                      re.findall(r'<link rel="alternate" href="([^"]*)" hreflang="([^"]*)">', html))
    assert alternates == {"cy": "http://127.0.0.1/clystyrau/structure/",
                          "en": "http://127.0.0.1/clystyrau/en/structure/"}, alternates


@pytest.mark.parametrize("lang", LANGS)
def test_the_glossary_lists_letters_only_in_its_contents_and_mounts_no_permalink_tooltips(real_site, lang):
    html = (real_site / LANGS[lang] / "glossary" / "index.html").read_text(encoding="utf-8")
    letters = re.findall(r'<h2 id="(letter-\d+)">', html)
    entries = re.findall(r'<h3 id="([^"]+)">', html)
    assert len(letters) > 10 and len(entries) > 100, (len(letters), len(entries))
    contents = set(re.findall(r'<a href="#([^"]+)" class="md-nav__link">', html))
    assert set(letters) <= contents, sorted(set(letters) - contents)
    assert not contents & set(entries), sorted(contents & set(entries))[:5]
    # The A-Z bar links every letter heading; every heading keeps its permalink, named without a title.
    bar = re.search(r'<nav aria-label="[^"]+" class="cc-letters">(.*?)</nav>', html, re.S).group(1)
    assert re.findall(r'href="#(letter-\d+)"', bar) == letters
    permalinks = re.findall(r'<a class="headerlink" href="#[^"]+"([^>]*)>', html)
    assert len(permalinks) == len(letters) + len(entries) + 1
    assert all(" aria-label=" in attrs and " title=" not in attrs for attrs in permalinks), permalinks[:3]
    if lang == "cy":  # Welsh letters: a digraph is one letter of the bar
        assert any(re.search(rf">{digraph}</a>", bar) for digraph in ("Ch", "Dd", "Ff", "Ll", "Rh", "Th")), bar
    # Any other page keeps its full table of contents and titled permalinks.
    other = (real_site / LANGS[lang] / "start-here" / "index.html").read_text(encoding="utf-8")
    assert 'class="headerlink"' in other and re.search(r'class="headerlink" href="#[^"]+" title=', other)
