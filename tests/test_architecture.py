"""The house rules that keep the code navigable (STYLE.md, README "Layout").

- geo/ is pure Python: it never imports streamlit, and nothing in it imports ui/ or pages/.
- geo/ is cut into sub-packages stacked in one order (:data:`GEO_STACK`): a package imports only the
  shared vocabularies (geo/*.py) and the packages below it, never one above; no module imports
  itself back through a cycle.
- ui/ is the Streamlit glue pages share; pages/ holds page files only and nothing imports them.
- Every package says what it is (a docstring) and what it offers (``__all__``).
"""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Bottom to top. "" is the vocabularies at geo/ top level (model, chain, filters, crs, i18n, units).
GEO_STACK = ("", "data", "store", "access", "figures", "importing", "lists", "map", "meeting")


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def _python_files(*folders: str) -> list[Path]:
    return sorted(p for folder in folders for p in (ROOT / folder).rglob("*.py"))


def _imports(path: Path) -> set[str]:
    """Every module ``path`` imports (at the top or inside functions), as absolute names."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _known(name: str, modules: set[str]) -> str | None:
    """The project module ``name`` refers to (``from geo.store import Store`` -> geo.store)."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


MODULES = {_module_name(p) for p in _python_files("geo", "ui")}
GRAPH = {_module_name(p): {m for m in map(lambda n: _known(n, MODULES), _imports(p)) if m and m != _module_name(p)}
         for p in _python_files("geo", "ui")}


def _layer(module: str) -> str:
    parts = module.split(".")
    if parts[0] != "geo" or len(parts) == 1 or (ROOT / "geo" / f"{parts[1]}.py").exists():
        return ""
    return parts[1]


def test_every_geo_package_is_in_the_stack():
    packages = {p.name for p in (ROOT / "geo").iterdir() if (p / "__init__.py").exists()}
    assert packages == set(GEO_STACK) - {""}


def test_no_import_runs_up_the_stack():
    upward = [f"{module} -> {target}" for module, targets in GRAPH.items() if module.startswith("geo")
              for target in targets
              if target.startswith("geo") and GEO_STACK.index(_layer(target)) > GEO_STACK.index(_layer(module))]
    assert not upward, upward


def test_no_import_cycle():
    # A package's __init__ re-exporting its own modules is a façade, not a cycle.
    edges = {m: {t for t in targets if not (m.startswith(t + ".") and t in GRAPH)} for m, targets in GRAPH.items()}
    state: dict[str, int] = {}
    cycles = []

    def visit(module: str, trail: list[str]) -> None:
        state[module] = 1
        for target in sorted(edges.get(module, ())):
            if state.get(target) == 1:
                cycles.append(" -> ".join([*trail[trail.index(target):], target]))
            elif target not in state:
                visit(target, [*trail, target])
        state[module] = 2

    for module in sorted(edges):
        if module not in state:
            visit(module, [module])
    assert not cycles, cycles


def test_geo_never_imports_streamlit_ui_or_pages():
    for module, path in ((_module_name(p), p) for p in _python_files("geo")):
        bad = {n for n in _imports(path) if n.split(".")[0] in ("streamlit", "streamlit_folium", "ui", "pages")}
        assert not bad, f"{module} imports {bad}"
    imports = "; ".join(f"import {name}" for name in sorted(MODULES) if name.startswith("geo"))
    code = f"import sys; {imports}; print('streamlit' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False", result.stdout


def test_pages_holds_page_files_only():
    assert not (ROOT / "pages" / "__init__.py").exists()
    for path in [*_python_files("geo", "ui", "tests", "bench", "scripts"), ROOT / "app.py"]:
        assert not any(n.split(".")[0] == "pages" for n in _imports(path)), path
    registered = {node.args[0].value for node in ast.walk(ast.parse((ROOT / "app.py").read_text(encoding="utf-8")))
                  if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "Page"}
    assert {f"pages/{p.name}" for p in (ROOT / "pages").glob("*.py")} == registered


def test_pages_never_build_folium_objects():
    for path in (ROOT / "pages").glob("*.py"):
        assert not any(n.split(".")[0] in ("folium", "branca") for n in _imports(path)), path


@pytest.mark.parametrize("package", [p.parent for p in sorted((ROOT / "geo").rglob("__init__.py"))]
                         + [ROOT / "ui"], ids=lambda p: p.relative_to(ROOT).as_posix())
def test_packages_say_what_they_are_and_offer(package):
    tree = ast.parse((package / "__init__.py").read_text(encoding="utf-8"))
    docstring = ast.get_docstring(tree)
    assert docstring and "\n" not in docstring.strip(), "a one-line docstring"
    exported = [node for node in tree.body if isinstance(node, ast.Assign)
                and any(getattr(t, "id", "") == "__all__" for t in node.targets)]
    assert exported, "an explicit __all__"
    names = ast.literal_eval(exported[0].value)
    modules = {p.stem for p in package.glob("*.py") if p.stem != "__init__"} | {
        p.name for p in package.iterdir() if (p / "__init__.py").exists()}
    defined = {n.name for n in tree.body if isinstance(n, ast.FunctionDef | ast.ClassDef)} | {
        a.asname or a.name for n in tree.body if isinstance(n, ast.ImportFrom) for a in n.names}
    assert set(names) <= modules | defined, set(names) - modules - defined


def test_modules_stay_small():
    """A file past ~400 lines is usually two ideas (STYLE.md); the translation table is data."""
    for path in [*_python_files("geo", "ui", "pages"), ROOT / "app.py"]:
        if path.name == "i18n.py":
            continue
        lines = len(path.read_text(encoding="utf-8").splitlines())
        assert lines <= 450, f"{path.relative_to(ROOT)} has {lines} lines"
