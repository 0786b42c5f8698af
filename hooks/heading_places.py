"""Headings say their place in the page's outline, so the language link can keep it.

Event: `on_page_content`, default priority. The work is in
`clystyrau.views.places`; `cc-language.js` swaps a heading's fragment for its
place when the reader follows the language link. A page whose ids are already
the same in both languages says `shared_ids: true` in its front matter (the
glossary) and is left as it is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from clystyrau.views.places import heading_places
from data_check import guarded

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page


@guarded
def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.meta.get("shared_ids") is True:
        return html
    return heading_places(html)
