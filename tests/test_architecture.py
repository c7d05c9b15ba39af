"""The house rules that keep the code navigable: geo/ is pure Python, pages stay thin."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GEO_MODULES = sorted(p.stem for p in (ROOT / "geo").glob("*.py") if p.stem != "__init__")


def test_geo_never_imports_streamlit():
    imports = "; ".join(f"import geo.{name}" for name in GEO_MODULES)
    code = f"import sys; {imports}; print('streamlit' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "False", result.stdout


def test_modules_stay_small():
    """A file past ~400 lines is usually two ideas (STYLE.md); the translation table is data."""
    for path in [*ROOT.glob("geo/*.py"), *ROOT.glob("pages/*.py"), ROOT / "app.py"]:
        if path.name == "i18n.py":
            continue
        lines = len(path.read_text(encoding="utf-8").splitlines())
        assert lines <= 450, f"{path.relative_to(ROOT)} has {lines} lines"
