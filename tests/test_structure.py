"""The shape of the code base: no import loops, no oversized modules, no hidden imports, and
nothing that depends on files outside the repository."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "feedback_app"
LONGEST_MODULE = 400


def _modules() -> dict[str, tuple[Path, bool]]:
    modules = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts = parts[:-1]
        modules[".".join(parts)] = (path, is_package)
    return modules


def _imported(module: str, is_package: bool, node, modules) -> set[str]:
    """The project modules an import statement loads, naming ``pkg.name`` where ``name`` is a
    submodule and the package itself otherwise."""
    def nearest(name: str) -> str:
        while name not in modules and "." in name:
            name = name.rsplit(".", 1)[0]
        return name

    found = set()
    if isinstance(node, ast.Import):
        found = {nearest(alias.name) for alias in node.names if alias.name.startswith("feedback_app")}
    elif isinstance(node, ast.ImportFrom):
        if node.level:
            base = module.split(".") if is_package else module.split(".")[:-1]
            base = base[:len(base) - (node.level - 1)]
            source = ".".join(base + ([node.module] if node.module else []))
        else:
            source = node.module or ""
        if source.startswith("feedback_app"):
            found = {f"{source}.{alias.name}" if f"{source}.{alias.name}" in modules else nearest(source)
                     for alias in node.names}
    return found


def _with_parents(names: set[str]) -> set[str]:
    """Importing ``pkg.sub`` runs ``pkg/__init__`` first: the packages on the way are loaded too
    (all but the application's own top package, whose imports happen inside ``create_app``)."""
    found = set(names)
    for name in names:
        parts = name.split(".")
        found |= {".".join(parts[:end]) for end in range(2, len(parts))}
    return found


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    graph = {}
    for name, (path, is_package) in modules.items():
        edges = set()
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            edges |= _imported(name, is_package, node, modules)
        edges = _with_parents(edges)
        edges.discard(name)
        # A module's own package is loaded before it: not an import it makes.
        edges -= {".".join(name.split(".")[:end]) for end in range(1, name.count(".") + 1)}
        graph[name] = edges
    return graph


def import_loops(graph: dict[str, set[str]]) -> list[list[str]]:
    """Groups of modules that import one another, directly or round a loop (Tarjan's algorithm)."""
    index, low, stack, on_stack, loops, counter = {}, {}, [], set(), [], [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in graph:
                continue
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                loops.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return loops


def test_no_two_modules_import_each_other_directly_or_in_a_loop():
    assert import_loops(import_graph()) == []


def test_the_loop_check_sees_a_loop_through_a_package():
    graph = {"a": {"a.views"}, "a.views": {"a"}, "b": {"a"}}
    assert import_loops(graph) == [["a", "a.views"]]


def test_no_module_is_longer_than_the_limit():
    long = {str(path.relative_to(ROOT)): lines for path in PACKAGE.rglob("*.py")
            if (lines := len(path.read_text().splitlines())) > LONGEST_MODULE}
    assert long == {}, f"split these modules (over {LONGEST_MODULE} lines): {long}"


def test_no_module_is_imported_by_name_at_run_time():
    # An import made by name with its errors swallowed hides a broken module until someone needs it.
    found = [str(path.relative_to(ROOT)) for path in PACKAGE.rglob("*.py")
             if "importlib" in path.read_text() or "__import__(" in path.read_text()]
    assert found == []


def test_nothing_depends_on_files_outside_the_repository():
    places = [ROOT / "README.md", ROOT / "ARCHITECTURE.md", ROOT / "Makefile", *(ROOT / ".ci").rglob("*"),
              *PACKAGE.rglob("*.py"), *(ROOT / "tests").rglob("*.py"), *(ROOT / "bench").rglob("*.py")]
    outside = "../" + "shared"
    found = [str(path.relative_to(ROOT)) for path in places if path.is_file() and outside in path.read_text()]
    assert found == []


def test_importing_a_module_counts_as_importing_the_packages_around_it():
    # paper.pdf imported from the dispatcher runs paper/__init__ first: a loop through it counts.
    assert _with_parents({"feedback_app.paper.pdf"}) == {"feedback_app.paper.pdf", "feedback_app.paper"}
