"""Search: Welsh mutations and acronyms in both languages.

Unit tests of clystyrau.views.search, then the real site in headless Chromium: the
search box as a reader uses it, and our search worker (cc-search-worker.js, which
answers Material's search box from Pagefind) driven directly, with small Pagefind
bundles built here and with the real ones.
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import subprocess
import sys
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from browser import search_results, serve, watch_errors
from clystyrau.checks.loader import load_site
from clystyrau.model import mutations
from clystyrau.views.search import (
    PAGEFIND_WEIGHTS,
    RADICAL_MARK,
    _both,
    location,
    pagefind_html,
    search_aliases,
    split_search_index,
    type_terms,
)
from conftest import ROOT

# --------------------------------------------------------------------------
# Unit tests


@pytest.fixture(scope="module")
def site():
    return load_site(ROOT)


def test_locations_of_generated_pages():
    assert location("bodies/senedd.md") == "bodies/senedd/"
    assert location("types/health-board.md") == "types/health-board/"
    assert location("glossary/index.md") == "glossary/"


def test_words_end_at_punctuation_but_not_inside_numbers():
    from clystyrau.views.search import SEPARATOR
    text = "Addysg a Gwella Iechyd Cymru (AaGIC), https://heiw.nhs.wales/ 4.2 Mae’n a'r &amp; BPRh; 2023/24 tŷ"
    assert [word for word in re.split(SEPARATOR, text) if word] == [
        "Addysg", "a", "Gwella", "Iechyd", "Cymru", "AaGIC", "https", "heiw", "nhs", "wales", "4.2",
        "Mae", "n", "a", "r", "BPRh", "2023", "24", "tŷ"]


def test_only_the_welsh_index_carries_the_mutation_table():
    combined = {"config": {"lang": ["cy", "en"], "separator": "[\\s\\-]+", "pipeline": ["stopWordFilter"],
                           "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}}},
                "docs": [{"location": "", "title": "Hafan", "text": ""},
                         {"location": "en/", "title": "Home", "text": ""}]}
    indexes = split_search_index(combined, ["cy", "en"], "cy")
    assert indexes["cy"]["config"]["welsh_mutations"] == mutations.table()
    assert "welsh_mutations" not in indexes["en"]["config"]
    assert indexes["cy"]["config"]["pipeline"] == [] and indexes["en"]["config"]["pipeline"] == ["stopWordFilter"]
    assert (indexes["cy"]["config"]["separator"] == indexes["en"]["config"]["separator"]
            != combined["config"]["separator"])
    assert "welsh_mutations" not in combined["config"]


def test_aliases_hold_acronyms_in_both_languages_and_the_other_name(site):
    welsh, english = search_aliases(site, "cy"), search_aliases(site, "en")
    assert welsh["bodies/heiw/"] == {"aliases": ["AaGIC", "HEIW"], "names": ["Health Education and Improvement Wales"]}
    assert english["bodies/heiw/"] == {"aliases": ["AaGIC", "HEIW"], "names": ["Addysg a Gwella Iechyd Cymru"]}
    # The sources' misprints of an acronym (GCTA in 002) are no longer shown as other names, but search finds them.
    assert welsh["glossary/#pcpg"] == {"aliases": ["GCTG", "PCPG"],
                                       "names": ["Pan-Cluster Planning Group", "GCTA", "GCTAau"]}
    for aliases in (welsh, english):
        assert aliases["types/regional-partnership-board/"]["generic"] == ["BPRh", "RPB"]
    assert "Regional Partnership Boards" in welsh["types/regional-partnership-board/"]["names"]
    assert [entry["id"] for entry in type_terms(site, "regional-partnership-board")] == ["rpb"]
    assert type_terms(site, "public-services-board") == []  # its glossary entry names a body record


def test_every_acronym_and_short_name_is_on_its_page_in_both_languages(site):
    for lang in ("cy", "en"):
        aliases = search_aliases(site, lang)
        for body_id, body in site.bodies.items():
            names = set(aliases[f"bodies/{body_id}/"].get("aliases", []))
            wanted = {body["short"][each] for each in ("cy", "en") if each in body.get("short", {})}
            for entry in site.glossary.values():
                if entry.get("body") == body_id:
                    wanted |= set(entry.get("acronym", {}).values())
            assert wanted <= names, (lang, body_id, wanted - names)
        for entry_id, entry in site.glossary.items():
            assert set(entry.get("acronym", {}).values()) <= set(aliases[f"glossary/#{entry_id}"].get("aliases", []))


def test_pagefind_reads_the_article_with_the_names_escaped_in_place():
    page = ('<html><body><nav>menu</nav><article class="md-content__inner md-typeset">'
            '<h1 id="x">X<a class="headerlink" href="#x">&para;</a></h1><p>text</p>'
            '<h3 id="pcpg">PCPG</h3><p>entry</p></article><footer>foot</footer></body></html>')
    aliases = {"bodies/x/": {"aliases": ["<script>alert(1)</script>", "A&B"]}, "bodies/x/#pcpg": {"names": ["Pan"]},
               "other/": {"aliases": ["elsewhere"]}}
    html = pagefind_html(page, "bodies/x/", aliases, "en")  # Welsh adds the radicals (below)
    weight = PAGEFIND_WEIGHTS
    fields = f'<p data-pagefind-weight="{weight["aliases"]}">&lt;script&gt;alert(1)&lt;/script&gt; A&amp;B</p>'
    assert html.index("</h1>") < html.index(fields) < html.index("<p>text</p>")
    assert html.index("PCPG</h3>") < html.index(f'<p data-pagefind-weight="{weight["names"]}">Pan</p>') < html.index(
        "<p>entry</p>")
    assert "menu" not in html and "foot" not in html and "&para;" not in html and "elsewhere" not in html
    assert '<html lang="en">' in html and "<main data-pagefind-body>" in html
    assert pagefind_html("<html><body>no article</body></html>", "x/", {}, "cy") is None
    assert weight["generic"] > weight["aliases"] > 7 > weight["names"]  # 7: Pagefind's weight of an h1


def test_welsh_sections_are_filed_under_the_radicals_they_do_not_hold():
    page = ('<html><body><article class="md-content__inner md-typeset">'
            '<h1 id="x">Y Fwrdd</h1><p>Mae&#39;r fwrdd a&rsquo;r bwrdd &amp; HEIW</p>'
            '<h2 id="y">Gofal</h2><p>yng Nghymru, <a href="https://fwrdd.example/">ofal</a></p></article></body></html>')
    welsh = pagefind_html(page, "x/", {}, "cy")
    first, second = welsh.split('<h2 id="y">')
    # after each heading, once each, only radicals the section does not hold as written: the
    # heading's at its weight (an h1's is 7), then the text's
    assert ('<h1 id="x">Y Fwrdd</h1><div data-pagefind-weight="7">~|bwrdd ~|mwrdd</div>'
            '<div>~|bae ~|eiw ~|pwrdd</div><p>') in first
    assert second.startswith('Gofal</h2><div data-pagefind-weight="6">~|cofal</div><div>~|cymru ~|gyng</div><p>')
    assert 'href="https://fwrdd.example/"' in second and "&amp; HEIW" in first  # tags and entities as they were
    assert "~|" not in pagefind_html(page, "x/", {}, "en")  # English is not filed under Welsh radicals
    assert RADICAL_MARK == "~|"  # cc-search-worker.js `excerpt` drops words marked so


def _pagefind_pages(bundle) -> dict[str, dict]:
    import gzip
    pages = [json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
             for path in (bundle / "fragment").glob("*.pf_fragment")]
    return {page["url"]: page for page in pages}


def test_the_built_indexes(real_site):
    welsh = json.loads((real_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    english = json.loads((real_site / "en" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert welsh["config"]["welsh_mutations"] == mutations.table() and "welsh_mutations" not in english["config"]
    assert welsh["docs"] == english["docs"] == []  # the settings only: Pagefind holds the pages
    heiw = _pagefind_pages(real_site / "pagefind")["/bodies/heiw/"]
    assert "HEIW" in heiw["content"] and "AaGIC" in heiw["content"]
    rpb = _pagefind_pages(real_site / "en" / "pagefind")["/types/regional-partnership-board/"]
    assert "BPRh" in rpb["content"]


# --------------------------------------------------------------------------
# In the browser



@pytest.fixture(scope="module")
def base_url(real_site, tmp_path_factory):
    with serve(real_site, tmp_path_factory.mktemp("www-search")) as url:
        yield url


@pytest.fixture(scope="module")
def _open_pages(browser, base_url):
    """One page per language, at its home page, loaded once for the whole module: each load makes
    Material's worker build the index again, and searching the same page again and again is what a
    reader does. Their script errors are collected, and checked after each test (`home`)."""
    pages: dict = {}

    def get(lang: str):
        if lang not in pages:
            opened = browser.new_context().new_page()
            errors = watch_errors(opened)
            opened.goto(base_url + _home(lang))
            pages[lang] = (opened, errors)
        return pages[lang]

    yield get
    for opened, _ in pages.values():
        opened.context.close()


@pytest.fixture
def home(_open_pages):
    """home(lang): the language's search page; the test fails if any script error is logged during it."""
    used = []

    def get(lang: str):
        opened, errors = _open_pages(lang)
        used.append((lang, errors, len(errors)))
        return opened

    yield get
    for lang, errors, before in used:
        assert errors[before:] == [], (lang, errors[before:])


def _home(lang: str) -> str:
    return "en/" if lang == "en" else ""


# (language of the page, what is typed, a page expected, among the first n results)
EXPECTED = [
    # acronyms and names in either language find the page in the page's language
    ("cy", "RPB", "types/regional-partnership-board/", 1),   # a generic acronym: the type's index first
    ("cy", "BPRh", "types/regional-partnership-board/", 1),
    ("en", "RPB", "types/regional-partnership-board/", 1),
    ("en", "BPRh", "types/regional-partnership-board/", 1),
    ("cy", "BPRh", "bodies/rpb-gwent/", 9),                   # then the boards themselves
    ("en", "RPB", "bodies/rpb-powys/", 9),
    ("cy", "BPRh Gwent", "bodies/rpb-gwent/", 1),
    ("en", "Gwent RPB", "bodies/rpb-gwent/", 1),
    ("cy", "HEIW", "bodies/heiw/", 1),
    ("cy", "AaGIC", "bodies/heiw/", 1),
    ("en", "HEIW", "bodies/heiw/", 1),
    ("en", "AaGIC", "bodies/heiw/", 1),
    ("cy", "PCPG", "bodies/pan-cluster-planning-groups/", 1),
    ("cy", "GCTG", "bodies/pan-cluster-planning-groups/", 1),
    ("en", "PCPG", "bodies/pan-cluster-planning-groups/", 1),
    ("en", "GCTG", "bodies/pan-cluster-planning-groups/", 1),
    ("en", "pan-cluster", "bodies/pan-cluster-planning-groups/", 3),
    ("cy", "WG", "bodies/welsh-government/", 1),
    ("en", "LlC", "bodies/welsh-government/", 1),
    ("cy", "PHW", "bodies/phw/", 1),
    ("en", "ICC", "bodies/phw/", 1),
    ("cy", "WLGA", "bodies/wlga/", 1),
    ("en", "CLlLC", "bodies/wlga/", 1),  # 004 prints the OCR error CLILC (issue 13)
    ("cy", "MHRA", "bodies/medicines-healthcare-products-regulatory-agency/", 1),  # not a mutated "PRA"
    ("cy", "Senedd", "bodies/senedd/", 1),
    ("en", "Llais", "bodies/llais/", 1),
    ("cy", "PORh", "bodies/local-optometric-committees/", 1),  # the sources use only Welsh acronyms here
    ("en", "POLl", "bodies/local-optometric-committees/", 1),
    ("cy", "Regional Partnership Board", "types/regional-partnership-board/", 1),
    ("en", "Bwrdd Partneriaeth Rhanbarthol", "types/regional-partnership-board/", 1),
    # Welsh mutations: a mutated word finds the radical, and the other way round
    ("cy", "fwrdd iechyd", "bodies/hb-aneurin-bevan/", 5),
    ("cy", "mwrdd iechyd", "bodies/hb-aneurin-bevan/", 5),
    ("cy", "nghlwstwr", "planning/cluster-plans/", 5),
    ("cy", "glwstwr", "planning/cluster-plans/", 5),
    ("cy", "drydydd", "types/third-sector/", 1),
    ("cy", "nhrydydd", "types/third-sector/", 1),
    ("cy", "hawdurdod", "types/local-authority/", 3),
    ("cy", "ranbarthol", "types/regional-partnership-board/", 5),
    ("cy", "phartneriaeth", "types/regional-partnership-board/", 5),
    ("cy", "nghynllun", "planning/cluster-plans/", 5),
    ("cy", "lais", "bodies/llais/", 1),
    # the words people use (issue 15): the health board plan and the councils Llais replaced
    ("cy", "IMTP", "glossary/", 3),
    ("en", "IMTP", "glossary/", 3),
    ("cy", "CTCI", "glossary/", 3),
    ("en", "CTCI", "glossary/", 3),
    ("cy", "CHC", "bodies/community-health-councils/", 1),
    ("en", "CHC", "bodies/community-health-councils/", 1),
]


@pytest.mark.parametrize(("lang", "query", "expected", "within"), EXPECTED)
def test_search_finds(home, lang, query, expected, within):
    page = home(lang)
    results = search_results(page, query)
    prefix = f"/clystyrau/{_home(lang)}"
    assert all(path.startswith(prefix) for path in results), results  # results stay in the page's language
    if lang == "cy":
        assert not any(path.startswith("/clystyrau/en/") for path in results), results
    assert prefix + expected in results[:within], results[:within]


def _count(page) -> int:
    """The number of pages Material says it found."""
    text = page.locator(".md-search-result__meta").inner_text()
    number = re.search(r"\d+", text)
    return int(number.group()) if number else (1 if text == page.evaluate(
        "JSON.parse(document.getElementById('__config').textContent).translations['search.result.one']") else 0)


PAGES_WITH = """async ({bundle, forms, mark}) => {
    const pagefind = await import(new URL(bundle + 'pagefind.js', location.href).href);
    await pagefind.init();
    const pages = new Set();
    for (const form of forms)
        for (const result of (await pagefind.search(form)).results) {
            // the index also files each word under its radicals: count the words as written
            const written = (await result.data()).content.split(mark).map(part => part.replace(/^[\\p{L}\\p{M}]*/u, ''))
            if (written.join('').toLowerCase().split(/[^\\p{L}\\p{M}\\p{N}]+/u).some(word => word.startsWith(form)))
                pages.add(result.id);
        }
    return pages.size;
}"""


def _pages_with(page, lang: str, forms: set[str]) -> int:
    """Pages holding a written word that starts with one of `forms`, asked of Pagefind's own API, a form
    at a time (each page it finds read to see the word is written there, not only filed under a radical)."""
    return page.evaluate(PAGES_WITH, {"bundle": f"{page.url.split('/clystyrau/')[0]}/clystyrau/{_home(lang)}pagefind/",
                                      "forms": sorted(forms), "mark": RADICAL_MARK})


def _forms_of(query: str) -> set[str]:
    return {form.lower() for form in mutations.variants(query) if len(form) >= mutations.MIN_LENGTH} | {query.lower()}


@pytest.mark.parametrize("query", ["clwstwr", "nghlwstwr", "cynllun", "Nghymru", "gofal", "ofal", "partneriaeth",
                                   "drydydd", "hawdurdod", "ranbarthol", "lais", "fwrdd"])
def test_a_welsh_word_finds_every_page_with_any_of_its_forms(home, query):
    """Material's own count of results equals the count of pages holding any form of the word."""
    page = home("cy")
    expected, literal = _pages_with(page, "cy", _forms_of(query)), _pages_with(page, "cy", {query.lower()})
    assert expected > literal, "the example must have pages holding only other forms of the word"
    search_results(page, query)
    assert _count(page) == expected


def test_english_pages_are_not_expanded(home):
    page = home("en")
    literal = _pages_with(page, "en", {"gymru"})
    assert _pages_with(page, "en", _forms_of("Gymru")) > literal
    search_results(page, "Gymru")
    assert _count(page) == literal


def test_mutated_and_radical_forms_list_the_same_pages(home):
    lists = []
    page = home("cy")
    for query in ("bwrdd iechyd", "fwrdd iechyd", "mwrdd iechyd"):
        lists.append(search_results(page, query))
    assert lists[0] and lists[0] == lists[1] == lists[2]


def test_a_page_holding_another_form_is_not_shown_with_the_word_missing(home):
    page = home("cy")
    results = search_results(page, "nghlwstwr")  # no page has this form; many have "clwstwr"
    assert results
    shown = page.locator(".md-search-result__list").inner_html()
    assert RADICAL_MARK not in shown and "<mark>" in shown  # excerpts as written, the word found marked
    excerpts = page.locator(".md-search-result__article p").all_text_contents()  # those folded away too
    assert excerpts and all(text.strip() for text in excerpts), excerpts  # none empty
    assert page.locator(".md-search-result__terms").count() == 0  # "Ar goll: nghlwstwr"
    href = page.locator(".md-search-result__link").first.get_attribute("href")
    highlighted = parse_qs(urlsplit(href).query)["h"][0].split()
    others = [word for word in highlighted if word != "nghlwstwr"]  # the page opened highlights the form it holds
    forms = mutations.variants("nghlwstwr")
    assert others and all(any(word.startswith(form) for form in forms) for word in others), highlighted


# The worker itself, driven with small Pagefind bundles: the JavaScript applies the Python rules.

WORKER = """async ({worker, settings, queries}) => {
    const config = JSON.parse(document.getElementById('__config').textContent);
    if (!settings)
        settings = await (await fetch(new URL('search/search_index.json', new URL(config.base, location.href)))).json();
    const search = new Worker(new URL(worker || config.search, location.href));
    const send = (message, type) => new Promise(resolve => {
        search.onmessage = event => { if (event.data.type === type) resolve(event.data) };
        search.postMessage(message);
    });
    await send({type: 0, data: {...settings, options: {suggest: false}}}, 1);  // as Material's page sends it
    const found = {};
    for (const query of queries) {
        const result = await send({type: 2, data: query}, 3);
        const items = result.data.items;
        let loaded = result.data.cc ? result.data.cc.loaded : items.length;
        while (loaded < items.length) {  // the placeholders, read as cc-requests.js reads them
            const more = await send({type: 100, data: {query: result.data.cc.query, from: loaded, count: 50}}, 101);
            more.data.items.forEach((group, i) => { items[more.data.from + i] = group });
            loaded += more.data.items.length;
        }
        found[query] = items.map(group => ({
            pages: group.map(item => new URL(item.location, location.href).pathname),
            terms: group.map(item => item.terms),
            texts: group.map(item => item.text),
        }));
    }
    search.terminate();
    return found;
}"""


def _small_site(folder, docs: list[dict], lang: str):
    """A site of `docs` ({location, title, text}) with its Pagefind bundle and our worker."""
    scripts = folder / "assets" / "javascripts"
    scripts.mkdir(parents=True)
    shutil.copy(ROOT / "overrides" / "assets" / "javascripts" / "cc-search-worker.js", scripts)
    (folder / "index.html").write_text(f'<!DOCTYPE html><html lang="{lang}"><head><title>t</title>'
                                       '<link rel="icon" href="data:,"></head><body>'
                                       '<script id="__config" type="application/json">{"base": "."}</script>'
                                       "</body></html>", encoding="utf-8")

    pages = folder.parent / "pages"
    for doc in docs:
        target = pages / doc["location"] / "index.html"
        target.parent.mkdir(parents=True)
        built = (f'<html lang="{lang}"><body><article class="md-content__inner md-typeset"><h1>{doc["title"]}</h1>'
                 f'<p>{doc.get("text", "")}</p></article></body></html>')  # as Material writes a page
        target.write_text(pagefind_html(built, doc["location"], {}, lang), encoding="utf-8")  # as the build indexes it
    subprocess.run([sys.executable, "-m", "pagefind_bin", "--site", str(pages),
                    "--output-path", str(folder / "pagefind"), "--force-language", lang, "--silent"], check=True)


@pytest.fixture(scope="module")
def small_search(browser, tmp_path_factory):
    """small_search(docs, table): our worker over a Pagefind bundle of `docs`, in a page of its own;
    returns run(queries) -> {query: [{pages: [location, ...], terms: [...]}]} (locations as in `docs`)."""
    with contextlib.ExitStack() as stack:
        context = browser.new_context()
        stack.callback(context.close)

        def make(docs: list[dict], table: dict | None):
            folder = tmp_path_factory.mktemp("small-search") / "site"
            _small_site(folder, docs, "cy" if table else "en")
            (folder.parent / "www").mkdir()
            url = stack.enter_context(serve(folder, folder.parent / "www"))
            page = context.new_page()
            errors = watch_errors(page)
            page.goto(url)
            settings = {"config": {"welsh_mutations": table} if table else {}, "docs": []}

            def run(queries: list[str]) -> dict:
                found = page.evaluate(WORKER, {"worker": "assets/javascripts/cc-search-worker.js?index=pagefind/",
                                               "settings": settings, "queries": queries})
                assert errors == []
                root = urlsplit(url).path
                return {query: [{"pages": [unquote(path).removeprefix(root) for path in group["pages"]],
                                 "terms": group["terms"], "texts": group["texts"]} for group in groups]
                        for query, groups in found.items()}
            return run

        yield make


def _word_docs(words: list[str]) -> list[dict]:
    return [{"location": f"{word}/", "title": word} for word in words]


def _forms():
    from test_mutations import EXAMPLES
    return sorted({word.lower() for radical, forms in EXAMPLES.items() for word in (radical, *forms.values())})


def test_the_worker_applies_the_python_rules(small_search):
    words = _forms()
    found = small_search(_word_docs(words), mutations.table())(words)
    for query in words:
        forms = {form for form in mutations.variants(query) if len(form) >= mutations.MIN_LENGTH}
        expected = {f"{word}/" for word in words if any(word.startswith(form) for form in forms)}
        pages = {group["pages"][0] for group in found[query]}
        assert pages == expected, query
        assert all(all(terms[0].values()) for terms in (group["terms"] for group in found[query])), query


def test_the_worker_leaves_an_index_without_the_table_alone(small_search):
    found = small_search(_word_docs(_forms()), None)(["fwrdd", "cymru"])
    assert [group["pages"][0] for group in found["fwrdd"]] == ["fwrdd/"]
    assert [group["pages"][0] for group in found["cymru"]] == ["cymru/"]


def test_acronyms_are_searched_as_typed(small_search):
    found = small_search(_word_docs(["mhra", "pra", "bra", "mhrau"]), mutations.table())(["MHRA", "mhra"])
    assert sorted(group["pages"][0] for group in found["MHRA"]) == ["mhra/", "mhrau/"]
    assert sorted(group["pages"][0] for group in found["mhra"]) == ["bra/", "mhra/", "mhrau/", "pra/"]


def test_required_words_keep_their_meaning(small_search):
    docs = [{"location": "a/", "title": "bwrdd iechyd"}, {"location": "b/", "title": "bwrdd"},
            {"location": "c/", "title": "iechyd"}]
    found = small_search(docs, mutations.table())(["+fwrdd +iechyd", "fwrdd -iechyd", '"fwrdd iechyd"'])
    assert [group["pages"][0] for group in found["+fwrdd +iechyd"]] == ["a/"]
    assert [group["pages"][0] for group in found["fwrdd -iechyd"]] == ["b/"]
    assert [group["pages"][0] for group in found['"fwrdd iechyd"']] == ["a/"]


def test_a_phrase_finds_its_words_in_any_form(small_search):
    """A phrase's words are written next to each other, but the radicals they are filed under are
    not (they follow the section's heading): a phrase is looked up in every form of its words."""
    docs = [{"location": "a/", "title": "Teitl", "text": "ei fwrdd iechyd"}, {"location": "b/", "title": "Arall",
                                                                         "text": "bwrdd arall iechyd"}]
    found = small_search(docs, mutations.table())(['"bwrdd iechyd"', 'bwrdd -"bwrdd iechyd"'])
    assert [group["pages"][0] for group in found['"bwrdd iechyd"']] == ["a/"]
    assert [group["pages"][0] for group in found['bwrdd -"bwrdd iechyd"']] == ["b/"]


def test_a_title_ranks_by_the_form_it_holds(small_search):
    """A heading's radicals are filed at the heading's weight, so a title holding a mutated form
    counts as a title holding the word, as when every form was looked up: both titles hold it,
    and the one it makes up more of comes first."""
    docs = [{"location": "a/", "title": "Gofal yng Nghymru", "text": "tudalen"},
            {"location": "b/", "title": "Adroddiad blynyddol ar waith yr holl fyrddau ledled Cymru heddiw",
             "text": "cymru a chymru a chymru eto"}]
    found = small_search(docs, mutations.table())(["cymru"])
    assert [group["pages"][0] for group in found["cymru"]] == ["a/", "b/"]


def test_an_excerpt_shows_the_words_as_written(small_search):
    """A section found only through a radical it is filed under shows its own words, the form
    found marked, not the filed radicals (nor nothing), past a figure in the section; where
    Pagefind marked a filed radical too, every mark is closed."""
    words = " ".join(["gair"] * 30)
    text = (f'{words}</p><h2 id="adran">Adran</h2><p>{words}</p><figure id="llun"><img alt=""></figure>'
            f"<p>{words} yng Nghymru heddiw {words}")
    docs = [{"location": "a/", "title": "Teitl", "text": text},
            {"location": "b/", "title": "Arall", "text": f"pwrdd a bwrddau {words}"}]  # filed: ~|pwrddau.
    found = small_search(docs, mutations.table())(["cymru", "pwrdd"])
    texts = found["cymru"][0]["texts"]  # the page and its section "Adran" (#adran)
    assert len(texts) == 2 and not [text for text in texts if RADICAL_MARK in text], texts
    assert [text for text in texts if "<mark>Nghymru</mark>" in text and "gair" in text], texts
    for text in found["pwrdd"][0]["texts"]:
        assert text.count("<mark>") == text.count("</mark>") >= 1 and RADICAL_MARK not in text, text


def test_a_long_phrase_keeps_every_form_of_each_word(small_search):
    """The forms of a phrase's words multiply: only those the index holds are combined, so the
    fifth word of a phrase still finds its mutated form."""
    docs = [{"location": "a/", "title": "Teitl", "text": "gan Fwrdd Iechyd Prifysgol Betsi Cadwaladr"}]
    found = small_search(docs, mutations.table())(['"bwrdd iechyd prifysgol betsi cadwaladr"'])
    assert [group["pages"][0] for group in found['"bwrdd iechyd prifysgol betsi cadwaladr"']] == ["a/"]


def test_a_long_list_is_read_as_the_reader_scrolls(home):
    """Only the first pages of a long list are read at once; the rest fill in as Material shows them."""
    page = home("cy")
    results = search_results(page, "cymru")
    assert len(results) == 10 and all(results)
    total = _count(page)
    assert total > 40
    for _ in range(6):  # each scroll to the end shows four more
        page.locator(".md-search__scrollwrap").evaluate("wrap => wrap.scrollTo(0, wrap.scrollHeight)")
        page.wait_for_timeout(300)
    links = page.locator(".md-search-result__item > a.md-search-result__link:first-child")
    titles = page.locator(".md-search-result__item > a.md-search-result__link:first-child h1").all_inner_texts()
    assert links.count() > 10 and len(titles) == links.count() and all(title.strip() for title in titles), titles


# Acronyms that are English stop words: the English index keeps Material's stop-word filter,
# which drops them ("IT" is the word "it"), so the English search cannot find them.
ENGLISH_STOP_WORDS = {"IT"}


def test_every_acronym_finds_its_page_through_the_real_worker(home, site):
    """Every body's short names and glossary acronyms, in both languages, on both sites.

    A body's short name finds its page first; a glossary acronym finds the body
    it names, the index of the type it names or its glossary entry among the
    first ten (an acronym of two letters, anywhere: it starts many words).
    """
    missed = []
    for lang in ("cy", "en"):
        wanted: dict[str, set[str]] = {}
        shorts: dict[str, set[str]] = {}
        for body_id, body in site.bodies.items():
            for name in _both(body.get("short", {})):
                wanted.setdefault(name, set()).add(f"bodies/{body_id}/")
                shorts.setdefault(name, set()).add(body_id)
        types = {entry["id"]: body_type for body_type in {body["type"] for body in site.bodies.values()}
                 for entry in type_terms(site, body_type)}
        for entry_id, entry in site.glossary.items():
            for name in entry.get("acronym", {}).values():
                where = (f"bodies/{entry['body']}/" if entry.get("body") else
                         f"types/{types[entry_id]}/" if entry_id in types else "glossary/")
                wanted.setdefault(name, set()).update({where, "glossary/"})
        page = home(lang)
        found = page.evaluate(WORKER, {"worker": None, "settings": None, "queries": sorted(wanted)})
        root = f"/clystyrau/{_home(lang)}"
        for query, pages in sorted(wanted.items()):
            first = [group["pages"][0].split("#")[0].removeprefix(root) for group in found[query]]
            if pages == {f"bodies/{body_id}/" for body_id in shorts.get(query, ())}:
                within = 1   # a body's own short name
            elif pages != {"glossary/"} and len(query) > 2:
                within = 10  # the body or type a glossary acronym names, or its entry
            else:
                within = len(first)  # an entry alone ("NHS": the NHS bodies come first), or "IT", which starts "its"
            if lang == "en" and query in ENGLISH_STOP_WORDS:
                continue
            if not pages & set(first[:within]):
                missed.append(f"{lang} {query}: want {sorted(pages)} in the first {within}, got {first[:10]}")
    assert not missed, "\n".join(missed)
