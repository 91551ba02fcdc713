"""Segments crossed with the other criteria, and the action for each customer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import ibis
import ibis.expr.types as ir
import pandas as pd

from ..engine import as_table
from ..model import UNKNOWN
from .channels import acquisition_channels
from .customers import attributed_lines
from .reps import customer_categories, customer_reps
from .rfm import ACTIONS, rfm_scores, with_segments
from .size import with_size_class

CROSSING_COLUMNS = (
    "size_class",
    "acquisition_channel",
    "sales_rep",
    "frequency_class",
    "main_category",
)
TESTIMONIAL_QUANTILE = 0.75
"""Satisfaction at or above this quantile of the known scores counts as high."""
TESTIMONIAL_MIN_F_SCORE = 4


def segment_profile(
    customers: ir.Table,
    orders: ir.Table | pd.DataFrame,
    *,
    as_of: dt.date,
    records: ir.Table | pd.DataFrame | None = None,
    leads: ir.Table | pd.DataFrame | None = None,
    size_bounds: Mapping[str, Mapping[str, Any]] | None = None,
    segments: Mapping[str, Mapping[str, Any]] | None = None,
) -> ir.Table:
    """Join each customer in the base with their scores, segment and criteria.

    Parameters
    ----------
    customers
        The output of :func:`~portfolio.analysis.customers.customer_table`.
    orders
        Canonical order lines.
    as_of
        The inclusive last day of the analysis.
    records, leads
        The canonical customers and leads tables, if any.
    size_bounds
        Size bounds, as for :func:`~portfolio.analysis.size.size_classes`.
    segments
        A checked segment map; the default map when None.

    Returns
    -------
    ibis.expr.types.Table
        The scored customers with ``segment``, ``segment_action``, the columns of
        :data:`CROSSING_COLUMNS`, ``categories`` (distinct categories bought),
        ``tenure_days`` (days since the first purchase day) and ``satisfaction``
        (null when unknown).
    """
    table = with_segments(rfm_scores(customers), segments)
    table = with_size_class(table, records, bounds=size_bounds)
    joins = [
        acquisition_channels(orders, as_of=as_of, records=records, leads=leads),
        customer_reps(orders, as_of=as_of, records=records),
        main_categories(orders, as_of=as_of),
        customer_categories(orders, as_of=as_of),
        _satisfaction(records),
    ]
    for other in joins:
        table = table.left_join(other, "customer_id").drop("customer_id_right")
    return table.mutate(
        acquisition_channel=table.acquisition_channel.coalesce(UNKNOWN),
        sales_rep=table.sales_rep.coalesce(UNKNOWN),
        main_category=table.main_category.coalesce(UNKNOWN),
        categories=table.categories.coalesce(0),
        tenure_days=ibis.literal(as_of).delta(table.first_purchase, unit="day"),
    )


def main_categories(orders: ir.Table | pd.DataFrame, *, as_of: dt.date) -> ir.Table:
    """Find each customer's product category with the highest net revenue.

    Returns
    -------
    ibis.expr.types.Table
        Columns ``customer_id`` and ``main_category``; on equal revenue the first
        category in alphabetical order wins. Customers without a line that names a
        category are left out.
    """
    lines = attributed_lines(orders, as_of=as_of)
    named = lines.filter(lines.product_category.notnull())
    spend = named.group_by(["customer_id", "product_category"]).agg(
        revenue=named.amount.sum()
    )
    window = ibis.window(
        group_by=spend.customer_id,
        order_by=[ibis.desc(spend.revenue), spend.product_category],
    )
    ranked = spend.mutate(rank=ibis.row_number().over(window))
    first = ranked.filter(ranked["rank"] == 0)
    return first.select("customer_id", main_category="product_category")


def _satisfaction(records: ir.Table | pd.DataFrame | None) -> ir.Table:
    if records is None:
        empty = pd.DataFrame({"customer_id": [], "satisfaction": []})
        return ibis.memtable(
            empty.astype({"customer_id": "string", "satisfaction": "float64"})
        )
    table = as_table(records)
    if "satisfaction" not in table.columns:
        return _satisfaction(None)
    known = table.filter(table.satisfaction.notnull())
    return known.select("customer_id", satisfaction=known.satisfaction.cast("float64"))


def segment_summary(profile: ir.Table) -> pd.DataFrame:
    """Count customers and net revenue per segment, largest revenue first.

    Returns
    -------
    pandas.DataFrame
        Columns ``segment``, ``action``, ``customers``, ``revenue``,
        ``customer_share`` and ``revenue_share``; the rows add up to the base.
    """
    grouped = profile.group_by(["segment", "segment_action"]).agg(
        customers=profile.count(), revenue=profile.revenue.sum()
    )
    frame = grouped.execute().rename(columns={"segment_action": "action"})
    frame["revenue"] = frame["revenue"].astype(float).round(2)
    frame = frame.sort_values(["revenue", "segment"], ascending=[False, True])
    frame["customer_share"] = _share(frame["customers"])
    frame["revenue_share"] = _share(frame["revenue"])
    return frame.reset_index(drop=True)


def _share(values: pd.Series) -> pd.Series:
    total = float(values.sum())
    if not total:
        return values * 0.0
    return (values / total).round(4)


def segment_crossing(profile: ir.Table, column: str) -> pd.DataFrame:
    """Cross segments with one criterion, with the count expected by chance.

    Parameters
    ----------
    profile
        The output of :func:`segment_profile`.
    column
        One of :data:`CROSSING_COLUMNS`.

    Returns
    -------
    pandas.DataFrame
        One row per segment and value of ``column`` that has customers: ``segment``,
        ``value``, ``customers``, ``revenue``, ``expected`` (segment total times
        value total over all customers, the count if the two were independent) and
        ``ratio`` (customers over expected).
    """
    if column not in CROSSING_COLUMNS:
        raise ValueError(f"unknown crossing column {column!r}; use {CROSSING_COLUMNS}")
    grouped = profile.group_by(["segment", column]).agg(
        customers=profile.count(), revenue=profile.revenue.sum()
    )
    frame = grouped.execute().rename(columns={column: "value"})
    frame["value"] = frame["value"].fillna(UNKNOWN).astype(str)
    frame["revenue"] = frame["revenue"].astype(float).round(2)
    total = frame["customers"].sum()
    by_segment = frame.groupby("segment")["customers"].transform("sum")
    by_value = frame.groupby("value")["customers"].transform("sum")
    expected = by_segment * by_value / total
    frame["expected"] = expected.round(4)
    frame["ratio"] = (frame["customers"] / expected).round(4)
    return frame.sort_values(["segment", "value"]).reset_index(drop=True)


def representation(
    crossing: pd.DataFrame, *, min_count: float = 5, min_change: float = 0.2
) -> dict[str, dict[str, Any] | None]:
    """Find the strongest over- and under-representation in a crossing.

    Parameters
    ----------
    crossing
        The output of :func:`segment_crossing`.
    min_count
        A cell counts only when both its customers and its expected count reach this
        number, so that a ratio of 2 on one customer is not reported.
    min_change
        A cell counts only when its ratio departs from 1 by at least this much, so
        that 1.03 times the expected count is not called an over-representation.

    Returns
    -------
    dict
        ``over`` (the cell with the highest ratio, at least ``1 + min_change``)
        and ``under`` (the cell with the lowest ratio, at most ``1 - min_change``),
        each a dict of the row or None. Cells that are absent from the crossing
        have no customer and are not considered.
    """
    ranked = crossing[
        (crossing["customers"] >= min_count) & (crossing["expected"] >= min_count)
    ]
    ranked = ranked.sort_values(["ratio", "segment", "value"])
    over = ranked[ranked["ratio"] >= 1 + min_change]
    under = ranked[ranked["ratio"] <= 1 - min_change]
    return {
        "over": _row(over, -1) if len(over) else None,
        "under": _row(under, 0) if len(under) else None,
    }


def _row(frame: pd.DataFrame, position: int) -> dict[str, Any]:
    return {str(key): value for key, value in frame.iloc[position].items()}


def crossing_grid(
    crossing: pd.DataFrame,
    measure: str,
    *,
    limit: int | None = None,
    rest: str = "other",
) -> pd.DataFrame:
    """Pivot a crossing into segments by values, with ``measure`` in the cells.

    Parameters
    ----------
    crossing
        The output of :func:`segment_crossing`.
    measure
        The column to show, such as ``customers`` or ``revenue``.
    limit
        Keep this many values with the most customers and sum the others into one
        column named ``rest``, so that the grid still adds up. None keeps every
        value.
    rest
        The name of the column of the other values.

    Returns
    -------
    pandas.DataFrame
        Segments as rows, values as columns by decreasing customers, zero where a
        segment has no customer with that value.
    """
    totals = crossing.groupby("value")["customers"].sum()
    order = sorted(totals.index, key=lambda value: (-totals[value], value))
    shown = order if limit is None else order[:limit]
    values = crossing["value"].where(crossing["value"].isin(shown), rest)
    grouped = crossing.assign(value=values).groupby(["segment", "value"])[measure]
    grid = grouped.sum().unstack("value", fill_value=0)
    columns = shown + ([rest] if len(order) > len(shown) else [])
    return grid.reindex(columns=columns, fill_value=0)


def customer_actions(profile: ir.Table) -> ir.Table:
    """Choose each customer's action: the segment's, or a testimonial request.

    Frequent buyers (F score of at least :data:`TESTIMONIAL_MIN_F_SCORE`) whose
    satisfaction is known and at or above the :data:`TESTIMONIAL_QUANTILE` quantile
    of the known scores are asked for a testimonial instead.

    Returns
    -------
    ibis.expr.types.Table
        Columns ``customer_id``, ``segment``, ``action``, ``owner_rep`` (the rep
        who handles the customer), ``satisfaction`` and ``revenue``.
    """
    known = profile.satisfaction.notnull()
    threshold = profile.satisfaction.quantile(TESTIMONIAL_QUANTILE).over(ibis.window())
    testimonial = (
        known
        & (profile.f_score >= TESTIMONIAL_MIN_F_SCORE)
        & (profile.satisfaction >= threshold)
    )
    action = ibis.ifelse(testimonial, ACTIONS[-1], profile.segment_action)
    return profile.select(
        "customer_id",
        "segment",
        action=action,
        owner_rep=profile.sales_rep,
        satisfaction=profile.satisfaction,
        revenue=profile.revenue,
    )


def action_counts(actions: pd.DataFrame) -> dict[str, int]:
    """Count customers per action, with every action of :data:`ACTIONS` present."""
    counts = actions["action"].value_counts()
    return {name: int(counts.get(name, 0)) for name in ACTIONS}
