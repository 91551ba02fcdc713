"""When customers last bought: recency ranges, cold customers, whom to reactivate."""

from __future__ import annotations

import ibis
import ibis.expr.types as ir
import pandas as pd

RECENCY_BINS: tuple[tuple[str, int], ...] = (
    ("0-30", 30),
    ("31-90", 90),
    ("91-180", 180),
    ("181-365", 365),
    ("366-730", 730),
)
RECENCY_LAST_BIN = "over 730"
REACTIVATION_COLUMNS = [
    "customer_id",
    "last_purchase",
    "recency_days",
    "purchase_days",
    "revenue",
]


def recency_distribution(customers: ir.Table) -> pd.DataFrame:
    """Count customers of the base and their revenue by range of recency days.

    Parameters
    ----------
    customers
        The output of :func:`~portfolio.analysis.customers.customer_table`.

    Returns
    -------
    pandas.DataFrame
        Columns ``recency_days`` (range label, in order), ``customers``, ``revenue``.
    """
    base = customers.filter(customers.in_base)
    cases = [(base.recency_days <= bound, label) for label, bound in RECENCY_BINS]
    labelled = base.mutate(recency_range=ibis.cases(*cases, else_=RECENCY_LAST_BIN))
    grouped = labelled.group_by("recency_range").agg(
        customers=labelled.count(), revenue=labelled.revenue.sum()
    )
    order = [label for label, _ in RECENCY_BINS] + [RECENCY_LAST_BIN]
    counts = grouped.execute().set_index("recency_range").reindex(order).fillna(0)
    counts["customers"] = counts["customers"].astype(int)
    counts["revenue"] = counts["revenue"].astype(float).round(2)
    return counts.rename_axis("recency_days").reset_index()


def cold_summary(customers: ir.Table) -> dict[str, float | int | None]:
    """Return the size of the base, the cold customers and their lifetime revenue.

    Returns
    -------
    dict
        ``customers``, ``cold_customers``, ``cold_share`` (of the base, 4 decimals),
        ``cold_revenue`` (what cold customers brought over their lifetime) and
        ``median_recency_days`` (over the base, None when the base is empty).
    """
    base = customers.filter(customers.in_base)
    row = (
        base.aggregate(
            customers=base.count(),
            cold_customers=base.cold.sum(),
            cold_revenue=base.cold.ifelse(base.revenue, 0).sum(),
            median_recency_days=base.recency_days.median(),
        )
        .execute()
        .iloc[0]
    )
    total = int(row["customers"])
    cold = int(row["cold_customers"] or 0)
    median = row["median_recency_days"]
    return {
        "customers": total,
        "cold_customers": cold,
        "cold_share": round(cold / total, 4) if total else 0.0,
        "cold_revenue": round(float(row["cold_revenue"] or 0.0), 2),
        "median_recency_days": None if pd.isna(median) else float(median),
    }


def reactivation_list(
    customers: ir.Table, *, records: ir.Table | None = None
) -> pd.DataFrame:
    """List the cold customers of the base, by lifetime revenue, highest first.

    Parameters
    ----------
    customers
        The output of :func:`~portfolio.analysis.customers.customer_table`.
    records
        The canonical customers table; when given, each customer's ``name`` and
        account owner (``sales_rep``) are added so that the list can be called.

    Returns
    -------
    pandas.DataFrame
        Columns ``customer_id``, ``last_purchase``, ``recency_days``,
        ``purchase_days`` and ``revenue`` (lifetime, net), then ``name`` and
        ``sales_rep`` when ``records`` is given.
    """
    cold = customers.filter(customers.in_base, customers.cold)
    columns = [cold[name] for name in REACTIVATION_COLUMNS]
    if records is not None:
        contacts = records.select("customer_id", "name", "sales_rep")
        cold = cold.left_join(contacts, "customer_id")
        columns = [cold[name] for name in REACTIVATION_COLUMNS]
        columns += [cold.name, cold.sales_rep]
    ordered = cold.select(columns).order_by([ibis.desc("revenue"), "customer_id"])
    frame = ordered.execute()
    frame["revenue"] = frame["revenue"].round(2)
    return frame
