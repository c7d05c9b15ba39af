"""The "1612" tracker page through the router (AppTest): the numbers shown, the editable
assumptions, reported figures kept apart, and the green-power section."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from geo.i18n import t

APP = str(Path(__file__).resolve().parents[2] / "app.py")
TIMEOUT_S = 30




def tracker_page(**query_params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT_S)
    for name, value in query_params.items():
        at.query_params[name] = value
    at.run()
    at.switch_page("pages/tracker.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def bars(at: AppTest) -> list[str]:
    return [p.proto.text for p in at.get("progress")]


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def table(at: AppTest, index: int):
    return at.dataframe[index].value


def test_progress_with_the_default_assumptions():
    at = tracker_page()
    assert [title.value for title in at.title] == [t("tracker.title", "zh")]
    assert bars(at) == [
        "电芯（年产能）：0.96 GWh / 目标 10.00 GWh（9.6%），尚差 9.04 GWh",
        "电池PACK（年产能）：0.00 GWh / 目标 6.00 GWh（0.0%），尚差 6.00 GWh",
        "储能系统（年产能）：0.00 GWh / 目标 10.00 GWh（0.0%），尚差 10.00 GWh",
        "产值：清单合计（推算值）：10 亿元 / 目标 200 亿元（5.0%），尚差 190 亿元",
        "报道值：规上新能源企业年产值超 40 亿元（S1，2022年）/ 目标 200 亿元（20.0% 以上）",
    ]
    assert [p.proto.value for p in at.get("progress")] == [9, 0, 0, 5, 20]
    assert metrics(at)[t("tracker.cells_now", "zh")] == "0.96 GWh"


def test_every_contributing_record_with_its_formula():
    records = table(tracker_page(lang="en"), 0).set_index("ID")
    assert list(records.index) == ["P-CELL-14500", "P-YUTUO-5AH"]
    assert records.loc["P-YUTUO-5AH", "Formula"] == "200,000 cells/day × 5 Ah × 3.2* V × 300 d = 0.96 GWh/yr"
    assert records.loc["P-YUTUO-5AH", "Counted"] == "counted"
    assert records.loc["P-CELL-14500", "Formula"] == (
        "2,000,000 cells/day × 0.8* Ah × 3.7* V × 300 d = 1.776 GWh/yr")
    assert records.loc["P-CELL-14500", "Counted"] == "not counted: renovating"


def test_assumptions_are_editable():
    at = tracker_page(lang="en")
    at.toggle(key="tr_renovating").set_value(True).run()
    assert bars(at)[0].startswith("Battery cells (capacity per year): 2.74 GWh of 10.00 GWh (27.4%)")
    at.number_input(key="tr_days").set_value(365).run()
    assert metrics(at)["Cell capacity now (derived)"] == f"{(0.96 + 1.776) * 365 / 300:.2f} GWh"
    at.number_input(key="tr_ah14500").set_value(0.6)
    at.number_input(key="tr_v14500").set_value(3.2).run()
    expected = 200_000 * 5 * 3.2 * 365 / 1e9 + 2_000_000 * 0.6 * 3.2 * 365 / 1e9
    assert metrics(at)["Cell capacity now (derived)"] == f"{expected:.2f} GWh"
    assert not at.exception


def test_the_14500_assumption_is_stated_as_one():
    at = tracker_page(lang="en")
    text = " ".join(m.value for m in at.markdown)
    assert "The 14500 cells' Ah and voltage are not reported: these are assumptions." in text
    assert "≈ 1.15–2.66 GWh/yr" in text  # 0.6 Ah x 3.2 V to 1.2 Ah x 3.7 V, 2 million a day, 300 d
    assert "32650" in text and "3.2 V" in text and "300 operating days" in text


def test_reported_output_is_beside_the_computed_one_never_added():
    shown = bars(tracker_page(lang="en"))
    assert "Output value: sum of the lists (derived): 1 bn yuan of 20 bn yuan (5.0%); 19 bn yuan to go" in shown
    assert any(b.startswith("Reported:") and "over 4 bn yuan" in b for b in shown)
    assert not any("5 bn yuan" in b for b in shown)  # 1 + 4 is never shown


def test_green_power_section():
    at = tracker_page(lang="en")
    shown = metrics(at)
    assert shown["New-energy generation, Q1–Q3 2022"] == "839 million kWh"
    assert shown["New-energy generation, Q1 2022"] == "292 million kWh"
    assert shown["Q1 generation ÷ county consumption"] == "1.28×"
    methods = table(at, 1)
    assert list(methods["Formula"]) == [
        "839,000,000 × 365 ÷ 273 = 1,121,739,927 kWh",
        "292,000,000 × 4 = 1,168,000,000 kWh",
        "292,000,000 ÷ 1.28 = 228,125,000 kWh; × 4 = 912,500,000 kWh",
    ]
    needs = table(at, 2)
    assert list(needs["Need per year"]) == ["36.0 million kWh", "375 million kWh"]
    assert list(needs["Share of green power (A)"]) == ["3.2%", "33.4%"]
    assert list(needs["Surplus covers (A)"]) == ["100.0%", "55.8%"]
    assert list(needs["Surplus covers (B)"]) == ["100.0%", "68.1%"]
    assert shown["Share of the “1612” need the green surplus covers"] == "56%"


def test_production_energy_is_editable():
    at = tracker_page(lang="en")
    at.number_input(key="gp_cell_k").set_value(20.3)
    at.number_input(key="gp_pack_k").set_value(1.0).run()
    needs = table(at, 2)
    assert list(needs["Formula"]) == [
        "cells 0.96 GWh × 20.3 + packs/ESS 0 GWh × 1 = 19,488,000 kWh",
        "cells 10 GWh × 20.3 + packs/ESS 16 GWh × 1 = 219,000,000 kWh",
    ]


def test_sources_cite_the_paper_with_its_doi():
    at = tracker_page()
    text = " ".join(m.value for m in at.markdown)
    assert "doi:10.1038/s41560-023-01355-z" in text and "doi:10.1016/j.jclepro.2021.129798" in text


def test_sidebar_filters_do_not_change_the_county_goals():
    at = tracker_page(seg="green_power", node="wind")
    assert bars(at)[0].startswith("电芯（年产能）：0.96 GWh")
