"""Acronyms explain themselves: each known acronym in a page's text becomes a
link to its glossary entry whose title is the expansion in the page's language.

Material's `content.tooltips` feature shows a link's title as a tooltip on
hover and on keyboard focus; on a touch screen the tap opens the glossary
entry. The first use in each section is a link; later uses in the same
section are `<abbr>` with the same title, so a screen reader does not meet
the same link again and again.

This works on the page's HTML (after Markdown), touching only text outside
links, headings, code, existing abbreviations, SVG and scripts.
"""

from __future__ import annotations

import html
import re

from ..model.paths import url_prefix
from ..model.records import Site
from .context import context_for

_SKIP = {"a", "abbr", "code", "pre", "script", "style", "svg", "h1", "h2", "h3", "h4", "h5", "h6",
         "button", "label", "title", "textarea", "select", "option", "nav", "time", "q"}
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?(/?)>")
_HEADING = {"h1", "h2", "h3", "h4", "h5", "h6"}
_VOID = {"br", "hr", "img", "input", "meta", "link", "wbr", "source", "col", "area", "base", "embed", "track"}


def acronym_table(site: Site, lang: str) -> dict[str, tuple[str, str]]:
    """{acronym: (glossary id, expansion)} for one language; an acronym two entries share is left out."""
    table: dict[str, tuple[str, str]] = {}
    clashes = set()
    for entry_id, entry in site.glossary.items():
        acronym = entry.get("acronym", {}).get(lang)
        if not acronym or len(acronym) < 2 or not any(ch.isupper() for ch in acronym):
            continue
        if acronym in table and table[acronym][0] != entry_id:
            clashes.add(acronym)
        table[acronym] = (entry_id, entry["term"][lang])
    return {acronym: value for acronym, value in table.items() if acronym not in clashes}


def _pattern(table: dict) -> re.Pattern | None:
    if not table:
        return None
    alternatives = "|".join(re.escape(a) for a in sorted(table, key=len, reverse=True))
    return re.compile(rf"(?<![\w&#;-])({alternatives})(?![\w-])")


def _acronyms(site: Site, lang: str) -> tuple[dict, re.Pattern | None, str]:
    """(table, pattern, the table as text), worked out once per build and language."""
    cache = context_for(site).acronyms
    if lang not in cache:
        table = acronym_table(site, lang)
        cache[lang] = (table, _pattern(table), repr(sorted(table.items())))
    return cache[lang]


def acronyms_signature(site: Site, lang: str) -> str:
    """Everything besides the page that `link_acronyms` reads, as text (a cache key's part)."""
    return _acronyms(site, lang)[2]


def link_acronyms(page_html: str, site: Site, lang: str, page_path: str) -> str:
    """Mark up every known acronym in text outside links, headings and code."""
    table, pattern, _ = _acronyms(site, lang)
    if pattern is None:
        return page_html
    glossary = url_prefix(page_path) + "glossary/"
    seen: set[str] = set()
    out, position, skip_depth, stack = [], 0, 0, []

    def mark(match: re.Match) -> str:
        acronym = match.group(1)
        entry_id, expansion = table[acronym]
        title = html.escape(expansion, quote=True)
        if acronym in seen:
            return f'<abbr title="{title}">{acronym}</abbr>'
        seen.add(acronym)
        return f'<a class="cc-acronym" href="{glossary}#{entry_id}" title="{title}"><abbr>{acronym}</abbr></a>'

    for tag in _TAG.finditer(page_html):
        text = page_html[position:tag.start()]
        out.append(text if skip_depth else pattern.sub(mark, text))
        out.append(tag.group(0))
        position = tag.end()
        closing, name, self_closing = tag.group(1) == "/", tag.group(2).lower(), tag.group(3) == "/"
        if name in _HEADING and not closing:
            seen.clear()  # a new section: link each acronym again once
        if name in _VOID or self_closing:
            continue
        if closing:
            if name in stack:
                while stack:
                    popped = stack.pop()
                    if popped in _SKIP:
                        skip_depth -= 1
                    if popped == name:
                        break
        else:
            stack.append(name)
            if name in _SKIP:
                skip_depth += 1
    rest = page_html[position:]
    out.append(rest if skip_depth else pattern.sub(mark, rest))
    return "".join(out)
