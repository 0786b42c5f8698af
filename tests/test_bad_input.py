"""Every kind of broken edit fails with a clear message and no traceback.

Each folder in tests/fixtures/invalid/ holds the files that replace the
fixture's own (and an optional remove.txt), plus expected.txt: the exact
lines the maintainer must see. The standalone check and the build print the
same text.

The corpus runs in-process (`clystyrau.check.main`, its output captured),
which is what the command runs; two cases also run as the real command in a
subprocess, and four as a real build. Every case runs on a fixed day,
CORPUS_TODAY, or the day in its own today.txt, so no message depends on when
the tests run.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from clystyrau import check
from conftest import ROOT, make_project, run_build, run_check

CASES = ROOT / "tests" / "fixtures" / "invalid"
CASE_NAMES = sorted(path.name for path in CASES.iterdir() if path.is_dir())
CORPUS_TODAY = "2026-11-25"  # the day the corpus's messages were written


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


def case_today(name: str) -> str:
    """The day a case runs on: its today.txt, or the corpus's day."""
    stated = CASES / name / "today.txt"
    return stated.read_text(encoding="utf-8").strip() if stated.exists() else CORPUS_TODAY


@pytest.mark.parametrize("name", CASE_NAMES)
def test_each_case_changes_the_fixture_and_expects_a_placed_message_with_a_fix(name):
    """A case that changed nothing, or expected nothing, would pass whatever the check did."""
    case = CASES / name
    changed = [path for path in case.rglob("*")
               if path.is_file() and path.relative_to(case).parts[0] in ("data", "docs")]
    assert changed or (case / "remove.txt").exists(), f"{name} lays no file over the fixture"
    lines = expected_lines(name)
    assert lines, f"{name}/expected.txt is empty"
    assert any(line.startswith(("data/", "docs/")) and ": " in line for line in lines), lines
    assert any(line.startswith("    how to fix: ") for line in lines), lines


@pytest.mark.parametrize("name", CASE_NAMES)
def test_check_reports_the_problem(tmp_path, monkeypatch, capsys, name):
    """`clystyrau.check.main`, as `python -m clystyrau.check` runs it, on the broken project."""
    project = broken_project(tmp_path, name)
    monkeypatch.setenv("CLYSTYRAU_TODAY", case_today(name))
    monkeypatch.chdir(project)
    assert check.main([str(project)]) == 1
    output = capsys.readouterr()
    assert output.out == ""
    printed = output.err.splitlines()
    for line in expected_lines(name):
        assert line in printed, f"missing line:\n{line}\n\ngot:\n{output.err}"
    assert printed[0].startswith("The data has ") and printed[-1].startswith("Fix each one")


@pytest.mark.parametrize("name", ["future-review-date", "wrong-encoding"])
def test_check_command_reports_the_problem_end_to_end(tmp_path, name):
    """The real command in a subprocess: exit code, stderr, no traceback."""
    result = run_check(broken_project(tmp_path, name), CLYSTYRAU_TODAY=case_today(name))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    output = result.stderr.splitlines()
    for line in expected_lines(name):
        assert line in output, f"missing line:\n{line}\n\ngot:\n{result.stderr}"


@pytest.mark.parametrize(
    "name", ["unknown-relation-target", "unknown-record-in-page", "tab-indentation", "wrong-encoding"])
def test_failed_build_leaves_previous_output_untouched(tmp_path, fixture_site, name):
    site = tmp_path / "published"
    shutil.copytree(fixture_site, site)  # what the last good build of the fixture published
    before = {path: path.read_bytes() for path in site.rglob("*") if path.is_file()}
    broken = broken_project(tmp_path / "broken", name)
    result = run_build(broken, site, CLYSTYRAU_TODAY=case_today(name))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    for line in expected_lines(name):
        assert line in result.stderr
    after = {path: path.read_bytes() for path in site.rglob("*") if path.is_file()}
    assert after == before


def test_in_github_actions_each_problem_is_also_an_annotation_on_its_line(tmp_path, monkeypatch, capsys):
    """A pull request's "Files changed" view shows the problem beside the line."""
    project = broken_project(tmp_path, "unknown-relation-target")
    monkeypatch.setenv("CLYSTYRAU_TODAY", CORPUS_TODAY)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert check.main([str(project)]) == 1
    annotations = [line for line in capsys.readouterr().out.splitlines() if line.startswith("::error ")]
    assert annotations == [
        "::error file=data/bodies.yaml,line=20,col=15,title=record 'welsh-government'%2C field 'relations[0].target'"
        "::no record has the id 'seneddd' (how to fix: did you mean 'senedd'?)"
    ]


def test_outside_github_actions_there_are_no_annotations(tmp_path, monkeypatch, capsys):
    project = broken_project(tmp_path, "unknown-relation-target")
    monkeypatch.setenv("CLYSTYRAU_TODAY", CORPUS_TODAY)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    assert check.main([str(project)]) == 1
    output = capsys.readouterr()
    assert "::error" not in output.out + output.err and "no record has the id 'seneddd'" in output.err
