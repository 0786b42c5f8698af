"""Generated Welsh that obeys Welsh grammar (issue 14): labels that agree with the
gender of a body's name, mutated names in handbook pages, Welsh website
addresses on Welsh pages, and lists of councils ordered by their place name."""

from __future__ import annotations

import re
from html import unescape

import pytest
import yaml

from clystyrau.checks.loader import load_site
from clystyrau.model import grammar
from clystyrau.model.collation import sort_key, sort_name
from clystyrau.views import pages as render
from conftest import ROOT, make_project, run_check


def page(site, lang, path):
    return site / ("" if lang == "cy" else "en") / path / "index.html"


def headings(html: str) -> list[str]:
    """The text of every h2 and h3, without its permalink."""
    texts = re.findall(r"<h[23][^>]*>(.*?)</h[23]>", html, re.S)
    return [unescape(re.sub(r"<[^>]+>", "", re.sub(r'<a class="headerlink".*?</a>', "", text))).strip()
            for text in texts]


@pytest.fixture(scope="module")
def real():
    return load_site(ROOT)


# ---------------------------------------------------------------------------
# Gender


@pytest.mark.parametrize("name, gender", [
    ("Bwrdd Iechyd Prifysgol Hywel Dda", "m"),
    ("Gweithrediaeth GIG Cymru", "f"),
    ("Ymddiriedolaeth GIG Prifysgol Felindre", "f"),
    ("Arolygiaeth Gofal Cymru", "f"),
    ("Cynghorau Iechyd Cymuned", "pl"),
    ("Y Rhaglen Strategol ar gyfer Gofal Sylfaenol", "f"),
    ("Y Gymdeithas Feddygol Brydeinig", "f"),  # mutated after the article
    ("Estyn", None),
])
def test_gender_comes_from_the_head_noun(name, gender):
    assert grammar.infer_gender(name) == gender


def test_a_feminine_record_page_refers_back_in_the_feminine(fixture_site):
    # Llywodraeth Cymru (f): hb-powys is accountable to it, a handbook page mentions it.
    html = page(fixture_site, "cy", "bodies/welsh-government").read_text(encoding="utf-8")
    found = headings(html)
    assert "Cyrff sy'n atebol iddi" in found and "Tudalennau'r llawlyfr sy'n sôn amdani" in found
    assert not {"Cyrff sy'n atebol iddo", "Tudalennau'r llawlyfr sy'n sôn amdano"} & set(found)


def test_a_masculine_record_page_refers_back_in_the_masculine(fixture_site):
    board = headings(page(fixture_site, "cy", "bodies/rpb-powys").read_text(encoding="utf-8"))
    assert "Ei aelodau" in board and "Ei haelodau" not in board
    health_board = headings(page(fixture_site, "cy", "bodies/hb-powys").read_text(encoding="utf-8"))
    assert "Tudalennau'r llawlyfr sy'n sôn amdano" in health_board


def test_labels_that_refer_back_to_a_body_have_a_form_per_gender():
    strings = yaml.safe_load((ROOT / "data" / "strings.yaml").read_text(encoding="utf-8"))
    pronoun = re.compile(r"\b(iddo|amdano|ag ef|gydag ef"
                         r"|[Ee]i (rannau|aelodau|ardal|letya|gynrychioli|reoleiddio|ariannu)"
                         r"|[Ww]edi'i ddisodli)\b")
    plain = [key for key, value in strings.items() if isinstance(value["cy"], str) and pronoun.search(value["cy"])]
    assert not plain, f"labels that refer back to a body with one form only: {plain}"


# Masculine back-references, and the forms a feminine or plural body needs instead.
MASCULINE = ["Cyrff sy'n atebol iddo", "Ei rannau", "Yn cael ei letya gan", "Ei aelodau", "Cyrff sy'n cwmpasu ei ardal",
             "Yn cael ei gynrychioli gan", "Cyrff sy'n ymgynghori ag ef", "Cyrff sy'n gweithio gydag ef",
             "Wedi'i ddisodli gan", "Yn cael ei reoleiddio gan", "Yn cael ei ariannu gan", "sôn amdano"]


def test_no_welsh_record_page_of_the_real_site_refers_to_a_feminine_or_plural_body_as_masculine(real):
    checked = 0
    for body_id in real.bodies:
        if real.gender(body_id) == "m":
            continue
        markdown = render.render_body_page(real, body_id, "cy")
        own = [line for line in markdown.splitlines() if line.startswith("#")]
        wrong = [line for line in own for text in MASCULINE if text in line]
        assert not wrong, f"{body_id} ({real.gender(body_id)}): {wrong}"
        checked += 1
    assert checked > 40  # the real site has many feminine and plural bodies


def test_a_welsh_name_of_unknown_gender_is_a_check_error(tmp_path):
    project = make_project(tmp_path)
    path = project / "data" / "bodies.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        'name: {cy: "Bwrdd Partneriaeth Rhanbarthol Powys"', 'name: {cy: "Cwmpas Powys"'), encoding="utf-8")
    result = run_check(project)
    assert result.returncode == 1
    assert ("record 'rpb-powys', field 'name': "
            "the grammatical gender of the Welsh name 'Cwmpas Powys' is not known") in result.stderr
    assert "add `gender: m`, `gender: f` or `gender: pl`" in result.stderr
    path.write_text(path.read_text(encoding="utf-8").replace(
        '  name: {cy: "Cwmpas Powys"', '  gender: m\n  name: {cy: "Cwmpas Powys"'), encoding="utf-8")
    assert run_check(project).returncode == 0


# ---------------------------------------------------------------------------
# Mutation


@pytest.mark.parametrize("name, mutation, expected", [
    ("Gofal Sylfaenol Un", "soft", "Ofal Sylfaenol Un"),
    ("Llywodraeth Cymru", "soft", "Lywodraeth Cymru"),
    ("Cyngor Sir Powys", "nasal", "Nghyngor Sir Powys"),
    ("Cyngor Sir Powys", "aspirate", "Chyngor Sir Powys"),
    ("Bwrdd Iechyd Addysgu Powys", "aspirate", "Bwrdd Iechyd Addysgu Powys"),  # b has no aspirate mutation
    ("Rhwydwaith Cydgynhyrchu Cymru", "soft", "Rwydwaith Cydgynhyrchu Cymru"),
    # the article changes instead
    ("Y Bwrdd Gofal Sylfaenol Cenedlaethol", "soft", "Y Bwrdd Gofal Sylfaenol Cenedlaethol"),
    ("GIG Cymru", "soft", "GIG Cymru"),  # an acronym
])
def test_names_mutate_by_the_table(name, mutation, expected):
    assert grammar.mutated_name({"name": {"cy": name, "en": "x"}}, mutation) == expected


def test_english_names_and_names_marked_unmutated_keep_their_form():
    english = {"name": {"cy": "Community Catalysts", "en": "x", "cy_lang": "en"}}
    assert grammar.mutated_name(english, "soft") == "Community Catalysts"
    unmutated = {"name": {"cy": "Gofal Sylfaenol Un", "en": "x"}, "mutate": False}
    assert grammar.mutated_name(unmutated, "soft") == "Gofal Sylfaenol Un"


def test_mutated_insertions_on_a_fixture_page(fixture_site):
    html = page(fixture_site, "cy", "guide/names").read_text(encoding="utf-8")
    for text in ("o <a href=\"../../bodies/welsh-government/\">Lywodraeth Cymru</a>",
                 "i <a href=\"../../bodies/hb-powys/\">Fwrdd Iechyd Addysgu Powys</a>",
                 "yng <a href=\"../../bodies/la-powys/\">Nghyngor Sir Powys</a>",
                 "a <a href=\"../../bodies/la-powys/\">Chyngor Sir Powys</a>",
                 'gan <a href="../../bodies/bevan-commission/"><span lang="en">Bevan Commission</span></a>',
                 "mae <a href=\"../../bodies/welsh-government/\">Llywodraeth Cymru</a>",
                 "o <a href=\"../../bodies/rpb-powys/\">Fwrdd Partneriaeth Rhanbarthol Powys</a>"):
        assert text in html, text
    english = page(fixture_site, "en", "guide/names").read_text(encoding="utf-8")
    assert ">Welsh Government</a>" in english and ">Powys County Council</a>" in english  # English never mutates


def test_an_unmutated_name_after_a_mutating_word_warns_but_does_not_fail(tmp_path):
    project = make_project(tmp_path)
    welsh = project / "docs" / "cy" / "guide" / "planning.md"
    welsh.write_text(welsh.read_text(encoding="utf-8")
                     + "\nMae'r arian yn dod o\n[[body:welsh-government]] ac o [[body:bevan-commission]].\n",
                     encoding="utf-8")
    result = run_check(project)
    assert result.returncode == 0, result.stderr
    assert "(the build goes on):" in result.stdout
    assert ("docs/cy/guide/planning.md:11:1: 'o [[body:welsh-government]]' prints the name unmutated after 'o'"
            in result.stdout)
    assert "write [[body:welsh-government|soft]] for the soft mutation" in result.stdout
    assert "[[body:bevan-commission]]' prints" not in result.stdout  # an English name does not mutate


def test_an_unknown_link_form_is_an_error(tmp_path):
    project = make_project(tmp_path)
    welsh = project / "docs" / "cy" / "guide" / "planning.md"
    welsh.write_text(welsh.read_text(encoding="utf-8") + "\no [[body:welsh-government|soft,nasal]]\n", encoding="utf-8")
    result = run_check(project)
    assert result.returncode == 1 and "unknown link form '|soft,nasal'" in result.stderr


def test_the_real_welsh_pages_ask_for_every_mutation_they_need(real):
    assert not real.warnings, "\n".join(str(warning) for warning in real.warnings)


# ---------------------------------------------------------------------------
# Welsh website addresses


def test_welsh_pages_link_the_welsh_website_and_english_pages_the_english(tmp_path):
    project = make_project(tmp_path)
    path = project / "data" / "bodies.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        'website: "https://www.gov.wales/"', 'website: {cy: "https://www.llyw.cymru/", en: "https://www.gov.wales/"}'),
        encoding="utf-8")
    site = load_site(project, use_cache=False)
    welsh = render.render_body_page(site, "welsh-government", "cy")
    english = render.render_body_page(site, "welsh-government", "en")
    assert "(https://www.llyw.cymru/)" in welsh and "gov.wales" not in welsh
    assert "(https://www.gov.wales/)" in english and "llyw.cymru" not in english


def test_a_website_per_language_needs_both_languages(tmp_path):
    project = make_project(tmp_path)
    path = project / "data" / "bodies.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        'website: "https://www.gov.wales/"', 'website: {cy: "https://www.llyw.cymru/"}'), encoding="utf-8")
    result = run_check(project)
    assert result.returncode == 1
    assert ("record 'welsh-government', field 'website': "
            "a website per language needs both 'cy' and 'en'; 'en' is missing") in result.stderr


def test_the_real_site_sends_welsh_readers_to_welsh_addresses(real):
    for body_id, welsh_address, english_address in [("welsh-government", "https://www.llyw.cymru/", "https://www.gov.wales/"),
                                                    ("estyn", "https://www.estyn.llyw.cymru/", "https://www.estyn.gov.wales/")]:
        assert f"]({welsh_address})" in render.render_body_page(real, body_id, "cy")
        assert f"]({english_address})" in render.render_body_page(real, body_id, "en")
    # The open data keeps both addresses; each language's CSV and JSON-LD the page's own.
    import csv
    import io

    from clystyrau.views import opendata

    for lang, address in (("cy", "https://www.llyw.cymru/"), ("en", "https://www.gov.wales/")):
        rows = {row["id"]: row for row in csv.DictReader(io.StringIO(opendata.bodies_csv(real, lang)))}
        assert rows["welsh-government"]["website"] == address


# ---------------------------------------------------------------------------
# Order of areas


def _listed(markdown: str, heading: str) -> list[str]:
    part = markdown.split(heading, 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^- \[[^\]]*\]\(([^)]*)\.md\)", part, re.M)


def test_councils_are_listed_by_their_place_name_in_both_languages(real):
    welsh = _listed(render.render_areas_index(real, "cy"), "## Yn ôl awdurdod lleol")
    english = _listed(render.render_areas_index(real, "en"), "## By local authority")
    assert welsh.index("la-torfaen") < welsh.index("la-wrexham") < welsh.index("la-isle-of-anglesey")
    assert welsh.index("la-swansea") < welsh.index("la-blaenau-gwent") < welsh.index("la-cardiff")
    assert welsh.index("la-monmouthshire") > welsh.index("la-rhondda-cynon-taf")  # Sir Fynwy files under S
    assert english.index("la-torfaen") < english.index("la-vale-of-glamorgan") < english.index("la-wrexham")
    for order, lang in ((welsh, "cy"), (english, "en")):
        keys = [sort_key(sort_name(real.bodies[body_id], lang), lang) for body_id in order]
        assert keys == sorted(keys), lang
    boards = _listed(render.render_areas_index(real, "cy"), "## Yn ôl bwrdd iechyd")
    assert boards.index("hb-hywel-dda") < boards.index("hb-powys")  # not first because of "Addysgu"


def test_sort_names_drop_the_generic_words():
    council = {"type": "local-authority",
               "name": {"cy": "Cyngor Bwrdeistref Sirol Wrecsam", "en": "Wrexham County Borough Council"}}
    assert sort_name(council, "cy") == "Wrecsam" and sort_name(council, "en") == "Wrexham"
    given = dict(council, sort={"cy": "Sir Fynwy", "en": "Monmouthshire"})
    assert sort_name(given, "cy") == "Sir Fynwy"
    other = {"type": "third-sector", "name": {"cy": "Cyngor Gweithredu Gwirfoddol Cymru", "en": "x"}}
    assert sort_name(other, "cy") == "Cyngor Gweithredu Gwirfoddol Cymru"


def test_type_links_take_the_mutation_forms_too(real):
    from clystyrau.views.shortcodes import expand_markers

    welsh = expand_markers(real, "cy", "x.md", "o [[type:health-board|lower,soft]] a [[type:regulator|lower,aspirate]]")
    assert welsh.startswith("o [fyrddau iechyd](types/health-board.md) a [rheoleiddwyr")
    assert expand_markers(real, "en", "x.md", "[[type:health-board|lower,soft]]").startswith("[health boards]")
