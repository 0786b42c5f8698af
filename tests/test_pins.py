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
import re
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


def _worker_named_in(text: str) -> set[str]:
    return set(re.findall(r"workers/(search\.[0-9a-f]{8}\.min\.js)", text))


def test_materials_search_worker_is_the_one_our_template_names():
    """overrides/main.html hands Material's worker, by its hashed file name, to cc-search-worker.js."""
    templates = Path(material.__file__).parent / "templates"
    ours = _worker_named_in((ROOT / "overrides" / "main.html").read_text(encoding="utf-8"))
    theirs = _worker_named_in((templates / "base.html").read_text(encoding="utf-8"))
    assert len(ours) == 1, "overrides/main.html must name exactly one Material search worker"
    assert ours == theirs, (f"Material's base.html now loads {sorted(theirs)}, our overrides/main.html {sorted(ours)}: "
                            "copy the new name into overrides/main.html and check cc-search-worker.js still wraps it")
    assert (templates / "assets" / "javascripts" / "workers" / next(iter(ours))).is_file()


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
