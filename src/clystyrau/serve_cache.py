"""What `mkdocs serve` keeps between rebuilds, by content (issue 17: the edit loop).

A serve rebuild converts every page again although one changed.
`hooks/serve_cache.py` (the MkDocs glue) routes the costly steps through a
`RecentCache` (model/memo.py) here, keyed on everything that affects each result, when the
command is `serve`; `mkdocs build` never uses them, so a full build stays
strict, whole and byte-identical. A step that logged a warning is never kept,
so `serve --strict` reports it again on every rebuild.

This module is imported once per process (unlike hooks/, which serve reloads
on each rebuild), so what it holds survives rebuilds. Plain Python, no MkDocs.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import threading

import jinja2

from .model.memo import RecentCache

SERVING = {"on": False}  # set once by hooks/serve_cache.py's on_startup when the command is `serve`

MARKDOWN = RecentCache()  # a page's Markdown -> its HTML, table of contents, title and anchors
ACRONYMS = RecentCache()  # a page's HTML and the acronym table -> the HTML with acronyms linked
GENERATED = RecentCache()  # what the generated pages read of the site -> their Markdown and files
CACHES = (MARKDOWN, ACRONYMS, GENERATED)


class TemplateCode(jinja2.BytecodeCache):
    """The theme's templates, compiled once per process: each rebuild makes a new Jinja
    environment, which would compile every template again. Jinja checks each template's
    source against the checksum stored with its code, so an edited template is compiled anew."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


TEMPLATES = TemplateCode()


class BackgroundWork:
    """Work a serve rebuild starts but the page does not wait for (the Pagefind bundles): the
    browser reloads as soon as the pages are written, and search catches up a second or two
    later. The next rebuild waits for it before it touches the output folder."""

    def __init__(self) -> None:
        self._thread: threading.Thread | None = None
        self.failure: str | None = None

    def start(self, work) -> None:
        self.wait()

        def run() -> None:
            try:
                work()
            except Exception as error:  # noqa: BLE001 - reported, and serve goes on
                self.failure = str(error)
                logging.getLogger("mkdocs").warning("search was not updated: %s", error)

        self.failure = None
        self._thread = threading.Thread(target=run, name="clystyrau-search", daemon=True)
        self._thread.start()

    def wait(self) -> None:
        if self._thread is not None:
            self._thread.join()
            self._thread = None


SEARCH = BackgroundWork()


def new_build() -> None:
    """A serve rebuild starts: what the last two did not use is let go."""
    for cache in CACHES:
        cache.new_generation()


def digest(*parts: str) -> str:
    """One key for many strings (a separator keeps ("ab", "c") and ("a", "bc") apart)."""
    hashed = hashlib.sha256()
    for part in parts:
        hashed.update(part.encode("utf-8", "surrogatepass"))
        hashed.update(b"\0")
    return hashed.hexdigest()


class _WarningSeen(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.seen = False

    def emit(self, record: logging.LogRecord) -> None:
        self.seen = True


@contextlib.contextmanager
def watching_warnings(logger_name: str = "mkdocs"):
    """Yield a handler whose `seen` says whether anything logged a warning meanwhile."""
    watcher = _WarningSeen()
    logger = logging.getLogger(logger_name)
    logger.addHandler(watcher)
    try:
        yield watcher
    finally:
        logger.removeHandler(watcher)
