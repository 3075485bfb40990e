"""A side-by-side trial written with its count after the verb or the arms ("样件试测各20次", "各试运行60单",
"各做5次调节试验", "每方案装填3次") where a cause is confirmed or a 方案 chosen is the 对比试验 of that step; the
same words in 对策实施 are no comparison of options."""

from __future__ import annotations

from nlp import tools
from tests.nlp.test_tools import doc_of


def _got(items: list) -> set[tuple[str, str]]:
    doc, steps = doc_of(items)
    return {(t.name, s) for t in tools.analyze(doc, steps).tools for s in t.steps}


def test_a_trial_count_after_the_verb_or_the_arms_is_the_comparative_trial() -> None:
    for step, line in [
        ("propose_solutions", "对比：样件试测各20次，方案一误差±0.12mm，方案二误差±0.35mm"),
        ("propose_solutions", "两种处方流转方式各试运行60单，在线审方平均6分钟"),
        ("propose_solutions", "在试验井X7-213各做5次调节试验"),
        ("propose_solutions", "用冷模筒进行装填试验，每方案装填3次"),
        ("main_causes", "三组参数现场试切各20件，跳动均值相差0.006mm——要因"),
    ]:
        assert ("对比试验", step) in _got([(step, 8, line)]), line
    assert not {s for n, s in _got([("implement", 10, "新工装试切各20件，合格率100%")]) if n == "对比试验"}
