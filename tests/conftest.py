"""Shared test helpers: fixture projects in temporary folders, and real builds.

A "project" is a folder laid out like the repository (mkdocs.yml, hooks/,
overrides/, data/, docs/). Tests build it with the real `mkdocs` command in a
subprocess, exactly as a maintainer or CI would, so exit codes and printed
messages are what people see.
"""

from __future__ import annotations

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


def make_project(tmp_path: Path, fixture: Path = FIXTURE) -> Path:
    """Copy the real configuration plus a fixture's data/ and docs/ into tmp_path/project."""
    project = tmp_path / "project"
    project.mkdir(parents=True)
    # The real configuration, less the real site's nav (the fixture has other pages).
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config.pop("nav", None)
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for folder in ("hooks", "overrides"):
        shutil.copytree(ROOT / folder, project / folder)
    (project / "src").mkdir()  # named in mkdocs.yml `watch:`
    shutil.copytree(fixture / "data", project / "data")
    shutil.copytree(fixture / "docs", project / "docs")
    for name in SHARED_DATA:
        if not (project / "data" / name).exists():
            shutil.copy(ROOT / "data" / name, project / "data" / name)
    return project


def environment() -> dict:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1")
    return env


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
    playwright_api = pytest.importorskip("playwright.sync_api")
    from browser import CHROMIUM, CHROMIUM_ARGS

    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    """A fresh page in its own browser context; the test fails on any script error it logs.

    Material asks for sitemap.xml beside each language alternate; a 404 for it
    is logged to the console and is not a script error of the page.
    """
    context = browser.new_context()
    opened = context.new_page()
    errors = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    opened.on("console", lambda message: errors.append(message.text) if message.type == "error"
              and "404" not in message.text else None)
    yield opened
    context.close()
    assert not errors, errors
