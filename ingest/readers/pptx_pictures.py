"""The picture stage of the PPTX reader: every meaningful picture of the deck read in one pass.

Pictures on slides, in groups, in table cells, as shape fills and as slide backgrounds (collected by
the shape walker) go to ingest.pictures together, so the deck's pictures share one time budget, one
pool of OCR workers and the cache. Each picture read becomes one unit at the picture's position:
an `image_text` block carrying the figure (its OCR'd lines joined by newlines, empty for a photo
without text) or, for a table screenshot, a `table` block. A picture repeated on REPEATED_SLIDES
slides or more (a logo, a template banner) is body text once and furniture on the other slides.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING

from ..model import BlockKind, UnreadPicture
from .pptx_slide import Item, Picture, SlideScan, Unit

if TYPE_CHECKING:
    from ..options import ReadOptions
    from ..pictures import PictureJob

REPEATED_SLIDES = 3


@dataclass
class SlidePictures:
    pictures: int = 0  # meaningful pictures (read or listed as unread)
    read: int = 0
    ocr: bool = False  # some picture gave text
    unread: list[UnreadPicture] = field(default_factory=list)


def read_deck_pictures(scans: list[SlideScan], options: ReadOptions) -> list[SlidePictures]:
    """Read the pictures of every slide; add their units to the scans; per-slide counts."""
    if not any(scan.pictures for scan in scans):
        return [SlidePictures() for _ in scans]
    # The picture stage (numpy, OpenCV, the OCR engine) is imported only for a deck with pictures.
    from ..pictures import PictureJob, meaningful, picture_content, read_pictures
    from ..pictures.cache import picture_key
    from .ocr import decode_image

    owners: list[tuple[int, Picture]] = []
    jobs: list[PictureJob] = []
    for i, scan in enumerate(scans):
        for pic in scan.pictures:
            if meaningful(pic.bbox):
                owners.append((i, pic))
                jobs.append(
                    PictureJob(
                        key=picture_key(pic.blob), page=i + 1, load=partial(decode_image, pic.blob), bbox=pic.bbox
                    )
                )
    reads = read_pictures(jobs, options)
    slides_with = Counter(key for key, _ in {(job.key, job.page) for job in jobs})
    out = [SlidePictures() for _ in scans]
    seen: set[str] = set()
    for (i, pic), read in zip(owners, reads, strict=True):
        if read.status in ("small", "blank"):
            continue
        stats = out[i]
        stats.pictures += 1
        if read.unread is not None:
            stats.unread.append(read.unread)
            continue
        content = picture_content(read)
        if content is None:
            continue
        stats.read += 1
        stats.ocr = stats.ocr or bool(content.text)
        repeated = slides_with[read.job.key] >= REPEATED_SLIDES and read.job.key in seen
        seen.add(read.job.key)
        kind = BlockKind.furniture if repeated else content.kind
        unit = Unit(bbox=pic.bbox, seq=pic.seq, part="ocr")
        unit.items.append(Item(kind, content.text, table=content.table, figure=content.figure))
        scans[i].units.append(unit)
    return out
