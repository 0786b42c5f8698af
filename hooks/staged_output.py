"""A failed build never touches the published output folder.

Events: `on_startup` (to know `mkdocs serve`, which builds into its own
temporary folder anyway and is left alone), `on_config` priority 1000 (first
of all, long before MkDocs cleans the output folder), `on_post_build`
priority -1000 (last, after mkdocs-static-i18n has built every language and
the search and sitemap hooks have written their files) and `on_build_error`.
The build goes into a hidden sibling folder (clystyrau.output.StagedOutput),
which replaces the output only when the whole build succeeded; in strict mode
a warning counts as a failure (MkDocs checks its warning count only after
on_post_build, so this hook checks the same counter first).
tests/test_hostile.py fails if a failed build changes the previous output.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.plugins import event_priority
from mkdocs.utils import CountHandler

import clystyrau
from clystyrau.output import StagedOutput

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

# Module state lives in the package, not here: `mkdocs serve` reloads hook files
# (hooks/serve_reload.py), and on_startup runs only once per command.
_STATE = clystyrau.__dict__.setdefault("_staged_output", {"command": None, "stage": None})


def on_startup(*, command: str, dirty: bool) -> None:
    _STATE["command"] = command


@event_priority(1000)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if _STATE["command"] == "serve" or config.plugins["i18n"].building:
        return config  # serve has its own temporary folder; inner language builds share the outer one
    stage = StagedOutput(Path(config.site_dir))
    config.site_dir = str(stage.start())
    _STATE["stage"] = stage
    return config


@event_priority(-1000)
def on_post_build(*, config: MkDocsConfig) -> None:
    stage = _STATE["stage"]
    if stage is None or config.plugins["i18n"].building:
        return
    _STATE["stage"] = None
    warnings = any(handler.get_counts() for handler in logging.getLogger("mkdocs").handlers
                   if isinstance(handler, CountHandler))
    if config.strict and warnings:
        stage.discard()  # MkDocs now aborts with "Aborted with N warnings in strict mode!"
        return
    stage.publish()
    config.site_dir = str(stage.final)


def on_build_error(*, error: Exception) -> None:
    stage = _STATE["stage"]
    if stage is not None:
        _STATE["stage"] = None
        stage.discard()
