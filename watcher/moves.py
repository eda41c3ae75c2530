"""Moving files without ever overwriting or losing one.

``rename_noreplace`` is one atomic step that fails when the destination
exists (Linux ``renameat2(RENAME_NOREPLACE)``); where the file system
refuses it, a hard link then an unlink of the source (the link fails on
an existing name, so still no overwrite; a crash between the two leaves
the same file under both names, which ``move_unique`` recognises), and
last a check then ``rename``.

Across file systems (``EXDEV``) a file is copied to a hidden temporary
name beside its destination, flushed to disk, renamed into place without
overwrite, and only then is the source unlinked: a crash leaves at worst
the file in both places, never in neither.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import time

from esep.fsutil import fsync_dir, fsync_file
from esep.watcher.names import numbered_rel

_AT_FDCWD = -100
_RENAME_NOREPLACE = 1
_renameat2 = None
_renameat2_usable = True
COPY_PREFIX = ".esep-copy-"  # temporary names of copies in progress (hidden: never taken)


def _libc_renameat2():
    global _renameat2, _renameat2_usable
    if _renameat2 is None and _renameat2_usable:
        try:
            fn = ctypes.CDLL(None, use_errno=True).renameat2
            fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
            fn.restype = ctypes.c_int
            _renameat2 = fn
        except (AttributeError, OSError):  # not Linux / old glibc
            _renameat2_usable = False
    return _renameat2


def rename_noreplace(src: str, dst: str) -> None:
    """Rename ``src`` to ``dst``; FileExistsError if ``dst`` exists;
    OSError(EXDEV) across file systems."""
    fn = _libc_renameat2()
    if fn is not None:
        if fn(_AT_FDCWD, os.fsencode(src), _AT_FDCWD, os.fsencode(dst), _RENAME_NOREPLACE) == 0:
            return
        err = ctypes.get_errno()
        if err == errno.EEXIST:
            raise FileExistsError(err, os.strerror(err), dst)
        if err not in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP):
            raise OSError(err, os.strerror(err), src)
        # this file system cannot: fall through
    try:
        os.link(src, dst, follow_symlinks=False)
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno == errno.EXDEV:
            raise
        if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EMLINK, errno.EACCES):
            raise
        if os.path.lexists(dst):  # no hard links here either: check, then rename
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), dst) from None
        os.rename(src, dst)
        return
    os.unlink(src)


def _same_file(a: str, b: str) -> bool:
    try:
        sa, sb = os.lstat(a), os.lstat(b)
    except OSError:
        return False
    return (sa.st_dev, sa.st_ino) == (sb.st_dev, sb.st_ino)


def _copy_into(src: str, dst: str) -> None:
    """Copy ``src`` to ``dst`` (same folder temp, fsync, no-overwrite
    rename), then unlink ``src``.  FileExistsError leaves ``src`` alone."""
    folder = os.path.dirname(dst)
    tmp = os.path.join(folder, f"{COPY_PREFIX}{os.getpid()}-{time.time_ns()}")
    try:
        shutil.copyfile(src, tmp, follow_symlinks=False)
        shutil.copystat(src, tmp, follow_symlinks=False)
        fsync_file(tmp)
        rename_noreplace(tmp, dst)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    fsync_dir(folder)
    os.unlink(src)


def move_unique(src: str, root: str, rel: str, *, reserve: str = "", before=None) -> str:
    """Move ``src`` to ``root/rel``, or to ``root/<rel numbered (1), (2), ...>``
    when that name is taken; return the path used.  Never overwrites.

    ``reserve``: a suffix whose name must be free too (``.error.txt``).
    ``before(dest)``: called once a free name is chosen and before the
    file moves there (writes the error note); it may raise FileExistsError
    to ask for the next name.
    """
    n = 0
    extra = len(reserve.encode()) if reserve else 0
    while True:
        cand_rel = numbered_rel(rel, n, extra)
        dest = os.path.join(root, cand_rel)
        n += 1
        if os.path.lexists(dest):
            if _same_file(src, dest):  # a crash between link and unlink: finish it
                os.unlink(src)
                return dest
            continue
        if reserve and os.path.lexists(dest + reserve):
            continue
        os.makedirs(os.path.dirname(dest) or root, exist_ok=True)
        if before is not None:
            try:
                before(dest)
            except FileExistsError:
                continue
        try:
            try:
                rename_noreplace(src, dest)
            except OSError as exc:
                if exc.errno != errno.EXDEV or isinstance(exc, FileExistsError):
                    raise
                _copy_into(src, dest)
        except FileExistsError:  # taken between the check and the move
            if before is not None and reserve:
                _unlink_quietly(dest + reserve)  # the note just written for it
            continue
        return dest


def _unlink_quietly(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def write_new(path: str, text: str) -> None:
    """Create ``path`` with ``text``; FileExistsError if it exists."""
    folder = os.path.dirname(path)
    tmp = os.path.join(folder, f".esep-note-{os.getpid()}-{time.time_ns()}")
    with open(tmp, "w", encoding="utf-8") as fp:
        fp.write(text)
        fp.flush()
        os.fsync(fp.fileno())
    try:
        rename_noreplace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
