"""Build one language only, when asked: a quicker edit loop for `mkdocs serve`.

Event: `on_config`, priority 120, before mkdocs-static-i18n reads its
languages. `./run serve cy` (or `en`) sets CLYSTYRAU_ONLY_LANGUAGE; each save
then rebuilds that language alone, as static-i18n's `build_only_locale` would
(the language chosen is built at the site's root, the other is not built).
Without the variable nothing changes, and `./run build` clears it, so a full
build is always strict and whole.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

VARIABLE = "CLYSTYRAU_ONLY_LANGUAGE"


@event_priority(120)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    chosen = os.environ.get(VARIABLE, "").strip()
    if not chosen:
        return config
    languages = config.plugins["i18n"].config.languages
    locales = [language.locale for language in languages]
    if chosen not in locales:
        raise PluginError(f"{VARIABLE}={chosen!r}: say one of {', '.join(locales)} (or unset it to build both)")
    for language in languages:
        language.default = language.build = language.locale == chosen
    return config
