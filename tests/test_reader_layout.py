"""Reader-first layout on the real site (issue 15), in Chromium at a phone's and a desktop's width.

- The language link keeps the reader's place: from /en/glossary/#rpb it opens the
  Welsh glossary at #rpb; from a heading, it opens the twin at the heading in the same place
  of the outline (its own id differs between the languages).
- Chart text is never drawn under 12 px (its computed size times the drawing's scale).
- The committees and local-delivery tables are no wider than their column.
"""

from __future__ import annotations

import html
import re

import pytest

from browser import serve, watch_errors
from clystyrau.checks.loader import load_site
from conftest import ROOT

LANGS = {"cy": "", "en": "en/"}
WIDTHS = (390, 1280)
MIN_TEXT_PX = 12
ON_SCREEN = "e => { const r = e.getBoundingClientRect(); return r.top >= -2 && r.top < innerHeight; }"
CHART_PAGES = ("self-reflection/maturity/", "self-reflection/survey/")
TABLE_PAGES = ("engagement/representative-committees/", "policy-context/local-delivery/")


@pytest.fixture(scope="module")
def site_data():
    return load_site(ROOT, use_cache=False)


@pytest.fixture(scope="module")
def site_url(real_site, tmp_path_factory):
    with serve(real_site, tmp_path_factory.mktemp("www")) as url:
        yield url


def _open(browser, url: str, width: int = 1280, javascript: bool = True):
    context = browser.new_context(viewport={"width": width, "height": 900}, java_script_enabled=javascript)
    page = context.new_page()
    errors = watch_errors(page)
    page.goto(url)
    return context, page, errors


@pytest.mark.parametrize(("start", "target", "fragment"), [
    ("en", "cy", "rpb"),
    ("cy", "en", "rpb"),
])
def test_language_switch_keeps_glossary_entry(browser, site_url, start, target, fragment):
    context, page, errors = _open(browser, f"{site_url}{LANGS[start]}glossary/#{fragment}")
    try:
        page.click("a.cc-language__link")
        page.wait_for_load_state("load")
        assert page.url == f"{site_url}{LANGS[target]}glossary/#{fragment}"
        assert page.evaluate("document.documentElement.lang") == target
        entry = page.locator(f"[id='{fragment}']")
        assert entry.count() == 1
        # The browser went to the entry: it is on screen, not the top of the page.
        assert page.evaluate("window.scrollY") > 500
        assert entry.evaluate(ON_SCREEN)
        assert not errors, errors
    finally:
        context.close()


# A handbook page, a record page and a generated index: a heading's own id differs between the
# languages, so the link carries its place in the outline, which the twin's heading also has.
@pytest.mark.parametrize("start", ["en", "cy"])
@pytest.mark.parametrize(("path", "nth"), [
    ("engagement/representative-committees/", 2),
    ("policy-context/local-delivery/", 3),
    ("bodies/hb-cwm-taf-morgannwg/", 2),
])
def test_language_switch_keeps_heading(browser, site_url, start, path, nth):
    target = "cy" if start == "en" else "en"
    context, page, errors = _open(browser, f"{site_url}{LANGS[start]}{path}")
    try:
        headings = page.eval_on_selector_all(
            "article h2[id]", "hs => hs.map(h => [h.id, h.dataset.ccPlace, h.textContent])")
        own_id, place, _ = headings[nth]
        assert place == f"cc-{nth + 1}", headings
        page.goto(f"{site_url}{LANGS[start]}{path}#{own_id}")
        page.click("a.cc-language__link")
        page.wait_for_load_state("load")
        assert page.url == f"{site_url}{LANGS[target]}{path}#{place}"
        assert page.evaluate("document.documentElement.lang") == target
        twin = page.locator(f"article h2[data-cc-place='{place}']")
        assert twin.count() == 1
        # The browser went to the twin heading by itself: it is on screen, and the page is scrolled.
        assert twin.evaluate(ON_SCREEN)
        assert page.evaluate("window.scrollY") > 300
        assert not errors, errors
    finally:
        context.close()


def test_language_link_is_plain_without_javascript(browser, site_url):
    context, page, _ = _open(browser, f"{site_url}en/glossary/#rpb", javascript=False)
    try:
        href = page.get_attribute("a.cc-language__link", "href")
        assert "#" not in href
        page.click("a.cc-language__link")
        page.wait_for_load_state("load")
        assert page.url == f"{site_url}glossary/"
    finally:
        context.close()


# Every visible text of every chart drawing: its rendered size, and each drawing's and column's width.
MEASURE_CHARTS = """() => {
  const column = document.querySelector("article.md-content__inner").getBoundingClientRect().width;
  const out = {column, charts: []};
  for (const figure of document.querySelectorAll("figure.cc-chart")) {
    const shown = [...figure.querySelectorAll("svg")].filter(s => s.getClientRects().length > 0);
    const chart = {id: figure.id, shown: shown.length, sizes: [], width: 0,
                   figure: figure.getBoundingClientRect().width};
    for (const svg of shown) {
      const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      chart.width = svg.getBoundingClientRect().width;
      for (const text of svg.querySelectorAll("text")) {
        chart.sizes.push([parseFloat(getComputedStyle(text).fontSize) * scale, text.textContent.slice(0, 40)]);
      }
    }
    out.charts.push(chart);
  }
  return out;
}"""


@pytest.mark.parametrize("path", CHART_PAGES)
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("width", WIDTHS)
def test_chart_text_is_at_least_12px(browser, site_url, path, lang, width):
    context, page, errors = _open(browser, f"{site_url}{LANGS[lang]}{path}", width)
    try:
        measured = page.evaluate(MEASURE_CHARTS)
        assert measured["charts"], "no charts on the page"
        for chart in measured["charts"]:
            assert chart["shown"] == 1, f"{chart['id']}: {chart['shown']} drawings shown, expected one"
            smallest = min(chart["sizes"])
            assert smallest[0] >= MIN_TEXT_PX, \
                f"{chart['id']} at {width} px: '{smallest[1]}' is {smallest[0]:.1f} px"
            assert chart["width"] <= measured["column"] + 1, f"{chart['id']} is wider than its column"
            assert chart["figure"] >= measured["column"] - 1, f"{chart['id']} does not take the column's width"
        assert not errors, errors
    finally:
        context.close()


MEASURE_TABLES = """() => {
  const article = document.querySelector("article.md-content__inner");
  const column = article.getBoundingClientRect();
  return [...article.querySelectorAll("table")].map(t => {
    const r = t.getBoundingClientRect();
    return {left: r.left - column.left, right: r.right - column.right, width: r.width,
            scroll: t.scrollWidth - t.clientWidth, column: column.width,
            head: t.querySelector("th") ? t.querySelector("th").textContent.trim().slice(0, 30) : ""};
  });
}"""


@pytest.mark.parametrize("path", TABLE_PAGES)
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("width", WIDTHS)
def test_tables_fit_their_column(browser, site_url, path, lang, width):
    context, page, errors = _open(browser, f"{site_url}{LANGS[lang]}{path}", width)
    try:
        tables = page.evaluate(MEASURE_TABLES)
        assert tables, "no tables on the page"
        for table in tables:
            where = f"table '{table['head']}' at {width} px"
            assert table["left"] >= -1 and table["right"] <= 1, f"{where} sticks out of its column: {table}"
            assert table["scroll"] <= 1, f"{where} scrolls sideways: {table}"
        assert not errors, errors
    finally:
        context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_stacked_cells_are_labelled_by_their_column(browser, site_url, lang):
    """On a phone each row of the committees table is a card, each value under its column's heading."""
    context, page, _ = _open(browser, f"{site_url}{LANGS[lang]}engagement/representative-committees/", 390)
    try:
        cells = page.evaluate("""() => [...document.querySelectorAll('.cc-stack tbody tr:first-child td')].map(
            td => [td.dataset.label, getComputedStyle(td, '::before').content, getComputedStyle(td).display])""")
        headers = page.evaluate(
            "() => [...document.querySelectorAll('.cc-stack thead th')].map(th => th.textContent.trim())")
        assert [cell[0] for cell in cells] == headers and len(headers) == 4
        assert all(cell[2] == "block" for cell in cells)
        assert cells[3][1] == f'"{headers[3]}"'  # "When to consult" is printed above its value
    finally:
        context.close()


def _article_text(real_site, lang: str, path: str) -> str:
    page = (real_site / LANGS[lang] / path / "index.html").read_text(encoding="utf-8")
    article = page[page.index("<article"): page.index("</article>")]
    return " ".join(re.sub(r"<[^>]+>", " ", article).split())


@pytest.mark.parametrize("lang", LANGS)
def test_area_page_leads_with_the_named_bodies_and_what_they_do(real_site, site_data, lang):
    """A council's area page names the council itself first, then the health board, RPB, PSB and
    committees, each with its record's own summary, in the page's language."""
    from clystyrau.views import areas
    from clystyrau.views.markdown import paragraphs

    area = areas.area_for(site_data, "la-powys")
    text = _article_text(real_site, lang, "areas/la-powys")
    labels = {"cy": ("Y cyngor", "Bwrdd iechyd"), "en": ("The council", "Health board")}[lang]
    assert text.index(labels[0]) < text.index(labels[1])
    order = ["la-powys"] + area.health_boards + area.regional_partnership_boards + area.public_services_boards
    positions = []
    for body_id in order + area.committees:
        body = site_data.bodies[body_id]
        name = " ".join(body["name"][lang].split())
        assert name in text, (lang, body_id)
        summary = " ".join(re.sub(r"<[^>]+>", "", paragraphs(body["summary"], lang)).split())
        assert html.unescape(summary)[:60] in html.unescape(text), (lang, body_id)
        positions.append(text.index(name))
    assert positions[: len(order)] == sorted(positions[: len(order)])


def test_stacked_table_labels_come_from_the_header_and_are_escaped():
    from clystyrau.views.tables import label_stacked_tables

    page = ('<div class="cc-stack">\n<table>\n<thead>\n<tr>\n<th>Name</th>\n<th>When &amp; <em>why</em> "now"</th>\n'
            '</tr>\n</thead>\n<tbody>\n<tr>\n<td>A</td>\n<td>B</td>\n</tr>\n</tbody>\n</table>\n</div>'
            '<table>\n<thead>\n<tr>\n<th>Other</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>C</td>\n</tr>\n</tbody>\n</table>')
    out = label_stacked_tables(page)
    assert '<td role="cell" data-label="Name">A</td>' in out
    assert '<td role="cell" data-label="When &amp; why &quot;now&quot;">B</td>' in out
    assert "<td>C</td>" in out  # a table outside a cc-stack block is left alone
