"""Sales reps: attribution, portfolio, deals, leaderboard, strengths, cross-sell."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from portfolio.analysis import (
    cross_sell_by_rep,
    cross_sell_leader,
    customer_reps,
    customer_table,
    deal_strengths,
    deal_summary,
    deals_by_rep,
    portfolio_highlights,
    ranking_metric,
    ranking_summary,
    rep_leaderboard,
    rep_portfolio,
    reps_known,
    revenue_total,
    top_sales_rep,
    year_windows,
)
from portfolio.plots import plot_leaderboard, plot_win_rates
from tests.conftest import lines

AS_OF = dt.date(2024, 12, 31)
REP_LINES = "customer_id order_id order_date amount product_category sales_rep"


def deals(rows: list[tuple]) -> pd.DataFrame:
    """Build opportunities from (id, rep, customer, product, stage, created,
    closed, value) tuples."""
    columns = [
        "opportunity_id",
        "sales_rep",
        "customer_id",
        "product_id",
        "stage",
        "created_date",
        "closed_date",
        "value",
    ]
    frame = pd.DataFrame(rows, columns=columns)
    frame["product_name"] = None
    for name in ("created_date", "closed_date"):
        frame[name] = pd.to_datetime(frame[name])
    return frame


def pipeline() -> pd.DataFrame:
    return deals(
        [
            ("D1", "Ann", "A", "P1", "won", "2024-01-01", "2024-01-31", 100.0),
            ("D2", "Ann", "A", "P1", "lost", "2024-01-05", "2024-02-05", 0.0),
            ("D3", "Bob", "B", "P1", "won", "2024-02-01", "2024-02-11", 50.5),
            ("D4", "Bob", "B", "P1", "open", "2024-03-01", None, None),
            # Won in 2025: still open at the end of 2024.
            ("D5", None, "C", "P1", "won", "2024-10-01", "2025-01-10", 70.0),
            # Created in 2025: left out.
            ("D6", "Ann", "A", "P1", "won", "2025-01-02", "2025-01-05", 10.0),
            ("D7", "Bob", "B", "P1", "lost", "2024-06-01", "2024-07-01", 0.0),
            # Closed before it was created: won, but without a cycle.
            ("D8", "Bob", "B", "P1", "won", "2024-05-01", "2024-04-20", 20.0),
        ]
    )


def test_win_rate_and_cycle_with_open_deals():
    summary = deal_summary(pipeline(), as_of=AS_OF)
    # Won D1, D3, D8; lost D2, D7; open D4 and D5 (closed after as_of).
    assert summary["won_deals"] == 3
    assert summary["lost_deals"] == 2
    assert summary["open_deals"] == 2
    # 3 / (3 + 2), the open deals left out.
    assert summary["win_rate"] == pytest.approx(0.6)
    # 100 + 50.5 + 20
    assert summary["won_value"] == pytest.approx(170.5)
    # 170.5 / 3 = 56.833 -> 56.83
    assert summary["average_won_value"] == pytest.approx(56.83)
    # Cycles of D1 (30 days) and D3 (10 days); D8 has none: median 20.
    assert summary["median_sales_cycle_days"] == pytest.approx(20.0)


def test_deals_by_rep_add_up():
    by_rep = deals_by_rep(pipeline(), as_of=AS_OF).set_index("sales_rep")
    # Bob: won D3 and D8, lost D7, open D4: 2 / 3; cycle of D3 only.
    assert by_rep.loc["Bob", "won_deals"] == 2
    assert by_rep.loc["Bob", "win_rate"] == pytest.approx(2 / 3)
    assert by_rep.loc["Bob", "median_sales_cycle_days"] == pytest.approx(10.0)
    assert by_rep.loc["(unknown)", "open_deals"] == 1
    assert pd.isna(by_rep.loc["(unknown)", "win_rate"])
    assert by_rep["won_deals"].sum() == 3
    assert by_rep["open_deals"].sum() == 2
    assert by_rep["won_value"].sum() == pytest.approx(170.5)


def test_deal_summary_without_closed_deals():
    only_open = deals([("D1", "Ann", "A", "P1", "open", "2024-01-01", None, None)])
    summary = deal_summary(only_open, as_of=AS_OF)
    assert summary["win_rate"] is None
    assert summary["median_sales_cycle_days"] is None
    assert summary["average_won_value"] is None
    assert summary["won_value"] == 0.0


def test_top_sales_rep_tie_break():
    by_rep = pd.DataFrame(
        {
            "sales_rep": ["Zoe", "(unknown)", "Bea", "Carl"],
            "won_value": [500.0, 900.0, 500.0, 100.0],
        }
    )
    # Zoe and Bea tie on 500; the first name wins. (unknown) is no rep.
    assert top_sales_rep(by_rep) == "Bea"


def test_top_sales_rep_without_won_value():
    by_rep = pd.DataFrame({"sales_rep": ["Ann", "Bob"], "won_value": [0.0, 0.0]})
    assert top_sales_rep(by_rep) is None


def test_rep_attribution_rule():
    orders = lines(
        [
            ("A", "1", "2024-05-01 00:00", 10.0, "Zed"),
            ("B", "2", "2024-01-01 00:00", 10.0, "Old"),
            ("B", "3", "2024-03-01 00:00", 10.0, "New"),
            ("B", "4", "2024-04-01 00:00", 10.0, None),
            ("B", "5", "2025-02-01 00:00", 10.0, "Later"),
            ("C", "6", "2024-02-01 00:00", 10.0, None),
            ("D", "7", "2024-06-01 10:00", 10.0, "X"),
            ("D", "8", "2024-06-01 10:00", 10.0, "Y"),
        ],
        columns="customer_id order_id order_date amount sales_rep",
    )
    records = pd.DataFrame({"customer_id": ["A", "D"], "sales_rep": ["Owner", None]})
    found = customer_reps(orders, as_of=AS_OF, records=records).execute()
    found = found.set_index("customer_id")
    # A: the account owner beats the order's rep.
    assert found.loc["A", "sales_rep"] == "Owner"
    assert found.loc["A", "rep_source"] == "account owner"
    # B: the latest line naming a rep up to as_of (the 2025 line is left out).
    assert found.loc["B", "sales_rep"] == "New"
    assert found.loc["B", "rep_source"] == "last order"
    # C: no rep anywhere.
    assert found.loc["C", "sales_rep"] == "(unknown)"
    assert found.loc["C", "rep_source"] == "unknown"
    # D: two lines at the same time; the higher order id decides.
    assert found.loc["D", "sales_rep"] == "Y"


def test_reps_known():
    orders = lines(
        [("A", "1", "2024-05-01", 10.0, None)],
        columns="customer_id order_id order_date amount sales_rep",
    )
    assert not reps_known(orders)
    assert reps_known(
        orders, pd.DataFrame({"customer_id": ["A"], "sales_rep": ["Ann"]})
    )


def portfolio_lines() -> pd.DataFrame:
    return lines(
        [
            ("A", "1", "2024-06-01", 100.0, "Cat1", "Ann"),
            ("A", "2", "2023-06-01", 50.0, "Cat2", "Ann"),
            ("B", "3", "2024-03-01", 30.0, "Cat1", "Ann"),
            ("B", "4", "2024-03-05", -10.0, None, None),
            ("C", "5", "2022-03-01", 70.0, "Cat1", "Bob"),
            ("D", "6", "2023-12-20", 40.0, "Cat3", "Bob"),
            ("D", "7", "2024-02-01", 40.0, "Cat3", "Bob"),
            (None, "8", "2024-03-01", 5.0, "Cat1", "Ann"),
        ],
        columns=REP_LINES,
    )


def test_year_windows():
    windows = year_windows(AS_OF)
    # 365 days ending on 2024-12-31 (a leap year) start on 2024-01-02.
    assert windows["last_start"] == dt.date(2024, 1, 2)
    assert windows["previous_start"] == dt.date(2023, 1, 2)
    assert windows["previous_end"] == dt.date(2024, 1, 1)


def test_rep_portfolio_hand_computed():
    orders = portfolio_lines()
    customers = customer_table(orders, as_of=AS_OF)
    portfolio = rep_portfolio(customers, orders, as_of=AS_OF)
    rows = portfolio.set_index("sales_rep")
    # Ann: A (150, two days, 2 categories) and B (30 - 10 = 20, new in 2024).
    assert rows.loc["Ann", "customers"] == 2
    assert rows.loc["Ann", "revenue"] == pytest.approx(170.0)
    assert rows.loc["Ann", "new_customers"] == 1
    # Orders 1, 2 and 3; the return 4 nets negative: 170 / 3 = 56.67.
    assert rows.loc["Ann", "average_order_value"] == pytest.approx(56.67)
    assert rows.loc["Ann", "repeat_rate"] == pytest.approx(0.5)
    assert rows.loc["Ann", "categories_per_customer"] == pytest.approx(1.5)
    # Last 12 months 100 + 30 - 10 = 120, previous 50: +140 %.
    assert rows.loc["Ann", "revenue_last_12m"] == pytest.approx(120.0)
    assert rows.loc["Ann", "revenue_previous_12m"] == pytest.approx(50.0)
    assert rows.loc["Ann", "revenue_change"] == pytest.approx(1.4)
    # Bob: C is cold (last bought 2022-03-01), D bought on two days.
    assert rows.loc["Bob", "cold_share"] == pytest.approx(0.5)
    assert rows.loc["Bob", "revenue_change"] == pytest.approx(0.0)
    assert rows.loc["unattributed", "revenue"] == pytest.approx(5.0)
    assert list(portfolio["sales_rep"]) == ["Ann", "Bob", "unattributed"]


def test_rep_portfolio_adds_up_to_revenue():
    orders = portfolio_lines()
    portfolio = rep_portfolio(customer_table(orders, as_of=AS_OF), orders, as_of=AS_OF)
    # 150 + 20 + 70 + 80 + 5 unattributed
    assert portfolio["revenue"].sum() == pytest.approx(325.0)
    assert portfolio["revenue"].sum() == pytest.approx(
        revenue_total(orders, as_of=AS_OF)
    )


def test_new_customer_boundary():
    orders = lines(
        [
            ("E", "1", "2024-01-01", 10.0, "Cat1", "Ann"),
            ("F", "2", "2024-01-02", 10.0, "Cat1", "Ann"),
        ],
        columns=REP_LINES,
    )
    portfolio = rep_portfolio(customer_table(orders, as_of=AS_OF), orders, as_of=AS_OF)
    ann = portfolio.set_index("sales_rep").loc["Ann"]
    # Only F bought within the 365 days ending on as_of (from 2024-01-02).
    assert ann["new_customers"] == 1
    assert ann["revenue_last_12m"] == pytest.approx(10.0)
    assert ann["revenue_previous_12m"] == pytest.approx(10.0)


def test_portfolio_highlights():
    orders = portfolio_lines()
    portfolio = rep_portfolio(customer_table(orders, as_of=AS_OF), orders, as_of=AS_OF)
    highlights = portfolio_highlights(portfolio)
    assert highlights["reps"] == 2
    assert highlights["top_rep"] == "Ann"
    # 170 of 325
    assert highlights["top_share"] == pytest.approx(0.5231)
    assert highlights["cold_rep"] == "Bob"
    # (120 + 40) / (50 + 40) - 1 = 0.7778
    assert highlights["revenue_change"] == pytest.approx(0.7778)


def eight_reps() -> pd.DataFrame:
    names = ["Ann", "Bob", "Cy", "Dee", "Eve", "Fay", "Gus", "Hal"]
    values = [10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0]
    return pd.DataFrame({"sales_rep": names, "won_value": values})


def test_quartiles_on_eight_reps():
    board = rep_leaderboard(None, eight_reps(), metric="won_value")
    ranking = ranking_summary(board, metric="won_value")
    # Linear interpolation: Q1 = 20 + 0.75 * 10 = 27.5, Q3 = 60 + 0.25 * 10 = 62.5.
    assert ranking["first_quartile"] == pytest.approx(27.5)
    assert ranking["third_quartile"] == pytest.approx(62.5)
    assert ranking["team_median"] == pytest.approx(45.0)
    assert ranking["champions"] == ["Hal", "Gus"]
    assert ranking["training_needs"] == ["Bob", "Ann"]


def test_leaderboard_against_median():
    board = rep_leaderboard(None, eight_reps(), metric="won_value")
    rows = board.set_index("sales_rep")
    # 80 / 45 - 1 = 0.7778
    assert rows.loc["Hal", "versus_median"] == pytest.approx(80 / 45 - 1)
    assert rows.loc["Dee", "standing"] == ""
    assert list(board["sales_rep"][:2]) == ["Hal", "Gus"]


def test_fewer_than_four_reps_get_no_standing():
    board = rep_leaderboard(None, eight_reps().head(3), metric="won_value")
    ranking = ranking_summary(board, metric="won_value")
    assert ranking["third_quartile"] is None
    assert ranking["champions"] == []
    assert set(board["standing"]) == {""}


def test_level_reps_get_no_standing():
    level = eight_reps().assign(won_value=5.0)
    board = rep_leaderboard(None, level, metric="won_value")
    assert set(board["standing"]) == {""}


def test_leaderboard_without_opportunities():
    orders = portfolio_lines()
    portfolio = rep_portfolio(customer_table(orders, as_of=AS_OF), orders, as_of=AS_OF)
    metric = ranking_metric(None)
    board = rep_leaderboard(portfolio, None, metric=metric)
    assert metric == "revenue"
    assert list(board["sales_rep"]) == ["Ann", "Bob"]
    # Median of 170 and 150
    assert board["team_median"].iloc[0] == pytest.approx(160.0)


def test_ranking_metric_needs_won_value():
    nothing_won = pd.DataFrame({"sales_rep": ["Ann"], "won_value": [0.0]})
    assert ranking_metric(nothing_won) == "revenue"
    assert ranking_metric(eight_reps()) == "won_value"


def test_leaderboard_merges_deals_and_portfolio():
    orders = portfolio_lines()
    portfolio = rep_portfolio(customer_table(orders, as_of=AS_OF), orders, as_of=AS_OF)
    by_rep = deals_by_rep(pipeline(), as_of=AS_OF)
    board = rep_leaderboard(portfolio, by_rep, metric="won_value").set_index(
        "sales_rep"
    )
    assert board.loc["Ann", "won_value"] == pytest.approx(100.0)
    assert board.loc["Ann", "revenue"] == pytest.approx(170.0)
    assert "(unknown)" not in board.index


def test_leaderboard_rejects_bad_input():
    with pytest.raises(ValueError, match="metric must be one of"):
        rep_leaderboard(None, eight_reps(), metric="wins")
    with pytest.raises(ValueError, match="both are None"):
        rep_leaderboard(None, None)


def strength_deals() -> pd.DataFrame:
    won = ("won", "2024-01-01", "2024-02-01", 10.0)
    lost = ("lost", "2024-01-01", "2024-02-01", 0.0)
    return deals(
        [
            ("O1", "Ann", "R1", "P1", *won),
            ("O2", "Ann", "R1", "P1", *won),
            ("O3", "Ann", "R1", "P1", *won),
            ("O4", "Bob", "R2", "P1", *lost),
            ("O5", "Bob", "R2", "P1", *lost),
            ("O6", "Ann", None, "P1", *won),
            ("O7", None, None, "P9", *won),
            ("O8", None, None, "P9", *won),
            ("O9", None, None, "P9", *won),
            ("O10", "Bob", None, "P9", *lost),
            ("O11", "Ann", "R1", "P1", "open", "2024-01-01", None, None),
        ]
    )


STRENGTH_RECORDS = pd.DataFrame(
    {
        "customer_id": ["R1", "R2"],
        "sector": ["Retail", "Retail"],
        "employees": [5, 5],
        "company_revenue": [None, None],
        "customer_type": ["company", "company"],
    }
)


def strengths_of(min_deals: int, records=STRENGTH_RECORDS) -> list[tuple]:
    found = deal_strengths(
        strength_deals(), as_of=AS_OF, records=records, min_deals=min_deals
    )
    columns = ["sales_rep", "dimension", "strength"]
    return list(found[columns].itertuples(index=False, name=None))


def test_strengths_on_enough_deals():
    # Team: Retail and micro 3 won of 5 (0.6), P1 4 of 6 (0.667). Ann wins all:
    # 3 deals in Retail and micro (leads 0.4), 4 deals on P1 (lead 0.333).
    assert strengths_of(3) == [
        ("Ann", "sector", "Retail"),
        ("Ann", "size_class", "micro"),
        ("Ann", "product", "P1"),
    ]


def test_strengths_threshold():
    # With 4 deals needed, only Ann's 4 deals on P1 count.
    assert strengths_of(4) == [("Ann", "product", "P1")]
    assert strengths_of(5) == []


def test_strengths_leave_out_unknown():
    # The deals without a rep win 3 of 3 on P9 against a team's 0.75, but make no
    # strength; without customer records, only products remain.
    found = strengths_of(1, records=None)
    assert ("(unknown)", "product", "P9") not in found
    assert found == [("Ann", "product", "P1")]


def test_strengths_win_rates():
    found = deal_strengths(
        strength_deals(), as_of=AS_OF, records=STRENGTH_RECORDS, min_deals=4
    )
    assert found["closed_deals"].iloc[0] == 4
    assert found["win_rate"].iloc[0] == pytest.approx(1.0)
    assert found["team_win_rate"].iloc[0] == pytest.approx(2 / 3)


def test_strengths_reject_zero_min_deals():
    with pytest.raises(ValueError, match="min_deals must be at least 1"):
        deal_strengths(strength_deals(), as_of=AS_OF, min_deals=0)


def test_cross_sell_by_rep():
    orders = lines(
        [
            ("A", "1", "2024-03-01", 10.0, "X", None),
            ("A", "1", "2024-03-01", 10.0, "Y", None),
            ("A", "1", "2024-03-01", 10.0, "Z", None),
            ("B", "2", "2024-03-01", 10.0, "X", None),
            ("C", "3", "2024-03-01", 10.0, "X", None),
            ("C", "3", "2024-03-01", 10.0, "Y", None),
            ("D", "4", "2024-03-01", 10.0, "X", None),
            ("D", "4", "2024-03-01", 10.0, "Y", None),
            ("E", "5", "2024-03-01", 30.0, "X", None),
            ("F", "6", "2024-03-01", 10.0, "X", "Cy"),
            ("G", "7", "2024-03-01", 10.0, None, None),
        ],
        columns=REP_LINES,
    )
    records = pd.DataFrame(
        {
            "customer_id": ["A", "B", "C", "D", "E", "G"],
            "sales_rep": ["Ann", "Ann", "Bob", "Bob", "Ann", "Bob"],
            "employees": [5, 5, 5, 50, 50, 5],
            "company_revenue": [None] * 6,
            "customer_type": ["company"] * 6,
        }
    )
    customers = customer_table(orders, as_of=AS_OF)
    found = cross_sell_by_rep(customers, orders, as_of=AS_OF, records=records)
    # micro: A 3, B 1, C 2 categories, median 2 (G has no category and stays out);
    # SME: D 2, E 1, median 1.5; unknown: F alone, median 1.
    # Listed: B (1 < 2) and E (1 < 1.5), both Ann's; E first, by revenue.
    assert list(found["customer_id"]) == ["E", "B"]
    assert list(found["sales_rep"]) == ["Ann", "Ann"]
    assert list(found["class_median_categories"]) == [1.5, 2.0]
    assert list(found["size_class"]) == ["SME", "micro"]
    assert list(found["revenue"]) == [30.0, 10.0]
    assert list(found.columns) == [
        "sales_rep",
        "customer_id",
        "size_class",
        "categories",
        "class_median_categories",
        "revenue",
    ]


def test_cross_sell_leader_tie_break():
    listed = pd.DataFrame(
        {
            "sales_rep": [
                "Zoe",
                "Zoe",
                "Bea",
                "Bea",
                "(unknown)",
                "(unknown)",
                "(unknown)",
            ]
        }
    )
    # Zoe and Bea have 2 each; (unknown) has more but is no rep.
    assert cross_sell_leader(listed) == ("Bea", 2)
    assert cross_sell_leader(listed[listed["sales_rep"] == "(unknown)"]) is None


def test_plot_leaderboard_draws_each_rep():
    board = rep_leaderboard(None, eight_reps(), metric="won_value")
    ax = plot_leaderboard(board, metric="won_value")
    assert len(ax.patches) == 8
    assert ax.get_xlabel() == "Won value"
    # The dashed median line
    assert ax.lines[0].get_xdata()[0] == pytest.approx(45.0)


def test_plot_win_rates_leaves_out_reps_without_closed_deals():
    by_rep = deals_by_rep(pipeline(), as_of=AS_OF)
    ax = plot_win_rates(by_rep, team_rate=0.6)
    # Ann and Bob closed deals; (unknown) only has an open one.
    labels = [label.get_text() for label in ax.get_yticklabels()]
    assert sorted(labels) == ["Ann", "Bob"]
