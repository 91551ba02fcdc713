"""Acceptance test: the Maven CRM reports against an independent computation.

The module runs ``portfolio run params/maven-crm.yaml`` once through the CLI with the
real papermill runner. It then recomputes each regional office's figures from the
four CSV files with plain pandas, following the definitions in docs/data-model.md,
and compares them with the office's ``figures.json``. Won deals are the orders: the
closing day is the order date and the close value the amount. The sales team table
gives each agent's regional office, which is the business unit. Nothing here imports
portfolio's sources, validation or analysis code, so a shared mistake cannot hide on
both sides.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from portfolio.cli import main

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
PARAMS_FILE = ROOT / "params" / "maven-crm.yaml"
DATASET = "maven_crm_sales_opportunities"
FILES = ("sales_pipeline.csv", "accounts.csv", "sales_teams.csv", "products.csv")
AS_OF = pd.Timestamp("2017-12-31")
UNIT_FOLDERS = {"Central": "central", "East": "east", "West": "west"}

COLD_AFTER_DAYS = 365
FREQUENCY_BOUNDS = (
    ("monthly", 61),
    ("quarterly", 137),
    ("half-yearly", 274),
    ("yearly", 548),
)
FREQUENCY_CLASSES = [name for name, _ in FREQUENCY_BOUNDS] + ["occasional", "one-time"]

# The default bounds, from the French company categories: a company belongs to the
# smallest class whose employee bound (exclusive) and revenue bound (inclusive, in
# currency units) it meets on every measure it has.
SIZE_BOUNDS = (
    ("micro", 10, 2_000_000),
    ("SME", 250, 50_000_000),
    ("mid-cap", 5_000, 1_500_000_000),
)
SIZE_CLASSES = [name for name, _, _ in SIZE_BOUNDS] + [
    "large",
    "individual",
    "unknown",
    "unattributed",
]
# accounts.csv gives annual revenue in millions of US dollars.
REVENUE_MULTIPLIER = 1_000_000

# Cumulative revenue shares that close the A and B product classes. The product
# that crosses a bound still belongs to the class below it.
ABC_SHARES = (("A", 0.80), ("B", 0.95))

# The pipeline spells this product "GTXPro" while products.csv writes "GTX Pro".
PRODUCT_SPELLINGS = {"GTXPro": "GTX Pro"}
OPEN_STAGES = {"Engaging", "Prospecting"}


def dataset_paths(data_dir: Path) -> dict[str, Path]:
    """Return the paths of the four CSV files, skipping the module if one is absent."""
    paths = {name: data_dir / DATASET / name for name in FILES}
    for path in paths.values():
        if not path.is_file():
            pytest.skip(f"Maven CRM file not found at {path}")
    return paths


def read_deals(paths: dict[str, Path]) -> pd.DataFrame:
    """Read every opportunity with its agent's regional office and parsed dates."""
    deals = pd.read_csv(paths["sales_pipeline.csv"], dtype={"close_value": float})
    teams = pd.read_csv(paths["sales_teams.csv"])
    deals["product"] = deals["product"].replace(PRODUCT_SPELLINGS)
    deals["engage_date"] = pd.to_datetime(deals["engage_date"], format="%Y-%m-%d")
    deals["close_date"] = pd.to_datetime(deals["close_date"], format="%Y-%m-%d")

    offices = teams.set_index("sales_agent")["regional_office"]
    deals["office"] = deals["sales_agent"].map(offices)
    return deals


def read_accounts(paths: dict[str, Path]) -> pd.DataFrame:
    """Read the accounts, indexed by name, with revenue in currency units."""
    accounts = pd.read_csv(paths["accounts.csv"]).set_index("account")
    accounts["company_revenue"] = accounts["revenue"] * REVENUE_MULTIPLIER
    return accounts


def purchase_days(orders: pd.DataFrame) -> pd.DataFrame:
    """List each account's purchase days, the days with a positive net amount."""
    attributed = orders[orders["account"].notna()]
    net = attributed.groupby(["account", "close_date"])["close_value"].sum().round(2)
    days = net[net > 0].reset_index().rename(columns={"close_date": "day"})
    return days.sort_values(["account", "day"], ignore_index=True)


def frequency_class(gaps: pd.Series) -> str:
    """Classify a customer by the median gap in days between purchase days."""
    if gaps.empty:
        return "one-time"
    median = gaps.median()
    for name, bound in FREQUENCY_BOUNDS:
        if median <= bound:
            return name
    return "occasional"


def frequency_classes(days: pd.DataFrame) -> dict[str, int]:
    """Count the customers of each frequency class, with every class present."""
    gaps = days.groupby("account")["day"].diff().dt.days
    per_customer = gaps.groupby(days["account"]).agg(
        lambda values: frequency_class(values.dropna())
    )
    counts = per_customer.value_counts()
    return {name: int(counts.get(name, 0)) for name in FREQUENCY_CLASSES}


def size_class(employees: float, company_revenue: float) -> str:
    """Classify a company by head count and annual revenue, on the known measures."""
    if pd.isna(employees) and pd.isna(company_revenue):
        return "unknown"
    for name, max_employees, max_revenue in SIZE_BOUNDS:
        fits_employees = pd.isna(employees) or employees < max_employees
        fits_revenue = pd.isna(company_revenue) or company_revenue <= max_revenue
        if fits_employees and fits_revenue:
            return name
    return "large"


def size_classes(
    orders: pd.DataFrame, accounts: pd.DataFrame, customers: list[str]
) -> dict:
    """Count the customers and sum the revenue of each size class.

    Lines without an account form the "unattributed" class, so the classes add up
    to the office's revenue.
    """
    revenue = orders.groupby("account")["close_value"].sum().loc[customers]
    known = accounts.reindex(customers)
    classes = pd.Series(
        [size_class(row.employees, row.company_revenue) for row in known.itertuples()],
        index=customers,
    )
    result = {name: {"customers": 0, "revenue": 0.0} for name in SIZE_CLASSES}
    for name, members in classes.groupby(classes):
        result[name] = {
            "customers": len(members),
            "revenue": float(revenue.loc[members.index].sum()),
        }
    unattributed = orders.loc[orders["account"].isna(), "close_value"].sum()
    result["unattributed"]["revenue"] = float(unattributed)
    return result


def abc_classes(orders: pd.DataFrame) -> dict[str, int]:
    """Count the products of each ABC class on cumulative positive net revenue.

    Products sort by net revenue, largest first, with ties broken by product id.
    A product belongs to the first class whose bound the cumulative share before it
    has not reached yet, so the product that crosses 80 % is still an A.
    """
    net = orders.groupby("product")["close_value"].sum().round(2)
    net = net[net > 0].reset_index()
    net = net.sort_values(
        ["close_value", "product"], ascending=[False, True], ignore_index=True
    )
    share_before = (
        net["close_value"].cumsum().shift(fill_value=0) / net["close_value"].sum()
    )

    counts = {"A": 0, "B": 0, "C": 0}
    for share in share_before:
        name = next((name for name, bound in ABC_SHARES if share < bound), "C")
        counts[name] += 1
    return counts


def top_sales_rep(won: pd.DataFrame) -> str:
    """Return the agent with the largest won value, the first name on a tie."""
    totals = won.groupby("sales_agent")["close_value"].sum().reset_index()
    totals = totals.sort_values(
        ["close_value", "sales_agent"], ascending=[False, True], ignore_index=True
    )
    return str(totals.loc[0, "sales_agent"])


def unit_figures(deals: pd.DataFrame, accounts: pd.DataFrame, unit: str) -> dict:
    """Compute the figures of one regional office from its deals."""
    office = deals[deals["office"] == unit]
    won = office[office["deal_stage"] == "Won"]
    lost = office[office["deal_stage"] == "Lost"]
    orders = won[won["close_date"].notna() & won["close_value"].notna()]
    orders = orders[orders["close_date"] <= AS_OF]

    days = purchase_days(orders)
    last_day = days.groupby("account")["day"].max()
    recency = (AS_OF - last_day).dt.days
    cycle = (won["close_date"] - won["engage_date"]).dt.days
    return {
        "rows_read": len(orders),
        "revenue": float(orders["close_value"].sum()),
        "unattributed_revenue": float(
            orders.loc[orders["account"].isna(), "close_value"].sum()
        ),
        "customers": len(recency),
        "won_deals": len(won),
        "lost_deals": len(lost),
        "open_deals": int(office["deal_stage"].isin(OPEN_STAGES).sum()),
        "win_rate": round(len(won) / (len(won) + len(lost)), 4),
        "won_value": float(won["close_value"].sum()),
        "average_won_value": float(won["close_value"].mean()),
        "median_sales_cycle_days": float(cycle.median()),
        "top_sales_rep": top_sales_rep(won),
        "size_classes": size_classes(orders, accounts, list(recency.index)),
        "abc_classes": abc_classes(orders),
        "median_recency_days": float(recency.median()),
        "cold_customers": int((recency > COLD_AFTER_DAYS).sum()),
        "frequency_classes": frequency_classes(days),
    }


@pytest.fixture(scope="module")
def expected(data_dir: Path) -> dict[str, dict]:
    """Compute the figures of every regional office with pandas."""
    paths = dataset_paths(data_dir)
    deals = read_deals(paths)
    accounts = read_accounts(paths)
    return {unit: unit_figures(deals, accounts, unit) for unit in UNIT_FOLDERS}


@pytest.fixture(scope="module")
def run_folder(data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Run the Maven CRM reports once and return the run folder."""
    dataset_paths(data_dir)
    out = tmp_path_factory.mktemp("reports")
    arguments = ["run", str(PARAMS_FILE), "--out", str(out), "--jobs", "2"]
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PORTFOLIO_DATA_DIR", str(data_dir))
        exit_code = main(arguments)
    assert exit_code == 0
    return out / PARAMS_FILE.stem / AS_OF.date().isoformat()


def read_figures(run_folder: Path, unit: str) -> dict:
    return json.loads((run_folder / UNIT_FOLDERS[unit] / "figures.json").read_text())


def test_load_report_accepts_every_row(run_folder):
    report = json.loads((run_folder / "load_report.json").read_text())
    files = report["files"]
    # The published files have 8,800 opportunities, 85 accounts, 35 agents and
    # 7 products, each counted with wc -l minus the header.
    assert [item["rows_read"] for item in files] == [8_800, 85, 35, 7]
    assert [item["rows_accepted"] for item in files] == [8_800, 85, 35, 7]
    assert [item["rows_rejected"] for item in files] == [{}] * 4


def test_offices_cover_every_won_deal(expected):
    # The pipeline has 4,238 won deals worth 10,005,534 in total, and every agent
    # in it has a regional office, so the three offices share them all.
    assert sum(figures["won_deals"] for figures in expected.values()) == 4_238
    assert sum(figures["won_value"] for figures in expected.values()) == 10_005_534


@pytest.mark.parametrize("unit", UNIT_FOLDERS)
def test_unit_rows_and_revenue(run_folder, expected, unit):
    figures = read_figures(run_folder, unit)
    assert figures["rows_read"] == expected[unit]["rows_read"]
    assert figures["rows_rejected"] == {}
    assert figures["revenue"] == pytest.approx(expected[unit]["revenue"], abs=0.01)
    assert figures["unattributed_revenue"] == pytest.approx(
        expected[unit]["unattributed_revenue"], abs=0.01
    )


@pytest.mark.parametrize("unit", UNIT_FOLDERS)
def test_unit_deals_and_win_rate(run_folder, expected, unit):
    figures = read_figures(run_folder, unit)
    assert figures["won_deals"] == expected[unit]["won_deals"]
    assert figures["lost_deals"] == expected[unit]["lost_deals"]
    assert figures["deals"]["open_deals"] == expected[unit]["open_deals"]
    assert figures["win_rate"] == expected[unit]["win_rate"]


@pytest.mark.parametrize("unit", UNIT_FOLDERS)
def test_unit_won_value_and_cycle(run_folder, expected, unit):
    figures = read_figures(run_folder, unit)
    assert figures["won_value"] == pytest.approx(expected[unit]["won_value"], abs=0.01)
    assert figures["deals"]["average_won_value"] == pytest.approx(
        expected[unit]["average_won_value"], abs=0.01
    )
    assert (
        figures["median_sales_cycle_days"] == expected[unit]["median_sales_cycle_days"]
    )
    assert figures["top_sales_rep"] == expected[unit]["top_sales_rep"]


@pytest.mark.parametrize("unit", UNIT_FOLDERS)
def test_unit_size_classes(run_folder, expected, unit):
    figures = read_figures(run_folder, unit)
    assert list(figures["size_classes"]) == SIZE_CLASSES
    for name in SIZE_CLASSES:
        reported = figures["size_classes"][name]
        computed = expected[unit]["size_classes"][name]
        assert reported["customers"] == computed["customers"], name
        assert reported["revenue"] == pytest.approx(computed["revenue"], abs=0.01), name


@pytest.mark.parametrize("unit", UNIT_FOLDERS)
def test_unit_abc_classes(run_folder, expected, unit):
    figures = read_figures(run_folder, unit)
    assert figures["abc_classes"] == expected[unit]["abc_classes"]


@pytest.mark.parametrize("unit", UNIT_FOLDERS)
def test_unit_customers_and_recency(run_folder, expected, unit):
    figures = read_figures(run_folder, unit)
    assert figures["customers"] == expected[unit]["customers"]
    assert figures["median_recency_days"] == expected[unit]["median_recency_days"]
    assert figures["cold_customers"] == expected[unit]["cold_customers"]


@pytest.mark.parametrize("unit", UNIT_FOLDERS)
def test_unit_frequency_classes(run_folder, expected, unit):
    figures = read_figures(run_folder, unit)
    assert figures["frequency_classes"] == expected[unit]["frequency_classes"]
