"""What search downloads (issue 17): nothing at page load, and a first search of bounded size.

The real site is served under a sub-path from a plain static server and loaded in a fresh
browser context per page. Bytes are counted, not time: each response as a server compressing
at gzip level 6 would send it (Pagefind's index and pages come compressed already, so the
smaller of the two sizes).
"""

from __future__ import annotations

import gzip
import re
from urllib.parse import urlsplit

import pytest

from browser import search_results, serve, watch_errors

FIRST_SEARCH_LIMIT = 200 * 1024  # issue 17's target
# A Welsh word is looked up under its radicals ("bwrdd": bwrdd, pwrdd), under which the index files
# every word too, so most words need one or two of Pagefind's alphabetical index chunks (about 24 KB
# each), not one per initial letter of all their forms, and stay within the target. Two kinds still
# go over, the known gap, measured here so that it cannot grow: a word whose radicals start with
# three letters ("fwrdd": fwrdd, bwrdd, mwrdd), and a search whose first pages include the glossary,
# whose page alone is a 32 KB fragment ("nghlwstwr").
WELSH_LIMIT = 220 * 1024
SEARCH_FILES = re.compile(r"/search/search_index\.json|/pagefind/|cc-search-worker\.js|/workers/search\.")


@pytest.fixture(scope="module")
def base_url(real_site, tmp_path_factory):
    with serve(real_site, tmp_path_factory.mktemp("www-search-requests")) as url:
        yield url


def _sent_size(response) -> int:
    body = response.body()
    return min(len(body), len(gzip.compress(body, compresslevel=6)))


def _load(browser, url: str):
    context = browser.new_context()
    page = context.new_page()
    errors = watch_errors(page)
    responses: list = []
    page.on("response", lambda response: responses.append(response))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return context, page, errors, responses


@pytest.mark.parametrize(("path", "query", "limit"), [
    ("en/", "health", FIRST_SEARCH_LIMIT),
    ("en/bodies/heiw/", "AaGIC", FIRST_SEARCH_LIMIT),
    ("", "HEIW", FIRST_SEARCH_LIMIT),          # an acronym is searched as typed
    ("", "bwrdd", FIRST_SEARCH_LIMIT),
    ("glossary/", "gofal", FIRST_SEARCH_LIMIT),
    ("", "iechyd", FIRST_SEARCH_LIMIT),
    ("glossary/", "nghlwstwr", WELSH_LIMIT),
    ("", "fwrdd", WELSH_LIMIT),
])
def test_page_load_fetches_no_search_and_a_first_search_stays_small(browser, base_url, path, query, limit):
    context, page, errors, responses = _load(browser, base_url + path)
    try:
        at_load = [response.url for response in responses]
        assert not [url for url in at_load if SEARCH_FILES.search(url)], at_load
        before = len(responses)
        results = search_results(page, query)
        page.wait_for_load_state("networkidle")
        assert results
        searched = responses[before:]
        urls = [response.url for response in searched]
        bundle = [url for url in urls if "/pagefind/" in urlsplit(url).path]
        assert bundle, urls
        settings = [response for response in searched if "/search/search_index.json" in response.url]
        assert all(len(response.body()) < 4096 for response in settings)  # the settings, not Material's index
        language_root = base_url + ("en/" if path.startswith("en/") else "")
        elsewhere = [url for url in bundle if not url.startswith(language_root + "pagefind/")]
        assert not elsewhere, elsewhere  # the page's own language only
        total = sum(_sent_size(response) for response in searched)
        assert total <= limit, (total, urls)
        assert errors == []
    finally:
        context.close()
