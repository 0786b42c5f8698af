"""The fixture site in a real browser: language link, per-language search, no script from data."""

from __future__ import annotations

import time
from urllib.parse import urlsplit

import pytest

from browser import open_search_box, search, serve


@pytest.fixture(scope="module")
def base_url(fixture_site, tmp_path_factory):
    with serve(fixture_site, tmp_path_factory.mktemp("www")) as url:
        yield url


def test_language_link_goes_to_the_same_generated_page(page, base_url):
    page.goto(base_url + "bodies/senedd/")
    assert page.locator("html").get_attribute("lang") == "cy"
    link = page.locator("a.cc-language__link")
    assert (link.inner_text() == "English" and link.get_attribute("hreflang") == "en"
            and link.get_attribute("lang") == "en")
    link.click()
    page.wait_for_load_state()
    assert urlsplit(page.url).path == "/clystyrau/en/bodies/senedd/"
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text().startswith("Welsh Parliament")
    page.locator("a.cc-language__link", has_text="Cymraeg").click()
    page.wait_for_load_state()
    assert urlsplit(page.url).path == "/clystyrau/bodies/senedd/"


def test_language_link_from_home_pages_under_a_sub_path(page, base_url):
    page.goto(base_url)
    page.locator("a.cc-language__link").click()
    page.wait_for_load_state()
    assert urlsplit(page.url).path == "/clystyrau/en/"
    page.locator("a.cc-language__link").click()
    page.wait_for_load_state()
    assert urlsplit(page.url).path == "/clystyrau/"


def test_search_results_stay_in_the_page_language(page, base_url):
    page.goto(base_url + "guide/planning/")
    welsh = search(page, "Powys")
    assert any("Bwrdd Iechyd Addysgu Powys" in title for title in welsh), welsh
    assert not any("Powys Teaching Health Board" in title or "Planning" == title for title in welsh), welsh
    hrefs = page.locator(".md-search-result__link").evaluate_all("links => links.map(a => a.href)")
    assert hrefs and not any("/en/" in href for href in hrefs), hrefs

    page.goto(base_url + "en/guide/planning/")
    english = search(page, "Powys")
    assert any("Powys Teaching Health Board" in title for title in english), english
    assert not any("Bwrdd Iechyd Addysgu Powys" in title for title in english), english
    hrefs = page.locator(".md-search-result__link").evaluate_all("links => links.map(a => a.href)")
    assert hrefs and all("/clystyrau/en/" in href for href in hrefs), hrefs


def test_text_from_the_data_never_runs(page, base_url):
    for path in ("bodies/hostile-body/", "en/bodies/hostile-body/", "types/third-sector/", "bodies/"):
        page.goto(base_url + path)
        page.wait_for_load_state("load")
        assert page.evaluate("window.__pwned === undefined"), path
        assert page.locator("a", has_text="Cliciwch").count() == 0  # shown as text, not as a link
        assert page.locator("a[href^='javascript:']").count() == 0


def test_pages_load_nothing_from_other_hosts(page, base_url):
    hosts, indexes = set(), []
    page.context.on("request", lambda request: hosts.add(urlsplit(request.url).hostname))
    page.context.on("requestfinished", lambda request: request.url.endswith("/search_index.json") and indexes.append(1))
    for number, path in enumerate(("", "en/", "bodies/senedd/", "structure/", "glossary/"), start=1):
        page.goto(base_url + path)
        page.wait_for_load_state("load")
        # The last request a page makes is its search worker's index, once a search starts (issue 17).
        open_search_box(page)
        deadline = time.monotonic() + 15
        while len(indexes) < number and time.monotonic() < deadline:
            page.wait_for_timeout(25)
        assert len(indexes) == number, f"{path}: the search index was never loaded"
    assert hosts == {"127.0.0.1"}
    assert page.context.cookies() == []
