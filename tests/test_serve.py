"""`mkdocs serve` rebuilds when data/, docs/ or hooks/ change, and a bad edit
while serving is reported with its file and line (MkDocs then holds requests
until the build works again) and the site comes back once it is mended.

One real `mkdocs serve` of the fixture project, on a free local port; the
test edits files in its folders and polls the served pages.
"""

from __future__ import annotations


def test_serve_rebuilds_on_data_docs_and_hook_changes_and_survives_a_bad_edit(served):
    project, server = served
    bodies = project / "data" / "bodies.yaml"
    original = bodies.read_text(encoding="utf-8")

    # data/: a record's name changes on its page
    edited = original.replace('name: {cy: "Senedd Cymru",', 'name: {cy: "Senedd Cymru Newydd",', 1)
    assert edited != original
    assert "Senedd Cymru Newydd" not in server.get("bodies/senedd/")
    bodies.write_text(edited, encoding="utf-8")
    server.wait_for("bodies/senedd/", lambda page: "Senedd Cymru Newydd" in page, "the edited record")

    # docs/: an authored page changes
    home = project / "docs" / "en" / "index.md"
    home.write_text(home.read_text(encoding="utf-8") + "\n\nServed-edit paragraph.\n", encoding="utf-8")
    server.wait_for("en/", lambda page: "Served-edit paragraph." in page, "the edited handbook page")

    # hooks/: the hooks are loaded again, so what a changed hook does shows
    labels = project / "hooks" / "ui_labels.py"
    labels.write_text(labels.read_text(encoding="utf-8") + """

_first_on_config = on_config


@event_priority(-110)
def on_config(config):
    config = _first_on_config(config)
    config["site_name"] = "Hook edited while serving"
    return config
""", encoding="utf-8")
    server.wait_for("en/", lambda page: "<title>Hook edited while serving" in page or
                    "- Hook edited while serving</title>" in page, "the edited hook's output")

    # a broken edit: the error names file, line, record and field, with no traceback
    good = bodies.read_text(encoding="utf-8")
    mark = len(server.log)
    bodies.write_text(good.replace("- id: senedd\n", "- id: senedd\n  id: senedd\n", 1), encoding="utf-8")
    server.wait_for_log("data/bodies.yaml:26:3: record 'senedd', field 'id'", after=mark)
    assert "Traceback" not in "".join(server.log[mark:])

    # mended: served again, with the edit that was good
    bodies.write_text(good.replace('"Senedd Cymru Newydd"', '"Senedd Cymru Eto"', 1), encoding="utf-8")
    server.wait_for("bodies/senedd/", lambda page: "Senedd Cymru Eto" in page, "the mended record")
