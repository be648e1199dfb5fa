"""The dependency rule of docs/architecture.md, read from the source (every import, even one
inside a function):

- ``config`` (the shared settings) imports none of the project's packages;
- ``sync`` imports of ``storefront`` only ``storefront.clients``, neither ``sandbox`` nor ``cli``;
- ``storefront`` imports ``sync`` only in ``storefront/__init__.py`` (``create_app``), and neither
  ``sandbox`` nor ``cli``;
- ``sandbox`` imports none of ``storefront``, ``sync``, ``config``, ``cli``;
- only ``cli`` imports ``cli``; the ``storefront`` console script starts ``cli``;
- no cycle between the parts (each package, with ``storefront.clients`` and ``sync.bulk`` as
  parts of their own).
"""

from __future__ import annotations

import ast
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("cli", "config", "sandbox", "storefront", "sync")
# The parts whose imports must not go round in a circle; the longest prefix names a module's part.
PARTS = ("cli", "config", "sandbox", "storefront", "storefront.clients", "sync", "sync.bulk")


def module_name(path: Path) -> str:
    """``sync/bulk/runs.py`` -> ``sync.bulk.runs``; a package's ``__init__`` is the package."""
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    """Every module of the project's packages by dotted name."""
    return {
        module_name(path): path
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
    }


def imported(module: str, path: Path) -> Iterator[tuple[int, str]]:
    """(line, dotted name) of every project import in a module, relative ones resolved."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(package, node.level, node.module)
            names = [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        yield from ((node.lineno, name) for name in names if name.split(".")[0] in PACKAGES)


def _absolute(package: str, level: int, name: str | None) -> str:
    if level == 0:
        return name or ""
    parts = package.split(".")
    base = parts[: len(parts) - level + 1]
    return ".".join([*base, name] if name else base)


def within(name: str, package: str) -> bool:
    """Whether a dotted name is the package or lies inside it."""
    return name == package or name.startswith(package + ".")


def violation(module: str, target: str) -> str | None:
    """Why importing ``target`` from ``module`` breaks the rule, or None."""
    source = module.split(".")[0]
    goal = target.split(".")[0]
    if source == goal:
        return None
    if goal == "cli":
        return "only cli imports cli"
    if source == "config":
        return "config imports none of the project's packages"
    if source == "sandbox":
        return "sandbox imports none of the project's packages"
    if source == "sync" and not (goal == "config" or within(target, "storefront.clients")):
        return "sync imports only storefront.clients and config"
    if source == "storefront" and goal == "sandbox":
        return "storefront does not import sandbox"
    if source == "storefront" and goal == "sync" and module != "storefront":
        return "storefront imports sync only in create_app (storefront/__init__.py)"
    return None


def all_imports() -> Iterator[tuple[str, int, str]]:
    for module, path in modules().items():
        for line, target in imported(module, path):
            yield module, line, target


def test_every_import_keeps_the_dependency_rule() -> None:
    broken = [
        f"{modules()[module].relative_to(ROOT)}:{line} imports {target}: {why}"
        for module, line, target in all_imports()
        if (why := violation(module, target)) is not None
    ]
    assert broken == []


def part_of(name: str) -> str:
    """The part a module belongs to: the longest of PARTS that contains it."""
    return max((part for part in PARTS if within(name, part)), key=len)


def part_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {part: set() for part in PARTS}
    for module, _, target in all_imports():
        source, goal = part_of(module), part_of(target)
        if source != goal:
            graph[source].add(goal)
    return graph


def cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the graph as a path, or None (a depth-first search)."""
    done: set[str] = set()

    def visit(node: str, path: list[str]) -> list[str] | None:
        if node in path:
            return [*path[path.index(node) :], node]
        if node in done:
            return None
        for goal in sorted(graph[node]):
            if (found := visit(goal, [*path, node])) is not None:
                return found
        done.add(node)
        return None

    return next((found for node in sorted(graph) if (found := visit(node, []))), None)


def test_no_cycle_between_parts() -> None:
    assert cycle(part_graph()) is None


def test_the_cycle_finder_finds_one() -> None:
    assert cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert cycle({"a": {"b"}, "b": set()}) is None


@pytest.mark.parametrize(
    ("module", "target", "allowed"),
    [
        ("sync.worker", "storefront.clients.errors", True),
        ("sync.worker", "config.settings.Settings", True),
        ("sync.worker", "storefront.cache", False),
        ("sync.bulk.runs", "cli.sync", False),
        ("storefront", "sync.webhook", True),
        ("storefront.views.health", "sync.events", False),
        ("storefront.runners", "sandbox.server", False),
        ("sandbox.server", "config.settings", False),
        ("config.settings", "storefront.locales", False),
        ("cli.main", "sandbox.server", True),
    ],
)
def test_the_rule_itself(module: str, target: str, allowed: bool) -> None:
    assert (violation(module, target) is None) is allowed


def test_the_console_script_is_the_cli_package() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["scripts"] == {"storefront": "cli.main:main"}
