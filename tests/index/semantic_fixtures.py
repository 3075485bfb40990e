"""Fixtures and small builders shared by the semantic tests (models, embed, minhash, neardup, paraphrase).

Import the fixtures you use into the test module: `from tests.index.semantic_fixtures import use_encoder`.
The e5 model is built once per session into a temporary folder, with its ONNX export beside it
(~15 s, 1.2 GB RAM, 840 MB disk).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from index import models, onnx_model
from index.embed import E5Encoder, OnnxE5Encoder, USEEncoder
from ingest.model import Block, BlockKind, Document, SourceRef


@pytest.fixture(scope="session")
def e5_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("models") / models.MODEL_FOLDER
    return models.build(target)


@pytest.fixture(scope="session")
def e5_encoder(e5_model_dir: Path) -> E5Encoder:
    return E5Encoder(e5_model_dir)


@pytest.fixture(scope="session")
def e5_onnx_dir(e5_model_dir: Path) -> Path:
    """The ONNX export `models.build` wrote beside the reference folder."""
    return onnx_model.onnx_dir(e5_model_dir)


@pytest.fixture(scope="session")
def e5_onnx_encoder(e5_onnx_dir: Path) -> OnnxE5Encoder:
    return OnnxE5Encoder(e5_onnx_dir)


@pytest.fixture(scope="session")
def use_encoder() -> USEEncoder:
    return USEEncoder()


def deck(doc_id: str, title: str, sections: list[tuple[str, str]]) -> Document:
    """A slide deck: a title slide, then one slide per (slide title, body text)."""
    blocks = [Block(id="p1-b0", kind=BlockKind.title, text=title, source=SourceRef(page=1))]
    for n, (head, body) in enumerate(sections, start=2):
        blocks.append(Block(id=f"p{n}-b0", kind=BlockKind.title, text=head, source=SourceRef(page=n)))
        blocks.append(Block(id=f"p{n}-b1", kind=BlockKind.paragraph, text=body, source=SourceRef(page=n)))
    return Document(
        doc_id=doc_id, filename=f"{doc_id}.pptx", format="pptx", title=title, pages=len(sections) + 1, blocks=blocks
    )


def paragraphs(doc_id: str, paras: list[str]) -> Document:
    blocks = [
        Block(id=f"p{i + 1}-b0", kind=BlockKind.paragraph, text=t, source=SourceRef(page=i + 1))
        for i, t in enumerate(paras)
    ]
    return Document(doc_id=doc_id, filename=f"{doc_id}.docx", format="docx", pages=len(paras), blocks=blocks)


_TEAM = (
    "本小组成立于2018年3月，由设备、工艺、质量等部门的骨干组成，共8名成员，平均年龄34岁，"
    "全部接受过QC知识培训，活动时间为每周二下午，活动地点在车间会议室。"
)

WELD = deck(
    "weld-2021",
    "降低车身焊接不良率",
    [
        ("小组概况", _TEAM),
        ("一、选题理由", "公司要求车身焊接不良率低于1%，而目前车身焊接不良率为3.2%，客户投诉较多，返修成本高。"),
        ("二、现状调查", "对2021年1-3月焊接不良进行统计，共发现不良焊点412个，其中虚焊占比65.3%，是主要症结。"),
        ("三、设定目标", "将车身焊接不良率由3.2%降低到1.0%以下。"),
        ("四、要因确认", "经末端因素逐条确认：焊接电流参数设置不合理是要因；电极帽磨损后未及时更换是要因。"),
        ("五、制定对策", "对策一：通过正交试验优化焊接电流参数；对策二：建立电极帽定期修磨与更换制度。"),
        ("六、效果检查", "对策实施后，2021年9-11月车身焊接不良率降至0.8%，目标实现。"),
    ],
)

# The same project submitted again two years later under a new title, reworded.
WELD_RENAMED = deck(
    "weld-2023",
    "减少白车身焊点缺陷",
    [
        ("小组概况", _TEAM),
        ("一、选题理由", "公司规定车身焊接不良率不得超过1%，而当前白车身焊点不良比例达3.2%，客户抱怨多，返工费用高。"),
        ("二、现状调查", "统计2021年1至3月焊点缺陷共412个，虚焊所占比例为65.3%，属于主要症结。"),
        ("三、设定目标", "把白车身焊点缺陷率从3.2%降到1.0%以下。"),
        ("四、要因确认", "逐条确认末端因素：焊接电流参数设定不合理为要因；电极帽磨损后没有及时更换为要因。"),
        ("五、制定对策", "对策一：利用正交试验对焊接电流参数进行优化；对策二：制定电极帽定期修磨和更换制度。"),
        ("六、效果检查", "实施对策后，9至11月白车身焊点缺陷率下降到0.8%，达到目标。"),
    ],
)

# A different project of the same plant and the same team.
DIE = deck(
    "die-2022",
    "缩短冲压模具换模时间",
    [
        ("小组概况", _TEAM),
        ("一、选题理由", "冲压车间换模时间长达45分钟，严重影响生产节拍，无法满足多车型混线生产的需要。"),
        ("二、现状调查", "对换模作业进行写实分析，模具调整时间占换模总时间的58%，是主要症结。"),
        ("三、设定目标", "将单次换模时间由45分钟缩短至20分钟以内。"),
        ("四、要因确认", "模具定位方式落后是要因；换模工具准备不充分是要因。"),
        ("五、制定对策", "对策一：采用快速定位销和液压夹紧装置；对策二：推行标准化换模工具车。"),
        ("六、效果检查", "对策实施后平均换模时间降至18分钟，目标实现。"),
    ],
)

# Another welding project, different problem (hard negative: same object, different goal).
WELD_COST = deck(
    "weldcost-2022",
    "降低焊装车间焊丝消耗成本",
    [
        ("小组概况", _TEAM),
        ("一、选题理由", "焊装车间焊丝月消耗费用达12万元，高于集团标杆水平，降本压力大。"),
        ("二、现状调查", "对焊丝消耗进行分类统计，焊枪送丝过长造成的浪费占71%，是主要症结。"),
        ("三、设定目标", "将焊丝月消耗费用由12万元降至8万元以下。"),
        ("四、要因确认", "送丝机构参数未标准化是要因；员工节约意识不足是要因。"),
        ("五、制定对策", "对策一：制定送丝参数标准并固化到设备；对策二：开展焊丝节约专项培训与考核。"),
        ("六、效果检查", "实施后焊丝月消耗费用降至7.6万元，目标实现。"),
    ],
)
