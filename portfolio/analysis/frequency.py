"""How often customers buy: frequency classes, gaps, recurring buyers."""

from __future__ import annotations

import datetime as dt

import ibis
import ibis.expr.types as ir
import pandas as pd

from ..engine import as_table, end_of
from ..model import FREQUENCY_CLASSES, UNATTRIBUTED
from .customers import NO_PURCHASE, purchase_days

GAP_BINS: tuple[tuple[str, int], ...] = (
    ("1-7", 7),
    ("8-30", 30),
    ("31-61", 61),
    ("62-137", 137),
    ("138-274", 274),
    ("275-548", 548),
)
GAP_LAST_BIN = "over 548"


def frequency_mix(
    customers: ir.Table, orders: ir.Table | pd.DataFrame, *, as_of: dt.date
) -> pd.DataFrame:
    """Count customers and revenue per frequency class.

    Parameters
    ----------
    customers
        The output of :func:`~portfolio.analysis.customers.customer_table`.
    orders
        The same order lines, to add the revenue of lines without a customer.
    as_of
        The inclusive last day of the analysis.

    Returns
    -------
    pandas.DataFrame
        One row per class in a fixed order (the six classes, then customers without
        a purchase day and unattributed lines), with ``customers``, ``revenue``,
        ``customer_share`` (of the customer base) and ``revenue_share`` (of all
        revenue). The revenue column adds up to the total revenue.
    """
    grouped = customers.group_by("frequency_class").agg(
        customers=customers.count(), revenue=customers.revenue.sum()
    )
    mix = grouped.execute().set_index("frequency_class")
    mix = mix.reindex([*FREQUENCY_CLASSES, NO_PURCHASE]).fillna(0)

    table = as_table(orders)
    loose = table.filter(table.customer_id.isnull(), table.order_date < end_of(as_of))
    loose_revenue = loose.amount.sum().execute()
    mix.loc[UNATTRIBUTED] = [0, 0.0 if pd.isna(loose_revenue) else loose_revenue]

    mix["customers"] = mix["customers"].astype(int)
    mix["revenue"] = mix["revenue"].astype(float).round(2)
    base = mix.loc[list(FREQUENCY_CLASSES), "customers"].sum()
    total = mix["revenue"].sum()
    mix["customer_share"] = (mix["customers"] / base).round(4) if base else 0.0
    mix.loc[[NO_PURCHASE, UNATTRIBUTED], "customer_share"] = float("nan")
    mix["revenue_share"] = (mix["revenue"] / total).round(4) if total else 0.0
    return mix.rename_axis("frequency_class").reset_index()


def gap_distribution(
    orders: ir.Table | pd.DataFrame, *, as_of: dt.date
) -> pd.DataFrame:
    """Count the gaps between consecutive purchase days of a customer, by range.

    Returns
    -------
    pandas.DataFrame
        Columns ``gap_days`` (range label, in order) and ``gaps`` (count).
    """
    days = purchase_days(orders, as_of=as_of)
    gaps = days.filter(days.gap_days.notnull())
    cases = [(gaps.gap_days <= bound, label) for label, bound in GAP_BINS]
    labelled = gaps.mutate(gap_range=ibis.cases(*cases, else_=GAP_LAST_BIN))
    counts = labelled.group_by("gap_range").agg(gaps=labelled.count()).execute()
    order = [label for label, _ in GAP_BINS] + [GAP_LAST_BIN]
    counts = counts.set_index("gap_range").reindex(order).fillna(0).astype(int)
    return counts.rename_axis("gap_days").reset_index()


def median_gap(orders: ir.Table | pd.DataFrame, *, as_of: dt.date) -> float | None:
    """Return the median gap in days over all consecutive purchase days."""
    days = purchase_days(orders, as_of=as_of)
    value = days.gap_days.median().execute()
    return None if value is None or pd.isna(value) else float(value)


def second_purchase_delay(customers: ir.Table) -> dict[str, float | int | None]:
    """Measure how long repeat buyers took to come back after their first purchase.

    Returns
    -------
    dict
        ``repeat_customers`` (customers with a second purchase day) and
        ``median_days`` from the first to the second purchase day (None without
        repeat buyers).
    """
    repeat = customers.filter(customers.second_purchase.notnull())
    delay = repeat.second_purchase.delta(repeat.first_purchase, unit="day")
    row = repeat.aggregate(count=repeat.count(), median=delay.median()).execute()
    count = int(row["count"].iloc[0])
    median = row["median"].iloc[0]
    return {
        "repeat_customers": count,
        "median_days": None if count == 0 or pd.isna(median) else float(median),
    }


def recurring_customers(customers: ir.Table, *, top: int = 20) -> pd.DataFrame:
    """List the active monthly and quarterly buyers who bring the most revenue.

    Cold customers are left out: they belong on the reactivation list.

    Returns
    -------
    pandas.DataFrame
        Up to ``top`` rows with ``customer_id``, ``frequency_class``,
        ``purchase_days``, ``median_gap_days``, ``revenue`` and ``recency_days``,
        by revenue, then customer id.
    """
    recurring = customers.filter(
        customers.frequency_class.isin(["monthly", "quarterly"]), ~customers.cold
    )
    columns = [
        "customer_id",
        "frequency_class",
        "purchase_days",
        "median_gap_days",
        "revenue",
        "recency_days",
    ]
    ordered = recurring.order_by([ibis.desc("revenue"), "customer_id"])
    return ordered.select(columns).limit(top).execute()
