"""How the build scales: the real site and synthetic sites with 10x and 100x the records.

Run with `./run bench` (or `.venv/bin/python scripts/benchmark.py`). This is
a measurement, not a test: it prints a table and whether three targets are
met, and exits 0 either way (1 only if a build fails).

    ./run bench                    # sizes 1, 10, 100 (the 100x run takes a while)
    ./run bench --sizes 1,10       # choose the sizes
    ./run bench --quick            # sizes 1 and 10 only
    ./run bench --repeat 1         # one build per size (default: fastest of 3, up to 10x)
    ./run bench --no-plain         # skip the plain-MkDocs comparison builds
    ./run bench --profile 10       # also profile an in-process 10x build (cProfile)
    ./run bench --ref HEAD         # measure the last commit rather than the working tree
    ./run bench --plain-up-to 10   # plain comparison only up to 10x (it doubles the run time)
    ./run bench --reader           # what readers download, Lighthouse, serve latency (reader_benchmark.py)

What is measured, for each size N:

- The project is copied into a temporary folder (never into the repository):
  mkdocs.yml, hooks/, overrides/, docs/ and data/, with data/bodies.yaml
  replaced by the synthetic records for N > 1. Synthetic records: the real
  records are kept (the handbook pages and the fixed diagrams name them), and
  each one is cloned N - 1 times with a new id `<id>-s<k>` (k = 1 .. N-1),
  the same type, text and sources, a numbered name, and its relations pointed
  at the clones of the same copy (`<target>-s<k>`). So every copy is a full,
  consistent structure and a record has exactly as many relations, in both
  directions, as the real record it was cloned from: a record page should not
  grow with the number of records. The glossary, sources, strings and
  handbook pages are the real ones, unchanged.
- "full build": `python -m mkdocs build --strict` of that project in a child
  process (NO_MKDOCS_2_WARNING=1): wall-clock time; CPU time (user +
  system, of the build and of the processes it waited for, i.e. Graphviz's
  dot), which is steadier than wall time when the machine is busy; and the
  child's peak memory (maximum resident set size); all from os.wait4.
- pages built: the number of HTML files written (both languages, 404 pages
  included); time per page = full build time / pages built (wall and CPU).
- record page: the median size of bodies/*/index.html in the Welsh site,
  and the size of one fixed record's page (FIXED_RECORD, Welsh).
- search indexes: site/search/search_index.json (Welsh) and
  site/en/search/search_index.json (English).
- "plain build", to see what the hooks cost: after the full build, the
  Markdown the hooks produce is written out as ordinary files: for both
  languages, every page of clystyrau.views.registry.generated_pages(site, lang), every
  file of generated_files(site, lang) (SVG downloads), and every authored page
  with its markers already expanded and its sources section appended (what
  hooks/shortcodes.py hands MkDocs). That tree is built with the same
  mkdocs.yml, theme, overrides and plugins (search, i18n), but with no
  `hooks:` list; the interface labels hooks/ui_labels.py would set are
  given to each language statically (i18n's per-language `extra`), and
  `validation.omitted_files` is relaxed to `info` because the generated
  pages, now ordinary files, are not in the nav (the hook marks them
  NOT_IN_NAV). What the plain build does not do is therefore exactly the
  hooks' own work: loading and checking the data, rendering the generated
  pages and diagrams (Graphviz), expanding markers, and the per-page and
  after-build hooks (acronym links in each page's HTML, the per-language
  search indexes, the sitemap, the open-data files). hooks cost =
  1 - plain / full.
- Each build runs the snapshot's code (see `snapshot`), so a size measured
  later is not mixed with edits made to the repository meanwhile.

Targets (printed with the table):

1. time per page at the largest size <= 1.5 x time per page at 1x;
2. the fixed record's page does not grow with the number of records
   (within 3 % of its 1x size at every size);
3. hooks cost < 30 % of the full build.
"""

from __future__ import annotations

import argparse
import copy
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

# libyaml's C emitter and parser when PyYAML has them: the 100x data file is ~37 MB.
SafeDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

ROOT = Path(__file__).resolve().parents[1]
SOURCE = {"path": str(ROOT / "src")}  # the src/ folder the builds import; set to the snapshot's
FIXED_RECORD = "welsh-government"  # a record with many relations in both directions and a diagram
COPIED = ("mkdocs.yml", "hooks", "overrides", "docs", "data")
TARGET_PER_PAGE = 1.5
TARGET_PAGE_GROWTH = 0.03
TARGET_HOOKS_SHARE = 0.30


# ---------------------------------------------------------------------------
# Synthetic data


def synthetic_bodies(records: list[dict], copies: int) -> list[dict]:
    """The real records plus `copies - 1` renamed clones of each, related within their copy."""
    result = [copy.deepcopy(record) for record in records]
    for k in range(1, copies):
        for record in records:
            clone = copy.deepcopy(record)
            clone["id"] = f"{record['id']}-s{k}"
            for field_name in ("name", "short"):
                if field_name in clone:
                    clone[field_name] = {lang: (f"{text} {k}" if not lang.endswith("_lang") else text)
                                         for lang, text in clone[field_name].items()}
            for relation in clone.get("relations", []):
                relation["target"] = f"{relation['target']}-s{k}"
            result.append(clone)
    return result


def snapshot(folder: Path, ref: str | None) -> Path:
    """A frozen copy of the project to measure, so edits made meanwhile do not mix in.

    Without `ref`: the working tree as it is now. With `ref` (e.g. HEAD): that
    commit, through `git archive` (read-only). The builds import the snapshot's
    src/clystyrau (PYTHONPATH), not the installed one.
    """
    frozen = folder / "source"
    frozen.mkdir(parents=True)
    if ref:
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", ref],
                                 env=dict(os.environ, GIT_OPTIONAL_LOCKS="0"),
                                 check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(frozen)], input=archive, check=True)
    else:
        for name in COPIED + ("src",):
            source = ROOT / name
            if source.is_dir():
                shutil.copytree(source, frozen / name, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                shutil.copy(source, frozen / name)
    return frozen


def make_project(frozen: Path, folder: Path, copies: int) -> Path:
    """A copy of the frozen project in `folder`, with `copies` x the records."""
    project = folder / "project"
    project.mkdir(parents=True)
    for name in COPIED:
        source = frozen / name
        if source.is_dir():
            shutil.copytree(source, project / name)
        else:
            shutil.copy(source, project / name)
    (project / "src").mkdir()  # named in mkdocs.yml `watch:`; the code comes from the snapshot (PYTHONPATH)
    if copies > 1:
        records = yaml.load((frozen / "data" / "bodies.yaml").read_text(encoding="utf-8"), Loader=SafeLoader)
        header = "# Synthetic records written by scripts/benchmark.py\n"
        text = yaml.dump(synthetic_bodies(records, copies), Dumper=SafeDumper, allow_unicode=True, sort_keys=False,
                         width=100)
        (project / "data" / "bodies.yaml").write_text(header + text, encoding="utf-8")
    return project


# ---------------------------------------------------------------------------
# Builds


@dataclass
class Run:
    seconds: float  # wall-clock time
    cpu_seconds: float  # user + system CPU time of the build and the processes it waited for (dot)
    max_rss_kib: int
    returncode: int
    log: str


def timed_build(project: Path, site_dir: Path, config: str = "mkdocs.yml") -> Run:
    """`mkdocs build --strict` in a child process: wall time and the child's own peak memory."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1", PYTHONPATH=SOURCE["path"])
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", config, "-d", str(site_dir)]
    with tempfile.TemporaryFile("w+", encoding="utf-8") as log:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=project, stdout=log, stderr=subprocess.STDOUT, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4, tell Popen
        log.seek(0)
        return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, process.returncode, log.read())


def plain_tree(project: Path, plain: Path) -> None:
    """The Markdown the hooks hand MkDocs, as ordinary files, and a config without hooks."""
    sys.path.insert(0, SOURCE["path"])
    from clystyrau.checks.loader import load_site
    from clystyrau.model.records import LANGUAGES
    from clystyrau.views.registry import generated_files, generated_pages
    from clystyrau.views.shortcodes import authored_page

    site = load_site(project, use_cache=False)
    shutil.copytree(project / "overrides", plain / "overrides")
    (plain / "src").mkdir()
    for lang in LANGUAGES:
        docs = plain / "docs" / lang
        for path, markdown in {**generated_pages(site, lang), **generated_files(site, lang)}.items():
            (docs / path).parent.mkdir(parents=True, exist_ok=True)
            (docs / path).write_text(markdown, encoding="utf-8")
        for path, page in site.pages[lang].items():
            expanded = authored_page(site, lang, path, page.text, page.sources)  # what hooks/shortcodes.py does
            (docs / path).parent.mkdir(parents=True, exist_ok=True)
            (docs / path).write_text(expanded, encoding="utf-8")
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    config.pop("hooks", None)
    config.pop("watch", None)  # only `mkdocs serve` reads it
    config["validation"]["omitted_files"] = "info"
    i18n = next(plugin["i18n"] for plugin in config["plugins"] if isinstance(plugin, dict) and "i18n" in plugin)
    for language in i18n["languages"]:
        language["extra"] = {"labels": site.labels(language["locale"])}  # what hooks/ui_labels.py sets
    (plain / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")


# ---------------------------------------------------------------------------
# Measurements


@dataclass
class Result:
    copies: int
    records: int = 0
    pages: int = 0
    full: Run | None = None
    plain: Run | None = None
    record_median: float = 0
    record_fixed: int = 0
    search: dict[str, int] = field(default_factory=dict)

    def per_page(self, cpu: bool = False) -> float:
        return (self.full.cpu_seconds if cpu else self.full.seconds) / self.pages

    def hooks_share(self, cpu: bool = False) -> float | None:
        if self.plain is None:
            return None
        if cpu:
            return 1 - self.plain.cpu_seconds / self.full.cpu_seconds
        return 1 - self.plain.seconds / self.full.seconds


def best_of(repeat: int, build) -> Run:
    """The fastest of `repeat` builds (the machine may be busy with other work)."""
    runs = []
    for _ in range(repeat):
        runs.append(build())
        if runs[-1].returncode != 0:
            return runs[-1]
    return min(runs, key=lambda run: run.seconds)


def measure(frozen: Path, copies: int, *, plain: bool, keep: bool, repeat: int = 1) -> Result:
    folder = Path(tempfile.mkdtemp(prefix=f"clystyrau-bench-{copies}x-"))
    try:
        result = Result(copies)
        print(f"[{copies}x] writing the project into {folder} ...", flush=True)
        project = make_project(frozen, folder, copies)
        real_records = yaml.load((frozen / "data" / "bodies.yaml").read_text(encoding="utf-8"), Loader=SafeLoader)
        result.records = copies * len(real_records)
        site = folder / "site"
        print(f"[{copies}x] full build of {result.records} records ...", flush=True)
        result.full = best_of(repeat, lambda: timed_build(project, site))
        if result.full.returncode != 0:
            print(result.full.log, file=sys.stderr)
            raise SystemExit(f"[{copies}x] the build failed")
        result.pages = sum(1 for _ in site.rglob("*.html"))
        sizes = [page.stat().st_size for page in (site / "bodies").glob("*/index.html")]
        result.record_median = statistics.median(sizes)
        result.record_fixed = (site / "bodies" / FIXED_RECORD / "index.html").stat().st_size
        indexes = (("cy", site / "search" / "search_index.json"), ("en", site / "en" / "search" / "search_index.json"))
        for lang, path in indexes:
            result.search[lang] = path.stat().st_size
        print(f"[{copies}x] full build: {result.full.seconds:.1f} s wall, {result.full.cpu_seconds:.1f} s CPU, "
              f"{result.pages} pages", flush=True)
        if not keep:
            shutil.rmtree(site)
        if plain:
            print(f"[{copies}x] writing the hooks' Markdown as plain files ...", flush=True)
            plain_tree(project, folder / "plain")
            print(f"[{copies}x] plain build (no hooks) ...", flush=True)
            result.plain = best_of(repeat, lambda: timed_build(folder / "plain", folder / "plain-site"))
            if result.plain.returncode != 0:
                print(result.plain.log, file=sys.stderr)
                raise SystemExit(f"[{copies}x] the plain build failed")
            plain_pages = sum(1 for _ in (folder / "plain-site").rglob("*.html"))
            print(f"[{copies}x] plain build: {result.plain.seconds:.1f} s wall, {result.plain.cpu_seconds:.1f} s CPU, "
                  f"{plain_pages} pages", flush=True)
        return result
    finally:
        if keep:
            print(f"[{copies}x] kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


# ---------------------------------------------------------------------------
# Report


def kib(size: float) -> str:
    return f"{size / 1024:,.1f} KiB"


def mib(size: float) -> str:
    return f"{size / 1024 / 1024:,.1f} MiB"


def table(results: list[Result]) -> str:
    rows = [("Size", "Records", "Pages built", "Full build: wall (CPU)", "Per page: wall (CPU)", "Peak memory",
             "Record page (median)", f"Record page ({FIXED_RECORD})", "Search index cy", "Search index en",
             "Plain build: wall (CPU)", "Hooks' share: wall (CPU)")]
    for r in results:
        rows.append((
            f"{r.copies}x", f"{r.records:,}", f"{r.pages:,}",
            f"{r.full.seconds:,.1f} s ({r.full.cpu_seconds:,.1f} s)",
            f"{r.per_page() * 1000:,.1f} ms ({r.per_page(cpu=True) * 1000:,.1f} ms)",
            mib(r.full.max_rss_kib * 1024), kib(r.record_median),
            kib(r.record_fixed), mib(r.search["cy"]), mib(r.search["en"]),
            f"{r.plain.seconds:,.1f} s ({r.plain.cpu_seconds:,.1f} s)" if r.plain else "-",
            f"{r.hooks_share():.0%} ({r.hooks_share(cpu=True):.0%})" if r.plain else "-",
        ))
    rule = "|" + "|".join("---" if i == 0 else "--:" for i in range(len(rows[0]))) + "|"
    lines = ["| " + " | ".join(rows[0]) + " |", rule]
    lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
    return "\n".join(lines)


def targets(results: list[Result]) -> list[str]:
    """Each target on wall-clock and on CPU time (CPU time is steadier on a busy machine)."""
    lines = []
    base = next((r for r in results if r.copies == 1), None)
    largest = max(results, key=lambda r: r.copies)
    if base and largest is not base:
        for cpu, name in ((False, "wall"), (True, "CPU")):
            ratio = largest.per_page(cpu) / base.per_page(cpu)
            lines.append(f"- Time per page at {largest.copies}x <= {TARGET_PER_PAGE} x time per page at 1x ({name}): "
                         f"{largest.per_page(cpu) * 1000:.1f} ms vs {base.per_page(cpu) * 1000:.1f} ms "
                         f"= {ratio:.2f} x: "
                         f"{'MET' if ratio <= TARGET_PER_PAGE else 'NOT MET'}")
        growth = max(abs(r.record_fixed / base.record_fixed - 1) for r in results)
        sizes = ", ".join(f"{r.copies}x {r.record_fixed:,} B" for r in results)
        lines.append(f"- Record page does not grow with the records (within {TARGET_PAGE_GROWTH:.0%}): "
                     f"{FIXED_RECORD}: {sizes} (largest change {growth:.1%}): "
                     f"{'MET' if growth <= TARGET_PAGE_GROWTH else 'NOT MET'}")
    else:
        lines.append("- Per-page and page-growth targets need size 1 and a larger size")
    for cpu, name in ((False, "wall"), (True, "CPU")):
        shares = [(r.copies, r.hooks_share(cpu)) for r in results if r.plain]
        if shares:
            worst = max(share for _, share in shares)
            listed = ", ".join(f"{copies}x {share:.0%}" for copies, share in shares)
            lines.append(f"- Hooks cost < {TARGET_HOOKS_SHARE:.0%} of the build (1 - plain/full, {name}): {listed}: "
                         f"{'MET' if worst < TARGET_HOOKS_SHARE else 'NOT MET'}")
    return lines


def profile(frozen: Path, copies: int, top: int = 25) -> None:
    """An in-process full build under cProfile; prints the functions that take the most time."""
    import cProfile
    import pstats

    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    folder = Path(tempfile.mkdtemp(prefix=f"clystyrau-profile-{copies}x-"))
    try:
        project = make_project(frozen, folder, copies)
        config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(folder / "site"))
        config.plugins.on_startup(command="build", dirty=False)
        profiler = cProfile.Profile()
        profiler.enable()
        build(config)
        profiler.disable()
        config.plugins.on_shutdown()
        print(f"\nProfile of an in-process {copies}x build (cumulative time, top {top}):")
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(top)
        print(f"Own time (tottime), top {top}:")
        pstats.Stats(profiler).sort_stats("tottime").print_stats(top)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--reader"]:  # what readers download and wait for: scripts/reader_benchmark.py
        import reader_benchmark
        return reader_benchmark.main(argv[1:])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,10,100", help="multiples of the real records to build (default 1,10,100)")
    parser.add_argument("--quick", action="store_true", help="sizes 1 and 10 only")
    parser.add_argument("--no-plain", action="store_true", help="skip the plain-MkDocs (no hooks) builds")
    parser.add_argument("--repeat", type=int, default=3, help="builds per size, fastest kept (default 3)")
    parser.add_argument("--repeat-up-to", type=int, default=10, metavar="N",
                        help="repeat only sizes up to N; larger sizes are built once (default 10)")
    parser.add_argument("--plain-up-to", type=int, default=100, metavar="N",
                        help="run the plain comparison only for sizes up to N (default 100)")
    parser.add_argument("--ref", metavar="COMMIT", help="measure this commit (git archive) instead of the working tree")
    parser.add_argument("--keep", action="store_true", help="keep the temporary projects and sites")
    parser.add_argument("--profile", type=int, metavar="N", help="also profile an in-process build of size N")
    arguments = parser.parse_args(argv)
    sizes = [1, 10] if arguments.quick else [int(size) for size in arguments.sizes.split(",")]
    work = Path(tempfile.mkdtemp(prefix="clystyrau-bench-source-"))
    try:
        frozen = snapshot(work, arguments.ref)
        SOURCE["path"] = str(frozen / "src")
        sys.path.insert(0, SOURCE["path"])
        measured = describe_source(arguments.ref)
        print(f"Measuring {measured}", flush=True)
        results = []
        for copies in sizes:
            repeat = arguments.repeat if copies <= arguments.repeat_up_to else 1
            plain = not arguments.no_plain and copies <= arguments.plain_up_to
            results.append(measure(frozen, copies, plain=plain, keep=arguments.keep, repeat=repeat))
        print_report(results, measured)
        if arguments.profile:
            profile(frozen, arguments.profile)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def describe_source(ref: str | None) -> str:
    """Which code and data were measured, for the report."""
    def git(*command: str) -> str:
        result = subprocess.run(["git", "-C", str(ROOT), *command], capture_output=True, text=True,
                                env=dict(os.environ, GIT_OPTIONAL_LOCKS="0"))  # read-only: no index refresh
        return result.stdout.strip()

    if ref:
        return f"commit {git('rev-parse', '--short', ref)} ({ref})"
    changed = git("status", "--porcelain")
    return (f"the working tree at {git('rev-parse', '--short', 'HEAD')}"
            + (" with uncommitted changes" if changed else ""))


def print_report(results: list[Result], measured: str) -> None:
    print()
    print(f"Benchmark of {measured}, on {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, "
          f"{time.strftime('%Y-%m-%d')}")
    print()
    print(table(results))
    print()
    print("Targets:")
    print("\n".join(targets(results)))


if __name__ == "__main__":
    sys.exit(main())
