"""Customer-lifetime summary and BG/NBD model, on hand-computed and published values."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from portfolio.analysis import customer_table, lifetime_summary
from tests.conftest import SHARED, lines, shared_path

AS_OF = dt.date(2024, 6, 30)
CDNOW = "cdnow_transactions"


def summary_of(frame: pd.DataFrame, **options) -> pd.DataFrame:
    table = lifetime_summary(frame, as_of=options.pop("as_of", AS_OF), **options)
    return table.set_index("customer_id")


@pytest.fixture(scope="module")
def expected_dir() -> Path:
    path = shared_path("PORTFOLIO_EXPECTED_DIR", SHARED / "expected")
    if not path.is_dir():
        pytest.skip(
            f"reference results not found at {path}; set PORTFOLIO_EXPECTED_DIR"
        )
    return path


def test_same_day_lines_make_one_purchase():
    # A buys 40 + 60 on 06-01 and 50 on 06-10: two purchase days, one repeat.
    # recency 06-10 - 06-01 = 9, T 06-30 - 06-01 = 29, mean repeat spend 50.
    frame = lines(
        [
            ("A", "1001", "2024-06-01 09:15", 40.0),
            ("A", "1002", "2024-06-01 17:40", 60.0),
            ("A", "1003", "2024-06-10 12:00", 50.0),
        ]
    )
    row = summary_of(frame).loc["A"]
    assert row["frequency"] == 1
    assert row["recency"] == 9
    assert row["T"] == 29
    assert row["monetary_value"] == pytest.approx(50.0)
    assert not row["zero_spend"]


def test_monetary_value_averages_repeat_days():
    # The first day (10) is left out, so repeat days 20 and 30 + 10 = 40 average
    # 30. recency 06-20 - 06-01 = 19, T 29.
    frame = lines(
        [
            ("C", "1", "2024-06-01", 10.0),
            ("C", "2", "2024-06-05", 20.0),
            ("C", "3", "2024-06-20", 30.0),
            ("C", "4", "2024-06-20", 10.0),
        ]
    )
    row = summary_of(frame).loc["C"]
    assert row["frequency"] == 2
    assert row["recency"] == 19
    assert row["monetary_value"] == pytest.approx(30.0)


def test_one_time_buyer_has_zero_repeat_values():
    # B buys once on 05-20: no repeat, recency 0, T 06-30 - 05-20 = 41.
    frame = lines([("B", "1004", "2024-05-20", 80.0)])
    row = summary_of(frame).loc["B"]
    assert row["frequency"] == 0
    assert row["recency"] == 0
    assert row["T"] == 41
    assert row["monetary_value"] == 0.0


def test_return_day_is_not_a_purchase():
    # 05-02: +60, 05-20: +120, 06-25: -120. The return day does not count, so
    # frequency 1, recency 05-20 - 05-02 = 18, T 06-30 - 05-02 = 59, spend 120.
    frame = lines(
        [
            ("R1", "I-1", "2024-05-02", 60.0),
            ("R1", "I-2", "2024-05-20", 120.0),
            ("R1", "C-3", "2024-06-25", -120.0),
        ]
    )
    row = summary_of(frame).loc["R1"]
    assert row["frequency"] == 1
    assert row["recency"] == 18
    assert row["T"] == 59
    assert row["monetary_value"] == pytest.approx(120.0)


def test_zero_value_day_is_a_purchase():
    # E pays 30 on 06-01 and gets a free item (0.00) on 06-11: two purchase
    # days, recency 10, mean repeat spend 0.
    frame = lines(
        [
            ("E", "1", "2024-06-01", 30.0),
            ("E", "2", "2024-06-11", 0.0),
        ]
    )
    row = summary_of(frame).loc["E"]
    assert row["frequency"] == 1
    assert row["recency"] == 10
    assert row["monetary_value"] == 0.0
    assert not row["zero_spend"]


def test_zero_spend_customer_stays_listed():
    # D's only order is worth 0.00 on 06-20: listed with T 10 and flagged, while
    # the business table keeps D outside the base with no purchase day.
    frame = lines([("D", "1007", "2024-06-20 08:30", 0.0)])
    row = summary_of(frame).loc["D"]
    assert row["frequency"] == 0
    assert row["T"] == 10
    assert row["zero_spend"]

    business = customer_table(frame, as_of=AS_OF).execute().set_index("customer_id")
    assert business.loc["D", "purchase_days"] == 0


def test_summary_ignores_late_and_unattributed_lines():
    # The 07-02 line is after as_of and the line without customer has no owner,
    # so only F's 06-29 purchase remains: T 1.
    frame = lines(
        [
            ("F", "1", "2024-06-29", 25.0),
            ("F", "2", "2024-07-02", 25.0),
            (None, "3", "2024-06-15", 99.0),
        ]
    )
    summary = summary_of(frame)
    assert summary.index.tolist() == ["F"]
    assert summary.loc["F", "frequency"] == 0
    assert summary.loc["F", "T"] == 1


def test_weekly_summary_counts_weeks():
    # Weeks start on Monday. Mon 06-03 and Wed 06-05 share the week of 06-03.
    # Tue 06-18 is in the week of 06-17; as_of Sun 06-30 is in the week of 06-24.
    # frequency 1, recency (06-17 - 06-03) / 7 = 2, T (06-24 - 06-03) / 7 = 3.
    frame = lines(
        [
            ("W", "1", "2024-06-03", 10.0),
            ("W", "2", "2024-06-05", 15.0),
            ("W", "3", "2024-06-18", 40.0),
        ]
    )
    row = summary_of(frame, freq="W").loc["W"]
    assert row["frequency"] == 1
    assert row["recency"] == 2
    assert row["T"] == 3
    assert row["monetary_value"] == pytest.approx(40.0)


def test_summary_rejects_unknown_freq():
    frame = lines([("A", "1", "2024-06-01", 10.0)])
    with pytest.raises(ValueError, match="freq must be one of"):
        lifetime_summary(frame, as_of=AS_OF, freq="M")


def read_cdnow_master(path: Path) -> pd.DataFrame:
    raw = pd.read_csv(path, sep=r"\s+", dtype={"customer_id": str, "date": str})
    return pd.DataFrame(
        {
            "customer_id": raw["customer_id"],
            "order_date": pd.to_datetime(raw["date"], format="%Y%m%d"),
            "amount": raw["dollar_value"],
        }
    )


def test_cdnow_summary_matches_reference(data_dir: Path, expected_dir: Path):
    # The reference was computed by lifetimes 0.11.3 with
    # summary_data_from_transaction_data(freq="D") on the 69,659 CDNOW lines.
    orders = read_cdnow_master(data_dir / CDNOW / "CDNOW_master.txt")
    reference = pd.read_csv(
        expected_dir / "cdnow_summary_days_1998-06-30.csv",
        dtype={"customer_id": str},
    )
    summary = lifetime_summary(orders, as_of=dt.date(1998, 6, 30))

    assert len(summary) == 23_570
    assert summary["customer_id"].tolist() == reference["customer_id"].tolist()
    for column in ("frequency", "recency", "T"):
        assert summary[column].tolist() == reference[column].astype(int).tolist()
    np.testing.assert_allclose(
        summary["monetary_value"], reference["monetary_value"], rtol=1e-9, atol=0
    )
