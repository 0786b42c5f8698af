"""`./run serve cy`: hooks/one_language.py builds the language asked for, alone (issue 17)."""

from __future__ import annotations

import sys
from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError

from conftest import ROOT

sys.path.insert(0, str(ROOT / "hooks"))
import one_language  # noqa: E402


def config():
    languages = [SimpleNamespace(locale="cy", default=True, build=True),
                 SimpleNamespace(locale="en", default=False, build=True)]
    return SimpleNamespace(plugins={"i18n": SimpleNamespace(config=SimpleNamespace(languages=languages))})


def flags(conf):
    return {lang.locale: (lang.default, lang.build) for lang in conf.plugins["i18n"].config.languages}


def test_without_the_variable_both_languages_are_built(monkeypatch):
    monkeypatch.delenv(one_language.VARIABLE, raising=False)
    assert flags(one_language.on_config(config())) == {"cy": (True, True), "en": (False, True)}


@pytest.mark.parametrize("chosen, expected", [("cy", {"cy": (True, True), "en": (False, False)}),
                                              ("en", {"cy": (False, False), "en": (True, True)})])
def test_the_chosen_language_is_built_alone_at_the_root(monkeypatch, chosen, expected):
    monkeypatch.setenv(one_language.VARIABLE, chosen)
    assert flags(one_language.on_config(config())) == expected


def test_an_unknown_language_is_a_clear_error(monkeypatch):
    monkeypatch.setenv(one_language.VARIABLE, "fr")
    with pytest.raises(PluginError, match=r"CLYSTYRAU_ONLY_LANGUAGE='fr': say one of cy, en"):
        one_language.on_config(config())
