"""The packaged JSON Schemas of the data files, read once (they never change while the build runs)."""

from __future__ import annotations

import functools
import json
from importlib import resources

from jsonschema import Draft202012Validator
from referencing import Registry, Resource


# Read and check them once, not for every caller (the loader, the rules and the views ask too).
@functools.cache
def schema_registry() -> tuple[Registry, dict[str, dict]]:
    """Load the packaged JSON Schemas so `$ref`s between them resolve offline (callers must not change them)."""
    schemas = {}
    registry = Registry()
    folder = resources.files("clystyrau") / "schemas"
    for entry in folder.iterdir():
        if entry.name.endswith(".schema.json"):
            schema = json.loads(entry.read_text(encoding="utf-8"))
            Draft202012Validator.check_schema(schema)
            schemas[entry.name] = schema
            registry = registry.with_resource(schema["$id"], Resource.from_contents(schema))
    return registry, schemas


def validator(schema_name: str) -> Draft202012Validator:
    """A validator for one packaged schema, resolving its references to the others."""
    registry, schemas = schema_registry()
    return Draft202012Validator(schemas[schema_name], registry=registry)


def body_types() -> list[str]:
    """Every type a body may have, in the schema's order (the schema owns the list)."""
    _, schemas = schema_registry()
    return list(schemas["bodies.schema.json"]["$defs"]["body"]["properties"]["type"]["enum"])
