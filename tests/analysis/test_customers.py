"""Definitions of the customer table, checked on hand-computed examples."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from portfolio.analysis import customer_table, frequency_mix, unattributed
from tests.conftest import lines

AS_OF = dt.date(2024, 6, 30)


def summary(frame: pd.DataFrame, **options) -> pd.DataFrame:
    table = customer_table(frame, as_of=options.pop("as_of", AS_OF), **options)
    return table.execute().set_index("customer_id").sort_index()


def test_same_day_orders_make_one_purchase_day():
    # A buys twice on 06-01 (40 + 60) and once on 06-10 (50): 3 orders,
    # 2 purchase days, revenue 150.00, recency 30 June - 10 June = 20 days.
    frame = lines(
        [
            ("A", "1001", "2024-06-01 09:15", 40.0),
            ("A", "1002", "2024-06-01 17:40", 60.0),
            ("A", "1003", "2024-06-10 12:00", 50.0),
        ]
    )
    row = summary(frame).loc["A"]
    assert row["orders"] == 3
    assert row["purchase_days"] == 2
    assert row["revenue"] == pytest.approx(150.00)
    assert row["recency_days"] == 20
    assert row["median_gap_days"] == 9


def test_return_is_not_a_purchase_day():
    # 05-02: +60, 05-20: +120, 06-25: -120. Net 60.00; the return day does not
    # count, so the last purchase is 05-20 and recency is 41 days.
    frame = lines(
        [
            ("R1", "I-1", "2024-05-02", 60.0),
            ("R1", "I-2", "2024-05-20", 120.0),
            ("R1", "C-3", "2024-06-25", -120.0),
        ]
    )
    row = summary(frame).loc["R1"]
    assert row["purchase_days"] == 2
    assert row["orders"] == 2
    assert row["revenue"] == pytest.approx(60.00)
    assert row["recency_days"] == 41


def test_zero_value_customer_stays_out_of_base():
    # D's only order is worth 0.00: no positive day, so no purchase day, but the
    # customer is still listed with recency from 06-20 (10 days).
    frame = lines([("D", "1007", "2024-06-20 08:30", 0.0)])
    row = summary(frame).loc["D"]
    assert not row["in_base"]
    assert row["orders"] == 1
    assert row["recency_days"] == 10
    assert row["frequency_class"] == "no purchase"


def test_lines_after_as_of_are_ignored():
    # The 07-01 line falls after as_of 06-30: revenue stays 10.00.
    frame = lines(
        [("A", "1", "2024-06-30 23:59", 10.0), ("A", "2", "2024-07-01 00:00", 99.0)]
    )
    row = summary(frame).loc["A"]
    assert row["revenue"] == pytest.approx(10.0)
    assert row["recency_days"] == 0


@pytest.mark.parametrize(
    ("gaps", "expected"),
    [
        ([61], "monthly"),
        ([62], "quarterly"),
        ([137], "quarterly"),
        ([138], "half-yearly"),
        ([274], "half-yearly"),
        ([275], "yearly"),
        ([548], "yearly"),
        ([549], "occasional"),
        # median of 10, 20, 400 is 20
        ([10, 20, 400], "monthly"),
        # median of 50 and 100 is 75
        ([50, 100], "quarterly"),
        ([], "one-time"),
    ],
)
def test_frequency_class_bounds(gaps, expected):
    day = dt.date(2020, 1, 1)
    rows = [("X", "0", day.isoformat(), 10.0)]
    for number, gap in enumerate(gaps, start=1):
        day += dt.timedelta(days=gap)
        rows.append(("X", str(number), day.isoformat(), 10.0))
    frame = lines(rows)
    result = summary(frame, as_of=dt.date(2024, 12, 31))
    assert result.loc["X", "frequency_class"] == expected


def test_frequency_bounds_are_parameters():
    # A 40-day gap is monthly by default, quarterly with a 30-day monthly bound.
    frame = lines([("X", "1", "2024-01-01", 5.0), ("X", "2", "2024-02-10", 5.0)])
    custom = summary(frame, frequency_days={"monthly": 30})
    assert custom.loc["X", "frequency_class"] == "quarterly"


def test_cold_after_threshold():
    # Recency 400 days > 365: cold; 365 is not above the threshold.
    frame = lines([("OLD", "1", "2023-05-27", 5.0), ("EDGE", "2", "2023-07-01", 5.0)])
    result = summary(frame)
    assert result.loc["OLD", "recency_days"] == 400
    assert bool(result.loc["OLD", "cold"])
    assert result.loc["EDGE", "recency_days"] == 365
    assert not bool(result.loc["EDGE", "cold"])


def test_unattributed_lines_count_in_revenue_only():
    # 100 + 50 + 30 + 20 = 200.00 in all; the 30.00 line has no customer.
    frame = lines(
        [
            ("C1", "1", "2024-06-01", 100.0),
            ("C2", "2", "2024-06-02", 50.0),
            (None, "3", "2024-06-03", 30.0),
            ("C1", "4", "2024-06-04", 20.0),
        ]
    )
    totals = unattributed(frame, as_of=AS_OF)
    assert totals["revenue"] == pytest.approx(200.00)
    assert totals["unattributed_revenue"] == pytest.approx(30.00)
    assert totals["unattributed_lines"] == 1
    assert totals["unattributed_share"] == pytest.approx(0.15)
    assert set(summary(frame).index) == {"C1", "C2"}


def test_frequency_mix_adds_up_to_revenue():
    # C1 monthly 120.00 (gap 3 days), C2 one-time 50.00, D no purchase 0.00,
    # unattributed 30.00: 120 + 50 + 0 + 30 = 200.00.
    frame = lines(
        [
            ("C1", "1", "2024-06-01", 100.0),
            ("C2", "2", "2024-06-02", 50.0),
            (None, "3", "2024-06-03", 30.0),
            ("C1", "4", "2024-06-04", 20.0),
            ("D", "5", "2024-06-05", 0.0),
        ]
    )
    table = customer_table(frame, as_of=AS_OF)
    mix = frequency_mix(table, frame, as_of=AS_OF).set_index("frequency_class")
    assert mix.loc["monthly", "revenue"] == pytest.approx(120.0)
    assert mix.loc["one-time", "customers"] == 1
    assert mix.loc["no purchase", "customers"] == 1
    assert mix.loc["unattributed", "revenue"] == pytest.approx(30.0)
    assert mix["revenue"].sum() == pytest.approx(200.0)
    assert mix.loc["monthly", "customer_share"] == pytest.approx(0.5)


def test_cancelled_day_is_not_a_purchase_day():
    # 0.1 + 0.2 - 0.3 is 5.55e-17 in floating point, not 0: the day nets to 0.00
    # in cents, so it is no purchase day and the customer stays one-time.
    frame = lines(
        [
            ("A", "1", "2024-06-01", 10.0),
            ("A", "2", "2024-06-20", 0.1),
            ("A", "3", "2024-06-20", 0.2),
            ("A", "C3", "2024-06-20", -0.3),
        ]
    )
    row = summary(frame).loc["A"]
    assert row["purchase_days"] == 1
    assert row["frequency_class"] == "one-time"
    assert row["recency_days"] == 29
