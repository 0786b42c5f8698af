"""Explain acronyms in the page's language, linked to the glossary.

Event: `on_page_content` (the page's HTML), default priority. Every page but
the glossary itself; the work is in `clystyrau.views.acronyms`. Under
`mkdocs serve` a page whose HTML and acronym table did not change since the
last rebuild gets the result it had then (clystyrau.serve_cache).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from clystyrau import serve_cache
from clystyrau.model.paths import GLOSSARY
from clystyrau.views.acronyms import acronyms_signature, link_acronyms
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
    site = checked_site(config)
    if not serve_cache.SERVING["on"]:
        return link_acronyms(html, site, lang, path)
    key = serve_cache.digest(html, lang, path, acronyms_signature(site, lang))
    linked = serve_cache.ACRONYMS.get(key)
    if linked is None:
        linked = link_acronyms(html, site, lang, path)
        serve_cache.ACRONYMS.put(key, linked)
    return linked
