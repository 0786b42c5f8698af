"""The site's one 404 page is the Welsh build's.

Event: `on_config`, priority -110, after mkdocs-static-i18n (-100) has
switched the build to its language. static-i18n builds every language into
the same output folder, and MkDocs writes the theme's static templates
(404.html) at that folder's root in each build, so the last language built
(English) would own the root 404.html: an English `<html lang>` on the
Welsh-first site. GitHub Pages serves only the root one, so only the default
language writes it; overrides/404.html already speaks both languages, each
part marked with its `lang`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mkdocs.plugins import event_priority

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

NOT_FOUND = "404.html"


@event_priority(-110)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    i18n = config.plugins["i18n"]
    # The builds share one config object, so set it both ways, never just remove.
    if i18n.current_language == i18n.default_language:
        config.theme.static_templates.add(NOT_FOUND)
    else:
        config.theme.static_templates.discard(NOT_FOUND)
    return config
