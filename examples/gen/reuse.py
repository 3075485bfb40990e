"""Planted reuse: light edits, sentence reordering and a meaning-preserving paraphrase."""

from __future__ import annotations

import random
import re

SYNONYMS = [
    ("进行", "开展"), ("通过", "经过"), ("明显", "显著"), ("发现", "查出"), ("统计", "汇总"), ("实施", "执行"),
    ("检查", "核查"), ("提高", "提升"), ("要求", "规定"), ("采用", "使用"), ("确定", "确认"), ("分析", "剖析"),
    ("负责", "牵头"), ("完成", "做完"), ("结果", "结论"), ("对比", "比对"), ("跟踪", "追踪"), ("达到", "满足"),
    ("问题", "情况"), ("组织", "安排"), ("减少", "降低"), ("提升", "增强"), ("掌握", "熟悉"), ("现场", "一线"),
    ("可以看出", "可见"), ("全部", "所有"), ("是影响", "是造成"), ("共生产", "累计生产"), ("未达到", "没有达到"),
    ("判定为", "认定为"), ("平均", "均值"), ("抽取", "抽查"), ("改善", "改进"), ("有效", "见效"), ("约", "大约"),
    ("活动", "攻关活动"), ("导致", "造成"), ("逐层", "层层"), ("其中", "当中"), ("主要", "重要"),
]


def light_edit(text: str, rng: random.Random, min_edits: int = 3) -> str:
    """A few synonym swaps plus, if needed, one or two deleted function characters (了/的)."""
    out = text
    edits = 0
    pairs = SYNONYMS[:]
    rng.shuffle(pairs)
    for a, b in pairs:
        if edits >= min_edits + 1:
            break
        if a in out:
            out = out.replace(a, b, 1)
            edits += 1
    for ch in ("了", "的"):
        if edits < min_edits and ch in out:
            out = out.replace(ch, "", 1)
            edits += 1
    return out


_SENT = re.compile(r"[^。；]+[。；]")


def reorder(text: str, rng: random.Random) -> str | None:
    sents = _SENT.findall(text)
    if len(sents) < 2 or "".join(sents) != text:
        return None
    order = list(range(len(sents)))
    for _ in range(10):
        rng.shuffle(order)
        if order != sorted(order):
            break
    out = "".join(sents[i] for i in order)
    # the last sentence must end with a full stop
    if out.endswith("；"):
        out = out[:-1] + "。"
    return out if out != text else None


_CA1 = re.compile(r"小组成员召开专题分析会，运用头脑风暴法针对症结“(?P<s>[^”]+)”从人、机、料、法、环、测方面逐层分析原因，绘制因果图。")
_CA2 = re.compile(r"针对(?P<s>.+?)，小组(?P<n>\d+)名成员到(?P<site>.+?)现场察看，从5M1E逐层展开分析，直至(?P<k>\d+)条可直接采取措施的末端原因。")
_CA3 = re.compile(r"(?P<d>\d{4}年\d+月\d+日)，小组利用因果图对“(?P<s>[^”]+)”进行原因分析。")


def paraphrase_cause_intro(text: str) -> str | None:
    """Rewrite the 原因分析 opening sentence with different words and the same meaning."""
    m = _CA1.fullmatch(text)
    if m:
        return (f"围绕“{m['s']}”这一症结，全组人员坐下来集思广益，按照人员、设备、材料、方法、环境和测量六个维度一层一层往下追查原因，"
                "最后把结果画成了一张鱼骨图。")
    m = _CA2.fullmatch(text)
    if m:
        return (f"{m['n']}位组员一起去{m['site']}实地查看，围绕{m['s']}这个问题，按人机料法环测六方面层层剖析，"
                f"一直追到{m['k']}条能够直接动手整改的最底层原因为止。")
    m = _CA3.fullmatch(text)
    if m:
        return f"到了{m['d']}，我们借助鱼骨图把“{m['s']}”背后的原因逐一梳理了出来。"
    return None
