"""CAC, CRC, lifetime value and payback, checked on hand-computed examples."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from portfolio.analysis import customer_table
from portfolio.analysis.channels import acquisition_channels
from portfolio.analysis.cohorts import cohort_curve, first_year_value, payback_months
from portfolio.analysis.costs import (
    cac_by_channel,
    cac_by_month,
    cac_overall,
    crc_by_month,
    crc_overall,
    quick_wins,
    sales_cycle_by_channel,
    unit_economics,
)
from tests.conftest import lines

AS_OF = dt.date(2024, 2, 29)
COLUMNS = "customer_id order_id order_date amount channel"


def two_months() -> pd.DataFrame:
    # January: A and B (Web) and C (Shop) buy for the first time.
    # February: A and B come back, D (Web) buys twice, E (Shop) buys once.
    return lines(
        [
            ("A", "1", "2024-01-03", 100.0, "Web"),
            ("B", "2", "2024-01-10", 60.0, "Web"),
            ("C", "3", "2024-01-15", 40.0, "Shop"),
            ("A", "4", "2024-02-02", 50.0, "Web"),
            ("B", "5", "2024-02-20", 30.0, "Web"),
            ("D", "6", "2024-02-05", 20.0, "Web"),
            ("D", "7", "2024-02-25", 20.0, "Web"),
            ("E", "8", "2024-02-12", 90.0, "Shop"),
        ],
        columns=COLUMNS,
    )


def two_months_costs() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "period": pd.to_datetime(
                [
                    "2024-01-01",
                    "2024-01-01",
                    "2024-02-01",
                    "2024-02-01",
                    "2024-03-01",
                    "2024-01-01",
                    "2024-02-01",
                ]
            ),
            "cost_type": [
                "acquisition",
                "Acquisition",
                "acquisition",
                "acquisition",
                "acquisition",
                "retention",
                "retention",
            ],
            "channel": ["Web", "Shop", "Web", None, "Web", None, None],
            "segment": [None] * 7,
            "amount": [300.0, 100.0, 200.0, 50.0, 999.0, 100.0, 90.0],
        }
    )


def tables(frame: pd.DataFrame) -> tuple:
    customers = customer_table(frame, as_of=AS_OF)
    channels = acquisition_channels(frame, as_of=AS_OF)
    return customers, channels


def monthly_cac() -> pd.DataFrame:
    customers, channels = tables(two_months())
    return cac_by_month(two_months_costs(), customers, channels, as_of=AS_OF)


def test_cac_by_month():
    # January: Web 300 / 2 (A, B) = 150.00; Shop 100 (spelled Acquisition) / 1 = 100.
    # February: Web 200 / 1 (D) = 200.00; Shop has a new customer (E) but no cost;
    # 50.00 without a channel has no new customer. March is after as_of.
    monthly = monthly_cac()
    monthly = monthly.set_index([monthly["month"].dt.month, "acquisition_channel"])
    assert monthly.loc[(1, "Web"), "cac"] == pytest.approx(150.00)
    assert monthly.loc[(1, "Shop"), "cac"] == pytest.approx(100.00)
    assert monthly.loc[(2, "Web"), "cac"] == pytest.approx(200.00)
    assert monthly.loc[(2, "Shop"), "new_customers"] == 1
    assert pd.isna(monthly.loc[(2, "Shop"), "cac"])
    assert monthly.loc[(2, "(unknown)"), "acquisition_costs"] == pytest.approx(50.00)
    assert pd.isna(monthly.loc[(2, "(unknown)"), "cac"])
    assert 3 not in monthly.index.get_level_values(0)


def test_cac_by_channel_covers_months_of_its_costs():
    # Web: (300 + 200) / 3 new customers = 166.67. Shop has costs in January only,
    # so E (February) is left out: 100 / 1 = 100.00.
    by_channel = cac_by_channel(monthly_cac()).set_index("acquisition_channel")
    assert by_channel.loc["Web", "cac"] == pytest.approx(166.67)
    assert by_channel.loc["Shop", "new_customers"] == 1
    assert by_channel.loc["Shop", "cac"] == pytest.approx(100.00)
    assert pd.isna(by_channel.loc["(unknown)", "cac"])


def test_cac_overall():
    # 300 + 100 + 200 + 50 = 650.00 over the 5 customers of January and February.
    overall = cac_overall(monthly_cac()).iloc[0]
    assert overall["acquisition_costs"] == pytest.approx(650.00)
    assert overall["new_customers"] == 5
    assert overall["cac"] == pytest.approx(130.00)
    assert overall["acquisition_channel"] == "all"


def test_crc_by_month():
    # January: no customer had bought before, so the CRC has no value. February: A and
    # B come back; D's two February days and E's first day are not returns.
    customers, _ = tables(two_months())
    monthly = crc_by_month(two_months_costs(), two_months(), customers, as_of=AS_OF)
    february = monthly.set_index(monthly["month"].dt.month).loc[2]
    assert february["returning_customers"] == 2
    assert february["crc"] == pytest.approx(45.00)
    assert pd.isna(monthly["crc"].iloc[0])


def test_crc_overall():
    # 100 + 90 = 190.00 over 0 + 2 returning customers = 95.00.
    customers, _ = tables(two_months())
    monthly = crc_by_month(two_months_costs(), two_months(), customers, as_of=AS_OF)
    overall = crc_overall(monthly)
    assert overall == {
        "retention_costs": 190.00,
        "returning_customers": 2,
        "crc": 95.00,
    }


def test_costs_absent():
    customers, channels = tables(two_months())
    monthly = cac_by_month(None, customers, channels, as_of=AS_OF)
    assert monthly.empty
    assert cac_by_channel(monthly).empty
    assert cac_overall(monthly).empty
    assert crc_overall(crc_by_month(None, two_months(), customers, as_of=AS_OF)) is None


def test_costs_without_acquisition_rows():
    customers, channels = tables(two_months())
    retention = two_months_costs().query("cost_type == 'retention'")
    assert cac_by_month(retention, customers, channels, as_of=AS_OF).empty


def value_orders() -> pd.DataFrame:
    # A: first purchase 10 Jan 2023, 100 then 50 in June; the line of 10 Jan 2024
    # is day 365, outside the first year. B started in December 2023, less than a
    # year before 30 June 2024.
    return lines(
        [
            ("A", "1", "2023-01-10", 100.0, "Web"),
            ("A", "2", "2023-06-01", 50.0, "Web"),
            ("A", "3", "2024-01-10", 70.0, "Web"),
            ("B", "4", "2023-12-01", 500.0, "Web"),
        ],
        columns=COLUMNS,
    )


def test_first_year_value_with_margin():
    # A alone counts: 150.00 of first-year revenue times a 40 % margin = 60.00.
    frame = value_orders()
    as_of = dt.date(2024, 6, 30)
    customers = customer_table(frame, as_of=as_of)
    channels = acquisition_channels(frame, as_of=as_of)
    value = first_year_value(
        frame, customers, as_of=as_of, groups=channels, gross_margin_rate=0.4
    )
    row = value.set_index("acquisition_channel").loc["Web"]
    assert row["customers"] == 1
    assert row["first_year_revenue"] == pytest.approx(150.00)
    assert row["ltv"] == pytest.approx(60.00)


def test_first_year_value_rejects_margin():
    frame = value_orders()
    customers = customer_table(frame, as_of=AS_OF)
    with pytest.raises(ValueError, match="gross_margin_rate must be above 0"):
        first_year_value(frame, customers, as_of=AS_OF, gross_margin_rate=35)


def test_payback_months():
    # Margin per customer at 50 %: 50, 75, 150. A CAC of 100 is covered in month
    # 2 and a CAC of 40 in month 0. A CAC of 1,000 is never covered, and a channel
    # without a CAC has no payback.
    curve = pd.DataFrame(
        {
            "acquisition_channel": ["Web"] * 3 + ["Shop"] * 3 + ["Fair"] * 3,
            "months_since": [0, 1, 2] * 3,
            "revenue_per_customer": [100.0, 150.0, 300.0] * 3,
        }
    )
    cac = pd.DataFrame(
        {
            "acquisition_channel": ["Web", "Shop", "Fair", "Ads"],
            "cac": [100.0, 40.0, 1000.0, None],
        }
    )
    payback = payback_months(curve, cac, gross_margin_rate=0.5)
    found = payback.set_index("acquisition_channel")["payback_months"]
    assert found["Web"] == 2
    assert found["Shop"] == 0
    assert pd.isna(found["Fair"])
    assert pd.isna(found["Ads"])


def test_unit_economics_from_orders():
    # Web curve: month 0 averages January (A, B: 160) and February (D: 40),
    # 200 / 3 = 66.67; month 1 is January alone, (160 + 80) / 2 = 120.00. Neither
    # covers the CAC of 166.67 at a 100 % margin. Shop: month 0 (40 + 90) / 2 =
    # 65.00 and month 1 40.00, short of 100. With under a year of data, no
    # customer has a first-year value yet.
    frame = two_months()
    customers, channels = tables(frame)
    curve = cohort_curve(frame, customers, as_of=AS_OF, groups=channels)
    value = first_year_value(frame, customers, as_of=AS_OF, groups=channels)
    by_channel = cac_by_channel(monthly_cac())
    economics = unit_economics(by_channel, value, curve)
    economics = economics.set_index("acquisition_channel")
    assert economics.loc["Web", "cac"] == pytest.approx(166.67)
    assert pd.isna(economics.loc["Web", "ltv"])
    assert pd.isna(economics.loc["Web", "payback_months"])
    assert pd.isna(economics.loc["Shop", "payback_months"])
    web = curve.set_index(["acquisition_channel", "months_since"])
    assert web.loc[("Web", 0), "revenue_per_customer"] == pytest.approx(66.67)
    assert web.loc[("Web", 1), "revenue_per_customer"] == pytest.approx(120.00)


def test_unit_economics_ratio():
    cac = pd.DataFrame(
        {"acquisition_channel": ["Web"], "new_customers": [4], "cac": [50.0]}
    )
    value = pd.DataFrame({"acquisition_channel": ["Web"], "ltv": [175.0]})
    curve = pd.DataFrame(
        {
            "acquisition_channel": ["Web", "Web"],
            "months_since": [0, 1],
            "revenue_per_customer": [40.0, 60.0],
        }
    )
    # 175 / 50 = 3.5; 40 is short of 50, 60 covers it in month 1.
    row = unit_economics(cac, value, curve).iloc[0]
    assert row["ltv_to_cac"] == pytest.approx(3.5)
    assert row["payback_months"] == 1


def deals() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "opportunity_id": ["O1", "O2", "O3", "O4", "O5"],
            "customer_id": ["A", "C", "A", "B", "C"],
            "stage": ["won", "won", "won", "open", "won"],
            "created_date": pd.to_datetime(
                ["2024-01-01", "2024-01-01", "2024-01-01", "2024-01-01", "2024-02-01"]
            ),
            "closed_date": pd.to_datetime(
                ["2024-01-11", "2024-01-31", "2024-01-21", None, "2024-03-05"]
            ),
            "channel": ["Web", None, "Web", "Web", None],
        }
    )


def test_sales_cycle_by_channel():
    # Web: O1 takes 10 days and O3 20, median 15. O2 has no channel of its own and
    # takes C's channel, Shop: 30 days. O4 is open and O5 won after as_of.
    _, channels = tables(two_months())
    cycles = sales_cycle_by_channel(deals(), channels, as_of=AS_OF)
    found = cycles.set_index("acquisition_channel")
    assert found.loc["Web", "won_deals"] == 2
    assert found.loc["Web", "median_sales_cycle_days"] == pytest.approx(15.0)
    assert found.loc["Shop", "median_sales_cycle_days"] == pytest.approx(30.0)
    assert cycles["acquisition_channel"].tolist() == ["Web", "Shop"]


def test_quick_wins():
    cac = pd.DataFrame(
        {
            "acquisition_channel": ["(unknown)", "Fair", "Web", "Shop", "Ads"],
            "cac": [5.0, 80.0, 20.0, 50.0, None],
        }
    )
    cycles = pd.DataFrame(
        {
            "acquisition_channel": ["Web", "Shop", "Fair"],
            "won_deals": [3, 12, 15],
            "median_sales_cycle_days": [5.0, 30.0, 20.0],
        }
    )
    wins = quick_wins(cac, cycles, top=2, min_deals=10)
    # (unknown) and Ads (no CAC) never rank; Web has too few deals for the cycle.
    assert wins["lowest_cac"] == ["Web", "Shop"]
    assert wins["shortest_cycle"] == ["Fair", "Shop"]


def test_quick_wins_without_deals():
    cac = pd.DataFrame({"acquisition_channel": ["Web"], "cac": [20.0]})
    assert quick_wins(cac)["shortest_cycle"] == []
