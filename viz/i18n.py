"""The words of the pages and charts in the three reading languages, and how to pick a label."""

from __future__ import annotations

from kg.analysis.names import in_script, pick
from kg.analysis.workload import WEIGHTS
from kg.errors import UsageError
from kg.languages import LANGUAGES

_STRINGS: dict[str, dict[str, str]] = {
    # page furniture
    "search": {"zh-Hant": "搜尋名稱…", "zh-Hans": "搜索名称…", "en": "Search by name…"},
    "only_matches": {"zh-Hant": "只顯示符合項及其相鄰節點", "zh-Hans": "只显示匹配项及其相邻节点", "en": "Show only matches and their neighbours"},
    "matches": {"zh-Hant": "符合", "zh-Hans": "匹配", "en": "matches"},
    "legend": {"zh-Hant": "圖例", "zh-Hans": "图例", "en": "Legend"},
    "nodes": {"zh-Hant": "節點", "zh-Hans": "节点", "en": "nodes"},
    "edges": {"zh-Hant": "連線", "zh-Hans": "连线", "en": "edges"},
    "settling": {"zh-Hant": "正在排版…", "zh-Hans": "正在布局…", "en": "Laying out…"},
    "more": {"zh-Hant": "另有 {n} 項", "zh-Hans": "另有 {n} 项", "en": "{n} more"},
    "focus": {"zh-Hant": "聚焦:{name}", "zh-Hans": "聚焦:{name}", "en": "Focus: {name}"},
    # view titles
    "title_responsibility": {"zh-Hant": "責任網絡", "zh-Hans": "责任网络", "en": "Responsibility network"},
    "title_dependency": {"zh-Hant": "依賴網絡", "zh-Hans": "依赖网络", "en": "Dependency network"},
    "title_citation": {"zh-Hant": "引用網絡", "zh-Hans": "引用网络", "en": "Citation network"},
    "title_workload": {"zh-Hant": "部門工作量", "zh-Hans": "部门工作量", "en": "Department workload"},
    # node kinds
    "task": {"zh-Hant": "任務", "zh-Hans": "任务", "en": "Task"},
    "plan": {"zh-Hant": "方案", "zh-Hans": "方案", "en": "Plan"},
    "system": {"zh-Hant": "信息系統", "zh-Hans": "信息系统", "en": "Information system"},
    "list": {"zh-Hant": "清單", "zh-Hans": "清单", "en": "List"},
    "document": {"zh-Hant": "上級文件", "zh-Hans": "上级文件", "en": "Superior document"},
    "issuer": {"zh-Hant": "發文機關", "zh-Hans": "发文机关", "en": "Issuer"},
    "area": {"zh-Hant": "領域", "zh-Hans": "领域", "en": "Area"},
    "no_area": {"zh-Hant": "未分領域", "zh-Hans": "未分领域", "en": "No area"},
    "kind_bureau": {"zh-Hant": "局", "zh-Hans": "局", "en": "Bureau"},
    "kind_commission": {"zh-Hant": "委員會", "zh-Hans": "委员会", "en": "Commission"},
    "kind_centre": {"zh-Hant": "中心", "zh-Hans": "中心", "en": "Centre"},
    "kind_office": {"zh-Hant": "辦公室", "zh-Hans": "办公室", "en": "Office"},
    "kind_company": {"zh-Hant": "企業", "zh-Hans": "企业", "en": "Company"},
    "kind_collective": {"zh-Hant": "集合單位", "zh-Hans": "集合单位", "en": "Collective unit"},
    "kind_other": {"zh-Hant": "其他部門", "zh-Hans": "其他部门", "en": "Other department"},
    # relations
    "lead": {"zh-Hant": "牽頭", "zh-Hans": "牵头", "en": "Lead"},
    "responsible": {"zh-Hant": "責任", "zh-Hans": "责任", "en": "Responsible"},
    "joint": {"zh-Hant": "按職責分工負責", "zh-Hans": "按职责分工负责", "en": "Joint (each within its remit)"},
    "relies_on": {"zh-Hant": "依託系統", "zh-Hans": "依托系统", "en": "Relies on"},
    "provides": {"zh-Hant": "建設系統", "zh-Hans": "建设系统", "en": "Provides"},
    "creates": {"zh-Hant": "制定清單", "zh-Hans": "制定清单", "en": "Creates"},
    "uses": {"zh-Hant": "使用清單", "zh-Hans": "使用清单", "en": "Uses"},
    "depends_on": {"zh-Hant": "依賴任務", "zh-Hans": "依赖任务", "en": "Depends on"},
    "cites": {"zh-Hant": "引用", "zh-Hans": "引用", "en": "Cites"},
    "part_of": {"zh-Hant": "屬於方案", "zh-Hans": "属于方案", "en": "Step of plan"},
    "issued_by": {"zh-Hant": "發文", "zh-Hans": "发文", "en": "Issued by"},
    "plan_of": {"zh-Hant": "所屬政府", "zh-Hans": "所属政府", "en": "Plan of"},
    # the responsibility view of a large corpus
    "aggregated": {
        "zh-Hant": "{plans} 個方案、{tasks} 項任務、{departments} 個部門，超過 {limit} 個節點：按所屬政府和方案匯總顯示（雙擊方案查看其部門和任務）",
        "zh-Hans": "{plans} 个方案、{tasks} 项任务、{departments} 个部门，超过 {limit} 个节点：按所属政府和方案汇总显示（双击方案查看其部门和任务）",
        "en": "{plans} plans, {tasks} tasks, {departments} departments: more than {limit} nodes, so shown by government and plan (double-click a plan for its departments and tasks)",
    },
    "back": {"zh-Hant": "返回總覽", "zh-Hans": "返回总览", "en": "Back to the overview"},
    "plans_count": {"zh-Hant": "方案數", "zh-Hans": "方案数", "en": "Plans"},
    "tasks_count": {"zh-Hant": "任務數", "zh-Hans": "任务数", "en": "Tasks"},
    "departments_count": {"zh-Hant": "部門數", "zh-Hans": "部门数", "en": "Departments"},
    "heaviest": {"zh-Hant": "工作量最大", "zh-Hans": "工作量最大", "en": "Heaviest load"},
    "government": {"zh-Hant": "政府", "zh-Hans": "政府", "en": "Government"},
    # tooltip rows
    "text": {"zh-Hant": "內容", "zh-Hans": "内容", "en": "Text"},
    "leads": {"zh-Hant": "牽頭部門", "zh-Hans": "牵头部门", "en": "Lead"},
    "responsibles": {"zh-Hant": "責任部門", "zh-Hans": "责任部门", "en": "Responsible"},
    "joints": {"zh-Hant": "按職責分工負責", "zh-Hans": "按职责分工负责", "en": "Joint"},
    "deadline": {"zh-Hant": "期限", "zh-Hans": "期限", "en": "Deadline"},
    "targets": {"zh-Hant": "目標", "zh-Hans": "目标", "en": "Targets"},
    "name_zh-Hant": {"zh-Hant": "繁體", "zh-Hans": "繁体", "en": "Traditional"},
    "name_zh-Hans": {"zh-Hant": "簡體", "zh-Hans": "简体", "en": "Simplified"},
    "name_en": {"zh-Hant": "英文", "zh-Hans": "英文", "en": "English"},
    "created_by": {"zh-Hant": "制定任務", "zh-Hans": "制定任务", "en": "Created by tasks"},
    "full_name": {"zh-Hant": "全稱", "zh-Hans": "全称", "en": "Full name"},
    "short_names": {"zh-Hant": "簡稱", "zh-Hans": "简称", "en": "Short forms"},
    "jurisdiction": {"zh-Hant": "所屬政府", "zh-Hans": "所属政府", "en": "Government"},
    "kind": {"zh-Hant": "類型", "zh-Hans": "类型", "en": "Kind"},
    "tasks_led": {"zh-Hant": "牽頭任務", "zh-Hans": "牵头任务", "en": "Tasks led"},
    "tasks_responsible": {"zh-Hant": "責任任務", "zh-Hans": "责任任务", "en": "Tasks as responsible"},
    "tasks_joint": {"zh-Hant": "分工負責任務", "zh-Hans": "分工负责任务", "en": "Tasks shared"},
    "load": {"zh-Hant": "工作量", "zh-Hans": "工作量", "en": "Load"},
    "load_rule": {
        "zh-Hant": "工作量 = {lead}×牽頭 + {joint}×按職責分工負責 + {responsible}×責任",
        "zh-Hans": "工作量 = {lead}×牵头 + {joint}×按职责分工负责 + {responsible}×责任",
        "en": "load = {lead} × lead + {joint} × joint + {responsible} × responsible",
    },
    "number": {"zh-Hant": "文號", "zh-Hans": "文号", "en": "Document number"},
    "title": {"zh-Hant": "標題", "zh-Hans": "标题", "en": "Title"},
    "cited_by": {"zh-Hant": "被引用", "zh-Hans": "被引用", "en": "Cited by"},
    "used_by": {"zh-Hant": "相關任務", "zh-Hans": "相关任务", "en": "Tasks"},
    "index_number": {"zh-Hant": "索引號/文號", "zh-Hans": "索引号/文号", "en": "Index / document number"},
    "task_count": {"zh-Hant": "任務數(按工作量排序)", "zh-Hans": "任务数(按工作量排序)", "en": "Tasks (sorted by load)"},
    "tasks": {"zh-Hant": "任務", "zh-Hans": "任务", "en": "tasks"},
    "none": {"zh-Hant": "(無)", "zh-Hans": "(无)", "en": "(none)"},
}


def check_language(lang: str) -> str:
    """``lang`` if it is one of the reading languages, else a :class:`kg.errors.UsageError`."""
    if lang not in LANGUAGES:
        raise UsageError(f"unknown language {lang!r}: use one of {', '.join(LANGUAGES)}")
    return lang


# the load rule states kg.analysis.workload.WEIGHTS, the one definition of a department's weighted load
_WEIGHT_TEXT = {role: f"{weight:g}" for role, weight in WEIGHTS.items()}
_STRINGS["load_rule"] = {lang: rule.format(**_WEIGHT_TEXT) for lang, rule in _STRINGS["load_rule"].items()}


def text(key: str, lang: str, **values: object) -> str:
    """The page's word for ``key`` in ``lang``, with ``{name}`` fields filled in."""
    return _STRINGS[key][lang].format(**values) if values else _STRINGS[key][lang]


__all__ = ["check_language", "in_script", "pick", "text"]
