"""The edit loop (issue 17): under `mkdocs serve`, saving a record, a glossary entry or a
handbook page shows the change, also on the other pages it reaches, although serve keeps
what did not change between rebuilds (hooks/serve_cache.py and the caches it feeds); a bad
edit is reported with its file and line, never a traceback, and a warning is reported on
every rebuild, not only on the one that first met it (a page that warned is never cached).

One real `mkdocs serve` of the fixture project (conftest's Server and `served`). How quick
the loop is, is measured by `./run bench --reader`, not here: no timed assertions.
"""

from __future__ import annotations

import re


def edit(path, old: str, new: str) -> str:
    """Replace one occurrence in a file; return the file's text before the edit."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text


def without_reload_epoch(page: str) -> str:
    """The page less the build counter serve's live-reload script carries."""
    return re.sub(r"livereload\(\d+, \d+\)", "livereload()", page)


def test_record_glossary_and_page_edits_show_on_every_page_they_reach(served):
    project, server = served
    data, docs = project / "data", project / "docs" / "en"
    assert "Welsh Parliament" in server.get("en/")  # the home page links [[body:senedd]]
    search_entry = server.get("en/pagefind/pagefind-entry.json")  # names the index by its hash

    # A record: its own page and the handbook page that links to it (its Markdown changed, not its file)
    edit(data / "bodies.yaml", 'en: "Welsh Parliament"}', 'en: "Welsh Parliament Renamed"}')
    server.wait_for("en/bodies/senedd/", lambda page: "Welsh Parliament Renamed" in page, "the edited record")
    server.wait_for("en/", lambda page: "Welsh Parliament Renamed" in page, "the record's new name on the home page")
    assert "Welsh Parliament Renamed" in server.get("en/types/legislature/")  # the type's index
    # Search is indexed again after the reload (serve runs Pagefind in the background), not never
    server.wait_for("en/pagefind/pagefind-entry.json", lambda entry: entry != search_entry, "search catching up")

    # A glossary entry: the glossary and the page whose [[term:rpb]] shows the term
    edit(data / "glossary.yaml", 'en: "Regional Partnership Board"}', 'en: "Regional Partnership Council"}')
    server.wait_for("en/glossary/", lambda page: "Regional Partnership Council" in page, "the edited glossary entry")
    server.wait_for("en/", lambda page: "Regional Partnership Council" in page, "the term's new name on a page")

    # A handbook page; the pages it did not touch are served as before
    before = without_reload_epoch(server.get("en/guide/names/"))
    edit(docs / "guide" / "planning.md", "# Planning\n", "# Planning\n\nA paragraph saved while serving.\n")
    server.wait_for("en/guide/planning/", lambda page: "A paragraph saved while serving." in page, "the edited page")
    assert without_reload_epoch(server.get("en/guide/names/")) == before

    # Its title is in the navigation of every page
    edit(docs / "guide" / "planning.md", "title: Planning\n", "title: Planning Retitled\n")
    server.wait_for("en/guide/names/", lambda page: "Planning Retitled" in page, "the new title in another page's nav")


def test_bad_edits_are_reported_and_mended_while_serving(served):
    project, server = served
    data, page = project / "data", project / "docs" / "en" / "index.md"

    # A glossary entry without its English term: file, line, record and field; no traceback
    mark = len(server.log)
    glossary = edit(data / "glossary.yaml", 'term: {cy: "Cymru", en: "Wales"}', 'term: {cy: "Cymru"}')
    server.wait_for_log("record 'cymru', field 'term'", after=mark)
    assert any("data/glossary.yaml:24:" in line for line in server.log[mark:])
    (data / "glossary.yaml").write_text(glossary, encoding="utf-8")

    # A page linking a record that does not exist
    mark = len(server.log)
    good_page = edit(page, "[[body:senedd]]", "[[body:no-such-body]]")
    server.wait_for_log("docs/en/index.md:9:", after=mark)
    server.wait_for_log("'no-such-body', which is not an id in data/bodies.yaml", after=mark)
    page.write_text(good_page, encoding="utf-8")
    server.wait_for("en/", lambda html: "Welsh Parliament" in html, "the mended page")

    # A link to a page that does not exist is a strict-mode warning: reported on this rebuild
    # and again on the next, caused by an edit elsewhere (the page's conversion was not kept)
    mark = len(server.log)
    edit(page, "# Welcome to Clusters in Wales\n", "# Welcome to Clusters in Wales\n\n[Gone](gone.md)\n")
    server.wait_for_log("gone.md", after=mark)
    server.wait_for_log("Aborted with", after=mark)
    mark = len(server.log)
    edit(data / "bodies.yaml", 'en: "Welsh Parliament"}', 'en: "Welsh Parliament Again"}')
    server.wait_for_log("gone.md", after=mark)
    server.wait_for_log("Aborted with", after=mark)
    page.write_text(good_page, encoding="utf-8")
    server.wait_for("en/", lambda html: "Welsh Parliament Again" in html and "gone.md" not in html, "the mended site")
    assert "Traceback" not in "".join(server.log)
