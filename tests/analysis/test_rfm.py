"""RFM scores with heavy ties, and the segment map with its overrides."""

from __future__ import annotations

import datetime as dt

import ibis
import pandas as pd
import pytest

from portfolio.analysis import (
    DEFAULT_SEGMENT_MAP,
    OTHER_SEGMENT,
    customer_table,
    rfm_scores,
    score_counts,
    segment_map,
    with_segments,
)
from portfolio.analysis.rfm import score
from tests.conftest import lines

AS_OF = dt.date(2024, 12, 31)
ONE_DAY = [f"c{i:02d}" for i in range(16)]
REGULARS = [f"c{i:02d}" for i in range(16, 20)]


def scored(values: list[float], *, higher_is_better: bool = True) -> list[int]:
    """Score ``values`` in their order."""
    table = ibis.memtable(pd.DataFrame({"row": range(len(values)), "value": values}))
    result = table.mutate(s=score(table.value, higher_is_better=higher_is_better))
    return result.order_by("row").execute()["s"].tolist()


def test_score_spreads_distinct_values():
    # Ten distinct values: 0..9 are strictly below, so 1 + 5 * i // 10.
    assert scored(list(range(10))) == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]


def test_score_equal_values_share_score():
    values = [3, 3, 3, 3, 1, 1, 7, 7, 7, 7]
    result = scored(values)
    for value in set(values):
        assert len({s for v, s in zip(values, result, strict=True) if v == value}) == 1


def test_score_never_decreases_with_value():
    values = [5, 1, 1, 2, 2, 2, 9, 9, 4, 4, 4, 4, 8]
    pairs = sorted(zip(values, scored(values), strict=True))
    assert all(a[1] <= b[1] for a, b in zip(pairs, pairs[1:], strict=False))


def test_score_skewed_column_gives_fewer_scores():
    # Eight of ten equal to 1: none below them (score 1); the value 2 has 8 below
    # (1 + 40 // 10 = 5) and the value 3 has 9 below (1 + 45 // 10 = 5).
    assert scored([1] * 8 + [2, 3]) == [1] * 8 + [5, 5]


def test_score_all_equal_gives_one_score():
    assert scored([4.0] * 6) == [1] * 6


def test_score_reversed_for_recency():
    # Over 6 rows: recency 5 has nothing worse (1), 4 has one (1 + 5 // 6 = 1)
    # and the four recencies of 1 have two worse (1 + 10 // 6 = 2).
    result = scored([5, 4, 1, 1, 1, 1], higher_is_better=False)
    assert result == [1, 1, 2, 2, 2, 2]


def test_score_reversed_never_increases_with_value():
    values = [30, 30, 400, 2, 2, 2, 90, 90, 90, 700]
    pairs = sorted(zip(values, scored(values, higher_is_better=False), strict=True))
    assert all(a[1] >= b[1] for a, b in zip(pairs, pairs[1:], strict=False))


def tied_orders() -> pd.DataFrame:
    """Twenty customers: sixteen one-day buyers of 10 and four regulars."""
    rows = [(name, f"o-{name}", "2024-06-01", 10.0) for name in ONE_DAY]
    for name in REGULARS:
        for month in (3, 6, 9, 12):
            rows.append((name, f"o-{name}-{month}", f"2024-{month:02d}-01", 50.0))
    rows.append(("gone", "x1", "2024-05-01", -10.0))
    return lines(rows)


def test_rfm_scores_keep_base_only():
    customers = customer_table(tied_orders(), as_of=AS_OF)
    frame = rfm_scores(customers).execute()
    assert "gone" not in set(frame["customer_id"])


def test_rfm_scores_tied_frequency():
    customers = customer_table(tied_orders(), as_of=AS_OF)
    frame = rfm_scores(customers).execute().set_index("customer_id")
    # Sixteen one-day buyers have none below (1); the regulars have sixteen below
    # out of 20: 1 + 80 // 20 = 5.
    assert set(frame.loc[ONE_DAY, "f_score"]) == {1}
    assert set(frame.loc[REGULARS, "f_score"]) == {5}


def test_rfm_scores_recency_ties():
    customers = customer_table(tied_orders(), as_of=AS_OF)
    frame = rfm_scores(customers).execute().set_index("customer_id")
    # The regulars bought on 2024-12-01 (30 days) and have 16 older customers:
    # 1 + 80 // 20 = 5; the others (213 days) have none older: 1.
    assert set(frame.loc[REGULARS, "r_score"]) == {5}
    assert set(frame.loc[ONE_DAY, "r_score"]) == {1}


def test_score_counts_fill_missing_scores():
    customers = customer_table(tied_orders(), as_of=AS_OF)
    counts = score_counts(rfm_scores(customers)).set_index("score")
    assert counts["f_score"].tolist() == [16, 0, 0, 0, 4]


def test_segments_default_map():
    customers = customer_table(tied_orders(), as_of=AS_OF)
    frame = with_segments(rfm_scores(customers)).execute().set_index("customer_id")
    # Regulars: R 5, F 5, M 5 (mean 5) -> champions. One-day buyers: R 1, F 1,
    # M 1 -> lost.
    assert frame.loc["c16", "segment"] == "champions"
    assert frame.loc["c00", "segment"] == "lost"


def test_default_map_covers_every_score():
    rows = [(r, f, m) for r in range(1, 6) for f in range(1, 6) for m in range(1, 6)]
    table = ibis.memtable(pd.DataFrame(rows, columns=["r_score", "f_score", "m_score"]))
    frame = with_segments(table).execute()
    assert OTHER_SEGMENT not in set(frame["segment"])


def test_segment_map_default():
    assert segment_map({}) == DEFAULT_SEGMENT_MAP


def test_segment_map_override():
    extra = {"segment_map": {"recent": {"recency": [4, 5]}, "rest": {}}}
    chosen = segment_map(extra)
    assert chosen["recent"] == {
        "action": "retain",
        "recency": [4, 5],
        "frequency_monetary": [1, 5],
    }


def test_segment_map_override_applied():
    extra = {"segment_map": {"recent": {"recency": [5, 5], "action": "up-sell"}}}
    customers = customer_table(tied_orders(), as_of=AS_OF)
    table = with_segments(rfm_scores(customers), segment_map(extra))
    frame = table.execute().set_index("customer_id")
    assert frame.loc["c16", "segment"] == "recent"
    assert frame.loc["c16", "segment_action"] == "up-sell"
    assert frame.loc["c00", "segment"] == OTHER_SEGMENT


def test_segment_map_unknown_key():
    extra = {"segment_map": {"vip": {"recent": [4, 5]}}}
    with pytest.raises(ValueError, match=r"segment_map\['vip'\] has unknown key"):
        segment_map(extra)


def test_segment_map_bad_range():
    extra = {"segment_map": {"vip": {"recency": [5, 4]}}}
    with pytest.raises(ValueError, match=r"segment_map\['vip'\]\['recency'\]"):
        segment_map(extra)


def test_segment_map_out_of_scale():
    extra = {"segment_map": {"vip": {"frequency_monetary": [0, 6]}}}
    with pytest.raises(ValueError, match=r"\['frequency_monetary'\] is \[0, 6\]"):
        segment_map(extra)


def test_segment_map_bad_action():
    extra = {"segment_map": {"vip": {"action": "call"}}}
    with pytest.raises(ValueError, match=r"\['action'\] is 'call'"):
        segment_map(extra)


def test_segment_map_not_mapping():
    with pytest.raises(ValueError, match="must map segment names"):
        segment_map({"segment_map": ["vip"]})
