"""Serve a built site on localhost and drive it in Debian's headless Chromium.

Playwright cannot download browsers here, so it launches /usr/bin/chromium.
The site is served under a sub-path (/clystyrau/), as GitHub Pages serves a
project site, so relative links are tested too. `search` types into
Material's search box and returns what it lists.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading
from pathlib import Path
from urllib.parse import urlsplit

CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
SUBPATH = "clystyrau"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """A static file server that, like GitHub Pages, answers a missing address
    with the site's own 404.html (status 404)."""

    not_found_page: Path | None = None

    def log_message(self, *args):  # keep test output clean
        pass

    def send_error(self, code, message=None, explain=None):
        page = self.not_found_page
        if code != 404 or page is None or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextlib.contextmanager
def serve(site: Path, root: Path, subpath: str = SUBPATH):
    """Serve `site` at http://127.0.0.1:<port>/<subpath>/ (default /clystyrau/; "" for the
    host's root); yields the base URL. Missing addresses get the site's 404.html."""
    if subpath:
        (root / subpath).symlink_to(site, target_is_directory=True)
        directory = root
    else:
        directory = site
    handler_class = type("_Handler", (_QuietHandler,), {"not_found_page": site / "404.html"})
    handler = functools.partial(handler_class, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/" + (f"{subpath}/" if subpath else "")
    finally:
        server.shutdown()
        server.server_close()


def watch_errors(page) -> list[str]:
    """Collect the page's script errors and console errors, as they happen, into the list returned."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"page error: {error}"))

    def console(message) -> None:
        if message.type != "error":
            return
        errors.append(f"console error: {message.text} ({message.location.get('url', '')})")

    page.on("console", console)
    return errors


PLACEHOLDER_SHOWN = """() => {
    const prompt = JSON.parse(document.getElementById('__config').textContent)
        .translations['search.result.placeholder'];
    const meta = document.querySelector('.md-search-result__meta');
    return meta && meta.textContent.trim() === prompt;
}"""


def open_search_box(page):
    """Open Material's search box, empty, with its worker ready; returns the box.

    A page may be reused for many searches: what an earlier search typed is
    cleared first, and Material then shows its prompt again.
    """
    box = page.locator("input.md-search__input")
    button = page.locator("label.md-header__button[for='__search']")
    if button.is_visible():  # narrow screens keep the box behind a button (the box itself still has a size)
        button.click()
    box.click()
    if box.input_value():
        box.fill("")
    # Material ignores what is typed before its search worker is ready; wait for its
    # "type to start searching" prompt (in the page's language) before typing.
    page.wait_for_function(PLACEHOLDER_SHOWN, timeout=15000)
    return box


def search(page, query: str) -> list[str]:
    """Type into Material's search box and return the result titles (articles and sections)."""
    search_results(page, query)
    return page.locator(".md-search-result__item h1, .md-search-result__item h2").all_inner_texts()


def search_results(page, query: str, timeout: float = 10000) -> list[str]:
    """Search for `query`; the paths of the pages listed, best first ("/clystyrau/en/bodies/heiw/").

    Material searches on every key released. The query goes in whole and one last key
    is released, so the results shown are for the whole query, never for a prefix.
    """
    box = open_search_box(page)
    box.fill(query[:-1])
    box.press(query[-1] if query[-1] != " " else "Space")
    page.wait_for_function("""query => {
        const meta = document.querySelector('.md-search-result__meta');
        const prompt = JSON.parse(document.getElementById('__config').textContent)
            .translations['search.result.placeholder'];
        return document.querySelector('.md-search__input').value === query
            && meta && meta.textContent.trim() !== prompt;
    }""", arg=query, timeout=timeout)
    links = page.locator(".md-search-result__item > a.md-search-result__link:first-child")
    return [urlsplit(href).path for href in links.evaluate_all("links => links.map(a => a.href)")]
