"""A page's table of contents may stop at a heading level (front matter `toc_depth`).

Event: `on_page_context`. The glossary lists its letters only (`toc_depth: 2`):
its entries are reached by the A–Z bar and the letter headings, and 400
table-of-contents links in two sidebars made it the slowest page to load
(issue 17). The headings, their anchors and permalinks are unchanged.

Event: `on_page_content`, on such a page only: each heading's permalink is
named by aria-label instead of title. The name read out is the same, but
Material's content.tooltips mounts a tooltip (observers, a floating box) for
every element with a title at load, ~180 of them on the glossary.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mkdocs.structure.pages import Page


_PERMALINK = re.compile(r'(<a class="headerlink" href="[^"]*") title=')


def _prune(items, depth: int) -> None:
    for item in items:
        if item.level >= depth:
            item.children = []
        else:
            _prune(item.children, depth)


def on_page_context(context, *, page: Page, **_):
    depth = page.meta.get("toc_depth")
    if isinstance(depth, int) and not isinstance(depth, bool):
        _prune(page.toc.items, depth)
    return context


def on_page_content(html: str, *, page: Page, **_) -> str:
    if "toc_depth" in page.meta:
        return _PERMALINK.sub(r"\1 aria-label=", html)
    return html
