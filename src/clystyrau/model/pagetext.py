"""One reading of a handbook page's Markdown, shared by the check and the build.

The check (`rules.handbook_markers`, `rules.page_markup`) and the expander
(`shortcodes.expand_markers`) both call `tokens`, so a marker the check
accepted is exactly one the build expands, and nothing else is: markers
inside code (fenced blocks, `inline code`) are left alone by both, a marker
never spans two lines, and a near miss (`[[Body:x]]`, `<!-- Chart: x -->`)
is reported instead of being shown literally.

Raw HTML in a page is checked against an allow-list (`html_problems`) rather
than sanitised at build time: the check runs before anything is written and
tells the author the file and line, whereas a sanitiser would silently
publish something other than what they wrote. The list holds the few
harmless tags the pages use for layout (`<div class="cc-card" markdown>`);
scripts, frames, images, forms, styles and every `on...` attribute are
refused, and so is any link whose address is not https:// or a page.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

LINK_MARKER = re.compile(r"\[\[(?P<kind>[a-z]+):(?P<id>[^\]|\n]*)(?:\|(?P<form>[^\]\n]*))?\]\]")
BLOCK_MARKER = re.compile(r"<!--[ \t]*(?P<name>[a-z][a-z-]*)[ \t]*:[ \t]*(?P<arg>[^>\n]*?)[ \t]*-->")
# Anything that starts like a marker, to find the near misses.
_LINK_START = re.compile(r"\[\[")
_BLOCK_START = re.compile(r"<!--\s*(?P<name>chart|bodies|diagram)\b", re.IGNORECASE)

_FENCE = re.compile(r"^[ \t]*(?P<fence>`{3,}|~{3,})")
_INLINE_CODE = re.compile(r"(?<!`)(?P<ticks>`+)(?!`)(?:(?!\n[ \t]*\n).)+?(?<!`)(?P=ticks)(?!`)", re.DOTALL)

ALLOWED_TAGS = {"div", "span", "p", "br", "strong", "em", "b", "i", "abbr", "q", "sup", "sub", "small",
                "details", "summary", "kbd", "mark"}
ALLOWED_ATTRIBUTES = {"class", "markdown", "lang", "title", "id"}
_TAG = re.compile(r"<(?P<close>/?)(?P<name>[A-Za-z][A-Za-z0-9-]*)(?=[\s/>])(?P<attrs>[^>]*)>?")
_ATTRIBUTE = re.compile(r"""(?P<name>[^\s/=>"']+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?""")
_OTHER_MARKUP = re.compile(r"<(?P<what>!\[CDATA\[|\?|!(?!--)[A-Za-z])")
# Markdown link destinations: [text](address), [name]: address, <scheme:address>.
_INLINE_LINK = re.compile(r"\]\(\s*<?(?P<url>[^\s()>]*(?:\([^\s()]*\)[^\s()>]*)*)")
_REFERENCE = re.compile(r"^[ ]{0,3}\[[^\]\n]+\]:[ \t]*<?(?P<url>[^\s>]+)", re.MULTILINE)
_AUTOLINK = re.compile(r"<(?P<url>[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*)>")
# attr_list: { #id .class key=value }
_ATTR_LIST = re.compile(r"\{:?(?P<body>[^{}\n]*=[^{}\n]*)\}")
_ATTR_PAIR = re.compile(r"""(?P<name>[^\s=#.{}]+)\s*=""")
ALLOWED_ATTR_LIST_KEYS = {"lang", "title", "markdown", "id", "class"}
_SCHEME = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*):")
_CONTROL = re.compile(r"[\x00-\x20\x7f]")


@dataclass(frozen=True)
class Token:
    kind: str  # "link", "block", "near-link" or "near-block"
    start: int
    end: int
    match: re.Match | None
    text: str


def mask_code(text: str) -> str:
    """The text with everything inside code replaced by spaces (same length, same lines)."""
    out = []
    fence = None
    for line in text.splitlines(keepends=True):
        opened = _FENCE.match(line)
        if fence is None and opened:
            fence = opened["fence"]
            out.append(_blank(line))
        elif fence is not None:
            if opened and opened["fence"][0] == fence[0] and len(opened["fence"]) >= len(fence) \
                    and not line.strip().lstrip(fence[0]):
                fence = None
            out.append(_blank(line))
        else:
            out.append(line)
    masked = "".join(out)
    return _INLINE_CODE.sub(lambda match: _blank(match[0]), masked)


def _blank(text: str) -> str:
    return re.sub(r"[^\n]", " ", text)


def tokens(text: str) -> list[Token]:
    """Every marker and near miss outside code, in order."""
    masked = mask_code(text)
    found: list[Token] = []
    taken = set()
    for match in LINK_MARKER.finditer(masked):
        found.append(Token("link", match.start(), match.end(), match, match[0]))
        taken.add(match.start())
    for match in _LINK_START.finditer(masked):
        if match.start() not in taken and not any(t.start < match.start() < t.end for t in found):
            snippet = masked[match.start():].split("\n", 1)[0]
            close = snippet.find("]]")
            snippet = snippet[: close + 2] if close >= 0 else snippet[:40]
            found.append(Token("near-link", match.start(), match.start() + len(snippet), None, snippet))
    block_starts = set()
    for match in BLOCK_MARKER.finditer(masked):
        found.append(Token("block", match.start(), match.end(), match, match[0]))
        block_starts.add(match.start())
    for match in _BLOCK_START.finditer(masked):
        if match.start() not in block_starts:
            snippet = masked[match.start():].split("\n", 1)[0]
            end = snippet.find("-->")
            snippet = snippet[: end + 3] if end >= 0 else snippet[:40]
            found.append(Token("near-block", match.start(), match.start() + len(snippet), None, snippet))
    return sorted(found, key=lambda token: token.start)


def expand(text: str, link, block) -> str:
    """Replace each marker token by link(match) or block(match); code and near misses stay as they are."""
    parts, position = [], 0
    for token in tokens(text):
        if token.kind not in ("link", "block"):
            continue
        parts.append(text[position:token.start])
        parts.append(link(token.match) if token.kind == "link" else block(token.match))
        position = token.end
    parts.append(text[position:])
    return "".join(parts)


def line_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of an offset."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def link_scheme(url: str) -> str | None:
    """The scheme a browser would see (entities decoded, spaces and controls dropped), lower case."""
    cleaned = _CONTROL.sub("", html.unescape(url))
    match = _SCHEME.match(cleaned)
    return match["scheme"].lower() if match else None


def markup_problems(text: str) -> list[tuple[int, str, str]]:
    """(offset, message, hint) for raw HTML outside the allow-list and unsafe link addresses."""
    masked = mask_code(text)
    problems = []
    for match in _TAG.finditer(masked):
        name = match["name"].lower()
        if name not in ALLOWED_TAGS:
            allowed = ", ".join(f"<{t}>" for t in sorted(ALLOWED_TAGS))
            problems.append((match.start(), f"the HTML tag <{match['close']}{match['name']}> is not allowed in a page",
                             "write it in Markdown; raw HTML may only use " + allowed))
            continue
        for attribute in _ATTRIBUTE.finditer(match["attrs"]):
            if attribute["name"].lower() not in ALLOWED_ATTRIBUTES:
                problems.append((match.start(),
                                 f"the attribute '{attribute['name']}' on <{match['name']}> is not allowed",
                                 "remove it; HTML in a page may only have " + ", ".join(sorted(ALLOWED_ATTRIBUTES))))
    for match in _OTHER_MARKUP.finditer(masked):
        problems.append((match.start(), f"the markup '<{match['what']}' is not allowed in a page",
                         "remove it; only a few plain HTML tags are allowed"))
    for match in _ATTR_LIST.finditer(masked):
        for pair in _ATTR_PAIR.finditer(match["body"]):
            if pair["name"].lower() not in ALLOWED_ATTR_LIST_KEYS:
                problems.append((match.start(), f"the attribute '{pair['name']}' in {{...}} is not allowed",
                                 "remove it; an attribute list may only set "
                                 + ", ".join(sorted(ALLOWED_ATTR_LIST_KEYS))))
    for pattern in (_INLINE_LINK, _REFERENCE, _AUTOLINK):
        for match in pattern.finditer(masked):
            url = match["url"]
            scheme = link_scheme(url)
            if scheme is not None and scheme not in ("https", "mailto"):
                problems.append((match.start("url"), f"the link address '{url}' uses '{scheme}:'",
                                 "link to a page of the site (e.g. ../planning/index.md) or to an https:// address"))
    return problems
