"""Explain acronyms in the page's language, linked to the glossary.

Event: `on_page_content` (the page's HTML), default priority. Every page but
the glossary itself; the work is in `clystyrau.views.acronyms`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from clystyrau.model.paths import GLOSSARY
from clystyrau.views.acronyms import link_acronyms
from data_check import checked_site, guarded

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page


# Link each known acronym to its glossary entry, with its expansion as the title.
@guarded
def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    lang, _, path = page.file.src_uri.partition("/")
    if path == GLOSSARY:
        return html
    return link_acronyms(html, checked_site(config), lang, path)
