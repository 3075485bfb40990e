"""Reading every meaningful picture of a document: cache, cheap pre-test, OCR in parallel, time budget.

Readers describe each picture as a `PictureJob` (a cache key and a `load` that produces its pixels)
and get one `PictureRead` back per job, in the same order. For each distinct key:

1. the disk cache (cache.py) answers when it can: nothing is decoded or rendered again (an entry
   whose features an older measure() took has its picture decoded and measured again, not OCR'd);
2. `load` runs in the reading thread (PDFium may not be called from two threads), then the picture is
   measured (features.py): a blank picture stops here; a photograph is searched for text with the
   detector at PHOTO_DET_SIDE (text on a photo is large; detection is most of a photo's cost and the
   recogniser only runs on what the detector finds);
3. OCR runs on a pool of `ReadOptions.ocr_workers` threads (default: one per core, at most 2), each
   with its own single-threaded engine (ocr.py). Jobs of one `group` (the pictures of one PDF page)
   run in order in one worker: the first decides the orientation and whether the 0/180 classifier is
   needed, the others reuse that decision;
4. the per-document budget (`ReadOptions.ocr_budget_s`, wall clock from the first job): a job not
   started in time is returned as unread (code "budget") so the reader lists it in the coverage.

Which pictures are meaningful is the readers' call through `meaningful()`: on the page at least
MIN_PICTURE_PT on each side and MIN_PICTURE_AREA_PT2 in area (icons, bullets and rules are not
read); in pixels at least ocr.MIN_SIDE_PX and ocr.MIN_AREA_PX.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field

import cv2
import numpy as np

from ..model import UnreadPicture
from ..options import ReadOptions
from ..readers import ocr, ocr_graphs
from .cache import CachedRead, OcrCache
from .features import FEATURES_VERSION, ImageFeatures, measure

BBox = tuple[float, float, float, float]
Loader = Callable[[], tuple[np.ndarray | None, ocr.Skip | None]]

MIN_PICTURE_PT = 14.0  # a picture narrower or lower than this on the page is an icon or a rule
MIN_PICTURE_AREA_PT2 = 60.0 * 40.0  # about 2 × 1.4 cm: logos in a corner, bullets, icons
PHOTO_DET_SIDE = 736
MAX_WORKERS = 2


def meaningful(bbox: BBox | None) -> bool:
    """Large enough on the page to carry something a reviewer reads (unknown size: yes)."""
    if bbox is None:
        return True
    w, h = bbox[2] - bbox[0], bbox[3] - bbox[1]
    return w >= MIN_PICTURE_PT and h >= MIN_PICTURE_PT and w * h >= MIN_PICTURE_AREA_PT2


@dataclass
class PictureJob:
    key: str  # cache key: the picture's hash (picture_key)
    page: int
    load: Loader  # called in the reading thread
    bbox: BBox | None = None  # position on the slide/page in points, when known
    group: int | None = None  # jobs of one group run in order in one worker (one PDF page)
    det_side: int | None = None  # the detector's long side for this picture (None: ocr.DET_MAX_SIDE)


@dataclass
class PictureRead:
    job: PictureJob
    status: str  # "read" | "blank" | "small" | "unread"
    lines: list[ocr.Line] = field(default_factory=list)
    features: ImageFeatures | None = None
    angle: int = 0
    unread: UnreadPicture | None = None
    cached: bool = False

    @property
    def text(self) -> str:
        return "\n".join(t for t, _, _ in self.lines)


@dataclass
class _Task:
    jobs: list[PictureJob]
    arrays: list[tuple[np.ndarray | None, ocr.Skip | None]] = field(default_factory=list)


def read_pictures(jobs: list[PictureJob], options: ReadOptions) -> list[PictureRead]:
    """One PictureRead per job, in order (jobs sharing a key are read once)."""
    cache = OcrCache(options.ocr_cache_dir)
    done: dict[str, PictureRead] = {}
    pending: dict[str, PictureJob] = {}
    for job in jobs:
        if job.key in done or job.key in pending:
            continue
        hit = cache.get(job.key)
        if hit is not None and hit.features_version != FEATURES_VERSION:
            hit = _remeasured(job, hit, cache)
        if hit is not None:
            done[job.key] = PictureRead(job, hit.status, hit.lines, hit.features, hit.angle, cached=True)
        elif not options.ocr:
            done[job.key] = _unread(job, "ocr_off", "未启用 OCR，图片中的文字未识别")
        else:
            pending[job.key] = job
    for read in _run(_tasks(pending.values()), options):
        done[read.job.key] = read
        if read.status in ("read", "blank") and read.features is not None:
            cache.put(read.job.key, CachedRead(read.lines, read.features, read.angle, read.status))
    return [_for(job, done[job.key]) for job in jobs]


def _remeasured(job: PictureJob, hit: CachedRead, cache: OcrCache) -> CachedRead:
    """A cached read whose features an older measure() took: the picture is decoded and measured
    again (milliseconds), its OCR'd lines kept, and the entry rewritten (kept as it was when the
    picture no longer decodes)."""
    try:
        arr, _skip = job.load()
        features = measure(arr) if arr is not None else None
    except (cv2.error, ValueError, MemoryError):
        features = None
    if features is None:
        return hit
    fresh = CachedRead(hit.lines, features, hit.angle, hit.status)
    cache.put(job.key, fresh)
    return fresh


def _for(job: PictureJob, read: PictureRead) -> PictureRead:
    """The read of a key, told for this job (another job may have had the same picture)."""
    if read.job is job:
        return read
    unread = read.unread.model_copy(update={"page": job.page, "bbox": job.bbox}) if read.unread else None
    return PictureRead(job, read.status, read.lines, read.features, read.angle, unread, read.cached)


def _tasks(jobs: Iterable[PictureJob]) -> list[_Task]:
    """One task per ungrouped job, one per group (its jobs in order)."""
    groups: dict[int, _Task] = {}
    order: list[_Task] = []
    for job in jobs:
        if job.group is None:
            order.append(_Task([job]))
        elif job.group in groups:
            groups[job.group].jobs.append(job)
        else:
            groups[job.group] = _Task([job])
            order.append(groups[job.group])
    return order


def _unread(job: PictureJob, code: str, reason: str) -> PictureRead:
    return PictureRead(
        job, "unread", unread=UnreadPicture(page=job.page, bbox=job.bbox, image_hash=job.key, code=code, reason=reason)
    )


def workers(options: ReadOptions) -> int:
    if options.ocr_workers > 0:
        return options.ocr_workers
    return max(1, min(MAX_WORKERS, os.cpu_count() or 1))


def _run(tasks: list[_Task], options: ReadOptions) -> Iterator[PictureRead]:
    """Load each task in this thread, OCR it on the pool; tasks not started within the budget are
    returned unread."""
    if not tasks:
        return
    start = time.monotonic()
    n = workers(options)
    graphs = ocr_graphs.ensure(options.ocr_model_dir)
    with ThreadPoolExecutor(
        max_workers=n, thread_name_prefix="ocr", initializer=ocr.use_graphs, initargs=(graphs,)
    ) as pool:
        running: set[Future[list[PictureRead]]] = set()
        for task in tasks:
            while len(running) > n:
                finished, running = _wait(running)
                for fut in finished:
                    yield from fut.result()
            if time.monotonic() - start > options.ocr_budget_s:
                reason = f"超出每份文件 {options.ocr_budget_s:.0f} 秒的图片识别时间，未识别"
                yield from (_unread(job, "budget", reason) for job in task.jobs)
                continue
            task.arrays = [job.load() for job in task.jobs]
            running.add(pool.submit(_read_task, task))
        for fut in running:
            yield from fut.result()


def _wait(
    running: set[Future[list[PictureRead]]],
) -> tuple[set[Future[list[PictureRead]]], set[Future[list[PictureRead]]]]:
    finished, rest = wait(running, return_when=FIRST_COMPLETED)
    return set(finished), set(rest)


def _read_task(task: _Task) -> list[PictureRead]:
    """OCR the jobs of one task in order; the first picture's orientation holds for the others."""
    out: list[PictureRead] = []
    angle: int | None = None
    use_cls = True
    for job, (arr, skip) in zip(task.jobs, task.arrays, strict=True):
        if arr is None:
            out.append(_not_decoded(job, skip or ocr.Skip("undecodable", "图片无法解码")))
            continue
        try:
            features = measure(arr)
            if features.blank:
                out.append(PictureRead(job, "blank", features=features))
                continue
            det_side = job.det_side or (PHOTO_DET_SIDE if features.photo else None)
            result = ocr.ocr_array(arr, use_cls=use_cls, angle=angle, det_side=det_side)
        except (ocr.OcrUnavailableError, cv2.error, ValueError, MemoryError) as e:
            out.append(_unread(job, "ocr_failed", f"图片文字识别失败（{type(e).__name__}）"))
            continue
        if angle is None and len(task.jobs) > 1 and result.lines:
            angle, use_cls = result.angle, result.flipped > 0
        out.append(PictureRead(job, "read", result.lines, features, result.angle))
    return out


def _not_decoded(job: PictureJob, skip: ocr.Skip) -> PictureRead:
    if skip.code == "small":
        return PictureRead(job, "small")  # an icon in pixels: not a picture a reviewer reads
    return _unread(job, skip.code, skip.reason)
