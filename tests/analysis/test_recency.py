"""Recency ranges, cold customers and the reactivation list."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from portfolio.analysis import (
    cold_summary,
    customer_table,
    reactivation_list,
    recency_distribution,
)
from portfolio.engine import as_table
from tests.conftest import lines

AS_OF = dt.date(2024, 12, 31)


@pytest.fixture
def customers():
    # Recencies from 31 December 2024: A 0 days, B 100, C 400, D 800 (cold: C, D).
    # E only returned goods (no purchase day) and F has no customer id.
    frame = lines(
        [
            ("A", "1", "2024-12-31", 50.0),
            ("B", "2", "2024-09-22", 30.0),
            ("C", "3", "2023-11-27", 200.0),
            ("C", "4", "2023-10-01", 100.0),
            ("D", "5", "2022-10-23", 40.0),
            ("E", "6", "2024-05-01", -10.0),
            (None, "7", "2024-05-01", 99.0),
        ]
    )
    return customer_table(frame, as_of=AS_OF)


def test_cold_summary_counts_base_only(customers):
    summary = cold_summary(customers)
    assert summary["customers"] == 4
    assert summary["cold_customers"] == 2
    assert summary["cold_share"] == pytest.approx(0.5)
    # C brought 200 + 100, D 40: 340.00 over their lifetime.
    assert summary["cold_revenue"] == pytest.approx(340.00)
    # Median of 0, 100, 400 and 800 days is (100 + 400) / 2 = 250.
    assert summary["median_recency_days"] == pytest.approx(250)


def test_recency_ranges(customers):
    ranges = recency_distribution(customers).set_index("recency_days")
    assert ranges["customers"].to_dict() == {
        "0-30": 1,
        "31-90": 0,
        "91-180": 1,
        "181-365": 0,
        "366-730": 1,
        "over 730": 1,
    }
    assert ranges.loc["366-730", "revenue"] == pytest.approx(300.0)


def test_reactivation_sorted_by_revenue(customers):
    listed = reactivation_list(customers)
    assert listed["customer_id"].tolist() == ["C", "D"]
    assert listed["revenue"].tolist() == [300.0, 40.0]
    assert listed["last_purchase"].tolist() == [
        pd.Timestamp("2023-11-27"),
        pd.Timestamp("2022-10-23"),
    ]
    assert listed["recency_days"].tolist() == [400, 800]
    assert listed["purchase_days"].tolist() == [2, 1]


def test_reactivation_adds_contacts(customers):
    records = pd.DataFrame(
        {
            "customer_id": ["C", "D", "A"],
            "name": ["Gamma <b>&</b>", None, "Alpha"],
            "sales_rep": ["Rita", "Sam", "Ann"],
        }
    )
    listed = reactivation_list(customers, records=as_table(records))
    assert listed["name"].tolist()[0] == "Gamma <b>&</b>"
    assert pd.isna(listed["name"].tolist()[1])
    assert listed["sales_rep"].tolist() == ["Rita", "Sam"]
