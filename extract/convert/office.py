"""DOC, RTF and ODT -> DOCX with LibreOffice headless, then read as DOCX.

LibreOffice is handed only what is neither DOCX nor PDF by its bytes
(``extract.reader`` detects the format first; ``convert_to_docx`` checks
again), because it fetches from the network and runs filters we do not
need on anything else (PRIOR_ART.md §12).  Each conversion:

* copies the input into a fresh private directory under a fixed name
  (``input.doc`` / ``input.rtf`` / ``input.odt``), so no file name reaches
  the command line;
* runs ``soffice`` there with its own user profile (parallel conversions
  never share one, and nothing is written to the real HOME), with the
  network cut off and a time limit (``extract.convert.external``);
* reads the DOCX it wrote with the DOCX reader and records the conversion
  in the document's notes; ``source_format`` stays ``doc``/``rtf``/``odt``.

A missing LibreOffice fails the file with ``MissingComponent`` naming the
Debian package; every other file goes on.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from esep.extract import detect

from esep.extract.convert import external
from esep.extract.errors import CorruptFile, ExtractError, LimitExceeded, MissingComponent, UnsupportedFormat
from esep.extract.model import Document

#: Wall-clock limit of one conversion (LibreOffice starts in ~2 s with a fresh profile).
CONVERT_TIMEOUT_S = 90.0
#: Address-space limit of LibreOffice.
CONVERT_MEMORY = 4 * 2**30
#: Largest input handed to LibreOffice.
MAX_INPUT_BYTES = 100 * 2**20
SOFFICE_NAMES = ("soffice", "libreoffice")
INSTALL_HINT = "needs LibreOffice to convert the {kind}: install libreoffice-writer-nogui (./setup.sh does)"
#: LibreOffice's export filter for DOCX.
DOCX_FILTER = "docx:MS Word 2007 XML"
INPUT_NAMES = {detect.DOC: "input.doc", detect.RTF: "input.rtf", detect.ODT: "input.odt",
               detect.DOCX_STRICT: "input.docx"}
#: How each kind is named in notes and messages.
KIND_NAMES = {detect.DOCX_STRICT: "Strict Open XML document"}  # others: "DOC file", "RTF file"...


def find_soffice() -> str | None:
    for name in SOFFICE_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def _kind_of(path) -> str | None:
    with open(path, "rb") as fp:
        head = fp.read(1024)
        kind = detect.sniff(head)
        if kind == "zip":
            fp.seek(0)
            kind = detect.zip_kind(fp)
    return kind


def soffice_convert(
    src: str | os.PathLike,
    kind: str,
    target: str,
    workdir: str,
    *,
    path: str | os.PathLike | bytes | None = None,
    timeout: float | None = None,
) -> Path:
    """Convert ``src`` (of format ``kind``) inside ``workdir``; return the output path.

    ``target`` is LibreOffice's ``--convert-to`` argument (``DOCX_FILTER``,
    ``"pdf"``, ``"doc:MS Word 97"``).  ``path`` names the file in messages.
    """
    path = src if path is None else path
    label = KIND_NAMES.get(kind, f"{kind.upper()} file")
    soffice = find_soffice()
    if soffice is None:
        raise MissingComponent(path, INSTALL_HINT.format(kind=label))
    name = INPUT_NAMES.get(kind) or f"input.{kind}"
    staged = Path(workdir, name)
    shutil.copyfile(src, staged)
    out_dir = Path(workdir, "out")
    out_dir.mkdir()
    profile = Path(workdir, "profile")
    argv = [
        soffice,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless", "--invisible", "--nologo", "--norestore", "--nodefault", "--nolockcheck",
        "--convert-to", target,
        "--outdir", str(out_dir),
        str(staged),
    ]
    res = external.run(
        argv, workdir=workdir, timeout=timeout or CONVERT_TIMEOUT_S, path=path,
        what=f"LibreOffice conversion of the {label}", memory=CONVERT_MEMORY,
        env={"SAL_USE_VCLPLUGIN": "svp"},
    )
    ext = target.split(":", 1)[0]
    produced = out_dir / f"{staged.stem}.{ext}"
    if res.returncode != 0 or not produced.is_file() or produced.stat().st_size == 0:
        raise CorruptFile(path, f"LibreOffice could not convert the {label} ({external.stderr_line(res)})")
    return produced


def convert_to_docx(path: str | os.PathLike, kind: str | None = None, *, timeout: float | None = None) -> Document:
    """Read a DOC/RTF/ODT file through LibreOffice; ``source_format`` is its own kind."""
    try:
        actual = _kind_of(path)
        size = os.path.getsize(path)
    except OSError as exc:
        raise CorruptFile(path, f"cannot open: {exc.strerror or exc}") from None
    if actual not in INPUT_NAMES or (kind is not None and actual != kind):
        # never hand LibreOffice a DOCX, a PDF or anything unrecognised
        raise UnsupportedFormat(path, "not a DOC, RTF or ODT file (format recognised from its content)")
    if actual == detect.DOCX_STRICT:
        return _convert_strict(path, size, timeout)
    if size > MAX_INPUT_BYTES:
        raise LimitExceeded(path, f"{actual.upper()} file is larger than {MAX_INPUT_BYTES // 2**20} MB")
    if actual == detect.ODT:
        from esep.extract.archive.guard import check_zip

        check_zip(path)
    elif actual == detect.DOC:
        from esep.extract.convert.ole import word_document

        word_document(path)  # a damaged or non-Word OLE2 file never reaches LibreOffice
    return _convert(path, actual, actual, timeout)


def _convert(path, actual: str, source_format: str, timeout: float | None) -> Document:
    from esep.extract.docx.reader import read_docx

    what = KIND_NAMES.get(actual, actual.upper())
    with external.WorkDir("esep-convert-") as workdir:
        produced = soffice_convert(path, actual, DOCX_FILTER, workdir, path=path, timeout=timeout)
        try:
            doc = read_docx(produced)
        except ExtractError as err:
            raise type(err)(path, f"the DOCX LibreOffice made from it: {err.reason}") from None
    doc.path = os.fspath(path) if not isinstance(path, bytes) else path.decode("utf-8", "surrogateescape")
    doc.source_format = source_format
    _desc = external.isolation()[1]
    doc.notes.insert(0, f"Converted from {what} to DOCX by LibreOffice headless; {_desc}.")
    return doc


def _convert_strict(path, size: int, timeout: float | None) -> Document:
    """A DOCX in the ISO/IEC 29500 Strict format: the same checks as any DOCX
    (ZIP limits, no DTD), then LibreOffice writes it as a Transitional DOCX.
    Every error says what the file is."""
    from esep.extract.docx.safety import refuse_dtds
    from esep.extract.archive.guard import check_zip

    what = KIND_NAMES[detect.DOCX_STRICT]
    try:
        if size > MAX_INPUT_BYTES:
            raise LimitExceeded(path, f"file is larger than {MAX_INPUT_BYTES // 2**20} MB")
        check_zip(path)
        refuse_dtds(path)
        return _convert(path, detect.DOCX_STRICT, detect.DOCX, timeout)
    except ExtractError as err:
        raise type(err)(path, f"{what} (ISO/IEC 29500 Strict), which esep reads through LibreOffice: "
                              f"{err.reason}") from None
