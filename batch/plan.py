"""Decide what a batch does with each file, given the previous manifest.

Pure: no I/O.  The rules (README "incremental runs"):

- the dataset holds one report per distinct content (sha256); a file
  whose bytes are already there is not read again: ``skipped`` for the
  file that owns the rows, ``duplicate`` for any other name of the same
  bytes;
- a file whose bytes changed is read again and its new rows replace the
  rows of its old version (unless another file still has the old bytes:
  then that file takes the old rows over);
- a file that vanished from the root keeps its rows and its ``files``
  row: nothing that was ingested is lost (``prune`` drops them);
- a file that failed and has not changed is not read again while the
  parser version is the same (``retry_failed`` reads it again); nor is a
  file that was ``ignored`` (not a document esep reads);
- ``force`` reads every present file again.
"""

from __future__ import annotations

from dataclasses import dataclass, field

OWNER = ("ok", "skipped")


@dataclass(slots=True)
class Candidate:
    """A file found in the root, identified (or not) by its bytes."""

    path: str
    source_file: str
    size: int
    mtime_ns: int
    sha256: str | None = None
    error: str | None = None       # could not be hashed
    unchanged: bool = False        # same size and mtime as in the manifest
    member: str | None = None      # inside the ZIP archive at ``path``: entry indices "5,0" (batch.archives)

    @property
    def report_id(self) -> str | None:
        return self.sha256[:16] if self.sha256 else None


@dataclass
class Plan:
    rows: list[dict] = field(default_factory=list)             # files rows decided now (without the common fields)
    read: dict[str, list[Candidate]] = field(default_factory=dict)  # report_id -> [first, *duplicates]
    drop: set[str] = field(default_factory=set)                # report_ids whose old rows go
    owner_changes: dict[str, str] = field(default_factory=dict)  # report_id -> new source_file
    kept: set[str] = field(default_factory=set)                # report_ids whose old rows stay
    vanished: list[dict] = field(default_factory=list)         # files rows of files no longer in the root


def _carry(prev: dict, **changes) -> dict:
    row = dict(prev)
    row.update(changes)
    return row


def make_plan(
    candidates: list[Candidate],
    prev: dict[str, dict],
    *,
    parser_version: str,
    owners: dict[str, str] | None = None,
    force: bool = False,
    retry_failed: bool = False,
    prune: bool = False,
) -> Plan:
    """``prev`` maps source_file -> manifest row (files columns + size,
    mtime_ns).  ``owners`` maps each report_id in the dataset to the
    source_file its reports row names (derived from ``prev`` when not
    given).  Rows in ``Plan.rows`` carry source_file, source_sha256,
    report_id, status, error, page_count, duration_ms, parser_version,
    ingested_at (None where the batch fills it in), size, mtime_ns."""
    plan = Plan()
    if owners is None:
        owners = {}
        for name, row in sorted(prev.items()):
            if row.get("status") in OWNER and row.get("report_id"):
                owners.setdefault(row["report_id"], name)
    first_owner = dict(owners)  # before any transfer: whose manifest row holds the facts
    owners = dict(owners)
    present: dict[str, list[Candidate]] = {}
    names = set()
    for c in candidates:
        names.add(c.source_file)
        if c.report_id:
            present.setdefault(c.report_id, []).append(c)

    for rid, owner in owners.items():
        here = present.get(rid)
        if here:
            if force:
                plan.drop.add(rid)
                continue
            plan.kept.add(rid)
            here_names = [c.source_file for c in here]
            if owner not in here_names:
                plan.owner_changes[rid] = here_names[0]
                owners[rid] = here_names[0]
        elif owner in names or prune:
            plan.drop.add(rid)  # changed (its new version replaces it) or pruned
        else:
            plan.kept.add(rid)  # vanished: kept

    for c in candidates:
        base = {"source_file": c.source_file, "source_sha256": c.sha256, "size": c.size, "mtime_ns": c.mtime_ns,
                "member": c.member}
        if c.error:
            plan.rows.append({**base, "report_id": None, "status": "failed", "error": c.error,
                              "page_count": None, "duration_ms": 0, "parser_version": parser_version,
                              "ingested_at": None})
            continue
        rid = c.report_id
        if rid in plan.kept:
            owner_row = prev.get(first_owner[rid]) or prev.get(c.source_file) or {}
            if owners[rid] == c.source_file:
                plan.rows.append({**base, "report_id": rid, "status": "skipped", "error": None,
                                  "page_count": owner_row.get("page_count"), "duration_ms": 0,
                                  "parser_version": owner_row.get("parser_version") or parser_version,
                                  "ingested_at": owner_row.get("ingested_at")})
            else:
                plan.rows.append({**base, "report_id": rid, "status": "duplicate", "error": None,
                                  "page_count": owner_row.get("page_count"), "duration_ms": 0,
                                  "parser_version": owner_row.get("parser_version") or parser_version,
                                  "ingested_at": None})
            continue
        if rid in plan.read:
            plan.read[rid].append(c)
            continue
        p = prev.get(c.source_file)
        if (
            p is not None and c.unchanged and not force
            and (p.get("status") == "ignored" or (p.get("status") == "failed" and not retry_failed))
            and p.get("source_sha256") == c.sha256 and p.get("parser_version") == parser_version
        ):
            plan.rows.append(_carry(p, **base, duration_ms=0))
            continue
        plan.read[rid] = [c]

    if not prune:
        for name, row in prev.items():
            if name not in names:
                plan.vanished.append(dict(row))  # its last state stays on record
    return plan
