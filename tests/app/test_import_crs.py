"""The import page's coordinate-system step in the running app (issue 12, point 4): a file whose
positions nothing can place gets no preselected system and cannot be confirmed; choosing one
converts the positions and enables the confirmation. A file whose sheet names Gaode gets GCJ-02
preselected, with its evidence."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit
from streamlit.testing.v1 import AppTest

from geo.crs import wgs84_to_gcj02
from geo.i18n import t
from tests.app.editor import sign_in_editor
from tests.import_helpers import xlsx_bytes

APP = str(Path(__file__).resolve().parents[2] / "app.py")
DEEP_INSIDE = [(117.45, 37.80), (117.42, 37.84)]


class FakeUpload:
    """What st.file_uploader returns, for a file the test hands the page (AppTest cannot upload)."""

    def __init__(self, name: str, content: bytes):
        self.name, self._content = name, content

    def getvalue(self) -> bytes:
        return self._content


def workbook(sheet: str) -> bytes:
    rows = [["名称", "经度", "纬度", "产业链环节", "状态"]]
    rows += [[f"坐标测试企业{i}", *wgs84_to_gcj02(lon, lat), "电芯", "在建"]
             for i, (lon, lat) in enumerate(DEEP_INSIDE)]
    return xlsx_bytes(rows, sheet=sheet)


def import_page(monkeypatch, content: bytes, lang: str = "zh") -> AppTest:
    upload = FakeUpload("台账.xlsx", content)
    monkeypatch.setattr(streamlit, "file_uploader", lambda *args, **kwargs: upload)
    at = sign_in_editor(AppTest.from_file(APP, default_timeout=60))
    if lang != "zh":
        at.query_params["lang"] = lang
    at.run()
    return at.switch_page("pages/data_import.py").run()


def crs_radio(at: AppTest, lang: str = "zh"):
    (radio,) = [r for r in at.radio if r.label == t("importcrs.radio", lang)]
    return radio


def confirm(at: AppTest):
    return at.button(key="qcm-import-confirm")


def test_no_evidence_no_preselection_and_choosing_enables_the_confirmation(monkeypatch):
    at = import_page(monkeypatch, workbook("Sheet1"))
    assert not at.exception
    radio = crs_radio(at)
    assert radio.value is None and radio.index is None
    assert t("importcrs.verdict.none", "zh") in [e.value for e in at.error]
    assert confirm(at).disabled
    assert t("importcrs.signal.outline_tie", "zh", inside=2, total=2) in "\n".join(m.value for m in at.markdown)

    radio.set_value("gcj02").run()
    assert not at.exception
    assert crs_radio(at).value == "gcj02"
    assert t("importcrs.chosen", "zh", crs=t("crs.gcj02", "zh")) in [s.value for s in at.success]
    assert not confirm(at).disabled
    assert not any(t("importcrs.verdict.none", "zh") == e.value for e in at.error)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_sheet_named_after_gaode_preselects_gcj02_with_its_evidence(monkeypatch, lang):
    at = import_page(monkeypatch, workbook("高德坐标"), lang)
    assert not at.exception
    assert crs_radio(at, lang).value == "gcj02"
    assert t("importcrs.verdict.proposed", lang, crs=t("crs.gcj02", lang)) in [i.value for i in at.info]
    evidence = "\n".join(m.value for m in at.markdown)
    assert t("importcrs.strength.strong", lang) in evidence and "高德坐标" in evidence
    assert not confirm(at).disabled
