"""Which files make a submission: one folder holding files is one submission (all files under it),
a loose file is one submission of its own; folders holding several folders group submissions (a year,
a region)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ingest.paths import list_folder, walk_files

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
    dirs, others = list_folder(folder)
    direct = [p for p in others if visible(p)]
    subdirs = [d for d in dirs if visible(d) and any(visible(x) for x in walk_files(d))]
    return bool(direct) and len(subdirs) < 2


def _walk(folder: Path, prefix: str, skip: Path | None, found: list[tuple[str, tuple[Path, ...]]]) -> None:
    # Links and special files are never followed or entered (ingest.paths): they are listed as files,
    # and reading them fails with ingest.symlink / ingest.special_file, reported like any bad file.
    dirs, others = list_folder(folder)
    for entry in sorted([*dirs, *others], key=lambda p: p.name):
        if not visible(entry) or entry.resolve() == skip:
            continue
        if entry in dirs:
            if _is_submission_folder(entry):
                found.append((prefix + entry.name, tuple(p for p in walk_files(entry) if visible(p))))
            else:
                _walk(entry, f"{prefix}{entry.name}/", skip, found)
        else:
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
