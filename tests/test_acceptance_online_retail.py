"""Acceptance test: the Online Retail II reports against an independent computation.

The module runs ``portfolio run params/online-retail-ii.yaml`` once through the CLI
with the real papermill runner. It then recomputes each business unit's headline
figures from the two CSV exports with plain pandas, following the definitions in
docs/data-model.md, and compares them with the unit's ``figures.json``. Nothing here
imports portfolio's sources, validation or analysis code, so a shared mistake cannot
hide on both sides.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from portfolio.cli import main

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
PARAMS_FILE = ROOT / "params" / "online-retail-ii.yaml"
AS_OF = pd.Timestamp("2011-12-09")
COLD_AFTER_DAYS = 365
FREQUENCY_BOUNDS = (
    ("monthly", 61),
    ("quarterly", 137),
    ("half-yearly", 274),
    ("yearly", 548),
)
FREQUENCY_CLASSES = [name for name, _ in FREQUENCY_BOUNDS] + ["occasional", "one-time"]
UNIT_FOLDERS = {
    "United Kingdom": "united-kingdom",
    "Germany": "germany",
    "France": "france",
    "EIRE": "eire",
}

# The two exports, in the order of the parameter file, with each canonical column
# and the header it is read from. business_unit is also mapped to Country there.
EXPORTS = {
    "uci_online_retail_ii/online_retail_II_sheet_2009_2010.csv.gz": {
        "order_id": "Invoice",
        "product_id": "StockCode",
        "product_name": "Description",
        "quantity": "Quantity",
        "order_date": "InvoiceDate",
        "unit_price": "Price",
        "customer_id": "Customer ID",
        "country": "Country",
    },
    "uci_online_retail/online_retail.csv.gz": {
        "order_id": "InvoiceNo",
        "product_id": "StockCode",
        "product_name": "Description",
        "quantity": "Quantity",
        "order_date": "InvoiceDate",
        "unit_price": "UnitPrice",
        "customer_id": "CustomerID",
        "country": "Country",
    },
}
CANONICAL_COLUMNS = list(next(iter(EXPORTS.values())))

# Source: the PROVENANCE.md in each dataset folder of PORTFOLIO_DATA_DIR, which
# verifies 525,461 lines for the "Year 2009-2010" sheet of UCI Online Retail II and
# 541,909 for UCI Online Retail (the UCI figure).
# Their concatenation (1,067,370 lines) keeps 1,033,035 lines after dropping exact
# duplicates, so 1,067,370 - 1,033,035 = 34,335 lines are rejected as duplicates.
ROWS_PER_EXPORT = [525_461, 541_909]
DUPLICATE_LINES = 34_335
KEPT_LINES = 1_033_035


def export_paths(data_dir: Path) -> list[Path]:
    """Return the paths of the two exports, skipping the module if one is absent."""
    paths = [data_dir / name for name in EXPORTS]
    for path in paths:
        if not path.is_file():
            pytest.skip(f"Online Retail export not found at {path}")
    return paths


def read_export(path: Path, headers: dict[str, str]) -> pd.DataFrame:
    """Read one export into canonical columns and types.

    Text is stripped and an empty text is missing. Customer ids are compared as text,
    so a float-formatted id such as ``12345.0`` loses its ``.0``.
    """
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame = pd.DataFrame({name: raw[header] for name, header in headers.items()})
    for name in frame.columns:
        text = frame[name].str.strip()
        frame[name] = text.mask(text == "")

    frame["quantity"] = pd.to_numeric(frame["quantity"])
    frame["unit_price"] = pd.to_numeric(frame["unit_price"])
    frame["order_date"] = pd.to_datetime(
        frame["order_date"], format="%Y-%m-%d %H:%M:%S"
    )
    frame["customer_id"] = frame["customer_id"].str.removesuffix(".0")
    return frame


def mark_duplicates(lines: pd.DataFrame) -> pd.Series:
    """Flag each line equal to an earlier line in every canonical column.

    The earlier line may come from the same file or from an earlier file, and the
    first occurrence is kept.
    """
    return lines.duplicated(subset=CANONICAL_COLUMNS, keep="first")


def line_amounts(lines: pd.DataFrame) -> pd.Series:
    """Compute each line's amount, quantity * unit_price rounded to the cent."""
    return (lines["quantity"] * lines["unit_price"]).round(2)


def purchase_days(lines: pd.DataFrame) -> pd.DataFrame:
    """List each customer's purchase days, the days with a positive net amount.

    The net is rounded to the cent before the comparison, because an invoice and its
    credit note on the same day can sum to a float residue such as 1e-14.
    """
    attributed = lines[lines["customer_id"].notna()]
    day = attributed["order_date"].dt.normalize().rename("day")
    net = attributed.groupby(["customer_id", day])["amount"].sum().round(2)
    days = net[net > 0].reset_index()
    return days.sort_values(["customer_id", "day"], ignore_index=True)


def recency_days(days: pd.DataFrame) -> pd.Series:
    """Return the days from each customer's last purchase day to ``AS_OF``."""
    last = days.groupby("customer_id")["day"].max()
    return (AS_OF - last).dt.days


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
    gaps = days.groupby("customer_id")["day"].diff().dt.days.rename("gap")
    per_customer = gaps.groupby(days["customer_id"]).agg(
        lambda values: frequency_class(values.dropna())
    )
    counts = per_customer.value_counts()
    return {name: int(counts.get(name, 0)) for name in FREQUENCY_CLASSES}


def unit_figures(accepted: pd.DataFrame, rejected: pd.DataFrame, unit: str) -> dict:
    """Compute the headline figures of one business unit from its lines."""
    lines = accepted[accepted["country"] == unit]
    lines = lines[lines["order_date"] < AS_OF + pd.Timedelta(days=1)]
    duplicates = int((rejected["country"] == unit).sum())
    unattributed = lines["customer_id"].isna()

    days = purchase_days(lines)
    recency = recency_days(days)
    cold = int((recency > COLD_AFTER_DAYS).sum())
    return {
        "rows_read": int((accepted["country"] == unit).sum()) + duplicates,
        "rows_rejected": {"duplicate": duplicates},
        "revenue": lines["amount"].sum(),
        "unattributed_revenue": lines.loc[unattributed, "amount"].sum(),
        "customers": len(recency),
        "median_recency_days": float(recency.median()),
        "cold_customers": cold,
        "cold_share": round(cold / len(recency), 4),
        "cold_ids": set(recency.index[recency > COLD_AFTER_DAYS]),
        "lifetime_revenue": lines.groupby("customer_id")["amount"].sum(),
        "frequency_classes": frequency_classes(days),
    }


@pytest.fixture(scope="module")
def order_lines(data_dir: Path) -> pd.DataFrame:
    """Read every line of both exports, flagging duplicates and adding amounts."""
    parts = [
        read_export(path, headers).assign(file=str(path))
        for path, headers in zip(export_paths(data_dir), EXPORTS.values(), strict=True)
    ]
    lines = pd.concat(parts, ignore_index=True)
    lines["duplicate"] = mark_duplicates(lines)
    lines["amount"] = line_amounts(lines)
    return lines


@pytest.fixture(scope="module")
def expected(order_lines: pd.DataFrame) -> dict[str, dict]:
    """Compute the figures of every business unit with pandas."""
    accepted = order_lines[~order_lines["duplicate"]]
    rejected = order_lines[order_lines["duplicate"]]
    return {unit: unit_figures(accepted, rejected, unit) for unit in UNIT_FOLDERS}


@pytest.fixture(scope="module")
def run_folder(data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Run the Online Retail II reports once and return the run folder."""
    export_paths(data_dir)
    out = tmp_path_factory.mktemp("reports")
    arguments = ["run", str(PARAMS_FILE), "--out", str(out), "--jobs", "2"]
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PORTFOLIO_DATA_DIR", str(data_dir))
        exit_code = main(arguments)
    assert exit_code == 0
    return out / PARAMS_FILE.stem / AS_OF.date().isoformat()


def read_figures(run_folder: Path, unit: str) -> dict:
    return json.loads((run_folder / UNIT_FOLDERS[unit] / "figures.json").read_text())


def test_load_report_counts_rows_per_file(run_folder, order_lines):
    report = json.loads((run_folder / "load_report.json").read_text())
    files = report["files"]
    assert [item["rows_read"] for item in files] == ROWS_PER_EXPORT

    by_file = order_lines.groupby("file", sort=False)["duplicate"].agg(["size", "sum"])
    assert [item["rows_read"] for item in files] == by_file["size"].tolist()
    duplicates = [item["rows_rejected"].get("duplicate", 0) for item in files]
    assert duplicates == by_file["sum"].tolist()
    assert [set(item["rows_rejected"]) for item in files] == [{"duplicate"}] * 2


def test_duplicates_match_published_counts(run_folder, order_lines):
    report = json.loads((run_folder / "load_report.json").read_text())
    files = report["files"]
    assert int(order_lines["duplicate"].sum()) == DUPLICATE_LINES
    assert sum(item["rows_rejected"]["duplicate"] for item in files) == DUPLICATE_LINES
    assert sum(item["rows_accepted"] for item in files) == KEPT_LINES


@pytest.mark.parametrize("unit", UNIT_FOLDERS)
def test_unit_rows_read_and_rejected(run_folder, expected, unit):
    figures = read_figures(run_folder, unit)
    assert figures["rows_read"] == expected[unit]["rows_read"]
    assert figures["rows_rejected"] == expected[unit]["rows_rejected"]


@pytest.mark.parametrize("unit", UNIT_FOLDERS)
def test_unit_revenue(run_folder, expected, unit):
    figures = read_figures(run_folder, unit)
    assert figures["revenue"] == pytest.approx(expected[unit]["revenue"], abs=0.01)
    assert figures["unattributed_revenue"] == pytest.approx(
        expected[unit]["unattributed_revenue"], abs=0.01
    )


@pytest.mark.parametrize("unit", UNIT_FOLDERS)
def test_unit_customer_base_and_recency(run_folder, expected, unit):
    figures = read_figures(run_folder, unit)
    assert figures["customers"] == expected[unit]["customers"]
    assert figures["median_recency_days"] == expected[unit]["median_recency_days"]
    assert figures["cold_customers"] == expected[unit]["cold_customers"]
    assert figures["cold_share"] == expected[unit]["cold_share"]


@pytest.mark.parametrize(
    "unit",
    [
        "United Kingdom",
        "Germany",
        "France",
        "EIRE",
    ],
)
def test_unit_frequency_classes(run_folder, expected, unit):
    figures = read_figures(run_folder, unit)
    assert figures["frequency_classes"] == expected[unit]["frequency_classes"]


def test_reactivation_list_is_cold_customers(run_folder, expected):
    unit = "United Kingdom"
    path = run_folder / UNIT_FOLDERS[unit] / "exports" / "reactivation.csv"
    exported = pd.read_csv(path, dtype={"customer_id": str})
    assert set(exported["customer_id"]) == expected[unit]["cold_ids"]
    assert len(exported) == len(expected[unit]["cold_ids"])

    lifetime = expected[unit]["lifetime_revenue"].loc[exported["customer_id"]]
    assert exported["revenue"].tolist() == pytest.approx(lifetime.tolist(), abs=0.01)
    assert exported["revenue"].is_monotonic_decreasing
