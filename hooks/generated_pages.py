"""Add the generated pages and files (records, indexes, glossary, sources, diagrams).

Event: `on_files`, priority -200, i.e. after mkdocs-static-i18n's `on_files`
(-100) has sorted the authored pages per language. Files added earlier crash
or are dropped by static-i18n (its on_files rebuilds the file list per
language). Only the language being built is generated; static-i18n runs the
whole build once per language. What is generated is listed once, in
clystyrau.views.registry. Under `mkdocs serve`, a rebuild whose loaded site
has the same `generated_signature` as an earlier one (a handbook page edited,
no title, source or record link changed) reuses that one's generated
Markdown and files (clystyrau.serve_cache).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from mkdocs.plugins import event_priority

from clystyrau import serve_cache
from clystyrau.model.records import Site
from clystyrau.views.opendata import open_data_files
from clystyrau.views.registry import generated_files, generated_pages, generated_signature
from data_check import checked_site, guarded
from i18n_files import add_generated_file, add_generated_page, add_root_file

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files


# One virtual file per generated page and download, in the language being built.
@event_priority(-200)
@guarded
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    i18n = config.plugins["i18n"]
    pages, downloads, root_files = _generated(checked_site(config), i18n.current_language, edit_url(config))
    for path, markdown in pages.items():
        add_generated_page(files, config, i18n, path, markdown)
    for path, content in downloads.items():
        add_generated_file(files, config, i18n, path, content)
    # Language-neutral files at the site root; added in both builds so that links
    # to them from either language resolve (the second build rewrites the same bytes).
    for path, content in root_files.items():
        add_root_file(files, config, path, content)
    return files


# (pages, downloads, root files) for one language; under serve, as an earlier rebuild made them.
def _generated(site: Site, lang: str, edit: str | None) -> tuple[dict, dict, dict]:
    def generate() -> tuple[dict, dict, dict]:
        return generated_pages(site, lang, edit), generated_files(site, lang), open_data_files(site)

    if not serve_cache.SERVING["on"]:
        return generate()
    key = serve_cache.digest(generated_signature(site), lang, repr(edit))
    kept = serve_cache.GENERATED.get(key)
    if kept is None:
        kept = generate()
        serve_cache.GENERATED.put(key, kept)
    return kept


# Where a record's line can be seen and edited: GitHub Actions names the
# repository it builds; elsewhere `repo_url` in mkdocs.yml, if set.
def edit_url(config: MkDocsConfig) -> str | None:
    server, repository = os.environ.get("GITHUB_SERVER_URL"), os.environ.get("GITHUB_REPOSITORY")
    branch = os.environ.get("GITHUB_REF_NAME") or "main"
    if server and repository:
        base = f"{server}/{repository}"
    elif config.repo_url:
        base = config.repo_url.rstrip("/")
    else:
        return None
    return f"{base}/blob/{branch}/{{file}}#L{{line}}"
