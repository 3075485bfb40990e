"""N1 (stop 33, seen fresh21 e08): the chosen 总体方案 refined part by part under its own name ("方案二细化：皮碗硬度
选邵氏A80（对比A70/A90试验）；骨架选弹簧钢万向节") is the decomposition; the options compared without it lack one."""

from __future__ import annotations

from nlp.check import check
from tests.nlp.conftest import deck, finding_messages, good_innovative, set_slide

OPTIONS = [
    "总体方案A：零点定位快换底板加整体封堵模块。",
    "总体方案B：通用底板加气动伸缩封堵头。",
    "各做样件试验换型10次：方案A平均换型10.5min、误判率0.4%；方案B换型6.8min、误判率1.1%，选定方案A。",
]
REFINED = "方案A细化：定位选零点定位销（对比锥销试验，重复定位0.01mm）；封堵选膨胀密封圈（对比平面橡胶垫泄漏试验）。"


def _no_levels(lines: list[str]) -> bool:
    """N1 names the missing levels, as a finding or (several 总体方案 read, stop 34) a review."""
    r = check(deck(set_slide(good_innovative(), "三、提出方案", lines)))
    said = finding_messages(r, "N1") + [v.message for v in r.reviews if v.rule == "N1"]
    return any("分级方案" in m for m in said)


def test_the_chosen_option_refined_under_its_name_is_the_decomposition() -> None:
    assert not _no_levels([*OPTIONS, REFINED])


def test_the_options_compared_without_refinement_lack_it() -> None:
    assert _no_levels(list(OPTIONS))
