"""Give each language its own search: a Pagefind bundle, and the settings Material fetches.

Event: `on_startup`: Material's search index is no longer what readers search
(Pagefind is), so its `SearchIndex` keeps one entry per page, the page's
location, which tells `on_post_build` which pages to hand Pagefind; it no
longer parses every page's HTML into sections, which took about a sixth of a
full build's CPU for text that was thrown away.

Event: `on_post_build`, priority -150: after mkdocs-static-i18n's own
`on_post_build` (-100), which builds the other languages and then writes one
combined lunr index. We act once, at the end of the outer build (static-i18n's
`building` flag is false again), for each language built:

- Pagefind (PyPI `pagefind[bin]`, pinned; its binary runs here, offline)
  indexes the language's pages, the same pages as Material's index, each
  read as `clystyrau.views.search.pagefind_html` gives it (the article and
  the names in both languages), into pagefind/ (Welsh) or en/pagefind/ (the
  English pages' addresses relative to en/, so results stay in the language);
- search/search_index.json and en/search/search_index.json are replaced by
  the settings alone (no documents): Material still fetches that file when a
  search starts and hands it to our worker, which reads the Welsh mutation
  table from it and answers from Pagefind (overrides/main.html names the
  worker and the bundle).

During `mkdocs serve` the Pagefind runs (about a second per language) go to a
background thread (`serve_cache.SEARCH`), so the browser reloads as soon as the
pages are written and search catches up just after; `on_pre_build` waits for
them before the next rebuild touches the output. `mkdocs build` runs them in
line, so a build is whole when it ends.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from material.plugins.search.plugin import SearchIndex
from mkdocs.plugins import event_priority

from clystyrau import serve_cache
from clystyrau.views.search import (
    page_locations,
    pagefind_html,
    search_aliases,
    search_settings,
    split_search_index,
)
from data_check import checked_site, guarded

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig


def on_startup(*, command: str, dirty: bool) -> None:
    _index_locations_only(SearchIndex)


def _index_locations_only(index_class) -> None:
    """Material's index keeps each page's location (and title), not its text. Pages that ask for
    `search: exclude` in front matter stay out, as Material leaves them out. Installed once per
    process: `mkdocs serve` loads this file again on each rebuild (hooks/serve_reload.py)."""
    if getattr(index_class, "cc_locations_only", False):
        return

    def add_entry_from_context(index, page) -> None:
        if (page.meta.get("search") or {}).get("exclude"):
            return
        index.entries.append({"location": page.url, "title": str(page.meta.get("title", page.title)), "text": ""})

    index_class.add_entry_from_context = add_entry_from_context
    index_class.cc_locations_only = True


@event_priority(-150)
@guarded
def on_post_build(*, config: MkDocsConfig) -> None:
    i18n = config.plugins["i18n"]
    if i18n.building:
        return  # an inner, per-language build: the combined index is not final yet
    site = Path(config.site_dir)
    data = checked_site(config)
    combined = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    languages = list(i18n.build_languages)
    bundles = []
    for lang, index in split_search_index(combined, languages, i18n.default_language).items():
        root = site if lang == i18n.default_language else site / lang
        bundles.append((root, lang, page_locations(index), search_aliases(data, lang)))
        folder = root / "search"
        folder.mkdir(parents=True, exist_ok=True)
        text = json.dumps(search_settings(index), ensure_ascii=False, separators=(",", ":"))
        (folder / "search_index.json").write_text(text, encoding="utf-8")

    def index_for_search() -> None:
        for bundle in bundles:
            _pagefind(*bundle)

    if serve_cache.SERVING["on"]:
        serve_cache.SEARCH.start(index_for_search)   # the reload need not wait for search
    else:
        index_for_search()   # a build is whole when it ends


@guarded
def on_pre_build(*, config: MkDocsConfig) -> None:
    serve_cache.SEARCH.wait()   # the last serve rebuild's search bundles are written before anything else


def _pagefind(root: Path, lang: str, locations: list[str], aliases: dict) -> None:
    """Write root/pagefind/: one language's Pagefind bundle (its result addresses relative to root).

    Pagefind reads the pages as pagefind_html gives them, written to a scratch folder outside
    the site, and runs as its command line (pagefind-bin), which has written every file when it
    exits; its Python client can stop the service while the last files are still being written."""
    with tempfile.TemporaryDirectory(prefix="clystyrau-pagefind-") as scratch:
        for where in locations:
            page = root / where / "index.html"
            content = pagefind_html(page.read_text(encoding="utf-8"), where, aliases, lang) if page.is_file() else None
            if content is not None:
                target = Path(scratch) / where / "index.html"
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(content, encoding="utf-8")
        command = [sys.executable, "-m", "pagefind_bin", "--site", scratch, "--output-path", str(root / "pagefind"),
                   "--force-language", lang, "--silent"]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise RuntimeError(f"Pagefind failed for {lang}: {result.stderr.strip() or result.stdout.strip()}")
