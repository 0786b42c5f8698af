"""Rules about text and addresses: safe web addresses, real dates, marks in record text, plain labels,
and what mkdocs.yml hands the theme."""

from __future__ import annotations

import datetime
import re
from typing import Any
from urllib.parse import urlsplit

import yaml

from ..model.markers import LANGUAGE_RUN, SOURCE_MARK
from ..model.problems import Problem
from ..model.text import look_alikes
from .context import Context
from .yamlio import load_yaml

_UNSAFE_URL_CHARACTERS = re.compile(r"[\s\"'<>`\\{}|^]")


def url_problem(value: str) -> tuple[str, str] | None:
    """(message, hint) when a web address is not a plain https:// address a reader can trust."""
    # Invisible and direction-changing characters are refused in every text already.
    parts = urlsplit(value)
    if parts.scheme.lower() != "https":
        return (f"the address {value!r} does not start with https://",
                "use the site's https:// address; other schemes (http, javascript, data) are not allowed")
    try:
        hostname, username, password = parts.hostname, parts.username, parts.password
    except ValueError:
        hostname, username, password = None, None, None
    if hostname and not hostname.isascii():
        return (f"the address {value!r} has letters from another alphabet in its host: {look_alikes(hostname)}",
                "type the host again in Latin letters; an international address is written in its xn-- form")
    if _UNSAFE_URL_CHARACTERS.search(value) or username or password or not hostname or "." not in hostname:
        return (f"the address {value!r} is not a plain web address",
                "remove spaces, quotes, angle brackets and user names; copy the address from the browser bar")
    return None

def safe_urls(context: Context) -> list[Problem]:
    """Web addresses are https, have a real host, and carry nothing a browser could run."""
    problems = []
    for name in ("bodies.yaml", "glossary.yaml"):
        loaded = context.loaded.get(name)
        for path, value in _walk_urls(context, name):
            if not isinstance(value, str):
                continue
            found = url_problem(value)
            if found:
                problems.append(loaded.problem(path, *found))
    return problems

def _walk_urls(context: Context, name: str):
    """(path, url) for every website and source url in a file."""
    for index, record in context.records(name):
        website = record.get("website")
        if isinstance(website, dict):
            for lang, url in website.items():
                yield (index, "website", lang), url
        elif website is not None:
            yield (index, "website"), website
        sources = record.get("sources")
        for number, source in enumerate(sources if isinstance(sources, list) else []):
            if isinstance(source, dict) and "url" in source:
                yield (index, "sources", number, "url"), source["url"]
        facts = record.get("facts")
        for number, fact in enumerate(facts if isinstance(facts, list) else []):
            if isinstance(fact, dict) and isinstance(fact.get("source"), dict) and "url" in fact["source"]:
                yield (index, "facts", number, "source", "url"), fact["source"]["url"]

def sensible_dates(context: Context) -> list[Problem]:
    """Dates exist on the calendar, reviews are not in the future, and nothing ends before it starts."""
    problems = []
    for name in ("bodies.yaml", "glossary.yaml"):
        loaded = context.loaded.get(name)
        for index, record in context.records(name):
            parsed = {}
            for key in ("established", "ended", "reviewed"):
                value = record.get(key)
                if isinstance(value, str) and re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
                    parts = [int(p) for p in value.split("-")] + [1, 1]
                    try:
                        parsed[key] = datetime.date(*parts[:3])
                    except ValueError:
                        problems.append(loaded.problem((index, key), f"{value} is not a real date",
                                                       "check the day and month"))
            if "reviewed" in parsed and parsed["reviewed"] > context.today:
                problems.append(loaded.problem((index, "reviewed"),
                                               f"the review date {record['reviewed']} is in the future",
                                               "use the date you checked the record "
                                               f"(today is {context.today.isoformat()})"))
            if "established" in parsed and parsed["established"] > context.today:
                problems.append(loaded.problem((index, "established"),
                                               f"the body is established in the future ({record['established']})",
                                               "give the date it was set up; "
                                               "a body that is only proposed is described in its summary"))
            # "2009-10" then "2009": the end may be any day of 2009, so compare the
            # latest day the end can mean with the earliest the start can.
            if "established" in parsed and "ended" in parsed and _latest(record["ended"]) < parsed["established"]:
                problems.append(loaded.problem((index, "ended"), "the body ends before it was established",
                                               "check both dates"))
    return problems

def _latest(value: str) -> datetime.date:
    """The last day a "YYYY", "YYYY-MM" or "YYYY-MM-DD" date can mean."""
    parts = [int(part) for part in value.split("-")]
    if len(parts) == 1:
        return datetime.date(parts[0], 12, 31)
    if len(parts) == 2:
        following = datetime.date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
        return following - datetime.timedelta(days=1)
    return datetime.date(*parts)

def language_marks(context: Context) -> list[Problem]:
    """A phrase marked [[en:...]] or [[cy:...]] in record text is closed and not empty, and a
    [[source:ID]] citation names a known document."""
    documents = context.ids("sources.yaml")
    opening = re.compile(r"\[\[(?:en|cy):")
    problems = []
    for name in ("bodies.yaml", "glossary.yaml"):
        loaded = context.loaded.get(name)
        for index, record in context.records(name):
            for path, text in _strings(record, (index,)):
                if len(opening.findall(text)) != len(LANGUAGE_RUN.findall(text)):
                    problems.append(loaded.problem(path, "a [[en:...]] or [[cy:...]] mark is not closed, or is empty",
                                                   "write the phrase as [[en:the English words]]: "
                                                   "two brackets each side"))
                for match in SOURCE_MARK.finditer(text):
                    if match["id"].strip() not in documents:
                        problems.append(loaded.problem(
                            path, f"{match[0]} cites '{match['id'].strip()}', which is not an id in data/sources.yaml",
                            "cite one of the documents: "
                            + ", ".join(f"[[source:{doc}]]" for doc in sorted(documents))))
    return problems

def _strings(value, path: tuple):
    """(path, text) for every string inside a record."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, path + (key,))
    elif isinstance(value, list):
        for number, item in enumerate(value):
            yield from _strings(item, path + (number,))

def plain_labels(context: Context) -> list[Problem]:
    """Interface labels are plain text: the theme puts them into every page's HTML."""
    problems = []
    loaded = context.loaded.get("strings.yaml")
    strings = context.data.get("strings.yaml")
    if loaded is None or not isinstance(strings, dict):
        return problems
    for key, texts in strings.items():
        for lang, text in (texts.items() if isinstance(texts, dict) else []):
            if isinstance(text, str) and _MARKUP.search(text):
                problems.append(loaded.problem((key, lang), f"the label contains markup ({_MARKUP.search(text)[0]!r})",
                                               "labels are plain text: remove the < > or & (write 'and' for &)"))
    return problems

_MARKUP = re.compile(r"[<>]|&#?[A-Za-z0-9]+;")

def safe_config(context: Context) -> list[Problem]:
    """What mkdocs.yml hands the templates is plain text, and its links are pages or https.

    The theme prints `site_name`, `site_description`, `copyright`, each language's
    `name` and anything under `extra` into every page, mostly unescaped.
    """
    path = context.root / "mkdocs.yml"
    if not path.is_file():
        return []
    problems: list[Problem] = []
    try:
        loaded = load_yaml(path, "mkdocs.yml", problems)
    except yaml.YAMLError:  # a tag the safe loader does not know (!ENV ...): MkDocs reads it itself
        return []
    if loaded is None or not isinstance(loaded.data, dict):
        return problems
    config = loaded.data
    places: list[tuple[tuple, Any]] = [((key,), config.get(key))
                                       for key in ("site_name", "site_description", "site_author", "copyright")]
    places.append((("extra",), config.get("extra")))
    places.append((("nav",), config.get("nav")))
    for number, plugin in enumerate(config.get("plugins") or []):
        if isinstance(plugin, dict) and isinstance(plugin.get("i18n"), dict):
            places.append((("plugins", number, "i18n", "languages"), plugin["i18n"].get("languages")))
    stack = list(places)
    while stack:
        where, value = stack.pop()
        if isinstance(value, dict):
            stack += [(where + (key,), item) for key, item in value.items() if key != "theme"]
            # Section titles of nav and nav_translations are keys, printed like values.
            stack += [(where + (key,), key) for key in value if isinstance(key, str) and _MARKUP.search(key)]
        elif isinstance(value, list):
            stack += [(where + (index,), item) for index, item in enumerate(value)]
        elif isinstance(value, str):
            key = where[-1] if isinstance(where[-1], str) else ""
            if _MARKUP.search(value):
                problems.append(loaded.problem(where, f"'{value}' contains markup, which the theme would print as HTML",
                                               "write plain text here (no < > or &...;)"))
            elif key in ("link", "href", "url") or key.endswith("_url"):
                scheme = value.split(":", 1)[0].lower() if ":" in value.split("/", 1)[0] else None
                if scheme is not None and scheme != "https":
                    problems.append(loaded.problem(where, f"the address {value!r} does not start with https://",
                                                   "use a link inside the site (/en/) or an https:// address"))
    return problems
