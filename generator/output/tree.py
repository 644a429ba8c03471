"""Trees of files: their listings, hard links to the published files instead of copies, and the exchange of
the new tree with the published one in one operation of the kernel, so the target path always holds one whole
site and files never change in place."""

from __future__ import annotations

import ctypes
import errno
import functools
import json
import logging
import os
import shutil
import stat
import tempfile
from pathlib import Path

from generator.base.cache import digest as _digest
from generator.base.i18n import _
from generator.output.audit import walk_files

log = logging.getLogger("gongshi")


def signature(st: os.stat_result) -> tuple[int, int, int]:
    """What shows any change to a file: its size, modification time and inode."""
    return st.st_size, st.st_mtime_ns, st.st_ino


def list_files(root: Path) -> dict[str, tuple[int, int, int]]:
    """Each file of a tree (its path relative to it) with its :func:`signature`."""
    return {rel: signature(entry.stat(follow_symlinks=False)) for rel, entry in walk_files(root)}


def tree_digest(listing: dict[str, tuple[int, int, int]]) -> str:
    """Digest of a tree's listing: any change to its files shows."""
    return _digest(json.dumps(sorted(listing.items())))


def mirror(source: str, dest: str, listing: dict | None = None, rel: str = "") -> dict[str, tuple[int, int, int]]:
    """Make ``dest`` hold exactly the files of ``source``, as hard links to them (no content is copied or
    written): a file already linked to the same inode stays, any other is replaced or removed. Return the
    listing of ``source`` (which ``dest`` now shares)."""
    listing = {} if listing is None else listing
    try:
        have = {entry.name: entry for entry in os.scandir(dest)}
    except FileNotFoundError:
        os.mkdir(dest)
        have = {}
    for entry in os.scandir(source):
        old = have.pop(entry.name, None)
        path = os.path.join(dest, entry.name)
        if entry.is_dir(follow_symlinks=False):
            if old is not None and not old.is_dir(follow_symlinks=False):
                os.unlink(path)
            mirror(entry.path, path, listing, f"{rel}{entry.name}/")
            continue
        listing[rel + entry.name] = found = signature(entry.stat(follow_symlinks=False))
        if old is not None:
            if not old.is_dir(follow_symlinks=False) and old.inode() == found[2]:
                continue
            _remove(old)
        os.link(entry.path, path, follow_symlinks=False)
    for old in have.values():
        _remove(old)
    return listing


def _remove(entry: os.DirEntry) -> None:
    if entry.is_dir(follow_symlinks=False):
        shutil.rmtree(entry.path)
    else:
        os.unlink(entry.path)


def write_if_changed(root: Path, rel: str, data: bytes) -> bool:
    """Write a file of the new tree unless it already holds ``data``; a linked file is replaced, never
    written through (it is also a file of the published site)."""
    path = root / rel
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
        path.unlink()
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def link_unchanged(new: Path, old: Path, prefix: str = "") -> list[str]:
    """Replace each file of ``new`` equal to the same file of ``old`` with a hard link to it; return the
    others (files with new content), relative to ``new`` with ``prefix``."""
    return [prefix + rel for rel, entry in walk_files(new) if entry.is_symlink() or not _linked(old / rel, entry)]


def _linked(before: Path, entry: os.DirEntry) -> bool:
    """Whether the file of ``entry`` is a hard link to ``before``: it already was, or it held the same bytes
    and now is."""
    try:
        was = before.stat()
    except (FileNotFoundError, NotADirectoryError):
        return False
    now = entry.stat()
    if (was.st_ino, was.st_dev) == (now.st_ino, now.st_dev):
        return True
    if not stat.S_ISREG(was.st_mode) or was.st_size != now.st_size or before.read_bytes() != Path(entry.path).read_bytes():
        return False
    tmp = Path(entry.path).with_name(f".{entry.name}.link")
    os.link(before, tmp)
    os.replace(tmp, entry.path)
    return True


def spare_of(target: Path) -> Path:
    """Where the tree a build replaced is kept: beside the target, as ``.<name>.spare`` (a folder only its owner
    may enter). The next quick build starts from it, so it neither creates nor removes a folder per page (a
    new tree of links costs about 0.15 ms a file, 2 s for 5,000 nominees). Its files are hard links to the
    published ones: it is never kept in the cache, whose files may be deleted or changed by hand without a
    thought for the site."""
    return target.parent / f".{target.name}.spare"


def swap(staging: Path, target: Path) -> None:
    """Put ``staging`` at ``target`` in one step (see :func:`_exchange`): at every instant ``target`` is one
    whole site, the old one or the new one. The old tree is then kept as :func:`spare_of` (or, after a first
    build, a tree of links to the new one is made there)."""
    spare = spare_of(target)
    if not os.path.lexists(target):
        os.rename(staging, target)  # one step: there was no site to keep whole
        remove_tree(spare)
        try:  # no tree was replaced: the next quick build starts from links to this one
            os.mkdir(spare, 0o700)
            mirror(str(target), str(spare))
        except OSError:  # it would only have saved the next build time
            shutil.rmtree(spare, ignore_errors=True)
        return
    if _exchange(staging, target):
        old = staging  # now the old tree; a kill from here on leaves it as a leftover the next build removes
    else:
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
        os.rmdir(old)
        log.warning(_("the file system of {folder} cannot exchange two folders in one step; {target} was "
                      "missing for a moment while the new site replaced the old one")
                    .format(folder=target.parent, target=target.name))
        os.rename(target, old)
        try:
            os.rename(staging, target)
        except OSError:
            os.rename(old, target)
            raise
    try:
        os.chmod(old, 0o700)
        remove_tree(spare)  # one a whole build did not start from
        os.rename(old, spare)
    except OSError:  # the new site is in place; keeping the old tree only saves the next build time
        shutil.rmtree(old, ignore_errors=True)  # what is left is removed by the next build (see generator.output.build)


def remove_tree(path: Path) -> None:
    """Remove a folder, a file or a link at ``path``, if there is one."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif os.path.lexists(path):
        path.unlink()


#: renameat2(2) flag: exchange the two paths
_RENAME_EXCHANGE = 2
#: renamex_np(2) flag (macOS): swap the two paths
_RENAME_SWAP = 2
_AT_FDCWD = -100


@functools.cache
def _exchange_call():
    """The C function that exchanges two paths in one step, as a function of two byte paths returning 0 or
    -1 (errno set): renameat2(RENAME_EXCHANGE) on Linux (glibc 2.28 and later), renamex_np(RENAME_SWAP) on
    macOS; None elsewhere."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None
    if hasattr(libc, "renameat2"):
        call = libc.renameat2
        call.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
        call.restype = ctypes.c_int
        return lambda a, b: call(_AT_FDCWD, a, _AT_FDCWD, b, _RENAME_EXCHANGE)
    if hasattr(libc, "renamex_np"):
        call = libc.renamex_np
        call.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_uint]
        call.restype = ctypes.c_int
        return lambda a, b: call(a, b, _RENAME_SWAP)
    return None


def _exchange(a: Path, b: Path) -> bool:
    """Exchange the two paths in one operation of the kernel, so that no moment exists where either is
    missing (a web server or a reader always finds a whole tree). False when this system or file system
    cannot (then nothing was changed)."""
    call = _exchange_call()
    if call is None:
        return False
    if call(os.fsencode(a), os.fsencode(b)) == 0:
        return True
    error = ctypes.get_errno()
    if error in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(error, os.strerror(error), str(a), None, str(b))
