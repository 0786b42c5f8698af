"""Hand the theme templates their labels in the language being built.

Event: `on_config`, priority -110, just after mkdocs-static-i18n (-100) has
switched the build to its language. Templates read `config.extra.labels`,
so every label shown in the page chrome comes from data/strings.yaml too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mkdocs.plugins import event_priority

from data_check import checked_site, guarded

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig


# Replace (never extend) the labels for this language's build.
@event_priority(-110)
@guarded
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    site = checked_site(config)
    lang = config.plugins["i18n"].current_language
    config.extra["labels"] = site.labels(lang)
    # The heading permalink's tooltip is Markdown-extension config, shared by both builds.
    config.mdx_configs.setdefault("toc", {})["permalink_title"] = site.label("page.permalink", lang)
    return config
