"""Every kind of broken edit fails with a clear message and no traceback.

Each folder in tests/fixtures/invalid/ holds the files that replace the
fixture's own (and an optional remove.txt), plus expected.txt: the exact
lines the maintainer must see. The standalone check and the build print the
same text.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import ROOT, make_project, run_build, run_check

CASES = ROOT / "tests" / "fixtures" / "invalid"
CASE_NAMES = sorted(path.name for path in CASES.iterdir() if path.is_dir())


def broken_project(tmp_path: Path, name: str) -> Path:
    """The fixture project with one case's files laid over it."""
    project = make_project(tmp_path)
    case = CASES / name
    for file in case.rglob("*"):
        relative = file.relative_to(case)
        if file.is_file() and relative.parts[0] in ("data", "docs"):
            (project / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(file, project / relative)
    removals = case / "remove.txt"
    if removals.exists():
        for line in removals.read_text(encoding="utf-8").split():
            (project / line).unlink()
    return project


def expected_lines(name: str) -> list[str]:
    return [line for line in (CASES / name / "expected.txt").read_text(encoding="utf-8").splitlines() if line.strip()]


def test_the_corpus_is_large_enough():
    assert len(CASE_NAMES) >= 25


@pytest.mark.parametrize("name", CASE_NAMES)
def test_check_command_reports_the_problem(tmp_path, name):
    result = run_check(broken_project(tmp_path, name))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    output = result.stderr.splitlines()
    for line in expected_lines(name):
        assert line in output, f"missing line:\n{line}\n\ngot:\n{result.stderr}"
    assert "how to fix:" in result.stderr


@pytest.mark.parametrize("name", ["unknown-relation-target", "unknown-record-in-page", "tab-indentation", "wrong-encoding"])
def test_failed_build_leaves_previous_output_untouched(tmp_path, name):
    project = make_project(tmp_path)
    site = tmp_path / "published"
    assert run_build(project, site).returncode == 0
    before = {path: path.read_bytes() for path in site.rglob("*") if path.is_file()}
    broken = broken_project(tmp_path / "broken", name)
    result = run_build(broken, site)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    for line in expected_lines(name):
        assert line in result.stderr
    after = {path: path.read_bytes() for path in site.rglob("*") if path.is_file()}
    assert after == before


def test_in_github_actions_each_problem_is_also_an_annotation_on_its_line(tmp_path):
    """A pull request's "Files changed" view shows the problem beside the line."""
    result = run_check(broken_project(tmp_path, "unknown-relation-target"), GITHUB_ACTIONS="true")
    assert result.returncode == 1
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::error ")]
    assert annotations == [
        "::error file=data/bodies.yaml,line=20,col=15,title=record 'welsh-government'%2C field 'relations[0].target'"
        "::no record has the id 'seneddd' (how to fix: did you mean 'senedd'?)"
    ]


def test_outside_github_actions_there_are_no_annotations(tmp_path):
    result = run_check(broken_project(tmp_path, "unknown-relation-target"), GITHUB_ACTIONS="")
    assert result.returncode == 1 and "::error" not in result.stdout + result.stderr
