"""ZIP archives in ``esep ingest`` (and so ``esep watch``): their members as files.

Before a batch is planned, every ZIP archive found in the root is replaced
by the files inside it.  Each member becomes a ``Candidate`` named
``archive.zip!/path/inside.docx`` with the sha256 of its own bytes, so the
plan treats it like a file in a folder: read once, logged ``duplicate``
when its bytes are elsewhere too, ``skipped`` when unchanged, replaced
when changed, kept when it disappears.  The worker reads a member's bytes
out of the archive under the same guards (``batch.work.read_report``,
``extract.archive.members.member_file``).

The archive itself keeps a ``files`` row of its own (its sha256, size and
mtime are what tell the next run whether it changed): ``ok`` once its
members are listed, ``skipped`` when it is unchanged (its members are not
listed again: the manifest knows them), ``ignored`` when it holds no file,
``failed`` when it cannot be opened at all (damaged, too many entries) --
then none of its members is read.  A member that breaks a limit or cannot
be inflated is a ``failed`` row of its own; the others are read.

Listing runs in guarded children: the archive is untrusted.  In this
process only ``extract.archive.layout`` looks at a ZIP's directory (bounded)
to tell a DOCX or XLSX from an archive of files.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from esep.batch import work as _work
from esep.batch.plan import OWNER, Candidate
from esep.extract.archive.members import SEPARATOR
from esep.fsutil import printable_name
from esep.extract.archive.layout import PACKAGE, is_zip_head, layout
from esep.guard import Limits, WorkerPool
from esep.guarded import ReadResult, Unreadable, read_in_child, result_of

#: Modules the listing children import once (the readers' too: the fork
#: server is shared, and whichever pool starts it first sets what it preloads).
PRELOAD = (*_work.PRELOAD, "esep.extract.archive.members", "esep.batch.archives")


@dataclass
class Expanded:
    candidates: list[Candidate] = field(default_factory=list)  # documents and archive members, to plan
    rows: list[dict] = field(default_factory=list)             # files rows of the archives themselves

    @property
    def names(self) -> set[str]:
        """source_file of the archives' own rows."""
        return {r["source_file"] for r in self.rows}


def member_name(archive: str, inside: str) -> str:
    return f"{archive}{SEPARATOR}{inside}"


def archive_of(source_file: str) -> str | None:
    """``a.zip`` for ``a.zip!/x/y.docx`` (and for ``a.zip!/in.zip!/y.docx``), else None."""
    head, sep, _rest = source_file.partition(SEPARATOR)
    return head if sep else None


def members_by_archive(rows: dict[str, dict]) -> dict[str, dict[str, dict]]:
    """Manifest rows of archive members, grouped by their archive's source_file."""
    out: dict[str, dict[str, dict]] = {}
    for name, row in rows.items():
        archive = archive_of(name)
        if archive is not None:
            out.setdefault(archive, {})[name] = row
    return out


def chain_text(chain) -> str:
    """Entry indices from the outer archive inward, as the manifest keeps them: ``"5,0"``."""
    return ",".join(str(int(i)) for i in chain)


def chain_of(text: str) -> tuple[int, ...]:
    return tuple(int(i) for i in text.split(","))


def archive_verdict(row: dict, members: dict[str, dict] | None) -> tuple[str | None, str | None]:
    """(status, error) of a file for ``esep watch``: an archive whose
    members failed in part is ``failed`` (it goes to failed/, the error
    names the first), though its good members were ingested."""
    status, error = row.get("status"), row.get("error")
    if status == "failed" or not members:
        return status, error
    bad = [(name, r) for name, r in sorted(members.items()) if r.get("status") == "failed"]
    if not bad:
        return status, error
    name, first = bad[0]
    inside = name.partition(SEPARATOR)[2]
    return "failed", f"{len(bad)} of {len(members)} files inside could not be read ({inside}: {first.get('error')})"


def task_kwargs(c: Candidate) -> dict:
    """Extra arguments of the read task: where a member is inside its archive."""
    return {"member": c.member} if c.member else {}


# ------------------------------------------------------------------ the child


@dataclass(frozen=True)
class Listing:
    """What ``list_task`` found in a ZIP: its members (``Member.as_dict()``),
    or ``is_document`` for a ZIP that is a document package or cannot be
    opened (the reader will say what it is)."""

    members: list[dict] = field(default_factory=list)
    passed_over: int = 0
    is_document: bool = False


def list_task(path: str) -> ReadResult[Listing]:
    """Runs in a guarded child: ``Read(Listing)``, or ``Unreadable`` when
    the archive cannot be listed."""
    return read_in_child(_listing, path)


def _listing(path: str) -> Listing:
    from esep.extract import detect
    from esep.extract.archive.members import list_archive

    with open(path, "rb") as fp:
        if detect.zip_kind(fp) != detect.ZIP:
            return Listing(is_document=True)
    listing = list_archive(path)
    return Listing([m.as_dict() for m in listing.members], listing.passed_over)


# ------------------------------------------------------------------ the parent


def _head(path: str) -> bytes:
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return b""
    try:
        return os.read(fd, 8)
    except OSError:
        return b""
    finally:
        os.close(fd)


def _settled(c: Candidate, prev_row: dict | None, *, force: bool, retry_failed: bool, parser_version: str) -> bool:
    """Will the plan keep this file's last outcome without reading it?  (It
    produced a report, or failed or was ignored, and has not changed.)"""
    if c.error:
        return True
    if force or not c.unchanged or prev_row is None:
        return False
    if prev_row.get("report_id"):
        return True
    status = prev_row.get("status")
    return (status in ("failed", "ignored") and prev_row.get("parser_version") == parser_version
            and not (retry_failed and status == "failed"))


def _maybe_archive(path: str) -> bool:
    """A ZIP whose directory does not show a document package."""
    return is_zip_head(_head(path)) and layout(path) != PACKAGE


def _reusable(c: Candidate, prev_row: dict | None, members: dict[str, dict] | None, *, force: bool) -> bool:
    """An unchanged archive listed by the last run: its members come from the
    manifest (which keeps where each one is), not from listing it again."""
    if force or not c.unchanged or prev_row is None or not members:
        return False
    if prev_row.get("report_id") or prev_row.get("status") not in OWNER:
        return False
    return all(row.get("member") or not row.get("source_sha256") for row in members.values())


def _archive_row(c: Candidate, status: str, error: str | None, duration_ms: int, pv: str,
                 prev_row: dict | None = None) -> dict:
    return {"source_file": c.source_file, "source_sha256": c.sha256, "report_id": None, "status": status,
            "error": error, "page_count": None, "duration_ms": duration_ms,
            "parser_version": (prev_row or {}).get("parser_version") or pv,
            "ingested_at": (prev_row or {}).get("ingested_at"), "size": c.size, "mtime_ns": c.mtime_ns}


def _from_manifest(c: Candidate, members: dict[str, dict]) -> list[Candidate]:
    out = []
    for name, row in sorted(members.items()):
        sha = row.get("source_sha256")
        out.append(Candidate(c.path, name, c.size, c.mtime_ns, sha256=sha, unchanged=True,
                             error=None if sha else (row.get("error") or "could not be read"),
                             member=row.get("member")))
    return out


def _from_listing(c: Candidate, listed: list[dict], prev: dict[str, dict]) -> list[Candidate]:
    """Members just listed; one whose bytes the manifest has under its name is unchanged."""
    out = []
    for m in listed:
        name = member_name(c.source_file, m["name"])
        same = m["sha256"] is not None and (prev.get(name) or {}).get("source_sha256") == m["sha256"]
        out.append(Candidate(c.path, name, c.size, c.mtime_ns, sha256=m["sha256"], error=m["error"],
                             unchanged=same, member=chain_text(m["chain"])))
    return out


def expand_archives(candidates: list[Candidate], prev: dict[str, dict], *, jobs: int, limits: Limits,
                    force: bool, retry_failed: bool, parser_version: str, reporter=None) -> Expanded:
    """Replace each ZIP archive among ``candidates`` by its members (see the module docstring)."""
    out = Expanded()
    known = members_by_archive(prev)
    to_list: list[Candidate] = []
    for c in candidates:
        prev_row = prev.get(c.source_file)
        members = known.get(c.source_file)
        if _reusable(c, prev_row, members, force=force):
            out.rows.append(_archive_row(c, "skipped", None, 0, parser_version, prev_row))
            out.candidates.extend(_from_manifest(c, members))
        elif (not _settled(c, prev_row, force=force, retry_failed=retry_failed, parser_version=parser_version)
              and _maybe_archive(c.path)):
            to_list.append(c)
        else:
            out.candidates.append(c)
    if to_list:
        tasks = ((i, (c.path,)) for i, c in enumerate(to_list))
        with WorkerPool(list_task, min(jobs, len(to_list)), limits, preload=PRELOAD) as pool:
            for res in pool.imap_unordered(tasks):
                _add_listing(out, to_list[res.key], result_of(res), int(round(res.duration_s * 1000)),
                             prev, parser_version, reporter)
    return out


def _add_listing(out: Expanded, c: Candidate, result: ReadResult[Listing], ms: int, prev: dict[str, dict],
                 pv: str, reporter) -> None:
    def tell(name: str, error: str) -> None:
        if reporter is not None:
            reporter.message(f"failed {printable_name(name)}: {error}")

    if isinstance(result, Unreadable):
        out.rows.append(_archive_row(c, "failed", result.reason, ms, pv))
        tell(c.source_file, result.reason)
    elif result.value.is_document:
        out.candidates.append(c)
    elif not result.value.members:
        out.rows.append(_archive_row(c, "ignored", "ZIP archive with no files in it", ms, pv))
    else:
        out.rows.append(_archive_row(c, "ok", None, ms, pv))
        members = _from_listing(c, result.value.members, prev)
        out.candidates.extend(members)
        for m in members:
            if m.error:
                tell(m.source_file, m.error)
