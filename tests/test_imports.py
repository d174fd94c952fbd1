"""The layering of the top-level packages, read from the source: the kernel (`core`) imports none
of the others, and no two packages import each other, directly or round about."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = sorted(p.name for p in ROOT.iterdir() if (p / "__init__.py").exists() and p.name != "tests")


def imports_of(package: str) -> set[str]:
    """The other top-level packages `package` imports anywhere in its modules (also inside functions)."""
    found: set[str] = set()
    for path in (ROOT / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            found |= {n.split(".")[0] for n in names} & set(PACKAGES)
    return found - {package}


GRAPH = {p: imports_of(p) for p in PACKAGES}


def cycles() -> list[list[str]]:
    """Strongly connected components of more than one package (Tarjan)."""
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in GRAPH[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for p in PACKAGES:
        if p not in index:
            visit(p)
    return out


def test_the_kernel_imports_no_other_package():
    assert "core" in PACKAGES and GRAPH["core"] == set()


def test_no_import_cycle_between_top_level_packages():
    assert cycles() == [], {p: sorted(GRAPH[p]) for p in PACKAGES}


def test_the_command_line_is_on_top():
    assert not [p for p in PACKAGES if "dvm" in GRAPH[p]]  # nothing imports the command line


IMPLEMENTATION_NAME = re.compile(r"^[A-Za-z_]\w*(\.[A-Za-z_]\w*)+:[A-Za-z_]\w*$")  # "package.module:attribute"


def test_the_kernel_names_no_implementation_by_a_string():
    # the kernel declares data; the code of each source is imported where it is wired (flows/wiring.py),
    # so the import graph above, mypy and go-to-definition see it. importlib.metadata (the version) is
    # no way to import code; any other use of importlib, or __import__, is.
    for path in (ROOT / "core").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            where = f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', '?')}"
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                assert not IMPLEMENTATION_NAME.match(node.value.strip()), where
            elif isinstance(node, ast.Import):
                assert all(a.name.split(".")[0] != "importlib" for a in node.names), where
            elif isinstance(node, ast.ImportFrom):
                assert (
                    node.module is None
                    or node.module == "importlib.metadata"
                    or not (node.module == "importlib" or node.module.startswith("importlib."))
                ), where
            elif isinstance(node, ast.Name):
                assert node.id != "__import__", where
