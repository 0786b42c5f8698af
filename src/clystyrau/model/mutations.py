"""Welsh initial consonant mutations, for search.

Welsh changes the first sound of a word after certain words: "bwrdd" (board)
is "y bwrdd", "ei fwrdd" (his board), "fy mwrdd" (my board); "Cymru" is "i
Gymru", "yng Nghymru". A page may hold only one of these forms, so the Welsh
search finds all of them: the index files each word under its radicals as well
(`index_forms`, used by clystyrau.views.search.file_radicals), and a search
looks a word up under its radicals (`lookups`, which the search worker,
overrides/assets/javascripts/cc-search-worker.js, applies in the same way).
What it finds is what a search for every form (`variants`) would find, from one
to three of the index's alphabetical chunks instead of one for each initial
letter of all the forms (tests/test_mutations.py checks both).

The rules live here and nowhere else. They are two tables of regular
expressions, written so that Python's `re` and JavaScript's `RegExp` read them
the same way (only `^`, character classes and look-aheads); the build writes
them into the Welsh search settings (`table()`), and the search worker only
applies them, exactly as `lookups`, `radicals` and `mutations` below do:

- MUTATIONS: what a radical (dictionary) form can become. A pattern matches the
  radical's first letter; each replacement takes its place.
- RADICALS: the way back. A pattern matches a mutated first letter; the
  replacement gives the radical's. Look-aheads keep Welsh digraphs whole
  ("ddim" is not a soft-mutated "t", "ffordd" not a mutated "b", "llais" not a
  soft-mutated "ll") and let the longer form win ("nhrydydd" is "trydydd", not
  "d" + "hrydydd").

Mutations are ambiguous ("fwrdd" could come from "bwrdd" or "mwrdd"), so the
way back gives every candidate; a search for a form that is not a word finds
nothing, so a few such candidates cost nothing.
"""

from __future__ import annotations

import functools
import re

# Welsh vowels, with the accents Welsh uses (â ŵ ŷ ...); w and y are vowels.
VOWELS = "aeiouwyâêîôûŵŷáéíóúẃýàèìòùẁỳäëïöüẅÿ"
_V = f"[{VOWELS}]"

# Radical first letter -> {mutation: mutated first letter}. Soft (treiglad meddal),
# nasal (trwynol), aspirate (llaes) and h before a vowel (h-prothesis: "ei hawdurdod").
RULES: list[tuple[str, dict[str, str]]] = [
    (r"^p(?!h)", {"soft": "b", "nasal": "mh", "aspirate": "ph"}),
    (r"^t(?![hd])", {"soft": "d", "nasal": "nh", "aspirate": "th"}),
    (r"^c(?!h)", {"soft": "g", "nasal": "ngh", "aspirate": "ch"}),
    (r"^b(?!h)", {"soft": "f", "nasal": "m"}),
    (r"^d(?![dh])", {"soft": "dd", "nasal": "n"}),
    # soft mutation drops g: "gofal" -> "ofal", "glas" -> "las", "gwaith" -> "waith"
    (rf"^g(?={_V}|l(?!l)|r(?!h)|n(?![gh]))", {"soft": "", "nasal": "ng"}),
    (r"^m(?!h)", {"soft": "f"}),
    (r"^ll", {"soft": "l"}),
    (r"^rh", {"soft": "r"}),
    (rf"^(?={_V})", {"h-prothesis": "h"}),
]

MUTATIONS: list[tuple[str, list[str]]] = [(pattern, list(forms.values())) for pattern, forms in RULES]

# Mutated first letter -> radical first letter (the inverse of RULES; tests check both agree).
RADICALS: list[tuple[str, str]] = [
    (r"^b", "p"),
    (r"^mh", "p"),
    (r"^ph", "p"),
    (r"^d(?!d)", "t"),
    (r"^nh", "t"),
    (r"^th", "t"),
    (r"^g(?!h)", "c"),
    (r"^ngh", "c"),
    (r"^ch", "c"),
    (r"^f(?!f)", "b"),
    (r"^m(?!h)", "b"),
    (r"^dd", "d"),
    (r"^n(?![gh])", "d"),
    (rf"^(?={_V}|l(?!l)|r(?!h)|n(?![gh]))", "g"),
    (r"^ng(?!h)", "g"),
    (r"^f(?!f)", "m"),
    (r"^l(?!l)", "ll"),
    (r"^r(?!h)", "rh"),
    (rf"^h(?={_V})", ""),
]

# A word this short is looked up in every form (`lookups`), as the reader starts typing it.
SHORT = 3

# The search expands a typed word only from this many letters, and drops shorter forms:
# "g" alone would otherwise become every word starting with a vowel.
MIN_LENGTH = 2

# A word with two capitals is an acronym, typed as it is written: "MHRA" is not a
# nasal-mutated "PRA", "BPRh" not a soft-mutated "PPRh". The search leaves it alone.
ACRONYM = "[A-ZÂÊÎÔÛŴŶ].*[A-ZÂÊÎÔÛŴŶ]"

_MUTATIONS = [(re.compile(pattern), forms) for pattern, forms in MUTATIONS]
_RADICALS = [(re.compile(pattern), radical) for pattern, radical in RADICALS]



def _recase(form: str, like: str) -> str:
    """Give `form` the capital first letter of `like` ("Cymru" -> "Nghymru")."""
    return form[:1].upper() + form[1:] if like[:1].isupper() and form else form


def radicals(word: str) -> set[str]:
    """Every form `word` could be a mutation of, and the word itself (it may be a radical)."""
    lower = word.lower()
    found = {lower} | {pattern.sub(radical, lower, count=1)
                       for pattern, radical in _RADICALS if pattern.match(lower)}
    return {_recase(form, word) for form in found if form}


def mutations(radical: str) -> set[str]:
    """The mutated forms of a radical (without the radical itself)."""
    lower = radical.lower()
    found = {pattern.sub(form, lower, count=1)
             for pattern, forms in _MUTATIONS if pattern.match(lower)
             for form in forms}
    return {_recase(form, radical) for form in found if form and form != lower}


def is_acronym(word: str) -> bool:
    return re.search(ACRONYM, word) is not None


def variants(word: str) -> set[str]:
    """Every form a search for `word` should find: its radicals and all their mutations (an acronym: itself)."""
    if is_acronym(word):
        return {word}
    found = set()
    for radical in radicals(word):
        found |= {radical} | mutations(radical)
    return found


@functools.lru_cache(maxsize=1 << 16)  # a site's words repeat: each is worked out once per build
def index_forms(word: str) -> tuple[str, ...]:
    """The radicals the Welsh search index also files `word` under, besides the word itself (lower
    case, shortest first): "fwrdd" -> ("bwrdd", "mwrdd"), "ofal" -> ("gofal",). Every word is
    filed so, as written in any case ("FWRDD" too), as a search for every form would have found it."""
    lower = word.lower()
    return tuple(sorted((form for form in {radical.lower() for radical in radicals(word)}
                         if form != lower and len(form) >= MIN_LENGTH), key=lambda form: (len(form), form)))


def lookups(word: str) -> set[str]:
    """What a search for `word` looks up in that index (lower case): its radicals. A page holding any
    form of the word is filed under one of them, so a search needs one to three of the index's
    alphabetical chunks ("bwrdd": b-, p-; "fwrdd": f-, b-, m-), not one for each initial letter
    of all the forms (b-, f-, m-, p- for "bwrdd"). A word shorter than SHORT, or with a radical
    shorter than MIN_LENGTH (a search as the reader starts typing: "ngh", whose radical is "c"),
    looks up every form instead, because the forms of a radical that is cut would be lost with it."""
    lower = word.lower()
    if is_acronym(word) or len(lower) < MIN_LENGTH:
        return {lower}
    found = {form.lower() for form in radicals(word)}
    if len(lower) < SHORT or any(len(form) < MIN_LENGTH for form in found):
        return {form.lower() for form in variants(word) if form.lower() == lower or len(form) >= MIN_LENGTH}
    return found


def table() -> dict:
    """The rules as data for the search worker (JSON)."""
    return {"radicals": [list(rule) for rule in RADICALS], "mutations": [list(rule) for rule in MUTATIONS],
            "short": SHORT, "min_length": MIN_LENGTH, "acronym": ACRONYM}
