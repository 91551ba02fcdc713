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
from portfolio.config import load_params
from portfolio.demo import (
    DEMO_FAULTS,
    SYNTHETIC_NOTICE,
    UNITS,
    generate_demo,
    write_demo_exports,
)
from portfolio.model import (
    COSTS,
    CUSTOMERS,
    LEADS,
    OPPORTUNITIES,
    ORDERS,
    PRODUCTS,
    SALES_REPS,
    TABLES,
)
from portfolio.validate import load_sources

START, END = pd.Timestamp("2022-01-01"), pd.Timestamp("2024-12-31")
DEMO_TABLES = (
    "customers",
    "orders",
    "costs",
    "opportunities",
    "leads",
    "sales_reps",
    "products",
)
DEMO_PARAMS = Path(__file__).resolve().parents[1] / "params" / "demo.yaml"


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
    assert tuple(first) == DEMO_TABLES
    for name in DEMO_TABLES:
        pd.testing.assert_frame_equal(first[name], second[name])


def test_other_seed_gives_other_frames() -> None:
    first = generate_demo(seed=7, customers=300)
    other = generate_demo(seed=8, customers=300)
    assert not first["orders"].equals(other["orders"])
    assert not first["customers"].equals(other["customers"])
    assert not first["opportunities"].equals(other["opportunities"])
    assert not first["leads"].equals(other["leads"])


@pytest.mark.parametrize(
    ("seed", "empty"),
    [
        (19, ("opportunities", "leads")),
        (20, ("orders", "opportunities")),
        (27, ("orders", "opportunities", "leads")),
    ],
)
def test_one_customer_with_empty_tables(seed: int, empty: tuple[str, ...]) -> None:
    # The seeds were picked so that these tables come out empty.
    frames = generate_demo(seed=seed, customers=1)
    assert len(frames["customers"]) == 1
    for name in empty:
        assert frames[name].empty, name
        assert list(frames[name].columns) == TABLES[name].names, name


def test_invalid_arguments_raise() -> None:
    with pytest.raises(ValueError, match="customers must be at least 1, got 0"):
        generate_demo(customers=0)
    with pytest.raises(ValueError, match="end must be after start"):
        generate_demo(start=date(2024, 1, 1), end=date(2024, 1, 1))


def test_default_sizes(demo: dict[str, pd.DataFrame]) -> None:
    assert len(demo["customers"]) == 5000
    assert demo["customers"]["customer_id"].is_unique
    assert 120_000 <= len(demo["orders"]) <= 180_000
    # 36 months * (6 channels * 3 units * 5 size classes + 3 units * 2 segments)
    assert len(demo["costs"]) == 36 * (90 + 6)


def test_columns_are_canonical(demo: dict[str, pd.DataFrame]) -> None:
    assert list(demo["orders"].columns) == ORDERS.names
    assert list(demo["costs"].columns) == COSTS.names
    assert list(demo["opportunities"].columns) == OPPORTUNITIES.names
    assert list(demo["leads"].columns) == LEADS.names
    assert list(demo["sales_reps"].columns) == SALES_REPS.names
    assert list(demo["products"].columns) == PRODUCTS.names
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
    size_classes = {"individual", "micro", "SME", "mid-cap", "large"}
    assert set(acquisition["segment"]) == size_classes
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
    assert tuple(paths) == DEMO_TABLES

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

    deals = pd.read_csv(paths["opportunities"], dtype=str, keep_default_na=False)
    assert len(deals) == len(demo["opportunities"])
    assert deals["created_date"].str.match(r"^\d{4}-\d{2}-\d{2}$").all()
    still_open = deals["stage"] == "open"
    assert (deals.loc[still_open, "closed_date"] == "").all()
    closed = deals.loc[~still_open, "closed_date"]
    assert closed.str.match(r"^\d{4}-\d{2}-\d{2}$").all()
    leads = pd.read_csv(paths["leads"], dtype=str, keep_default_na=False)
    assert leads["first_contact_date"].str.match(r"^\d{4}-\d{2}-\d{2}$").all()

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
def export_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("exports")
    write_demo_exports(folder)
    return folder


@pytest.fixture(scope="module")
def orders_text(export_folder: Path) -> pd.DataFrame:
    """Read the written orders.csv as text, as portfolio.sources reads CSV files."""
    return pd.read_csv(export_folder / "orders.csv", dtype=str, keep_default_na=False)


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


def test_load_sources_rejects_only_faults(
    export_folder: Path, demo: dict[str, pd.DataFrame]
) -> None:
    params = load_params(DEMO_PARAMS)
    loaded = load_sources(params, params_file=DEMO_PARAMS, demo_dir=export_folder)
    rejected = loaded.rejected.groupby(["table", "reason"]).size().to_dict()
    assert rejected == {
        ("orders", "duplicate"): 12,
        ("orders", "unparseable amount"): 5,
    }
    assert set(loaded.tables) == set(DEMO_TABLES)
    for name in DEMO_TABLES:
        assert len(loaded.tables[name]) == len(demo[name]), name


@pytest.fixture(scope="module")
def deals(demo: dict[str, pd.DataFrame]) -> pd.DataFrame:
    return demo["opportunities"]


@pytest.fixture(scope="module")
def leads(demo: dict[str, pd.DataFrame]) -> pd.DataFrame:
    return demo["leads"]


@pytest.fixture(scope="module")
def closed_deals(deals: pd.DataFrame) -> pd.DataFrame:
    """Won and lost deals, with a ``won`` flag."""
    closed = deals[deals["stage"] != "open"]
    return closed.assign(won=closed["stage"] == "won")


@pytest.fixture(scope="module")
def employee_class(customers: pd.DataFrame) -> pd.Series:
    """Size class by head count alone, per customer id."""
    bounds = [0, 10, 250, 5000, np.inf]
    labels = ["micro", "SME", "mid-cap", "large"]
    employees = customers.set_index("customer_id")["employees"].astype(float)
    return pd.cut(employees, bounds, right=False, labels=labels)


def test_deal_and_lead_sizes(demo: dict[str, pd.DataFrame]) -> None:
    assert 7_000 <= len(demo["opportunities"]) <= 14_000
    assert 20_000 <= len(demo["leads"]) <= 40_000
    assert len(demo["sales_reps"]) == 15
    assert len(demo["products"]) == 60


def test_sales_reps_cover_every_rep(
    demo: dict[str, pd.DataFrame], customers: pd.DataFrame, orders: pd.DataFrame
) -> None:
    reps = demo["sales_reps"]
    assert reps["sales_rep"].is_unique
    assert set(reps["sales_rep"]) == set(customers["sales_rep"])
    assert set(orders["sales_rep"].dropna()) <= set(reps["sales_rep"])
    assert reps["manager"].nunique() in (2, 3)


def test_sales_rep_unit_matches_customers(
    demo: dict[str, pd.DataFrame], customers: pd.DataFrame
) -> None:
    unit = demo["sales_reps"].set_index("sales_rep")["business_unit"]
    assert (customers["sales_rep"].map(unit) == customers["business_unit"]).all()


def test_products_match_orders(
    demo: dict[str, pd.DataFrame], orders: pd.DataFrame
) -> None:
    products = demo["products"].set_index("product_id")
    assert products.index.is_unique
    assert set(orders["product_id"]) <= set(products.index)
    names = orders["product_id"].map(products["product_name"])
    assert (names == orders["product_name"]).all()
    categories = orders["product_id"].map(products["product_category"])
    assert (categories == orders["product_category"]).all()
    assert (products["list_price"] > 0).all()


def test_deal_references_exist(
    deals: pd.DataFrame, demo: dict[str, pd.DataFrame]
) -> None:
    products = demo["products"].set_index("product_id")
    assert deals["opportunity_id"].is_unique
    assert set(deals["sales_rep"]) <= set(demo["sales_reps"]["sales_rep"])
    assert set(deals["product_id"]) <= set(products.index)
    names = deals["product_id"].map(products["product_name"])
    assert (names == deals["product_name"]).all()
    assert set(deals["channel"]) == set(demo["customers"]["acquisition_channel"])
    assert set(deals["business_unit"]) == set(UNITS)


def test_all_stages_present(deals: pd.DataFrame) -> None:
    stages = deals["stage"].value_counts()
    assert set(stages.index) == {"won", "lost", "open"}
    assert stages["won"] > 1000
    assert stages["lost"] > 1000
    assert stages["open"] > 300


def test_deals_close_after_creation(deals: pd.DataFrame) -> None:
    still_open = deals["stage"] == "open"
    assert deals.loc[still_open, "closed_date"].isna().all()
    assert deals.loc[~still_open, "closed_date"].notna().all()
    cycle = (deals["closed_date"] - deals["created_date"]).dt.days.dropna()
    assert (cycle >= 10).all()
    assert (cycle <= 200).all()


def test_deal_dates_within_history(deals: pd.DataFrame) -> None:
    assert deals["created_date"].min() >= START
    assert deals["created_date"].max() <= END
    assert deals["closed_date"].max() <= END


def test_open_deals_are_recent(deals: pd.DataFrame) -> None:
    # A deal is open when its cycle, at most 200 days, would end after END.
    created = deals.loc[deals["stage"] == "open", "created_date"]
    assert created.min() >= END - pd.Timedelta(days=200)


def test_open_deals_sometimes_lack_value(deals: pd.DataFrame) -> None:
    still_open = deals["stage"] == "open"
    assert deals.loc[~still_open, "value"].notna().all()
    assert 0.1 < deals.loc[still_open, "value"].isna().mean() < 0.4
    assert (deals["value"].dropna() > 0).all()


def test_win_rates_differ_between_reps(closed_deals: pd.DataFrame) -> None:
    per_rep = closed_deals.groupby("sales_rep")["won"].agg(["mean", "size"])
    rates = per_rep.loc[per_rep["size"] >= 20, "mean"]
    assert len(rates) >= 12
    assert rates.max() - rates.min() >= 0.2


def test_reps_have_a_strong_sector(
    closed_deals: pd.DataFrame, customers: pd.DataFrame
) -> None:
    sector = closed_deals["customer_id"].map(customers.set_index("customer_id").sector)
    closed = closed_deals.assign(sector=sector).dropna(subset=["sector"])
    team = closed.groupby("sector")["won"].mean()
    per_rep = closed.groupby(["sales_rep", "sector"])["won"].agg(["mean", "size"])
    per_rep = per_rep[per_rep["size"] >= 20].reset_index()
    lift = per_rep["mean"] - per_rep["sector"].map(team)
    best = lift.groupby(per_rep["sales_rep"]).max()
    assert (best >= 0.1).sum() >= 8


def test_larger_companies_win_less(
    closed_deals: pd.DataFrame, employee_class: pd.Series
) -> None:
    size = closed_deals["customer_id"].map(employee_class)
    rates = closed_deals.groupby(size, observed=True)["won"].mean()
    assert rates["micro"] - rates["large"] >= 0.1


def test_larger_companies_bring_larger_deals(
    deals: pd.DataFrame, employee_class: pd.Series
) -> None:
    size = deals["customer_id"].map(employee_class)
    median = deals.groupby(size, observed=True)["value"].median()
    assert median["micro"] < median["SME"]
    assert median["SME"] < median["mid-cap"]
    assert median["mid-cap"] < median["large"]


def test_larger_companies_have_longer_cycles(
    closed_deals: pd.DataFrame, employee_class: pd.Series
) -> None:
    size = closed_deals["customer_id"].map(employee_class)
    cycle = (closed_deals["closed_date"] - closed_deals["created_date"]).dt.days
    median = cycle.groupby(size, observed=True).median()
    assert median["micro"] < median["SME"]
    assert median["SME"] < median["mid-cap"]
    assert median["mid-cap"] < median["large"]


def test_won_deals_close_on_order_days(
    deals: pd.DataFrame, orders: pd.DataFrame
) -> None:
    bought = orders[orders["customer_id"].notna() & (orders["quantity"] > 0)]
    order_days = pd.MultiIndex.from_arrays(
        [bought["customer_id"], bought["order_date"].dt.normalize()]
    )
    won = deals[deals["stage"] == "won"]
    closing = pd.MultiIndex.from_frame(won[["customer_id", "closed_date"]])
    assert closing.isin(order_days).all()


def test_most_companies_have_deals(
    deals: pd.DataFrame, customers: pd.DataFrame
) -> None:
    companies = customers.loc[customers["customer_type"] == "company", "customer_id"]
    share = companies.isin(deals["customer_id"]).mean()
    assert 0.5 < share < 0.85
    per_customer = deals.loc[deals["customer_id"].isin(companies), "customer_id"]
    assert per_customer.value_counts().mean() > 2


def test_individuals_have_no_deals(
    deals: pd.DataFrame, customers: pd.DataFrame
) -> None:
    individuals = customers.loc[customers["customer_type"] == "individual"]
    assert not deals["customer_id"].isin(individuals["customer_id"]).any()


def test_deals_mostly_with_account_owner(
    deals: pd.DataFrame, customers: pd.DataFrame
) -> None:
    owner = deals["customer_id"].map(customers.set_index("customer_id")["sales_rep"])
    known = owner.notna()
    share = (deals.loc[known, "sales_rep"] == owner[known]).mean()
    assert 0.8 < share < 0.95


def test_prospect_deals_never_won(deals: pd.DataFrame, customers: pd.DataFrame) -> None:
    prospect = ~deals["customer_id"].isin(customers["customer_id"])
    assert prospect.sum() > 500
    assert (deals.loc[prospect, "stage"] != "won").all()
    ids = deals.loc[prospect, "customer_id"]
    assert ids.isna().sum() > 50
    assert ids.dropna().str.match(r"^PR\d{5}$").all()


def test_lead_customers_exist(leads: pd.DataFrame, customers: pd.DataFrame) -> None:
    assert leads["lead_id"].is_unique
    linked = leads["customer_id"].dropna()
    assert linked.is_unique
    assert linked.isin(customers["customer_id"]).all()


def test_lead_channel_is_customer_channel(
    leads: pd.DataFrame, customers: pd.DataFrame
) -> None:
    records = customers.set_index("customer_id")
    linked = leads.dropna(subset=["customer_id"])
    channel = linked["customer_id"].map(records["acquisition_channel"])
    assert (channel == linked["channel"]).all()
    unit = linked["customer_id"].map(records["business_unit"])
    assert (unit == linked["business_unit"]).all()
    contact = linked["customer_id"].map(records["first_contact_date"])
    assert (contact == linked["first_contact_date"]).all()


def test_lead_dates_within_history(leads: pd.DataFrame) -> None:
    assert leads["first_contact_date"].min() >= START
    assert leads["first_contact_date"].max() <= END


def test_lead_conversion_differs_by_channel(leads: pd.DataFrame) -> None:
    conversion = leads["customer_id"].notna().groupby(leads["channel"]).mean()
    assert len(conversion) == 6
    assert conversion.idxmax() == "Referral"
    assert conversion.idxmin() == "Paid Search"
    assert conversion["Referral"] - conversion["Paid Search"] > 0.2


def test_lead_opportunities_exist(leads: pd.DataFrame, deals: pd.DataFrame) -> None:
    linked = leads.dropna(subset=["opportunity_id"])
    assert len(linked) > 1000
    assert linked["opportunity_id"].is_unique
    assert linked["opportunity_id"].isin(deals["opportunity_id"]).all()


def test_leads_precede_their_deals(leads: pd.DataFrame, deals: pd.DataFrame) -> None:
    linked = leads.dropna(subset=["opportunity_id"])
    created = linked["opportunity_id"].map(
        deals.set_index("opportunity_id").created_date
    )
    assert (created >= linked["first_contact_date"]).all()


def test_lead_deal_has_lead_customer(leads: pd.DataFrame, deals: pd.DataFrame) -> None:
    linked = leads.dropna(subset=["opportunity_id", "customer_id"])
    account = linked["opportunity_id"].map(
        deals.set_index("opportunity_id").customer_id
    )
    assert (account == linked["customer_id"]).all()
