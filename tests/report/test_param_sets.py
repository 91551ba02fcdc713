"""Every shipped parameter set runs every report to the end, through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from portfolio.report import notebooks
from tests.report.test_cli import run_cli

PARAMS = Path(__file__).resolve().parents[2] / "params"

# Keys that every unit's figures.json holds, whatever data the set has.
COMMON_KEYS = {
    "business_unit",
    "as_of",
    "rows_read",
    "rows_rejected",
    "customers",
    "revenue",
    "unattributed_revenue",
    "median_recency_days",
    "cold_customers",
    "cold_share",
    "frequency_classes",
    "size_classes",
    "abc_classes",
    "channels",
    "cac",
}
# Keys of the sets with opportunities.
DEAL_KEYS = {
    "won_deals",
    "lost_deals",
    "win_rate",
    "won_value",
    "median_sales_cycle_days",
    "top_sales_rep",
}
SETS = {
    "demo": ("2024-12-31", ["north", "online", "south"]),
    "maven-crm": ("2017-12-31", ["central", "east", "west"]),
    "olist-funnel": ("2018-12-31", ["olist"]),
}


@pytest.fixture(scope="module", params=list(SETS))
def param_set(request, tmp_path_factory, data_dir):
    name = request.param
    out = tmp_path_factory.mktemp(name)
    code, stdout, stderr = run_cli(
        ["run", str(PARAMS / f"{name}.yaml"), "--out", str(out), "--jobs", "2"]
    )
    as_of, units = SETS[name]
    return {
        "name": name,
        "code": code,
        "stderr": stderr,
        "folder": out / name / as_of,
        "units": units,
    }


@pytest.mark.slow
def test_every_notebook_succeeds(param_set):
    assert param_set["code"] == 0, param_set["stderr"][-3000:]
    runs = len(param_set["units"]) * len(notebooks.available())
    assert param_set["stderr"].splitlines()[-1] == f"{runs} succeeded, 0 failed"


@pytest.mark.slow
def test_figures_hold_every_key(param_set):
    for unit in param_set["units"]:
        path = param_set["folder"] / unit / "figures.json"
        figures = json.loads(path.read_text(encoding="utf-8"))
        missing = COMMON_KEYS - set(figures)
        assert not missing, (unit, sorted(missing))
        missing_deals = DEAL_KEYS - set(figures)
        assert not missing_deals, (unit, sorted(missing_deals))


@pytest.mark.slow
def test_size_and_channel_revenue_add_up(param_set):
    for unit in param_set["units"]:
        path = param_set["folder"] / unit / "figures.json"
        figures = json.loads(path.read_text(encoding="utf-8"))
        by_size = sum(item["revenue"] for item in figures["size_classes"].values())
        assert by_size == pytest.approx(figures["revenue"], abs=0.05), unit
