"""The pipeline's shape: no import cycles, and each stage imports only the stages before it.

decode → markdown → read → model → exporters / lint / batch → cli. Every import counts, also
those inside functions (a cycle through a lazy import is still a cycle a reader must untangle).
"""

from __future__ import annotations

import ast
from pathlib import Path

import awesome_parse

PACKAGE = Path(awesome_parse.__file__).parent


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in PACKAGE.rglob("*.py")}


def _resolve(importer: str, is_package: bool, node: ast.ImportFrom, known: set[str]) -> set[str]:
    if node.level:
        base = importer.split(".")
        base = base if is_package else base[:-1]
        base = base[: len(base) - (node.level - 1)]
        prefix = ".".join(base + ([node.module] if node.module else []))
    else:
        prefix = node.module or ""
    targets = set()
    for alias in node.names:
        candidate = f"{prefix}.{alias.name}"
        targets.add(candidate if candidate in known else prefix)
    return {t for t in targets if t in known}


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        is_package = path.name == "__init__.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                graph[name] |= _resolve(name, is_package, node, known)
            elif isinstance(node, ast.Import):
                graph[name] |= {alias.name for alias in node.names if alias.name in known}
        graph[name].discard(name)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_no_module_imports_itself_through_others() -> None:
    assert _cycles(_graph()) == []


# Which packages each stage may import (besides itself and the small shared helpers).
_SHARED = {"awesome_parse._version", "awesome_parse._collector", "awesome_parse._words"}
_MAY_IMPORT = {
    "awesome_parse.decode": {"awesome_parse.model"},
    "awesome_parse.markdown": set(),
    "awesome_parse.read": {
        "awesome_parse.markdown",
        "awesome_parse.metadata",
        "awesome_parse.model",
    },
    "awesome_parse.metadata": {"awesome_parse.model"},
    "awesome_parse.model": set(),
}


def _stage(module: str) -> str | None:
    for stage in _MAY_IMPORT:
        if module == stage or module.startswith(stage + "."):
            return stage
    return None


def test_each_stage_imports_only_the_stages_before_it() -> None:
    wrong = []
    for module, targets in _graph().items():
        stage = _stage(module)
        if stage is None:
            continue
        for target in targets:
            if target in _SHARED or _stage(target) == stage:
                continue
            if _stage(target) not in _MAY_IMPORT[stage]:
                wrong.append(f"{module} imports {target}")
    assert wrong == []
