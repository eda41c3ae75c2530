"""ZIP archives of documents, read as if they were folders.

Reports arrive zipped by region.  ``list_archive(path)`` runs in a guarded
child (``esep ingest``, ``esep watch``) and returns every file inside with
the sha256 of its bytes, so that a member is identified, de-duplicated and
remembered exactly like a file in a folder; ``member_file(path, chain,
sha256)`` gives a reader one member's bytes, again in a guarded child.

The limits are those of a DOCX (``extract.archive.guard.ZipLimits``: number of
entries, inflated size of an entry and of the whole archive, compression
ratio; stored and deflated entries only, inflated in bounded steps and
never past what they declare), plus:

* a ZIP inside the archive is opened as a folder too, to a depth of
  ``MAX_DEPTH`` archives; its members count against the same total;
* a name that leads outside the archive (absolute, a drive letter, ``..``)
  is refused; names are decoded as ``extract.archive.names`` says (CP866 or
  UTF-8 ...);
* one bad member (encrypted, a bomb, damaged, escaping) costs only that
  member: it is listed with its error.  Only an archive that cannot be
  opened at all, or holds too many entries, fails as a whole.

Nothing is written to disk: a member being read, or a nested archive being
listed, lives in an anonymous in-memory file (``memfd``), which vanishes
with the process even when it is killed.
"""

from __future__ import annotations

import hashlib
import os
import zipfile
import zlib
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from typing import BinaryIO, Iterator

from esep.extract import detect
from esep.extract.errors import CorruptFile, EncryptedFile, ExtractError, LimitExceeded, UnsupportedFormat
from esep.extract.archive.layout import is_zip_head
from esep.extract.archive.guard import DEFAULT_ZIP_LIMITS, ZipLimits, member_chunks
from esep.extract.archive.names import entry_name, member_path, passed_over

#: Archives inside archives: the outer one is depth 1.
MAX_DEPTH = 2
SEPARATOR = "!/"
_ZIP_ERRORS = (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, zlib.error, KeyError)


@dataclass
class Member:
    """One file inside an archive.  ``name`` is its path inside, with
    ``!/`` after each nested archive (``region/inner.zip!/report.docx``);
    ``chain`` the entry indices from the outer archive inward."""

    name: str
    chain: tuple[int, ...]
    size: int
    sha256: str | None = None
    error: str | None = None   # one line: why it cannot be read
    code: str | None = None    # the ExtractError code of that reason

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class Listing:
    members: list[Member]
    passed_over: int = 0  # folders, hidden and lock files, macOS resource forks


class _Budget:
    """Bytes all members of one archive (nested ones included) may inflate to."""

    def __init__(self, limits: ZipLimits):
        self.limits = limits
        self.left = limits.max_total_bytes


def entry_problem(info: zipfile.ZipInfo, limits: ZipLimits) -> ExtractError | None:
    """Why an entry may not be inflated at all (before any byte of it is)."""
    name = info.filename
    if info.flag_bits & 0x1:
        return EncryptedFile(name, "password-protected (encrypted ZIP entry)")
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        return UnsupportedFormat(name, f"compression method {info.compress_type} "
                                       "(esep reads stored and deflated ZIP entries)")
    if info.file_size > limits.max_entry_bytes:
        return LimitExceeded(name, f"would inflate to {info.file_size / 2**20:,.0f} MB "
                                   f"(limit {limits.max_entry_bytes / 2**20:,.0f} MB)")
    if (info.file_size > limits.ratio_floor and info.compress_size > 0
            and info.file_size / info.compress_size > limits.max_ratio):
        return LimitExceeded(name, f"has a compression ratio of {info.file_size // info.compress_size:,}:1 "
                                   "(a ZIP bomb)")
    return None


def list_archive(path: str | os.PathLike, limits: ZipLimits = DEFAULT_ZIP_LIMITS) -> Listing:
    """Every file inside the archive at ``path`` (see the module docstring).
    Raises ``ExtractError`` only when the archive as a whole cannot be read."""
    listing = Listing([])
    with open(path, "rb") as fp:
        _list(path, fp, "", (), 1, _Budget(limits), listing)
    return listing


def _open_zip(path, fp: BinaryIO, limits: ZipLimits) -> zipfile.ZipFile:
    try:
        zf = zipfile.ZipFile(fp)
    except _ZIP_ERRORS as exc:
        raise CorruptFile(path, f"damaged ZIP archive ({type(exc).__name__}: {exc})") from None
    if len(zf.infolist()) > limits.max_entries:
        n = len(zf.infolist())
        zf.close()
        raise LimitExceeded(path, f"ZIP archive holds {n:,} entries (limit {limits.max_entries:,})")
    return zf


def _list(path, fp: BinaryIO, prefix: str, chain: tuple[int, ...], depth: int, budget: _Budget,
          listing: Listing) -> None:
    zf = _open_zip(path, fp, budget.limits)
    seen: set[str] = set()
    with zf:
        for index, info in enumerate(zf.infolist()):
            if info.is_dir():
                listing.passed_over += 1
                continue
            raw = entry_name(info)
            inside = member_path(raw)
            member = Member(prefix + (inside or raw), chain + (index,), info.file_size)
            if inside is not None and passed_over(inside):
                listing.passed_over += 1
                continue
            problem = _problem(path, info, inside, seen, budget)
            if problem is not None:
                member.error, member.code = problem.reason, problem.code
                listing.members.append(member)
                continue
            _hash_member(path, fp, info, member, depth, budget, listing)


def _problem(path, info: zipfile.ZipInfo, inside: str | None, seen: set[str], budget: _Budget) -> ExtractError | None:
    if inside is None:
        return LimitExceeded(path, "its name leads outside the archive")
    if inside in seen:
        return CorruptFile(path, "a second entry of the same name in the archive")
    seen.add(inside)
    problem = entry_problem(info, budget.limits)
    if problem is None and info.file_size > budget.left:
        problem = LimitExceeded(path, f"the archive would inflate to over "
                                      f"{budget.limits.max_total_bytes / 2**20:,.0f} MB in total")
    if problem is None:
        budget.left -= info.file_size
    return problem


def _hash_member(path, fp: BinaryIO, info: zipfile.ZipInfo, member: Member, depth: int, budget: _Budget,
                 listing: Listing) -> None:
    """sha256 of the member; a ZIP member is kept aside (in memory) and,
    when it is an archive rather than a DOCX or ODT, listed in turn."""
    digest = hashlib.sha256()
    nested: BinaryIO | None = None
    first = True
    try:
        for chunk in member_chunks(path, fp, info):
            if first and is_zip_head(chunk):
                nested = _anonymous()
            first = False
            digest.update(chunk)
            if nested is not None:
                nested.write(chunk)
        member.sha256 = digest.hexdigest()
        if nested is not None and _is_archive(nested):
            if depth >= MAX_DEPTH:
                member.sha256 = None
                member.error = f"ZIP archive nested deeper than {MAX_DEPTH} levels"
                member.code = LimitExceeded.code
            else:
                before = len(listing.members)
                try:
                    _list(path, nested, member.name + SEPARATOR, member.chain, depth + 1, budget, listing)
                except ExtractError as err:  # the nested archive as a whole: one bad member
                    del listing.members[before:]
                    member.sha256, member.error, member.code = None, err.reason, err.code
                else:
                    return
    except ExtractError as err:
        member.sha256, member.error, member.code = None, err.reason, err.code
    finally:
        if nested is not None:
            nested.close()
    listing.members.append(member)


def _is_archive(fp: BinaryIO) -> bool:
    fp.seek(0)
    return detect.zip_kind(fp) == detect.ZIP


def _anonymous() -> BinaryIO:
    """A read-write file that exists only in memory and dies with the process."""
    if hasattr(os, "memfd_create"):
        return os.fdopen(os.memfd_create("esep-member", os.MFD_CLOEXEC), "w+b")
    import tempfile

    return tempfile.TemporaryFile()


@contextmanager
def member_file(path: str | os.PathLike, chain: tuple[int, ...], sha256: str | None = None,
                limits: ZipLimits = DEFAULT_ZIP_LIMITS) -> Iterator[str]:
    """A path from which the member at ``chain`` can be opened and read like
    a file (``/proc/self/fd/N`` of an anonymous in-memory file).  Raises
    ``CorruptFile`` when its bytes are not ``sha256`` any more."""
    files: list[BinaryIO] = []
    try:
        current: BinaryIO = open(path, "rb")
        files.append(current)
        for depth, index in enumerate(chain):
            zf = _open_zip(path, current, limits)
            with zf:
                try:
                    info = zf.infolist()[index]
                except IndexError:
                    raise CorruptFile(path, "the archive changed since it was listed") from None
                problem = entry_problem(info, limits)
                if problem is not None:
                    raise type(problem)(path, problem.reason)
                out = _anonymous()
                files.append(out)
                digest = hashlib.sha256()
                for chunk in member_chunks(path, current, info):
                    digest.update(chunk)
                    out.write(chunk)
                out.flush()
            current = out
        if sha256 is not None and digest.hexdigest() != sha256:
            raise CorruptFile(path, "the archive changed since it was listed")
        yield f"/proc/self/fd/{current.fileno()}"
    finally:
        for f in files:
            f.close()
