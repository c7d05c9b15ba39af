"""What each importable list holds, as data: its fields, their kinds and units, the header names
officials use for them (zh and en), and the words they use for coded values.

Headers are matched after normalising (full-width to ASCII, case, spaces, brackets): a header is a
field name, optionally followed by a unit in brackets — ``投资额（万元）``, ``Investment (10,000 CNY)``,
``装机容量(万千瓦)`` — or the template's two-language form ``投资额（万元） Investment (10,000 CNY)``.
A money or capacity column without a unit is read in the template's unit, with a warning.
How a header officials wrote is scored against these names, and notes in brackets dropped, is
geo.importing.headers.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from geo.chain import NODE_IDS
from geo.crs import CRS_NAMES
from geo.data.tables import TABLES
from geo.model import KINDS, LOCATION_PROVENANCES, PROVENANCES, SEGMENTS, STATUSES

# quantity -> unit code -> (factor to the stored unit, zh, en, other spellings)
UNITS: dict[str, dict[str, tuple[float, str, str, tuple[str, ...]]]] = {
    "money": {  # stored in yuan
        "cny": (1.0, "元", "CNY", ("元", "人民币", "yuan", "rmb", "cny")),
        "10k_cny": (1e4, "万元", "10,000 CNY", ("万元", "万", "10k cny", "10,000 yuan", "10000 cny", "10k yuan")),
        "100m_cny": (1e8, "亿元", "100 million CNY", ("亿元", "亿", "100m cny", "100 million yuan", "100 m yuan",
                                                      "100m yuan")),
        "bn_cny": (1e9, "十亿元", "bn CNY", ("十亿元", "bn yuan", "billion yuan", "billion cny", "bn")),
    },
    "power": {  # stored in MW
        "mw": (1.0, "MW", "MW", ("mw", "兆瓦")),
        "kw": (1e-3, "kW", "kW", ("kw", "千瓦")),
        "gw": (1e3, "GW", "GW", ("gw", "吉瓦")),
        "10k_kw": (10.0, "万千瓦", "10 MW", ("万千瓦", "万kw")),
    },
    "cells": {  # stored in cells per day
        "per_day": (1.0, "只/天", "cells/day", ("只/天", "只/日", "只", "个/天", "cells/day", "cells per day",
                                                "cells", "pcs/day")),
        "10k_per_day": (1e4, "万只/天", "10,000 cells/day", ("万只/天", "万只/日", "万只", "10k cells/day")),
    },
    "ah": {"ah": (1.0, "Ah", "Ah", ("ah", "安时")), "mah": (1e-3, "mAh", "mAh", ("mah", "毫安时"))},
    "area": {  # stored in hectares
        "ha": (1.0, "公顷", "ha", ("公顷", "ha", "hectare", "hectares")),
        "mu": (1 / 15, "亩", "mu", ("亩", "mu")),
        "m2": (1e-4, "平方米", "m²", ("平方米", "m2", "㎡", "sqm", "m²")),
    },
}

# The unit each quantity is stored in: a header that is the field's own name (investment_cny) means it.
STORED_UNITS: dict[str, str] = {"money": "cny", "power": "mw", "cells": "per_day", "ah": "ah", "area": "ha"}


@dataclass(frozen=True)
class ImportField:
    name: str  # the schema's field ("coordinates": one "lon,lat" cell)
    kind: str  # id text vocab number int year lon lat pair credit_code township park sources node
    zh: str  # the template's header, Chinese part
    en: str  # … English part
    aliases: tuple[str, ...] = ()  # other header names, zh or en, without units
    quantity: str | None = None  # a key of UNITS
    unit: str | None = None  # the template's unit (a key of UNITS[quantity])
    required: bool = False  # a new row must give it
    vocab: str | None = None  # the i18n prefix of its codes (segment, status, …)
    max_length: int = 200


F = ImportField
ID = F("id", "id", "编号", "ID", ("记录编号", "record id"))
NAME_ZH = F("name_zh", "text", "名称", "Name", ("中文名称", "企业名称", "项目名称", "单位名称", "企业(项目)名称",
                                               "名称(中文)", "name (chinese)", "chinese name", "name_zh", "企业全称",
                                               "单位全称", "公司名称", "企业(单位)名称", "项目(企业)名称",
                                               "company name", "enterprise name", "project name"),
            required=True)
NAME_EN = F("name_en", "text", "英文名称", "English name", ("名称(英文)", "name (english)", "name_en"))
CREDIT = F("credit_code", "credit_code", "统一社会信用代码", "Unified social credit code",
           ("信用代码", "社会信用代码", "统一信用代码", "社会统一信用代码", "credit code", "uscc",
            "credit_code"))
KIND = F("kind", "vocab", "类型", "Kind", ("企业/项目", "类别", "kind", "type"), required=True, vocab="kind")
SEGMENT = F("chain_segment", "vocab", "产业链环节", "Chain segment",
            ("环节", "产业环节", "所属环节", "链条环节", "所在环节", "所属产业链环节", "产业链", "segment",
             "chain segment", "industry segment", "chain_segment"), required=True, vocab="segment")
NODE = F("chain_node", "node", "产业链节点", "Chain node", ("节点", "细分环节", "node", "chain_node"),
         vocab="chain_node")
STATUS = F("status", "vocab", "状态", "Status",
           ("项目状态", "进展", "进展情况", "当前状态", "建设状态", "阶段", "项目阶段", "stage"),
           required=True, vocab="status")
TOWNSHIP = F("township_code", "township", "乡镇", "Township", ("乡镇(街道)", "所属乡镇", "所在乡镇", "镇街", "乡镇代码",
                                                                "township code", "township_code"))
OPERATOR_ZH = F("operator_zh", "text", "业主/运营方", "Operator", ("业主", "运营方", "业主单位", "建设单位", "owner",
                                                                  "owner / operator", "operator_zh"))
OPERATOR_EN = F("operator_en", "text", "业主（英文）", "Operator (English)", ("operator_en",))
CAPACITY = F("capacity_mw", "number", "装机容量", "Capacity", ("容量", "装机", "installed capacity", "capacity_mw"),
             quantity="power", unit="mw")
CELLS = F("cells_per_day", "int", "日产能", "Cells per day", ("产能", "日产量", "daily output", "cells_per_day"),
          quantity="cells", unit="per_day")
CELL_AH = F("cell_ah", "number", "单体容量", "Cell capacity", ("电芯容量", "cell_ah"), quantity="ah", unit="ah")
CELL_FORMAT = F("cell_format", "text", "电池型号", "Cell format", ("型号", "电芯型号", "format", "cell_format"))
LINES = F("production_lines", "int", "生产线数", "Production lines", ("生产线", "产线", "lines", "production_lines"))
INVESTMENT = F("investment_cny", "number", "投资额", "Investment",
               ("总投资", "计划总投资", "总投资额", "投资总额", "投资", "total investment",
                "investment_cny"), quantity="money", unit="10k_cny")
OUTPUT = F("output_value_cny_per_year", "number", "年产值", "Output value", ("产值", "annual output value",
                                                                             "output_value_cny_per_year"),
           quantity="money", unit="10k_cny")
START = F("start_year", "year", "投运年份", "Start year", ("投产年份", "并网年份", "year of operation", "start_year"))
SETTLED = F("settled_year", "year", "落户年份", "Year settled", ("签约年份", "settled year", "settled_year"))
PARK = F("park_id", "park", "所属园区", "Park", ("园区", "park_id"))
LON = F("lon", "lon", "经度", "Longitude", ("东经", "经度坐标", "x坐标", "横坐标", "lon", "lng", "long", "x"))
LAT = F("lat", "lat", "纬度", "Latitude", ("北纬", "纬度坐标", "维度", "y坐标", "纵坐标", "lat", "y"))
PAIR = F("coordinates", "pair", "坐标", "Coordinates", ("经纬度", "经纬度坐标", "高德坐标", "lon,lat", "lnglat",
                                                       "location"))
# The rooftop list (issue 11): a county's per-site list gives kW, and says which system its positions are in.
ROOFTOP_CAPACITY = F("capacity_mw", "number", "装机容量", "Capacity", ("容量", "装机", "installed capacity",
                                                                     "capacity_mw"), quantity="power", unit="kw")
COORDINATE_CRS = F("coordinate_crs", "vocab", "坐标系", "Coordinate system", ("坐标系统", "坐标类型", "crs",
                                                                              "datum", "coordinate_crs"), vocab="crs")
LOCATION = F("location_provenance", "vocab", "位置来源", "Position", ("位置性质", "location provenance",
                                                                     "location_provenance"), vocab="location")
PROVENANCE = F("provenance", "vocab", "数据性质", "Provenance", ("数据来源性质", "provenance"), vocab="provenance")
SOURCE = F("source", "sources", "来源编号", "Source ids", ("来源", "数据来源", "信息来源", "source", "sources"))
NOTE_ZH = F("note_zh", "text", "说明", "Note", ("备注", "备注说明", "说明(中文)", "notes", "remarks", "note_zh"),
            max_length=2000)
NOTE_EN = F("note_en", "text", "英文说明", "Note (English)", ("说明(英文)", "note_en"), max_length=2000)

RECORD_IMPORT = (ID, NAME_ZH, NAME_EN, CREDIT, SEGMENT, NODE, STATUS, TOWNSHIP, OPERATOR_ZH, OPERATOR_EN, CAPACITY,
                 CELLS, CELL_AH, CELL_FORMAT, LINES, INVESTMENT, OUTPUT, START, SETTLED, PARK, LON, LAT, PAIR,
                 LOCATION, PROVENANCE, SOURCE, NOTE_ZH, NOTE_EN)
ASSET_IMPORT = (ID, NAME_ZH, NAME_EN, STATUS, TOWNSHIP, OPERATOR_ZH, OPERATOR_EN, CAPACITY, START, LON, LAT, PAIR,
                LOCATION, PROVENANCE, SOURCE, NOTE_ZH, NOTE_EN)
ROOFTOP_IMPORT = (ID, NAME_ZH, NAME_EN, STATUS, TOWNSHIP, OPERATOR_ZH, OPERATOR_EN, ROOFTOP_CAPACITY, START, LON, LAT,
                  PAIR, COORDINATE_CRS, LOCATION, PROVENANCE, SOURCE, NOTE_ZH, NOTE_EN)
TARGET_IMPORT = (
    ID,
    F("target_name_zh", "text", "目标企业", "Target", ("目标企业名称", "企业名称", "名称", "target name", "name",
                                                      "target_name_zh"), required=True),
    F("target_name_en", "text", "目标企业（英文）", "Target (English)", ("英文名称", "target_name_en")),
    F("target_type", "vocab", "目标类型", "Target type", ("类型", "type", "target_type"), vocab="lists.target_type"),
    F("chain_node", "node", "产业链节点", "Chain node", ("节点", "补链环节", "node"), required=True,
      vocab="chain_node"),
    F("contact_status", "vocab", "对接状态", "Contact status", ("接触状态", "洽谈状态", "状态", "status",
                                                                "contact_status"), required=True,
      vocab="lists.contact"),
    F("owner_department", "text", "责任部门", "Owner department", ("负责部门", "牵头部门", "department",
                                                                   "owner_department")),
    F("note", "text", "备注", "Note", ("说明", "notes", "remarks"), max_length=2000),
    PROVENANCE, SOURCE,
)
PLOT_IMPORT = (
    ID, NAME_ZH, NAME_EN, PARK,
    F("area_ha", "number", "面积", "Area", ("占地面积", "用地面积", "area_ha"), quantity="area", unit="ha"),
    F("tenant_zh", "text", "入驻企业", "Tenant", ("用地单位", "tenant", "tenant_zh")),
    F("tenant_en", "text", "入驻企业（英文）", "Tenant (English)", ("tenant_en",)),
    LOCATION, PROVENANCE, SOURCE, NOTE_ZH, NOTE_EN,
)


@dataclass(frozen=True)
class ImportList:
    key: str  # a table of geo.data.tables.TABLES
    fields: tuple[ImportField, ...]
    id_prefix: str  # new records get <prefix><number>
    defaults: tuple[tuple[str, object], ...] = ()  # fixed or default values of new rows
    geometry: str | None = "point"  # point | polygon | None

    @property
    def table(self):
        return TABLES[self.key]

    def field(self, name: str) -> ImportField:
        return next(f for f in self.fields if f.name == name)


_ASSET = (("kind", "asset"), ("chain_segment", "green_power"))
IMPORT_LISTS: dict[str, ImportList] = {spec.key: spec for spec in (
    ImportList("chain", (*RECORD_IMPORT[:3], KIND, *RECORD_IMPORT[3:]), "E-", (("layer", "chain"),)),
    ImportList("wind_farm", ASSET_IMPORT, "WIND-", (("layer", "wind_farm"), *_ASSET, ("chain_node", "wind"))),
    ImportList("pv_utility", ASSET_IMPORT, "PV-", (("layer", "pv_utility"), *_ASSET, ("chain_node", "solar"))),
    ImportList("pv_rooftop", ROOFTOP_IMPORT, "RPV-", (("layer", "pv_rooftop"), *_ASSET, ("chain_node", "solar"))),
    ImportList("investment_targets", TARGET_IMPORT, "T-", (("target_type", "company"),), geometry=None),
    ImportList("park_plots", PLOT_IMPORT, "PLOT-", (), geometry="polygon"),
)}
IMPORT_KEYS: tuple[str, ...] = tuple(IMPORT_LISTS)

VOCABULARIES: dict[str, tuple[str, ...]] = {
    "kind": tuple(k for k in KINDS if k != "asset"),
    "segment": SEGMENTS,
    "status": STATUSES,
    "location": LOCATION_PROVENANCES,
    "provenance": PROVENANCES,
    "chain_node": NODE_IDS,
    "lists.target_type": ("company", "company_type"),
    "lists.contact": ("not_contacted", "contacted", "negotiating", "signed", "dropped"),
    "crs": CRS_NAMES,
}

# Words officials write for coded values, beyond the app's own zh/en labels (geo.i18n).
VALUE_ALIASES: dict[str, dict[str, str]] = {
    "kind": {"企业": "enterprise", "公司": "enterprise", "项目": "project", "company": "enterprise"},
    "segment": {"材料": "materials", "锂电材料": "materials", "正极": "materials", "负极": "materials",
                "隔膜": "materials", "电解液": "materials", "导电剂": "materials", "电池": "cells", "电芯": "cells",
                "电池包": "pack", "模组": "pack", "pack": "pack", "储能": "application", "应用": "application",
                "梯次": "cascade", "梯次利用": "cascade", "回收": "recycling", "再生利用": "recycling",
                "绿电": "green_power", "风电": "green_power", "光伏": "green_power", "新能源": "green_power",
                "园区": "platform", "平台": "platform", "storage": "application"},
    "status": {"洽谈": "lead", "在谈": "lead", "已签约": "signed", "签约": "signed", "前期": "pre_construction",
               "开工": "construction", "建设中": "construction", "施工": "construction", "在建": "construction",
               "投产": "operating", "运行": "operating", "运营": "operating", "已投产": "operating",
               "建成投产": "operating", "并网": "operating", "达产": "full_capacity", "达产达效": "full_capacity",
               "技改": "renovating", "技术改造": "renovating", "in production": "operating",
               "production": "operating", "construction": "construction", "full capacity": "full_capacity"},
    "location": {"实测": "reported", "报道": "reported", "准确": "reported", "精确": "reported", "近似": "approximate",
                 "大概": "approximate", "约": "approximate", "示意": "illustrative", "exact": "reported"},
    "provenance": {"报道": "reported", "公开报道": "reported", "上报": "reported", "统计": "reported",
                   "台账": "reported", "推算": "derived", "计算": "derived", "示意": "illustrative"},
    "lists.target_type": {"企业": "company", "具体企业": "company", "公司": "company", "企业类型": "company_type",
                          "类型": "company_type"},
    "lists.contact": {"未接触": "not_contacted", "未对接": "not_contacted", "已接触": "contacted",
                      "已对接": "contacted", "洽谈": "negotiating", "洽谈中": "negotiating", "在谈": "negotiating",
                      "签约": "signed", "已签约": "signed", "放弃": "dropped", "终止": "dropped"},
    "crs": {"gps": "wgs84", "天地图": "wgs84", "cgcs2000": "wgs84", "2000坐标系": "wgs84", "epsg4326": "wgs84",
            "高德": "gcj02", "火星坐标": "gcj02", "国测局坐标": "gcj02", "腾讯": "gcj02", "百度": "bd09"},
}

# Words that could mean two codes (issue 12, point 6): the first is the suggestion, which the editor
# confirms or changes once per distinct value before the import can go on. "电池" may be a cell maker
# or a pack assembler; "储能" a storage station (application) or a storage-system maker (PACK);
# "新能源" green power or new-energy vehicles (application).
AMBIGUOUS_VALUES: dict[str, dict[str, tuple[str, ...]]] = {
    "segment": {"电池": ("cells", "pack"), "储能": ("application", "pack"), "storage": ("application", "pack"),
                "新能源": ("green_power", "application")},
}

# A cell holding one of these clears the field (an empty cell leaves it as it is).
CLEAR_TOKENS = frozenset({"-", "—", "——", "/", "无", "未报道", "未知", "notreported", "n/a", "na", "none"})

_BRACKETS = str.maketrans({"[": "(", "]": ")", "【": "(", "】": ")", "{": "(", "}": ")", "<": "(", ">": ")"})
_JOINERS = re.compile(r"[\s_\-:：*＊]+")


def normalise(text: str) -> str:
    """For comparing names: full-width to ASCII, brackets unified, case and spacing ignored."""
    text = unicodedata.normalize("NFKC", str(text)).translate(_BRACKETS).casefold()
    return _JOINERS.sub("", text)
