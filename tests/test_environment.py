"""The suite gives the same answers on any day and on any CI.

GitHub Actions sets GITHUB_* and CI for every step, and a year from now every
record's review will be over a year old. The build-and-check part of the
suite runs here again, in a child pytest, with both: GitHub's variables set
(conftest keeps them away from the builds under test) and the clock a year
past the newest review (CLYSTYRAU_TODAY, which the child's tests inherit).
"""

from __future__ import annotations

import datetime
import os
import subprocess
import sys

import yaml

from conftest import ROOT

GITHUB = {"GITHUB_ACTIONS": "true", "GITHUB_REPOSITORY": "owner/repo", "GITHUB_SERVER_URL": "https://github.com",
          "GITHUB_REF_NAME": "main", "CI": "true", "SITE_URL": "https://example.org/clystyrau/"}
CHILD_TESTS = ["tests/test_real_site.py", "tests/test_open_data.py", "tests/test_build.py", "tests/test_bad_input.py",
               "tests/test_units.py"]


def a_year_after_the_newest_review() -> str:
    reviewed = [record["reviewed"] for name in ("bodies.yaml", "glossary.yaml")
                for record in yaml.safe_load((ROOT / "data" / name).read_text(encoding="utf-8"))]
    return (datetime.date.fromisoformat(max(reviewed)) + datetime.timedelta(days=366)).isoformat()


def test_check_and_build_tests_pass_in_github_actions_a_year_from_now():
    env = dict(os.environ, **GITHUB, CLYSTYRAU_TODAY=a_year_after_the_newest_review(), NO_MKDOCS_2_WARNING="1")
    check = subprocess.run([sys.executable, "-m", "clystyrau.check"], cwd=ROOT, env=env, capture_output=True,
                           text=True, timeout=300)
    assert check.returncode == 0, check.stderr
    assert "Reminder, not an error:" in check.stdout and 'set `reviewed: "YYYY-MM-DD"`' in check.stdout
    suite = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *CHILD_TESTS],
                           cwd=ROOT, env=env, capture_output=True, text=True, timeout=1200)
    assert suite.returncode == 0, suite.stdout[-5000:] + suite.stderr[-2000:]
