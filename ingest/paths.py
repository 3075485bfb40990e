"""Opening and listing input paths without following links.

Every face that reads a path a user or a folder names goes through here: the CLI (`extract`, `check`,
…), batch folders (`screen`, the server's batch jobs), `corpus add`. A symbolic link is refused with
`ingest.symlink` (a link named `x.docx` pointing at `/etc/passwd` is never read), a device, pipe or
socket with `ingest.special_file` (opening a FIFO would block a batch forever), and a folder walk never
descends through a linked folder, so nothing outside a batch root is ever reached.

Only the last component of a path named directly by the user is checked: the folders above it are the
user's choice. Inside a walked folder every entry is checked, so a link anywhere below the root is
listed (and refused when read), never followed.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from pathlib import Path
from typing import Literal

from .errors import SpecialFileError, SymlinkError, TooLargeError, UnsupportedError
from .model import doc_id_for_digest

EntryKind = Literal["file", "dir", "link", "special", "missing"]

_SPECIAL_NAMES = {
    stat.S_IFIFO: "命名管道",
    stat.S_IFCHR: "字符设备",
    stat.S_IFBLK: "块设备",
    stat.S_IFSOCK: "套接字",
}
_OPEN_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC


def entry_kind(path: Path) -> EntryKind:
    """What `path` itself is (never what a link points at)."""
    try:
        mode = os.lstat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return "missing"
    if stat.S_ISLNK(mode):
        return "link"
    if stat.S_ISDIR(mode):
        return "dir"
    if stat.S_ISREG(mode):
        return "file"
    return "special"


def _special_name(mode: int) -> str:
    return _SPECIAL_NAMES.get(stat.S_IFMT(mode), "特殊文件")


def open_regular(path: str | Path) -> int:
    """A read-only descriptor on a regular file; refuses links and special files by name.

    `O_NOFOLLOW` makes the check race-free: a file swapped for a link after the check fails to open
    (ELOOP) instead of being followed; `O_NONBLOCK` keeps a FIFO from blocking the open."""
    p = Path(path)
    kind = entry_kind(p)
    if kind == "link":
        raise SymlinkError(p.name, "这是一个符号链接（快捷方式），不是文件本身")
    if kind == "missing":
        raise UnsupportedError(p.name, "文件不存在")
    if kind == "dir":
        raise UnsupportedError(p.name, "这是一个文件夹，不是文件")
    try:
        fd = os.open(p, _OPEN_FLAGS)
    except OSError as e:
        if e.errno == errno.ELOOP:
            raise SymlinkError(p.name, "这是一个符号链接（快捷方式），不是文件本身") from e
        if e.errno in (errno.ENOENT, errno.ENOTDIR):
            raise UnsupportedError(p.name, "文件不存在") from e
        if e.errno in (errno.EACCES, errno.EPERM):
            raise UnsupportedError(p.name, "没有读取该文件的权限") from e
        if e.errno == errno.ENXIO:  # a socket or a FIFO without a writer on some systems
            raise SpecialFileError(p.name, "这不是普通文件（套接字或设备）") from e
        raise
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        if stat.S_ISDIR(mode):
            raise UnsupportedError(p.name, "这是一个文件夹，不是文件")
        raise SpecialFileError(p.name, f"这不是普通文件（{_special_name(mode)}）")
    os.set_blocking(fd, True)
    return fd


def read_regular(path: str | Path, max_bytes: int | None = None) -> bytes:
    """The bytes of a regular file (see `open_regular`); TooLargeError above `max_bytes`, checked on
    the open file before anything is read."""
    p = Path(path)
    fd = open_regular(p)
    with os.fdopen(fd, "rb") as fh:
        size = os.fstat(fh.fileno()).st_size
        if max_bytes is not None and size > max_bytes:
            raise TooLargeError(p.name, f"文件大小 {size / 1048576:.1f} MB 超过上限 {max_bytes / 1048576:.0f} MB")
        data = fh.read() if max_bytes is None else fh.read(max_bytes + 1)
    if max_bytes is not None and len(data) > max_bytes:  # grew while we read it
        raise TooLargeError(p.name, f"文件大小超过上限 {max_bytes / 1048576:.0f} MB")
    return data


def sha256_regular(path: str | Path) -> str:
    """sha256 hex digest of a regular file's bytes (links and special files refused, see above)."""
    h = hashlib.sha256()
    with os.fdopen(open_regular(path), "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def doc_id_of(path: str | Path) -> str:
    """The id a reader gives the file's Document (`ingest.model.doc_id_for` of its bytes), without
    reading it as a document: how `corpus add` knows a file is already in the corpus."""
    return doc_id_for_digest(sha256_regular(path))


def list_folder(folder: Path) -> tuple[list[Path], list[Path]]:
    """(sub-folders, everything else) directly in `folder`, sorted by name. Linked folders are in the
    second list with the files: they are never entered, and reading them is refused by name."""
    dirs: list[Path] = []
    others: list[Path] = []
    with os.scandir(folder) as it:
        for entry in it:
            path = Path(folder, entry.name)
            (dirs if entry.is_dir(follow_symlinks=False) else others).append(path)
    return sorted(dirs, key=lambda p: p.name), sorted(others, key=lambda p: p.name)


def walk_files(folder: Path) -> list[Path]:
    """Every non-folder entry under `folder` (files, links, special files), never through a link."""
    out: list[Path] = []
    for root, dirs, files in os.walk(folder, followlinks=False):
        # os.walk lists a linked folder among `dirs` but, with followlinks=False, does not enter it
        out.extend(Path(root, name) for name in files)
        out.extend(Path(root, name) for name in dirs if os.path.islink(os.path.join(root, name)))
    return sorted(out)
