"""The "1612" tracker page through the router (AppTest): the numbers shown, the editable
assumptions, reported figures kept apart, and the green-power section."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo import units
from geo.data.dataset import load_dataset
from geo.figures.tracker import DEFAULT_ASSUMPTIONS, CellAssumptions, cell_formula, tracker_figures
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


def figures(assumptions: CellAssumptions = DEFAULT_ASSUMPTIONS):
    """The tracker's figures of the bundled data (pinned in tests/data/test_bundled_figures.py)."""
    data = load_dataset()
    return tracker_figures(data.records, data.facts, assumptions)


def test_progress_with_the_default_assumptions():
    at = tracker_page()
    f = figures()
    goal = f.targets

    def gwh_bar(label, current, target):
        return (f"{label}（年产量）：{current:.2f} GWh（推算）/ 目标 {target:.2f} GWh（{current / target:.1%}），"
                f"尚差 {target - current:.2f} GWh")

    def yi(value):
        return units.yuan(value, "zh")

    listed, reported = f.listed_output_cny, f.reported_output_cny
    assert [title.value for title in at.title] == [t("tracker.title", "zh")]
    assert bars(at) == [
        gwh_bar("电芯", f.cells_gwh, goal["cells"]),
        gwh_bar("电池PACK", 0, goal["packs"]),
        gwh_bar("储能系统", 0, goal["ess"]),
        f"产值：清单合计：{yi(listed)}（推算）/ 目标 {yi(goal['output_value'])}"
        f"（{listed / goal['output_value']:.1%}），尚差 {yi(goal['output_value'] - listed)}",
        f"报道值：规上新能源企业年产值超 {yi(reported)}（S1，2022年）/ 目标 {yi(goal['output_value'])}"
        f"（{reported / goal['output_value']:.1%} 以上）",
    ]
    shares = [f.cells_gwh / goal["cells"], 0, 0, listed / goal["output_value"], reported / goal["output_value"]]
    assert [p.proto.value for p in at.get("progress")] == [int(min(share, 1) * 100) for share in shares]
    assert metrics(at)[t("tracker.cells_now", "zh")] == f"{f.cells_gwh:.2f} GWh"


def test_every_contributing_record_with_its_formula():
    records = table(tracker_page(lang="en"), 0).set_index("ID")
    contributions = figures().contributions
    assert list(records.index) == [c.id for c in contributions] != []
    for c in contributions:
        assert records.loc[c.id, "Formula"] == cell_formula(c, "en")  # the text: tests/figures/test_tracker.py
        assert records.loc[c.id, "Counted"] == {"counted": "counted",
                                                "renovating_excluded": "not counted: renovating",
                                                "no_ah": "cannot compute: Ah unknown"}[c.reason]


def test_assumptions_are_editable():
    at = tracker_page(lang="en")
    renovating = DEFAULT_ASSUMPTIONS.with_(include_renovating=True)
    at.toggle(key="tr_renovating").set_value(True).run()
    f = figures(renovating)
    assert f.cells_gwh > figures().cells_gwh  # the data has renovating cell projects
    assert bars(at)[0].startswith(f"Battery cells (annual output): {f.cells_gwh:.2f} GWh (derived) of "
                                  f"{f.targets['cells']:.2f} GWh ({f.cells_gwh / f.targets['cells']:.1%})")
    at.number_input(key="tr_days").set_value(365).run()
    expected = f.cells_gwh * 365 / 300
    assert metrics(at)["Cell output now (derived)"] == f"{expected:.2f} GWh"
    at.number_input(key="tr_ah14500").set_value(0.6)
    at.number_input(key="tr_v14500").set_value(3.2).run()
    expected = figures(renovating.with_(operating_days=365.0, volts_by_format=(("32650", 3.2), ("14500", 3.2)),
                                        ah_by_format=(("14500", 0.6),))).cells_gwh
    assert metrics(at)["Cell output now (derived)"] == f"{expected:.2f} GWh"
    assert not at.exception


def test_the_14500_assumption_is_stated_as_one():
    at = tracker_page(lang="en")
    text = " ".join(m.value for m in at.markdown)
    assert "The 14500 cells' Ah and voltage are not reported: these are assumptions." in text
    assert "≈ 1.15–2.66 GWh/yr" in text  # 0.6 Ah x 3.2 V to 1.2 Ah x 3.7 V, 2 million a day, 300 d
    assert "32650" in text and "3.2 V" in text and "300 operating days" in text


def test_reported_output_is_beside_the_computed_one_never_added():
    shown = bars(tracker_page(lang="en"))
    f = figures()
    listed, reported, goal = f.listed_output_cny, f.reported_output_cny, f.targets["output_value"]

    def bn(value):
        return units.yuan(value, "en")

    assert (f"Output value: sum of the lists: {bn(listed)} (derived) of {bn(goal)} ({listed / goal:.1%}); "
            f"{bn(goal - listed)} to go") in shown
    assert any(b.startswith("Reported:") and f"over {bn(reported)}" in b for b in shown)
    assert not any(bn(listed + reported) in b for b in shown)  # listed + reported is never shown


def green_table(at: AppTest):
    return at.table[0].value


def test_green_power_coverage_after_the_county_consumption():
    """Every term in one table; the headline is the surplus after the county's own use ÷ the need."""
    at = tracker_page(lang="en")
    facts = load_dataset().facts["value"].astype(float)
    q1_q3, q1 = facts["generation_q1_q3_2022_kwh"], facts["generation_q1_2022_kwh"]
    ratio = facts["q1_2022_generation_to_consumption"]
    surplus = q1_q3 * 365 / 273 - q1 / ratio * 4
    f = figures()
    need_1612 = f.targets["cells"] * 37.5e6  # packs and storage systems at zero energy (the defaults)
    shown = metrics(at)
    assert shown["Green surplus covers the “1612” need (derived)"] == f"{min(surplus / need_1612, 1):.1%}"
    assert shown["Green surplus covers today's need (derived)"].startswith("100.0%")
    table = green_table(at).set_index("Term")
    assert list(table.columns) == ["Value", "Formula or source", "Provenance"]
    assert table.loc["New-energy generation, Q1–Q3 2022", "Formula or source"] == "Source: S1"
    assert table.loc["New-energy generation, Q1 2022", "Formula or source"] == "Source: S2"
    assert table.loc["Q1 2022 generation ÷ county consumption", "Provenance"] == "reported"
    assert table.loc["Green power left after the county's own use", "Value"] == f"{surplus / 1e6:,.1f} million kWh"
    assert "assumption A1" in table.loc["New-energy generation per year", "Formula or source"]
    assert "assumption A2" in table.loc["County consumption per year", "Formula or source"]
    assert table.loc["Pack assembly electricity (per kWh)", "Provenance"] == "assumption"
    warnings = " ".join(w.value for w in at.warning)
    assert "packs and energy-storage systems are counted at zero energy" in warnings
    assert "Share of green power" not in " ".join(shown)  # need ÷ gross generation is gone


def test_production_energy_is_editable():
    at = tracker_page(lang="en")
    at.number_input(key="gp_cell_k").set_value(20.3)
    at.number_input(key="gp_pack_k").set_value(1.0)
    at.number_input(key="gp_ess_k").set_value(2.0).run()
    f = figures()
    table = green_table(at).set_index("Term")
    goal = f.targets
    need = (goal["cells"] * 20.3 + goal["packs"] * 1 + goal["ess"] * 2) * 1e6
    assert table.loc["Production need at the “1612” output goals (goals: S1)", "Formula or source"] == (
        f"cells {goal['cells']:g} GWh × 20.3 + packs {goal['packs']:g} GWh × 1 + storage {goal['ess']:g} GWh × 2 = "
        f"{need / 1e6:,.1f} million kWh")
    assert not at.warning  # nothing counts at zero any more


def test_sources_cite_the_paper_with_its_doi():
    at = tracker_page()
    text = " ".join(m.value for m in at.markdown)
    assert "doi:10.1038/s41560-023-01355-z" in text and "doi:10.1016/j.jclepro.2021.129798" in text


def test_sidebar_filters_do_not_change_the_county_goals():
    at = tracker_page(seg="green_power", node="wind")
    assert bars(at)[0].startswith(f"电芯（年产量）：{figures().cells_gwh:.2f} GWh")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_page_leads_with_its_charts(lang):
    """The goal rings and the capacity mix come first (Vega-Lite, Streamlit's own bundle), titled in the
    viewer's language; the assumptions and formulas fold out beneath them."""
    at = tracker_page(lang=lang)
    specs = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    assert [s["title"]["text"] for s in specs] == [t("chart.goals.title", lang), t("chart.mix.title", lang)]
    assert all(c.proto.theme == "" for c in at.get("vega_lite_chart"))  # our theme, not Streamlit's
    # title, caption, the charts, then the expander with the assumptions, the bars and the formulas
    assert [e.type for e in at.main.children.values()][:4] == ["title", "caption", "flex_container", "expander"]
    assert at.expander[0].label == t("chart.tracker.details", lang)
    assert len(at.expander[0].get("progress")) == 5 and at.expander[0].get("toggle")
