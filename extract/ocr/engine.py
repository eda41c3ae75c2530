"""Tesseract: is it here, and the words of page images with their boxes.

One Tesseract process per page, one thread each (``OMP_THREAD_LIMIT=1`` in
``extract.convert.external``: two threads are 2x slower on our 2-core machines,
PRIOR_ART.md §5), languages ``rus+kaz`` (Russian alone reads none of the
Kazakh letters ә ғ қ ң ө ұ ү һ і), TSV output (word boxes and confidences).
Several images (cell crops) go through one process as a list file, each
read as a page of its own, so the models load once (~70 ms a process).

Page segmentation mode 6 (one uniform block), measured on the scanned
sample against mode 3 (automatic layout): mode 3 dropped short isolated
cell texts ("0", "5000", the ИТОГО row's 550 / 595) as noise; mode 6 read
them all, in about the same time (2.4 s a page).  Words are assigned to
cells by position afterwards, so mode 6's lines running across cells do
no harm.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass

from esep.extract.convert import external
from esep.extract.errors import CorruptFile, MissingComponent

LANGUAGES = ("rus", "kaz")
#: Page segmentation mode: 6 = a single uniform block (see above).
PSM = 6
#: Wall-clock limit of one page's OCR (a dense A4 page takes ~3 s).
PAGE_TIMEOUT_S = 60.0
#: Address-space limit of one Tesseract process.
OCR_MEMORY = 2 * 2**30
INSTALL_HINT = (
    "needs Tesseract OCR with Russian and Kazakh data: install tesseract-ocr "
    "tesseract-ocr-rus tesseract-ocr-kaz (./setup.sh does)"
)

_CHECKED: tuple[str, str | None] | None = None  # (binary, missing-language message)


@dataclass(slots=True)
class Word:
    text: str
    conf: float  # 0..100
    left: int
    top: int
    width: int
    height: int
    line: tuple[int, int, int, int]  # (image, block, paragraph, line) as Tesseract numbered them

    @property
    def right(self) -> int:
        return self.left + self.width

    @property
    def bottom(self) -> int:
        return self.top + self.height


def tesseract(path) -> str:
    """The tesseract binary, after checking it has rus and kaz; else MissingComponent."""
    global _CHECKED
    if _CHECKED is None or not os.path.exists(_CHECKED[0]):
        binary = shutil.which("tesseract")
        if binary is None:
            raise MissingComponent(path, INSTALL_HINT)
        try:
            res = subprocess.run(
                [binary, "--list-langs"], capture_output=True, timeout=30,
                env=external._env(os.environ.get("TMPDIR", "/tmp"), {}), stdin=subprocess.DEVNULL,
            )
            langs = set(res.stdout.decode("utf-8", "replace").split())
        except (OSError, subprocess.SubprocessError):
            raise MissingComponent(path, INSTALL_HINT) from None
        missing = [lang for lang in LANGUAGES if lang not in langs]
        problem = None
        if missing:
            problem = f"Tesseract has no {'/'.join(missing)} language data; " + INSTALL_HINT.split(": ", 1)[1]
        _CHECKED = (binary, problem)
    binary, problem = _CHECKED
    if problem:
        raise MissingComponent(path, problem)
    return binary


def parse_tsv(data: bytes) -> list[Word]:
    """Words (level 5 rows with text) of Tesseract's TSV output."""
    words: list[Word] = []
    lines = data.decode("utf-8", "replace").splitlines()
    for row in lines[1:]:
        f = row.split("\t")
        if len(f) < 12 or f[0] != "5":
            continue
        text = f[11].strip()
        if not text:
            continue
        try:
            conf = float(f[10])
            left, top, width, height = (int(v) for v in f[6:10])
            key = (int(f[1]), int(f[2]), int(f[3]), int(f[4]))
        except ValueError:
            continue
        if conf < 0:
            continue
        words.append(Word(text, conf, left, top, width, height, key))
    return words


def read_words(images: list[str], workdir: str, *, dpi: int, path, what: str,
               timeout: float | None = None) -> list[list[Word]]:
    """OCR images (files inside ``workdir``) in one Tesseract run; words per image.

    Several images go through a list file: Tesseract reads each as a page of
    its own (its own layout analysis, no context from the others) while the
    models are loaded once.
    """
    if not images:
        return []
    binary = tesseract(path)
    if len(images) == 1:
        source = images[0]
    else:
        source = os.path.join(workdir, "images.txt")
        with open(source, "w", encoding="utf-8") as fp:
            fp.write("\n".join(images) + "\n")
    argv = [binary, source, "stdout", "-l", "+".join(LANGUAGES), "--psm", str(PSM),
            "--dpi", str(int(dpi)), "tsv"]
    res = external.run(argv, workdir=workdir, timeout=timeout or PAGE_TIMEOUT_S, path=path, what=what,
                       memory=OCR_MEMORY)
    if res.returncode != 0:
        raise CorruptFile(path, f"{what} failed ({external.stderr_line(res)})")
    out: list[list[Word]] = [[] for _ in images]
    for w in parse_tsv(res.stdout):
        if 1 <= w.line[0] <= len(images):
            out[w.line[0] - 1].append(w)
    return out


def orientation(image: str, workdir: str, *, dpi: int, path, what: str) -> tuple[int, float] | None:
    """(degrees to turn clockwise, confidence) from Tesseract's orientation and
    script detection, or None when it cannot tell (or has no osd data)."""
    binary = tesseract(path)
    argv = [binary, image, "stdout", "--psm", "0", "--dpi", str(int(dpi))]
    res = external.run(argv, workdir=workdir, timeout=PAGE_TIMEOUT_S, path=path, what=what, memory=OCR_MEMORY)
    if res.returncode != 0:
        return None
    text = res.stdout.decode("utf-8", "replace")
    rotate = re.search(r"^Rotate:\s*(\d+)", text, re.M)
    conf = re.search(r"^Orientation confidence:\s*([\d.]+)", text, re.M)
    if not rotate or not conf:
        return None
    return int(rotate.group(1)), float(conf.group(1))
