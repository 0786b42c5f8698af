"""The claims ledger (tests/claims.yaml): checked statements, and the rule on how binding relations are.

Each claim names where the site makes it (a record, glossary entry, handbook
page or chart), the words it uses there, and the line of a source document
that supports it, with a short quoted snippet. The tests fail when

- the ledger is malformed or too small;
- the site no longer says what the claim records (someone reworded it: check
  the claim again), or a corrected error (`was`) has come back;
- a claim about must/should/expected/proposed uses words that do not match
  the strength of the source's own words (rhaid, dylid/dylai, disgwylir, cynigir);
- the cited source line does not contain the quoted evidence. The source
  documents are not in this repository; they are read from ../shared/seeds/
  beside it, the same folder scripts/copied_runs.py uses, and this one test
  is skipped, saying so, where that folder does not exist.

And the rule of issue 13: an accountable-to or consults relation without a
`basis` fails the data check.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from clystyrau.checks import rules
from clystyrau.checks.yamlio import load_yaml
from conftest import ROOT

LEDGER = ROOT / "tests" / "claims.yaml"
SEEDS = ROOT.parent / "shared" / "seeds"
AREAS = {"records", "glossary", "handbook", "charts"}
VERDICTS = {"correct", "corrected"}
# The strength a claim states, the English words the site must use for it,
# and the Welsh words the source must use for it.
# (003's appendices quote English chart text, so the English word also counts there.)
STRENGTHS = {
    "must": (("must", "require", "requirement", "duty", "statutory"),
             ("rhaid", "gofyn", "ofynnol", "dyletswydd", "statudol", "must")),
    "should": (("should",), ("dylid", "dylai", "dylent", "dylen", "should")),
    "expected": (("expected", "expects", "expectation"), ("disgwyl", "expected")),
    "proposed": (("propose", "proposal"), ("cynigir", "proposed")),
}
KEYS = {"id", "area", "where", "says", "says_cy", "source", "evidence", "strength", "verdict", "was", "value"}


def normal(text: str) -> str:
    """Compare text regardless of spacing, case and the kind of apostrophe."""
    return re.sub(r"\s+", " ", text.replace("\u2019", "'").replace("\u2018", "'")).strip().casefold()


def load_ledger() -> list[dict]:
    return yaml.safe_load(LEDGER.read_text(encoding="utf-8"))


CLAIMS = load_ledger()
IDS = [claim.get("id", f"#{number}") for number, claim in enumerate(CLAIMS)]


def scalars(value) -> list[str]:
    """Every text or number inside a record, as text."""
    if isinstance(value, dict):
        return [text for item in value.values() for text in scalars(item)]
    if isinstance(value, list):
        return [text for item in value for text in scalars(item)]
    return [str(value)]


_cache: dict[str, object] = {}


def data_file(name: str):
    if name not in _cache:
        _cache[name] = yaml.safe_load((ROOT / name).read_text(encoding="utf-8"))
    return _cache[name]


def texts_at(where: dict, lang: str) -> list[str]:
    """The texts of the place a claim is made, in one language (pages: the twin in docs/<lang>/)."""
    file = where["file"]
    if file.endswith(".md"):
        path = ROOT / "docs" / lang / file
        return [path.read_text(encoding="utf-8")]
    data = data_file(file)
    if "record" in where:
        records = {record["id"]: record for record in data}
        record = records[where["record"]]
        return [text for text in scalars(record)]
    raise AssertionError(f"claim place {where} names neither a page nor a record")


def test_ledger_structure():
    assert isinstance(CLAIMS, list) and len(CLAIMS) >= 150, "the ledger must list at least 150 checked claims"
    assert len(set(IDS)) == len(IDS), "claim ids must be unique"
    for claim in CLAIMS:
        name = claim.get("id")
        assert isinstance(name, str) and re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name), f"bad id {name!r}"
        assert set(claim) <= KEYS, f"{name}: unknown keys {set(claim) - KEYS}"
        assert claim.get("area") in AREAS, f"{name}: area must be one of {sorted(AREAS)}"
        assert claim.get("verdict") in VERDICTS, f"{name}: verdict must be one of {sorted(VERDICTS)}"
        assert ("was" in claim) == (claim["verdict"] == "corrected"), (
            f"{name}: 'was' goes with verdict 'corrected' only")
        where = claim.get("where")
        assert isinstance(where, dict) and isinstance(where.get("file"), str), f"{name}: 'where' needs a file"
        source = claim.get("source")
        assert isinstance(source, dict) and source.get("doc") in {"000", "001", "002", "003", "004"}, (
            f"{name}: bad source")
        assert isinstance(source.get("line"), int) and source["line"] >= 1, f"{name}: source needs a line number"
        assert isinstance(claim.get("evidence"), str) and len(claim["evidence"]) >= 3, (
            f"{name}: evidence snippet missing")
        if claim["area"] == "charts":
            assert "value" in claim and "chart" in where and "series" in where and "index" in where, (
                f"{name}: chart claims name chart, series, index and value")
        else:
            assert isinstance(claim.get("says"), str) and claim["says"], f"{name}: 'says' (the site's words) missing"
        if "strength" in claim:
            assert claim["strength"] in STRENGTHS, f"{name}: strength must be one of {sorted(STRENGTHS)}"
    for area in AREAS:
        assert sum(claim["area"] == area for claim in CLAIMS) >= 10, f"fewer than 10 claims about {area}"


@pytest.mark.parametrize("claim", CLAIMS, ids=IDS)
def test_the_site_still_says_it(claim):
    where = claim["where"]
    if claim["area"] == "charts":
        charts = {chart["id"]: chart for chart in data_file(where["file"])["charts"]}
        series = {item["id"]: item for item in charts[where["chart"]]["series"]}
        key = where.get("field", "values")
        assert series[where["series"]][key][where["index"]] == claim["value"], (
            f"{claim['id']}: the chart no longer shows {claim['value']}; check the claim again")
        return
    for lang, words in (("en", claim["says"]), ("cy", claim.get("says_cy"))):
        if not words:
            continue
        texts = [normal(text) for text in texts_at(where, lang)]
        assert any(normal(words) in text for text in texts), (
            f"{claim['id']}: {where} no longer says {words!r} ({lang}); check the claim against its source again")
    if "value" in claim:  # a record's figure: the number itself is on the record
        assert str(claim["value"]) in texts_at(where, "en"), f"{claim['id']}: {where} no longer holds {claim['value']}"
    if "was" in claim:
        for lang in ("en", "cy"):
            texts = [normal(text) for text in texts_at(where, lang)]
            assert not any(normal(claim["was"]) in text for text in texts), (
                f"{claim['id']}: the corrected error {claim['was']!r} is back in {where} ({lang})")


@pytest.mark.parametrize("claim", [claim for claim in CLAIMS if "strength" in claim],
                         ids=[claim["id"] for claim in CLAIMS if "strength" in claim])
def test_strength_of_obligation_is_kept(claim):
    english, welsh = STRENGTHS[claim["strength"]]
    assert any(word in normal(claim["says"]) for word in english), (
        f"{claim['id']}: the site's words {claim['says']!r} do not say '{claim['strength']}'")
    assert any(word in normal(claim["evidence"]) for word in welsh), (
        f"{claim['id']}: the source's words {claim['evidence']!r} do not say '{claim['strength']}' ({'/'.join(welsh)})")
    if claim.get("says_cy"):
        assert any(word in normal(claim["says_cy"]) for word in welsh), (
            f"{claim['id']}: the Welsh page's words {claim['says_cy']!r} do not say '{claim['strength']}'")


def source_lines() -> dict[str, list[str]]:
    lines = {}
    for path in sorted(SEEDS.glob("*.txt")):
        lines[path.name[:3]] = path.read_text(encoding="utf-8").splitlines()
    return lines


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"the source documents are not in {SEEDS}")
def test_each_claim_is_in_its_source():
    documents = source_lines()
    assert set(documents) == {"000", "001", "002", "003", "004"}
    missing = []
    for claim in CLAIMS:
        doc, line = claim["source"]["doc"], claim["source"]["line"]
        # The snippet starts on the cited line and may run on to the next two.
        evidence = normal(claim["evidence"])
        window = normal(" ".join(documents[doc][line - 1:line + 2]))
        first = normal(documents[doc][line - 1])
        if evidence not in window or evidence[:12] not in first:
            missing.append(f"{claim['id']}: {doc} line {line} does not contain the start of {claim['evidence']!r}")
    assert not missing, "\n".join(missing)


def relation_problems(tmp_path: Path, text: str) -> list:
    path = tmp_path / "bodies.yaml"
    path.write_text(text, encoding="utf-8")
    problems: list = []
    loaded = load_yaml(path, "data/bodies.yaml", problems)
    assert not problems
    context = rules.Context(root=tmp_path, loaded={"bodies.yaml": loaded}, data={"bodies.yaml": loaded.data}, pages={})
    return rules.relation_basis(context)


def test_every_consults_and_accountable_to_relation_in_the_records_has_a_basis(tmp_path):
    assert relation_problems(tmp_path, (ROOT / "data" / "bodies.yaml").read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("kind", ["consults", "accountable-to"])
def test_a_relation_without_basis_fails_the_check(tmp_path, kind):
    real = (ROOT / "data" / "bodies.yaml").read_text(encoding="utf-8")
    # Take the basis off the first relation of this kind.
    match = re.search(rf"- kind: {kind}\n(\s+)target: (\S+)\n\s+basis: \w+\n\s+basis_source: [^\n]+\n", real)
    assert match, f"no {kind} relation with a basis in data/bodies.yaml"
    broken = real[:match.start()] + f"- kind: {kind}\n{match.group(1)}target: {match.group(2)}\n" + real[match.end():]
    problems = relation_problems(tmp_path, broken)
    assert len(problems) == 1
    problem = problems[0]
    assert problem.file == "data/bodies.yaml" and problem.field.endswith(".kind")
    assert f"this '{kind}' relation must say how binding it is (field 'basis')" in problem.message


def test_a_basis_needs_its_source(tmp_path):
    real = (ROOT / "data" / "bodies.yaml").read_text(encoding="utf-8")
    broken = re.sub(r"\n\s+basis_source: [^\n]+", "", real, count=1)
    problems = relation_problems(tmp_path, broken)
    assert [problem.message for problem in problems] == [
        "the relation gives a 'basis' but not where the source says so"]
