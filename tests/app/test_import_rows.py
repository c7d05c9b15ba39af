"""The import page's rows (issue 12, points 2, 3, 5, 6), in the running page (AppTest): a file with an
ambiguous segment, a mistyped credit code, a notes line and a row without a name. The editor
confirms the segment's meaning and the credit code, imports the good rows, and the store gets
exactly those. AppTest cannot upload, so the uploader hands the page the file's bytes."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit
from streamlit.testing.v1 import AppTest

from geo.data.tables import table_rows
from geo.i18n import t
from geo.model import credit_code_check_character
from geo.store import open_store
from tests.app.editor import sign_in_editor
from tests.import_helpers import xlsx_bytes

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
FIRST17 = "91371423MA3C00002"
TYPO = FIRST17 + ("0" if credit_code_check_character(FIRST17) != "0" else "1")
ROWS = [["庆云县锂电产业企业清单（2024年6月）"], [],
        ["企业名称", "统一社会信用代码", "产业链环节", "状态", "经度", "纬度"],
        ["页面测试电池企业甲", None, "电池", "在建", 117.45, 37.80],
        ["页面测试电池企业乙", None, "电池", "在建", 117.46, 37.81],
        ["页面测试材料企业", TYPO, "电池材料", "投产", 117.44, 37.79],
        [None, None, "电芯", "在建", 117.43, 37.78],
        ["填表说明：坐标为 WGS-84。"]]
NAMES = {"页面测试电池企业甲", "页面测试电池企业乙", "页面测试材料企业"}


class _Upload:
    def __init__(self, name: str, data: bytes):
        self.name, self._data = name, data

    def getvalue(self) -> bytes:
        return self._data


@pytest.fixture
def page(tmp_path, monkeypatch):
    monkeypatch.setenv("QCM_STORE_DIR", str(tmp_path))
    content = xlsx_bytes(ROWS)  # made once: an xlsx carries the second it was written, so its hash would change
    monkeypatch.setattr(streamlit, "file_uploader", lambda *a, **k: _Upload("清单.xlsx", content))

    def open_page(lang: str) -> AppTest:
        at = sign_in_editor(AppTest.from_file(APP, default_timeout=120))
        at.query_params["lang"] = lang
        at.run()
        at.switch_page("pages/data_import.py").run()
        assert not at.exception, [e.value for e in at.exception]
        # The rows lie deep inside the county: nothing tells their system, so the editor names it (ui/importcrs.py).
        (radio,) = [r for r in at.radio if r.label == t("importcrs.radio", lang)]
        radio.set_value("wgs84").run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    return open_page


def _button(at: AppTest, key: str):
    return next(b for b in at.button if b.key == key)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_confirm_the_ambiguous_value_and_the_credit_code_then_import_the_good_rows(page, lang, tmp_path):
    at = page(lang)
    warnings = " ".join(w.value for w in at.warning)
    assert t("importrows.ambiguous_waiting", lang, n=1) in warnings
    assert t("importrows.kept_out", lang, rows="7", n=1, good=3) in warnings
    confirm = _button(at, "qcm-import-confirm")
    assert confirm.label == t("importrows.import_good", lang, n="3") and confirm.disabled
    # The problems table (the column-mapping grid above it is a dataframe too).
    (problems,) = [d.value for d in at.dataframe
                   if list(d.value.columns[:3]) == [t("import.col.row", lang), t("import.col.column", lang),
                                                    t("importrows.col.kind", lang)]]
    assert str(problems.iloc[:, 0].dtype) == "Int64"
    kinds = set(problems[t("importrows.col.kind", lang)])
    assert {t(f"importrows.kind.{k}", lang) for k in ("required", "code", "ambiguous", "skipped")} <= kinds
    notes_line = problems[problems.iloc[:, 0] == 8]  # skipped with one note, never "required, but empty"
    assert notes_line.iloc[:, 4].tolist() == [t("import.problem.skipped_note", lang)]

    # One select for "电池" (two rows), preset to the suggestion; choose PACK and confirm.
    (select,) = [s for s in at.selectbox if s.key.startswith("qcm-import-ambiguous-")]
    assert select.value == "cells" and "4, 5" in select.label
    select.set_value("pack").run()
    _button(at, "qcm-import-ambiguous-ok-0").click().run()
    assert not at.exception
    assert t("importrows.ambiguous_waiting", lang, n=1) not in " ".join(w.value for w in at.warning)
    assert _button(at, "qcm-import-confirm").disabled  # the credit code still waits for its tick

    (codes,) = [c for c in at.checkbox if c.key == "qcm-import-codes-0"]
    codes.check().run()
    confirm = _button(at, "qcm-import-confirm")
    assert not confirm.disabled
    confirm.click().run()
    assert not at.exception
    assert [s.value for s in at.success] == [t("import.done", lang, batch=2, added=3, changed=0, removed=0)]

    stored = {r["name_zh"]: r for r in table_rows(open_store(next(tmp_path.glob("*.gpkg"))).dataset(), "chain")}
    assert set(stored) >= NAMES
    assert stored["页面测试电池企业甲"]["chain_segment"] == "pack" == stored["页面测试电池企业乙"]["chain_segment"]
    assert stored["页面测试材料企业"]["credit_code"] in (None, "")
