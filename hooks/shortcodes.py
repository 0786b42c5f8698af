"""Fill the markers of authored pages and append their sources.

Event: `on_page_markdown`, default priority. Only authored pages (those with a
file on disk under docs/<lang>/) are touched; generated pages are complete.
The expansion itself lives in `clystyrau.views.shortcodes` (no MkDocs there).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from clystyrau.views.shortcodes import authored_page
from data_check import checked_site, guarded

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page


# Expand [[body:..]]/[[term:..]]/<!-- ...: ... --> and cite the page's sources.
@guarded
def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.file.generated_by is not None:
        return markdown
    lang, _, path = page.file.src_uri.partition("/")
    return authored_page(checked_site(config), lang, path, markdown, page.meta.get("sources") or [])
