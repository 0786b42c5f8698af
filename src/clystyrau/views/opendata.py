"""Open data and machine-readable views of the records.

- `open_data_files(site)`: the records as JSON (both languages in one file,
  exactly the schema's shape, so a download validates against the published
  schema) and as CSV per language, the glossary likewise, and the schemas.
- `body_jsonld(site, body_id, lang)`: schema.org metadata for a record page.
"""

from __future__ import annotations

import csv
import io
import json
from importlib import resources

from ..model.records import LANGUAGES, Site
from .markdown import unmarked

OPEN_DATA_FOLDER = "open-data"


class _CsvWriter:
    """csv.writer whose cells cannot start a spreadsheet formula.

    A cell starting with = + - @ (or a tab or carriage return) is run as a
    formula by Excel, LibreOffice and Google Sheets (=HYPERLINK(...) reaches the
    network): OWASP's advice is to prefix it with an apostrophe, which those
    programs show as text.
    """

    def __init__(self, buffer):
        self._writer = csv.writer(buffer, lineterminator="\n")

    def writerow(self, row) -> None:
        self._writer.writerow([neutral_cell(cell) for cell in row])


def neutral_cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _json(value) -> str:
    """Strict JSON: NaN and Infinity are refused (the data check rejects them first)."""
    return json.dumps(value, ensure_ascii=False, indent=1, allow_nan=False)


def _records(site: Site) -> list[dict]:
    return [site.bodies[body_id] for body_id in site.bodies]


def _plain(text: str, site: Site | None = None, lang: str = "en") -> str:
    """Text without its [[en:...]] language marks (markers.LANGUAGE_RUN) and with each [[source:ID]]
    citation as the document's short title: the CSV and JSON-LD are not HTML."""
    labels = {doc_id: doc["short"][lang] for doc_id, doc in site.sources.items()} if site else None
    return unmarked(text, labels)


def website_for(body: dict, lang: str) -> str:
    """A body's website in one language: one address for both, or one per language; "" if none."""
    website = body.get("website", "")
    return website[lang] if isinstance(website, dict) else website


def bodies_csv(site: Site, lang: str) -> str:
    """One row per body in one language; relations and sources flattened into cells."""
    buffer = io.StringIO()
    writer = _CsvWriter(buffer)
    writer.writerow(["id", "type", "name", "short", "summary", "role", "established", "ended", "legal_basis",
                     "website", "relations", "sources", "reviewed"])
    for body in _records(site):
        writer.writerow([
            body["id"], body["type"], body["name"][lang], body.get("short", {}).get(lang, ""),
            _plain(body["summary"][lang], site, lang), _plain(body.get("role", {}).get(lang, ""), site, lang),
            body.get("established", ""), body.get("ended", ""),
            _plain(body.get("legal_basis", {}).get(lang, ""), site, lang), website_for(body, lang),
            "; ".join(f"{r['kind']} {r['target']}" + (f" ({r['basis']})" if r.get("basis") else "")
                      for r in body.get("relations", [])),
            "; ".join(_source_text(s, lang) for s in body["sources"]),
            body["reviewed"],
        ])
    return buffer.getvalue()


def glossary_csv(site: Site, lang: str) -> str:
    """One row per glossary entry, with the other language's term and acronym beside it."""
    other = next(code for code in LANGUAGES if code != lang)
    buffer = io.StringIO()
    writer = _CsvWriter(buffer)
    writer.writerow(["id", "term", "acronym", f"term_{other}", f"acronym_{other}", "definition", "variants", "body",
                     "sources", "reviewed"])
    for entry in site.glossary.values():
        writer.writerow([
            entry["id"], entry["term"][lang], entry.get("acronym", {}).get(lang, ""), entry["term"][other],
            entry.get("acronym", {}).get(other, ""), _plain(entry["definition"][lang], site, lang),
            "; ".join(entry.get("variants", {}).get(lang, [])), entry.get("body", ""),
            "; ".join(_source_text(s, lang) for s in entry["sources"]), entry["reviewed"],
        ])
    return buffer.getvalue()


def _source_text(source: dict, lang: str) -> str:
    if "doc" in source:
        return f"doc {source['doc']}" + (f": {source['section']}" if source.get("section") else "")
    return source["url"]


def _open_data(site: Site) -> dict:
    """{path under the site root: how to make its content} for every download, in the listed order."""
    def schema(name):
        return lambda: (resources.files("clystyrau") / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8")

    files = {
        f"{OPEN_DATA_FOLDER}/bodies.json": lambda: _json(_records(site)),
        f"{OPEN_DATA_FOLDER}/glossary.json": lambda: _json(list(site.glossary.values())),
    }
    for lang in LANGUAGES:
        files[f"{OPEN_DATA_FOLDER}/bodies-{lang}.csv"] = lambda lang=lang: bodies_csv(site, lang)
        files[f"{OPEN_DATA_FOLDER}/glossary-{lang}.csv"] = lambda lang=lang: glossary_csv(site, lang)
    for name in ("common", "bodies", "glossary"):
        files[f"{OPEN_DATA_FOLDER}/{name}.schema.json"] = schema(name)
    return files


def open_data_paths() -> list[str]:
    """The path under the site root of every download, without making any."""
    return list(_open_data(None))


def open_data_files(site: Site) -> dict[str, str]:
    """{path under the site root: content} for every download."""
    return {path: make() for path, make in _open_data(site).items()}


def body_jsonld(site: Site, body_id: str, lang: str) -> str:
    """schema.org JSON-LD for a record page, safe to place inside <script>."""
    body = site.bodies[body_id]
    data = {
        "@context": "https://schema.org",
        "@type": ("GovernmentOrganization" if body["type"] not in ("third-sector", "representative-body")
                  else "Organization"),
        "identifier": body_id,
        "name": body["name"][lang],
        "description": _plain(body["summary"][lang], site, lang),
        "inLanguage": lang,
    }
    other = [code for code in LANGUAGES if code != lang]
    alternates = [body["name"][code] for code in other if body["name"][code] != body["name"][lang]]
    if "short" in body:
        alternates.append(body["short"][lang])
    if alternates:
        data["alternateName"] = alternates
    if "website" in body:
        data["sameAs"] = website_for(body, lang)
    if "established" in body:
        data["foundingDate"] = body["established"]
    if "ended" in body:
        data["dissolutionDate"] = body["ended"]
    parents = [site.bodies[r.target]["name"][lang] for r in site.outgoing.get(body_id, [])
               if r.kind in ("part-of", "accountable-to")]
    if parents:
        data["parentOrganization"] = [{"@type": "Organization", "name": name} for name in parents]
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # Never let record text close the <script> element or open a comment.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
