"""Every check a JSON Schema cannot make, in the order their problems are listed (like BCD's linters).

Each rule takes the loaded `Context` and returns a list of `Problem`s, and
changes nothing. The rules live by concern in record_rules, text_rules,
page_rules, chart_rules and diagram_rules; this module only lists them.
"""

from __future__ import annotations

from collections.abc import Callable

from ..model.problems import Problem
from .chart_rules import report_charts
from .context import Context
from .diagram_rules import diagram_references
from .page_rules import handbook_markers, handbook_outlines, handbook_pairs, page_markup, unmutated_insertions
from .record_rules import (
    accountability_cycles,
    body_genders,
    glossary_acronyms,
    glossary_references,
    one_paragraph_notes,
    relation_basis,
    relation_targets,
    replacement_cycles,
    unique_ids,
)
from .text_rules import language_marks, plain_labels, safe_config, safe_urls, sensible_dates

__all__ = ["Context", "RULES", "WARNING_RULES"]

Rule = Callable[[Context], list[Problem]]

# A problem from any of these fails the check.
RULES: list[Rule] = [
    unique_ids,
    relation_targets,
    relation_basis,
    accountability_cycles,
    replacement_cycles,
    safe_urls,
    sensible_dates,
    glossary_references,
    glossary_acronyms,
    one_paragraph_notes,
    handbook_pairs,
    handbook_outlines,
    handbook_markers,
    page_markup,
    plain_labels,
    safe_config,
    body_genders,
    language_marks,
    report_charts,
    diagram_references,
]

# These are reported, but the build goes on.
WARNING_RULES: list[Rule] = [
    unmutated_insertions,
]
