"""PP-OCR graphs rewritten for the CPU: the same function as the shipped graphs, built once, never fatal."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import pytest
from onnx import TensorProto, helper, numpy_helper
from PIL import Image, ImageDraw

from ingest.readers import ocr, ocr_graphs

from .picture_fixtures import font


def _session(model: bytes | str) -> ort.InferenceSession:
    so = ort.SessionOptions()
    so.intra_op_num_threads = 1
    so.log_severity_level = 4
    return ort.InferenceSession(model, so, providers=["CPUExecutionProvider"])


def _const(name: str, value: np.ndarray) -> onnx.NodeProto:
    return helper.make_node("Constant", [], [name], value=numpy_helper.from_array(value.astype(np.float32), name))


def _paddle_like() -> onnx.ModelProto:
    """conv3x3 → Mul(a) → Add(b) → hard-swish spelt out → Mul(c) → Add(d) → conv1x1, and a padded
    depthwise conv after another Mul/Add (which must not be folded), constants first as paddle2onnx writes."""
    rng = np.random.default_rng(3)
    nodes = [
        _const("w1", rng.normal(size=(8, 3, 3, 3))),
        _const("b1", rng.normal(size=(8,))),
        _const("a", np.array([1.7])),
        _const("b", np.array([0.4])),
        _const("three", np.array([3.0])),
        _const("zero", np.array(0.0)),
        _const("six", np.array(6.0)),
        _const("sixd", np.array([6.0])),
        _const("c", np.array([0.3])),
        _const("d", np.array([-0.2])),
        _const("w2", rng.normal(size=(4, 8, 1, 1))),
        _const("b2", rng.normal(size=(4,))),
        _const("w3", rng.normal(size=(4, 1, 3, 3))),
        helper.make_node("Conv", ["x", "w1", "b1"], ["y1"], pads=[1, 1, 1, 1]),
        helper.make_node("Mul", ["a", "y1"], ["y2"]),
        helper.make_node("Add", ["y2", "b"], ["y3"]),
        helper.make_node("Add", ["y3", "three"], ["h1"]),
        helper.make_node("Clip", ["h1", "zero", "six"], ["h2"]),
        helper.make_node("Mul", ["y3", "h2"], ["h3"]),
        helper.make_node("Div", ["h3", "sixd"], ["h4"]),
        helper.make_node("Mul", ["c", "h4"], ["z1"]),
        helper.make_node("Add", ["z1", "d"], ["z2"]),
        helper.make_node("Conv", ["z2", "w2", "b2"], ["z3"]),
        helper.make_node("Relu", ["z3"], ["r"]),
        helper.make_node("Mul", ["c", "r"], ["u1"]),
        helper.make_node("Add", ["u1", "d"], ["u2"]),
        helper.make_node("Conv", ["u2", "w3"], ["out"], pads=[1, 1, 1, 1], group=4),
    ]
    graph = helper.make_graph(
        nodes,
        "g",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 9, 11])],
        [helper.make_tensor_value_info("out", TensorProto.FLOAT, [1, 4, 9, 11])],
    )
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 12)])


def test_rewrite_is_the_same_function_with_fewer_nodes() -> None:
    model = _paddle_like()
    x = np.random.default_rng(5).normal(size=(1, 3, 9, 11)).astype(np.float32) * 3
    before = _session(model.SerializeToString()).run(None, {"x": x})[0]
    ocr_graphs.rewrite(model)
    onnx.checker.check_model(model)
    ops = [n.op_type for n in model.graph.node]
    after = _session(model.SerializeToString()).run(None, {"x": x})[0]
    np.testing.assert_allclose(after, before, rtol=1e-5, atol=1e-5)
    # the scale after conv1 and the one before the 1x1 conv are folded, hard-swish is one gate;
    # the Mul/Add before the padded depthwise conv stays (its padding would see d instead of 0)
    assert ops == ["Conv", "HardSigmoid", "Mul", "Conv", "Relu", "Mul", "Add", "Conv"]
    assert "Constant" not in ops


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("models") / "ppocr-cpu"
    assert set(ocr_graphs.ensure(folder)) == {"det", "rec"}
    return folder


def test_built_once_and_rebuilt_when_stale(built: Path) -> None:
    marker = built / ocr_graphs.MARKER
    first = marker.stat().st_mtime_ns
    paths = ocr_graphs.ensure(built)
    assert marker.stat().st_mtime_ns == first  # current: left alone
    assert all(p.is_file() and p.parent == built for p in paths.values())
    data = json.loads(marker.read_text(encoding="utf-8"))
    marker.write_text(json.dumps({**data, "version": -1}), encoding="utf-8")
    ocr_graphs.ensure(built)
    assert json.loads(marker.read_text(encoding="utf-8")) == data


def test_no_folder_or_unwritable_folder_keeps_the_shipped_graphs(tmp_path: Path) -> None:
    assert ocr_graphs.ensure(None) == {}
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    assert ocr_graphs.ensure(blocker / "ppocr-cpu") == {}


def test_shipped_graphs_rewritten_give_the_same_maps(built: Path) -> None:
    shipped = ocr_graphs.shipped_dir()
    rng = np.random.default_rng(11)
    for role, shape in (("det", (1, 3, 320, 256)), ("rec", (1, 3, 32, 320))):
        name = ocr_graphs.GRAPHS[role]
        a, b = _session(str(shipped / name)), _session(str(built / name))
        x = rng.uniform(-1, 1, size=shape).astype(np.float32)
        ya = a.run(None, {a.get_inputs()[0].name: x})[0]
        yb = b.run(None, {b.get_inputs()[0].name: x})[0]
        np.testing.assert_allclose(yb, ya, atol=2e-4)
        ops = [n.op_type for n in onnx.load(str(built / name)).graph.node]
        before = [n.op_type for n in onnx.load(str(shipped / name)).graph.node if n.op_type != "Constant"]
        assert ops.count("HardSigmoid") >= 20 and ops.count("Clip") < before.count("Clip")
        assert len(ops) < 0.8 * len(before)


@pytest.mark.slow
def test_engine_reads_the_same_lines_with_the_rewritten_graphs(built: Path) -> None:
    img = Image.new("RGB", (1000, 330), "white")
    draw = ImageDraw.Draw(img)
    for i, line in enumerate(["现状调查：不合格率为百分之十二", "要因确认与对策实施", "效果检查达到目标值"]):
        draw.text((30, 20 + 100 * i), line, fill="black", font=font(40))
    bgr = np.ascontiguousarray(np.asarray(img)[:, :, ::-1])
    shipped, _ = ocr.Engine().read(bgr, use_cls=True)
    fast, _ = ocr.Engine(ocr_graphs.ensure(built)).read(bgr, use_cls=True)
    assert [t for t, _, _ in fast] == [t for t, _, _ in shipped] and len(fast) == 3
    for (_, box_a, s_a), (_, box_b, s_b) in zip(shipped, fast, strict=True):
        assert np.allclose(box_a, box_b, atol=1.0) and abs(s_a - s_b) < 1e-3
