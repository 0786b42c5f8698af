"""`mkdocs serve` runs edited hooks on its next rebuild.

Event: `on_post_build`. MkDocs 1.6.1 (pinned) caches each hook module it
loads (`config_options.Hooks._load_hook` is an lru_cache), so after an edit
to hooks/ a rebuild would still run the old code. Clearing that cache after
each build makes the next rebuild load the hook files again; a plain
`mkdocs build` loses nothing. The package in src/ is imported once, so an
edit there still needs the server restarted. tests/test_serve.py fails if
this stops working.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mkdocs.config.config_options import Hooks

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig


def on_post_build(*, config: MkDocsConfig) -> None:
    Hooks._load_hook.cache_clear()
