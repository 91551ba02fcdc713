"""Tests of the synthetic demo portfolio in portfolio.demo."""

from __future__ import annotations

import io
import json
import re
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from portfolio._demo_catalogue import _make_catalogue
from portfolio._demo_orders import _draw_order_products
from portfolio.demo import (
    DEMO_FAULTS,
    SYNTHETIC_NOTICE,
    UNITS,
    generate_demo,
    write_demo_exports,
)
from portfolio.model import COSTS, CUSTOMERS, ORDERS

START, END = pd.Timestamp("2022-01-01"), pd.Timestamp("2024-12-31")


@pytest.fixture(scope="module")
def demo() -> dict[str, pd.DataFrame]:
    return generate_demo()


@pytest.fixture(scope="module")
def orders(demo: dict[str, pd.DataFrame]) -> pd.DataFrame:
    return demo["orders"]


@pytest.fixture(scope="module")
def customers(demo: dict[str, pd.DataFrame]) -> pd.DataFrame:
    return demo["customers"]


@pytest.fixture(scope="module")
def purchase_days(orders: pd.DataFrame) -> pd.DataFrame:
    """Distinct days with a positive line, per customer, in date order."""
    bought = orders[orders["customer_id"].notna() & (orders["quantity"] > 0)]
    days = bought.assign(day=bought["order_date"].dt.normalize())
    days = days[["customer_id", "day"]].drop_duplicates()
    return days.sort_values(["customer_id", "day"], ignore_index=True)


def test_same_seed_gives_equal_frames() -> None:
    first = generate_demo(seed=7, customers=300)
    second = generate_demo(seed=7, customers=300)
    for name in ("customers", "orders", "costs"):
        pd.testing.assert_frame_equal(first[name], second[name])


def test_other_seed_gives_other_frames() -> None:
    first = generate_demo(seed=7, customers=300)
    other = generate_demo(seed=8, customers=300)
    assert not first["orders"].equals(other["orders"])
    assert not first["customers"].equals(other["customers"])


def test_invalid_arguments_raise() -> None:
    with pytest.raises(ValueError, match="customers must be at least 1, got 0"):
        generate_demo(customers=0)
    with pytest.raises(ValueError, match="end must be after start"):
        generate_demo(start=date(2024, 1, 1), end=date(2024, 1, 1))


def test_default_sizes(demo: dict[str, pd.DataFrame]) -> None:
    assert len(demo["customers"]) == 5000
    assert demo["customers"]["customer_id"].is_unique
    assert 120_000 <= len(demo["orders"]) <= 180_000
    # 36 months * (6 channels * 3 units + 3 units * 2 segments)
    assert len(demo["costs"]) == 36 * (18 + 6)


def test_columns_are_canonical(demo: dict[str, pd.DataFrame]) -> None:
    assert list(demo["orders"].columns) == ORDERS.names
    assert list(demo["costs"].columns) == COSTS.names
    assert set(demo["customers"].columns) <= set(CUSTOMERS.names)
    assert len(demo["customers"].columns) >= 15


def test_amount_is_rounded_product(orders: pd.DataFrame) -> None:
    expected = (orders["quantity"] * orders["unit_price"]).round(2)
    assert (orders["amount"] - expected).abs().max() < 1e-9
    assert (orders["unit_price"] > 0).all()


def test_order_dates_within_history(orders: pd.DataFrame) -> None:
    assert orders["order_date"].min() >= START
    assert orders["order_date"].max() < END + pd.Timedelta(days=1)
    assert orders["order_date"].notna().all()


def test_counter_sales_have_no_customer(orders: pd.DataFrame) -> None:
    blank = orders["customer_id"].isna()
    assert 0.01 < blank.mean() < 0.06
    assert orders.loc[blank, "sales_rep"].isna().all()


def test_returns_follow_a_purchase(orders: pd.DataFrame) -> None:
    returns = orders[orders["quantity"] < 0]
    assert 0.01 < len(returns) / len(orders) < 0.04
    assert (returns["amount"] < 0).all()

    purchases = orders[orders["quantity"] > 0]
    first_sale = purchases.groupby(["order_id", "product_id"])["order_date"].min()
    key = pd.MultiIndex.from_frame(returns[["order_id", "product_id"]])
    sold_at = first_sale.reindex(key)
    assert sold_at.notna().all()
    assert (sold_at.to_numpy() < returns["order_date"].to_numpy()).all()


def test_all_units_present(demo: dict[str, pd.DataFrame]) -> None:
    assert set(demo["orders"]["business_unit"]) == set(UNITS)
    assert set(demo["customers"]["business_unit"]) == set(UNITS)
    assert set(demo["costs"]["business_unit"]) == set(UNITS)


def test_orders_share_an_id(orders: pd.DataFrame) -> None:
    lines_per_order = orders.groupby("order_id").size()
    assert lines_per_order.max() > 1
    assert (orders.groupby("order_id")["customer_id"].nunique() <= 1).all()


def test_no_duplicate_order_lines(orders: pd.DataFrame) -> None:
    assert orders.duplicated().sum() == 0


def test_no_product_twice_in_order(orders: pd.DataFrame) -> None:
    # A return repeats the order id and product of its purchase, so purchases and
    # returns are checked apart.
    purchases = orders[orders["quantity"] > 0]
    returns = orders[orders["quantity"] < 0]
    assert purchases.duplicated(["order_id", "product_id"]).sum() == 0
    assert returns.duplicated(["order_id", "product_id"]).sum() == 0


def test_order_as_large_as_catalogue() -> None:
    # An order may have as many lines as the catalogue has products, and then
    # contains each product once, with a favourite category or without one.
    rng = np.random.default_rng(5)
    catalogue = _make_catalogue(rng)
    size = len(catalogue)
    order_id = np.repeat(["SO-1", "SO-2"], size)
    favourite = np.repeat([2, -1], size)
    product = _draw_order_products(rng, order_id, favourite, catalogue)
    assert sorted(product[:size]) == list(range(size))
    assert sorted(product[size:]) == list(range(size))


def test_every_frequency_shape_present(purchase_days: pd.DataFrame) -> None:
    gaps = purchase_days.groupby("customer_id")["day"].diff().dt.days
    median = gaps.groupby(purchase_days["customer_id"]).median().dropna()
    days_per_customer = purchase_days.groupby("customer_id").size()

    assert (median <= 61).sum() > 100  # monthly
    assert median.between(62, 137).sum() > 100  # quarterly
    assert median.between(138, 274).sum() > 100  # half-yearly
    assert median.between(275, 548).sum() > 100  # yearly
    assert (median > 548).sum() > 30  # occasional
    assert (days_per_customer == 1).sum() > 300  # one-time


def test_some_customers_turn_cold(purchase_days: pd.DataFrame) -> None:
    last = purchase_days.groupby("customer_id")["day"].max()
    cold = last < END - pd.Timedelta(days=365)
    assert 0.15 < cold.mean() < 0.7


def test_customers_acquired_throughout(customers: pd.DataFrame) -> None:
    contact_year = customers["first_contact_date"].dt.year
    for year in (2022, 2023, 2024):
        assert (contact_year == year).sum() > 500
    assert (customers["first_contact_date"] < START).sum() > 500


def test_seasonality(orders: pd.DataFrame) -> None:
    per_order = orders.drop_duplicates("order_id")
    per_month = per_order["order_date"].dt.month.value_counts()
    assert per_month[11] > 1.3 * per_month[8]
    assert per_month[[10, 11, 12]].mean() > per_month[[1, 2, 3, 4, 5, 6]].mean()


def test_revenue_concentrated(orders: pd.DataFrame) -> None:
    revenue = orders.groupby("customer_id")["amount"].sum().sort_values(ascending=False)
    top = revenue.head(len(revenue) // 5).sum()
    assert 0.6 < top / revenue.sum() < 0.95


def test_catalogue_has_long_tail(orders: pd.DataFrame) -> None:
    assert 50 <= orders["product_id"].nunique() <= 70
    assert orders["product_category"].nunique() == 8
    lines = orders["product_id"].value_counts()
    assert lines.min() < 0.05 * lines.max()
    assert (orders.groupby("product_id")["product_name"].nunique() == 1).all()


def test_reps_belong_to_one_unit(orders: pd.DataFrame, customers: pd.DataFrame) -> None:
    assert 12 <= customers["sales_rep"].nunique() <= 18
    assert (orders.groupby("sales_rep")["business_unit"].nunique() == 1).all()
    assert (customers.groupby("sales_rep")["business_unit"].nunique() == 1).all()


def test_acquisition_channels(customers: pd.DataFrame) -> None:
    channels = customers["acquisition_channel"].value_counts()
    assert len(channels) == 6
    assert channels.min() > 100


def test_customer_gaps(customers: pd.DataFrame) -> None:
    assert 0.2 < customers["email"].isna().mean() < 0.4
    assert 0.2 < customers["phone"].isna().mean() < 0.4
    assert 0.3 < customers["satisfaction"].notna().mean() < 0.5
    assert customers["satisfaction"].dropna().between(1, 10).all()
    newsletter = customers["newsletter"].dropna()
    assert set(newsletter) == {"yes", "no"}
    assert 0.6 < len(newsletter) / len(customers) < 0.8


def test_person_fields_only_for_individuals(customers: pd.DataFrame) -> None:
    company = customers["customer_type"] == "company"
    assert set(customers["customer_type"]) == {"company", "individual"}
    assert 0.7 < company.mean() < 0.95
    assert customers.loc[company, "birth_year"].isna().all()
    assert customers.loc[company, "gender"].isna().all()
    assert customers.loc[~company, "birth_year"].notna().mean() > 0.8
    assert customers.loc[~company, "employees"].isna().all()


def test_all_size_classes_present(customers: pd.DataFrame) -> None:
    employees = customers["employees"].dropna()
    assert (employees < 10).sum() > 100  # micro
    assert employees.between(10, 249).sum() > 100  # SME
    assert employees.between(250, 4999).sum() > 50  # mid-cap
    assert (employees >= 5000).sum() > 20  # large


def test_names_need_escaping(customers: pd.DataFrame) -> None:
    names = customers["name"]
    assert names.str.contains("&").any()
    assert names.str.contains("'").any()
    assert names.str.contains("<").any()
    assert names.str.contains("ü").any()
    assert names.str.contains(",").any()


def test_costs_monthly(demo: dict[str, pd.DataFrame]) -> None:
    costs = demo["costs"]
    assert (costs["period"].dt.day == 1).all()
    assert costs["period"].nunique() == 36
    assert set(costs["cost_type"]) == {"acquisition", "retention"}
    acquisition = costs[costs["cost_type"] == "acquisition"]
    assert acquisition["channel"].nunique() == 6
    assert (costs["amount"] > 0).all()

    revenue = demo["orders"]["amount"].sum()
    assert 0.01 < costs["amount"].sum() / revenue < 0.2


def test_notice_names_the_generator() -> None:
    assert "synthetic" in SYNTHETIC_NOTICE
    assert "portfolio.demo" in SYNTHETIC_NOTICE


def test_exports_are_readable_and_reused(
    tmp_path: Path, demo: dict[str, pd.DataFrame]
) -> None:
    folder = tmp_path / "exports"
    paths = write_demo_exports(folder)
    assert set(paths) == {"customers", "orders", "costs"}

    orders = pd.read_csv(paths["orders"], dtype={"order_date": str})
    orders = orders[~orders.duplicated() & orders["amount"].notna()]
    assert len(orders) == len(demo["orders"])
    assert list(orders.columns) == ORDERS.names
    stamp = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")
    assert orders["order_date"].str.match(stamp).all()
    assert orders["amount"].sum() == pytest.approx(demo["orders"]["amount"].sum())

    customers = pd.read_csv(paths["customers"], encoding="utf-8")
    assert customers["name"].tolist() == demo["customers"]["name"].tolist()
    contact = customers["first_contact_date"].astype(str)
    assert contact.str.match(r"^\d{4}-\d{2}-\d{2}$").all()
    costs = pd.read_csv(paths["costs"], dtype={"period": str})
    assert costs["period"].str.match(r"^\d{4}-\d{2}-01$").all()

    record = json.loads((folder / "demo.json").read_text(encoding="utf-8"))
    assert record["seed"] == 20240101
    assert record["rows"]["orders"] == len(demo["orders"]) + sum(DEMO_FAULTS.values())
    assert record["faults"] == DEMO_FAULTS

    modified = {name: path.stat().st_mtime_ns for name, path in paths.items()}
    assert write_demo_exports(folder) == paths
    assert {name: p.stat().st_mtime_ns for name, p in paths.items()} == modified


def test_exports_rewritten_when_stale(tmp_path: Path) -> None:
    paths = write_demo_exports(tmp_path)
    text = paths["costs"].read_text(encoding="utf-8")
    paths["costs"].write_text(text[: len(text) // 2], encoding="utf-8")
    write_demo_exports(tmp_path)
    assert paths["costs"].read_text(encoding="utf-8") == text

    write_demo_exports(tmp_path, seed=1)
    record = json.loads((tmp_path / "demo.json").read_text(encoding="utf-8"))
    assert record["seed"] == 1
    assert paths["costs"].read_text(encoding="utf-8") != text


@pytest.fixture(scope="module")
def orders_text(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    """Read the written orders.csv as text, as portfolio.sources reads CSV files."""
    paths = write_demo_exports(tmp_path_factory.mktemp("exports"))
    return pd.read_csv(paths["orders"], dtype=str, keep_default_na=False)


def test_demo_faults_counts() -> None:
    assert DEMO_FAULTS == {"duplicate": 12, "unparseable amount": 5}


def test_exported_orders_have_duplicates(orders_text: pd.DataFrame) -> None:
    assert orders_text.duplicated().sum() == 12


def test_exported_orders_have_bad_amounts(
    orders_text: pd.DataFrame, orders: pd.DataFrame
) -> None:
    amount = pd.to_numeric(orders_text["amount"], errors="coerce")
    unparseable = orders_text[amount.isna()]
    assert len(unparseable) == 5
    assert (unparseable["amount"] == "n/a").all()
    assert not unparseable["order_id"].isin(orders["order_id"]).any()
    assert not unparseable.duplicated().any()


def test_exported_orders_otherwise_unchanged(
    orders_text: pd.DataFrame, orders: pd.DataFrame
) -> None:
    assert len(orders_text) == len(orders) + 17

    clean = orders_text[~orders_text.duplicated() & (orders_text["amount"] != "n/a")]
    stamps = orders["order_date"].dt.strftime("%Y-%m-%d %H:%M:%S")
    written = orders.assign(order_date=stamps).to_csv(index=False)
    expected = pd.read_csv(io.StringIO(written), dtype=str, keep_default_na=False)
    pd.testing.assert_frame_equal(clean.reset_index(drop=True), expected)
