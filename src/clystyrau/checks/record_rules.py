"""Rules about the records themselves: ids, relations and their loops, the glossary, notes, names.

Each rule takes the loaded `Context` and returns a list of `Problem`s. Rules
must tolerate data that failed the schema (skip what they cannot read), since
every rule runs even when others found problems: the maintainer sees all
mistakes in one run.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict

from ..model.grammar import head_noun, infer_gender
from ..model.problems import Problem
from ..model.text import look_alikes
from .context import Context

CYCLE_KINDS = ("accountable-to", "part-of")
# Relations whose strength of obligation must be stated (issue 13): a reader
# acts on "must consult" differently from "should consult".
BASIS_KINDS = ("accountable-to", "consults")
BASIS_VALUES = ("duty", "guidance", "expectation", "recommendation", "proposal", "practice")


def unique_ids(context: Context) -> list[Problem]:
    """Each record id is used once per file (ids are URLs and link targets)."""
    problems = []
    for name in ("bodies.yaml", "glossary.yaml", "sources.yaml"):
        first: dict[str, int] = {}
        for index, record in context.records(name):
            record_id = record.get("id")
            if not isinstance(record_id, str):
                continue
            if record_id in first:
                loaded = context.loaded[name]
                line = loaded.mark((first[record_id],))[0]
                problems.append(loaded.problem((index, "id"),
                                               f"the id '{record_id}' is already used by the record on line {line}",
                                               "give this record a different id (ids must be unique)"))
            else:
                first[record_id] = index
    return problems

def relation_targets(context: Context) -> list[Problem]:
    """Every relation points at an existing record, not at itself, and only once."""
    problems = []
    ids = context.ids("bodies.yaml")
    loaded = context.loaded.get("bodies.yaml")
    for index, record in context.records("bodies.yaml"):
        seen = set()
        relations = record.get("relations")
        for number, relation in enumerate(relations if isinstance(relations, list) else []):
            if not isinstance(relation, dict) or not isinstance(relation.get("target"), str):
                continue
            target, kind = relation["target"], relation.get("kind")
            path = (index, "relations", number, "target")
            if target not in ids:
                close = _close_ids(target, ids)
                problems.append(loaded.problem(path, f"no record has the id '{target}'" + _other_alphabet(target),
                                               f"did you mean {close}?" if close
                                               else "check the id, or add that record"))
            elif target == record.get("id"):
                problems.append(loaded.problem(path, "the record points at itself", "remove this relation"))
            elif (kind, target) in seen:
                problems.append(loaded.problem(path, f"the relation '{kind}' to '{target}' is written twice",
                                               "remove the second one"))
            seen.add((kind, target))
    return problems

def relation_basis(context: Context) -> list[Problem]:
    """Consultation and accountability relations say how binding they are, and where the source says so."""
    problems = []
    loaded = context.loaded.get("bodies.yaml")
    choices = ", ".join(f"'{value}'" for value in BASIS_VALUES)
    for index, record in context.records("bodies.yaml"):
        relations = record.get("relations")
        for number, relation in enumerate(relations if isinstance(relations, list) else []):
            if not isinstance(relation, dict):
                continue
            kind, basis = relation.get("kind"), relation.get("basis")
            if kind in BASIS_KINDS and basis is None:
                problems.append(loaded.problem(
                    (index, "relations", number, "kind"),
                    f"this '{kind}' relation must say how binding it is (field 'basis')",
                    f"add 'basis:' ({choices}) as the source words it (rhaid = must, dylid/dylai = should, "
                    "disgwylir = is expected, cynigir = is proposed), "
                    "and 'basis_source: {doc: \"000\", section: \"...\"}' "
                    "naming where it says so"))
            elif basis is not None and "basis_source" not in relation:
                problems.append(loaded.problem(
                    (index, "relations", number, "basis"),
                    "the relation gives a 'basis' but not where the source says so",
                    "add 'basis_source: {doc: \"000\", section: \"...\"}' (or {url: ..., title: ...})"))
            elif basis is None and "basis_source" in relation:
                problems.append(loaded.problem(
                    (index, "relations", number, "basis_source"),
                    "the relation gives a 'basis_source' but no 'basis'",
                    f"add 'basis:' ({choices}), or remove 'basis_source'"))
    return problems

def accountability_cycles(context: Context) -> list[Problem]:
    """`accountable-to` and `part-of` never loop back (a body cannot answer to itself)."""
    return _cycles(context, CYCLE_KINDS, "accountability goes round in a circle: ",
                   "one of these accountable-to/part-of relations is wrong; remove or reverse it")

def replacement_cycles(context: Context) -> list[Problem]:
    """`replaces` never loops back (A replaces B and B replaces A cannot both be true)."""
    return _cycles(context, ("replaces",), "replacement goes round in a circle: ",
                   "a body replaces one that came before it: remove the replaces relation that points back")

def _cycles(context: Context, kinds, message: str, hint: str) -> list[Problem]:
    """The loops formed by relations of these kinds, each reported once."""
    graph: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
    for index, record in context.records("bodies.yaml"):
        relations = record.get("relations")
        for number, relation in enumerate(relations if isinstance(relations, list) else []):
            if isinstance(relation, dict) and relation.get("kind") in kinds and isinstance(relation.get("target"), str):
                graph[record.get("id")].append((relation["target"], index, number))
    problems, reported = [], set()
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    # Depth-first search with an explicit stack (a long part-of chain would
    # exceed Python's recursion limit): each frame is a node, its trail and
    # the position of the next edge to follow.
    for root in list(graph):
        if root in state:
            continue
        stack: list[tuple[str, list[tuple[str, int, int]], int]] = [(root, [], 0)]
        state[root] = 1
        while stack:
            node, trail, position = stack.pop()
            edges = graph.get(node, [])
            if position >= len(edges):
                state[node] = 2
                continue
            stack.append((node, trail, position + 1))
            target, index, number = edges[position]
            step = trail + [(node, index, number)]
            if state.get(target) == 1:
                start = next(i for i, (name, _, _) in enumerate(step) if name == target)
                loop = step[start:]
                names = [name for name, _, _ in loop] + [target]
                key = frozenset(names)
                if key not in reported:
                    reported.add(key)
                    _, at_index, at_number = loop[-1]
                    problems.append(context.loaded["bodies.yaml"].problem(
                        (at_index, "relations", at_number, "target"),
                        message + " → ".join(names), hint))
            elif state.get(target) is None:
                state[target] = 1
                stack.append((target, step, 0))
    return problems

def glossary_references(context: Context) -> list[Problem]:
    """A glossary entry that names a body points at an existing body record."""
    problems = []
    ids = context.ids("bodies.yaml")
    loaded = context.loaded.get("glossary.yaml")
    for index, entry in context.records("glossary.yaml"):
        body = entry.get("body")
        if isinstance(body, str) and ids and body not in ids:
            close = _close_ids(body, ids)
            problems.append(loaded.problem((index, "body"),
                                           f"no body record has the id '{body}'" + _other_alphabet(body),
                                           f"did you mean {close}?" if close
                                           else "check the id in data/bodies.yaml, or remove `body:`"))
    return problems

def glossary_acronyms(context: Context) -> list[Problem]:
    """An acronym belongs to one glossary entry per language (each links to one entry)."""
    problems = []
    loaded = context.loaded.get("glossary.yaml")
    first: dict[tuple[str, str], int] = {}
    for index, entry in context.records("glossary.yaml"):
        acronyms = entry.get("acronym")
        for lang, acronym in (acronyms.items() if isinstance(acronyms, dict) else []):
            if lang not in ("cy", "en") or not isinstance(acronym, str):
                continue
            key = (lang, acronym.strip())
            if key in first:
                other = context.data["glossary.yaml"][first[key]]
                problems.append(loaded.problem((index, "acronym", lang),
                                               f"the acronym '{acronym}' is already used by the entry "
                                               f"'{other.get('id')}' (line {loaded.mark((first[key],))[0]}), "
                                               "so one of them would never be linked",
                                               "an acronym links to one entry: merge the two entries, "
                                               "or list the second meaning in the first one's definition"))
            else:
                first[key] = index
    return problems

def one_paragraph_notes(context: Context) -> list[Problem]:
    """Notes on a record or a relation are one paragraph each (they are shown inside a list)."""
    problems = []
    loaded = context.loaded.get("bodies.yaml")
    for index, record in context.records("bodies.yaml"):
        notes = record.get("notes")
        places = [((index, "notes", number), note)
                  for number, note in enumerate(notes if isinstance(notes, list) else [])]
        relations = record.get("relations")
        places += [((index, "relations", number, "note"), relation.get("note"))
                   for number, relation in enumerate(relations if isinstance(relations, list) else [])
                   if isinstance(relation, dict)]
        for path, note in places:
            for lang, text in (note.items() if isinstance(note, dict) else []):
                if isinstance(text, str) and re.search(r"\n[ \t]*\n", text.strip()):
                    problems.append(loaded.problem(path + (lang,), "a note has more than one paragraph",
                                                   "notes are shown as one item of a list: join the paragraphs, "
                                                   "or write a second note"))
    return problems


def body_genders(context: Context) -> list[Problem]:
    """Every body's Welsh name has a grammatical gender: given, or inferred from its head noun."""
    problems = []
    loaded = context.loaded.get("bodies.yaml")
    for index, record in context.records("bodies.yaml"):
        name = record.get("name")
        welsh = name.get("cy") if isinstance(name, dict) else None
        if "gender" in record or not isinstance(welsh, str) or not welsh.strip() or name.get("cy_lang") == "en":
            continue  # an English name in the Welsh slot is masculine unless the record says otherwise
        if infer_gender(welsh) is None:
            problems.append(loaded.problem(
                (index, "name"), f"the grammatical gender of the Welsh name '{welsh}' is not known "
                f"(its head noun '{head_noun(welsh)}' is not in the table of src/clystyrau/model/grammar.py)",
                "add `gender: m`, `gender: f` or `gender: pl` (a plural name) to the record; "
                "labels that refer back to the body agree with it"))
    return problems


def _other_alphabet(value: str) -> str:
    """" (it has letters from another alphabet: ...)" when an id that looks right is not ASCII."""
    return "" if value.isascii() else f" (it has letters from another alphabet: {look_alikes(value)})"


def _close_ids(value: str, ids: set[str]) -> str:
    """The nearest existing id, to suggest a fix for a typo."""
    matches = difflib.get_close_matches(value, sorted(i for i in ids if i), n=1, cutoff=0.75)
    if matches and not matches[0].isascii():
        return f"'{matches[0]}' (which has letters from another alphabet: {look_alikes(matches[0])})"
    return f"'{matches[0]}'" if matches else ""
