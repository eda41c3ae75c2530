"""Run an external program (Tesseract, LibreOffice) on untrusted input, fenced in.

Every run gets:

* a private working directory (``workdir``), which is also its HOME and
  TMPDIR, so profiles, caches and lock files land there and nowhere else;
* no network: the program runs in a new, empty network namespace
  (``unshare --net`` as root, ``unshare -rn`` in a user namespace otherwise)
  and in a new PID namespace, so nothing it starts outlives it.  Where
  neither works (no util-linux, namespaces forbidden) it runs without that
  fence and ``isolation()`` says so; the readers record it in the
  document's notes;
* a wall-clock limit: on expiry its whole process group is killed and
  ``LimitExceeded`` is raised with a one-line message;
* an environment with nothing inherited but PATH and locale (no proxy
  variables), OMP_THREAD_LIMIT=1 (Tesseract is 2x slower with 2 threads,
  PRIOR_ART.md §5), and death of the program when the calling process dies;
* an address-space limit of its own (``memory``), since a guarded worker's
  limit would otherwise be inherited and is sized for Python, not for them.

Callers pass only paths they made themselves inside ``workdir`` (fixed
names such as ``input.doc``), so a hostile file name never reaches an
argument list and cannot be read as an option.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from esep.extract.errors import LimitExceeded, one_line

#: Most output we read back from a program's stdout/stderr.
MAX_OUTPUT = 64 * 2**20
#: Default address-space limit of an external program.
DEFAULT_MEMORY = 4 * 2**30
#: How long the namespace probe may take.
PROBE_TIMEOUT_S = 10.0

_KEEP_ENV = ("PATH", "LANG", "LC_ALL", "TESSDATA_PREFIX")

# Which fence works here; probed once per process.
_ISOLATION: tuple[list[str], str] | None = None


@dataclass
class Result:
    returncode: int
    stdout: bytes
    stderr: bytes
    seconds: float


def _prefixes() -> list[tuple[list[str], str]]:
    unshare = shutil.which("unshare")
    if not unshare:
        return []
    pid = ["--pid", "--fork", "--kill-child"]
    out = []
    if os.geteuid() == 0:
        out.append(([unshare, "--net", *pid, "--"], "network cut off (unshare --net)"))
    out.append(([unshare, "--map-root-user", "--net", *pid, "--"], "network cut off (unshare -rn, user namespace)"))
    return out


def isolation() -> tuple[list[str], str]:
    """(command prefix, description) of the network fence that works here."""
    global _ISOLATION
    if _ISOLATION is None:
        found: tuple[list[str], str] = ([], "network NOT isolated (no usable unshare: install util-linux)")
        for prefix, desc in _prefixes():
            try:
                res = subprocess.run(
                    [*prefix, "true"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL, timeout=PROBE_TIMEOUT_S, env=_env(tempfile.gettempdir(), {}),
                )
            except (OSError, subprocess.SubprocessError):
                continue
            if res.returncode == 0:
                found = (prefix, desc)
                break
        _ISOLATION = found
    return _ISOLATION


def _env(workdir: str, extra: dict[str, str]) -> dict[str, str]:
    env = {k: os.environ[k] for k in _KEEP_ENV if k in os.environ}
    env.setdefault("PATH", "/usr/local/bin:/usr/bin:/bin")
    env.setdefault("LANG", "C.UTF-8")
    env.update(HOME=workdir, TMPDIR=workdir, TMP=workdir, TEMP=workdir, OMP_THREAD_LIMIT="1", TZ="UTC")
    env.update(extra)
    return env


def _child_setup(memory: int | None):
    def setup() -> None:  # runs in the child between fork and exec
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
        except Exception:
            pass
        try:
            import resource

            _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
            soft = resource.RLIM_INFINITY if memory is None else memory
            if hard != resource.RLIM_INFINITY and (soft == resource.RLIM_INFINITY or soft > hard):
                soft = hard
            resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        except Exception:
            pass

    return setup


def _read_capped(path: Path) -> bytes:
    try:
        with open(path, "rb") as fp:
            return fp.read(MAX_OUTPUT)
    except OSError:
        return b""


def run(
    argv: list[str],
    *,
    workdir: str | os.PathLike,
    timeout: float,
    path: str | os.PathLike | bytes,
    what: str,
    memory: int | None = DEFAULT_MEMORY,
    env: dict[str, str] | None = None,
) -> Result:
    """Run ``argv`` fenced in (see the module docstring).

    ``path`` and ``what`` name the file being read and the step ("OCR of
    page 3") for the error message.  Raises ``LimitExceeded`` on timeout;
    a non-zero exit is returned, not raised.
    """
    workdir = os.fspath(workdir)
    prefix, _desc = isolation()
    out_path = Path(workdir, ".stdout")
    err_path = Path(workdir, ".stderr")
    start = time.monotonic()
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        proc = subprocess.Popen(
            [*prefix, *argv],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            cwd=workdir,
            env=_env(workdir, env or {}),
            start_new_session=True,
            preexec_fn=_child_setup(memory),
            close_fds=True,
        )
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            raise LimitExceeded(path, f"{what} took longer than {timeout:g} s and was stopped") from None
        except BaseException:
            _kill_group(proc)
            raise
    result = Result(proc.returncode, _read_capped(out_path), _read_capped(err_path), time.monotonic() - start)
    for p in (out_path, err_path):
        try:
            p.unlink()
        except OSError:
            pass
    return result


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        proc.kill()
    except ProcessLookupError:
        pass
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:  # pragma: no cover - unkillable
        pass


def stderr_line(result: Result) -> str:
    """The last meaningful line of a program's stderr, for an error message."""
    lines = [ln for ln in result.stderr.decode("utf-8", "replace").splitlines() if ln.strip()]
    return one_line(lines[-1], 160) if lines else f"exit status {result.returncode}"


class WorkDir:
    """A private temporary directory (mode 0700) removed on exit."""

    def __init__(self, prefix: str = "esep-"):
        self.prefix = prefix
        self.path = ""

    def __enter__(self) -> str:
        self.path = tempfile.mkdtemp(prefix=self.prefix)
        os.chmod(self.path, 0o700)
        return self.path

    def __exit__(self, *exc) -> None:
        shutil.rmtree(self.path, ignore_errors=True)
