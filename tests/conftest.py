"""Shared test helpers: fixture projects in temporary folders, and real builds.

A "project" is a folder laid out like the repository (mkdocs.yml, hooks/,
overrides/, data/, docs/). Tests build it with the real `mkdocs` command in a
subprocess, exactly as a maintainer or CI would, so exit codes and printed
messages are what people see.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "site"
SHARED_DATA = ("sources.yaml", "strings.yaml")  # always the project's real labels and sources


@functools.cache
def _fixture_config() -> str:
    """The real configuration, less the real site's nav (the fixture has other pages).
    Made once a run: the bad-input corpus alone makes a project per case."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config.pop("nav", None)
    return yaml.safe_dump(config, allow_unicode=True, sort_keys=False)


def make_project(tmp_path: Path, fixture: Path = FIXTURE) -> Path:
    """Copy the real configuration plus a fixture's data/ and docs/ into tmp_path/project."""
    project = tmp_path / "project"
    project.mkdir(parents=True)
    (project / "mkdocs.yml").write_text(_fixture_config(), encoding="utf-8")
    for folder in ("hooks", "overrides"):
        shutil.copytree(ROOT / folder, project / folder)
    (project / "src").mkdir()  # named in mkdocs.yml `watch:`
    shutil.copytree(fixture / "data", project / "data")
    shutil.copytree(fixture / "docs", project / "docs")
    for name in SHARED_DATA:
        if not (project / "data" / name).exists():
            shutil.copy(ROOT / "data" / name, project / "data" / name)
    return project


# What a CI runner or a maintainer's shell sets that changes what a build makes:
# GitHub Actions' variables (edit links, annotations), the site's address
# (sitemap, absolute 404 links), CI, and `./run serve cy`'s one-language
# switch (hooks/one_language.py). No test inherits them; a test that
# wants one sets it on purpose. CLYSTYRAU_TODAY passes through, so the whole
# suite can be run as on another day (README: Tests).
AMBIENT_PREFIXES = ("GITHUB_", "RUNNER_")
AMBIENT_NAMES = {"SITE_URL", "CI", "CLYSTYRAU_ONLY_LANGUAGE"}


def is_ambient(name: str) -> bool:
    return name.startswith(AMBIENT_PREFIXES) or name in AMBIENT_NAMES


def environment() -> dict:
    """The environment of a build or check under test: this process's, less the ambient variables."""
    env = {name: value for name, value in os.environ.items() if not is_ambient(name)}
    env.update(NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1")
    return env


@pytest.fixture(scope="session", autouse=True)
def clean_environment():
    """Code the tests run in this process (the check, renderers) sees no ambient variables either."""
    with pytest.MonkeyPatch.context() as patch:
        for name in [name for name in os.environ if is_ambient(name)]:
            patch.delenv(name)
        yield


def run_build(project: Path, site_dir: Path | None = None, **env: str) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` of a project, output captured; keyword arguments add environment variables."""
    site_dir = site_dir or project / "site"
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site_dir)],
                          cwd=project, capture_output=True, text=True, env=dict(environment(), **env), timeout=600)


def run_check(project: Path, **env: str) -> subprocess.CompletedProcess:
    """The standalone data check, as maintainers run it; keyword arguments add environment variables."""
    return subprocess.run([sys.executable, "-m", "clystyrau.check", str(project)],
                          cwd=project, capture_output=True, text=True, env=dict(environment(), **env), timeout=300)


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory) -> Path:
    """The fixture project, built once per test session; returns its site folder."""
    project = make_project(tmp_path_factory.mktemp("fixture"))
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """The real site (repository data and pages), built once per test session, for the
    address the browser tests serve it at (a sub-path, as a GitHub Pages project site)."""
    site = tmp_path_factory.mktemp("real") / "site"
    result = run_build(ROOT, site, SITE_URL="http://127.0.0.1/clystyrau/")
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="session")
def browser():
    """One headless Debian Chromium for the whole run (Playwright cannot download browsers here)."""
    from playwright.sync_api import sync_playwright

    from browser import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    """A fresh page in its own browser context; the test fails on any script error it logs."""
    from browser import watch_errors

    context = browser.new_context()
    opened = context.new_page()
    errors = watch_errors(opened)
    yield opened
    context.close()
    assert not errors, errors
