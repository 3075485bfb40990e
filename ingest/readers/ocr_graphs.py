"""PP-OCR's detector and recogniser graphs rewritten once for ONNX Runtime on the CPU (issue 16).

The graphs in rapidocr's wheel come from paddle2onnx: every convolution is followed by a scalar
`Mul` and `Add` (MobileOne's re-parameterised scale and shift, the constant as the *first* input, so
ONNX Runtime's Conv+Mul / Conv+Add fusions do not match), every hard-swish is spelt out as
`Add 3 → Clip 0..6 → Mul → Div 6`, and the learnable scale and shift after it is another `Mul`/`Add`.
Those element-wise nodes, and the layout changes ONNX Runtime inserts around them, took ≈ 45 % of the
recogniser's CPU time. The rewrite, exact in algebra:

* `Constant` nodes become initialisers;
* `Conv → Mul(a) → Add(b)` becomes one `Conv` with weights `a·W` and bias `a·B + b`;
* `Add 3 → Clip 0..6 → Mul → Div 6` becomes `x · HardSigmoid(x; 1/6, 1/2)` (the same function);
* `Mul(c) → Add(d)` feeding only unpadded 1×1 convolutions (group 1) is folded into them:
  weights `c·W`, bias `B + d·ΣW` (a padded convolution would see `d` where it pads with 0: left alone).

On mineru/small_ocr.pdf's 218 lines the recogniser reads the same text (scores within 2e-5) in ≈ 0.63
of the CPU time, the detector's map is within 2e-7 in ≈ 0.75 (bench/ingest_ocr.py). The 0/180 classifier
is cheap and left as shipped.

The rewritten graphs are written once to a folder (`ReadOptions.ocr_model_dir`; the service passes
`<cache>/models/ppocr-cpu`; `qcscreen model build` writes it at setup time) with a marker naming the
source files (name and size) and REWRITE_VERSION; another source or version is rebuilt. The folder is
built in a temporary sibling and renamed into place, so two processes may build it at once. A folder
that cannot be written leaves the shipped graphs in use (a warning, never an error): `onnx` is only
imported to build (≈ 1 CPU s), never to read.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import threading
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from onnx import ModelProto, NodeProto

log = logging.getLogger(__name__)

REWRITE_VERSION = 1
MARKER = "ppocr-cpu.json"
GRAPHS = {"det": "ch_PP-OCRv4_det_infer.onnx", "rec": "ch_PP-OCRv4_rec_infer.onnx"}
_lock = threading.Lock()


def shipped_dir() -> Path:
    """rapidocr's own model folder (inside its wheel)."""
    import rapidocr_onnxruntime

    return Path(rapidocr_onnxruntime.__file__).parent / "models"


def _marker(src: Path) -> dict[str, object]:
    return {
        "version": REWRITE_VERSION,
        "sources": {k: [name, (src / name).stat().st_size] for k, name in GRAPHS.items()},
    }


def _current(folder: Path, src: Path) -> bool:
    try:
        return bool(json.loads((folder / MARKER).read_text(encoding="utf-8")) == _marker(src))
    except (OSError, ValueError):
        return False


def ensure(folder: Path | None) -> dict[str, Path]:
    """Paths of the rewritten graphs by role ("det", "rec"), built into `folder` when missing or
    stale; {} (the shipped graphs) when `folder` is None or cannot be written."""
    if folder is None:
        return {}
    src = shipped_dir()
    with _lock:
        if not _current(folder, src):
            try:
                build(folder, src)
            except OSError as e:
                log.warning("OCR graphs cannot be written to %s (%s); the shipped graphs are used", folder, e)
                return {}
    return {k: folder / name for k, name in GRAPHS.items()}


def build(folder: Path, src: Path | None = None) -> Path:
    """Write the rewritten graphs of `src` (default: rapidocr's) and their marker into `folder`."""
    import onnx

    src = src or shipped_dir()
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
    tmp.chmod(0o755)
    try:
        for name in GRAPHS.values():
            model = onnx.load(str(src / name))
            rewrite(model)
            onnx.save(model, str(tmp / name))
        (tmp / MARKER).write_text(json.dumps(_marker(src)), encoding="utf-8")
        if folder.exists():
            shutil.rmtree(folder, ignore_errors=True)
        try:
            os.replace(tmp, folder)
        except OSError:
            if not _current(folder, src):  # another process did not just put it there
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return folder


def rewrite(model: ModelProto) -> None:
    """Rewrite `model`'s graph in place (see the module's docstring)."""
    from onnx import numpy_helper

    g = model.graph
    consts = {t.name: numpy_helper.to_array(t) for t in g.initializer}
    nodes: list[NodeProto] = []
    for n in g.node:
        if n.op_type == "Constant" and n.attribute and n.attribute[0].name == "value":
            consts[n.output[0]] = numpy_helper.to_array(n.attribute[0].t)
        else:
            nodes.append(n)
    for n in nodes:  # the constant second, as ONNX Runtime's fusions expect
        if n.op_type in ("Mul", "Add") and n.input[0] in consts and n.input[1] not in consts:
            n.input[0], n.input[1] = n.input[1], n.input[0]
    outputs = {o.name for o in g.output}  # a graph output is never folded away
    nodes = _hard_swish(nodes, consts)
    nodes = _fold_scale_into_conv(nodes, consts, outputs)
    nodes = _fold_scale_into_next_conv(nodes, consts, outputs)
    used = {i for n in nodes for i in n.input}
    del g.node[:]
    g.node.extend(nodes)
    del g.initializer[:]
    g.initializer.extend(numpy_helper.from_array(v, k) for k, v in consts.items() if k in used)


def _scalar(consts: dict[str, np.ndarray], name: str, value: float | None = None) -> float | None:
    a = consts.get(name)
    if a is None or a.size != 1:
        return None
    v = float(a.ravel()[0])
    return v if value is None or v == value else None


def _users(nodes: list[NodeProto]) -> dict[str, list[NodeProto]]:
    out: dict[str, list[NodeProto]] = {}
    for n in nodes:
        for i in n.input:
            out.setdefault(i, []).append(n)
    return out


def _hard_swish(nodes: list[NodeProto], consts: dict[str, np.ndarray]) -> list[NodeProto]:
    """`Add 3 → Clip 0..6 → Mul x → Div 6` → `HardSigmoid → Mul x`."""
    from onnx import helper

    producer = {o: n for n in nodes for o in n.output}
    drop: set[int] = set()
    out: list[NodeProto] = []
    for n in nodes:
        mul = producer.get(n.input[0]) if n.op_type == "Div" and _scalar(consts, n.input[1], 6.0) else None
        if mul is not None and mul.op_type == "Mul":
            for x, c in ((mul.input[0], mul.input[1]), (mul.input[1], mul.input[0])):
                clip = producer.get(c)
                if clip is None or clip.op_type != "Clip" or len(clip.input) != 3:
                    continue
                if _scalar(consts, clip.input[1], 0.0) is None or _scalar(consts, clip.input[2], 6.0) is None:
                    continue
                add = producer.get(clip.input[0])
                if (
                    add is None
                    or add.op_type != "Add"
                    or add.input[0] != x
                    or _scalar(consts, add.input[1], 3.0) is None
                ):
                    continue
                drop.update({id(mul), id(clip), id(add)})
                gate = n.output[0] + "_gate"
                out.append(helper.make_node("HardSigmoid", [x], [gate], alpha=1 / 6, beta=0.5))
                out.append(helper.make_node("Mul", [x, gate], [n.output[0]]))
                break
            else:
                out.append(n)
            continue
        out.append(n)
    return [n for n in out if id(n) not in drop]


def _fold_scale_into_conv(nodes: list[NodeProto], consts: dict[str, np.ndarray], outputs: set[str]) -> list[NodeProto]:
    """`Conv → Mul(a) → Add(b)` (each the only user of the one before) → one Conv."""
    users = _users(nodes)
    drop: set[int] = set()
    for conv in nodes:
        if conv.op_type != "Conv" or conv.input[1] not in consts or conv.output[0] in outputs:
            continue
        after = users.get(conv.output[0], [])
        if len(after) != 1 or after[0].op_type != "Mul" or (a := _scalar(consts, after[0].input[1])) is None:
            continue
        mul = after[0]
        after = users.get(mul.output[0], [])
        if mul.output[0] in outputs or len(after) != 1 or after[0].op_type != "Add":
            continue
        if (b := _scalar(consts, after[0].input[1])) is None:
            continue
        add = after[0]
        w = consts[conv.input[1]]
        bias = consts[conv.input[2]] if len(conv.input) > 2 else np.zeros(w.shape[0], np.float32)
        wn, bn = conv.output[0] + "_w", conv.output[0] + "_b"
        consts[wn] = (w * np.float32(a)).astype(np.float32)
        consts[bn] = (bias * np.float32(a) + np.float32(b)).astype(np.float32)
        x = conv.input[0]
        del conv.input[:]
        conv.input.extend([x, wn, bn])
        conv.output[0] = add.output[0]
        drop.update({id(mul), id(add)})
    return [n for n in nodes if id(n) not in drop]


def _pointwise(conv: NodeProto, name: str, consts: dict[str, np.ndarray]) -> bool:
    """An unpadded 1×1 convolution of group 1 reading `name`."""
    if conv.op_type != "Conv" or conv.input[0] != name or conv.input[1] not in consts:
        return False
    attrs = {a.name: a for a in conv.attribute}
    pads = list(attrs["pads"].ints) if "pads" in attrs else []
    group = attrs["group"].i if "group" in attrs else 1
    auto = attrs["auto_pad"].s if "auto_pad" in attrs else b"NOTSET"
    return consts[conv.input[1]].shape[2:] == (1, 1) and not any(pads) and group == 1 and auto in (b"NOTSET", b"VALID")


def _fold_scale_into_next_conv(
    nodes: list[NodeProto], consts: dict[str, np.ndarray], outputs: set[str]
) -> list[NodeProto]:
    """`Mul(c) → Add(d)` read only by unpadded 1×1 convolutions → folded into their weights."""
    users = _users(nodes)
    drop: set[int] = set()
    for mul in nodes:
        if mul.op_type != "Mul" or (c := _scalar(consts, mul.input[1])) is None or mul.output[0] in outputs:
            continue
        after = users.get(mul.output[0], [])
        if len(after) != 1 or after[0].op_type != "Add" or (d := _scalar(consts, after[0].input[1])) is None:
            continue
        add = after[0]
        if add.output[0] in outputs:
            continue
        convs = users.get(add.output[0], [])
        if not convs or not all(_pointwise(cv, add.output[0], consts) for cv in convs):
            continue
        for k, cv in enumerate(convs):
            w = consts[cv.input[1]]
            bias = consts[cv.input[2]] if len(cv.input) > 2 else np.zeros(w.shape[0], np.float32)
            wn, bn = f"{cv.output[0]}_pw{k}", f"{cv.output[0]}_pb{k}"
            consts[wn] = (w * np.float32(c)).astype(np.float32)
            consts[bn] = (bias + np.float32(d) * w.sum(axis=(1, 2, 3))).astype(np.float32)
            del cv.input[:]
            cv.input.extend([mul.input[0], wn, bn])
        drop.update({id(mul), id(add)})
    return [n for n in nodes if id(n) not in drop]
