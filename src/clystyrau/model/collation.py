"""Alphabetical order for Welsh and English lists.

Welsh treats ch, dd, ff, ng, ll, ph, rh and th as single letters, so
"Llais" files after "Lywodraeth" and "Chwilio" after "Cymru". Python's sort
and the usual locale tables get this wrong, and no maintained PyPI package
sorts Welsh without ICU (PyICU needs a C library build); this small table is
the whole rule, so we keep it here.
"""

from __future__ import annotations

import unicodedata

WELSH_ALPHABET = [
    "a", "b", "c", "ch", "d", "dd", "e", "f", "ff", "g", "ng", "h", "i", "j", "l", "ll",
    "m", "n", "o", "p", "ph", "r", "rh", "s", "t", "th", "u", "w", "y",
]
_DIGRAPHS = sorted((letter for letter in WELSH_ALPHABET if len(letter) == 2), key=len, reverse=True)
_RANK = {letter: rank for rank, letter in enumerate(WELSH_ALPHABET)}


def _fold(text: str) -> str:
    """Lower case without accents (â, ŵ, ŷ sort with a, w, y)."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def welsh_letters(text: str) -> list[str]:
    """Split text into Welsh letters, reading digraphs as one letter."""
    folded = _fold(text)
    letters, index = [], 0
    while index < len(folded):
        pair = folded[index:index + 2]
        if pair in _DIGRAPHS:
            letters.append(pair)
            index += 2
        else:
            letters.append(folded[index])
            index += 1
    return letters


def _letter_rank(letter: str) -> tuple[int, str]:
    """Letters of the alphabet by their place; anything else after, by code point."""
    if letter in _RANK:
        return (1, f"{_RANK[letter]:02d}")
    if letter.isdigit():
        return (0, letter)
    if letter.isalpha():
        return (2, letter)  # k, q, v, x, z in borrowed words: after y
    return (-1, "")  # spaces and punctuation count for nothing


def welsh_sort_key(text: str) -> tuple:
    """Sort key that follows the Welsh alphabet."""
    return tuple(rank for rank in (_letter_rank(letter) for letter in welsh_letters(text)) if rank[0] >= 0)


def english_sort_key(text: str) -> tuple:
    """Case- and accent-insensitive English order."""
    return tuple(char for char in _fold(text) if char.isalnum())


def sort_key(text: str, lang: str):
    """The sort key for a page's language."""
    return welsh_sort_key(text) if lang == "cy" else english_sort_key(text)


def initial_letter(text: str, lang: str) -> str:
    """The letter a word files under in an A–Z list (Ll, Ch, ... in Welsh)."""
    letters = welsh_letters(text) if lang == "cy" else list(_fold(text))
    for letter in letters:
        if letter.isalnum():
            return letter.upper() if len(letter) == 1 else letter[0].upper() + letter[1:]
    return "#"


# The generic words of council and health board names, which lists skip so that
# "Cyngor Bwrdeistref Sirol Wrecsam" files under W: longest first.
_GENERIC_PREFIXES = {
    "cy": ["Cyngor Bwrdeistref Sirol", "Cyngor Dinas a Sir", "Cyngor Dinas", "Cyngor Sir", "Cyngor",
           "Bwrdd Iechyd Prifysgol", "Bwrdd Iechyd Addysgu", "Bwrdd Iechyd"],
    "en": ["City and County of"],
}
_GENERIC_SUFFIXES = {
    "cy": [],
    "en": ["County Borough Council", "County Council", "City Council", "Council",
           "University Health Board", "Teaching Health Board", "Health Board"],
}
_PLACE_TYPES = {"local-authority", "health-board"}


def sort_name(body: dict, lang: str) -> str:
    """What a body files under in lists: its `sort` key, else (councils, health
    boards) its name without the generic words, else its name."""
    if "sort" in body:
        return body["sort"][lang]
    name = body["name"][lang]
    if body.get("type") not in _PLACE_TYPES:
        return name
    for prefix in _GENERIC_PREFIXES[lang]:
        if name.startswith(prefix + " "):
            name = name[len(prefix) + 1:]
            break
    for suffix in _GENERIC_SUFFIXES[lang]:
        if name.endswith(" " + suffix):
            name = name[:-len(suffix) - 1]
            break
    return name


def body_sort_key(body: dict, lang: str) -> tuple:
    """Sort key of a body in a page's language: its sort name, then its full name."""
    return (sort_key(sort_name(body, lang), lang), sort_key(body["name"][lang], lang))


def sort_bodies(bodies: list[dict], lang: str) -> list[dict]:
    """Bodies in a page's order: by their sort names when all are of one type (a list of
    councils files Wrecsam under W), else by their full names, so that a mixed list keeps
    every "Bwrdd Iechyd ..." together."""
    if len({body.get("type") for body in bodies}) == 1:
        return sorted(bodies, key=lambda body: body_sort_key(body, lang))
    return sorted(bodies, key=lambda body: sort_key(body["name"][lang], lang))
