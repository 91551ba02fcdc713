"""Company size classes and the figures of each class, computed by hand."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from portfolio.analysis import (
    customer_table,
    revenue_total,
    size_cac,
    size_classes,
    size_data_gaps,
    size_deals,
    size_frequency_mix,
    size_summary,
    with_size_class,
)
from portfolio.engine import as_table
from portfolio.model import FREQUENCY_CLASSES, SIZE_CLASSES, UNATTRIBUTED
from portfolio.plots import plot_size_shares
from tests.conftest import lines


def classify(rows: list[tuple], bounds=None) -> dict[str, str]:
    records = pd.DataFrame(
        rows, columns=["customer_id", "employees", "company_revenue", "customer_type"]
    )
    result = size_classes(records, bounds=bounds).execute()
    return dict(zip(result["customer_id"], result["size_class"], strict=True))


@pytest.mark.parametrize(
    ("employees", "revenue", "expected"),
    [
        (9, 2e6, "micro"),  # under 10 people and at most 2 M
        (10, 1e6, "SME"),  # 10 people is not under 10
        (9, 2_000_000.01, "SME"),  # above 2 M by one cent
        (249, 50e6, "SME"),
        (250, 50e6, "mid-cap"),
        (4999, 1.5e9, "mid-cap"),
        (5000, 1e6, "large"),
        (10, 1.6e9, "large"),
        (None, 2e6, "micro"),  # only revenue known
        (300, None, "mid-cap"),  # only head count known
        (None, None, "unknown"),
    ],
)
def test_size_class_bounds(employees, revenue, expected):
    assert classify([("C", employees, revenue, "company")])["C"] == expected


def test_individual_wins_over_measures():
    assert classify([("P", 1, 1e3, "Individual")])["P"] == "individual"


def test_bounds_are_parameters():
    # With a micro bound of 5 people, a company of 7 is an SME.
    bounds = {"micro": {"employees": 5, "revenue": 2e6}}
    assert classify([("C", 7, 1e6, "company")], bounds)["C"] == "SME"


def test_customers_without_record_are_unknown():
    customers = as_table(pd.DataFrame({"customer_id": ["A", "B"]}))
    records = pd.DataFrame(
        {
            "customer_id": ["A"],
            "employees": [3],
            "company_revenue": [1e5],
            "customer_type": ["company"],
        }
    )
    result = with_size_class(customers, records).execute().set_index("customer_id")
    assert result.loc["A", "size_class"] == "micro"
    assert result.loc["B", "size_class"] == "unknown"
    no_records = with_size_class(customers, None).execute()
    assert set(no_records["size_class"]) == {"unknown"}


AS_OF = dt.date(2024, 12, 31)


@pytest.fixture
def orders() -> pd.DataFrame:
    return lines(
        [
            ("M1", "1", "2024-03-01 12:00", 100.0),
            ("M1", "2", "2024-06-01 12:00", 50.0),
            ("M2", "3", "2023-06-01 12:00", 200.0),
            ("E1", "4", "2024-08-01 12:00", -20.0),
            ("S1", "5", "2024-02-10 09:00", 1000.0),
            ("S1", "6", "2024-02-10 15:00", 500.0),
            ("S1", "7", "2024-11-10 12:00", -300.0),
            ("S2", "8", "2022-12-01 12:00", 600.0),
            ("P1", "9", "2024-12-01 12:00", 40.0),
            ("P1", "10", "2024-12-15 12:00", 60.0),
            ("U1", "11", "2024-07-01 12:00", 80.0),
            (None, "12", "2024-05-05 12:00", 70.0),
        ]
    )


@pytest.fixture
def records() -> pd.DataFrame:
    # U1 bought but has no record, so its size is unknown.
    return pd.DataFrame(
        [
            ("M1", 5, 1e6, "company"),
            ("M2", 8, None, "company"),
            ("E1", 3, None, "company"),
            ("S1", 50, 10e6, "company"),
            ("S2", None, 30e6, "company"),
            ("P1", None, None, "individual"),
        ],
        columns=["customer_id", "employees", "company_revenue", "customer_type"],
    )


@pytest.fixture
def sized(orders, records):
    return with_size_class(customer_table(orders, as_of=AS_OF), records)


@pytest.fixture
def summary(sized, orders) -> pd.DataFrame:
    return size_summary(sized, orders, as_of=AS_OF).set_index("size_class")


def test_summary_micro_class(summary):
    micro = summary.loc["micro"]
    # M1 and M2 are in the base; E1 only returned goods, so it adds its -20.00 to
    # revenue but no customer: 150 + 200 - 20 = 330.00.
    assert micro["customers"] == 2
    assert micro["revenue"] == pytest.approx(330.00)
    # Orders: M1 2, M2 1, and E1's negative order does not count: 3.
    assert micro["orders"] == 3
    # 330 / 3 = 110.00 per order, 330 / 2 = 165.00 per customer.
    assert micro["average_order_value"] == pytest.approx(110.00)
    assert micro["revenue_per_customer"] == pytest.approx(165.00)
    # M2 last bought on 2023-06-01, 579 days before as_of: cold, 1 of 2.
    assert micro["cold_customers"] == 1
    assert micro["cold_share"] == pytest.approx(0.5)


def test_summary_sme_class(summary):
    sme = summary.loc["SME"]
    # S1: 1000 + 500 - 300 = 1200, S2: 600; 1800.00 in all.
    assert sme["revenue"] == pytest.approx(1800.00)
    # S1 has two orders on one day and a credit note that does not count; S2 one.
    assert sme["orders"] == 3
    assert sme["average_order_value"] == pytest.approx(600.00)
    assert sme["revenue_per_customer"] == pytest.approx(900.00)
    # 1800 / 2380 of all revenue.
    assert sme["revenue_share"] == pytest.approx(0.7563)
    # 2 of the 6 customers of the base.
    assert sme["customer_share"] == pytest.approx(0.3333)


def test_summary_individual_and_unknown(summary):
    assert summary.loc["individual", "customers"] == 1
    assert summary.loc["individual", "average_order_value"] == pytest.approx(50.00)
    assert summary.loc["unknown", "customers"] == 1
    assert summary.loc["unknown", "revenue"] == pytest.approx(80.00)


def test_summary_empty_classes_have_no_ratios(summary):
    assert summary.loc["large", "customers"] == 0
    assert summary.loc["large", "revenue"] == 0.0
    assert pd.isna(summary.loc["large", "revenue_per_customer"])
    assert pd.isna(summary.loc["large", "average_order_value"])
    assert pd.isna(summary.loc["large", "cold_share"])


def test_summary_revenue_adds_up(summary, orders):
    assert summary.index.tolist() == [*SIZE_CLASSES, UNATTRIBUTED]
    assert summary.loc[UNATTRIBUTED, "revenue"] == pytest.approx(70.00)
    assert summary.loc[UNATTRIBUTED, "customers"] == 0
    # 330 + 1800 + 100 + 80 + 70 = 2380.00, the revenue of every line.
    assert summary["revenue"].sum() == pytest.approx(2380.00)
    assert summary["revenue"].sum() == pytest.approx(revenue_total(orders, as_of=AS_OF))
    assert summary["revenue_share"].sum() == pytest.approx(1.0, abs=1e-3)


def test_summary_without_records_is_all_unknown(orders):
    customers = with_size_class(customer_table(orders, as_of=AS_OF), None)
    summary = size_summary(customers, orders, as_of=AS_OF).set_index("size_class")
    assert summary.loc["unknown", "customers"] == 6
    # Every attributed line: 2380 - 70 unattributed = 2310.00.
    assert summary.loc["unknown", "revenue"] == pytest.approx(2310.00)
    assert summary["revenue"].sum() == pytest.approx(2380.00)


def test_frequency_mix_by_size(sized):
    mix = size_frequency_mix(sized).set_index("size_class")
    assert mix.index.tolist() == list(SIZE_CLASSES)
    assert mix.columns.tolist() == list(FREQUENCY_CLASSES)
    # M1 bought 92 days apart (quarterly), M2 once; E1 is outside the base.
    assert mix.loc["micro"].to_dict() == {
        "monthly": 0,
        "quarterly": 1,
        "half-yearly": 0,
        "yearly": 0,
        "occasional": 0,
        "one-time": 1,
    }
    # S1's only purchase day is 2024-02-10 (the credit note day is not one).
    assert mix.loc["SME", "one-time"] == 2
    # P1 bought 14 days apart.
    assert mix.loc["individual", "monthly"] == 1


@pytest.fixture
def deals() -> pd.DataFrame:
    rows = [
        ("D1", "M1", "won", "2024-01-01", "2024-01-31"),
        ("D2", "M2", "lost", "2024-02-01", "2024-03-01"),
        ("D3", "M1", "open", "2024-05-01", None),
        ("D4", "S1", "won", "2024-01-01", "2024-03-01"),
        ("D5", "S2", "won", "2024-04-01", "2024-04-21"),
        ("D6", "S1", "lost", "2024-06-01", "2024-07-01"),
        ("D7", None, "won", "2024-03-01", "2024-03-11"),
        # Won after as_of, so still open on 31 December 2024.
        ("D8", "S2", "won", "2024-12-01", "2025-01-15"),
        # Created after as_of: left out.
        ("D9", "S1", "open", "2025-01-05", None),
        ("D10", "X9", "lost", "2024-02-01", "2024-02-05"),
        # Closed before it was created: counts as won, but in no cycle.
        ("D11", "S2", "won", "2024-05-01", "2024-04-01"),
    ]
    columns = ["opportunity_id", "customer_id", "stage", "created_date", "closed_date"]
    frame = pd.DataFrame(rows, columns=columns)
    for name in ("created_date", "closed_date"):
        frame[name] = pd.to_datetime(frame[name])
    return frame


def test_deals_by_size(deals, records):
    result = size_deals(deals, records, as_of=AS_OF).set_index("size_class")
    # micro: D1 won, D2 lost, D3 open: 1 / (1 + 1) = 0.5; cycle 30 days.
    assert result.loc["micro", "won_deals"] == 1
    assert result.loc["micro", "lost_deals"] == 1
    assert result.loc["micro", "open_deals"] == 1
    assert result.loc["micro", "win_rate"] == pytest.approx(0.5)
    assert result.loc["micro", "median_sales_cycle_days"] == pytest.approx(30)
    # SME: D4, D5 and D11 won, D6 lost, D8 open: 3 / (3 + 1) = 0.75.
    assert result.loc["SME", "won_deals"] == 3
    assert result.loc["SME", "open_deals"] == 1
    assert result.loc["SME", "win_rate"] == pytest.approx(0.75)
    # Cycles of D4 (31 + 29 = 60 days in leap 2024) and D5 (20): median 40.
    assert result.loc["SME", "median_sales_cycle_days"] == pytest.approx(40)


def test_deals_without_customer_are_unknown(deals, records):
    result = size_deals(deals, records, as_of=AS_OF).set_index("size_class")
    # D7 has no customer and D10's customer has no record: 1 won, 1 lost.
    assert result.loc["unknown", "won_deals"] == 1
    assert result.loc["unknown", "lost_deals"] == 1
    assert result.loc["unknown", "win_rate"] == pytest.approx(0.5)
    assert result.loc["unknown", "median_sales_cycle_days"] == pytest.approx(10)
    assert result.loc["individual", "won_deals"] == 0
    assert pd.isna(result.loc["individual", "win_rate"])
    assert pd.isna(result.loc["individual", "median_sales_cycle_days"])


@pytest.fixture
def costs() -> pd.DataFrame:
    rows = [
        ("2024-01-01", "acquisition", "micro", 300.0),
        ("2024-03-01", "acquisition", " Micro ", 200.0),
        ("2024-02-01", "acquisition", "SME", 900.0),
        ("2024-02-01", "retention", "SME", 1000.0),
        ("2024-02-01", "acquisition", "key accounts", 5000.0),
        ("2025-01-01", "acquisition", "SME", 777.0),
        ("2024-05-01", "acquisition", "large", 400.0),
    ]
    frame = pd.DataFrame(rows, columns=["period", "cost_type", "segment", "amount"])
    frame["period"] = pd.to_datetime(frame["period"])
    return frame


def test_cac_by_size(costs, sized):
    result = size_cac(costs, sized, as_of=AS_OF).set_index("size_class")
    # micro: 300 + 200 over January to March 2024; of M1 (first purchase
    # 2024-03-01) and M2 (2023-06-01) only M1 is new: 500.00 per customer.
    assert result.loc["micro", "acquisition_costs"] == pytest.approx(500.00)
    assert result.loc["micro", "new_customers"] == 1
    assert result.loc["micro", "cac"] == pytest.approx(500.00)
    # SME: 900 in February 2024 (retention and the 2025 cost left out); S1 first
    # bought on 2024-02-10, S2 in 2022: 900.00.
    assert result.loc["SME", "acquisition_costs"] == pytest.approx(900.00)
    assert result.loc["SME", "new_customers"] == 1
    assert result.loc["SME", "cac"] == pytest.approx(900.00)
    assert result.loc["SME", "last_month"] == pd.Timestamp("2024-02-01")


def test_cac_without_new_customers_or_costs(costs, sized):
    result = size_cac(costs, sized, as_of=AS_OF).set_index("size_class")
    # 400.00 spent on large companies, which won none.
    assert result.loc["large", "acquisition_costs"] == pytest.approx(400.00)
    assert result.loc["large", "new_customers"] == 0
    assert pd.isna(result.loc["large", "cac"])
    assert pd.isna(result.loc["individual", "acquisition_costs"])
    assert pd.isna(result.loc["individual", "cac"])


def test_gaps_when_everything_is_there(records, deals, costs):
    gaps = size_data_gaps(records=records, opportunities=deals, costs=costs)
    assert gaps == {
        "classes": None,
        "win_rates": None,
        "sales_cycle": None,
        "cac": None,
    }


def test_gaps_without_optional_tables():
    gaps = size_data_gaps(records=None, opportunities=None, costs=None)
    assert gaps["classes"] == "customers"
    assert gaps["win_rates"] == "opportunities"
    assert gaps["sales_cycle"] == "opportunities"
    assert gaps["cac"] == "costs"


def test_gaps_with_unmapped_columns(records, deals, costs):
    blank = records.assign(
        employees=pd.Series([None] * 6, dtype="Int64"),
        company_revenue=float("nan"),
        customer_type="company",
    )
    no_customer = deals.assign(customer_id=pd.Series([None] * 11, dtype="string"))
    key_accounts = costs[costs["segment"] == "key accounts"]
    gaps = size_data_gaps(records=blank, opportunities=no_customer, costs=key_accounts)
    assert gaps["classes"] == "measures"
    assert gaps["win_rates"] == "deal_customers"
    assert gaps["cac"] == "cost_segments"


def test_gaps_without_deal_dates_or_deals(records, deals):
    undated = deals.assign(closed_date=pd.Series([pd.NaT] * 11, dtype="datetime64[ns]"))
    gaps = size_data_gaps(records=records, opportunities=undated, costs=None)
    assert gaps["win_rates"] is None
    assert gaps["sales_cycle"] == "deal_dates"
    empty = size_data_gaps(records=records, opportunities=deals.head(0), costs=None)
    assert empty["win_rates"] == "opportunities"


def test_summary_needs_size_class(orders):
    customers = customer_table(orders, as_of=AS_OF)
    with pytest.raises(
        ValueError, match="no size_class column; pass .* with_size_class"
    ):
        size_summary(customers, orders, as_of=AS_OF)


def test_deals_follow_size_bounds(deals, records):
    # With micro companies under 4 people, M1 (5 people) and M2 (8) are SMEs.
    bounds = {"micro": {"employees": 4, "revenue": 2e6}}
    result = size_deals(deals, records, as_of=AS_OF, bounds=bounds)
    by_class = result.set_index("size_class")
    assert by_class.loc["micro", "won_deals"] + by_class.loc["micro", "lost_deals"] == 0
    # SME: D1 and D2 join D4, D5, D11 (won) and D6 (lost): 4 won, 2 lost.
    assert by_class.loc["SME", "won_deals"] == 4
    assert by_class.loc["SME", "lost_deals"] == 2


def test_plot_size_shares_bars(summary):
    classes = summary.loc[list(SIZE_CLASSES)].reset_index()
    ax = plot_size_shares(classes)
    heights = sorted(
        round(bar.get_height(), 4) for bar in ax.patches if bar.get_height()
    )
    # Customer shares 2, 2, 1, 1 of 6 and revenue shares 330, 1800, 100, 80 of 2380.
    assert heights == [0.0336, 0.042, 0.1387, 0.1667, 0.1667, 0.3333, 0.3333, 0.7563]
    labels = [tick.get_text() for tick in ax.get_xticklabels()]
    assert labels == list(SIZE_CLASSES)
    assert ax.get_xlabel() == "Size class"
