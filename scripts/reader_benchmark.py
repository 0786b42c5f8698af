"""What readers download and wait for, and how quick the edit loop is (issue 17).

Run with `./run bench --reader` (scripts/benchmark.py hands over to this file).
A measurement, not a test: it prints a table and which targets are met, and
exits 0 either way (1 only if a build fails).

    ./run bench --reader                     # sizes 1 and 10, Lighthouse included
    ./run bench --reader --sizes 1           # one size
    ./run bench --reader --no-lighthouse     # bytes and requests only (quicker)
    ./run bench --reader --no-serve          # skip the mkdocs serve latency
    ./run bench --reader --serve-only        # only the mkdocs serve latency (no browser)
    ./run bench --reader --serve-only --ref main   # the same, of a commit (git archive)

Method, for each size N (the synthetic records of scripts/benchmark.py):

- "site": the project built as it is (`mkdocs build --strict`, SITE_URL set
  to the local address it is served at, so alternates and the sitemap are
  absolute). "anchor": plain Material on the same Markdown: the hooks'
  Markdown written out as files (benchmark.plain_tree), built with no hooks
  and no theme overrides (no custom_dir), so Material's own search as shipped.
- Each site is served from localhost by a static server that gzips every
  response at level 6 (as GitHub Pages and most hosts do).
- Pages: home, a record (benchmark.FIXED_RECORD), the glossary and the
  structure page, Welsh. Each is opened in a fresh headless Chromium context
  (Debian's /usr/bin/chromium) and left to reach network idle: "requests" is
  the number of requests, "load KB" the compressed bytes of their bodies.
  "search KB": the reader then opens the search box and types a word
  ("bwrdd"); the compressed bytes of what that fetched, until the results show.
- Lighthouse 12.2.3 (package.json; CHROME_PATH=/usr/bin/chromium), mobile
  preset (its default), against the localhost address only: performance,
  accessibility, best practices, SEO, and total blocking time.
- serve: `mkdocs serve` of the size-N project, once with one language
  (CLYSTYRAU_ONLY_LANGUAGE=cy, what `./run serve cy` does) and once with both
  (`./run serve`). After the first build, a record (the Welsh summary of
  benchmark.FIXED_RECORD in data/bodies.yaml), a glossary entry (the first
  entry's Welsh definition) and a handbook page (docs/cy/start-here.md, its
  first paragraph) are each saved with a new word, and the served Welsh page
  that shows it (the record's page, the glossary, the handbook page) is polled
  every 0.2 s until it does: seconds from save to page, best of 2 saves, 3 s
  apart; the file is put back after each kind.

The machine is shared: wall-clock figures (Lighthouse's too, which simulates a
slow phone from the trace) move with the load; the byte counts do not.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import benchmark
import yaml

ROOT = benchmark.ROOT
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
PAGES = {"home": "", "record": f"bodies/{benchmark.FIXED_RECORD}/", "glossary": "glossary/", "structure": "structure/"}
QUERY = "bwrdd"
TARGETS = {"load": 100 * 1024, "search": 200 * 1024, "performance": 95, "best-practices": 100, "seo": 100,
           "accessibility": 100, "serve": 5.0}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzipped at level 6 when the client accepts it."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()
            path = path / "index.html"
        if not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@contextlib.contextmanager
def serve_static(site: Path, port: int):
    handler = functools.partial(GzipHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.shutdown()
        server.server_close()


def build(project: Path, site: Path, **env: str) -> None:
    environment = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=benchmark.SOURCE["path"], **env)
    environment.pop("CLYSTYRAU_ONLY_LANGUAGE", None)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
                            cwd=project, capture_output=True, text=True, env=environment)
    if result.returncode != 0:
        print(result.stdout + result.stderr, file=sys.stderr)
        raise SystemExit(f"the build of {project} failed")


def anchor_project(project: Path, folder: Path) -> Path:
    """Plain Material on the hooks' Markdown: no hooks, no overrides."""
    plain = folder / "anchor"
    benchmark.plain_tree(project, plain)
    config = yaml.safe_load((plain / "mkdocs.yml").read_text(encoding="utf-8"))
    config["theme"].pop("custom_dir", None)
    config.pop("extra_css", None)
    (plain / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return plain


def traffic(browser, url: str, search: bool) -> dict:
    """Requests and compressed bytes at load, and of a first search."""
    context = browser.new_context()
    page = context.new_page()
    seen: list = []
    context.on("requestfinished", lambda request: seen.append(request))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    time.sleep(0.5)
    at_load = list(seen)
    result = {"requests": len(at_load), "load": sum(r.sizes()["responseBodySize"] for r in at_load)}
    if search:
        box = page.locator("input.md-search__input")
        button = page.locator("label.md-header__button[for='__search']")
        if button.is_visible():
            button.click()
        box.click()
        box.fill(QUERY[:-1])  # then one key, as a reader types: Material searches on each key released
        box.press(QUERY[-1])
        page.wait_for_selector(".md-search-result__item", timeout=30000)
        page.wait_for_load_state("networkidle")
        result["search"] = sum(r.sizes()["responseBodySize"] for r in seen[len(at_load):])
    context.close()
    return result


def lighthouse(url: str) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json") as output:
        result = subprocess.run(
            [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={output.name}",
             "--only-categories=performance,accessibility,best-practices,seo",
             "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
            env=dict(os.environ, CHROME_PATH=CHROMIUM), capture_output=True, text=True, timeout=300)
        if result.returncode != 0:
            return {"error": result.stderr.strip()[-200:]}
        report = json.loads(Path(output.name).read_text(encoding="utf-8"))
    scores = {name: round(100 * (category["score"] or 0)) for name, category in report["categories"].items()}
    scores["tbt"] = report["audits"]["total-blocking-time"]["numericValue"]
    return scores


# What the edit-loop benchmark saves: (label, file in the project, text to find, where the word goes, served page).
# The word goes right after the text found; the page is polled until it shows the word.
SERVE_EDITS = (
    ("record", "data/bodies.yaml", f"- id: {benchmark.FIXED_RECORD}\n", '  summary:\n    cy: "',
     f"bodies/{benchmark.FIXED_RECORD}/"),
    ("glossary entry", "data/glossary.yaml", "- id: ", '  definition:\n    cy: "', "glossary/"),
    ("handbook page", "docs/cy/start-here.md", "\n# ", "\n\n", "start-here/"),
)
SERVE_MODES = {"cy": "one language (cy)", "": "both languages"}


def _with_word(text: str, after: str, marker: str, word: str) -> str:
    """`text` with `word ` put right after the first `marker` that follows `after`."""
    at = text.index(marker, text.index(after)) + len(marker)
    return text[:at] + word + " " + text[at:]


def serve_latency(project: Path, language: str, tries: int = 2) -> dict[str, float | None]:
    """Seconds from saving a record, a glossary entry and a handbook page to `mkdocs serve`
    showing the change (best of `tries` saves each); `language` "cy" or "en" serves one
    language (CLYSTYRAU_ONLY_LANGUAGE, what `./run serve cy` does), "" both."""
    port = free_port()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=benchmark.SOURCE["path"])
    env.pop("CLYSTYRAU_ONLY_LANGUAGE", None)
    if language:
        env["CLYSTYRAU_ONLY_LANGUAGE"] = language
    process = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"], cwd=project,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)

    def fetch(path: str) -> str:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/{path}", timeout=10) as response:
                return response.read().decode("utf-8", "replace")
        except OSError:
            return ""

    results: dict[str, float | None] = {label: None for label, *_ in SERVE_EDITS}
    try:
        deadline = time.monotonic() + 600
        while "<html" not in fetch(""):
            if time.monotonic() > deadline or process.poll() is not None:
                return results
            time.sleep(1)
        for label, name, after, marker, path in SERVE_EDITS:
            edited = project / name
            original = edited.read_text(encoding="utf-8")
            times = []
            try:
                for attempt in range(tries):
                    time.sleep(3)  # let the server settle after the previous rebuild
                    word = f"meincnod{attempt}x{int(time.time())}"
                    edited.write_text(_with_word(original, after, marker, word), encoding="utf-8")
                    start = time.monotonic()
                    while word not in fetch(path):
                        if time.monotonic() - start > 300:
                            break
                        time.sleep(0.2)
                    else:
                        times.append(time.monotonic() - start)
            finally:
                edited.write_text(original, encoding="utf-8")
            results[label] = min(times) if len(times) == tries else None
        return results
    finally:
        process.terminate()
        process.wait(timeout=30)


def measure_serve(project: Path, copies: int) -> dict[str, dict[str, float | None]]:
    found = {}
    for language, mode in SERVE_MODES.items():
        print(f"[{copies}x] mkdocs serve, {mode}, save to page ...", flush=True)
        found[mode] = serve_latency(project, language)
    return found


def measure_serve_only(frozen: Path, copies: int) -> dict:
    folder = Path(tempfile.mkdtemp(prefix=f"clystyrau-serve-{copies}x-"))
    try:
        return {"copies": copies, "sites": {}, "serve": measure_serve(benchmark.make_project(frozen, folder, copies),
                                                                      copies)}
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def measure(frozen: Path, copies: int, browser, *, with_lighthouse: bool, with_serve: bool) -> dict:
    folder = Path(tempfile.mkdtemp(prefix=f"clystyrau-reader-{copies}x-"))
    try:
        project = benchmark.make_project(frozen, folder, copies)
        results: dict = {"copies": copies, "sites": {}}
        port = free_port()
        print(f"[{copies}x] building the site ...", flush=True)
        build(project, folder / "site", SITE_URL=f"http://127.0.0.1:{port}/")
        print(f"[{copies}x] building the anchor (plain Material) ...", flush=True)
        anchor = anchor_project(project, folder)
        build(anchor, folder / "anchor-site", SITE_URL=f"http://127.0.0.1:{port}/")
        for name, site in (("site", folder / "site"), ("anchor", folder / "anchor-site")):
            rows = {}
            with serve_static(site, port) as base:
                for page, path in PAGES.items():
                    print(f"[{copies}x] {name}: {page} ...", flush=True)
                    rows[page] = traffic(browser, base + path, search=True)
                    if with_lighthouse:
                        rows[page].update(lighthouse(base + path))
            results["sites"][name] = rows
        if with_serve:
            results["serve"] = measure_serve(project, copies)
        return results
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def kb(size) -> str:
    return "–" if size is None else f"{size / 1024:.0f}"


def report(all_results: list[dict]) -> str:
    lines = []
    if any(results["sites"] for results in all_results):
        lines.append("| size | site | page | requests | load KB | first search KB "
                     "| perf | a11y | best pr. | SEO | TBT ms |")
        lines.append("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for results in all_results:
        for name, rows in results["sites"].items():
            for page, row in rows.items():
                scores = [row.get(key, "–") for key in ("performance", "accessibility", "best-practices", "seo")]
                tbt = round(row["tbt"]) if "tbt" in row else "–"
                lines.append(f"| {results['copies']}x | {name} | {page} | {row['requests']} | {kb(row['load'])} | "
                             f"{kb(row.get('search'))} | " + " | ".join(map(str, scores)) + f" | {tbt} |")
    serve_rows = [(results["copies"], mode, found) for results in all_results
                  for mode, found in results.get("serve", {}).items()]
    if serve_rows:
        lines += [""] * bool(lines) + ["mkdocs serve, save to page (s, best of 2):", "",
                  "| size | serve | " + " | ".join(label for label, *_ in SERVE_EDITS) + " |",
                  "| --- | --- |" + " ---: |" * len(SERVE_EDITS)]
        for copies, mode, found in serve_rows:
            lines.append(f"| {copies}x | {mode} | " + " | ".join(
                "–" if found[label] is None else f"{found[label]:.1f}" for label, *_ in SERVE_EDITS) + " |")
    return "\n".join(lines)


def targets(all_results: list[dict]) -> list[str]:
    out = []
    rows = [(r["copies"], page, row) for r in all_results for page, row in r["sites"].get("site", {}).items()]

    def check(label, ok):
        out.append(f"- {label}: {'met' if ok else 'NOT met'}")

    if rows:
        check("cold load <= 100 KB", all(row["load"] <= TARGETS["load"] for _, _, row in rows))
        check("first search <= 200 KB", all(row.get("search", 0) <= TARGETS["search"] for _, _, row in rows))
    for key, label in (("performance", "Lighthouse performance >= 95"), ("best-practices", "best practices 100"),
                       ("seo", "SEO 100"), ("accessibility", "accessibility 100")):
        if rows and all(key in row for _, _, row in rows):
            check(label, all(row[key] >= TARGETS[key] for _, _, row in rows))
    for mode in SERVE_MODES.values():
        serves = [seconds for r in all_results for seconds in r.get("serve", {}).get(mode, {}).values()]
        if serves:
            check(f"serve save-to-page <= 5 s, {mode}",
                  all(s is not None and s <= TARGETS["serve"] for s in serves))
    return out


def measure_readers(frozen: Path, sizes: list[int], arguments: argparse.Namespace) -> list[dict]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=["--no-sandbox", "--disable-gpu"])
        try:
            return [measure(frozen, copies, browser, with_lighthouse=not arguments.no_lighthouse,
                            with_serve=not arguments.no_serve) for copies in sizes]
        finally:
            browser.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,10")
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument("--no-serve", action="store_true")
    parser.add_argument("--serve-only", action="store_true", help="only the mkdocs serve latency (no browser)")
    parser.add_argument("--ref", help="measure this commit (git archive) instead of the working tree")
    arguments = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="clystyrau-reader-source-"))
    try:
        frozen = benchmark.snapshot(work, arguments.ref)
        benchmark.SOURCE["path"] = str(frozen / "src")
        sys.path.insert(0, benchmark.SOURCE["path"])
        sizes = [int(size) for size in arguments.sizes.split(",")]
        if arguments.serve_only:
            all_results = [measure_serve_only(frozen, copies) for copies in sizes]
        else:
            all_results = measure_readers(frozen, sizes, arguments)
        print()
        print(f"Reader benchmark of {benchmark.describe_source(arguments.ref)}, {time.strftime('%Y-%m-%d')}, "
              f"on {os.cpu_count()} CPUs")
        print()
        print(report(all_results))
        print()
        print("Targets:")
        print("\n".join(targets(all_results)))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
