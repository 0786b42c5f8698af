"""JSON Schema errors as a maintainer reads them: a sentence, a hint, and the place in the file."""

from __future__ import annotations

from jsonschema import Draft202012Validator

from ..model.problems import Problem
from ..model.text import look_alikes
from .yamlio import LoadedYaml


def _describe_schema_error(error) -> tuple[str, str]:
    """Turn a jsonschema error into a sentence and a hint a maintainer understands."""
    validator = error.validator
    value = error.instance
    if validator == "required":
        missing = error.message.split("'")[1]
        names = {"cy": "the Welsh text", "en": "the English text"}
        return (f"'{missing}' is missing{' (' + names[missing] + ')' if missing in names else ''}",
                f"add '{missing}:'" + (" so both languages are present" if missing in names else ""))
    if validator == "additionalProperties":
        extra = sorted(set(value) - set(error.schema.get("properties", {})))
        allowed = ", ".join(sorted(error.schema.get("properties", {})))
        return (f"unknown field{'s' if len(extra) > 1 else ''} {', '.join(repr(e) for e in extra)}",
                f"check the spelling; allowed fields here are: {allowed}")
    if validator == "enum":
        return (f"{value!r} is not one of the allowed values",
                "use one of: " + ", ".join(str(v) for v in error.validator_value))
    if validator == "type":
        wanted = {"string": "text", "object": "a block of fields", "array": "a list",
                  "number": "a number", "integer": "a whole number"}.get(error.validator_value,
                                                                       str(error.validator_value))
        return (f"expected {wanted}, found {type(value).__name__} {value!r}",
                "check the indentation and quotes of this value")
    if validator in {"minLength", "pattern"} and isinstance(value, str) and not value.strip():
        return ("the text is empty", "write the text, or remove the field if it is optional")
    if validator == "pattern" and isinstance(value, str) and not value.isascii():
        return (f"{value!r} has letters from another alphabet: {look_alikes(value)}",
                (error.schema.get("description", "") + " ").lstrip()
                + "Retype it with the letters of the keyboard (a-z).")
    if validator == "pattern":
        description = error.schema.get("description", "")
        return (f"{value!r} is not in the expected form", description or f"it must match {error.validator_value}")
    if validator == "minItems":
        return ("the list is empty", "add at least one entry")
    if validator == "minProperties":
        return ("the block is empty", "add at least one language or remove the block")
    if validator == "oneOf" and list(error.absolute_path)[-1:] == ["website"]:
        if isinstance(value, dict) and not {"cy", "en"} <= set(value):
            missing = " and ".join(repr(lang) for lang in ("cy", "en") if lang not in value)
            return (f"a website per language needs both 'cy' and 'en'; {missing} is missing",
                    'write website: {cy: "https://...", en: "https://..."}, or one address for both: website: "https://..."')
        return ("the website is neither one https:// address nor one per language (cy, en)",
                'write website: "https://..." or website: {cy: "https://...", en: "https://..."}')
    if validator == "oneOf":
        return ("this is neither a source document reference (doc, section) nor a web source (url, title)",
                'write e.g. {doc: "001", section: "..."} or {url: "https://...", title: {cy: ..., en: ...}}')
    return (error.message, "")


def schema_problems(loaded: LoadedYaml, validator: Draft202012Validator) -> list[Problem]:
    """Every schema error in one file, at the deepest useful place."""
    problems = []
    for error in validator.iter_errors(loaded.data):
        leaves = [error]
        if error.validator == "oneOf" and error.context:
            # A source with `url` (or `doc`) meant that branch: report what it lacks.
            meant = [e for e in error.context if isinstance(error.instance, dict) and e.relative_schema_path
                     and e.relative_schema_path[0] == (1 if "url" in error.instance else 0)
                     and ("url" in error.instance or "doc" in error.instance)]
            # Otherwise the branch that got furthest, unless neither fits at all.
            best = max(error.context, key=lambda e: len(e.absolute_path))
            if meant:
                leaves = meant[:1]
            elif len(best.absolute_path) > len(error.absolute_path):
                leaves = [best]
        for leaf in leaves:
            message, hint = _describe_schema_error(leaf)
            path = tuple(leaf.absolute_path)
            if leaf.validator == "additionalProperties" and isinstance(leaf.instance, dict):
                # Point at the first unknown key itself, not at the start of the record.
                extra = [key for key in leaf.instance if key not in leaf.schema.get("properties", {})]
                path += tuple(extra[:1])
            problems.append(loaded.problem(path, message, hint))
    return problems
