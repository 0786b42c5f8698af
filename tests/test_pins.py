"""Guards on what we rely on inside pinned third-party packages.

Three places lean on another project's internals; an upgrade that changes them
must fail here, with a message that says what to look at, rather than quietly
break the site. CONTRIBUTING.md ("Upgrading MkDocs, Material or static-i18n")
lists the steps; these tests are its checklist.
"""

from __future__ import annotations

import ast
import importlib.metadata
import inspect
import tomllib
from pathlib import Path

import material
import mkdocs_static_i18n.folder
import mkdocs_static_i18n.reconfigure
from mkdocs.config.config_options import Hooks

from conftest import ROOT

PINNED = ("mkdocs", "mkdocs-material", "mkdocs-static-i18n")


def _pins() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = {}
    for requirement in project["dependencies"]:
        name, _, version = requirement.partition("==")
        pins[name.strip()] = version.strip()
    return pins


def test_the_installed_versions_are_the_pinned_ones():
    pins = _pins()
    for name in PINNED:
        assert name in pins, f"{name} is not pinned with == in pyproject.toml"
        installed = importlib.metadata.version(name)
        assert installed == pins[name], (f"{name} {installed} is installed but {pins[name]} is pinned: "
                                         "run ./run setup, or follow CONTRIBUTING's upgrade checklist")


SEARCH_PINS = ("pagefind", "pagefind-bin")


def test_pagefind_is_pinned_and_installed():
    """hooks/search_split.py runs pagefind-bin's binary; the worker reads the bundle it writes."""
    pins = _pins()
    assert pins.get("pagefind[bin]") == pins.get("pagefind-bin"), "pin pagefind[bin] and pagefind-bin to one version"
    for name in SEARCH_PINS:
        assert importlib.metadata.version(name) == pins["pagefind-bin"], f"{name} is not the pinned version"


def test_materials_search_still_speaks_the_messages_our_worker_answers():
    """overrides/assets/javascripts/cc-search-worker.js stands in for Material's search worker: Material
    still sends SETUP (0) with the index file and QUERY (2) with what is typed, waits for READY (1),
    shows RESULT (3) groups 10 at once and 4 more on each scroll (cc-requests.js fills the placeholders
    ahead of that), and fetches search/search_index.json (the settings now)."""
    scripts = Path(material.__file__).parent / "templates" / "assets" / "javascripts"
    bundles = list(scripts.glob("bundle.*.min.js"))
    assert len(bundles) == 1
    bundle = bundles[0].read_text(encoding="utf-8")
    for needle, what in [("{type:2,data:", "a QUERY message with the typed text"),
                         ("search/search_index.json", "the index file it hands the worker"),
                         ("l.slice(0,10)", "the first ten results shown at once"),
                         ("ot(4)", "four more results on each scroll")]:
        assert needle in bundle, (f"Material's bundle no longer shows {what} as 9.8.1 did: "
                                  "check cc-search-worker.js and cc-requests.js against the new worker protocol "
                                  "(CONTRIBUTING's upgrade checklist)")
    worker = (ROOT / "overrides" / "assets" / "javascripts" / "cc-search-worker.js").read_text(encoding="utf-8")
    assert "var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3" in worker


def _attributes_set_on(function, variable: str) -> set[str]:
    tree = ast.parse(inspect.getsource(function).lstrip())
    return {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name) and node.value.id == variable and isinstance(node.ctx, ast.Store)}


def _attributes_set_by_our_adapter() -> set[str]:
    tree = ast.parse((ROOT / "hooks" / "i18n_files.py").read_text(encoding="utf-8"))
    return {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store)
            and isinstance(node.value, ast.Name) and node.value.id in ("file", "page")}


def test_static_i18n_still_gives_files_the_attributes_our_generated_pages_imitate():
    """hooks/i18n_files.py sets on generated files what static-i18n sets on authored ones, and
    static-i18n's page context still reads the alternates from there."""
    theirs = _attributes_set_on(mkdocs_static_i18n.folder.create_i18n_file, "file")
    i18n_attributes = {"alternates", "locale", "locale_alternate_of", "localization", "norm_src_uri"}
    assert i18n_attributes <= theirs, f"static-i18n no longer sets {sorted(i18n_attributes - theirs)} on its files"
    assert i18n_attributes <= _attributes_set_by_our_adapter(), "hooks/i18n_files.py must set them all"
    context_source = inspect.getsource(mkdocs_static_i18n.reconfigure.ExtendedPlugin.reconfigure_page_context)
    for read in ("page.file.alternates", "page.file.locale_alternate_of"):
        assert read in context_source, f"static-i18n's language switcher no longer reads {read}"


def test_mkdocs_still_caches_hook_modules_the_way_serve_reload_clears():
    """hooks/serve_reload.py clears Hooks._load_hook's cache so `mkdocs serve` runs edited hooks."""
    assert hasattr(Hooks._load_hook, "cache_clear"), "MkDocs no longer caches hooks with lru_cache"
    option = Hooks("plugins")
    hook = str(ROOT / "hooks" / "ui_labels.py")
    first = option._load_hook("cc_pin_probe", hook)
    assert option._load_hook("cc_pin_probe", hook) is first, "MkDocs no longer caches a loaded hook module"
    Hooks._load_hook.cache_clear()
    assert option._load_hook("cc_pin_probe", hook) is not first, "clearing the cache no longer reloads the hook"
