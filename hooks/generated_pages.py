"""Add the generated pages and files (records, indexes, glossary, sources, diagrams).

Event: `on_files`, priority -200, i.e. after mkdocs-static-i18n's `on_files`
(-100) has sorted the authored pages per language. Files added earlier crash
or are dropped by static-i18n (STYLE.md V1, V2). Only the language being
built is generated; static-i18n runs the whole build once per language.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from clystyrau.diagrams import DiagramEngineMissing
from clystyrau.render import generated_files, generated_pages
from clystyrau.site import load_site
from data_check import project_root
from i18n_files import add_generated_file, add_generated_page

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files


# One virtual file per generated page and download, in the language being built.
@event_priority(-200)
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    site = load_site(project_root(config))
    i18n = config.plugins["i18n"]
    try:
        pages = generated_pages(site, i18n.current_language)
        downloads = generated_files(site, i18n.current_language)
    except DiagramEngineMissing as error:
        raise PluginError(str(error)) from None
    for path, markdown in pages.items():
        add_generated_page(files, config, i18n, path, markdown)
    for path, content in downloads.items():
        add_generated_file(files, config, i18n, path, content)
    return files
