"""Reader first (issue 15): the scholarship is one click away, not in the reader's way.

- A page cites a source document by a short linked title ([[source:000|Appendix 2]] ->
  "Engagement guidance, Appendix 2"), not by its bare number: a test counts the
  numbers 000-004 standing as words in the article text of every page of the real site.
- Dates are written with the month's name ("October 2009", "Hydref 2009"), not as
  "2009-10", which reads as a financial year.
- Each source page says where the document is published, or why it is not linked.
- The words people use (IMTP, CHC) are glossary entries with their expansion.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from clystyrau.model.dates import human_date
from conftest import ROOT

# A page may still name a number where the number itself is the subject (a file name, say).
LIMIT = 2
NUMBER = re.compile(r"(?<![\w./-])00[0-4](?![\w/-])")
SKIP = {"code", "pre", "script", "style", "svg", "template"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class ArticleText(HTMLParser):
    """The text inside <article>, without code, scripts and drawings."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        if "article" in self.stack and not SKIP & set(self.stack):
            self.parts.append(data)


def article_text(html: str) -> str:
    parser = ArticleText()
    parser.feed(html)
    return " ".join(parser.parts)


def bare_numbers(html: str) -> list[str]:
    """Each bare document number in a page's article text, with a little context."""
    text = " ".join(article_text(html).split())
    return [text[max(0, m.start() - 40): m.end() + 20] for m in NUMBER.finditer(text)]


@pytest.mark.parametrize(("html", "count"), [
    ("<article><p>According to 000 Appendix 2, and 003 says so.</p></article>", 2),
    ('<article><p>According to <a href="../sources/000/">Engagement guidance, Appendix 2</a>.</p></article>', 0),
    ("<article><p>In 2003 and 1000 and page 0004 and 004/x.</p></article>", 0),
    ("<p>000 outside the article</p><article><code>003</code></article>", 0),
])
def test_bare_numbers_counts_only_document_numbers_in_article_text(html, count):
    assert len(bare_numbers(html)) == count


def _pages(site: Path) -> list[Path]:
    return sorted(path for path in site.rglob("*.html") if "assets" not in path.parts)


def test_pages_cite_documents_by_title_not_number(real_site):
    """No page of the real site shows more than LIMIT bare document numbers in its article."""
    over = {}
    for path in _pages(real_site):
        found = bare_numbers(path.read_text(encoding="utf-8"))
        if len(found) > LIMIT:
            over[str(path.relative_to(real_site))] = found[:3]
    assert not over, f"{len(over)} pages cite documents by bare number, e.g. {dict(list(over.items())[:5])}"


@pytest.mark.parametrize(("value", "lang", "expected"), [
    ("2009-10", "en", "October 2009"),
    ("2009-10", "cy", "Hydref 2009"),
    ("2016-04", "en", "April 2016"),
    ("2016-04", "cy", "Ebrill 2016"),
    ("2026-11-25", "en", "25 November 2026"),
    ("2026-11-25", "cy", "25 Tachwedd 2026"),
    ("2021", "en", "2021"),
    ("2023-13", "en", "2023-13"),  # not a date: left as it is
])
def test_human_date(value, lang, expected):
    from clystyrau.checks.loader import load_site

    months = load_site(ROOT).label("date.months", lang).split()
    assert len(months) == 12
    assert human_date(value, months) == expected


@pytest.mark.parametrize(("lang", "established", "reviewed"), [
    ("cy", "Hydref 2009", "Tachwedd 2026"),
    ("en", "October 2009", "November 2026"),
])
def test_record_pages_show_month_names(real_site, lang, established, reviewed):
    """A health board set up in October 2009 says so, not "2009-10", and so does its review date."""
    folder = real_site if lang == "cy" else real_site / "en"
    html = (folder / "bodies" / "hb-hywel-dda" / "index.html").read_text(encoding="utf-8")
    text = " ".join(article_text(html).split())
    assert established in text
    assert reviewed in text
    assert "2009-10" not in text


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_each_source_page_links_to_the_document_or_says_why_not(real_site, lang):
    from clystyrau.checks.loader import load_site

    site = load_site(ROOT)
    folder = real_site if lang == "cy" else real_site / "en"
    for doc_id, document in site.sources.items():
        html = (folder / "sources" / doc_id / "index.html").read_text(encoding="utf-8")
        if "published" in document:
            assert f'href="{document["published"]["url"]}"' in html, doc_id
        else:
            assert site.label("source.not_linked", lang) in " ".join(article_text(html).split()), doc_id
        if "related" in document:   # a page about the work, never passed off as the document
            assert f'href="{document["related"]["url"]}"' in html, doc_id
            assert site.label("source.related", lang) in html, doc_id
    assert sum("related" in document for document in site.sources.values()) >= 3


@pytest.mark.parametrize(("lang", "acronym"), [("cy", "IMTP"), ("en", "IMTP"), ("cy", "CHC"), ("en", "CHC"),
                                                ("cy", "CTCI")])
def test_glossary_holds_the_words_people_use(real_site, lang, acronym):
    folder = real_site if lang == "cy" else real_site / "en"
    text = article_text((folder / "glossary" / "index.html").read_text(encoding="utf-8"))
    assert re.search(rf"\b{acronym}\b", text), acronym
