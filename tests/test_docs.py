"""The README cannot drift: its commands and settings must be real (after datasette's test_docs)."""

import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_two_setup_commands_exist_and_ci_runs_the_test_one():
    commands = re.findall(r"^bash (scripts/\w+)", README, flags=re.MULTILINE)
    assert commands == ["scripts/run", "scripts/test"]
    for command in commands:
        path = ROOT / command
        assert path.is_file() and os.access(path, os.X_OK), command
    ci = (ROOT / ".ci/run").read_text(encoding="utf-8")
    assert "scripts/test" in ci


def test_every_documented_setting_is_read_by_the_code():
    code = "\n".join(p.read_text(encoding="utf-8")
                     for p in [*ROOT.glob("*.py"), *ROOT.glob("pages/*.py"), *ROOT.glob("ui/*.py"),
                               *ROOT.glob("geo/**/*.py"),
                               ROOT / "scripts/run"])
    settings = set(re.findall(r"env `([A-Z_]+)`", README))
    assert settings >= {"QCM_DATA_DIR", "TIANDITU_KEY", "PORT"}
    for name in settings:
        assert name in code, f"README documents {name} but no code reads it"
    assert "tianditu_key" in code


def test_readme_points_at_files_that_exist():
    for link in re.findall(r"\]\(([^)#]+)\)", README):
        if not link.startswith("http"):
            assert (ROOT / link).exists(), link
