"""Rules have no side effects (issue 16): each returns problems and changes nothing it was given.

Every rule, warnings included, runs on the inputs of the real project, the
fixture site and every case of the bad-input corpus; what they read (the
parsed data, its marks, the pages) is compared with a deep copy taken before,
and the context itself is frozen, so a rule cannot hand anything on to the
loader or to another rule either.
"""

from __future__ import annotations

import copy
import dataclasses
import shutil
from pathlib import Path

import pytest

from clystyrau.checks import rules
from clystyrau.checks.loader import read_inputs
from conftest import ROOT, make_project

CASES = ROOT / "tests" / "fixtures" / "invalid"


def project_for(tmp_path: Path, name: str) -> Path:
    """The real project, the fixture site, or the fixture site with one bad-input case laid over it."""
    if name == "real":
        return ROOT
    project = make_project(tmp_path)
    if name != "fixture":
        case = CASES / name
        for file in case.rglob("*"):
            relative = file.relative_to(case)
            if file.is_file() and relative.parts[0] in ("data", "docs"):
                (project / relative).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(file, project / relative)
        removals = case / "remove.txt"
        for line in removals.read_text(encoding="utf-8").split() if removals.exists() else []:
            (project / line).unlink()
    return project


def snapshot(context: rules.Context):
    """Everything a rule can reach, by value."""
    return copy.deepcopy((context.data, context.loaded, context.pages, context.report, context.root))


@pytest.mark.parametrize("name", ["real", "fixture"] + sorted(path.name for path in CASES.iterdir() if path.is_dir()))
def test_every_rule_leaves_what_it_reads_unchanged(tmp_path, name):
    context, _, _ = read_inputs(project_for(tmp_path, name))
    before = snapshot(context)
    for rule in rules.RULES + rules.WARNING_RULES:
        rule(context)
        assert snapshot(context) == before, f"{rule.__name__} changed what it was given ({name})"


def test_the_corpus_makes_the_rules_find_problems(tmp_path):
    """So the test above runs the rules on data they object to, not only on clean data."""
    context, _, _ = read_inputs(project_for(tmp_path, "duplicate-id"))
    assert [problem for rule in rules.RULES for problem in rule(context)]


def test_the_context_a_rule_gets_is_frozen():
    context, _, _ = read_inputs(ROOT)
    with pytest.raises(dataclasses.FrozenInstanceError):
        context.report = None  # type: ignore[misc]
