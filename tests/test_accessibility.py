"""The real site in a real browser: axe-core, keyboard, privacy, sub-path and phone width.

Every kind of page is checked in both languages and both palettes (the light
one as a reader with a light system setting loads it, then the dark one after
Material's palette toggle), each page loaded once for every check.
axe-core comes from npm (package.json; `./run test` installs it) and is
injected into each page; it is never part of the site.
"""

from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from browser import open_search_box, serve, watch_errors

ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SCHEMES = {"light": "default", "dark": "slate"}  # prefers-color-scheme -> Material's scheme
LANGS = {"cy": "", "en": "en/"}
MISSING = "no-such-page/"

# Every kind of page: name -> path inside a language folder. Each must be built:
# a kind of page that disappears fails its tests rather than skipping them.
PAGES = {
    "home": "",
    "handbook": "planning/regional-needs-assessments/",  # a warning admonition and a table
    "record": "bodies/hb-powys/",                        # a neighbourhood diagram
    "type-index": "types/health-board/",
    "bodies-index": "bodies/",
    "glossary": "glossary/",
    "structure": "structure/",                           # the structure diagrams
    "charts": "self-reflection/maturity/",               # self-reflection charts
    "source": "sources/001/",
    "search": "",                                        # the home page with search results open
    "404": MISSING,
    "area-index": "areas/",
    "area": "areas/la-powys/",
}
SEARCH_QUERY = "Powys"
PHONE = 390
REFLOW = 320  # WCAG 1.4.10: 1280 px at 400% zoom
WIDTHS = (REFLOW, PHONE)
KEYBOARD_KINDS = ("record", "structure")  # pages whose diagram links the keyboard walk must reach


def built_file(site: Path, lang: str, path: str) -> Path:
    return site / LANGS[lang] / path / "index.html"


def page_path(site: Path, name: str, lang: str) -> str:
    """The address of a kind of page in a language, relative to the site; fails if it is not built."""
    path = PAGES[name]
    if name != "404" and not built_file(site, lang, path).is_file():
        pytest.fail(f"{LANGS[lang]}{path} is not built: the {name} page has gone")
    return LANGS[lang] + path


# ---------------------------------------------------------------------------
# One visit per kind of page and language. Loading a page is the slow part
# (Material's worker builds the search index each time), so each page is
# loaded once and every check runs on it in turn: requests and cookies, the
# keyboard walk, axe in the light palette, axe in the dark one, then the
# reflow widths. The tests below each assert on their part of a visit.


@pytest.fixture(scope="module")
def site_url(real_site, tmp_path_factory):
    """The real site under a sub-path, as a GitHub Pages project site serves it."""
    with serve(real_site, tmp_path_factory.mktemp("www")) as url:
        yield url


def new_page(browser, scheme: str = "light", width: int = 1280, height: int = 900):
    """A page in its own context whose script errors are collected in `page.cc_errors`."""
    context = browser.new_context(color_scheme=scheme, viewport={"width": width, "height": height})
    page = context.new_page()
    page.cc_errors = watch_errors(page)
    return page


def wait_for_palette(page, scheme: str) -> None:
    """Material has applied the palette that matches the emulated colour scheme."""
    page.wait_for_function("want => document.body && document.body.getAttribute('data-md-color-scheme') === want",
                           arg=SCHEMES[scheme], timeout=10000)


def switch_to_dark(page) -> None:
    """The reader's way: Material's palette toggle (its palette follows the system only at load)."""
    page.emulate_media(color_scheme="dark")
    page.evaluate("document.getElementById('__palette_1').click()")
    wait_for_palette(page, "dark")


def open_search(page, query: str) -> None:
    """Type into Material's search box and wait for results."""
    open_search_box(page)
    page.keyboard.type(query)
    page.wait_for_selector(".md-search-result__item", timeout=10000)


def load(page, url: str, name: str, scheme: str):
    response = page.goto(url)
    page.wait_for_load_state("load")
    wait_for_palette(page, scheme)
    if name == "search":
        open_search(page, SEARCH_QUERY)
    return response


def run_axe(page) -> list[dict]:
    # Open every collapsible block (the diagrams' text equivalents) so its content is checked too.
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    # resultTypes: axe still finds every violation, but spends nothing on detailing the passes,
    # which no test reads.
    result = page.evaluate("""tags => axe.run(document, {runOnly: {type: 'tag', values: tags},
                                          resultTypes: ['violations']})
        .then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            targets: v.nodes.map(n => n.target.join(' ')),
            summary: v.nodes.slice(0, 3).map(n => n.failureSummary)})))""",
                           AXE_TAGS)
    return result


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        targets = v["targets"]
        shown = ", ".join(targets[:8]) + (f" … and {len(targets) - 8} more" if len(targets) > 8 else "")
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']}\n    targets: {shown}\n    "
                     + "\n    ".join(s.replace("\n", " ") for s in v["summary"][:2] if s))
    return "\n".join(lines)


MEASURE_WIDTHS = """() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth,
    wide: [...document.querySelectorAll('article *')].filter(el => {
        const r = el.getBoundingClientRect();
        if (r.right <= window.innerWidth + 1) return false;
        // inside a box that scrolls sideways on its own: fine
        for (let p = el.parentElement; p; p = p.parentElement) {
            const o = getComputedStyle(p).overflowX;
            if ((o === 'auto' || o === 'scroll' || o === 'hidden')
                && p.getBoundingClientRect().right <= window.innerWidth + 1) return false;
        }
        return true;
    }).slice(0, 5).map(el => el.tagName.toLowerCase() + '.' + (el.getAttribute('class') || '') + ' '
                      + (el.textContent || '').trim().slice(0, 40))})"""


def measure_width(page, width: int) -> dict:
    page.set_viewport_size({"width": width, "height": 844})
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    # Measure the settled page: Material's search overlay grows from a scaled circle.
    page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')", timeout=5000)
    return page.evaluate(MEASURE_WIDTHS)


def visit(browser, site_url: str, real_site: Path, name: str, lang: str) -> dict:
    """Load one kind of page once and run every check on it; returns what each check saw."""
    path = page_path(real_site, name, lang)
    page = new_page(browser)
    requests, failures, finished = record_traffic(page.context)
    seen: dict = {"url": site_url + path}
    try:
        response = load(page, site_url + path, name, "light")
        seen["status"] = response.status
        # Every request the page starts has ended: on the search page once the worker has
        # its index (fetched only when a search starts, issue 17), elsewhere at network idle.
        if name == "search":
            wait_until(page, lambda: any(url.endswith("/search/search_index.json")
                                         for url in finished + failures_urls(failures)),
                       "the search index to load")
        else:
            page.wait_for_load_state("networkidle")
        seen["cookies"], seen["document_cookie"] = page.context.cookies(), page.evaluate("document.cookie")
        seen["stylesheets"] = page.evaluate("[...document.styleSheets].map(s => s.href).filter(Boolean)")
        seen["requests"], seen["failures"] = list(requests), list(failures)
        if name == "404":
            seen["h1"] = page.locator("h1").inner_text()
            seen["english_h2"] = page.locator("[lang='en'] h2").inner_text()
        if name in KEYBOARD_KINDS:
            seen["expected_stops"] = mark_expected(page)
            seen["stops"] = tab_through(page)
        seen["axe"] = {"light": run_axe(page)}
        switch_to_dark(page)
        seen["axe"]["dark"] = run_axe(page)
        seen["widths"] = {width: measure_width(page, width) for width in WIDTHS}
        seen["errors"] = list(page.cc_errors)
    finally:
        page.context.close()
    return seen


def failures_urls(failures: list[tuple[int, str]]) -> list[str]:
    return [url for _, url in failures]


def wait_until(page, condition, what: str, timeout: float = 15.0) -> None:
    """Poll a condition on what Playwright reported (requests from workers included)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        page.wait_for_timeout(25)


@pytest.fixture(scope="module")
def visits(browser, site_url, real_site):
    """visits(name, lang): the one visit of that page, made on first use and kept for the module."""
    done: dict = {}

    def get(name: str, lang: str) -> dict:
        key = (name, lang)
        if key not in done:
            try:
                done[key] = visit(browser, site_url, real_site, name, lang)
            except BaseException as error:  # every test of this page reports the same failure
                done[key] = error
        if isinstance(done[key], BaseException):
            raise done[key]
        return done[key]

    return get


# ---------------------------------------------------------------------------
# axe-core on every kind of page, both languages, both palettes

AXE_CASES = [pytest.param(name, lang, scheme, id=f"{name}-{lang}-{scheme}")
             for name in PAGES for lang in LANGS for scheme in SCHEMES]


def test_axe_is_installed():
    """axe-core comes from npm (`./run test` runs `npm ci` first): without it these tests fail, never skip."""
    assert AXE.is_file(), "axe-core is not installed: run `./run setup` (npm ci)"


@pytest.mark.parametrize("name, lang, scheme", AXE_CASES)
def test_axe_finds_no_wcag_violations(visits, name, lang, scheme):
    seen = visits(name, lang)
    assert seen["status"] == (404 if name == "404" else 200), (seen["url"], seen["status"])
    violations = seen["axe"][scheme]
    assert not violations, f"axe: {name} page ({seen['url']}), {lang}, {scheme} palette:\n{describe(violations)}"


@pytest.mark.parametrize("name, lang",
                         [pytest.param(name, lang, id=f"{name}-{lang}") for name in PAGES for lang in LANGS])
def test_no_script_errors(visits, name, lang):
    seen = visits(name, lang)
    # The missing page's own 404 is logged by the browser as a failed load; it is the point of that page.
    errors = [error for error in seen["errors"] if not (name == "404" and error.endswith(f"({seen['url']})"))]
    assert errors == [], f"{name} ({lang}): {errors}"


# ---------------------------------------------------------------------------
# Keyboard only: Tab reaches every control in the content and every diagram link,
# and each shows a visible focus indicator

# Material's focus styles and ours: what an element looks like, focused or not.
STYLE_SNAPSHOT = """el => {
    // A visually hidden input (Material's palette switch) shows its focus on its label.
    const box = el.getBoundingClientRect();
    // (Material draws it on the label that follows the input: .md-option.focus-visible + label.)
    const next = el.nextElementSibling;
    const target = (box.width * box.height === 0 && next && next.tagName === 'LABEL') ? next : el;
    const style = getComputedStyle(target);
    const shape = el.closest('svg') ? el.querySelector('path, polygon, rect, ellipse') : null;
    const shapeStyle = shape ? getComputedStyle(shape) : null;
    return {
        outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0
            ? `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}` : 'none',
        boxShadow: style.boxShadow, background: style.backgroundColor, color: style.color,
        textDecoration: style.textDecorationLine + ' ' + style.textDecorationThickness,
        stroke: shapeStyle ? `${shapeStyle.stroke} ${shapeStyle.strokeWidth}` : null,
        shown: target.checkVisibility({opacityProperty: true, visibilityProperty: true})
            && target.getBoundingClientRect().width * target.getBoundingClientRect().height > 0,
    };
}"""

KEYBOARD_PAGES = [pytest.param(name, lang, id=f"{name}-{lang}") for name in KEYBOARD_KINDS for lang in LANGS]


def tab_through(page, limit: int = 1500) -> list[dict]:
    """Press Tab from the top of the page until focus comes round to an element it has
    already visited (it left the page after the footer and came back) or stops moving;
    returns, for each stop, the element's key and its focused look.
    Transitions are switched off first, so each look is the settled one (Material fades
    the skip link and the section permalinks in on focus)."""
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; animation: none !important; }")
    page.evaluate(f"() => {{ window.__ccSnapshot = {STYLE_SNAPSHOT}; }}")
    page.evaluate("""() => {
        window.__stops = [];
        window.__ccWrapped = false;
        document.addEventListener('focusin', event => {
            const el = event.target;
            if (!el.dataset || window.__ccWrapped) return;
            if (el.dataset.ccSeen) { window.__ccWrapped = true; return; }
            el.dataset.ccSeen = '1';
            window.__stops.push({key: el.dataset.ccKey || null, tag: el.tagName.toLowerCase(),
                                 text: (el.getAttribute('aria-label') || el.textContent || '').trim().slice(0, 60),
                                 href: el.getAttribute('href'), classes: el.getAttribute('class') || '',
                                 focused: window.__ccSnapshot(el)});
        });
    }""")
    page.locator("body").focus()
    idle, before = 0, page.evaluate("window.__stops.length")
    for _ in range(limit):
        page.keyboard.press("Tab")
        # One round trip per key: focus events run as the key is handled, so both are settled here.
        wrapped, after = page.evaluate("[window.__ccWrapped, window.__stops.length]")
        if wrapped:
            break
        idle = idle + 1 if after == before else 0
        before = after
        if idle >= 3:  # focus is stuck (a keyboard trap) or gone: stop and report what was reached
            break
    return page.evaluate("window.__stops")


def mark_expected(page) -> dict[str, dict]:
    """Give every control in the main content, and every diagram link, a key; return their unfocused look."""
    page.evaluate(f"() => {{ window.__ccSnapshot = {STYLE_SNAPSHOT}; }}")
    return page.evaluate("""() => {
        const snapshot = window.__ccSnapshot;
        const controls = [...document.querySelectorAll(
            'article a[href], article button, article summary, article input, article select, '
            + 'article textarea, svg a')];
        const out = {};
        controls.forEach((el, i) => {
            // Skip what is not rendered (the content of a closed <details>): Tab rightly passes it by.
            if (!el.checkVisibility() && !el.closest('svg')) return;
            // A diagram drawn in the layout for the other screen width is hidden (issue 12).
            if (el.closest('svg') && !el.closest('svg').checkVisibility()) return;
            if (el.closest('details:not([open])') && el.tagName !== 'SUMMARY') return;
            el.dataset.ccKey = String(i);
            out[i] = {look: snapshot(el), tag: el.tagName.toLowerCase(),
                      text: (el.getAttribute('aria-label') || el.textContent || '').trim().slice(0, 60),
                      inSvg: !!el.closest('svg')};
        });
        return out;
    }""")


def has_visible_indicator(focused: dict, unfocused: dict) -> bool:
    if not focused["shown"]:
        return False  # focus on something that cannot be seen
    if focused["outline"] != "none":
        return True
    if focused["stroke"] is not None and focused["stroke"] != unfocused["stroke"]:
        return True  # the diagram box's border changes
    return False


@pytest.mark.parametrize("name, lang", KEYBOARD_PAGES)
def test_keyboard_reaches_every_control_with_a_visible_focus(visits, name, lang):
    seen = visits(name, lang)
    expected, stops = seen["expected_stops"], seen["stops"]
    assert any(e["inSvg"] for e in expected.values()), "no diagram links found"
    reached = {stop["key"] for stop in stops if stop["key"] is not None}
    missed = [f"{e['tag']} {e['text']!r}" for key, e in expected.items() if key not in reached]
    assert not missed, f"{name} ({lang}): Tab never reaches {len(missed)} controls: {missed[:15]}"
    invisible = [f"{stop['tag']} {stop['text']!r} ({stop['classes']}) {stop['focused']}" for stop in stops
                 if not has_visible_indicator(stop["focused"],
                                              expected.get(stop["key"], {}).get("look", {"stroke": None}))]
    assert not invisible, f"{name} ({lang}): no visible focus indicator on: {invisible[:10]}"
    svg_stops = [stop for stop in stops if stop["key"] in expected and expected[stop["key"]]["inSvg"]]
    assert all(stop["focused"]["stroke"] != expected[stop["key"]]["look"]["stroke"] for stop in svg_stops), \
        "a diagram box's border does not change when its link has focus"
    # The first stop is Material's "skip to content" link, and the language link is reached.
    assert "md-skip" in stops[0]["classes"], stops[0]
    assert any("cc-language__link" in stop["classes"] for stop in stops), "the language link is not reachable by Tab"


def test_keyboard_reaches_a_glossary_link_and_the_language_link(browser, site_url):
    page = new_page(browser)
    try:
        page.goto(site_url + "policy-context/collaborative-planning/")
        page.wait_for_load_state("load")
        stops = tab_through(page)
        errors = list(page.cc_errors)
    finally:
        page.context.close()
    glossary = [s for s in stops if (s["href"] or "").startswith("../../glossary/#")]
    assert glossary, "no link to a glossary term is reachable by Tab"
    assert all(s["focused"]["outline"] != "none" for s in glossary), glossary[:3]
    language = [s for s in stops if "cc-language__link" in s["classes"]]
    assert language and language[0]["focused"]["outline"] != "none", language
    assert errors == []


# ---------------------------------------------------------------------------
# Privacy and a static server under a sub-path: nothing from other hosts, no
# cookies, and every file the pages ask for is there

PRIVACY_CASES = [pytest.param(name, lang, id=f"{name}-{lang}") for name in PAGES for lang in LANGS]


def record_traffic(context) -> tuple[list[str], list[tuple[int, str]], list[str]]:
    """Every request the context makes (pages and workers), every failed response, every finished request."""
    requests, failures, finished = [], [], []
    context.on("request", lambda request: requests.append(request.url))
    context.on("requestfailed", lambda request: failures.append((0, request.url)))
    context.on("response", lambda response: response.status >= 400 and failures.append((response.status, response.url)))
    context.on("requestfinished", lambda request: finished.append(request.url))
    return requests, failures, finished


@pytest.mark.parametrize("name, lang", PRIVACY_CASES)
def test_pages_load_only_from_this_host_set_no_cookies_and_miss_no_files(visits, site_url, name, lang):
    seen = visits(name, lang)
    base, requests, failures = site_url, seen["requests"], seen["failures"]
    assert seen["cookies"] == [] and seen["document_cookie"] == "", (seen["cookies"], seen["document_cookie"])
    assert seen["status"] == (404 if name == "404" else 200)
    local = [url for url in requests if urlsplit(url).hostname == "127.0.0.1"]
    broken = [(status, url) for status, url in failures if url in local and url != seen["url"]]
    assert not broken, f"{name} ({lang}): missing files {broken}"
    assert any(href.endswith("/assets/stylesheets/clystyrau.css") for href in seen["stylesheets"]), seen["stylesheets"]
    if name == "search":  # the worker fetched this language's index and found something
        index = [url for url in local if urlsplit(url).path.endswith("/search/search_index.json")]
        assert index, requests
        assert all(urlsplit(url).path.startswith(urlsplit(base).path + LANGS[lang] + "search/") for url in index), index
    others = sorted({urlsplit(url).hostname for url in requests} - {"127.0.0.1"})
    assert not others, f"{name} ({lang}) asked other hosts: {others}"


def test_404_page_is_served_for_a_missing_address_under_the_sub_path(visits):
    """Under a sub-path the 404 page still arrives, with status 404 and both languages' text;
    its assets load (the missing-files check above covers the 404 page too)."""
    seen = visits("404", "cy")
    assert seen["status"] == 404
    assert "Heb ddod o hyd i'r dudalen" in seen["h1"]
    assert seen["english_h2"] == "Page not found (404)"


# ---------------------------------------------------------------------------
# A phone's width: the page itself never scrolls sideways (wide diagrams and
# tables scroll inside their own boxes). Every kind of page at 320 and 390 px.

WIDTH_CASES = [pytest.param(name, lang, width, id=f"{name}-{lang}-{width}")
               for name in PAGES for lang in LANGS for width in WIDTHS]


@pytest.mark.parametrize("name, lang, width", WIDTH_CASES)
def test_no_sideways_scrolling_at_phone_width(visits, name, lang, width):
    widths = visits(name, lang)["widths"][width]
    assert widths["scroll"] <= widths["inner"], f"{name} ({lang}) scrolls sideways at {width}px: {widths}"
    assert not widths["wide"], f"{name} ({lang}): content wider than the screen at {width}px: {widths['wide']}"
