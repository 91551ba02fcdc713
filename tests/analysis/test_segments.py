"""Segments crossed with size, channel, rep, frequency and category, and actions."""

from __future__ import annotations

import datetime as dt

import ibis
import pandas as pd
import pytest

from portfolio.analysis import (
    action_counts,
    crossing_grid,
    customer_actions,
    customer_table,
    main_categories,
    representation,
    segment_crossing,
    segment_profile,
    segment_summary,
)
from portfolio.plots import plot_heatmap, plot_segments
from tests.conftest import lines

AS_OF = dt.date(2024, 12, 31)
COLUMNS = "customer_id order_id order_date amount product_category sales_rep channel"
ONE_DAY = [f"c{i:02d}" for i in range(16)]
REGULARS = [f"c{i:02d}" for i in range(16, 20)]


def orders() -> pd.DataFrame:
    """Sixteen one-day buyers (lost) and four regulars (champions).

    The regulars are handled by Ann and the one-day buyers by Bob, except c00 and
    c01 who have Ann too.
    """
    rows = []
    for name in ONE_DAY:
        rep = "Ann" if name in ("c00", "c01") else "Bob"
        rows.append((name, f"o-{name}", "2024-06-01", 10.0, "paper", rep, "shop"))
    for name in REGULARS:
        for month in (3, 6, 9, 12):
            day = f"2024-{month:02d}-01"
            rows.append((name, f"o-{name}-{month}", day, 40.0, "ink", "Ann", "web"))
            rows.append((name, f"o-{name}-{month}", day, 10.0, "paper", "Ann", "web"))
    rows.append((None, "loose", "2024-06-01", 99.0, "ink", None, None))
    return lines(rows, COLUMNS)


def records() -> pd.DataFrame:
    """Customer records: c16 and c00 are satisfied at 9, c17 at 5."""
    names = ONE_DAY + REGULARS
    satisfaction = {"c16": 9.0, "c17": 5.0, "c00": 9.0}
    return pd.DataFrame(
        {
            "customer_id": names,
            "customer_type": ["company"] * len(names),
            "employees": [5.0] * 16 + [6000.0] * 4,
            "company_revenue": [None] * len(names),
            "acquisition_channel": [None] * len(names),
            "sales_rep": [None] * len(names),
            "satisfaction": [satisfaction.get(name) for name in names],
        }
    )


def profile(with_records: bool = True) -> ibis.Table:
    data = orders()
    customers = customer_table(data, as_of=AS_OF)
    found = records() if with_records else None
    return segment_profile(customers, data, as_of=AS_OF, records=found)


def test_profile_criteria():
    frame = profile().execute().set_index("customer_id")
    assert frame.loc["c16", "segment"] == "champions"
    assert frame.loc["c05", "segment"] == "lost"
    assert frame.loc["c16", "size_class"] == "large"
    assert frame.loc["c05", "size_class"] == "micro"
    assert frame.loc["c16", "acquisition_channel"] == "web"
    assert frame.loc["c16", "main_category"] == "ink"
    assert frame.loc["c16", "categories"] == 2
    # First purchase 2024-03-01, 305 days before 2024-12-31.
    assert frame.loc["c16", "tenure_days"] == 305


def test_profile_without_records():
    frame = profile(with_records=False).execute().set_index("customer_id")
    assert set(frame["size_class"]) == {"unknown"}
    assert frame["satisfaction"].isna().all()


def test_main_category_tie_alphabetical():
    data = lines(
        [("a", "1", "2024-01-01", 10.0, "pens", None, None)]
        + [("a", "2", "2024-01-02", 10.0, "ink", None, None)],
        COLUMNS,
    )
    frame = main_categories(data, as_of=AS_OF).execute()
    assert frame["main_category"].tolist() == ["ink"]


def test_segment_summary_adds_up():
    summary = segment_summary(profile()).set_index("segment")
    # Regulars: 4 x 4 x 50 = 800; one-day buyers: 16 x 10 = 160.
    assert summary.loc["champions", "revenue"] == 800.0
    assert summary.loc["lost", "revenue"] == 160.0
    assert summary["customers"].sum() == 20


def test_crossing_expected_and_ratio():
    crossing = segment_crossing(profile(), "sales_rep")
    cell = crossing.set_index(["segment", "value"]).loc[("champions", "Ann")]
    # 20 customers; 4 champions; Ann has 4 + 2 = 6: expected 4 x 6 / 20 = 1.2,
    # ratio 4 / 1.2 = 3.3333.
    assert cell["expected"] == 1.2
    assert cell["ratio"] == 3.3333


def test_crossing_unknown_column():
    with pytest.raises(ValueError, match="unknown crossing column 'colour'"):
        segment_crossing(profile(), "colour")


def test_representation_over_and_under():
    crossing = segment_crossing(profile(), "sales_rep")
    found = representation(crossing, min_count=1)
    # lost x Bob: 16 lost, 14 Bob: expected 16 x 14 / 20 = 11.2, ratio 1.25;
    # lost x Ann: expected 16 x 6 / 20 = 4.8, ratio 2 / 4.8 = 0.4167.
    assert found["over"]["segment"] == "champions"
    assert found["under"]["value"] == "Ann"
    assert found["under"]["ratio"] == 0.4167


def test_representation_min_count():
    crossing = segment_crossing(profile(), "sales_rep")
    found = representation(crossing, min_count=5)
    # Only lost x Bob has 5 customers and an expected count of 5 (11.2).
    assert found["over"]["value"] == "Bob"
    assert found["under"] is None


def test_representation_min_change():
    crossing = segment_crossing(profile(), "sales_rep")
    found = representation(crossing, min_count=5, min_change=0.3)
    # lost x Bob has a ratio of 1.25, under 1 + 0.3.
    assert found["over"] is None


def test_crossing_grid_fills_zero():
    crossing = segment_crossing(profile(), "sales_rep")
    grid = crossing_grid(crossing, "customers")
    assert grid.loc["champions", "Bob"] == 0


def test_crossing_grid_groups_rest():
    crossing = segment_crossing(profile(), "frequency_class")
    grid = crossing_grid(crossing, "customers", limit=1, rest="other")
    # one-time (16) is the largest column; quarterly (4) goes to "other".
    assert list(grid.columns) == ["one-time", "other"]
    assert grid.loc["champions", "other"] == 4


def test_actions_testimonial():
    frame = customer_actions(profile()).execute().set_index("customer_id")
    # Known scores 9, 5, 9: the 0.75 quantile is 9. c16 is frequent (F 5) and at
    # 9; c17 is at 5; c00 is at 9 but bought once (F 1).
    assert frame.loc["c16", "action"] == "ask for a testimonial"
    assert frame.loc["c17", "action"] == "retain"
    assert frame.loc["c00", "action"] == "reactivate"


def test_actions_owner_rep():
    frame = customer_actions(profile()).execute().set_index("customer_id")
    assert frame.loc["c00", "owner_rep"] == "Ann"
    assert frame.loc["c05", "owner_rep"] == "Bob"


def test_actions_without_satisfaction():
    frame = customer_actions(profile(with_records=False)).execute()
    assert "ask for a testimonial" not in set(frame["action"])


def test_action_counts_all_actions():
    counts = action_counts(customer_actions(profile()).execute())
    # 16 lost to reactivate, 3 champions to retain, 1 testimonial.
    assert counts == {
        "reactivate": 16,
        "up-sell": 0,
        "cross-sell": 0,
        "retain": 3,
        "ask for a testimonial": 1,
    }


def test_plot_segments_labels_customers():
    summary = segment_summary(profile())
    ax = plot_segments(summary)
    labels = [text.get_text() for text in ax.texts]
    assert labels == ["16", "4"]


def test_plot_heatmap_writes_values():
    grid = crossing_grid(segment_crossing(profile(), "sales_rep"), "revenue")
    ax = plot_heatmap(grid, money=True)
    # champions x Ann: 4 regulars x 200 = 800.
    assert "800" in [text.get_text() for text in ax.texts]
