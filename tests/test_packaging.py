"""esep installs as one namespace: its wheel puts nothing generic top-level in site-packages.

The stage folders stay at the repository's top (extract/, normalize/, ...)
and install as ``esep.extract``, ``esep.normalize``, ... (pyproject.toml's
package-dir).  The test builds the wheel, installs it into a fresh virtual
environment (its dependencies borrowed from the project's own, without the
editable install), and imports esep there from outside the repository.
"""

from __future__ import annotations

import site
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO  # noqa: E402
STAGES = ("batch", "extract", "guard", "normalize", "outputs", "review", "schemas", "watcher", "writers")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    res = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), str(REPO)],
                         capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr
    (whl,) = out.glob("esep-*.whl")
    return whl


def test_wheel_holds_only_the_esep_namespace(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/")[0] for n in names}
    assert tops == {"esep", f"{wheel.name.split('-')[0]}-{wheel.name.split('-')[1]}.dist-info"}
    for stage in STAGES:
        assert f"esep/{stage}/__init__.py" in names, stage
    assert {"esep/cli.py", "esep/pipeline.py"} <= set(names)
    packages = {n.rsplit("/", 1)[0] for n in names if n.endswith(".py")}
    on_disk = {"esep/" + p.parent.relative_to(REPO).as_posix()
               for stage in STAGES for p in (REPO / stage).rglob("__init__.py")}
    assert on_disk <= packages, f"package folders missing from pyproject.toml: {sorted(on_disk - packages)}"


def test_fresh_environment_imports_only_esep(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(env_dir)], check=True, timeout=120)
    python = env_dir / "bin" / "python"
    res = subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
                         capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    # the dependencies come from the project's environment (a path only: its .pth files,
    # the editable install among them, are not read)
    fresh_site = next(env_dir.glob("lib/python*/site-packages"))
    (fresh_site / "deps.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    code = (
        "import importlib.util, esep, esep.cli, esep.pipeline\n"
        + "".join(f"import esep.{s}\n" for s in STAGES)
        + "assert esep.cli.__file__.startswith(%r), esep.cli.__file__\n" % str(fresh_site)
        + "generic = [m for m in %r + ('cli', 'pipeline') if importlib.util.find_spec(m)]\n" % (STAGES,)
        + "assert not generic, generic\n"
        + "print('ok')\n"
    )
    res = subprocess.run([str(python), "-c", code], capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert res.returncode == 0 and res.stdout.strip() == "ok", res.stderr
    res = subprocess.run([str(env_dir / "bin" / "esep"), "--version"], capture_output=True, text=True,
                         cwd=tmp_path, timeout=120)
    assert res.returncode == 0 and "esep" in res.stdout, res.stderr
