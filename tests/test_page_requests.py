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
