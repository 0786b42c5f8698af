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
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
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


# ---------------------------------------------------------------------------
# mkdocs serve of the fixture project (tests/test_serve.py, tests/test_edit_loop.py)

WAIT = 120  # seconds for one (re)build; the fixture site builds in a few


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """A running `mkdocs serve`, with its log collected as it is written."""

    def __init__(self, project):
        self.port = _free_port()
        self.log: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{self.port}"],
            cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=environment())
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.log.append(line)

    def get(self, path: str) -> str | None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{path}", timeout=10) as response:
                return response.read().decode("utf-8")
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return None

    def wait_for(self, path: str, condition, what: str) -> str:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"mkdocs serve stopped while waiting for {what}:\n{''.join(self.log)}")
            page = self.get(path)
            if page is not None and condition(page):
                return page
            time.sleep(0.5)
        pytest.fail(f"timed out waiting for {what}; server log:\n{''.join(self.log)}")

    def wait_for_log(self, text: str, after: int) -> None:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            if any(text in line for line in self.log[after:]):
                return
            time.sleep(0.5)
        pytest.fail(f"'{text}' never appeared in the server log:\n{''.join(self.log)}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture
def served(tmp_path):
    project = make_project(tmp_path)
    server = Server(project)
    try:
        server.wait_for("en/bodies/senedd/", lambda page: "</html>" in page, "the first build")
        yield project, server
    finally:
        server.stop()
