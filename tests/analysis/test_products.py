"""Products: revenue, ABC classes, previous period, company size and cross-sell."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from portfolio.analysis import (
    abc_classes,
    abc_summary,
    comparison_periods,
    cross_sell_pairs,
    customer_table,
    period_change,
    product_fields,
    product_key,
    product_summary,
    rare_products,
    revenue_by_size_class,
)
from portfolio.config import Params
from portfolio.plots import plot_pareto, plot_product_revenue
from portfolio.validate import load_sources
from tests.conftest import lines

AS_OF = dt.date(2024, 6, 30)
COLUMNS = "customer_id order_id order_date product_id product_name amount quantity"


def product_lines(rows: list[tuple]) -> pd.DataFrame:
    """Lines of (customer, order, day, product id, amount), one unit each."""
    frame = lines([(*row[:4], f"Name {row[3]}", row[4], 1) for row in rows], COLUMNS)
    frame["product_category"] = None
    return frame


def base_of(frame: pd.DataFrame):
    return customer_table(frame, as_of=AS_OF)


def test_abc_crossing_product_is_a_and_ties_break_by_id():
    # Six products of 20.00 each, listed out of order: positive total 120.00, so
    # A ends where 80 % = 96.00 is crossed. Before P5 come 80.00 (< 96), so P5,
    # which reaches 100.00, is A. Before P6 come 100.00 (>= 96 but < 95 % =
    # 114.00), so P6 is B. Z0 (0.00) and A9 (-5.00) are C whatever their id.
    ids = ["P4", "P6", "P1", "P3", "P5", "P2"]
    rows = [("C", f"O{n}", "2024-06-01", key, 20.0) for n, key in enumerate(ids)]
    rows += [("C", "O7", "2024-06-01", "Z0", 0.0), ("C", "O8", "2024-06-01", "A9", -5)]
    classes = abc_classes(product_lines(rows), as_of=AS_OF).set_index("product_id")
    assert list(classes.index) == ["P1", "P2", "P3", "P4", "P5", "P6", "Z0", "A9"]
    assert classes.loc["P5", "abc_class"] == "A"
    assert classes.loc["P6", "abc_class"] == "B"
    assert classes.loc["Z0", "abc_class"] == "C"
    assert classes.loc["A9", "abc_class"] == "C"
    # Cumulative share of the positive total: 100 / 120 after P5.
    assert classes.loc["P5", "cumulative_share"] == pytest.approx(0.8333)


def test_abc_product_reaching_bound_exactly():
    # Ten products of 10.00: P08 brings the cumulative revenue to exactly 80.00,
    # so P08 is the last A. P09 starts at 80.00 and P10 at 90.00, both below
    # 95.00, so both are B and no product is C.
    rows = [("C", f"O{n}", "2024-06-01", f"P{n:02d}", 10.0) for n in range(10, 0, -1)]
    classes = abc_classes(product_lines(rows), as_of=AS_OF)
    counts = abc_summary(classes).set_index("abc_class")["products"].to_dict()
    assert counts == {"A": 8, "B": 2, "C": 0}
    last_a = classes[classes["abc_class"] == "A"]["product_id"].iloc[-1]
    assert last_a == "P08"


def test_abc_shares_are_parameters():
    # Revenues 50, 30, 20 with A = 50 %: before B come 50.00, not below 50.00,
    # so only P1 is A. With B = 60 %, P2 (before it 50.00 < 60.00) is B.
    rows = [
        ("C", "O1", "2024-06-01", "P1", 50.0),
        ("C", "O2", "2024-06-01", "P2", 30.0),
        ("C", "O3", "2024-06-01", "P3", 20.0),
    ]
    shares = {"A": 0.5, "B": 0.6}
    classes = abc_classes(product_lines(rows), as_of=AS_OF, shares=shares)
    assert classes["abc_class"].tolist() == ["A", "B", "C"]


def test_abc_summary_adds_up_to_net_total():
    # 85 + 15 - 10 = 90.00 net. P1 is A, P2 (after 85.00 >= 80.00) is B, P3 is
    # C. The class shares are of the positive total 100.00.
    rows = [
        ("C", "O1", "2024-06-01", "P1", 85.0),
        ("C", "O2", "2024-06-01", "P2", 15.0),
        ("C", "O3", "2024-06-01", "P3", -10.0),
    ]
    summary = abc_summary(abc_classes(product_lines(rows), as_of=AS_OF))
    summary = summary.set_index("abc_class")
    assert summary["revenue"].sum() == pytest.approx(90.0)
    assert summary.loc["A", "revenue_share"] == pytest.approx(0.85)
    assert summary.loc["B", "revenue_share"] == pytest.approx(0.15)
    assert summary.loc["C", "revenue"] == pytest.approx(-10.0)


def test_penetration_and_unattributed_lines():
    # Base: A, B, C and D have a positive day. E's only line is 0.00, so E is
    # outside the base and buys nothing. P1 is net-bought by A only: penetration
    # 1 / 4. The unattributed line adds 5.00, 1 unit and 1 order to P1 but no
    # customer. E's 0.00 order is not negative, so it counts: 3 orders.
    rows = [
        ("A", "O1", "2024-06-01", "P1", 10.0),
        ("B", "O2", "2024-06-01", "P2", 10.0),
        ("C", "O3", "2024-06-01", "P2", 10.0),
        ("D", "O4", "2024-06-01", "P2", 10.0),
        ("E", "O5", "2024-06-01", "P1", 0.0),
        (None, "O6", "2024-06-02", "P1", 5.0),
    ]
    frame = product_lines(rows)
    summary = product_summary(frame, customers=base_of(frame), as_of=AS_OF)
    p1 = summary.set_index("product_id").loc["P1"]
    assert p1["customers"] == 1
    assert p1["penetration"] == pytest.approx(0.25)
    assert p1["revenue"] == pytest.approx(15.0)
    assert p1["units"] == 3
    assert p1["orders"] == 3
    assert p1["product_name"] == "Name P1"
    assert summary["revenue"].sum() == pytest.approx(45.0)


def test_product_named_by_most_lines():
    # Two lines call P1 "Lamp" and one "damaged": the name is "Lamp".
    frame = product_lines([("A", f"O{n}", "2024-06-01", "P1", 1.0) for n in (1, 2, 3)])
    frame["product_name"] = ["Lamp", "damaged", "Lamp"]
    summary = product_summary(frame, customers=base_of(frame), as_of=AS_OF)
    assert summary["product_name"].tolist() == ["Lamp"]


def test_blank_product_counts_as_unknown():
    rows = [
        ("A", "O1", "2024-06-01", "P1", 10.0),
        ("A", "O2", "2024-06-01", " ", 4.0),
        ("A", "O3", "2024-06-01", None, 6.0),
    ]
    frame = product_lines(rows)
    summary = product_summary(frame, customers=base_of(frame), as_of=AS_OF)
    revenue = summary.set_index("product_id")["revenue"].to_dict()
    assert revenue == {"P1": 10.0, "(unknown)": 10.0}


def test_rare_products_by_penetration_or_orders():
    # 4 customers. P1: 3 buyers in 3 orders. P2: 2 buyers (50 %) in 2 orders,
    # rare with min_orders=3. P3: 1 buyer in 3 orders, penetration 25 %, rare
    # with min_penetration=0.3. The unknown product is never listed.
    rows = [("A", "O1", "2024-06-01", "P1", 10.0)]
    rows += [("B", "O2", "2024-06-01", "P1", 10.0)]
    rows += [("C", "O3", "2024-06-01", "P1", 10.0)]
    rows += [("C", "O4", "2024-06-01", "P2", 10.0)]
    rows += [("D", "O5", "2024-06-01", "P2", 10.0)]
    rows += [("D", f"O{n}", "2024-06-02", "P3", 1.0) for n in (6, 7, 8)]
    rows += [("D", "O9", "2024-06-02", None, 1.0)]
    frame = product_lines(rows)
    summary = product_summary(frame, customers=base_of(frame), as_of=AS_OF)
    by_orders = rare_products(summary, min_penetration=0.0, min_orders=3)
    assert by_orders["product_id"].tolist() == ["P2"]
    by_share = rare_products(summary, min_penetration=0.3, min_orders=1)
    assert by_share["product_id"].tolist() == ["P3"]


def test_cross_sell_hand_computed():
    # Five customers in the base. Buyers: P1 W X Y Z (4), P2 W X Z (3), P3 X Y V
    # (3). V bought P1 and returned it, so V is no P1 buyer.
    #   P1-P2: W X Z = 3, support 3/5, confidence 3/4, lift 3*5 / (4*3) = 1.25.
    #   P1-P3: X Y = 2, support 2/5, confidence 2/4, lift 2*5 / (4*3) = 0.8333.
    #   P2-P3: X = 1, below the minimum of 2 customers.
    bought = {"W": "P1 P2", "X": "P1 P2 P3", "Y": "P1 P3", "Z": "P1 P2", "V": "P3"}
    rows = [
        (customer, f"{customer}{key}", "2024-06-01", key, 10.0)
        for customer, keys in bought.items()
        for key in keys.split()
    ]
    rows += [("V", "V-R", "2024-06-01", "P1", 10.0)]
    rows += [("V", "V-C", "2024-06-02", "P1", -10.0)]
    rows += [
        (None, "U1", "2024-06-02", "P2", 10.0),
        (None, "U1", "2024-06-02", "P3", 5),
    ]
    frame = product_lines(rows)

    result = cross_sell_pairs(
        frame, customers=base_of(frame), as_of=AS_OF, min_customers=2
    )
    assert result.total == 2
    assert result.base == 5
    first = result.pairs.iloc[0]
    assert (first["item_a"], first["item_b"]) == ("P1", "P2")
    assert first["customers_both"] == 3
    assert first["support"] == pytest.approx(0.6)
    assert first["confidence"] == pytest.approx(0.75)
    assert first["reverse_confidence"] == pytest.approx(1.0)
    assert first["lift"] == pytest.approx(1.25)
    assert first["prospects"] == 1
    assert first["name_b"] == "Name P2"

    second = result.pairs.iloc[1]
    assert (second["item_a"], second["item_b"]) == ("P1", "P3")
    assert second["support"] == pytest.approx(0.4)
    assert second["confidence"] == pytest.approx(0.5)
    assert second["lift"] == pytest.approx(0.833, abs=1e-3)


def test_cross_sell_orients_ties_by_id():
    # P2 and P3 each have 3 buyers. With min_customers=1, their pair puts P2
    # first: confidence 1/3, lift 1*5 / (3*3) = 0.556.
    bought = {"W": "P2", "X": "P2 P3", "Y": "P3", "Z": "P2", "V": "P3"}
    rows = [
        (customer, f"{customer}{key}", "2024-06-01", key, 10.0)
        for customer, keys in bought.items()
        for key in keys.split()
    ]
    frame = product_lines(rows)
    result = cross_sell_pairs(
        frame, customers=base_of(frame), as_of=AS_OF, min_customers=1
    )
    pair = result.pairs.iloc[0]
    assert (pair["item_a"], pair["item_b"]) == ("P2", "P3")
    assert pair["confidence"] == pytest.approx(0.3333)
    assert pair["lift"] == pytest.approx(0.556, abs=1e-3)


def test_previous_period_change():
    # 12 months to 2024-06-30: current from 2023-07-01, previous from
    # 2022-07-01 to 2023-06-30. P1: 100.00 before, 150.00 now: +50.00, +50 %.
    # P2: only 40.00 now (its 2022-06-30 line is older than both periods),
    # so no rate. P3: 80.00 before, nothing now: -80.00, -100 %.
    rows = [
        ("A", "O1", "2023-06-30 23:59", "P1", 100.0),
        ("A", "O2", "2023-07-01 00:00", "P1", 150.0),
        ("A", "O3", "2022-06-30 12:00", "P2", 99.0),
        ("A", "O4", "2024-06-30 18:00", "P2", 40.0),
        ("A", "O5", "2022-07-01 00:00", "P3", 80.0),
    ]
    change = period_change(product_lines(rows), as_of=AS_OF, months=12)
    change = change.set_index("product_id")
    assert list(change.index) == ["P1", "P2", "P3"]
    assert change.loc["P1", "net_change"] == pytest.approx(50.0)
    assert change.loc["P1", "net_change_rate"] == pytest.approx(0.5)
    assert change.loc["P2", "previous_revenue"] == pytest.approx(0.0)
    assert pd.isna(change.loc["P2", "net_change_rate"])
    assert change.loc["P3", "net_change_rate"] == pytest.approx(-1.0)
    assert change.loc["P1", "previous_units"] == 1


def test_comparison_periods_bounds():
    rows = [("A", "O1", "2023-01-15", "P1", 10.0)]
    periods = comparison_periods(product_lines(rows), as_of=AS_OF, months=12)
    assert periods["start"] == dt.date(2023, 7, 1)
    assert periods["previous_start"] == dt.date(2022, 7, 1)
    assert periods["previous_end"] == dt.date(2023, 6, 30)
    assert periods["data_start"] == dt.date(2023, 1, 15)
    assert periods["previous_complete"] is False
    # 6 months: current from 2024-01-01, previous from 2023-07-01, which the
    # data (from 2023-01-15) covers.
    six = comparison_periods(product_lines(rows), as_of=AS_OF, months=6)
    assert six["previous_start"] == dt.date(2023, 7, 1)
    assert six["previous_complete"] is True


def test_comparison_periods_fit_short_history():
    # From 2023-01-15 to the end of 2024-06-30 the data covers 17 whole months
    # (2023-02-01 to 2024-06-30), so each period lasts 17 // 2 = 8 months:
    # previous 2023-03-01 to 2023-10-31, current 2023-11-01 to 2024-06-30.
    rows = [("A", "O1", "2023-01-15", "P1", 10.0)]
    periods = comparison_periods(product_lines(rows), as_of=AS_OF)
    assert periods["months"] == 8
    assert periods["start"] == dt.date(2023, 11, 1)
    assert periods["previous_start"] == dt.date(2023, 3, 1)
    assert periods["previous_complete"] is True
    # Three years of data keep 12 months.
    old = [("A", "O1", "2021-06-01", "P1", 10.0)]
    assert comparison_periods(product_lines(old), as_of=AS_OF)["months"] == 12
    # One month of data leaves no previous period.
    recent = [("A", "O1", "2024-06-01", "P1", 10.0)]
    short = comparison_periods(product_lines(recent), as_of=AS_OF)
    assert short["months"] == 0
    assert short["previous_complete"] is False


def test_size_class_mix_adds_up():
    # M is a micro company, L a large one, N has no record (unknown), and one
    # line has no customer (unattributed): 10 + 30 + 20 + 5 + 7 = 72.00.
    frame = product_lines(
        [
            ("M", "O1", "2024-06-01", "P1", 10.0),
            ("M", "O2", "2024-06-01", "P2", 30.0),
            ("L", "O3", "2024-06-01", "P1", 20.0),
            ("N", "O4", "2024-06-01", "P1", 5.0),
            (None, "O5", "2024-06-01", "P2", 7.0),
        ]
    )
    records = pd.DataFrame(
        {
            "customer_id": ["M", "L"],
            "employees": [3, 9000],
            "company_revenue": [1e5, 5e9],
            "customer_type": ["company", "company"],
        }
    )
    mix = revenue_by_size_class(frame, as_of=AS_OF, records=records, by="product_id")
    assert mix["revenue"].sum() == pytest.approx(72.0)
    micro = mix[mix["size_class"] == "micro"].set_index("product_id")
    # Micro revenue: P1 10 of 40, P2 30 of 40.
    assert micro.loc["P2", "class_share"] == pytest.approx(0.75)
    assert mix["size_class"].tolist() == [
        "micro",
        "micro",
        "large",
        "unknown",
        "unattributed",
    ]


def test_product_key_falls_back_to_name():
    frame = lines([("A", "O1", "2024-06-01", 1.0)])
    frame["product_name"] = ["Lamp"]
    fields = product_fields(frame, as_of=AS_OF)
    assert fields["product_id"] is False
    assert fields["product_name"] is True
    assert product_key(fields) == "product_name"
    assert product_key({"product_id": False, "product_name": False}) is None


def test_invalid_grouping_column():
    frame = product_lines([("A", "O1", "2024-06-01", "P1", 1.0)])
    with pytest.raises(ValueError, match="by must be one of product_id"):
        abc_classes(frame, as_of=AS_OF, by="sku")


def test_returns_case_ranking(tmp_path, cases_dir):
    spec = {
        "path": str(cases_dir / "C14_invoice_lines_returns.csv"),
        "columns": {
            "order_id": "invoice_id",
            "customer_id": "customer_id",
            "order_date": "invoice_date",
            "product_name": "product",
            "quantity": "quantity",
            "unit_price": "unit_price",
        },
    }
    params = Params.model_validate(
        {"as_of": "2024-06-30", "sources": {"orders": [spec]}}
    )
    orders = load_sources(params, params_file=tmp_path / "p.yaml").tables["orders"]

    as_of = dt.date(2024, 6, 30)
    key = product_key(product_fields(orders, as_of=as_of))
    summary = product_summary(
        orders, customers=customer_table(orders, as_of=as_of), as_of=as_of, by=key
    )
    # Desk Lamp: 2 x 30 + 30 - 30 = 60.00, 2 + 1 - 1 = 2 units, net-bought by R1
    # only, out of R1 and R2 in the base. Chair: 120 - 120 = 0.00, 0 units,
    # one order (the credit note C-3 is not one) and no buyer.
    assert summary["product_name"].tolist() == ["Desk Lamp", "Chair"]
    lamp, chair = summary.iloc[0], summary.iloc[1]
    assert lamp["revenue"] == pytest.approx(60.00)
    assert lamp["units"] == 2
    assert lamp["penetration"] == pytest.approx(0.5)
    assert chair["revenue"] == pytest.approx(0.00)
    assert chair["units"] == 0
    assert chair["orders"] == 1
    assert chair["customers"] == 0

    classes = abc_classes(orders, as_of=as_of, by=key)
    assert classes["abc_class"].tolist() == ["A", "C"]


def test_product_charts_draw_rows():
    # Three products: the revenue chart has one bar each, the Pareto chart one
    # dot each and a dashed line for each of the A and B bounds.
    rows = [
        ("A", "O1", "2024-06-01", "P1", 30.0),
        ("B", "O2", "2024-06-01", "P2", 20.0),
        ("B", "O3", "2024-06-01", "P3", 10.0),
    ]
    frame = product_lines(rows)
    summary = product_summary(frame, customers=base_of(frame), as_of=AS_OF)
    bars = plot_product_revenue(summary, key="product_id")
    assert len(bars.patches) == 3
    assert [tick.get_text() for tick in bars.get_yticklabels()][0] == "Name P1"

    pareto = plot_pareto(abc_classes(frame, as_of=AS_OF), shares={"A": 0.8, "B": 0.95})
    assert len(pareto.collections[0].get_offsets()) == 3
    dashed = [line for line in pareto.get_lines() if line.get_linestyle() == "--"]
    assert len(dashed) == 2
