"""The distribution's two layers, kept apart: the engine never imports Pelican
or Markdown; no module imports another that imports it back; no module keeps
mutable state in globals."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import datacharts_engine

ENGINE = Path(datacharts_engine.__file__).resolve().parent
ADAPTER = ENGINE.parent / "pelican" / "plugins" / "datacharts"
HOSTS = ("pelican", "markdown", "feedgenerator", "docutils")


def _modules(folder: Path, package: str) -> dict[str, Path]:
    return {
        f"{package}.{path.stem}" if path.stem != "__init__" else package: path for path in sorted(folder.glob("*.py"))
    }


MODULES = {**_modules(ENGINE, "datacharts_engine"), **_modules(ADAPTER, "pelican.plugins.datacharts")}


def _imports(name: str, path: Path) -> set[str]:
    """Every module this one imports, at the top or inside a function."""
    package = name if path.stem == "__init__" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def test_the_engine_imports_no_host_library():
    for name, path in MODULES.items():
        if name.startswith("datacharts_engine"):
            hosts = sorted(m for m in _imports(name, path) if m.split(".")[0] in HOSTS)
            assert hosts == [], f"{path.name} imports {hosts}: the engine must not know its host"


def test_importing_the_whole_engine_loads_no_host_library():
    names = [name for name in MODULES if name.startswith("datacharts_engine")]
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n    importlib.import_module(name)\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {HOSTS!r}))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_no_import_cycle_between_modules():
    graph = {name: {m for m in _imports(name, path) if m in MODULES and m != name} for name, path in MODULES.items()}
    # A package's __init__ re-exporting names is not a cycle of code.
    for name in graph:
        graph[name].discard("datacharts_engine")
        graph[name].discard("pelican.plugins.datacharts")

    def cycle_from(start, node, seen):
        for nxt in sorted(graph[node]):
            if nxt == start:
                return [*seen, nxt]
            if nxt not in seen:
                found = cycle_from(start, nxt, [*seen, nxt])
                if found:
                    return found
        return None

    for name in graph:
        found = cycle_from(name, name, [name])
        assert found is None, "import cycle: " + " -> ".join(found)


def test_the_adapter_imports_the_engine_not_the_reverse():
    for name, path in MODULES.items():
        if name.startswith("datacharts_engine"):
            assert not [m for m in _imports(name, path) if m.startswith("pelican.plugins.datacharts")], path.name


def test_no_module_keeps_state_in_globals():
    for path in MODULES.values():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        assert not [n for n in ast.walk(tree) if isinstance(n, ast.Global)], f"{path.name} uses `global`"
        for node in tree.body:  # module-level names bound to mutable containers
            if isinstance(node, (ast.Assign, ast.AnnAssign)) and isinstance(
                node.value, (ast.Dict, ast.List, ast.Set, ast.DictComp, ast.ListComp, ast.SetComp)
            ):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                names = [t.id for t in targets if isinstance(t, ast.Name)]
                assert all(n.isupper() or n == "__all__" for n in names), f"{path.name}: module-level mutable {names}"


def test_no_sys_path_tricks():
    for path in MODULES.values():
        assert "sys.path" not in path.read_text(encoding="utf-8"), path.name
