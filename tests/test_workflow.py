"""The GitHub Actions workflow is one GitHub would accept, and does what the README says.

GitHub itself cannot run here, so the workflow is checked against the
workflow schema that check-jsonschema ships (SchemaStore's, vendored: no
network), and its steps are read to see that they call the README's commands.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "ci.yml"


def test_workflow_is_valid_for_github():
    result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
                             str(WORKFLOW)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_schema_check_rejects_a_broken_workflow(tmp_path: Path):
    """The check above can fail: a job without `runs-on` is not a workflow GitHub runs."""
    broken = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    del broken["jobs"]["test"]["runs-on"]
    path = tmp_path / "ci.yml"
    path.write_text(yaml.safe_dump(broken), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
                             str(path)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1


def test_pull_requests_run_the_readme_commands_without_secrets_and_main_deploys():
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    triggers = workflow[True] if True in workflow else workflow["on"]  # YAML 1.1 reads `on:` as true
    assert "pull_request" in triggers and "pull_request_target" not in triggers
    assert workflow["permissions"] == {"contents": "read"}
    test_steps = [step.get("run") for step in workflow["jobs"]["test"]["steps"]]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "./run test" in test_steps and "`./run test`" in readme
    assert "./run check" in test_steps
    assert "secrets." not in WORKFLOW.read_text(encoding="utf-8")
    deploy = workflow["jobs"]["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    build = workflow["jobs"]["build"]
    assert build["permissions"] == {"contents": "read", "pages": "read"}
    assert build["if"] == "github.event_name == 'push' && github.ref == 'refs/heads/main'"
    assert "./run build" in [step.get("run") for step in build["steps"]]
