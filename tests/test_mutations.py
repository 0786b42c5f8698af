"""Welsh initial mutations (clystyrau.model.mutations) and the search data built from them."""

from __future__ import annotations

import json
import re

import pytest

from clystyrau.model import mutations
from clystyrau.model.mutations import radicals, variants

# radical -> {mutation: mutated form}, as a Welsh grammar gives them.
EXAMPLES = {
    "bwrdd": {"soft": "fwrdd", "nasal": "mwrdd"},
    "cynllun": {"soft": "gynllun", "nasal": "nghynllun", "aspirate": "chynllun"},
    "Cymru": {"soft": "Gymru", "nasal": "Nghymru", "aspirate": "Chymru"},
    "clwstwr": {"soft": "glwstwr", "nasal": "nghlwstwr", "aspirate": "chlwstwr"},
    "awdurdod": {"h-prothesis": "hawdurdod"},
    "gofal": {"soft": "ofal", "nasal": "ngofal"},
    "partneriaeth": {"soft": "bartneriaeth", "nasal": "mhartneriaeth", "aspirate": "phartneriaeth"},
    "trydydd": {"soft": "drydydd", "nasal": "nhrydydd", "aspirate": "thrydydd"},
    "llais": {"soft": "lais"},
    "rhanbarthol": {"soft": "ranbarthol"},
    "dinas": {"soft": "ddinas", "nasal": "ninas"},
    "mam": {"soft": "fam"},
    "gwaith": {"soft": "waith", "nasal": "ngwaith"},
    "tŷ": {"soft": "dŷ", "nasal": "nhŷ", "aspirate": "thŷ"},
    "ysgol": {"h-prothesis": "hysgol"},
}
PAIRS = [(radical, form) for radical, forms in EXAMPLES.items() for form in forms.values()]


@pytest.mark.parametrize("radical", EXAMPLES)
def test_mutations_of_a_radical(radical):
    assert mutations.mutations(radical) == set(EXAMPLES[radical].values())


@pytest.mark.parametrize(("radical", "form"), PAIRS)
def test_the_way_back_finds_the_radical(radical, form):
    assert radical in radicals(form)
    assert form in variants(radical) and radical in variants(form)


@pytest.mark.parametrize(("radical", "form"), PAIRS)
def test_every_form_of_a_word_finds_every_other(radical, form):
    family = {radical, *EXAMPLES[radical].values()}
    assert family <= variants(form)


@pytest.mark.parametrize(("word", "expected"), [
    ("fwrdd", {"fwrdd", "bwrdd", "mwrdd"}),          # f: soft of b or of m
    ("nghymru", {"nghymru", "cymru"}),                # ngh is c, not g + "hymru"
    ("nhrydydd", {"nhrydydd", "trydydd"}),            # nh is t, not d + "hrydydd"
    ("mhartneriaeth", {"mhartneriaeth", "partneriaeth"}),
    ("ddim", {"ddim", "dim"}),                        # dd is a letter: not a mutated t
    ("ffordd", {"ffordd"}),                           # ff is a letter: not a mutated b or m
    ("llais", {"llais"}),                             # ll is a letter: not a mutated l
    ("rhan", {"rhan"}),
    ("lais", {"lais", "llais", "glais"}),             # soft of ll, or of g (glais)
    ("hawdurdod", {"hawdurdod", "awdurdod"}),
    ("ofal", {"ofal", "gofal"}),
])
def test_radicals_keep_welsh_digraphs_whole(word, expected):
    assert radicals(word) == expected


def test_capitals_are_kept():
    assert radicals("Nghymru") == {"Nghymru", "Cymru"}
    assert mutations.mutations("Llais") == {"Lais"}


def test_words_that_do_not_mutate():
    for word in ("ffordd", "sector", "chwarae", "theatr", "nhw", "jam"):
        assert mutations.mutations(word) == set(), word


def test_the_two_tables_agree():
    """Every mutation the forward table makes, the way back undoes (on the real Welsh pages' words)."""
    words = {word for word in _docs_words() if len(word) >= 3}
    assert len(words) > 1000
    for word in words:
        for form in mutations.mutations(word):
            assert word in radicals(form), (word, form)


def test_acronyms_are_left_alone():
    assert mutations.is_acronym("MHRA") and mutations.is_acronym("BPRh") and mutations.is_acronym("AaGIC")
    assert not mutations.is_acronym("Cymru") and not mutations.is_acronym("mhra")
    assert variants("MHRA") == {"MHRA"} and "pra" in variants("mhra")


def test_the_table_is_json_and_the_regular_expressions_are_portable():
    table = json.loads(json.dumps(mutations.table(), ensure_ascii=False))
    assert table["min_length"] == mutations.MIN_LENGTH and table["acronym"] == mutations.ACRONYM
    for pattern, _ in table["radicals"] + table["mutations"]:
        assert pattern.startswith("^")
        # only what Python and JavaScript read alike: anchors, classes, look-aheads
        assert not re.search(r"\(\?[^=!]|\\[pPAZbB]|\(\?<", pattern), pattern


def _docs_words() -> set[str]:
    from conftest import ROOT
    words = set()
    for path in (ROOT / "docs" / "cy").rglob("*.md"):
        words |= set(re.findall(r"[^\W\d_]{2,}", path.read_text(encoding="utf-8").lower()))
    return words


def _found(query: str, page_words: list[str], filed: dict[str, set[str]]) -> tuple[set[str], set[str]]:
    """The page words a search for `query` finds looking up every form, and looking up `lookups`."""
    forms = tuple(form.lower() for form in variants(query)
                  if form.lower() == query.lower() or len(form) >= mutations.MIN_LENGTH)
    looked_up = tuple(mutations.lookups(query))
    by_forms = {word for word in page_words if word.lower().startswith(forms)}
    by_lookups = {word for word in page_words if any(entry.startswith(looked_up) for entry in filed[word])}
    return by_forms, by_lookups


def test_looking_up_the_radicals_finds_what_looking_up_every_form_finds():
    """The Welsh index files each word under its radicals too (index_forms), and a search looks a
    word up under `lookups`, each as the start of a word: a page word is found exactly when it
    starts with one of the searched word's forms (variants), as the search for every form found.
    Page words: every word of the Welsh handbook pages (docs/cy), the examples' forms, capitalised
    and in capitals. Queries: a fifth of those words and their first three and four letters (what
    is typed on the way), the examples' forms, some capitalised."""
    words = sorted(_docs_words())
    examples = {word.lower() for radical, forms in EXAMPLES.items() for word in (radical, *forms.values())}
    page_words = sorted({*words, *examples, "ngofal", "mhrau", "bra", "hyd", "haelodau", "hanfod"})
    page_words += [word.capitalize() for word in page_words[::5]] + [word.upper() for word in page_words[::11]]
    filed = {word: {word.lower(), *mutations.index_forms(word)} for word in page_words}
    queries = {*words[::5], *examples, "gyd", "gael", "goll", "gan", "ofa", "bwr", "nghlw", "iechyd", "mhra", "MHRA"}
    queries |= {word[:length] for word in words[::5] for length in (3, 4) if len(word) > length}
    queries |= {query.capitalize() for query in sorted(queries)[::7]}
    for query in sorted(query for query in queries if len(query) >= mutations.SHORT):
        by_forms, by_lookups = _found(query, page_words, filed)
        assert by_forms == by_lookups, (query, sorted(by_forms ^ by_lookups)[:10], sorted(mutations.lookups(query)))
        # the point: a word's lookups start with fewer letters, so fewer of the index's chunks
        initials = {lookup[0] for lookup in mutations.lookups(query)}
        assert len(initials) <= 3, (query, initials)


def test_a_short_word_loses_nothing():
    """Two letters (as the reader starts typing) are looked up in every form: nothing the search for
    every form found is lost, though a filed radical may add a word."""
    page_words = sorted(_docs_words())
    filed = {word: {word, *mutations.index_forms(word)} for word in page_words}
    for query in sorted({word[:2] for word in page_words}):
        by_forms, by_lookups = _found(query, page_words, filed)
        assert by_forms <= by_lookups, (query, sorted(by_forms - by_lookups)[:10])


def test_what_is_filed_and_what_is_looked_up():
    assert mutations.index_forms("MHRA") == ("pra",) and mutations.lookups("MHRA") == {"mhra"}
    assert mutations.index_forms("fwrdd") == ("bwrdd", "mwrdd") and mutations.lookups("bwrdd") == {"bwrdd", "pwrdd"}
    assert mutations.index_forms("ofal") == ("gofal",) and mutations.lookups("gofal") == {"gofal", "cofal"}
    assert mutations.index_forms("hyd") == ("yd",) and mutations.lookups("gyd") == {"gyd", "cyd"}  # not "hyd"
    assert mutations.lookups("ngh") == {"ngh", "ch"}  # its radical "c" is too short: every form
