"""Give each language its own search index.

Event: `on_post_build`, priority -150: after mkdocs-static-i18n's own
`on_post_build` (-100), which builds the other languages and then writes one
combined index. We act once, at the end of the outer build (static-i18n's
`building` flag is false again), and write search/search_index.json (Welsh)
and en/search/search_index.json (English). overrides/main.html points each
language's search at its own folder.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.plugins import event_priority

from clystyrau.search import split_search_index

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig


# Split the combined index written by static-i18n into one per language.
@event_priority(-150)
def on_post_build(*, config: MkDocsConfig) -> None:
    i18n = config.plugins["i18n"]
    if i18n.building:
        return  # an inner, per-language build: the combined index is not final yet
    site = Path(config.site_dir)
    combined = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    languages = list(i18n.build_languages)
    for lang, index in split_search_index(combined, languages, i18n.default_language).items():
        folder = site / "search" if lang == i18n.default_language else site / lang / "search"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "search_index.json").write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
