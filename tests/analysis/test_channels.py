"""Acquisition channels: the channel of each customer, its figures and cohorts."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from portfolio.analysis import customer_table
from portfolio.analysis.channels import (
    acquisition_channels,
    channel_sources,
    channel_summary,
    lead_conversion,
    new_customers_by_month,
    ranked_channels,
    recent_new_customers,
    revenue_by_line_channel,
)
from portfolio.analysis.cohorts import cohort_curve, cohort_matrix
from tests.conftest import lines

AS_OF = dt.date(2024, 12, 31)


def test_channel_precedence():
    orders = lines(
        [
            ("A", "1", "2024-01-01", 10.0, None),
            ("B", "2", "2024-01-02", 10.0, "Web"),
            ("B", "3", "2024-01-01", 10.0, "Shop"),
            ("C", "4", "2024-01-05", 10.0, "Web"),
            ("D", "5", "2024-01-01", 10.0, None),
        ],
        columns="customer_id order_id order_date amount channel",
    )
    records = pd.DataFrame(
        {"customer_id": ["A", "B"], "acquisition_channel": ["Trade Fair", None]}
    )
    leads = pd.DataFrame(
        {
            "lead_id": ["L1", "L2"],
            "first_contact_date": pd.to_datetime(["2023-05-01", "2022-03-01"]),
            "channel": ["Ads", "Mailing"],
            "customer_id": ["C", "C"],
        }
    )
    result = acquisition_channels(orders, as_of=AS_OF, records=records, leads=leads)
    found = result.execute().set_index("customer_id")
    # A: its record; B: no record channel, no lead, so its first order (Shop, 1 Jan);
    # C: its earliest lead (Mailing, 2022) beats its order channel; D: nothing.
    assert found.loc["A", "acquisition_channel"] == "Trade Fair"
    assert found.loc["A", "channel_source"] == "customer"
    assert found.loc["B", "acquisition_channel"] == "Shop"
    assert found.loc["B", "channel_source"] == "first order"
    assert found.loc["C", "acquisition_channel"] == "Mailing"
    assert found.loc["C", "channel_source"] == "lead"
    assert found.loc["D", "acquisition_channel"] == "(unknown)"
    assert found.loc["D", "channel_source"] == "unknown"


def test_missing_keys_case_channels(cases_dir):
    # Order 2 (C2) has no channel and order 3 no customer: by channel of the
    # customer, C1 is Paid Search and C2 unknown.
    frame = pd.read_csv(cases_dir / "C17_orders_missing_keys.csv", dtype=str)
    frame["order_date"] = pd.Timestamp("2024-06-01")
    frame["amount"] = frame["amount"].astype(float)
    frame = frame.replace({float("nan"): None})
    result = acquisition_channels(frame, as_of=AS_OF).execute()
    found = result.set_index("customer_id")["acquisition_channel"].to_dict()
    assert found == {"C1": "Paid Search", "C2": "(unknown)"}


def fixture_orders() -> pd.DataFrame:
    return lines(
        [
            ("A", "1", "2023-01-10", 100.0, "Web"),
            ("A", "2", "2023-03-01", 50.0, "Web"),
            ("A", "3", "2024-02-01", 30.0, "Web"),
            ("B", "4", "2023-02-01", 40.0, "Web"),
            ("C", "5", "2024-06-01", 80.0, "Shop"),
            ("C", "6", "2024-06-20", -20.0, "Shop"),
            (None, "7", "2024-06-05", 25.0, "Shop"),
        ],
        columns="customer_id order_id order_date amount channel",
    )


def summary_of(frame: pd.DataFrame) -> pd.DataFrame:
    customers = customer_table(frame, as_of=AS_OF)
    channels = acquisition_channels(frame, as_of=AS_OF)
    summary = channel_summary(customers, channels, frame, as_of=AS_OF)
    return summary.set_index("acquisition_channel")


def test_channel_summary_counts_and_revenue():
    # Web: A (180.00 over 3 days) and B (40.00 on 1 day): 2 customers, 220.00.
    # Shop: C buys 80.00 and returns 20.00 on another day: 1 customer, 60.00.
    # The line without a customer (25.00) is its own row: 220 + 60 + 25 = 305.
    summary = summary_of(fixture_orders())
    assert summary.loc["Web", "customers"] == 2
    assert summary.loc["Web", "revenue"] == pytest.approx(220.00)
    assert summary.loc["Web", "revenue_per_customer"] == pytest.approx(110.00)
    assert summary.loc["Shop", "revenue"] == pytest.approx(60.00)
    assert summary.loc["unattributed", "revenue"] == pytest.approx(25.00)
    assert summary.loc["unattributed", "customers"] == 0
    assert summary["revenue"].sum() == pytest.approx(305.00)
    assert list(summary.index) == ["Web", "Shop", "unattributed"]


def test_channel_summary_repeat_and_retention():
    # Web: A has 3 purchase days, B 1, so the repeat rate is 1 / 2. Both first
    # bought in 2023, over 365 days before 31 Dec 2024; A came back 50 days after
    # (10 Jan to 1 Mar 2023), within a year, so 1 of 2 is retained. C (Shop) first
    # bought in June 2024 and has one purchase day: the return day is no purchase.
    summary = summary_of(fixture_orders())
    assert summary.loc["Web", "repeat_rate"] == pytest.approx(0.5)
    assert summary.loc["Web", "customers_year_ago"] == 2
    assert summary.loc["Web", "retained_within_year"] == pytest.approx(0.5)
    assert summary.loc["Web", "median_days_to_second"] == 50
    assert summary.loc["Shop", "repeat_rate"] == 0
    assert summary.loc["Shop", "customers_year_ago"] == 0
    assert pd.isna(summary.loc["Shop", "retained_within_year"])


def test_retention_needs_second_day_within_year():
    # D bought on 1 Jan 2023 and again on 2 Jan 2024, 366 days later: a repeat
    # buyer, but not retained within a year.
    frame = lines(
        [
            ("D", "1", "2023-01-01", 10.0, "Web"),
            ("D", "2", "2024-01-02", 10.0, "Web"),
        ],
        columns="customer_id order_id order_date amount channel",
    )
    summary = summary_of(frame)
    assert summary.loc["Web", "repeat_rate"] == pytest.approx(1.0)
    assert summary.loc["Web", "retained_within_year"] == 0
    assert summary.loc["Web", "median_days_to_second"] == 366


def c17_orders(cases_dir) -> pd.DataFrame:
    frame = pd.read_csv(cases_dir / "C17_orders_missing_keys.csv", dtype=str)
    frame["order_date"] = pd.Timestamp("2024-06-01")
    frame["amount"] = frame["amount"].astype(float)
    return frame.replace({float("nan"): None})


def test_missing_keys_case_by_customer_channel(cases_dir):
    # By the channel that acquired the customer: C1 (orders 1 and 4) is Paid
    # Search, 120.00; C2 has no channel, 50.00; order 3 has no customer, 30.00.
    summary = summary_of(c17_orders(cases_dir))
    assert summary.loc["Paid Search", "revenue"] == pytest.approx(120.00)
    assert summary.loc["(unknown)", "revenue"] == pytest.approx(50.00)
    assert summary.loc["unattributed", "revenue"] == pytest.approx(30.00)
    assert summary["revenue"].sum() == pytest.approx(200.00)


def test_missing_keys_case_by_line_channel(cases_dir):
    # By the channel written on each line: Paid Search 100 + 20, Referral 30 (the
    # line without a customer keeps its channel), order 2 has none: 50.00.
    result = revenue_by_line_channel(c17_orders(cases_dir), as_of=AS_OF)
    found = result.set_index("channel")["revenue"].to_dict()
    assert found == {"Paid Search": 120.00, "(unknown)": 50.00, "Referral": 30.00}
    assert result["revenue"].sum() == pytest.approx(200.00)
    assert result["revenue_share"].iloc[0] == pytest.approx(0.6)


def test_line_channel_leaves_out_later_lines():
    frame = lines(
        [
            ("A", "1", "2024-12-31 23:00", 10.0, "Web"),
            ("A", "2", "2025-01-01 00:00", 5.0, "Web"),
        ],
        columns="customer_id order_id order_date amount channel",
    )
    result = revenue_by_line_channel(frame, as_of=AS_OF)
    assert result["revenue"].tolist() == [10.00]


def test_lead_conversion_by_channel():
    # Ads: L1 became customer A, L2 became won deal O1, L3 lost deal O2, L4 nothing:
    # 2 of 4. Blank channel: L5 nothing, 0 of 1. L6 is contacted after as_of.
    # Total: 2 of 5.
    leads = pd.DataFrame(
        {
            "lead_id": ["L1", "L2", "L3", "L4", "L5", "L6"],
            "first_contact_date": pd.to_datetime(
                [
                    "2024-01-01",
                    "2024-02-01",
                    "2024-03-01",
                    "2024-04-01",
                    "2024-05-01",
                    "2025-01-05",
                ]
            ),
            "channel": ["Ads", "Ads", "Ads", "Ads", None, "Ads"],
            "customer_id": ["A", None, None, None, None, "Z"],
            "opportunity_id": [None, "O1", "O2", None, None, None],
        }
    )

    deals = pd.DataFrame(
        {
            "opportunity_id": ["O1", "O2"],
            "stage": ["won", "lost"],
            "closed_date": pd.to_datetime(["2024-03-01", "2024-04-01"]),
        }
    )
    result = lead_conversion(leads, as_of=AS_OF, opportunities=deals)

    found = result.set_index("channel")
    assert found.loc["Ads", "leads"] == 4
    assert found.loc["Ads", "converted"] == 2
    assert found.loc["Ads", "conversion_rate"] == pytest.approx(0.5)
    assert found.loc["(unknown)", "converted"] == 0
    assert found.loc["total", "leads"] == 5
    assert found.loc["total", "conversion_rate"] == pytest.approx(0.4)


def test_lead_conversion_without_deals():
    # Without the opportunities table only the lead that names a customer counts.
    leads = pd.DataFrame(
        {
            "lead_id": ["L1", "L2"],
            "first_contact_date": pd.to_datetime(["2024-01-01", "2024-02-01"]),
            "channel": ["Ads", "Ads"],
            "customer_id": ["A", None],
            "opportunity_id": [None, "O1"],
        }
    )
    result = lead_conversion(leads, as_of=AS_OF).set_index("channel")
    assert result.loc["Ads", "converted"] == 1


def test_deal_won_after_as_of_does_not_convert():
    leads = pd.DataFrame(
        {
            "lead_id": ["L1"],
            "first_contact_date": pd.to_datetime(["2024-12-01"]),
            "channel": ["Ads"],
            "customer_id": [None],
            "opportunity_id": ["O1"],
        }
    )
    deals = pd.DataFrame(
        {
            "opportunity_id": ["O1"],
            "stage": ["won"],
            "closed_date": pd.to_datetime(["2025-01-10"]),
        }
    )
    result = lead_conversion(leads, as_of=AS_OF, opportunities=deals)
    assert result.set_index("channel").loc["Ads", "converted"] == 0


def cohort_orders() -> pd.DataFrame:
    # January cohort: A and B; A buys again in February, B in March.
    # February cohort: C, who buys twice in February only.
    return lines(
        [
            ("A", "1", "2024-01-05", 100.0, "Web"),
            ("B", "2", "2024-01-20", 50.0, "Shop"),
            ("A", "3", "2024-02-10", 30.0, "Web"),
            ("C", "4", "2024-02-02", 80.0, "Web"),
            ("C", "5", "2024-02-25", 20.0, "Web"),
            ("B", "6", "2024-03-03", 70.0, "Shop"),
        ],
        columns="customer_id order_id order_date amount channel",
    )


def matrix_of(frame: pd.DataFrame, as_of: dt.date, **options) -> pd.DataFrame:
    customers = customer_table(frame, as_of=as_of)
    matrix = cohort_matrix(frame, customers, as_of=as_of, **options)
    return matrix.set_index([matrix["cohort"].dt.strftime("%Y-%m"), "months_since"])


def test_cohort_shares():
    # January (2 customers): month 1 only A buys (1/2), month 2 only B (1/2).
    # February (1 customer): no customer buys in month 1.
    matrix = matrix_of(cohort_orders(), dt.date(2024, 3, 31))
    assert matrix.loc[("2024-01", 0), "active_share"] == pytest.approx(1.0)
    assert matrix.loc[("2024-01", 1), "active_share"] == pytest.approx(0.5)
    assert matrix.loc[("2024-01", 2), "active_share"] == pytest.approx(0.5)
    assert matrix.loc[("2024-02", 1), "active_share"] == 0
    assert matrix.loc[("2024-01", 0), "customers"] == 2


def test_cohort_cumulative_revenue():
    # January: month 0 brings 150, month 1 30, month 2 70; per customer of 2:
    # 75.00, 90.00, 125.00. February: 100 in month 0, nothing after.
    matrix = matrix_of(cohort_orders(), dt.date(2024, 3, 31))
    assert matrix.loc[("2024-01", 0), "revenue_per_customer"] == pytest.approx(75.00)
    assert matrix.loc[("2024-01", 1), "revenue_per_customer"] == pytest.approx(90.00)
    assert matrix.loc[("2024-01", 2), "revenue_per_customer"] == pytest.approx(125.00)
    assert matrix.loc[("2024-02", 1), "revenue_per_customer"] == pytest.approx(100.00)


def test_cohort_leaves_out_incomplete_month():
    # On 15 March, March is not complete: January has months 0-1, February 0,
    # and the March cells are left out.
    matrix = matrix_of(cohort_orders(), dt.date(2024, 3, 15))
    assert sorted(matrix.index) == [("2024-01", 0), ("2024-01", 1), ("2024-02", 0)]


def test_cohort_of_one_channel():
    # Web customers are A (January) and C (February); B is Shop.
    frame = cohort_orders()
    as_of = dt.date(2024, 3, 31)
    channels = acquisition_channels(frame, as_of=as_of)
    matrix = matrix_of(frame, as_of, channels=channels, channel="Web")
    assert matrix.loc[("2024-01", 0), "customers"] == 1
    assert matrix.loc[("2024-01", 1), "active_share"] == pytest.approx(1.0)
    assert matrix.loc[("2024-01", 2), "active_share"] == 0


def test_cohort_channel_needs_channels():
    frame = cohort_orders()
    customers = customer_table(frame, as_of=AS_OF)
    with pytest.raises(ValueError, match="channel='Web' needs the channels table"):
        cohort_matrix(frame, customers, as_of=AS_OF, channel="Web")


def test_cohort_curve_weights_cohorts():
    # Month 1 averages January (1 of 2 active) and February (0 of 1): 1 / 3.
    # Month 2 has only January: 1 / 2. Revenue per customer in month 1:
    # (150 + 30 + 100) / 3 = 93.33.
    frame = cohort_orders()
    as_of = dt.date(2024, 3, 31)
    customers = customer_table(frame, as_of=as_of)
    curve = cohort_curve(frame, customers, as_of=as_of).set_index("months_since")
    assert curve.loc[1, "active_share"] == pytest.approx(0.3333)
    assert curve.loc[2, "active_share"] == pytest.approx(0.5)
    assert curve.loc[1, "revenue_per_customer"] == pytest.approx(93.33)
    assert curve.loc[1, "customers"] == 3


def test_new_customers_by_month():
    frame = cohort_orders()
    as_of = dt.date(2024, 3, 31)
    customers = customer_table(frame, as_of=as_of)
    channels = acquisition_channels(frame, as_of=as_of)
    monthly = new_customers_by_month(customers, channels)
    months = monthly["month"].dt.strftime("%Y-%m")
    keys = zip(months, monthly["acquisition_channel"], strict=True)
    found = dict(zip(keys, monthly["new_customers"], strict=True))
    assert found == {
        ("2024-01", "Shop"): 1,
        ("2024-01", "Web"): 1,
        ("2024-02", "Web"): 1,
    }


def test_recent_new_customers():
    # Up to December 2024, the last 12 months start in January 2024 and the 12
    # before in January 2023; December 2022 is outside both.
    monthly = pd.DataFrame(
        {
            "month": pd.to_datetime(
                ["2022-12-01", "2023-05-01", "2024-01-01", "2024-12-01"]
            ),
            "acquisition_channel": ["Web", "Web", "Shop", "Web"],
            "new_customers": [7, 3, 4, 2],
        }
    )
    recent = recent_new_customers(monthly, as_of=AS_OF)
    assert recent["last_12_months"] == 6
    assert recent["previous_12_months"] == 3
    assert recent["top_channel"] == "Shop"
    assert recent["top_channel_customers"] == 4


def test_ranked_channels_leaves_out_unnamed():
    table = pd.DataFrame(
        {
            "acquisition_channel": ["Web", "(unknown)", "Shop", "unattributed", "Fair"],
            "repeat_rate": [0.2, 0.9, 0.4, None, None],
        }
    )
    ranked = ranked_channels(table, "repeat_rate")
    assert ranked["acquisition_channel"].tolist() == ["Shop", "Web"]


def test_channel_sources_counts_every_source():
    frame = fixture_orders()
    records = pd.DataFrame({"customer_id": ["A"], "acquisition_channel": ["Fair"]})
    channels = acquisition_channels(frame, as_of=AS_OF, records=records)
    sources = channel_sources(channels)
    # A from its record; B and C from their first order line.
    assert sources == {"customer": 1, "lead": 0, "first order": 2, "unknown": 0}
