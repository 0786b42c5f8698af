"""Wide tables become cards on a phone: label each cell with its column heading.

Event: `on_page_content` (the page's HTML), default priority. Only tables a page
wraps in `<div class="cc-stack" markdown>`; the work is in `clystyrau.views.tables`,
the layout in the stylesheet (`.cc-stack`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from clystyrau.views.tables import label_stacked_tables
from data_check import guarded

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page


# Copy each column's heading onto its cells as data-label, for the stacked view.
@guarded
def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    return label_stacked_tables(html)
