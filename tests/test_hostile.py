"""A hostile or careless pull request can neither poison the site nor break the published copy (issue 18).

- hostile labels, front matter, pages and records that the check lets through
  (because they are only text) reach Chromium as text: no script runs, no
  element has an event handler, no link is javascript: or data:;
- a build whose `dot` is killed, hangs, or is missing, or that fails strict
  mode, leaves the previous output byte for byte as it was, and says why;
- the YAML alias bomb is refused in under a second, in at most 100 MB;
- a 1,100-record part-of chain is checked without RecursionError;
- open data stays valid JSON and CSV cells never start a formula;
- the single tokeniser leaves code alone, and HTTPS:// is accepted.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, make_project, run_build, run_check

PAYLOAD = "window.__pwned=1"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# ---------------------------------------------------------------------------
# Hostile text that passes the check is shown as text in a real browser


def hostile_project(tmp_path: Path) -> Path:
    """The real site (its data and pages) with hostile edits the check accepts, as text."""
    project = make_project(tmp_path, fixture=ROOT)
    data, docs = project / "data", project / "docs"
    # Labels: quotes that would leave an attribute, if a template printed them raw.
    edit(data / "strings.yaml", 'footer.label: {cy: "Gwybodaeth am y wefan"',
         f'footer.label: {{cy: "Gwybodaeth\\" onfocus=\\"{PAYLOAD}\\" tabindex=\\"0\\" x=\\""')
    edit(data / "strings.yaml", 'en: "About this site"}', f'en: "About\\" onmouseover=\\"{PAYLOAD}\\" x=\\""}}')
    # Front matter: a description and a title made to break out of the head.
    for lang in ("cy", "en"):
        edit(docs / lang / "index.md", "---\ntitle: ",
             f'---\ndescription: "x\\" onload=\\"{PAYLOAD}\\" y=\\""\ntitle: ')
        page = docs / lang / "start-here.md"
        text = re.sub(r"^title: .*$", f'title: "&lt;img src=x onerror={PAYLOAD}&gt; &amp; \\" quotes"',
                      page.read_text(encoding="utf-8"), count=1, flags=re.MULTILINE)
        # Pages: allowed tags with hostile values, a link title, and script shown as code.
        text += (f"\n\n<span title='\" onmouseover=\"{PAYLOAD}'>hover</span>\n\n"
                 f'[a link](index.md "\\" onmouseover=\\"{PAYLOAD}")\n\n'
                 f"`<img src=x onerror={PAYLOAD}>` and `[[body:not-expanded]]`\n\n"
                 f"```html\n<script>{PAYLOAD}</script>\n<iframe src=\"javascript:{PAYLOAD}\"></iframe>\n```\n")
        page.write_text(text, encoding="utf-8")
    # A record whose text is markup and script (shown as text on its pages and in diagrams).
    with (data / "bodies.yaml").open("a", encoding="utf-8") as handle:
        handle.write(
            "- id: hostile-body\n  type: third-sector\n"
            f"  name: {{cy: \"Corff <script>{PAYLOAD}</script> drwg\\\\\", "
            f"en: \"<b>Bad <img src=x onerror={PAYLOAD}> body</b>\"}}\n"
            f"  summary: {{cy: \"[Cliciwch](javascript:{PAYLOAD}) {{{{ config }}}}\", "
            f"en: \"<a href=\\\"javascript:{PAYLOAD}\\\">click</a> {{: onclick=\\\"{PAYLOAD}\\\" }}\"}}\n"
            "  relations:\n    - kind: accountable-to\n      target: welsh-government\n"
            "      basis: practice\n      basis_source: {doc: \"001\", section: \"Llywodraeth Cymru\"}\n"
            "  sources:\n    - doc: \"004\"\n  reviewed: \"2026-11-25\"\n")
    return project


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    project = hostile_project(tmp_path_factory.mktemp("hostile"))
    result = run_build(project, project / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    return project / "site"


@pytest.fixture(scope="module")
def hostile_base(hostile_site, tmp_path_factory):
    """The hostile site served for the whole module (a page's late requests never meet a closed server)."""
    from browser import serve

    with serve(hostile_site, tmp_path_factory.mktemp("serve")) as base:
        yield base


INSPECT = """async () => {
    // Fire what a reader could: hover, focus and load events on every element.
    for (const element of document.querySelectorAll('*')) {
        for (const type of ['mouseover', 'focus', 'load', 'error']) {
            element.dispatchEvent(new Event(type));
        }
    }
    await new Promise(resolve => setTimeout(resolve, 50));
    const handlers = [];
    const links = [];
    for (const element of document.querySelectorAll('*')) {
        for (const attribute of element.attributes) {
            const name = attribute.name.toLowerCase();
            const value = attribute.value.replace(/[\\s\\u0000-\\u001f]/g, '').toLowerCase();
            if (name.startsWith('on')) handlers.push(element.tagName + ' ' + name);
            if (['href', 'src', 'action', 'formaction', 'xlink:href', 'data'].includes(name)
                && (value.startsWith('javascript:') || value.startsWith('data:') || value.startsWith('vbscript:'))) {
                links.push(element.tagName + ' ' + name + '=' + attribute.value);
            }
        }
    }
    const frames = document.querySelectorAll('iframe, object, embed').length;
    return {pwned: window.__pwned === 1, handlers, links, frames};
}"""


@pytest.mark.parametrize("path", ["", "en/", "start-here/", "en/start-here/", "bodies/hostile-body/",
                                  "en/bodies/hostile-body/", "bodies/welsh-government/", "structure/"])
def test_hostile_text_never_runs_in_chromium(page, hostile_base, path):
    response = page.goto(hostile_base + path)
    assert response.status == 200, path
    page.wait_for_load_state("networkidle")
    found = page.evaluate(INSPECT)
    assert found == {"pwned": False, "handlers": [], "links": [], "frames": 0}, found


def test_hostile_text_is_shown_as_text(hostile_site):
    home = (hostile_site / "index.html").read_text(encoding="utf-8")
    assert 'aria-label="Gwybodaeth&#34; onfocus=&#34;window.__pwned=1&#34;' in home  # escaped by the template
    assert 'content="x&#34; onload=&#34;window.__pwned=1&#34;' in home
    record = (hostile_site / "en" / "bodies" / "hostile-body" / "index.html").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=window.__pwned=1&gt;" in record
    assert '<a href="javascript:' not in record


# ---------------------------------------------------------------------------
# A failed build leaves the previous output byte for byte as it was


@pytest.fixture
def published(tmp_path, fixture_site) -> tuple[Path, Path, dict]:
    """A fixture project and, in `published`, what its last good build published, with its files' bytes
    (a copy of the session's fixture build: the same project, built once)."""
    project = make_project(tmp_path)
    site = tmp_path / "published"
    shutil.copytree(fixture_site, site)
    return project, site, snapshot(site)


def fake_dot(tmp_path: Path, script: str) -> str:
    """A PATH whose `dot` runs `script` (and everything else as before)."""
    folder = tmp_path / "fake-bin"
    folder.mkdir()
    dot = folder / "dot"
    dot.write_text("#!/bin/sh\n" + script + "\n", encoding="utf-8")
    dot.chmod(0o755)
    return f"{folder}{os.pathsep}{os.environ.get('PATH', '')}"


def assert_untouched(site: Path, before: dict, result, *lines: str) -> None:
    assert result.returncode == 1, result.stderr[-2000:]
    assert "Traceback" not in result.stderr, result.stderr[-4000:]
    for line in lines:
        assert line in result.stderr, result.stderr[-2000:]
    assert snapshot(site) == before
    assert [p.name for p in site.parent.iterdir() if p.name.startswith(f".{site.name}.")] == []  # nothing left behind


def test_dot_killed_mid_build_leaves_the_output_untouched(published, tmp_path):
    project, site, before = published
    result = run_build(project, site, PATH=fake_dot(tmp_path, "kill -9 $$"))
    assert_untouched(site, before, result, "Graphviz's 'dot' failed (stopped by signal 9) while drawing the diagrams.")


def test_dot_error_text_is_shown(published, tmp_path):
    project, site, before = published
    result = run_build(project, site, PATH=fake_dot(tmp_path, "echo 'Error: syntax error in line 3' >&2; exit 1"))
    assert_untouched(site, before, result, "Graphviz's 'dot' failed (exit code 1) while drawing the diagrams. "
                                           "It said: Error: syntax error in line 3")


def test_dot_hanging_is_stopped_and_the_output_untouched(published, tmp_path):
    project, site, before = published
    started = time.monotonic()
    result = run_build(project, site, PATH=fake_dot(tmp_path, "exec sleep 600"), CLYSTYRAU_DOT_TIMEOUT="3")
    assert time.monotonic() - started < 120
    assert_untouched(site, before, result,
                     "Graphviz's 'dot' did not finish drawing the diagrams within 3 seconds and was stopped.")


def test_dot_missing_leaves_the_output_untouched(published, tmp_path):
    project, site, before = published
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    result = run_build(project, site, PATH=str(empty))
    assert_untouched(site, before, result, "Graphviz's 'dot' program is not installed")


def test_page_left_out_of_nav_fails_strict_and_leaves_the_output_untouched(published):
    project, site, before = published
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    config["nav"] = ["index.md"]  # guide/planning.md is left out
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = run_build(project, site)
    assert_untouched(site, before, result, "are not included in the \"nav\" configuration:")


def test_a_successful_build_replaces_the_output_whole(published):
    project, site, before = published
    (site / "stale.html").write_text("old", encoding="utf-8")
    edit(project / "docs" / "en" / "index.md",
         "# Welcome to Clusters in Wales", "# Welcome to Clusters in Wales, again")
    result = run_build(project, site)
    assert result.returncode == 0, result.stderr
    assert not (site / "stale.html").exists()
    assert "again" in (site / "en" / "index.html").read_text(encoding="utf-8")
    assert [p.name for p in site.parent.iterdir() if p.name.startswith(f".{site.name}.")] == []


def test_names_graphviz_would_read_as_markup_are_drawn_as_text(tmp_path):
    project = make_project(tmp_path)
    edit(project / "data" / "bodies.yaml", 'name: {cy: "Cyngor Sir Powys", en: "Powys County Council"}',
         'name: {cy: "Cyngor Sir Powys\\\\", en: "<b>Powys County Council</b>"}')
    result = run_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    svg = (tmp_path / "site" / "en" / "bodies" / "la-powys" / "index.html").read_text(encoding="utf-8")
    assert "&lt;b&gt;Powys County Council&lt;/b&gt;" in svg and "<b>Powys" not in svg
    cy_page = (tmp_path / "site" / "bodies" / "la-powys" / "index.html").read_text(encoding="utf-8")
    assert "Cyngor Sir Powys\\" in cy_page


# ---------------------------------------------------------------------------
# Limits


BOMB = "".join(f"{a}: &{a} [" + ",".join([f"*{p}"] * 9 if p else ['"lol"'] * 9) + "]\n"
               for a, p in zip("abcdefghi", [None, *"abcdefgh"], strict=True))

# In a child process of its own, so its peak memory is the check's alone: the time
# to refuse the bomb (reading the file), then the whole check for its message, then
# the process's own peak memory. VmHWM, not the rusage of wait4: Linux carries the
# forked pytest process's size (before exec) into the child's ru_maxrss, so that
# figure grew with the number of tests run before this one.
MEASURE = """
import contextlib, io, sys, time
from pathlib import Path
from clystyrau.check import main
from clystyrau.checks.yamlio import load_yaml
started = time.perf_counter()
problems = []
assert load_yaml(Path(sys.argv[1]) / "data" / "bodies.yaml", "data/bodies.yaml", problems) is None
refused = time.perf_counter() - started
with contextlib.redirect_stderr(io.StringIO()) as err:
    code = main([sys.argv[1]])
peak_kb = next(int(line.split()[1]) for line in Path("/proc/self/status").read_text().splitlines()
               if line.startswith("VmHWM:"))
print(code, refused, peak_kb)
print(err.getvalue())
"""


def test_alias_bomb_is_refused_in_under_a_second_and_100_mb(tmp_path):
    project = make_project(tmp_path)
    (project / "data" / "bodies.yaml").write_text(BOMB, encoding="utf-8")  # 9**9 strings if expanded
    process = subprocess.run([sys.executable, "-c", MEASURE, str(project)], capture_output=True, text=True)
    output = process.stdout
    assert process.returncode == 0, process.stderr
    code, seconds, peak_kb = output.split("\n", 1)[0].split()
    assert code == "1", output
    assert float(seconds) < 1.0, output
    assert int(peak_kb) <= 100 * 1024, f"{peak_kb} KB"  # expanded, the bomb's 9**9 strings would need gigabytes
    assert "data/bodies.yaml:2:8: the YAML alias '*a' is not allowed" in output


def test_a_long_part_of_chain_is_checked_without_recursion(tmp_path):
    project = make_project(tmp_path)
    records = []
    for number in range(1100):
        target = f"link-{number + 1}" if number < 1099 else "link-1098"  # ends in a two-record loop
        records.append({"id": f"link-{number}", "type": "cluster-structure",
                        "name": {"cy": f"Dolen {number}", "en": f"Link {number}"},
                        "summary": {"cy": "Prawf.", "en": "A test."},
                        "relations": [{"kind": "part-of", "target": target}],
                        "sources": [{"doc": "001"}], "reviewed": "2026-11-25"})
    with (project / "data" / "bodies.yaml").open("a", encoding="utf-8") as handle:
        handle.write(yaml.safe_dump(records, allow_unicode=True, sort_keys=False))
    result = run_check(project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "RecursionError" not in result.stderr
    assert "accountability goes round in a circle: link-1098 → link-1099 → link-1098" in result.stderr


def test_a_huge_page_or_data_file_is_refused_before_it_is_read(tmp_path):
    project = make_project(tmp_path)
    with (project / "data" / "glossary.yaml").open("a", encoding="utf-8") as handle:
        handle.write("# " + "x" * 6_000_000 + "\n")
    result = run_check(project)
    assert result.returncode == 1
    assert "data/glossary.yaml: the file is 6.0 MB; a data file may be at most 5 MB" in result.stderr


# ---------------------------------------------------------------------------
# Open data, the tokeniser, addresses


def test_csv_cells_never_start_a_formula_and_json_is_strict(tmp_path):
    from clystyrau.checks.loader import load_site
    from clystyrau.views.opendata import neutral_cell, open_data_files

    assert neutral_cell('=HYPERLINK("https://example.org","x")') == '\'=HYPERLINK("https://example.org","x")'
    assert [neutral_cell(text) for text in ("+1", "-1", "@SUM(A1)", "\tx", "plain", "")] == [
        "'+1", "'-1", "'@SUM(A1)", "'\tx", "plain", ""]
    project = make_project(tmp_path)
    edit(project / "data" / "bodies.yaml", 'en: "Welsh Parliament"', 'en: "=HYPERLINK(\\"https://example.org\\",\\"x\\")"')
    files = open_data_files(load_site(project, use_cache=False))
    assert "'=HYPERLINK(" in files["open-data/bodies-en.csv"]
    assert ',=HYPERLINK(' not in files["open-data/bodies-en.csv"]
    for name, content in files.items():
        if name.endswith(".json"):
            json.loads(content, parse_constant=lambda constant, name=name: pytest.fail(f"{name} has {constant}"))


def test_markers_in_code_are_neither_checked_nor_expanded():
    from clystyrau.model.pagetext import expand, tokens

    text = "A [[body:a]]\n\n```\n[[body:b]]\n<!-- chart: c -->\n```\n\n`[[term:d]]` and [[Body:e]]\n"
    kinds = [(token.kind, token.text) for token in tokens(text)]
    assert kinds == [("link", "[[body:a]]"), ("near-link", "[[Body:e]]")]
    expanded = expand(text, lambda match: "LINK", lambda match: "BLOCK")
    assert expanded == text.replace("[[body:a]]", "LINK", 1)


def test_a_marker_split_over_two_lines_is_never_expanded():
    from clystyrau.model.pagetext import expand

    text = "[[body:hb-\npowys]]"
    assert expand(text, lambda match: "LINK", lambda match: "BLOCK") == text


def test_https_in_capitals_is_accepted(tmp_path):
    project = make_project(tmp_path)
    edit(project / "data" / "bodies.yaml", 'website: "https://www.gov.wales/"', 'website: "HTTPS://www.gov.wales/"')
    result = run_check(project)
    assert result.returncode == 0, result.stderr


def test_the_check_reports_the_same_in_process(tmp_path, capsys):
    """What tests/test_bad_input.py will see when it runs the corpus in-process."""
    from clystyrau.check import main

    project = make_project(tmp_path)
    (project / "data" / "bodies.yaml").write_text(BOMB, encoding="utf-8")
    for _ in range(2):  # twice: nothing is left over from the first run
        assert main([str(project)]) == 1
        assert "data/bodies.yaml:2:8: the YAML alias '*a' is not allowed" in capsys.readouterr().err


def test_an_unforeseen_error_is_one_line_asking_for_a_report(tmp_path, monkeypatch, capsys):
    from clystyrau import check
    from clystyrau.checks import loader as site

    def broken(*args, **kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(check, "load_site", broken)
    assert check.main([str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Unexpected error while checking the data: ZeroDivisionError: division by zero")
    assert "please report it" in err and "Traceback" not in err
    assert site.load_site is not broken


def test_mkdocs_extra_is_checked_like_the_data(tmp_path):
    """mkdocs.yml is not in the corpus's reach (it lays data/ and docs/ only), so it is tested here."""
    project = make_project(tmp_path)
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    config["extra"] = {"alternate": [{"name": "<img src=x onerror=alert(1)>", "link": "javascript:alert(1)",
                                      "lang": "cy"}]}
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = run_check(project)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    name_message = "field 'extra.alternate[0].name': '<img src=x onerror=alert(1)>' contains markup"
    link_message = "field 'extra.alternate[0].link': the address 'javascript:alert(1)' does not start with https://"
    assert any(line.startswith("mkdocs.yml:") and name_message in line for line in lines), result.stderr
    assert any(line.startswith("mkdocs.yml:") and link_message in line for line in lines), result.stderr


def test_a_month_then_its_year_is_not_an_end_before_the_start(tmp_path):
    project = make_project(tmp_path)
    edit(project / "data" / "bodies.yaml", 'established: "1999"', 'established: "2009-10"\n  ended: "2009"')
    result = run_check(project)
    assert result.returncode == 0, result.stderr
    edit(project / "data" / "bodies.yaml", 'ended: "2009"', 'ended: "2009-09"')
    result = run_check(project)
    assert "record 'welsh-government', field 'ended': the body ends before it was established" in result.stderr


def test_staged_output_publishes_whole_and_clears_what_a_killed_build_left(tmp_path):
    from clystyrau.output import StagedOutput

    final = tmp_path / "site"
    final.mkdir()
    (final / "old.html").write_text("old", encoding="utf-8")
    left = tmp_path / ".site.building-999999999"  # no such process
    left.mkdir()
    stage = StagedOutput(final)
    staging = stage.start()
    assert not left.exists() and staging.parent == tmp_path and staging.name.startswith(".site.building-")
    (staging / "new.html").write_text("new", encoding="utf-8")
    assert (final / "old.html").exists()  # nothing changes before publish
    stage.publish()
    assert sorted(path.name for path in final.iterdir()) == ["new.html"]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["site"]
    stage.discard()  # after publishing, discarding is harmless
    assert (final / "new.html").exists()


def test_a_marker_in_a_code_block_is_neither_checked_nor_expanded_in_a_build(tmp_path):
    project = make_project(tmp_path)
    for lang in ("cy", "en"):
        with (project / "docs" / lang / "guide" / "planning.md").open("a", encoding="utf-8") as handle:
            handle.write("\n```\n[[body:no-such-body]] <!-- chart: none --> <script>x</script>\n```\n"
                         "\nWrite `[[body:ID]]`.\n")
    assert run_check(project).returncode == 0
    result = run_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-2000:]
    html = (tmp_path / "site" / "en" / "guide" / "planning" / "index.html").read_text(encoding="utf-8")
    assert "[[body:no-such-body]] &lt;!-- chart: none --&gt; &lt;script&gt;x&lt;/script&gt;" in html
    assert "<code>[[body:ID]]</code>" in html
