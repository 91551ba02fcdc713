"""One row per customer: purchase days, revenue, recency and frequency class.

Definitions, shared by every question:

- A purchase day is a calendar day on which the customer's net amount is positive.
- The customer base is every customer with at least one purchase day.
- Recency is ``as_of`` minus the last purchase day, in days.
- A customer whose lines never net to a positive day has no purchase day. Such a
  customer stays outside the base, and their recency counts from their last line.
- The frequency class comes from the median gap in days between consecutive purchase
  days; a single purchase day makes a one-time buyer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import ibis
import ibis.expr.types as ir
import pandas as pd

from ..engine import as_table, end_of
from ..model import DEFAULT_FREQUENCY_DAYS

NO_PURCHASE = "no purchase"


def attributed_lines(orders: ir.Table | pd.DataFrame, *, as_of: dt.date) -> ir.Table:
    """Return order lines up to ``as_of`` that name a customer, with their day."""
    table = as_table(orders)
    table = table.filter(
        table.customer_id.notnull(),
        table.order_date.notnull(),
        table.order_date < end_of(as_of),
    )
    return table.mutate(day=table.order_date.date())


def purchase_days(orders: ir.Table | pd.DataFrame, *, as_of: dt.date) -> ir.Table:
    """Return each customer's purchase days with the net amount of the day.

    Parameters
    ----------
    orders
        Canonical order lines.
    as_of
        The inclusive last day of the analysis.

    Returns
    -------
    ibis.expr.types.Table
        Columns ``customer_id``, ``day``, ``net``, ``gap_days`` (days since the
        customer's previous purchase day, null on the first one) and ``number``
        (0 for the customer's first purchase day, 1 for the second, ...).
    """
    lines = attributed_lines(orders, as_of=as_of)
    daily = lines.group_by(["customer_id", "day"]).agg(net=lines.amount.sum())
    # A purchase and its credit note on one day sum to a float residue such as
    # 1e-13, not to 0, so the day's net is compared to zero in whole cents.
    bought = daily.filter(daily.net.round(2) > 0)
    window = ibis.window(group_by=bought.customer_id, order_by=bought.day)
    previous = bought.day.lag().over(window)
    return bought.mutate(
        gap_days=bought.day.delta(previous, unit="day"),
        number=ibis.row_number().over(window),
    )


def customer_table(
    orders: ir.Table | pd.DataFrame,
    *,
    as_of: dt.date,
    cold_after_days: int = 365,
    frequency_days: Mapping[str, int] | None = None,
) -> ir.Table:
    """Summarise every customer who has at least one order line up to ``as_of``.

    Parameters
    ----------
    orders
        Canonical order lines; lines without a customer id are left out.
    as_of
        The inclusive last day of the analysis.
    cold_after_days
        A customer whose recency exceeds this many days is cold.
    frequency_days
        Upper bounds of the median gap for ``monthly``, ``quarterly``,
        ``half-yearly`` and ``yearly``; above the last bound a customer is
        ``occasional``.

    Returns
    -------
    ibis.expr.types.Table
        One row per customer: ``customer_id``, ``orders`` (distinct orders whose net
        is not negative), ``purchase_days``, ``first_purchase``, ``last_purchase``,
        ``second_purchase`` (null for one-time buyers), ``revenue`` (net, returns
        included), ``recency_days``, ``median_gap_days``, ``frequency_class``,
        ``in_base`` and ``cold``.
    """
    lines = attributed_lines(orders, as_of=as_of)
    days = purchase_days(orders, as_of=as_of)

    spend = lines.group_by("customer_id").agg(
        revenue=lines.amount.sum(), last_activity=lines.day.max()
    )
    visits = days.group_by("customer_id").agg(
        purchase_days=days.day.count(),
        first_purchase=days.day.min(),
        last_purchase=days.day.max(),
        second_purchase=days.day.min(where=days.number == 1),
        median_gap_days=days.gap_days.median(),
    )
    joined = spend.left_join(visits, "customer_id").drop("customer_id_right")
    joined = joined.left_join(_order_counts(lines), "customer_id").drop(
        "customer_id_right"
    )

    last_day = joined.last_purchase.coalesce(joined.last_activity)
    recency = ibis.literal(as_of).delta(last_day, unit="day")
    table = joined.mutate(
        purchase_days=joined.purchase_days.coalesce(0),
        orders=joined.orders.coalesce(0),
        recency_days=recency,
        in_base=joined.purchase_days.coalesce(0) > 0,
    )
    table = table.mutate(
        frequency_class=_frequency_class(table, frequency_days),
        cold=recency > cold_after_days,
    )
    return table.drop("last_activity")


def _order_counts(lines: ir.Table) -> ir.Table:
    """Count each customer's orders whose net amount is not negative."""
    key = lines.order_id.coalesce(lines.day.cast("string"))
    keyed = lines.mutate(order_key=key)
    per_order = keyed.group_by(["customer_id", "order_key"]).agg(net=keyed.amount.sum())
    kept = per_order.filter(per_order.net >= 0)
    return kept.group_by("customer_id").agg(orders=kept.order_key.count())


def _frequency_class(
    table: ir.Table, frequency_days: Mapping[str, int] | None
) -> ir.Value:
    bounds = {**DEFAULT_FREQUENCY_DAYS, **(frequency_days or {})}
    gap = table.median_gap_days
    cases = [(table.purchase_days == 0, NO_PURCHASE)]
    cases.append((table.purchase_days == 1, "one-time"))
    cases.extend((gap <= bound, name) for name, bound in bounds.items())
    return ibis.cases(*cases, else_="occasional")


def revenue_total(orders: ir.Table | pd.DataFrame, *, as_of: dt.date) -> float:
    """Return the net revenue of all lines up to ``as_of``, unattributed included."""
    table = as_table(orders)
    table = table.filter(table.order_date < end_of(as_of))
    return _money(table.amount.sum().execute())


def unattributed(
    orders: ir.Table | pd.DataFrame, *, as_of: dt.date
) -> dict[str, float]:
    """Return the lines, revenue and revenue share of lines without a customer."""
    table = as_table(orders)
    table = table.filter(table.order_date < end_of(as_of))
    missing = table.customer_id.isnull()
    result = table.aggregate(
        lines=table.count(),
        revenue=table.amount.sum(),
        unattributed_lines=missing.sum(),
        unattributed_revenue=(missing.ifelse(table.amount, 0)).sum(),
    ).execute()
    row = result.iloc[0]
    revenue = _money(row["revenue"])
    lost = _money(row["unattributed_revenue"])
    return {
        "lines": int(row["lines"]),
        "unattributed_lines": int(row["unattributed_lines"] or 0),
        "revenue": revenue,
        "unattributed_revenue": lost,
        "unattributed_share": round(lost / revenue, 4) if revenue else 0.0,
    }


def _money(value: Any) -> float:
    """Round an amount to the cent; a missing sum is zero."""
    if value is None or pd.isna(value):
        return 0.0
    return round(float(value), 2)
