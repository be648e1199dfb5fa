"""The dependency rule of docs/architecture.md, read from the source (every import, even one
inside a function):

- ``config`` (the shared settings) imports none of the project's packages;
- ``sync`` imports of ``storefront`` only ``storefront.clients``, neither ``sandbox`` nor ``cli``;
- ``storefront`` imports ``sync`` only in ``storefront/__init__.py`` (``create_app``), and neither
  ``sandbox`` nor ``cli``;
- ``sandbox`` imports none of ``storefront``, ``sync``, ``config``, ``cli``;
- only ``cli`` imports ``cli``; the ``storefront`` console script starts ``cli``;
- no cycle between the parts (each package, with ``storefront.clients`` and ``sync.bulk`` as
  parts of their own);
- in the Contentful sandbox, ``cda`` (read side) and ``cma`` (write side) never import each other,
  and what they share (``common``, ``sync_log``) imports neither;
- no cycle between the modules inside one package (``storefront/`` and the others) through the
  imports that run when a module is loaded (those inside functions and under
  ``if TYPE_CHECKING:`` run later or never).
"""

from __future__ import annotations

import ast
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("cli", "config", "sandbox", "storefront", "sync")
# The parts whose imports must not go round in a circle; the longest prefix names a module's part.
PARTS = ("cli", "config", "sandbox", "storefront", "storefront.clients", "sync", "sync.bulk")
# The two sides of the Contentful sandbox, and the modules on top of them that both use.
SIDES = ("sandbox.contentful.cda", "sandbox.contentful.cma")
SHARED = ("sandbox.contentful.common", "sandbox.contentful.sync_log")


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
    package = _package_of(module, path)
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = _names(package, node)
            yield from ((node.lineno, name) for name in names if name.split(".")[0] in PACKAGES)


def _package_of(module: str, path: Path) -> str:
    """The package a module's relative imports start from."""
    return module if path.name == "__init__.py" else module.rpartition(".")[0]


def _names(package: str, node: ast.Import | ast.ImportFrom) -> list[str]:
    """The dotted names one import statement binds (``from a import b`` gives ``a.b``)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = _absolute(package, node.level, node.module)
    return [f"{base}.{alias.name}" for alias in node.names]


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


def side_of(name: str) -> str | None:
    """The side of the Contentful sandbox (``cda`` or ``cma`` package) a module is on, or None."""
    return next((side for side in SIDES if within(name, side)), None)


def layout_violation(module: str, target: str) -> str | None:
    """Why importing ``target`` from ``module`` breaks the Contentful sandbox's layout, or None."""
    goal = side_of(target)
    if goal is None:
        return None
    if any(within(module, shared) for shared in SHARED):
        return "what cda and cma share imports neither"
    source = side_of(module)
    if source is not None and source != goal:
        return "cda and cma never import each other"
    return None


def all_imports() -> Iterator[tuple[str, int, str]]:
    for module, path in modules().items():
        for line, target in imported(module, path):
            yield module, line, target


def broken_by(rule: Callable[[str, str], str | None]) -> list[str]:
    """Every import that breaks a rule, as ``path:line imports target: why``."""
    return [
        f"{modules()[module].relative_to(ROOT)}:{line} imports {target}: {why}"
        for module, line, target in all_imports()
        if (why := rule(module, target)) is not None
    ]


def test_every_import_keeps_the_dependency_rule() -> None:
    assert broken_by(violation) == []


def test_the_contentful_sides_keep_apart() -> None:
    assert broken_by(layout_violation) == []


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


def loaded_with(path: Path) -> Iterator[ast.Import | ast.ImportFrom]:
    """The import statements that run when a module is loaded: not in functions, not typing-only."""
    pending: list[ast.AST] = list(ast.parse(path.read_text(encoding="utf-8")).body)
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        elif isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            pending.extend(node.orelse)
        elif not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            pending.extend(ast.iter_child_nodes(node))


def module_graph(package: str) -> dict[str, set[str]]:
    """Which modules of ``package`` each of its modules imports when it is loaded."""
    inside = {name: path for name, path in modules().items() if within(name, package)}
    graph: dict[str, set[str]] = {name: set() for name in inside}
    for module, path in inside.items():
        package = _package_of(module, path)
        for target in (name for node in loaded_with(path) for name in _names(package, node)):
            # The longest module the dotted name starts with ("storefront.cache.cache").
            while target and target not in inside:
                target = target.rpartition(".")[0]
            if target and target != module:
                graph[module].add(target)
    return graph


@pytest.mark.parametrize("package", PACKAGES)
def test_no_module_level_cycle_inside_a_package(package: str) -> None:
    assert cycle(module_graph(package)) is None


def test_the_module_graph_skips_function_and_typing_imports(tmp_path: Path) -> None:
    source = tmp_path / "m.py"
    source.write_text(
        "from typing import TYPE_CHECKING\nimport a\nif TYPE_CHECKING:\n    import b\n"
        "else:\n    import c\ntry:\n    from d import e\nexcept ImportError:\n    pass\n"
        "def f():\n    import g\nclass H:\n    import i\n",
        encoding="utf-8",
    )
    found = sorted(name for node in loaded_with(source) for name in _names("", node))
    assert found == ["a", "c", "d.e", "i", "typing.TYPE_CHECKING"]


def test_the_cycle_finder_finds_one() -> None:
    assert cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert cycle({"a": {"b"}, "b": set()}) is None


@pytest.mark.parametrize(
    ("rule", "module", "target", "allowed"),
    [
        (violation, "sync.worker", "storefront.clients.errors", True),
        (violation, "sync.worker", "config.settings.Settings", True),
        (violation, "sync.worker", "storefront.cache", False),
        (violation, "sync.bulk.runs", "cli.sync", False),
        (violation, "storefront", "sync.webhook", True),
        (violation, "storefront.views.health", "sync.events", False),
        (violation, "storefront.runners", "sandbox.server", False),
        (violation, "sandbox.server", "config.settings", False),
        (violation, "config.settings", "storefront.locales", False),
        (violation, "cli.main", "sandbox.server", True),
        (layout_violation, "sandbox.contentful.cma.core", "sandbox.contentful.sync_log", True),
        (layout_violation, "sandbox.contentful.cda.sync", "sandbox.contentful.sync_log.APIS", True),
        (layout_violation, "sandbox.contentful.seed", "sandbox.contentful.cma.lifecycle", True),
        (layout_violation, "sandbox.server", "sandbox.contentful.cda.app", True),
        (layout_violation, "sandbox.contentful.cma.core", "sandbox.contentful.cda.sync", False),
        (layout_violation, "sandbox.contentful.cda.reader", "sandbox.contentful.cma.core", False),
        (layout_violation, "sandbox.contentful.common", "sandbox.contentful.cda.localize", False),
    ],
)
def test_the_rules_themselves(
    rule: Callable[[str, str], str | None], module: str, target: str, allowed: bool
) -> None:
    assert (rule(module, target) is None) is allowed


def test_the_console_script_is_the_cli_package() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["scripts"] == {"storefront": "cli.main:main"}
