"""The library's layers, read from the source (issue 16): each imports only the layers below it.

model -> checks (loading and the rules) -> views -> the command line (clystyrau/check.py,
clystyrau/output.py) -> hooks/. Every import counts, at the top of a module or inside a
function: a function-local import is no way round the order. The modules also form no
import cycle, and nothing in src/ imports MkDocs (the hooks are the only MkDocs glue).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "clystyrau"
LAYERS = {"model": 0, "checks": 1, "views": 2, "": 3}  # "": the modules at the top of the package
# Imports that break the order on purpose, each with the reason it is still there (none since
# the charts' check and the fixed diagrams moved into checks/ and data/); the test below fails
# when an entry is no longer needed, so the list cannot outlive its reason.
ALLOWED: dict[tuple[str, str], str] = {}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) for every import in a file, anywhere in it, relative imports resolved."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module
            found.append((node.lineno, target))
            # `from . import diagrams` imports a module, not a name
            found += [(node.lineno, f"{target}.{alias.name}") for alias in node.names
                      if (PACKAGE.parent / f"{target}.{alias.name}".replace(".", "/")).with_suffix(".py").is_file()]
    return found


def layer(module: str) -> int | None:
    """The rank of a clystyrau module's layer, or None for anything else."""
    parts = module.split(".")
    if parts[0] != "clystyrau":
        return None
    return LAYERS.get(parts[1], LAYERS[""]) if len(parts) > 1 else LAYERS[""]


def layer_breaks(files) -> list[str]:
    breaks = []
    for path in files:
        name = module_name(path)
        for line, target in imports(path):
            if target.split(".")[0] in ("mkdocs", "mkdocs_static_i18n", "material"):
                breaks.append(f"{path.relative_to(ROOT)}:{line}: imports {target} (MkDocs belongs in hooks/)")
            elif layer(target) is not None and layer(target) > layer(name) and (name, target) not in ALLOWED:
                breaks.append(f"{path.relative_to(ROOT)}:{line}: {name} imports {target}, a layer above it")
    return breaks


def package_files() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_every_import_goes_down_the_layers():
    assert layer_breaks(package_files()) == []


def test_every_allowed_exception_is_still_needed():
    used = {(module_name(path), target) for path in package_files() for _, target in imports(path)}
    assert [pair for pair in ALLOWED if pair not in used] == []


def test_the_modules_form_no_import_cycle():
    graph = {module_name(path): {target for _, target in imports(path) if target.startswith("clystyrau.")}
             for path in package_files()}
    state: dict[str, int] = {}

    def visit(module: str, trail: list[str]) -> list[str] | None:
        state[module] = 1
        for target in sorted(graph.get(module, ())):
            if target not in graph or target == module:
                continue
            if state.get(target) == 1:
                return trail + [module, target]
            if target not in state:
                cycle = visit(target, trail + [module])
                if cycle:
                    return cycle
        state[module] = 2
        return None

    for module in sorted(graph):
        if module not in state:
            assert visit(module, []) is None


@pytest.mark.parametrize("bad", ["from ..views.pages import render_body_page",
                                 "def f():\n    from clystyrau.checks import rules\n    return rules",
                                 "import mkdocs.plugins"])
def test_the_check_fails_on_an_import_that_goes_up(tmp_path, monkeypatch, bad):
    """A model module that imports a view, even inside a function, is reported."""
    fake = tmp_path / "clystyrau"
    (fake / "model").mkdir(parents=True)
    (fake / "views").mkdir()
    (fake / "checks").mkdir()
    (fake / "views" / "pages.py").write_text("")
    (fake / "model" / "bad.py").write_text(bad + "\n")
    monkeypatch.setattr(__import__(__name__), "PACKAGE", fake, raising=True)
    monkeypatch.setattr(__import__(__name__), "ROOT", tmp_path, raising=True)
    assert len(layer_breaks([fake / "model" / "bad.py"])) == 1
