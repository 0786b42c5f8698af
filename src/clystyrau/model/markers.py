"""What the markers in pages and record text may say: link kinds and forms, placeholders, text marks.

The tokeniser that finds them is `pagetext`; the check (checks.page_rules)
and the build (views.shortcodes, views.markdown) both read these sets.
"""

from __future__ import annotations

import re

LINK_KINDS = {"body", "term", "type", "source"}
LINK_FORMS = {None, "", "short", "name", "lower"}
# Mutation forms of [[body:ID|soft]] (grammar.py); one may join `lower`: [[body:ID|lower,soft]].
MUTATION_FORMS = {"soft", "nasal", "aspirate"}
BLOCK_MARKERS = {"chart", "bodies", "diagram"}


def link_options(form: str | None) -> set[str] | None:
    """The options of a link's form ("lower,soft" -> {"lower", "soft"}), or None when it is not valid."""
    if form in LINK_FORMS:
        return {form} if form else set()
    options = {part.strip() for part in form.split(",")}
    if len(options & MUTATION_FORMS) == 1 and options <= MUTATION_FORMS | {"lower"}:
        return options
    return None


# [[en:Public Service Boards]] inside record text: a phrase in the other
# language, shown as <span lang="en">...</span> so screen readers switch voice.
LANGUAGE_RUN = re.compile(r"\[\[(?P<lang>cy|en):(?P<text>[^\[\]]+)\]\]")
# [[source:000]] or [[source:000|Atodiad 2]] inside record text (and handbook pages, through
# pagetext): a citation shown as the document's short title, linked to its page (issue 15).
SOURCE_MARK = re.compile(r"\[\[source:(?P<id>[^\]|\n]*)(?:\|(?P<part>[^\]\n]*))?\]\]")
