"""The HTML exports validate (issue 13, point 5): the standalone map (geo/meeting/standalone.py) and the brief
the PDF is printed from (geo/meeting/brief.py) each have a doctype, a language on <html>, exactly one
charset declaration (first in <head>), no script or stylesheet outside <head>/<body> and no stylesheet
in <body>. Checked by parsing (html.parser) and, where HTML Tidy is installed, by tidy itself."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from html.parser import HTMLParser

import pytest

from geo.filters import ViewState
from geo.meeting.brief import brief_html
from geo.meeting.standalone import Caption, map_html

TODAY = date(2026, 11, 25)
CAPTION = Caption("标题 & <b>", "说明文字", ("S1",))


class Structure(HTMLParser):
    """What a validator looks at first: doctype, <html lang>, charset declarations, where scripts and
    stylesheets stand relative to <head> and <body>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.doctype: str | None = None
        self.lang: str | None = None
        self.charsets: list[str] = []
        self.where = "start"  # start, head, between, body, after
        self.misplaced: list[str] = []
        self.first_in_head: str | None = None

    def handle_decl(self, decl):
        self.doctype = decl

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        elif tag == "head":
            self.where = "head"
        elif tag == "body":
            self.where = "body"
        elif self.where == "head" and self.first_in_head is None:
            self.first_in_head = tag
        if tag == "meta" and ("charset" in attrs or "charset=" in (attrs.get("content") or "").lower()):
            self.charsets.append(str(attrs))
        if tag in ("script", "style", "link") and self.where in ("between", "after", "start"):
            self.misplaced.append(f"<{tag}> {self.where} <body>")
        if tag in ("style", "link") and self.where == "body":
            self.misplaced.append(f"<{tag}> in <body>")

    def handle_endtag(self, tag):
        if tag == "head":
            self.where = "between"
        elif tag == "body":
            self.where = "after"


def structure(html: str) -> Structure:
    parser = Structure()
    parser.feed(html)
    parser.close()
    return parser


def exports(dataset):
    yield "map zh", map_html(dataset, ViewState(), TODAY), "zh-CN"
    yield "map en, tour step", map_html(dataset, ViewState(lang="en"), TODAY, caption=CAPTION), "en"
    yield "brief picture", map_html(dataset, ViewState(), TODAY, compact=True, coordinates=False), "zh-CN"
    yield "brief", brief_html(dataset, ViewState(), b"\x89PNG", TODAY, CAPTION), "zh-CN"
    yield "brief en", brief_html(dataset, ViewState(lang="en"), None, TODAY), "en"


@pytest.fixture(scope="module")
def documents(dataset):
    return list(exports(dataset))


def test_doctype_language_one_charset_and_nothing_outside_the_body(documents):
    for name, html, lang in documents:
        found = structure(html)
        assert (found.doctype or "").lower() == "doctype html", name
        assert found.lang == lang, name
        assert len(found.charsets) == 1, (name, found.charsets)
        assert found.first_in_head == "meta", name  # the charset within the first bytes of <head>
        assert found.misplaced == [], (name, found.misplaced)
        assert html.rstrip().endswith("</html>") and html.count("</body>") == 1, name


def test_the_checker_catches_what_branca_writes():
    """branca's own page (two charsets' worth of meta and the script after </body>) fails the check."""
    import folium

    found = structure(folium.Map().get_root().render())
    assert found.misplaced == ["<script> after <body>"] and found.lang is None


TIDY = shutil.which("tidy")


@pytest.mark.skipif(TIDY is None, reason="HTML Tidy (apt: tidy) not installed")
def test_tidy_finds_no_errors_and_no_warnings_but_empty_swatches(documents, tmp_path):
    """Tidy's only remark may be that it would trim the legend's and the bars' empty <span>s (they are
    coloured boxes, valid HTML)."""
    for index, (name, html, _) in enumerate(documents):
        path = tmp_path / f"export{index}.html"
        path.write_text(html, encoding="utf-8")
        result = subprocess.run([TIDY, "-q", "-e", "--show-warnings", "yes", "-utf8", str(path)],
                                capture_output=True, text=True, timeout=120)
        remarks = [line for line in result.stderr.splitlines()
                   if line.strip() and "trimming empty <span>" not in line]
        assert result.returncode < 2 and remarks == [], (name, remarks[:10])
