"""Welsh grammar for generated text: the gender of a body's name, and mutated names.

Gender. A label that refers back to a body ("its parts", "mentions it") takes
the gender of the body's Welsh name: "Ei rannau" for a masculine name (Bwrdd
Iechyd ...), "Ei rhannau" for a feminine one (Gweithrediaeth GIG Cymru), "Eu
rhannau" for a plural one (Cynghorau Iechyd Cymuned). A record may say
`gender: m | f | pl`; without it the gender comes from the head noun of its
Welsh name (the first word after the article) through HEAD_NOUNS below. A name
whose head noun is not in the table must say its gender (a check error, see
rules.body_genders), except an English name (`cy_lang: en`), which is masculine
unless it says otherwise. English uses the plural forms for plural names only.

Mutation. `[[body:ID|soft]]`, `|nasal` and `|aspirate` print the name with its
first letter mutated ("o [[body:primary-care-one|soft]]" -> "o Ofal Sylfaenol
Un"), using the table of mutations.py. Some names never mutate: a name that
starts with the article (Y Bwrdd ..., where the article carries the change),
an acronym (GIG Cymru), a name in English (`cy_lang: en`) and a record marked
`mutate: false` (a proper name the sources keep unmutated).
"""

from __future__ import annotations

import re

from .mutations import RULES, _recase, is_acronym, radicals

# The definite article, which is not the head noun and never mutates.
ARTICLES = {"y", "yr"}

# Head nouns of the Welsh names in data/bodies.yaml and their grammatical gender
# ("pl" for a plural noun). Lower case, radical form. A noun missing here makes the
# check ask the record for its `gender`; add the noun when several records need it.
HEAD_NOUNS: dict[str, str] = {
    # masculine
    "bwrdd": "m", "cyngor": "m", "pwyllgor": "m", "corff": "m", "grŵp": "m", "gwasanaeth": "m",
    "rhwydwaith": "m", "comisiwn": "m", "comisiynydd": "m", "cyfarwyddwr": "m", "porth": "m",
    "dangosfwrdd": "m", "crynodeb": "m", "coleg": "m", "sefydliad": "m", "gweinidog": "m",
    "cwnsler": "m", "awdurdod": "m", "gwelliant": "m", "fforwm": "m", "tîm": "m", "clwstwr": "m",
    "panel": "m", "prosiect": "m", "cynllun": "m", "llais": "m",
    # feminine
    "llywodraeth": "f", "ymddiriedolaeth": "f", "partneriaeth": "f", "arolygiaeth": "f",
    "gweithrediaeth": "f", "cydweithrediaeth": "f", "deoniaeth": "f", "asiantaeth": "f",
    "cymdeithas": "f", "canolfan": "f", "uned": "f", "is-adran": "f", "adran": "f", "rhaglen": "f",
    "senedd": "f", "cydweithfa": "f", "fferylliaeth": "f", "optometreg": "f", "menter": "f", "swyddfa": "f",
    # plural
    "cynghorau": "pl", "pwyllgorau": "pl", "gwasanaethau": "pl", "awdurdodau": "pl",
    "gweinidogion": "pl", "timau": "pl", "cyrff": "pl", "byrddau": "pl", "clystyrau": "pl",
    "cydweithfeydd": "pl", "grwpiau": "pl", "comisiynwyr": "pl", "cyfarwyddwyr": "pl",
    "landlordiaid": "pl", "rhwydweithiau": "pl", "partneriaethau": "pl", "cymdeithasau": "pl",
}


def head_noun(name: str) -> str:
    """The first word of a Welsh name after the article, lower case ("Y Bwrdd ..." -> "bwrdd")."""
    words = name.split()
    if len(words) > 1 and words[0].lower() in ARTICLES:
        words = words[1:]
    return words[0].lower().strip(",.;:()") if words else ""


def infer_gender(name: str) -> str | None:
    """The gender of a Welsh name from its head noun, or None when the table does not know it."""
    word = head_noun(name)
    if word in HEAD_NOUNS:
        return HEAD_NOUNS[word]
    # A feminine noun mutates after the article ("Y Gymdeithas ..."): look up its radical.
    found = {HEAD_NOUNS[radical] for radical in radicals(word) if radical in HEAD_NOUNS}
    return found.pop() if len(found) == 1 else None


def body_gender(body: dict) -> str:
    """m, f or pl for a body record (checked before any page is built)."""
    # An English name used in Welsh (cy_lang: en) is masculine unless the record says otherwise.
    return body.get("gender") or infer_gender(body["name"]["cy"]) or "m"


def can_mutate(body: dict) -> bool:
    """Whether a body's Welsh name may take a mutation at all."""
    name = body["name"]
    if body.get("mutate") is False or name.get("cy_lang") == "en":
        return False
    words = name["cy"].split()
    if not words or words[0].lower() in ARTICLES or is_acronym(words[0]):
        return False
    return True


def mutate_word(word: str, mutation: str) -> str:
    """A word with its first letter mutated (soft, nasal or aspirate); unchanged where the letter does not mutate."""
    lower = word.lower()
    for pattern, forms in RULES:
        if mutation in forms and re.match(pattern, lower):
            mutated = re.sub(pattern, forms[mutation], lower, count=1)
            return _recase(mutated, word) if mutated else word
    return word


def mutated_name(body: dict, mutation: str) -> str:
    """The body's Welsh name after a word that causes `mutation` (the name itself when it does not mutate)."""
    name = body["name"]["cy"]
    if not can_mutate(body):
        return name
    first, _, rest = name.partition(" ")
    return mutate_word(first, mutation) + (" " + rest if rest else "")


# Words after which a name mutates, and the mutation each causes. "yn" before a
# name is the preposition "in" (nasal: "yng Nghaerdydd").
MUTATING_WORDS: dict[str, str] = {
    **dict.fromkeys(["am", "ar", "at", "gan", "heb", "i", "o", "dan", "tan", "dros", "drwy", "trwy",
                     "wrth", "hyd", "neu"], "soft"),
    "yn": "nasal",
    **dict.fromkeys(["a", "â", "gyda", "tua", "na"], "aspirate"),
}


def would_mutate(body: dict, mutation: str) -> bool:
    """Whether the name changes after a word causing `mutation`."""
    return can_mutate(body) and mutated_name(body, mutation) != body["name"]["cy"]
