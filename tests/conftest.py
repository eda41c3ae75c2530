"""Shared test fixtures: where the repository and ../shared are."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
if not SHARED.exists():  # a checkout elsewhere on a developer machine
    SHARED = Path("/work/shared")
FOREIGN = SHARED / "foreign"
SAMPLES = REPO / "samples"


def load_script(name: str, path: Path) -> ModuleType:
    """A script of the project that is not a package module (samples/build.py, bench/X.py),
    imported as ``name`` without writing bytecode beside it (keeps samples/ and bench/ clean)."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    saved, sys.dont_write_bytecode = sys.dont_write_bytecode, True
    try:
        spec.loader.exec_module(module)
    finally:
        sys.dont_write_bytecode = saved
    return module


@pytest.fixture(scope="session")
def shared() -> Path:
    return SHARED
