"""Everything English on a Welsh page is marked lang="en", and Welsh on an English page lang="cy" (issue 14).

A screen reader reads a page in the language of its <html lang>; an English
phrase left unmarked on a Welsh page is read with Welsh sounds. This test
reads the article text of every Welsh page of the real site, leaves out what
is marked with another language (and code, diagrams, addresses), and fails on
any run of text holding English words from a short list of words that are
not Welsh. A word list is enough: the pages are Welsh, so an English word in
them is either marked or a mistake.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

# Common English words that are not also Welsh words (so not "a", "i", "o", "am",
# "ar", "at", "hi", "dim", "man", "plant", "sir", "son", "tan", "pen", "had").
ENGLISH = frozenset("""
the and of for with this that these those are was were be been being from by which who whose will would
should could can may must has have their they them our your its into than then also only such other about
not what when where how any more most some each both between within without across through under
health care services service board boards council councils committee committees primary government
community communities national report guidance framework development support public partnership regional
local people social working workforce planning cluster clusters plan plans strategy programme review
wellbeing well-being resilience involvement engagement toolkit network foundation trust centre
executive director general trusts professional collaboratives commission groups authorities specialist
specialised minister enhanced additional systems enable communications sharing funding toolkits
""".split())

# Welsh words that are not English words, for the English pages.
WELSH = frozenset("""
yn yr mae gan gyda iechyd gofal sylfaenol bwrdd byrddau cyngor cynghorau llywodraeth gwasanaethau clwstwr
clystyrau cynllunio cymunedol cyhoeddus rhanbarthol partneriaeth adran atodiad canlyniadau dyfeisgarwch llesiant
""".split())

# Elements whose text is not prose in the page's language.
SKIP = {"code", "pre", "script", "style", "svg", "kbd", "samp", "math", "template"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# A chunk of text that is an address or file name, not words.
ADDRESS = re.compile(r"(://|www\.|@|\.(?:uk|org|com|wales|cymru|net|pdf|gov)\b|/)", re.I)
WORD = re.compile(r"[A-Za-zÀ-ÿŵŷŴŶ'’-]+")


class ArticleText(HTMLParser):
    """Text runs inside <article>, with the language each is in."""

    def __init__(self, page_lang: str):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str, bool]] = []  # (tag, lang, skipped)
        self.page_lang = page_lang
        self.runs: list[str] = []
        self._run: list[str] = []

    def _state(self) -> tuple[str, bool, bool]:
        lang, skipped, inside = self.page_lang, False, False
        for tag, tag_lang, tag_skipped in self.stack:
            lang = tag_lang or lang
            skipped = skipped or tag_skipped
            inside = inside or tag == "article"
        return lang, skipped, inside

    def _flush(self):
        if self._run:
            self.runs.append(" ".join(self._run))
            self._run = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        skipped = (tag in SKIP or "headerlink" in (attributes.get("class") or "")
                   or attributes.get("aria-hidden") == "true")
        if tag in VOID:
            return
        self._flush()
        self.stack.append((tag, attributes.get("lang"), skipped))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        self._flush()
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        lang, skipped, inside = self._state()
        if inside and not skipped and lang.split("-")[0] == self.page_lang:
            self._run.append(data)


def english_in(text: str, listed: frozenset = ENGLISH) -> list[str]:
    """The words of a list (English words by default) in a run of text, addresses left out."""
    words = []
    for chunk in text.split():
        if ADDRESS.search(chunk):
            continue
        words += [word for word in WORD.findall(chunk) if word.lower().strip("'’-") in listed]
    return words


def unmarked_english(html: str, lang: str = "cy") -> list[str]:
    """Runs of article text in `lang` that hold words of the other language, each with the words found
    (English words on a Welsh page, Welsh words on an English one)."""
    parser = ArticleText(lang)
    parser.feed(html)
    parser.close()
    found = []
    for run in parser.runs:
        words = english_in(run, ENGLISH if lang == "cy" else WELSH)
        if words:
            found.append(f"{' '.join(run.split())[:160]!r} ({', '.join(sorted(set(words)))})")
    return found


def welsh_pages(site: Path) -> list[Path]:
    """Every Welsh page of a built site (the English site lives under en/)."""
    return sorted(path for path in site.rglob("index.html")
                  if path.relative_to(site).parts[0] not in {"en", "assets", "search"})


# The checker itself, on small pages: it must be able to fail.
@pytest.mark.parametrize("html, found", [
    ('<article><p>Mae <span lang="en">The King\'s Fund</span> yn dweud.</p></article>', False),
    ("<article><p>Mae The King's Fund yn dweud.</p></article>", True),
    ('<article><p>Gweler <a href="https://www.health.org.uk/">www.health.org.uk/what-we-do</a>.</p></article>', False),
    ('<article><p lang="en">Primary care in Wales</p></article>', False),
    ("<article><p>Mae'r bwrdd yn cwrdd.</p><code>the and of</code></article>", False),
    ("<p>Outside the article</p><article><p>Iawn.</p></article>", False),
    ("<article><h2>Sources for this page</h2></article>", True),
])
def test_the_checker_finds_unmarked_english(html, found):
    assert bool(unmarked_english(html)) is found


def test_the_checker_finds_unmarked_welsh_on_english_pages():
    assert unmarked_english("<article><p>It calls them Byrddau Gwasanaethau Cyhoeddus.</p></article>", "en")
    marked = '<article><p>It calls them <span lang="cy">Byrddau Gwasanaethau</span>.</p></article>'
    assert not unmarked_english(marked, "en")


def test_no_welsh_page_of_the_real_site_has_unmarked_english(real_site):
    pages = welsh_pages(real_site)
    assert len(pages) > 240  # every record, area, type, glossary and handbook page
    problems = {}
    for path in pages:
        found = unmarked_english(path.read_text(encoding="utf-8"))
        if found:
            problems[path.relative_to(real_site).parent.as_posix() or "/"] = found
    report = "\n".join(f"{page}: {'; '.join(found[:5])}" for page, found in sorted(problems.items()))
    assert not problems, f"{len(problems)} Welsh pages hold unmarked English:\n{report}"


def test_no_english_page_of_the_real_site_has_unmarked_welsh(real_site):
    pages = sorted((real_site / "en").rglob("index.html"))
    assert len(pages) > 240
    problems = {}
    for path in pages:
        found = unmarked_english(path.read_text(encoding="utf-8"), "en")
        if found:
            problems[path.relative_to(real_site).parent.as_posix()] = found
    report = "\n".join(f"{page}: {'; '.join(found[:5])}" for page, found in sorted(problems.items()))
    assert not problems, f"{len(problems)} English pages hold unmarked Welsh:\n{report}"


def test_record_text_marks_a_phrase_in_the_other_language():
    from clystyrau.views.markdown import escape_marked, pick, plain, unmarked

    value = {"cy": "Mae Ffigur 1 yn sôn am ‘[[en:22 Public Service Boards]]’ <b>.", "en": "x"}
    assert pick(value, "cy") == 'Mae Ffigur 1 yn sôn am ‘<span lang="en">22 Public Service Boards</span>’ &#60;b&#62;.'
    assert plain(value, "cy") == "Mae Ffigur 1 yn sôn am ‘22 Public Service Boards’ &lt;b&gt;."
    assert unmarked("[[cy:Gofal Sylfaenol Un]]") == "Gofal Sylfaenol Un"
    # The marked text is escaped like the rest: no way in for markup.
    assert escape_marked("[[en:<script>x</script>]]") == '<span lang="en">&#60;script&#62;x&#60;/script&#62;</span>'
