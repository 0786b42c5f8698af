"""A place on a page that is the same in both languages (issue 15).

The language link carries the reader's #fragment to the twin page
(`cc-language.js`), but a heading's id is made from its words, so
`#who-to-consult` on the English page means nothing on the Welsh one. Twin
pages have the same outline of headings (the check `handbook_outlines` holds
authors to it; generated pages come from one template), so a heading's place
in that outline ("the 2nd h3 under the 3rd h2": ``cc-3-2``) names the same
heading in either language. Each heading keeps its own id and gains an empty
anchor with its place as id, and says its place in ``data-cc-place``; the
script swaps the fragment for the place, and the browser scrolls to the twin's
heading by itself. Pages whose ids are already the same in both languages
(the glossary: its letters differ between the alphabets) are left alone.
"""

from __future__ import annotations

import re

_HEADING = re.compile(r"<h(?P<level>[2-6])(?P<attrs>\s[^>]*)?>")
_ID = re.compile(r'\bid="[^"]*"')


def heading_places(html: str) -> str:
    """The page's HTML with each h2-h6 that has an id marked with its place in the outline."""
    counters: list[int] = []

    def mark(match: re.Match) -> str:
        attrs = match["attrs"] or ""
        depth = int(match["level"]) - 1   # h2 is the outline's first level
        del counters[depth:]
        counters.extend([0] * (depth - len(counters)))
        counters[depth - 1] += 1
        if not _ID.search(attrs):
            return match[0]   # counted all the same, so the places match the twin's outline
        place = "cc-" + "-".join(str(n) for n in counters)
        return f'<h{match["level"]}{attrs} data-cc-place="{place}"><span class="cc-place" id="{place}"></span>'

    return _HEADING.sub(mark, html)
