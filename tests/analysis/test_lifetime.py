"""Customer-lifetime summary and BG/NBD model, on hand-computed and published values."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.special import hyp2f1

from portfolio.analysis import (
    BGNBD,
    customer_table,
    expected_purchases,
    fit_bgnbd,
    lifetime_summary,
    probability_alive,
)
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
    # Tue 06-18 is in the week of 06-17, and as_of Sun 06-30 is in the week of 06-24.
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


def test_same_day_case_keeps_zero_spend_customer(cases_dir: Path):
    # A: 06-01 (40 + 60) and 06-10 (50), so frequency 1, recency 9, T 29,
    # monetary 50. B: 05-20 only, T 41. C: two lines on 06-15 make one day, T 15.
    # D: one 0.00 order on 06-20, T 10, listed but flagged for the model fit.
    frame = pd.read_csv(cases_dir / "C13_orders_same_day.csv", dtype=str)
    orders = pd.DataFrame(
        {
            "customer_id": frame["customer_id"],
            "order_id": frame["order_id"],
            "order_date": pd.to_datetime(frame["order_ts"]),
            "amount": frame["amount"].astype(float),
        }
    )
    summary = summary_of(orders)
    assert summary.index.tolist() == ["A", "B", "C", "D"]
    assert summary["frequency"].tolist() == [1, 0, 0, 0]
    assert summary["recency"].tolist() == [9, 0, 0, 0]
    assert summary["T"].tolist() == [29, 41, 15, 10]
    assert summary["monetary_value"].tolist() == pytest.approx([50.0, 0, 0, 0])
    assert summary["zero_spend"].tolist() == [False, False, False, True]


@pytest.fixture(scope="module")
def cdnow_weeks(data_dir: Path) -> pd.DataFrame:
    # 2,357 customers of the CDNOW sample, 39-week calibration, time in weeks.
    return pd.read_csv(data_dir / CDNOW / "cdnow_customers_summary.csv")


@pytest.fixture(scope="module")
def cdnow_model(cdnow_weeks: pd.DataFrame) -> BGNBD:
    return fit_bgnbd(cdnow_weeks)


def test_bgnbd_reproduces_published_parameters(cdnow_model: BGNBD):
    # Fader, Hardie and Lee (2005), Marketing Science 24(2), fit BG/NBD to the
    # same 2,357 customers: r = 0.243, alpha = 4.414, a = 0.793, b = 2.426.
    assert cdnow_model.converged
    assert cdnow_model.customers == 2357
    assert cdnow_model.r == pytest.approx(0.243, abs=0.001)
    assert cdnow_model.alpha == pytest.approx(4.414, abs=0.001)
    assert cdnow_model.a == pytest.approx(0.793, abs=0.001)
    assert cdnow_model.b == pytest.approx(2.426, abs=0.001)


def test_bgnbd_leaves_zero_spend_out(cdnow_weeks: pd.DataFrame):
    # A customer like D, whose only purchase is 0.00, is added to the 2,357.
    zero = pd.DataFrame({"frequency": [0], "recency": [0.0], "T": [5.0]})
    summary = pd.concat([cdnow_weeks, zero], ignore_index=True)
    summary["zero_spend"] = [False] * len(cdnow_weeks) + [True]
    model = fit_bgnbd(summary)
    assert model.customers == 2357
    assert model.r == pytest.approx(0.243, abs=0.001)


def test_bgnbd_rejects_few_repeat_buyers():
    # Two repeat buyers among three customers are too few for four parameters.
    summary = pd.DataFrame(
        {"frequency": [0, 2, 1], "recency": [0, 10, 4], "T": [20, 20, 12]}
    )
    with pytest.raises(ValueError, match="too few repeat buyers to fit BG/NBD: 2"):
        fit_bgnbd(summary)


def test_bgnbd_rejects_invalid_summaries():
    with pytest.raises(ValueError, match=r"missing columns \['T'\]"):
        fit_bgnbd(pd.DataFrame({"frequency": [1], "recency": [2]}))
    with pytest.raises(ValueError, match="recency must not exceed T"):
        fit_bgnbd(pd.DataFrame({"frequency": [1], "recency": [30], "T": [20]}))
    with pytest.raises(ValueError, match="must be non-negative numbers"):
        fit_bgnbd(pd.DataFrame({"frequency": [-1], "recency": [0], "T": [20]}))


def test_probability_alive_by_hand():
    # x = 1, t_x = 1, T = 3 with r = 1, alpha = 1, a = 1, b = 2: the odds of
    # having dropped out are a / (b + x - 1) * ((alpha + T) / (alpha + t_x))^(r + x)
    # = 1/2 * (4 / 2)^2 = 2, so P(alive) = 1 / (1 + 2) = 1/3.
    model = BGNBD(1.0, 1.0, 1.0, 2.0, log_likelihood=0.0, converged=True, customers=0)
    alive = probability_alive(model, [1, 0], [1, 0], [3, 3])
    assert alive[0] == pytest.approx(1 / 3)
    assert alive[1] == 1.0


def test_probability_alive_on_cdnow(cdnow_model: BGNBD, cdnow_weeks: pd.DataFrame):
    alive = probability_alive(
        cdnow_model, cdnow_weeks["frequency"], cdnow_weeks["recency"], cdnow_weeks["T"]
    )
    one_time = (cdnow_weeks["frequency"] == 0).to_numpy()
    assert (alive[one_time] == 1.0).all()
    assert (alive > 0).all()
    assert (alive <= 1).all()


def test_expected_purchases_grow_with_horizon(
    cdnow_model: BGNBD, cdnow_weeks: pd.DataFrame
):
    horizons = np.array([1.0, 13.0, 39.0, 90.0])
    columns = [
        cdnow_weeks[name].to_numpy()[:, None] for name in ("frequency", "recency", "T")
    ]
    expected = expected_purchases(cdnow_model, horizons, *columns)
    assert expected.shape == (2357, 4)
    assert np.isfinite(expected).all()
    assert (expected >= 0).all()
    assert (np.diff(expected, axis=1) > 0).all()


def test_expected_purchases_match_paper_formula(cdnow_model: BGNBD):
    # Equation (10) of Fader, Hardie and Lee (2005) as printed, for a customer
    # with x = 2, t_x = 30.43, T = 38.86 over the next t = 39 weeks.
    r, alpha, a, b = cdnow_model.r, cdnow_model.alpha, cdnow_model.a, cdnow_model.b
    x, t_x, T, t = 2, 30.43, 38.86, 39
    remaining = 1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * hyp2f1(
        r + x, b + x, a + b + x - 1, t / (alpha + T + t)
    )
    dropout_odds = a / (b + x - 1) * ((alpha + T) / (alpha + t_x)) ** (r + x)
    paper = (a + b + x - 1) / (a - 1) * remaining / (1 + dropout_odds)
    expected = expected_purchases(cdnow_model, t, x, t_x, T)
    assert expected == pytest.approx(paper, rel=1e-9)
