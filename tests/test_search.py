"""Search: Welsh mutations and acronyms in both languages.

Unit tests of clystyrau.views.search, then the real site in headless Chromium: the
search box as a reader uses it, and Material's worker (through our wrapper,
cc-search-worker.js) driven directly with small indexes and with the real ones.
"""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from browser import search_results, serve, watch_errors
from clystyrau.checks.loader import load_site
from clystyrau.model import mutations
from clystyrau.views.search import FIELDS, _both, add_aliases, location, search_aliases, split_search_index, type_terms
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


def test_aliases_are_hidden_fields_escaped_as_text():
    index = {"config": {"fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}}},
             "docs": [{"location": "bodies/x/", "title": "X", "text": ""},
                      {"location": "other/", "title": "Y", "text": ""}]}
    result = add_aliases(index, {"bodies/x/": {"aliases": ["<script>alert(1)</script>", "A&B"]}})
    assert result["docs"][0]["aliases"] == "&lt;script&gt;alert(1)&lt;/script&gt; A&amp;B"
    assert "aliases" not in result["docs"][1] and "aliases" not in index["docs"][0]
    assert result["config"]["fields"]["aliases"] == {"boost": FIELDS["aliases"]}


def test_the_built_indexes(real_site):
    welsh = json.loads((real_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    english = json.loads((real_site / "en" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert welsh["config"]["welsh_mutations"] == mutations.table() and "welsh_mutations" not in english["config"]
    heiw = {doc["location"]: doc for doc in welsh["docs"]}["bodies/heiw/"]
    assert "HEIW" in heiw["aliases"] and "AaGIC" in heiw["aliases"]
    rpb = {doc["location"]: doc for doc in english["docs"]}["types/regional-partnership-board/"]
    assert "BPRh" in rpb["generic"]


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


def _pages_with(index: dict, forms: set[str]) -> int:
    """Pages (articles with their sections) holding a word that starts with one of `forms`, as lunr tokenizes them."""
    separator = re.compile(index["config"]["separator"])
    pages: dict[str, set[str]] = {}
    for doc in index["docs"]:
        words = pages.setdefault(doc["location"].split("#")[0], set())
        for field in index["config"]["fields"]:
            if isinstance(doc.get(field), str):
                words |= {word.lower() for word in separator.split(re.sub(r"<[^>]*>", " ", doc[field])) if word}
    return sum(1 for words in pages.values() if any(word.startswith(form) for word in words for form in forms))


@pytest.mark.parametrize("query", ["clwstwr", "nghlwstwr", "cynllun", "Nghymru", "gofal", "ofal", "partneriaeth",
                                   "drydydd", "hawdurdod", "ranbarthol", "lais", "fwrdd"])
def test_a_welsh_word_finds_every_page_with_any_of_its_forms(home, real_site, query):
    """Material's own count of results equals the count of pages holding any form of the word."""
    index = json.loads((real_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    forms = {form.lower() for form in mutations.variants(query) if len(form) >= mutations.MIN_LENGTH}
    expected, literal = _pages_with(index, forms), _pages_with(index, {query.lower()})
    assert expected > literal, "the example must have pages holding only other forms of the word"
    page = home("cy")
    search_results(page, query)
    assert _count(page) == expected


def test_english_pages_are_not_expanded(home, real_site):
    index = json.loads((real_site / "en" / "search" / "search_index.json").read_text(encoding="utf-8"))
    forms = {form.lower() for form in mutations.variants("Gymru")}
    literal = _pages_with(index, {"gymru"})
    assert _pages_with(index, forms) > literal
    page = home("en")
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
    assert page.locator(".md-search-result__terms").count() == 0  # "Ar goll: nghlwstwr"
    href = page.locator(".md-search-result__link").first.get_attribute("href")
    highlighted = parse_qs(urlsplit(href).query)["h"][0].split()
    others = [word for word in highlighted if word != "nghlwstwr"]  # the page opened highlights the form it holds
    forms = mutations.variants("nghlwstwr")
    assert others and all(any(word.startswith(form) for form in forms) for word in others), highlighted


# The worker itself, driven with small indexes: the JavaScript applies the Python rules.

WORKER = """async ({index, queries}) => {
    const config = JSON.parse(document.getElementById('__config').textContent);
    const worker = new Worker(new URL(config.search, location.href));
    const send = message => new Promise(resolve => {
        worker.onmessage = event => resolve(event.data);
        worker.postMessage(message);
    });
    await send({type: 0, data: {...index, options: {suggest: false}}});  // as Material's page sends it
    const found = {};
    for (const query of queries) {
        const result = await send({type: 2, data: query});
        found[query] = result.data.items.map(group => ({
            pages: group.map(item => item.location),
            terms: group.map(item => item.terms),
        }));
    }
    worker.terminate();
    return found;
}"""


def _small_index(words: list[str], table: dict | None) -> dict:
    config = {"lang": ["en"], "separator": "[\\s\\-]+", "pipeline": [],
              "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}}}
    if table:
        config["welsh_mutations"] = table
    return {"config": config, "docs": [{"location": f"{word}/", "title": word, "text": ""} for word in words]}


def _forms():
    from test_mutations import EXAMPLES
    return sorted({word.lower() for radical, forms in EXAMPLES.items() for word in (radical, *forms.values())})


def test_the_worker_applies_the_python_rules(home):
    words = _forms()
    page = home("cy")
    found = page.evaluate(WORKER, {"index": _small_index(words, mutations.table()), "queries": words})
    for query in words:
        forms = {form for form in mutations.variants(query) if len(form) >= mutations.MIN_LENGTH}
        expected = {f"{word}/" for word in words if any(word.startswith(form) for form in forms)}
        pages = {group["pages"][0] for group in found[query]}
        assert pages == expected, query
        assert all(all(terms[0].values()) for terms in (group["terms"] for group in found[query])), query


def test_the_worker_leaves_an_index_without_the_table_alone(home):
    words = _forms()
    page = home("en")
    found = page.evaluate(WORKER, {"index": _small_index(words, None), "queries": ["fwrdd", "cymru"]})
    assert [group["pages"][0] for group in found["fwrdd"]] == ["fwrdd/"]
    assert [group["pages"][0] for group in found["cymru"]] == ["cymru/"]


def test_acronyms_are_searched_as_typed(home):
    index = _small_index(["mhra", "pra", "bra", "mhrau"], mutations.table())
    page = home("cy")
    found = page.evaluate(WORKER, {"index": index, "queries": ["MHRA", "mhra"]})
    assert sorted(group["pages"][0] for group in found["MHRA"]) == ["mhra/", "mhrau/"]
    assert sorted(group["pages"][0] for group in found["mhra"]) == ["bra/", "mhra/", "mhrau/", "pra/"]


def test_required_words_keep_their_meaning(home):
    index = _small_index([], mutations.table())
    index["docs"] = [{"location": "a/", "title": "bwrdd iechyd", "text": ""},
                     {"location": "b/", "title": "bwrdd", "text": ""},
                     {"location": "c/", "title": "iechyd", "text": ""}]
    page = home("cy")
    found = page.evaluate(WORKER, {"index": index, "queries": ["+fwrdd +iechyd", "fwrdd -iechyd", '"fwrdd iechyd"']})
    assert [group["pages"][0] for group in found["+fwrdd +iechyd"]] == ["a/"]
    assert [group["pages"][0] for group in found["fwrdd -iechyd"]] == ["b/"]
    assert [group["pages"][0] for group in found['"fwrdd iechyd"']] == ["a/"]


# Acronyms that are English stop words: the English index keeps Material's stop-word filter,
# which drops them ("IT" is the word "it"), so the English search cannot find them.
ENGLISH_STOP_WORDS = {"IT"}


def test_every_acronym_finds_its_page_through_the_real_worker(home, real_site, site):
    """Every body's short names and glossary acronyms, in both languages, on both sites.

    A body's short name finds its page first; a glossary acronym finds the body
    it names, the index of the type it names or its glossary entry among the
    first ten (an acronym of two letters, anywhere: it starts many words).
    """
    missed = []
    for lang in ("cy", "en"):
        index = json.loads((real_site / _home(lang) / "search" / "search_index.json").read_text(encoding="utf-8"))
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
        found = page.evaluate(WORKER, {"index": index, "queries": sorted(wanted)})
        for query, pages in sorted(wanted.items()):
            first = [group["pages"][0].split("#")[0] for group in found[query]]
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
