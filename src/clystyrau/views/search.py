"""Per-language search: settings for the search worker and the pages Pagefind indexes.

mkdocs-static-i18n writes one search index holding both languages; Material
then shows English results on Welsh pages. `split_search_index` makes one
index per language, each with its own pipeline (the lunr functions Material
keeps): Welsh keeps every word, so no English stop-word list drops Welsh
words such as "a", "i" or "am", and no trimmer cuts "tŷ" to "t" (lunr's
trimmer treats ŵ and ŷ as punctuation); English keeps Material's default.
Neither uses the stemmer: Material searches prefixes ("powys*"), which never
meet stemmed terms.

Search runs on Pagefind (hooks/search_split.py runs it after the build, once per
language): its index comes in small chunks, fetched only for the words searched,
so what a first search downloads does not grow with the site. Material's search
box and result list stay; Material still fetches search/search_index.json when a
search starts, but that file now holds only the settings (`search_settings`: no
documents), which Material hands to our worker
(overrides/assets/javascripts/cc-search-worker.js), and the worker answers
Material's queries from the Pagefind bundle of the page's language.
`pagefind_html` is what Pagefind reads of each built page: the article alone,
with the hidden fields below added as text (the files on disk are unchanged).

Two additions make each language find what people type:

- Welsh mutations (clystyrau.model.mutations): each section of a Welsh page is
  also filed under the radicals of its words that it does not hold as written
  (`file_radicals`: "~|bwrdd ~|mwrdd" after the heading of a section holding
  "fwrdd"), and the Welsh settings carry the mutation table as
  `welsh_mutations`, from which the search worker
  (overrides/assets/javascripts/cc-search-worker.js) looks each typed word up
  under its radicals ("fwrdd": fwrdd, bwrdd, mwrdd; "bwrdd": bwrdd, pwrdd).
  That finds every page holding any form of the word, from one to three of
  Pagefind's alphabetical index chunks instead of one per initial letter of
  all its forms. A heading's radicals are filed at the heading's weight and a
  field's inside the field, so that they rank as the words they come from.
- Names in both languages (`search_aliases`): record pages, glossary entries
  and body-type indexes get extra fields, which only Pagefind reads
  (`pagefind_html`), each with its Pagefind weight (`PAGEFIND_WEIGHTS`):
  `aliases` (weighed a little above the title) holds acronyms and short names
  in both languages: a body's `short` names and the acronyms of the glossary
  entries that name it (`body:`), or a glossary entry's acronyms. "HEIW" on
  the Welsh site and "AaGIC" on the English site open the body's page first.
  `names` (weighed less than a heading) holds names in the other language: a
  body's name, a glossary term, a type's names. They find the page, but a
  word that merely starts like them ("loc" and "Local authorities") does not
  outrank an acronym.
  `generic`, on a type's index only, holds the acronyms of the glossary entry
  (without a `body:`) whose term is the type's name ("Regional Partnership
  Board": RPB, BPRh). A generic acronym lists the type's index first, then the
  bodies of that type; a body matching two typed words ("Gwent RPB", "BPRh
  Gwent") comes before the type. The worker ranks the first pages by these
  fields (cc-search-worker.js, `strength`: a generic acronym counts 2.5 times
  a title or an acronym), as Material's index weighed them by boosts.
"""

from __future__ import annotations

import copy
import html
import posixpath
import re

from ..model import mutations
from ..model.paths import body_path, type_path

PIPELINES = {
    "cy": [],
    "en": ["stopWordFilter"],
}

# Words end at spaces and hyphens (Material's default), and at brackets, quotes,
# apostrophes, slashes and other punctuation: with no trimmer in the pipeline, a
# title's "(AaGIC)" or "Senedd," must still be the words "aagic" and "senedd", and
# Welsh "a’r", "mae'n" the words "a", "r", "mae", "n". A full stop splits only
# before a non-digit ("heiw.nhs.wales", not "4.2"); HTML entities split too.
SEPARATOR = r"""[\s\-,:;!?()\[\]{}"“”‘’'/=]+|\.(?!\d)|&[a-z]+;|&#\d+;"""

# Query-time expansion tables, by language (read by the search worker).
EXPANSIONS = {
    "cy": {"welsh_mutations": mutations.table()},
}

GLOSSARY_LOCATION = "glossary/"
# The same fields as Pagefind weights: it ranks a word by the element holding it (an h1 7,
# an h2 6, ... body text 1; at most 10), so acronyms weigh a little above the title, other
# names less, and a type's generic acronyms most. The search worker tells the fields apart
# by these weights (cc-search-worker.js, FIELD_STRENGTH).
PAGEFIND_WEIGHTS = {"aliases": 8, "names": 3, "generic": 10}
# Welsh words are indexed under their radicals as well (mutations.index_forms): each section of
# a Welsh page gets, after its heading, the radicals of its words that it does not hold as
# written, each once, marked by RADICAL_MARK ("~|bwrdd ~|mwrdd" for a section holding "fwrdd"),
# so a search looks a word up under its radicals (mutations.lookups; a phrase, or a word of two
# letters, in every form). The search worker
# drops the marked words from excerpts (cc-search-worker.js, `excerpt`; the same two characters).
RADICAL_LANGUAGES = {"cy"}
RADICAL_MARK = "~|"
WORD_START = re.compile(r"(?<![\w&#])(?<!\w['’])[^\W\d_]{2,}")  # not "r" of "mae'r", but "'ystafell"
HEADING_START = re.compile(r"(?=<h[1-6]\b)")
HEADING = re.compile(r"<h([1-6])\b[^>]*>.*?</h\1>", re.DOTALL)
HEADING_WEIGHTS = {1: 7, 2: 6, 3: 5, 4: 4, 5: 3, 6: 2}  # Pagefind's weights of headings
WEIGHTED_FIELD = re.compile(r'(<p data-pagefind-weight="\d+">)(.*?)(</p>)', re.DOTALL)
UNREAD = re.compile(r"<(script|style|svg|template|noscript|iframe|form|nav|footer)\b.*?</\1\s*>|<!--.*?-->",
                    re.DOTALL | re.IGNORECASE)
TAG = re.compile(r"(<[^>]*>)")
HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>[^<]*</a>')
ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.DOTALL)


def split_search_index(index: dict, languages: list[str], default: str) -> dict[str, dict]:
    """{lang: index}; locations of non-default languages become relative to their folder."""
    result = {}
    for lang in languages:
        prefix = "" if lang == default else f"{lang}/"
        docs = []
        for doc in index.get("docs", []):
            location = doc.get("location", "")
            in_language = location.startswith(prefix) if prefix else not any(
                location.startswith(f"{other}/") or location == other for other in languages if other != default)
            if in_language:
                doc = dict(doc, location=location[len(prefix):])
                docs.append(doc)
        config = copy.deepcopy(index.get("config", {}))
        config["lang"] = ["en"]  # lunr has no Welsh; with the pipeline below nothing English-specific runs
        config["pipeline"] = PIPELINES.get(lang, PIPELINES["en"])
        config["separator"] = SEPARATOR
        config.update(copy.deepcopy(EXPANSIONS.get(lang, {})))
        result[lang] = {"config": config, "docs": docs}
    return result


def location(path: str) -> str:
    """The search index location of a generated page: "bodies/senedd.md" -> "bodies/senedd/"."""
    stem = path[:-len(".md")]
    if posixpath.basename(stem) == "index":
        stem = posixpath.dirname(stem)
    return f"{stem}/" if stem else ""


def _unique(values) -> list[str]:
    seen, result = set(), []
    for value in values:
        if value and value.casefold() not in seen:
            seen.add(value.casefold())
            result.append(value)
    return result


def _both(value: dict) -> list[str]:
    """The Welsh and English texts of a bilingual field (not its `cy_lang` / `en_lang` marks)."""
    return [value[lang] for lang in ("cy", "en") if lang in value]


def type_terms(site, body_type: str) -> list[dict]:
    """Glossary entries naming no body whose term is the name of a type ("Regional Partnership Board")."""
    names = {lang: site.label(f"type.{body_type}.one", lang).casefold() for lang in ("cy", "en")}
    return [entry for _, entry in sorted(site.glossary.items())
            if not entry.get("body") and any(entry["term"][lang].casefold() == names[lang] for lang in names)]


def search_aliases(site, lang: str) -> dict[str, dict[str, list[str]]]:
    """{location: {field: names}} for one language's index (see the module's docstring)."""
    other = "en" if lang == "cy" else "cy"
    result: dict[str, dict[str, list[str]]] = {}
    by_body: dict[str, list[dict]] = {}
    for _, entry in sorted(site.glossary.items()):
        if entry.get("body"):
            by_body.setdefault(entry["body"], []).append(entry)
        # A source's misprints are not shown in the glossary (issue 15) but still find the entry.
        result[f"{GLOSSARY_LOCATION}#{entry['id']}"] = {"aliases": _both(entry.get("acronym", {})),
                                                        "names": [entry["term"][other]]
                                                        + [slip["text"] for slip in entry.get("slips", [])]}
    for body_id, body in sorted(site.bodies.items()):
        acronyms, names = _both(body.get("short", {})), [body["name"][other]]
        for entry in by_body.get(body_id, []):
            acronyms += _both(entry.get("acronym", {}))
            names.append(entry["term"][other])
        result[location(body_path(body_id))] = {"aliases": acronyms, "names": names}
    for body_type in sorted({body["type"] for body in site.bodies.values()}):
        names = [site.label(f"type.{body_type}.many", other), site.label(f"type.{body_type}.one", other)]
        acronyms = []
        for entry in type_terms(site, body_type):
            acronyms += _both(entry.get("acronym", {}))
            names.append(entry["term"][other])
        result[location(type_path(body_type))] = {"generic": acronyms, "names": names}
    return {where: {field: _unique(values) for field, values in fields.items() if _unique(values)}
            for where, fields in result.items()}


def search_settings(index: dict) -> dict:
    """What search/search_index.json holds now: one language's settings and no documents."""
    return {"config": copy.deepcopy(index["config"]), "docs": []}


def page_locations(index: dict) -> list[str]:
    """The pages (locations without a #section) of one language's index, in order."""
    return list(dict.fromkeys(doc["location"].split("#")[0] for doc in index["docs"]))


def _fields_html(fields: dict[str, list[str]]) -> str:
    return "".join(f'<p data-pagefind-weight="{PAGEFIND_WEIGHTS[field]}">{html.escape(" ".join(names))}</p>'
                   for field, names in fields.items())


def pagefind_html(page: str, where: str, aliases: dict[str, dict[str, list[str]]], lang: str) -> str | None:
    """What Pagefind indexes of the built page at location `where`: its article, with the page's
    hidden fields after its h1 and a section's after the section's heading (so Pagefind counts
    them in that section); None for a page without an article."""
    article = ARTICLE.search(page)
    if not article:
        return None
    body = HEADERLINK.sub("", article.group(1))  # the pilcrow is no word of the heading
    title = re.search(r"<h1\b[^>]*>.*?</h1>", body, re.DOTALL)
    for key, fields in aliases.items():
        page_part, _, anchor = key.partition("#")
        if page_part != where:
            continue
        if not anchor:
            at = title.end() if title else 0
        else:
            heading = re.search(rf'<h([1-6])\b[^>]*\bid="{re.escape(anchor)}"[^>]*>.*?</h\1>', body, re.DOTALL)
            if not heading:
                continue
            at = heading.end()
        body = body[:at] + _fields_html(fields) + body[at:]
    if lang in RADICAL_LANGUAGES:
        body = file_radicals(body)
    return f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"></head><body>' \
           f"<main data-pagefind-body>{body}</main></body></html>"


def _words(fragment: str) -> tuple[set[str], set[str]]:
    """The words of an HTML fragment as Pagefind reads them (lower case), and the radicals they are
    filed under. Scripts, styles, drawings and comments are not read: Pagefind indexes none of them."""
    written: set[str] = set()
    filed: set[str] = set()
    for part in TAG.split(UNREAD.sub(" ", fragment)):
        if part.startswith("<"):
            continue
        for word in WORD_START.findall(html.unescape(part)):
            written.add(word.lower())
            filed.update(mutations.index_forms(word))
    return written, filed


def _filed(words: set[str], weight: int | None = None) -> str:
    if not words:
        return ""
    marked = " ".join(RADICAL_MARK + word for word in sorted(words))
    return f'<div data-pagefind-weight="{weight}">{marked}</div>' if weight else f"<div>{marked}</div>"


def _file_field(field: re.Match) -> str:
    written, filed = _words(field.group(2))
    extra = "".join(f" {RADICAL_MARK}{word}" for word in sorted(filed - written))
    return field.group(1) + field.group(2) + extra + field.group(3)


def file_radicals(body: str) -> str:
    """The article with each section also filed under the radicals of its words that it does not
    hold as written ("fwrdd" -> "~|bwrdd ~|mwrdd"), each once, after its heading (and at the top):
    a heading's radicals at the heading's Pagefind weight, a field's (`_fields_html`) inside the
    field, so that they rank as the words they come from."""
    apart = RADICAL_MARK[0] + " " + RADICAL_MARK[1:]  # the mark is ours alone
    body = "".join(part if part.startswith("<") else part.replace(RADICAL_MARK, apart) for part in TAG.split(body))
    body = WEIGHTED_FIELD.sub(_file_field, body)
    out = []
    for section in HEADING_START.split(body):
        heading = HEADING.match(section)
        at = heading.end() if heading else 0
        head_written, head_filed = _words(section[:at])
        text_written, text_filed = _words(WEIGHTED_FIELD.sub("", section[at:]))
        head_filed -= head_written
        weight = HEADING_WEIGHTS[int(heading.group(1))] if heading else None
        out.append(section[:at] + _filed(head_filed, weight)
                   + _filed(text_filed - text_written - head_written - head_filed) + section[at:])
    return "".join(out)
