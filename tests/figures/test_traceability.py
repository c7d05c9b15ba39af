"""Every figure on screen traces to a source or a formula (issue 11).

For each figure the KPI strip, the "1612" tracker and the tours show, this asserts that it equals either a
value of data/reported_facts.csv, cited by exactly the sources that state it, or a named formula over such
values (recomputed here, independently of the code under test); and that no caption cites a source that
does not state what the caption says.

Who states what is read from the sources themselves where the project workspace has them
(../shared/seed for S1, ../shared/data/REPORTED-FACTS.md for S2 and S3), and from a hand-checked table
otherwise. Values come from the bundled data; no production figure is pinned here (see
tests/data/test_bundled_figures.py).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from geo.data.dataset import DATA_DIR
from geo.figures.green import Output, coverage_rows, green_coverage
from geo.figures.metrics import kpis
from geo.figures.strip import kpi_strip_html
from geo.figures.tracker import DEFAULT_ASSUMPTIONS, tracker_figures
from geo.filters import ViewState
from geo.i18n import t
from geo.meeting.presentation import STEP_FIGURES, step_figures
from geo.meeting.tours import FIELD_BASIS, TOURS_FILE, caption_fields, field_kind, field_sources, load_tours

SHARED = Path(__file__).resolve().parents[3] / "shared"

# Who states each reported fact: a phrase of the fact as each source words it (S1 in the seed's English;
# S2 and S3 as REPORTED-FACTS.md paraphrases them). A source states a fact iff its text holds the phrase.
PHRASES: dict[str, str] = {
    "newenergy_capacity_mw": "550 MW",
    "newenergy_share_pct": "95.7%",
    "generation_q1_q3_2022_kwh": "839 million",
    "generation_q1_2022_kwh": "292 million",
    "q1_2022_generation_to_consumption": "1.28 times",
    "wind_farms_operating": "7 wind farms",
    "rooftop_pv_installations": "2078",
    "enterprises_above_size": "13 new",
    "enterprises_output_value_cny": "4 billion",
    "chain_projects_settled_2022": "seven lithium",
    "target_cells_gwh_2025": "10GWh of battery cells",
    "target_packs_gwh_2025": "6GWh of battery packs",
    "target_ess_gwh_2025": "10GWh of energy storage systems",
    "target_output_value_cny_2025": "20 billion yuan",
    "park_investment_cny": "3.5 billion yuan",
    "park_enterprise_room": "20+ new-energy",
    # Newer facts (issue 11), as ../shared/data/FOUND-2026-12.md words them, and S1's framing.
    "chain_framing_2022": "lithium battery new energy industry",
    "chain_framing_2023": "锂钠电新能源",
    "chain_projects_20_months_2023": "32 projects",
    "chain_investment_20_months_2023_cny": "6.95 bn yuan",
    "budget_revenue_growth_2023_pct": "general budget revenue +10.5%",
    "fixed_asset_investment_growth_2023_pct": "fixed-asset investment +7.5%",
    "industrial_investment_growth_2023_pct": "industrial investment +21%",
    "specialised_firms_new_2023": "27 new provincial",
    "ctg_ess_capacity_mw_2021": "100 MW / 200 MWh", "ctg_ess_energy_mwh_2021": "100 MW / 200 MWh",
    "ctg_ess_capacity_mw_2023": "301 MW / 602 MWh", "ctg_ess_energy_mwh_2023": "301 MW / 602 MWh",
}
# The same, checked by hand against the three texts (used when the workspace is not there).
STATED_BY: dict[str, set[str]] = {
    "newenergy_capacity_mw": {"S1", "S2"}, "newenergy_share_pct": {"S1"},
    "generation_q1_q3_2022_kwh": {"S1"}, "generation_q1_2022_kwh": {"S2"},
    "q1_2022_generation_to_consumption": {"S2"}, "wind_farms_operating": {"S1", "S2"},
    "rooftop_pv_installations": {"S1"}, "enterprises_above_size": {"S1"}, "enterprises_output_value_cny": {"S1"},
    "chain_projects_settled_2022": {"S1"}, "target_cells_gwh_2025": {"S1"}, "target_packs_gwh_2025": {"S1"},
    "target_ess_gwh_2025": {"S1"}, "target_output_value_cny_2025": {"S1"}, "park_investment_cny": {"S2"},
    "park_enterprise_room": {"S2"}, "chain_framing_2022": {"S1"},
    # FOUND-2026-12.md F7 (德州日报 2023-12-26), F3 (the zjssba reprint), F4 (three sources agree).
    **{key: {"DZRB-2023"} for key in (
        "chain_framing_2023", "chain_projects_20_months_2023", "chain_investment_20_months_2023_cny",
        "budget_revenue_growth_2023_pct", "fixed_asset_investment_growth_2023_pct",
        "industrial_investment_growth_2023_pct", "specialised_firms_new_2023")},
    "ctg_ess_capacity_mw_2021": {"ZJSSBA-2022"}, "ctg_ess_energy_mwh_2021": {"ZJSSBA-2022"},
    "ctg_ess_capacity_mw_2023": {"MENAFN-2023", "XNYZH", "UNHEFTY"},
    "ctg_ess_energy_mwh_2023": {"MENAFN-2023", "XNYZH", "UNHEFTY"},
}
PRESS = {"S1", "S2", "S3"}  # whose texts the workspace holds; the newer ones are in FOUND-2026-12.md
# Statements in captions that hold no figure, each with the sources that state it (checked by hand):
# S1 names the six segments and says the 5 Ah project went into production in 2022, and calls the 1612
# goals annual output; S2 says the 5 Ah project is Yutuo's and in the Zhongqing park; S3 puts Yutuo in the park.
CLAIMS: dict[str, set[str]] = {
    "产业链六个环节为材料、电芯、PACK、应用、梯次利用、回收": {"S1"},
    "the chain's six segments are materials, cells, PACK, application, cascade use and recycling": {"S1"},
    "宇拓新能源位于园内": {"S2", "S3"}, "Yutuo New Energy is in the park": {"S2", "S3"},
    "其5Ah锂离子电池项目": {"S2"}, "its 5 Ah Li-ion cell project": {"S2"},
    "已于2022年投产": {"S1"}, "went into production in 2022": {"S1"},
    "“1612”是2025年的年产量目标": {"S1"}, "The “1612” goals for 2025 are annual output": {"S1"},
}
# Sentences that state a derived figure say so.
DERIVED_WORDS = {"zh": ("推算",), "en": ("derived", "Derived")}


@pytest.fixture(scope="module")
def tours(dataset):
    return load_tours(DATA_DIR / TOURS_FILE, dataset)


def source_texts() -> dict[str, str] | None:
    seed = SHARED / "seed" / "qingyun-press-release-2022-12-23.txt"
    facts = SHARED / "data" / "REPORTED-FACTS.md"
    if not (seed.is_file() and facts.is_file()):
        return None
    md = facts.read_text(encoding="utf-8")
    sections = dict(re.findall(r"^## (S\d) — .*?\n(.*?)(?=^## )", md, re.S | re.M))
    return {"S1": seed.read_text(encoding="utf-8"), "S2": sections["S2"], "S3": sections["S3"]}


def number(text: str) -> float:
    """The first number in a displayed figure, in units: "8.39 亿kWh" -> 8.39e8, "4 bn yuan" -> 4e9."""
    match = re.search(r"-?\d[\d,]*(?:\.\d+)?", text)
    assert match, text
    value = float(match.group().replace(",", ""))
    for word, scale in (("亿", 1e8), ("bn", 1e9), ("million", 1e6)):
        if word in text:
            return value * scale
    return value


def shows(text: str, value: float) -> bool:
    """Whether a displayed figure is the value rounded as shown (to the digits it prints)."""
    digits = re.search(r"-?\d[\d,]*(?:\.(\d+))?", text)
    decimals = len(digits.group(1) or "")
    return abs(number(text) - value) <= 0.51 * 10 ** -decimals * (number(text) / float(
        digits.group().replace(",", "")) if float(digits.group().replace(",", "")) else 1)


def sources_of(dataset, fact_id: str) -> set[str]:
    return {s.strip() for s in str(dataset.facts.loc[fact_id, "source"]).split(";") if s.strip()}


# --- the facts cite exactly the sources that state them -------------------------------------------------


def test_every_fact_cites_exactly_the_sources_that_state_it(dataset):
    texts = source_texts()
    found = SHARED / "data" / "FOUND-2026-12.md"
    for fact_id in dataset.facts.index:
        assert fact_id in STATED_BY, f"{fact_id}: add who states it to PHRASES and STATED_BY"
        assert sources_of(dataset, fact_id) == STATED_BY[fact_id], fact_id
        if texts is not None and STATED_BY[fact_id] <= PRESS:
            stating = {s for s, text in texts.items() if PHRASES[fact_id] in text}
            assert stating == STATED_BY[fact_id], (fact_id, stating)
        elif found.is_file():  # a newer source: the research file quotes it, with its URL
            assert PHRASES[fact_id] in found.read_text(encoding="utf-8"), fact_id


# --- the KPI strip --------------------------------------------------------------------------------------

KPI_FACTS = {"capacity": "newenergy_capacity_mw", "share": "newenergy_share_pct",
             "generation": "generation_q1_q3_2022_kwh", "wind_farms": "wind_farms_operating",
             "rooftop": "rooftop_pv_installations", "enterprises": "enterprises_above_size",
             "projects": "chain_projects_settled_2022"}


def kpi_formulas(dataset) -> dict[str, float]:
    """The derived KPIs, by their named formulas over the facts."""
    def v(fact_id):
        return float(dataset.facts.loc[fact_id, "value"])

    mw, share, kwh = v("newenergy_capacity_mw"), v("newenergy_share_pct"), v("generation_q1_q3_2022_kwh")
    hours = kwh / (mw * 1000)  # full-load hours = generation ÷ capacity, over Q1–Q3 2022
    return {"implied_total": mw / (share / 100),  # total installed = new energy ÷ its share
            "full_load_hours": hours,
            "capacity_factor": 100 * hours / (273 * 24)}  # Q1–Q3 2022 has 273 days


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_kpi_is_a_cited_fact_or_a_named_formula(dataset, lang):
    formulas = kpi_formulas(dataset)
    for kpi in kpis(dataset, ViewState(lang=lang)):
        if kpi.key in KPI_FACTS:
            fact_id = KPI_FACTS[kpi.key]
            assert kpi.kind == "reported"
            assert shows(kpi.value, float(dataset.facts.loc[fact_id, "value"])), (kpi.key, kpi.value)
            cited = set(re.findall(r"[A-Z][A-Z0-9-]*\d|S\d", kpi.help.split("·")[0]))
            assert cited == sources_of(dataset, fact_id), (kpi.key, kpi.help)
        else:
            assert kpi.key in formulas, f"{kpi.key}: a figure with neither a fact nor a formula"
            assert kpi.kind == "derived" and kpi.help.startswith(t("kpi.derived", lang, formula=""))
            assert shows(kpi.value, formulas[kpi.key]), (kpi.key, kpi.value, formulas[kpi.key])
            assert kpi.period == t("kpi.period_to_9", lang, year="2022") or kpi.key == "implied_total"


def test_the_period_of_full_load_hours_is_in_its_label(dataset):
    for lang, period in (("zh", "前三季度"), ("en", "Q1–Q3")):
        figures = {k.key: k for k in kpis(dataset, ViewState(lang=lang))}
        assert period in figures["full_load_hours"].label and period in figures["capacity_factor"].label
        assert t("kpi.share", lang) == {"zh": "占总装机容量", "en": "Share of capacity"}[lang]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_strip_labels_every_derived_figure(dataset, lang):
    figures = kpis(dataset, ViewState(lang=lang))
    html = kpi_strip_html(figures, lang, fold_derived=False)
    chips = re.findall(r'<div class="qcm-kpi qcm-kpi-(\w+)[^"]*"[^>]*data-kpi="(\w+)".*?</div></div>', html)
    assert {key for kind, key in chips if kind == "derived"} == {k.key for k in figures if k.kind == "derived"}
    for chip in re.findall(r'<div class="qcm-kpi qcm-kpi-derived.*?</div></div>', html):
        assert f'<span class="qcm-kpi-tag">{t("kpi.derived_tag", lang)}</span>' in chip


# --- the "1612" tracker and the green-power table ----------------------------------------------------------


def test_the_tracker_figures(dataset):
    f = tracker_figures(dataset.records, dataset.facts, DEFAULT_ASSUMPTIONS)
    for key, fact_id in (("cells", "target_cells_gwh_2025"), ("packs", "target_packs_gwh_2025"),
                         ("ess", "target_ess_gwh_2025"), ("output_value", "target_output_value_cny_2025")):
        assert f.targets[key] == float(dataset.facts.loc[fact_id, "value"])
        assert sources_of(dataset, fact_id) == {"S1"}  # tracker.subtitle and tracker.targets_source cite S1
    records = dataset.records
    cells = records[(records["layer"] == "chain") & records["cells_per_day"].notna()
                    & (records["status"] != "renovating")]
    # Counted: a format whose nominal voltage is assumed, and Ah reported or assumed for it (the
    # sodium-ion maker reports neither: the tracker says it cannot compute it).
    cells = cells[cells["cell_format"].isin(["32650", "14500"])
                  & (cells["cell_ah"].notna() | (cells["cell_format"] == "14500"))]
    # cells/day × Ah (reported, else assumed) × nominal V (assumed by format) × 300 days ÷ 10⁹
    by_hand = sum(r.cells_per_day * (r.cell_ah if r.cell_ah == r.cell_ah else {"14500": 0.8}[r.cell_format])
                  * {"32650": 3.2, "14500": 3.7}[r.cell_format] * 300 / 1e9 for r in cells.itertuples())
    assert f.cells_gwh == pytest.approx(by_hand)
    assert f.reported_output_cny == float(dataset.facts.loc["enterprises_output_value_cny", "value"])
    for key in ("tracker.target.cells", "tracker.target.packs", "tracker.target.ess", "tracker.col.gwh",
                "tracker.cells_now", "tracker.subtitle"):  # S1: the goals are annual output
        assert "年产能" not in t(key, "zh") and "capacity" not in t(key, "en").lower(), key


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_term_of_the_green_table(dataset, lang):
    f = tracker_figures(dataset.records, dataset.facts, DEFAULT_ASSUMPTIONS)
    goals = Output(f.targets["cells"], f.targets["packs"], f.targets["ess"])
    rows = {r.key: r for r in coverage_rows(green_coverage(dataset.facts, Output(f.cells_gwh, 0, 0), goals), lang)}

    def v(fact_id):
        return float(dataset.facts.loc[fact_id, "value"])

    for key, fact_id in (("gen_q1_q3", "generation_q1_q3_2022_kwh"), ("gen_q1", "generation_q1_2022_kwh"),
                         ("ratio", "q1_2022_generation_to_consumption")):
        assert rows[key].provenance == "reported" and set(rows[key].sources) == sources_of(dataset, fact_id)
        assert rows[key].value == v(fact_id) and shows(rows[key].text, v(fact_id))
    consumption = v("generation_q1_2022_kwh") / v("q1_2022_generation_to_consumption") * 4  # S2's ratio, × 4
    generation = v("generation_q1_q3_2022_kwh") * 365 / 273  # Q1–Q3 by days
    surplus = generation - consumption
    by_formula = {"cons_q1": consumption / 4, "gen_year": generation, "cons_year": consumption, "surplus": surplus,
                  "need_now": f.cells_gwh * 37.5e6, "need_1612": f.targets["cells"] * 37.5e6}
    for key, value in by_formula.items():
        assert rows[key].provenance == "derived" and rows[key].value == pytest.approx(value), key
        assert shows(rows[key].text, value), (key, rows[key].text)
    assert rows["cover_1612"].value == pytest.approx(min(surplus / by_formula["need_1612"], 1))
    assert rows["cover_now"].value == pytest.approx(min(surplus / by_formula["need_now"], 1))
    assert {rows[k].provenance for k in ("k_cell", "k_pack", "k_ess")} == {"assumption"}
    assert rows["k_pack"].value == rows["k_ess"].value == 0  # counted at zero energy, and the page says so


# --- the tours: every field, every citation ---------------------------------------------------------------

CITE = re.compile(r"[（(]([A-Z][A-Z0-9-]*(?:\s*[、,，]\s*[A-Z][A-Z0-9-]*)*)[）)]")
SENTENCE_END = re.compile(r"。|；|; |\. ")


def segments(template: str, source_ids: set[str]) -> list[tuple[str, frozenset[str]]]:
    """A caption template cut into clauses, each with the sources it cites (empty: no citation). A clause
    ends at a citation or at the end of a sentence or a semicolon's part."""
    marks = [(m.start(), m.end(), frozenset(re.split(r"\s*[、,，]\s*", m.group(1))))
             for m in CITE.finditer(template)]
    marks = [m for m in marks if m[2] <= source_ids]
    marks += [(m.start(), m.end(), None) for m in SENTENCE_END.finditer(template)]
    out, pos = [], 0
    for start, end, cited in sorted(marks):
        if start < pos:
            continue
        out.append((template[pos:start], cited or frozenset()))
        pos = end
    out.append((template[pos:], frozenset()))
    return [(text.strip(" ，,:："), cited) for text, cited in out if text.strip(" ，,:：") or cited]


def fields_in(text: str) -> list[str]:
    return re.findall(r"\{(\w+)\}", text)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_caption_cites_exactly_the_sources_that_state_it(dataset, tours, lang):
    ids = set(dataset.sources["id"])
    for step in tours.get("default").steps:
        template = step.caption_zh if lang == "zh" else step.caption_en
        cited_anywhere: set[str] = set()
        for text, cited in segments(template, ids):
            cited_anywhere |= cited
            reported = [f for f in fields_in(text) if field_kind(f) == "reported"]
            for name in fields_in(text):
                kind = field_kind(name)
                if kind == "reported":
                    assert set(field_sources(name, dataset.facts)) == cited, (step.title_en, name, text, cited)
                elif kind in ("listed", "derived"):
                    assert not cited, (step.title_en, name, "a list count or a derived figure cites no source")
            if cited and not reported:
                assert CLAIMS.get(text) == set(cited), (step.title_en, text, cited)
        assert cited_anywhere == set(step.sources), (step.title_en, lang, cited_anywhere)
        for sentence in re.split(r"。|\. ", template):
            if any(field_kind(f) == "derived" for f in fields_in(sentence)):
                assert any(w in sentence for w in DERIVED_WORDS[lang]), (step.title_en, sentence)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_caption_field_is_a_fact_a_dataset_value_or_a_formula(dataset, lang):
    fields = caption_fields(dataset, lang)
    records = dataset.records
    assert set(fields) == set(FIELD_BASIS)
    for name, (kind, ref) in FIELD_BASIS.items():
        if kind == "fact" and dataset.facts.loc[ref, "unit"] not in ("GWh/yr",):
            assert shows(fields[name], float(dataset.facts.loc[ref, "value"])), (name, fields[name])
        elif kind == "fact":
            assert number(fields[name]) == float(dataset.facts.loc[ref, "value"]), name
        elif kind == "period":
            assert fields[name] == str(dataset.facts.loc[ref, "period"])[:4]
    f = tracker_figures(records, dataset.facts, DEFAULT_ASSUMPTIONS)
    assert number(fields["cells_gwh"]) == pytest.approx(f.cells_gwh, abs=0.005)
    assert number(fields["cells_share"]) == pytest.approx(100 * f.cells_gwh / f.targets["cells"], abs=0.05)
    # GEM-WIND rows: by the reported year, without a start year, and later (never in a 2022 total)
    year = int(fields["wind_year"])
    gem = records[(records["layer"] == "wind_farm") & records["source"].str.contains("GEM-WIND")]
    start = gem["start_year"].astype(float)
    for part, rows in (("by_year", gem[start <= year]), ("undated", gem[start.isna()]), ("later", gem[start > year])):
        assert fields[f"wind_gem_{part}"] == str(len(rows))
        assert number(fields[f"wind_gem_{part}_mw"]) == pytest.approx(rows["capacity_mw"].sum())
    pv = records[records["layer"] == "pv_utility"]
    operating = pv["status"].isin(("operating", "full_capacity"))
    assert number(fields["pv_utility_operating_mw"]) == pytest.approx(pv[operating]["capacity_mw"].sum())
    assert number(fields["pv_utility_pre_mw"]) == pytest.approx(pv[~operating]["capacity_mw"].sum())


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_step_strip_cites_each_figure_by_its_own_sources(dataset, tours, lang):
    headline = kpis(dataset, ViewState(lang=lang))
    fields = caption_fields(dataset, lang)
    for step in tours.get("default").steps:
        for figure in step_figures(step, headline, fields, dataset.facts, lang):
            if figure.key not in FIELD_BASIS:
                continue  # a headline KPI, traced above
            kind = field_kind(figure.key)
            assert figure.kind == kind, figure.key
            if kind == "reported":
                assert figure.help == t("kpi.source", lang, source=", ".join(field_sources(figure.key, dataset.facts)))
            else:
                assert figure.help == t(f"layout.f_{kind}_help", lang)
    assert all(name in FIELD_BASIS for name in STEP_FIGURES)
