"""Give each language its own search index.

Event: `on_post_build`, priority -150: after mkdocs-static-i18n's own
`on_post_build` (-100), which builds the other languages and then writes one
combined index. We act once, at the end of the outer build (static-i18n's
`building` flag is false again), and write search/search_index.json (Welsh)
and en/search/search_index.json (English). overrides/main.html points each
language's search at its own folder, and at the search worker that reads the
Welsh mutation table the Welsh index carries (clystyrau.views.search).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.plugins import event_priority

from clystyrau.views.search import add_aliases, search_aliases, split_search_index
from data_check import checked_site, guarded

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig


# Split the combined index written by static-i18n into one per language; add names in both languages.
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
    for lang, index in split_search_index(combined, languages, i18n.default_language).items():
        index = add_aliases(index, search_aliases(data, lang))
        folder = site / "search" if lang == i18n.default_language else site / lang / "search"
        folder.mkdir(parents=True, exist_ok=True)
        text = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
        (folder / "search_index.json").write_text(text, encoding="utf-8")
