"""Tables that become cards on a phone (issue 15).

A handbook page wraps a wide table in ``<div class="cc-stack" markdown>``. On a
narrow screen the stylesheet shows each row as a card and each cell with its
column's heading before it; the heading comes from a ``data-label`` attribute
this module adds to every body cell, from the table's own header row, so the
author writes an ordinary Markdown table. The cells keep their table roles
(``role`` attributes), because ``display: block`` on a table makes some
browsers drop its semantics for screen readers.
"""

from __future__ import annotations

import html
import re

_STACK = re.compile(r'(<div class="cc-stack">\s*)(<table>.*?</table>)', re.DOTALL)
_HEAD = re.compile(r"<thead>(.*?)</thead>", re.DOTALL)
_TH = re.compile(r"<th\b[^>]*>(.*?)</th>", re.DOTALL)
_ROW = re.compile(r"<tr>(.*?)</tr>", re.DOTALL)
_CELL = re.compile(r"<(td|th)\b([^>]*)>")
_TAG = re.compile(r"<[^>]+>")


def _plain(fragment: str) -> str:
    """A header cell's text, without markup, ready for an attribute value."""
    return html.escape(" ".join(html.unescape(_TAG.sub("", fragment)).split()), quote=True)


def _label_table(table: str) -> str:
    head = _HEAD.search(table)
    if not head:
        return table
    labels = [_plain(cell) for cell in _TH.findall(head.group(1))]
    before, body = table[: head.end()], table[head.end():]

    def row(match: re.Match) -> str:
        position = iter(range(len(labels) + 1000))

        def cell(tag: re.Match) -> str:
            index = next(position)
            label = labels[index] if index < len(labels) else ""
            role = "rowheader" if tag.group(1) == "th" else "cell"
            return f'<{tag.group(1)}{tag.group(2)} role="{role}" data-label="{label}">'

        return '<tr role="row">' + _CELL.sub(cell, match.group(1)) + "</tr>"

    head_html = before.replace("<table>", '<table role="table">', 1)
    head_html = re.sub(r"<tr>", '<tr role="row">', head_html)
    head_html = re.sub(r"<th\b", '<th role="columnheader"', head_html)
    head_html = head_html.replace("<thead>", '<thead role="rowgroup">', 1)
    body = body.replace("<tbody>", '<tbody role="rowgroup">', 1)
    return head_html + _ROW.sub(row, body)


def label_stacked_tables(page_html: str) -> str:
    """Give each body cell of a ``cc-stack`` table its column heading as ``data-label``."""
    if 'class="cc-stack"' not in page_html:
        return page_html
    return _STACK.sub(lambda match: match.group(1) + _label_table(match.group(2)), page_html)
