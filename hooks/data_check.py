"""Load and check all data before anything is built.

Event: `on_config`, priority 100, so it runs before mkdocs-static-i18n
reconfigures the build (-100) and, above all, before MkDocs cleans the
output folder: a failed check leaves the previous site untouched.
`load_site` caches by file modification times, so the second language's
build reuses the same checked data. Later hooks of the same build ask
`checked_site`, which hands back what this hook loaded without looking at
the files again (a per-page `load_site` would stat every input per page).
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from clystyrau.checks.loader import checked_site_for, load_site
from clystyrau.model.problems import DataError, unexpected_error
from clystyrau.model.records import Site
from clystyrau.views.diagrams import DiagramEngineFailed, DiagramEngineMissing

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig


# Fail the build with every problem listed, and no traceback.
@event_priority(100)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    try:
        site = load_site(project_root(config))
    except DataError as error:
        raise PluginError(str(error)) from None
    except Exception as error:  # the catch-all: one clear line, never a traceback
        raise PluginError(unexpected_error(error)) from None
    # Warnings are shown, not counted: MkDocs' --strict fails on its own log's warnings.
    for warning in site.warnings:
        _warnings.warning("clystyrau: warning: %s", warning)
    return config


_warnings = logging.getLogger("clystyrau")


def guarded(hook):
    """Wrap a hook so any failure is one clear message (PluginError), never a traceback.

    Graphviz's own failures keep their words; anything unforeseen is worded by
    `unexpected_error` with a request to report it.
    """
    @functools.wraps(hook)
    def wrapper(*args, **kwargs):
        try:
            return hook(*args, **kwargs)
        except PluginError:
            raise
        except (DiagramEngineMissing, DiagramEngineFailed) as error:
            raise PluginError(str(error)) from None
        except Exception as error:
            raise PluginError(unexpected_error(error, "building the site")) from None
    return wrapper


# The site this build's on_config checked. The state lives in clystyrau.checks.loader:
# MkDocs loads this file as a hook module under another name than the
# `data_check` the other hooks import, so a variable here would be two.
def checked_site(config: MkDocsConfig) -> Site:
    return checked_site_for(project_root(config))


# The project root is the folder that holds mkdocs.yml (data/ and docs/ sit beside it).
def project_root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent
