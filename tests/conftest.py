"""Shared fixtures: the real datasets, the tricky cases and small tables."""

from __future__ import annotations

import os
from pathlib import Path

import matplotlib
import pandas as pd
import pytest

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def shared_path(variable: str, default: Path) -> Path:
    return Path(os.environ.get(variable, default))


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """The real public datasets; tests skip when they are absent (CI has them)."""
    path = shared_path("PORTFOLIO_DATA_DIR", SHARED / "data")
    if not path.is_dir():
        pytest.skip(f"real datasets not found at {path}; set PORTFOLIO_DATA_DIR")
    return path


@pytest.fixture(scope="session")
def cases_dir() -> Path:
    """The small tricky inputs taken from real bug reports."""
    path = shared_path("PORTFOLIO_CASES_DIR", SHARED / "cases")
    if not path.is_dir():
        pytest.skip(f"case files not found at {path}; set PORTFOLIO_CASES_DIR")
    return path


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


def lines(rows: list[tuple], columns: str = "customer_id order_id order_date amount"):
    """Build canonical order lines from tuples; dates are ISO strings."""
    frame = pd.DataFrame(rows, columns=columns.split())
    frame["order_date"] = pd.to_datetime(frame["order_date"])
    return frame
