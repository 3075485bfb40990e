"""Which files make a submission: one folder holding files is one submission (all files under it),
a loose file is one submission of its own; folders holding several folders group submissions (a year,
a region)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

SKIP_NAMES = {"thumbs.db", "desktop.ini"}


@dataclass(frozen=True)
class Submission:
    id: str
    files: tuple[Path, ...]


def visible(p: Path) -> bool:
    """Not a hidden file, an Office lock file (~$…) or a Windows shell file."""
    return not p.name.startswith((".", "~$")) and p.name.lower() not in SKIP_NAMES


def _is_submission_folder(folder: Path) -> bool:
    """A submission folder holds its files (maybe one attachments folder); a grouping folder holds
    several folders of submissions, and perhaps loose files."""
    direct = [p for p in folder.iterdir() if p.is_file() and visible(p)]
    subdirs = [d for d in folder.iterdir() if d.is_dir() and visible(d) and any(visible(x) for x in d.rglob("*"))]
    return bool(direct) and len(subdirs) < 2


def _walk(folder: Path, prefix: str, skip: Path | None, found: list[tuple[str, tuple[Path, ...]]]) -> None:
    entries = sorted((e for e in folder.iterdir() if visible(e) and e.resolve() != skip), key=lambda p: p.name)
    for entry in entries:
        if entry.is_dir():
            if _is_submission_folder(entry):
                files = tuple(sorted(p for p in entry.rglob("*") if p.is_file() and visible(p)))
                found.append((prefix + entry.name, files))
            else:
                _walk(entry, f"{prefix}{entry.name}/", skip, found)
        elif entry.is_file():
            found.append((prefix + entry.stem, (entry,)))


def discover(root: Path, exclude: Path | None = None) -> list[Submission]:
    """The submissions under `root`; `exclude` is an output folder placed inside it."""
    found: list[tuple[str, tuple[Path, ...]]] = []
    _walk(root, "", exclude.resolve() if exclude is not None else None, found)
    # Short ids (S01) unless two groups hold the same name; then keep the group prefix.
    leaf = [sid.rsplit("/", 1)[-1] for sid, _ in found]
    subs = []
    seen: set[str] = set()
    for (sid, files), short in zip(found, leaf, strict=True):
        name = short if leaf.count(short) == 1 else sid
        if name in seen:
            name = f"{name}{files[0].suffix}"
        seen.add(name)
        subs.append(Submission(name, files))
    return subs
