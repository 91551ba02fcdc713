"""Product trends: each product's revenue against the previous period.

Products, revenue and units follow the definitions of
:mod:`portfolio.analysis.products`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import ibis
import ibis.expr.types as ir
import pandas as pd

from ..engine import end_of
from .products import _keyed_lines, _lines, _name_columns, _with_names

MAX_COMPARISON_MONTHS = 12


def comparison_periods(
    orders: ir.Table | pd.DataFrame, *, as_of: dt.date, months: int | None = None
) -> dict[str, Any]:
    """Define the current period and the previous period of the same length.

    The current period is the ``months`` months that end with ``as_of``. For
    ``as_of`` 2024-12-31 and 12 months, it runs from 2024-01-01 to 2024-12-31 and
    the previous period from 2023-01-01 to 2023-12-31. When ``months`` is None,
    the periods last 12 months, or the longest whole number of months that the
    data covers twice when its history is shorter than 24 months.

    Returns
    -------
    dict
        ``months`` (0 when the data covers less than two whole months),
        ``start`` and ``end`` of the current period, ``previous_start`` and
        ``previous_end`` (all inclusive days), ``data_start`` (the first order
        day, None without lines) and ``previous_complete`` (True when the data
        begins on or before ``previous_start``).
    """
    end = pd.Timestamp(end_of(as_of))
    first = _lines(orders, as_of).order_date.min().execute()
    data_start = None if first is None or pd.isna(first) else first.date()
    if months is None:
        months = min(MAX_COMPARISON_MONTHS, _months_covered(data_start, end) // 2)
    start = end - pd.DateOffset(months=months)
    previous_start = end - pd.DateOffset(months=2 * months)
    complete = (
        months > 0 and data_start is not None and data_start <= previous_start.date()
    )
    return {
        "months": months,
        "start": start.date(),
        "end": as_of,
        "previous_start": previous_start.date(),
        "previous_end": (start - pd.Timedelta(days=1)).date(),
        "data_start": data_start,
        "previous_complete": complete,
    }


def _months_covered(data_start: dt.date | None, end: pd.Timestamp) -> int:
    """Count the whole months from ``data_start`` to the instant ``end``."""
    if data_start is None:
        return 0
    months = (end.year - data_start.year) * 12 + end.month - data_start.month
    if end - pd.DateOffset(months=months) < pd.Timestamp(data_start):
        months -= 1
    return max(months, 0)


def period_change(
    orders: ir.Table | pd.DataFrame,
    *,
    as_of: dt.date,
    by: str = "product_id",
    months: int | None = None,
) -> pd.DataFrame:
    """Compare each product's revenue and units with the previous period.

    The periods are those of :func:`comparison_periods`, and ``months`` has the
    same meaning.

    Returns
    -------
    pandas.DataFrame
        One row per value of ``by`` sold in either period, by ``net_change``
        (highest first), then ``by``. Columns: ``by``, ``product_name`` (when
        ``by`` is ``product_id``), ``revenue``, ``previous_revenue``,
        ``net_change`` (current minus previous), ``net_change_rate`` (change
        over previous revenue, missing unless the previous revenue is positive),
        ``units`` and ``previous_units``.
    """
    periods = comparison_periods(orders, as_of=as_of, months=months)
    lines = _keyed_lines(orders, as_of, by)
    start = dt.datetime.combine(periods["start"], dt.time())
    lines = lines.filter(
        lines.order_date >= dt.datetime.combine(periods["previous_start"], dt.time())
    )
    current = lines.order_date >= start
    grouped = lines.group_by("key").agg(
        revenue=current.ifelse(lines.amount, 0).sum(),
        previous_revenue=(~current).ifelse(lines.amount, 0).sum(),
        # quantity * 0 keeps a missing quantity missing, so units stay unknown.
        units=current.ifelse(lines.quantity, lines.quantity * 0).sum(),
        previous_units=current.ifelse(lines.quantity * 0, lines.quantity).sum(),
    )
    change = grouped.revenue - grouped.previous_revenue
    rate = (grouped.previous_revenue > 0).ifelse(
        change / grouped.previous_revenue, ibis.null()
    )
    table = grouped.mutate(net_change=change, net_change_rate=rate)
    table = _with_names(table, lines, by)
    frame = table.order_by([ibis.desc("net_change"), "key"]).execute()

    money = ["revenue", "previous_revenue", "net_change"]
    frame[money] = frame[money].astype(float).round(2)
    frame["net_change_rate"] = frame["net_change_rate"].astype(float).round(4)
    columns = ["key", *_name_columns(by), *money, "net_change_rate"]
    columns += ["units", "previous_units"]
    return frame[columns].rename(columns={"key": by})


def biggest_changes(change: pd.DataFrame, *, top: int = 10) -> pd.DataFrame:
    """Keep the ``top`` largest rises and the ``top`` largest falls of revenue.

    Parameters
    ----------
    change
        The output of :func:`period_change`, sorted by ``net_change``.

    Returns
    -------
    pandas.DataFrame
        The rising rows, then the falling ones, each row once. Rows whose
        revenue did not change are left out.
    """
    rises = change[change["net_change"] > 0].head(top)
    falls = change[change["net_change"] < 0].tail(top)
    return pd.concat([rises, falls]).reset_index(drop=True)
