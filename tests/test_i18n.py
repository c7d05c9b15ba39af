"""geo.i18n: the one translation table is complete for zh and en, and every key the code uses exists."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geo.chain import NODE_IDS
from geo.filters import BASEMAPS
from geo.i18n import DEFAULT_LANGUAGE, LANGUAGES, TEXT, escape_markdown, t
from geo.model import KINDS, LAYERS, LOCATION_PROVENANCES, PROVENANCES, SEGMENTS, STATUSES, UNKNOWN_TOWNSHIP

ROOT = Path(__file__).resolve().parent.parent
SOURCE_FILES = sorted([*ROOT.joinpath("geo").rglob("*.py"), *ROOT.joinpath("ui").glob("*.py"),
                       *ROOT.joinpath("pages").glob("*.py"), ROOT / "app.py"])
KEY_SHAPE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")
CJK = re.compile(r"[\u3400-\u9fff]")
FILE_EXTENSIONS = {"py", "csv", "json", "geojson", "js", "css", "md", "txt", "png", "html", "xlsx", "zip"}

# vocabulary -> the key prefix the code looks its codes up under
VOCABULARIES = {
    "segment": SEGMENTS,
    "status": STATUSES,
    "layer": LAYERS,
    "kind": KINDS,
    "provenance": PROVENANCES,
    "location": LOCATION_PROVENANCES,
    "basemap": BASEMAPS,
    "chain_node": NODE_IDS,
    "township": (UNKNOWN_TOWNSHIP,),
}


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _source_trees():
    for path in SOURCE_FILES:
        yield path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _t_calls():
    """Every call of geo.i18n.t in the app's source, as (file:line, first argument node)."""
    for path, tree in _source_trees():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "t" and node.args:
                yield f"{path.relative_to(ROOT)}:{node.lineno}", node.args[0]


def test_source_files_are_found():
    names = {p.relative_to(ROOT).as_posix() for p in SOURCE_FILES}
    assert {"app.py", "geo/map/build.py", "geo/figures/metrics.py", "pages/map.py", "ui/sidebar.py"} <= names
    assert sum(1 for _ in _t_calls()) > 50


@pytest.mark.parametrize("key", sorted(TEXT))
def test_every_entry_has_zh_and_en(key):
    entry = TEXT[key]
    assert set(entry) == set(LANGUAGES), key
    assert all(isinstance(entry[lang], str) and entry[lang].strip() for lang in LANGUAGES), key
    assert KEY_SHAPE.match(key), key


@pytest.mark.parametrize("key", sorted(TEXT))
def test_zh_and_en_have_the_same_placeholders(key):
    assert _fields(TEXT[key]["zh"]) == _fields(TEXT[key]["en"]), key


def test_english_text_is_english():
    """Chinese in an English entry is an untranslated copy, unless it glosses an official term in
    brackets ("to fill (补链)"); the language switch is bilingual on purpose."""
    bilingual = {"sidebar.language"}  # "Language 语言": findable by a reader of either language
    glosses = re.compile(r"\([^()]*\)|（[^（）]*）")
    untranslated = [k for k, e in TEXT.items() if k not in bilingual and CJK.search(glosses.sub("", e["en"]))]
    assert untranslated == []


def test_every_literal_key_used_in_the_code_exists():
    missing = []
    for where, arg in _t_calls():
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and arg.value not in TEXT:
            missing.append(f"{where}: {arg.value}")
    assert missing == []


def test_every_key_like_string_in_the_code_exists():
    """Keys kept in tuples or lists before they reach t() (popup fields, legend notes, ...), and
    vocabulary prefixes handed to helpers ("lists.contact" for lists.contact.<code>)."""
    prefixes = {key.split(".")[0] for key in TEXT}
    missing = []
    for path, tree in _source_trees():
        if path.name == "i18n.py":
            continue
        # The literal parts of f-strings (f"export.source_{k}") are prefixes, checked further below.
        fragments = {id(v) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for v in node.values}
        for node in ast.walk(tree):
            if id(node) in fragments:
                continue
            if (isinstance(node, ast.Constant) and isinstance(node.value, str) and KEY_SHAPE.match(node.value)
                    and node.value.split(".")[0] in prefixes and node.value not in TEXT
                    and not any(key.startswith(node.value + ".") for key in TEXT)  # a vocabulary prefix
                    and node.value.rsplit(".", 1)[1] not in FILE_EXTENSIONS):
                missing.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value}")
    assert missing == []


def _dynamic_prefix(arg: ast.expr) -> str | None:
    """'segment.' for t(f"segment.{s}") or t("segment." + s); None for a literal or a plain variable."""
    if isinstance(arg, ast.JoinedStr) and arg.values and isinstance(arg.values[0], ast.Constant):
        return arg.values[0].value
    if isinstance(arg, ast.BinOp) and isinstance(arg.op, ast.Add) and isinstance(arg.left, ast.Constant):
        return arg.left.value
    return None


def test_every_computed_key_family_exists():
    families = {prefix for _, arg in _t_calls() if (prefix := _dynamic_prefix(arg))}
    assert {"segment.", "status.", "layer.", "basemap."} <= families
    unknown = sorted(p for p in families if not any(key.startswith(p) for key in TEXT))
    assert unknown == []


@pytest.mark.parametrize(("prefix", "codes"), VOCABULARIES.items(), ids=VOCABULARIES.keys())
def test_every_vocabulary_code_has_its_key(prefix, codes):
    assert codes
    missing = [f"{prefix}.{code}" for code in codes if f"{prefix}.{code}" not in TEXT]
    assert missing == []


def test_vocabulary_labels_are_distinct_within_a_language():
    """Two codes with one label could not be told apart in a filter."""
    for prefix, codes in VOCABULARIES.items():
        for lang in LANGUAGES:
            labels = [t(f"{prefix}.{code}", lang) for code in codes]
            assert len(set(labels)) == len(labels), (prefix, lang, labels)


def test_kpi_kind_badges_exist():
    assert {"kpi.reported_badge", "kpi.derived_badge"} <= set(TEXT)


def test_t_formats_and_falls_back():
    assert t("kpi.source", "en", source="S1") == "Source: S1"
    assert t("kpi.source", "zh", source="S1") == "来源：S1"
    assert t("map.title") == TEXT["map.title"][DEFAULT_LANGUAGE]
    assert t("map.title", "fr") == TEXT["map.title"]["zh"]
    with pytest.raises(KeyError):
        t("no.such_key", "en")


@given(st.text())
def test_escaped_markdown_has_every_special_mark_escaped(text):
    """Security review, point 13: values from a URL or from data shown where Markdown is rendered."""
    escaped = escape_markdown(text)
    i = 0
    while i < len(escaped):
        if escaped[i] == "\\":
            i += 2  # an escape and what it escapes
            continue
        assert escaped[i] not in "`*_[]()<>#!|~:$" and escaped[i] != "\n"
        i += 1
