"""The Markdown toolkit every view uses: escaping, bilingual text, links and citations, templates.

Record text is untrusted (it arrives by pull request), so it is passed
through `escape_text` before it becomes Markdown: every character Markdown,
HTML or a template could act on becomes a numeric character reference, which
browsers show as the character itself and Markdown leaves alone.
"""

from __future__ import annotations

import html
import json
import re
from functools import lru_cache
from importlib import resources

import jinja2

from ..model.collation import sort_bodies
from ..model.dates import human_date
from ..model.grammar import mutated_name
from ..model.markers import LANGUAGE_RUN, MUTATION_FORMS, SOURCE_MARK, link_options
from ..model.paths import body_path, relative_link, source_path
from ..model.records import LANGUAGES, Site

# Characters that start Markdown, HTML or attribute-list syntax anywhere in a line.
_MARKDOWN_ACTIVE = re.compile(r"[\\`*_{}\[\]<>&#|~!]")
# ...and those that only act at the start of a line (lists, quotes, definitions).
_LINE_START = re.compile(r"^(\s*)([-+:=>]|\d+[.)])", re.MULTILINE)


def escape_text(text: str) -> str:
    """Make text inert in Markdown and HTML while it still reads the same.

    Each active character becomes a numeric character reference, which
    Markdown passes through untouched and the browser shows as the character.
    """
    text = _MARKDOWN_ACTIVE.sub(lambda match: f"&#{ord(match.group())};", str(text))
    return _LINE_START.sub(lambda match: match[1] + "".join(f"&#{ord(c)};" for c in match[2]), text)


_MARKS = re.compile(LANGUAGE_RUN.pattern + "|" + SOURCE_MARK.pattern)


def escape_marked(text: str, source_link=None) -> str:
    """`escape_text`, with each [[en:...]] / [[cy:...]] run marked with its language and each
    [[source:ID|part]] citation made by `source_link(id, part)` (plain "ID, part" without one)."""
    text, parts, position = str(text), [], 0
    for match in _MARKS.finditer(text):
        parts.append(escape_text(text[position:match.start()]))
        if match["lang"]:
            parts.append(f'<span lang="{match["lang"]}">{escape_text(match["text"])}</span>')
        elif source_link is not None:
            parts.append(source_link(match["id"].strip(), (match["part"] or "").strip()))
        else:
            parts.append(escape_text(source_plain(match, None)))
        position = match.end()
    parts.append(escape_text(text[position:]))
    return "".join(parts)


def source_plain(match, labels: dict | None) -> str:
    """A [[source:...]] citation as plain text: the short title (or the id) and the part."""
    doc_id, part = match["id"].strip(), (match["part"] or "").strip()
    label = (labels or {}).get(doc_id, doc_id)
    return f"{label}, {part}" if part else label


def unmarked(text: str, labels: dict | None = None) -> str:
    """Record text without its marks, for places that are not HTML (titles, CSV); `labels`
    maps a document id to the short title a citation shows."""
    text = SOURCE_MARK.sub(lambda match: source_plain(match, labels), str(text))
    return LANGUAGE_RUN.sub(lambda match: match["text"], text)


def safe_url(url: str) -> str:
    """A validated https address made safe inside a Markdown link target and an attribute."""
    for char, code in (("(", "%28"), (")", "%29"), (" ", "%20"), ("<", "%3C"), (">", "%3E"), ('"', "%22"),
                       ("'", "%27")):
        url = url.replace(char, code)
    return html.escape(url, quote=True)


def lower_first(text: str) -> str:
    """A name for mid-sentence use: a small first letter, unless the name is proper
    (another word is capitalised, as in "Byrddau Partneriaeth Rhanbarthol")."""
    words = text.split()
    if len(words) > 1 and any(word[:1].isupper() for word in words[1:]):
        return text
    return text[:1].lower() + text[1:]


def other_language(lang: str) -> str:
    return next(code for code in LANGUAGES if code != lang)


def pick(value: dict, lang: str, source_link=None) -> str:
    """Escaped text of a bilingual field, marked with `lang` when it is in the other language."""
    text = escape_marked(value[lang], source_link)
    marked = value.get(f"{lang}_lang")
    return f'<span lang="{marked}">{text}</span>' if marked else text


def paragraphs(value: dict, lang: str, source_link=None) -> str:
    """A bilingual field written as paragraphs separated by blank lines."""
    marked = value.get(f"{lang}_lang")
    parts = [escape_marked(part.strip(), source_link) for part in re.split(r"\n\s*\n", value[lang]) if part.strip()]
    if marked:
        parts = [f'<span lang="{marked}">{part}</span>' for part in parts]
    return "\n\n".join(" ".join(part.split("\n")) for part in parts)


def plain(value: dict, lang: str) -> str:
    """Text for places that are not Markdown (titles, attributes): HTML-escaped only."""
    return html.escape(unmarked(value[lang]), quote=True)


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    """Templates for Markdown output; StrictUndefined makes a missing field fail loudly."""
    loader = jinja2.FunctionLoader(
        lambda name: (resources.files("clystyrau") / "templates" / name).read_text(encoding="utf-8")
    )
    environment = jinja2.Environment(loader=loader, undefined=jinja2.StrictUndefined,
                                     autoescape=False, keep_trailing_newline=True,
                                     trim_blocks=True, lstrip_blocks=True)
    environment.filters["md"] = escape_text
    environment.filters["attr"] = lambda text: html.escape(str(text), quote=True)
    environment.filters["url"] = safe_url
    return environment


class PageContext:
    """Helpers a template gets for one page in one language."""

    def __init__(self, site: Site, lang: str, path: str):
        self.site, self.lang, self.path = site, lang, path
        self.other = other_language(lang)

    def t(self, key: str, gender: str | None = None) -> str:
        """An interface label, escaped; `gender` (m, f, pl) picks the form of one that refers back to a body."""
        return escape_text(self.site.label(key, self.lang, gender))

    def website(self, body: dict) -> str:
        """The body's website in this page's language (one address, or one per language)."""
        website = body["website"]
        return website[self.lang] if isinstance(website, dict) else website

    def text(self, value: dict) -> str:
        return pick(value, self.lang, self.cite)

    def paragraphs(self, value: dict) -> str:
        return paragraphs(value, self.lang, self.cite)

    def date(self, value: str) -> str:
        """An ISO date with the month named in the page's language ("Hydref 2009"), escaped."""
        return escape_text(human_date(value, self.site.label("date.months", self.lang).split()))

    def cite(self, doc_id: str, part: str = "") -> str:
        """A citation in running text: the document's short title, and the part cited, linked to
        the document's page, with the full title on hover (issue 15: no bare document numbers)."""
        document = self.site.sources[doc_id]
        label = pick(document["short"], self.lang) + (f", {escape_text(part)}" if part else "")
        return f'[{label}]({self.link(source_path(doc_id))} "{plain(document["title"], self.lang)}")'

    def link(self, to_path: str) -> str:
        return relative_link(self.path, to_path)

    def body_name(self, body_id: str) -> str:
        return pick(self.site.bodies[body_id]["name"], self.lang)

    def body_link(self, body_id: str, form: str = "name") -> str:
        body = self.site.bodies[body_id]
        if form == "short" and "short" in body:
            label = pick(body["short"], self.lang)
            title = plain(body["name"], self.lang)
            return f'[{label}]({self.link(body_path(body_id))} "{title}")'
        options = link_options(form) or set()
        name = dict(body["name"])
        mutation = next((option for option in options if option in MUTATION_FORMS), None)
        if mutation and self.lang == "cy":
            name["cy"] = mutated_name(body, mutation)
        if "lower" in options:
            name[self.lang] = lower_first(name[self.lang])
        return f"[{pick(name, self.lang)}]({self.link(body_path(body_id))})"

    def as_at(self, fact: dict) -> str:
        """When a figure was true: the fact's own `as_at`, else its source document's date."""
        if fact.get("as_at"):
            return pick(fact["as_at"], self.lang, self.cite)
        source = fact.get("source") or {}
        if "doc" in source:
            return pick(self.site.sources[source["doc"]]["date"], self.lang)
        return self.t("body.fact_as_at_unknown")

    def source(self, source: dict) -> str:
        """One citation: the document (linked) and its section, or a web page."""
        if "doc" in source:
            document = self.site.sources[source["doc"]]
            text = f"[{pick(document['title'], self.lang)}]({self.link(source_path(source['doc']))})"
            if source.get("section"):
                # Section headings are quoted from the Welsh documents. One that names itself
                # ("Adran A: ...") needs no "adran" before it.
                section = source["section"]
                # On English pages the heading is given in English, with the Welsh in brackets (issue 15).
                english = document.get("sections", {}).get(section) if self.lang == "en" else None
                shown = english or section
                word = self.site.label("source.section", self.lang)
                named = shown.split(maxsplit=1)[0].casefold() == word.casefold() if shown.split() else False
                prefix = "" if named else f"{self.t('source.section')} "
                if english:
                    text += f', {prefix}<q>{escape_text(english)}</q> (<q lang="cy">{escape_text(section)}</q>)'
                else:
                    text += f', {prefix}<q lang="cy">{escape_text(section)}</q>'
            return text
        # A public web page: say so, so a reader knows the fact is not from the handbooks (issue 13).
        return f"[{pick(source['title'], self.lang)}]({safe_url(source['url'])}) ({self.t('source.web')})"

    def sorted_ids(self, ids) -> list[str]:
        ordered = sort_bodies([self.site.bodies[body_id] for body_id in ids], self.lang)
        return [body["id"] for body in ordered]

    def front_matter(self, title: str, **extra) -> str:
        """YAML front matter; the title is HTML-escaped because themes print it unescaped."""
        lines = ["---", f"title: {json.dumps(title, ensure_ascii=False)}"]
        for key, value in extra.items():
            lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
        return "\n".join(lines + ["---", ""])


def render_template(template: str, site: Site, lang: str, path: str, **values) -> str:
    page = PageContext(site, lang, path)
    return _environment().get_template(template).render(page=page, site=site, lang=lang, **values)


def basis_key(site: Site, kind: str, basis: str) -> str:
    """The label saying how binding a relation is: 'Should consult' for consults, 'Should' for other kinds."""
    specific = f"basis.{kind}.{basis}"
    return specific if specific in site.strings else f"basis.{basis}"
