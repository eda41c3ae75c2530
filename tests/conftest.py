"""Shared test fixtures: where the repository and ../shared are."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
if not SHARED.exists():  # a checkout elsewhere on a developer machine
    SHARED = Path("/work/shared")
FOREIGN = SHARED / "foreign"
SAMPLES = REPO / "samples"


@pytest.fixture(scope="session")
def shared() -> Path:
    return SHARED
